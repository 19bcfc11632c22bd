package kafkaefs_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/kafka-efs/kafka-efs/constructs/kafkaefs"
)

// exampleConfig is the smallest Config of docs/reuse.md: a non-production file system
// whose policy admits the EFS CSI driver's node role of the cluster that serves it (the
// driver's roles are the cluster's: package efscsidriver).
func exampleConfig() kafkaefs.Config {
	return kafkaefs.Config{
		ProjectName:            "payments",
		Environment:            "dev",
		VpcID:                  "vpc-0123456789abcdef0",
		PrivateSubnetIDs:       []string{"subnet-0123456789abcdef0", "subnet-0fedcba9876543210"},
		EksNodeSecurityGroupID: "sg-0123456789abcdef0",
		NodeRoleArn:            "arn:aws:iam::123456789012:role/payments-eks-efs-csi-node",
		EnableEncryption:       true,
	}
}

// ExampleNew adds a KafkaEfs to a stack of another cdktf Go app (docs/reuse.md). It has no
// Output comment: go test compiles it, never runs it (running it starts the jsii kernel);
// TestExampleConfigIsValid checks its Config.
func ExampleNew() {
	defer jsii.Close()
	app := cdktf.NewApp(nil)
	stack := cdktf.NewTerraformStack(app, jsii.String("payments-dev"))
	// The caller brings the AWS provider (region, default tags) and, if it wants one, the backend.
	provider.NewAwsProvider(stack, jsii.String("aws"), &provider.AwsProviderConfig{Region: jsii.String("eu-west-1")})
	efs, err := kafkaefs.New(stack, "kafka-efs", exampleConfig())
	if err != nil {
		fmt.Fprintln(os.Stderr, err) // every problem of the Config, one per line
		os.Exit(1)
	}
	// The typed handles reference the resources from the caller's own constructs.
	cdktf.NewTerraformOutput(stack, jsii.String("payments_efs_id"), &cdktf.TerraformOutputConfig{Value: efs.FileSystem.Id()})
	app.Synth()
}

// TestExampleConfigIsValid keeps ExampleNew's Config, and so docs/reuse.md, valid.
func TestExampleConfigIsValid(t *testing.T) {
	if err := exampleConfig().Validate(); err != nil {
		t.Fatalf("the Config of ExampleNew and docs/reuse.md is invalid:\n%v", err)
	}
}
