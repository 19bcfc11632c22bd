// Command kafka-efs synthesizes the Terraform JSON of every cluster stack (cluster-dev,
// cluster-prod: the EFS CSI driver's identities and add-ons, except for the clusters of
// the existingDriver setting) and every file system stack (dev, prod,
// prod-high-performance) into cdktf.out/, or $CDKTF_OUTDIR when set. `cdktf synth` runs
// it; so does `go run .`.
//
// The settings (project, region, state bucket, ...) are the "context" object of
// cdktf.json, found in the working folder or above it; a KAFKA_EFS_* variable overrides
// one for one run (stacks.LoadSettings, docs/configuration.md).
//
// On an invalid configuration it prints every problem, one per line naming the setting,
// or the stack and the field, and exits 1 before building any stack or writing anything:
// an earlier cdktf.out/ is left as it was. A key of the context that is no setting, and a
// KAFKA_EFS_* variable that is neither a setting nor a tool's (stacks.ToolVariables), are
// such problems, each naming the closest known name.
//
// A production stack synthesized without a state bucket keeps local state: the run still
// succeeds, with one warning line on stderr naming the setting. A successful run ends
// with the summary on stdout: one line per setting a variable overrode (the setting, its
// value, the variable and what it replaced), then one line per stack: its name, number of
// resource blocks (a block with for_each makes one resource per element) and folder.
//
// Under `cdktf synth --hcl` (the CLI sets SYNTH_HCL_OUTPUT=true for the app) each stack is
// written as HCL, cdktf.out/stacks/<stack>/cdk.tf, instead of cdk.tf.json; the summary
// reads whichever the manifest names (docs/leaving-cdktf.md).
//
// A run leaves exactly its own stacks under cdktf.out/stacks/, in the format of this run:
// it removes the folder of a stack it did not write (the cdktf CLI does that itself) and
// the other format's file beside a stack's; each stack's .terraform.lock.hcl stays.
package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/kafka-efs/kafka-efs/stacks"
)

func main() { os.Exit(run()) }

// run synthesizes every stack and returns the exit code; deferred calls, jsii.Close among
// them, run before main exits.
func run() int {
	// Close stops the Node.js child that jsii starts and removes its temporary folder,
	// which the bindings unpack while initializing, before main: so on every path.
	defer jsii.Close()
	// The settings come from cdktf.json's context, overridden by KAFKA_EFS_* variables;
	// a name that is no setting is refused with the rest, before anything is built.
	settings, err := stacks.LoadSettings(".", os.Environ())
	envs := stacks.Environments()
	if err := errors.Join(err, stacks.Check(envs, settings)); err != nil {
		fmt.Fprintf(os.Stderr, "kafka-efs: invalid configuration, nothing synthesized:\n%v\n", err)
		return 1
	}

	if w := stacks.LocalStateWarning(stacks.Clusters(), envs, settings); w != "" {
		fmt.Fprintln(os.Stderr, w)
	}

	app := cdktf.NewApp(nil)
	// Local state lives in the folder that holds the output folder (LocalStatePath).
	for _, w := range stacks.LegacyStateWarnings(filepath.Dir(*app.Outdir()), stacks.Clusters(), envs, settings) {
		fmt.Fprintln(os.Stderr, w)
	}
	clusters := stacks.Clusters()
	for _, c := range stacks.ClusterStacks(clusters, settings) {
		if _, err := stacks.NewCluster(app, c, settings); err != nil {
			fmt.Fprintf(os.Stderr, "kafka-efs: invalid configuration, nothing synthesized:\n%v\n", err)
			return 1
		}
	}
	for _, env := range envs {
		if _, err := stacks.New(app, env, settings); err != nil {
			fmt.Fprintf(os.Stderr, "kafka-efs: invalid configuration, nothing synthesized:\n%v\n", err)
			return 1
		}
	}
	app.Synth()
	// cdktf adds files but removes none: drop the other format's file beside each stack's,
	// and the folders of stacks this run did not write, unless the CLI runs the app: it
	// removes those itself (stacks.PruneOutdir).
	if _, err := stacks.PruneOutdir(*app.Outdir(), !stacks.UnderCdktfCLI(os.Getenv)); err != nil {
		fmt.Fprintf(os.Stderr, "kafka-efs: synthesized, but cannot remove stale stacks from %s: %v\n", *app.Outdir(), err)
		return 1
	}
	report, err := stacks.SynthReport(*app.Outdir(), stacks.StackNames(clusters, envs, settings))
	if err != nil {
		fmt.Fprintf(os.Stderr, "kafka-efs: synthesized, but cannot read the result back: %v\n", err)
		return 1
	}
	for _, line := range append(settings.Overrides(), report...) {
		fmt.Println(line)
	}
	return 0
}
