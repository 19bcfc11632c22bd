// Command floor is the benchmark's reference point: the least a cdktf Go app that uses the
// prebuilt AWS provider bindings can do. It starts the jsii kernel, loads the same AWS
// assembly as kafka-efs, and synthesizes one EFS file system in each of $BENCH_STACKS
// stacks (default 5, the app's count: two cluster stacks and three file system stacks)
// into $CDKTF_OUTDIR (the App reads it itself).
//
// Whatever kafka-efs costs above this program is the app's own doing; the rest is the
// price of cdktf, jsii and the AWS bindings, which no change to the app can remove.
package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsfilesystem"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

func main() {
	n, err := stackCount()
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(2)
	}
	synth(n)
}

// stackCount reads $BENCH_STACKS, which the benchmark sets to the number of stacks the app
// wrote, so that both programs synthesize as many stacks.
func stackCount() (int, error) {
	s := os.Getenv("BENCH_STACKS")
	if s == "" {
		return 5, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("BENCH_STACKS = %q: want a positive integer", s)
	}
	return n, nil
}

// synth builds n stacks of one provider and one file system each and synthesizes them.
// jsii.Close stops the Node.js kernel and removes its runtime folder from the temp dir, as
// the app does.
func synth(n int) {
	defer jsii.Close()
	app := cdktf.NewApp(nil)
	for i := range n {
		stack := cdktf.NewTerraformStack(app, jsii.String(fmt.Sprintf("floor-%d", i)))
		provider.NewAwsProvider(stack, jsii.String("aws"), &provider.AwsProviderConfig{
			Region: jsii.String("us-east-1"),
		})
		efsfilesystem.NewEfsFileSystem(stack, jsii.String("efs"), &efsfilesystem.EfsFileSystemConfig{
			Encrypted: jsii.Bool(true),
		})
	}
	app.Synth()
}
