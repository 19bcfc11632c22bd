package kafkaefs_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
	"github.com/stretchr/testify/assert"

	"github.com/kafka-efs/kafka-efs/constructs/kafkaefs"
)

// The code between "// docs/reuse.md: <name>" and "// docs/reuse.md: end" is the Go
// block of docs/reuse.md that follows <!-- example_test.go: <name> -->, as it is:
// TestReuseExamplesMatchCode (internal/doclinks) compares them, and TestReuseExamples
// (synth_test.go) synthesizes both stacks and checks what they hold.

// docs/reuse.md: newDevStack

// newDevStack adds a stack with one KafkaEfs whose inputs are literals, and writes its
// outputs under the names this repository's stacks use (file_system_id, ...).
func newDevStack(app cdktf.App) error {
	stack := cdktf.NewTerraformStack(app, jsii.String("payments-dev"))
	// The caller brings the AWS provider (region, default tags) and, if it wants one, the backend.
	provider.NewAwsProvider(stack, jsii.String("aws"), &provider.AwsProviderConfig{Region: jsii.String("eu-west-1")})
	efs, err := kafkaefs.New(stack, "kafka-efs", kafkaefs.Config{
		ProjectName:            "payments",
		Environment:            "dev",
		VpcID:                  "vpc-0123456789abcdef0",
		PrivateSubnetIDs:       []string{"subnet-0123456789abcdef0", "subnet-0fedcba9876543210"},
		EksNodeSecurityGroupID: "sg-0123456789abcdef0",
		// The cluster's EFS CSI node role: the file system policy admits it through
		// access points only. Without it (and without ClientRoleArns) New refuses the
		// Config unless AllowAnyPrincipal is true.
		NodeRoleArn:      "arn:aws:iam::123456789012:role/payments-eks-efs-csi-node",
		EnableEncryption: true,
	})
	if err != nil {
		return err // every problem of the Config, one per line
	}
	return kafkaefs.WriteOutputs(stack, efs.Outputs(), nil)
}

// docs/reuse.md: end

// docs/reuse.md: newSharedStack

// newSharedStack adds a stack with two KafkaEfs, orders and audit, whose network and
// roles are Terraform variables known at deploy time. Each writes its outputs with a
// prefix of its own: orders_file_system_id, audit_file_system_id, ...
func newSharedStack(app cdktf.App) error {
	stack := cdktf.NewTerraformStack(app, jsii.String("payments-shared"))
	provider.NewAwsProvider(stack, jsii.String("aws"), &provider.AwsProviderConfig{Region: jsii.String("eu-west-1")})
	// The bindings require exactly the provider they were generated from (5.99.1); accept
	// the later 5.x releases, whose schema they still fit.
	stack.AddOverride(jsii.String("terraform.required_providers.aws.version"), jsii.String(">= 5.99.1, < 6.0.0"))
	variable := func(name, typ string) cdktf.TerraformVariable {
		return cdktf.NewTerraformVariable(stack, jsii.String(name), &cdktf.TerraformVariableConfig{Type: jsii.String(typ)})
	}
	vpc := variable("vpc_id", "string")
	subnets := variable("private_subnet_ids", "list(string)")
	nodes := variable("eks_node_security_group_id", "string")
	nodeRole := variable("efs_csi_node_role_arn", "string")
	clients := variable("efs_client_role_arns", "list(string)")
	alarms := variable("alarm_actions", "list(string)")

	for _, env := range []string{"orders", "audit"} {
		efs, err := kafkaefs.New(stack, env, kafkaefs.Config{
			ProjectName: "payments",
			Environment: env, // one name per KafkaEfs: the creation token is payments-<env>-efs
			VpcID:       *vpc.StringValue(),
			// A list token is the list's only element: kafkaefs.List keeps it so.
			PrivateSubnetIDs:       kafkaefs.List(subnets.ListValue()),
			EksNodeSecurityGroupID: *nodes.StringValue(),
			NodeRoleArn:            *nodeRole.StringValue(),
			ClientRoleArns:         kafkaefs.List(clients.ListValue()),
			EnableEncryption:       true,
			CreateCloudwatchAlarms: true,
			AlarmActions:           kafkaefs.List(alarms.ListValue()),
			DisableDashboard:       env == "audit", // one dashboard is enough here
		})
		if err != nil {
			return err
		}
		prefix := func(name string) string { return env + "_" + name }
		if err := kafkaefs.WriteOutputs(stack, efs.Outputs(), prefix); err != nil {
			return err
		}
	}
	return nil
}

// docs/reuse.md: end

// ExampleNew adds a KafkaEfs to a stack of another cdktf Go app (docs/reuse.md). It has no
// Output comment: go test compiles it, never runs it (running it starts the jsii kernel);
// TestReuseExamples synthesizes newDevStack.
func ExampleNew() {
	defer jsii.Close()
	app := cdktf.NewApp(nil)
	if err := newDevStack(app); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	app.Synth()
}

// ExampleWriteOutputs puts two KafkaEfs in one stack, each with outputs of its own
// (docs/reuse.md); TestReuseExamples synthesizes newSharedStack.
func ExampleWriteOutputs() {
	defer jsii.Close()
	app := cdktf.NewApp(nil)
	if err := newSharedStack(app); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	app.Synth()
}

// TestList: a literal list comes back element by element, a list token as its one
// element, nil as nil.
func TestList(t *testing.T) {
	assert.Nil(t, kafkaefs.List(nil))
	assert.Equal(t, []string{"subnet-1a2b3c4d", "subnet-5e6f7a8b"}, kafkaefs.List(jsii.Strings("subnet-1a2b3c4d", "subnet-5e6f7a8b")))
	assert.Equal(t, []string{"#{TfToken[TOKEN.3]}"}, kafkaefs.List(jsii.Strings("#{TfToken[TOKEN.3]}")))
	assert.Equal(t, []string{}, kafkaefs.List(&[]*string{}))
}
