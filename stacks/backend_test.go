package stacks

import (
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// backendCases are remote-state settings, each synthesized into a bare stack (a backend
// and nothing else, so it costs the kernel almost nothing) by synthesizeBackends.
var backendCases = []struct {
	name     string
	env      string
	settings Settings
	want     map[string]any
}{
	{
		name: "prod-s3-lockfile", env: "prod",
		settings: Settings{ProjectName: "confluent-kafka", Region: "us-east-1", StateBucket: "acme-tfstate", StateRegion: "eu-west-1"},
		want: map[string]any{"s3": map[string]any{
			"bucket": "acme-tfstate", "key": "confluent-kafka/prod/terraform.tfstate",
			"region": "eu-west-1", "encrypt": true, "use_lockfile": true,
		}},
	},
	{
		name: "prod-s3-dynamodb", env: "prod-high-performance",
		settings: Settings{ProjectName: "confluent-kafka", Region: "us-east-1", StateBucket: "acme-tfstate", StateRegion: "us-east-1", StateLockTable: "tf-locks"},
		want: map[string]any{"s3": map[string]any{
			"bucket": "acme-tfstate", "key": "confluent-kafka/prod-high-performance/terraform.tfstate",
			"region": "us-east-1", "encrypt": true, "dynamodb_table": "tf-locks",
		}},
	},
	{
		// dev keeps local state even when a bucket is configured.
		name: "dev-with-bucket", env: "dev",
		settings: Settings{ProjectName: "confluent-kafka", Region: "us-east-1", StateBucket: "acme-tfstate", StateRegion: "us-east-1"},
		want:     map[string]any{"local": map[string]any{"path": "../../../terraform.confluent-kafka.dev.tfstate"}},
	},
	{
		// Another project's state is another file and another key: changing the project
		// never plans against, nor replaces, this one's resources.
		name: "dev-other-project", env: "dev",
		settings: Settings{ProjectName: "acme", Region: "us-east-1"},
		want:     map[string]any{"local": map[string]any{"path": "../../../terraform.acme.dev.tfstate"}},
	},
	{
		name: "prod-other-project-local", env: "prod",
		settings: Settings{ProjectName: "acme", Region: "us-east-1"},
		want:     map[string]any{"local": map[string]any{"path": "../../../terraform.acme.prod.tfstate"}},
	},
	{
		name: "prod-other-project-s3", env: "prod",
		settings: Settings{ProjectName: "acme", Region: "us-east-1", StateBucket: "acme-tfstate", StateRegion: "us-east-1"},
		want: map[string]any{"s3": map[string]any{
			"bucket": "acme-tfstate", "key": "acme/prod/terraform.tfstate",
			"region": "us-east-1", "encrypt": true, "use_lockfile": true,
		}},
	},
}

var synthesizedBackends = map[string]map[string]any{}

func synthesizeBackends(app cdktf.App) {
	envs := map[string]Environment{}
	for _, e := range Environments() {
		envs[e.Stack] = e
	}
	for _, c := range backendCases {
		stack := cdktf.NewTerraformStack(app, jsii.String("backend-"+c.name))
		addBackend(stack, c.env, usesLocalState(envs[c.env], c.settings), c.settings)
		_, parsed := synth(stack)
		synthesizedBackends[c.name] = parsed.block("terraform", "backend")
	}
}

func TestBackends(t *testing.T) {
	for _, c := range backendCases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, synthesizedBackends[c.name])
		})
	}
}

// TestDefaultBackendIsLocal checks the stacks as main synthesizes them without a state
// bucket: every stack, cluster stacks included, keeps its state at the project root in a
// file named by project and stack.
func TestDefaultBackendIsLocal(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		require.Equal(t, map[string]any{"local": map[string]any{"path": "../../../terraform.confluent-kafka." + name + ".tfstate"}},
			s.block("terraform", "backend"))
	})
	for name, s := range synthesizedClusters {
		require.Equal(t, map[string]any{"local": map[string]any{"path": "../../../terraform.confluent-kafka." + name + ".tfstate"}},
			s.block("terraform", "backend"), name)
	}
	require.NotEmpty(t, synthesizedClusters)
}
