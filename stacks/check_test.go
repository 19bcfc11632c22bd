package stacks

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafka-efs/kafka-efs/constructs/kafkaefs"
)

// TestCheckNamesTheKnobThatFixesAFilledField: an error on a Config field the stack fills in
// names what a user of this app sets instead (an Environment field, a KAFKA_EFS_* variable),
// in one line with the stack; errors on fields the user sets in Config are left as they are.
func TestCheckNamesTheKnobThatFixesAFilledField(t *testing.T) {
	settings := Settings{ProjectName: DefaultProjectName, Region: "us-east-1"}
	base := environment(t, "prod") // alarms, a customer managed key, a backup copy
	for _, tc := range []struct {
		name     string
		change   func(*Environment, *Settings)
		want     string // the whole line
		unfilled bool
	}{
		{"alarms without a topic", func(e *Environment, _ *Settings) { e.AlarmTopic = "" },
			`stack prod: AlarmActions = "[]": required when CreateCloudwatchAlarms is true (an alarm without actions notifies nobody): add an SNS topic ARN or set CreateCloudwatchAlarms to false; ` +
				`the stack fills AlarmActions from Environment.AlarmTopic in stacks/environments.go (a name fills AlarmActions with the SNS topic the stack creates; empty leaves it empty): fix it there`, false},
		{"a topic without alarms", func(e *Environment, _ *Settings) { e.Config.CreateCloudwatchAlarms = false },
			"the stack fills AlarmActions from Environment.AlarmTopic in stacks/environments.go", false},
		{"a customer managed key without encryption", func(e *Environment, _ *Settings) { e.Config.EnableEncryption = false },
			"the stack fills KmsKeyID from Environment.CustomerManagedKey in stacks/environments.go (true fills KmsKeyID with the key the stack creates): fix it there", false},
		{"a bad project name", func(_ *Environment, s *Settings) { s.ProjectName = "Kafka" },
			`stack prod: ProjectName = "Kafka": `, false},
		{"a field the user sets", func(e *Environment, _ *Settings) { e.Config.Environment = "Prod" },
			`stack prod: Environment = "Prod": `, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env, s := base, settings
			tc.change(&env, &s)
			err := Check([]Environment{env}, s)
			require.Error(t, err)
			var line string
			for l := range strings.SplitSeq(err.Error(), "\n") {
				if strings.Contains(l, tc.want) {
					line = l
				}
			}
			require.NotEmpty(t, line, "no error line holds %q:\n%v", tc.want, err)
			if tc.unfilled {
				assert.NotContains(t, line, "the stack fills")
				return
			}
			assert.True(t, strings.HasPrefix(line, "stack prod: "), line)
			assert.Contains(t, line, "; the stack fills ")
			assert.True(t, strings.HasSuffix(line, ": fix it there"), line)
			if tc.name == "a bad project name" {
				assert.Contains(t, line, "the stack fills ProjectName from cdktf.json context.project (or KAFKA_EFS_PROJECT): fix it there")
			}
		})
	}
}

// TestNameKnobsReadsIndexedFields: an error on one element of a list the stack fills
// (PrivateSubnetIDs[1]) names the list's knob; other errors pass unchanged.
func TestNameKnobsReadsIndexedFields(t *testing.T) {
	err := nameKnobs(errors.Join(
		&kafkaefs.FieldError{Field: "PrivateSubnetIDs[1]", Value: "subnet-x", Allowed: "must be a subnet ID"},
		&kafkaefs.FieldError{Field: "ThroughputMode", Value: "fast", Allowed: "must be bursting, elastic or provisioned"},
	))
	lines := strings.Split(err.Error(), "\n")
	require.Len(t, lines, 2)
	assert.True(t, strings.HasSuffix(lines[0], "; the stack fills PrivateSubnetIDs from the Terraform variable private_subnet_ids: fix it there"), lines[0])
	assert.NotContains(t, lines[1], "the stack fills")
	assert.Nil(t, nameKnobs(nil))
}

// TestCheckGuidesANewEnvironment: the first mistakes of a new environment (a copy of dev
// under a name of its own, beside the shipped ones) each give one line naming the stack and
// the Environment field in stacks/environments.go that fixes it. The fixture's names are
// ones no entry of Environments() or Clusters() has, so a user's new environment (the
// docs' staging, say) never collides with it.
func TestCheckGuidesANewEnvironment(t *testing.T) {
	name := unusedName("fixture-new-env")
	noCluster := unusedName("fixture-no-cluster")
	production := unusedName("prod-fixture")
	var clusters []string
	for _, c := range Clusters() {
		clusters = append(clusters, c.Name)
	}
	listed := "(" + strings.Join(clusters, ", ") + ")"
	for _, tc := range []struct {
		name   string
		change func(*Environment)
		want   string // the start of the one line, after "stack <name>: "
		fix    string // what the line tells the user to set
	}{
		{"alarms without a topic", func(e *Environment) { e.Config.CreateCloudwatchAlarms = true },
			`AlarmActions = "[]": required when CreateCloudwatchAlarms is true`, "Environment.AlarmTopic in stacks/environments.go"},
		{"a topic without the stack's key", func(e *Environment) { e.Config.CreateCloudwatchAlarms, e.AlarmTopic = true, "alerts" },
			`AlarmTopic = "alerts": needs CustomerManagedKey`, "set CustomerManagedKey: true in stacks/environments.go"},
		{"no cluster", func(e *Environment) { e.Cluster = "" },
			`Cluster = "": must name one of the clusters in stacks/clusters.go`, listed},
		{"a cluster that does not exist", func(e *Environment) { e.Cluster = noCluster },
			fmt.Sprintf("Cluster = %q: must name one of the clusters in stacks/clusters.go", noCluster), listed},
		{"a copy without a plan", func(e *Environment) { e.CopyBackups = true },
			`CopyBackups = true: needs Config.BackupPlan`, "set a BackupPlan or CopyBackups: false"},
		{"production without backups", func(e *Environment) { e.Config.Environment = production },
			fmt.Sprintf(`EnableAutomaticBackups = "false": environment %q is production`, production), "set a BackupPlan"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := environment(t, "dev")
			env.Stack, env.Config.Environment = name, name
			tc.change(&env)
			err := Check(append(Environments(), env), testSettings)
			require.Error(t, err)
			lines := strings.Split(err.Error(), "\n")
			require.Len(t, lines, 1, "one problem, one line: %v", err)
			assert.True(t, strings.HasPrefix(lines[0], "stack "+name+": "+tc.want), lines[0])
			assert.Contains(t, lines[0], tc.fix)
		})
	}
}

// unusedName returns base, or base-2, base-3, ...: the first name that no entry of
// Environments() has as its Stack or Config.Environment and no cluster of Clusters() has
// (as its name or its stack's), for a fixture added beside the shipped stacks.
func unusedName(base string) string {
	taken := map[string]bool{}
	for _, c := range Clusters() {
		taken[c.Name], taken[c.Stack()] = true, true
	}
	for _, env := range Environments() {
		taken[env.Stack], taken[env.Config.Environment] = true, true
	}
	name := base
	for i := 2; taken[name]; i++ {
		name = fmt.Sprintf("%s-%d", base, i)
	}
	return name
}

func TestUnusedName(t *testing.T) {
	assert.Equal(t, "fixture-new-env", unusedName("fixture-new-env"))
	assert.Equal(t, "dev-2", unusedName("dev"), "an environment's name")
	assert.Equal(t, "cluster-prod-2", unusedName("cluster-prod"), "a cluster stack's name")
}
