package kafkaefs_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/backupplan"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/backuprestoretestingplan"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/backuprestoretestingselection"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/backupselection"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/backupvault"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/backupvaultlockconfiguration"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchdashboard"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchloggroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchmetricalarm"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsaccesspoint"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsbackuppolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsfilesystem"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsfilesystempolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsmounttarget"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsreplicationconfiguration"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrole"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrolepolicyattachmentsexclusive"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securitygroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcendpoint"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcsecuritygroupingressrule"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafka-efs/kafka-efs/constructs/kafkaefs"
	"github.com/kafka-efs/kafka-efs/internal/kafkaefstest"
	"github.com/kafka-efs/kafka-efs/internal/tfjson"
)

// This file tests, through the synthesized Terraform JSON, the variants of the kafkaefs
// construct that the environment stacks do not cover: literal IDs instead of variables,
// alarms in bursting mode, the file system policy with and without IAM authorization and
// switched off, the VPC endpoint, extra NFS sources and replication, Archive storage, a
// KMS alias, the production guardrail by environment name, a backup plan with every
// option set, the dashboard off, an invalid Config, a second KafkaEfs of one name in a
// stack, and the two stacks of docs/reuse.md (example_test.go): two KafkaEfs in one stack
// with outputs of their own, and list tokens.
//
// Every variant is its own stack in one Testing_App, built and synthesized once for the
// whole test binary, by the first test that reads a variant (synthesizeVariants): the
// package's other tests and its examples never start the jsii kernel (the pure tests
// live in package efs, whose test binary links no jsii at all). The benchmark decided that these tests live here, beside the construct
// (docs/design.md, "Where the tests live"). The variant stacks have no snapshots.

// Literal inputs of the variants.
const (
	variantVpcID       = "vpc-0123456789abcdef0"
	variantNodeSG      = "sg-0123456789abcdef0"
	variantAlarmTopic  = "arn:aws:sns:us-east-1:123456789012:alerts"
	variantKmsAliasArn = "arn:aws:kms:us-east-1:123456789012:alias/efs"
	variantCopyVault   = "arn:aws:backup:eu-west-1:123456789012:backup-vault:kafka-copy"
	variantNodeRole    = "arn:aws:iam::123456789012:role/kafka-dev-efs-csi-node"
)

var (
	variantSubnets      = []string{"subnet-0123456789abcdef0", "subnet-0fedcba9876543210"}
	variantThreeSubnets = []string{"subnet-0123456789abcdef0", "subnet-0fedcba9876543210", "subnet-1a2b3c4d"}
	variantExtraSGs     = []string{"sg-0aaaaaaaaaaaaaaaa", "sg-0bbbbbbbbbbbbbbbb"}
	variantClientRoles  = []string{
		"arn:aws:iam::123456789012:role/efs-csi-driver",
		"arn:aws:iam::123456789012:role/kafka/kafka-broker",
	}
	variantUserTags = map[string]string{"team": "data-platform", "cost-center": "cc-1234"}
)

// variantBaseConfig is a valid non-production Config with literal IDs, every access point
// and user tags; each variant changes what it is about.
func variantBaseConfig() kafkaefs.Config {
	return kafkaefs.Config{
		ProjectName:                   "kafka",
		Environment:                   "dev",
		VpcID:                         variantVpcID,
		PrivateSubnetIDs:              slices.Clone(variantSubnets),
		EksNodeSecurityGroupID:        variantNodeSG,
		EnableEncryption:              true,
		CreateKafkaBackupAccessPoint:  true,
		CreateKafkaConnectAccessPoint: true,
		CreateSharedLogsAccessPoint:   true,
		NodeRoleArn:                   variantNodeRole,
		Tags:                          maps.Clone(variantUserTags),
	}
}

// variantCases are the valid variants, by name.
var variantCases = map[string]func(c *kafkaefs.Config){
	// 1. Bursting throughput with alarms: all four alarms apply.
	"alarms-bursting": func(c *kafkaefs.Config) {
		c.ThroughputMode = kafkaefs.ThroughputBursting
		c.CreateCloudwatchAlarms = true
		c.AlarmActions = []string{variantAlarmTopic}
	},
	// 2. A literal list of three subnets.
	"literal-subnets": func(c *kafkaefs.Config) { c.PrivateSubnetIDs = slices.Clone(variantThreeSubnets) },
	// 3. No node role and no client roles: TLS is enforced, IAM authorization is off.
	"tls-only": func(c *kafkaefs.Config) { c.NodeRoleArn, c.AllowAnyPrincipal = "", true },
	// 4. No node role, two client roles: IAM authorization on, for those roles only.
	"iam-roles": func(c *kafkaefs.Config) {
		c.NodeRoleArn = ""
		c.ClientRoleArns = slices.Clone(variantClientRoles)
	},
	// 4b. The cluster's node role (the base), plus the client roles, in a namespace of
	// its own.
	"node-and-clients": func(c *kafkaefs.Config) {
		c.ClientRoleArns = slices.Clone(variantClientRoles)
		c.KubernetesNamespaceName = "streaming"
	},
	// 5. The file system policy switched off.
	"no-policy": func(c *kafkaefs.Config) { c.DisableFileSystemPolicy = true },
	// 6. VPC endpoint, extra NFS sources and a replica.
	"endpoint-replica": func(c *kafkaefs.Config) {
		c.CreateVpcEndpoint = true
		c.AdditionalSourceSecurityGroupIDs = slices.Clone(variantExtraSGs)
		c.ReplicationRegion = "us-west-2"
	},
	// 7. Archive storage: three transitions.
	"archive": func(c *kafkaefs.Config) {
		c.PerformanceMode = kafkaefs.PerformanceGeneralPurpose
		c.ThroughputMode = kafkaefs.ThroughputElastic
		c.TransitionToIA = "AFTER_30_DAYS"
		c.TransitionToArchive = "AFTER_90_DAYS"
		c.TransitionToPrimaryStorageClass = kafkaefs.TransitionOnFirstAccess
	},
	// 8. Encryption with a KMS alias ARN.
	"kms-alias": func(c *kafkaefs.Config) {
		c.EnableEncryption = true
		c.KmsKeyID = variantKmsAliasArn
	},
	// 5b. Neither dashboard nor alarms.
	"no-dashboard": func(c *kafkaefs.Config) { c.DisableDashboard = true },
	// 9. The production guardrail, decided by the environment name.
	"staging": func(c *kafkaefs.Config) { c.Environment = "staging" },
	// 11. maxIO with provisioned throughput and tuned alarms.
	"alarms-tuned": func(c *kafkaefs.Config) {
		c.PerformanceMode = kafkaefs.PerformanceMaxIO
		c.ThroughputMode = kafkaefs.ThroughputProvisioned
		c.ProvisionedThroughputInMibps = 100
		c.CreateCloudwatchAlarms = true
		c.AlarmActions = []string{variantAlarmTopic}
		c.ClientConnectionsAlarm = kafkaefs.AlarmTuning{Threshold: 300, PeriodSeconds: 900, EvaluationPeriods: 2}
		c.ThroughputUtilizationAlarm = kafkaefs.AlarmTuning{Threshold: 90, PeriodSeconds: 60, EvaluationPeriods: 10}
	},
	"prod-eu": func(c *kafkaefs.Config) {
		c.Environment = "prod-eu"
		c.EnableEncryption = true
		c.EnableAutomaticBackups = true
	},
	// 9b. A backup plan with every option set, a key alias (which a vault cannot take) and
	// a literal copy destination.
	"backup-custom": func(c *kafkaefs.Config) {
		c.Environment = "staging"
		c.KmsKeyID = variantKmsAliasArn
		c.BackupPlan = &kafkaefs.BackupPlan{
			Rules: []kafkaefs.BackupRule{
				{Name: "hourly", Schedule: "cron(15 * ? * * *)", StartWindowMinutes: 90, CompletionWindowMinutes: 180, DeleteAfterDays: 2},
				{Name: "yearly", Schedule: "cron(0 3 1 1 ? *)", DeleteAfterDays: 3650, ColdStorageAfterDays: 30},
			},
			Lock:                    kafkaefs.VaultLock{MinRetentionDays: 1, MaxRetentionDays: 3650, ChangeableForDays: 3},
			CopyDestinationVaultArn: variantCopyVault,
			RestoreTesting: kafkaefs.RestoreTesting{
				Schedule: "cron(0 9 ? * MON#1 *)", StartWindowHours: 6, SelectionWindowDays: 30, ValidationWindowHours: 2,
			},
		}
	},
}

// variantConfig returns the Config of a variant.
func variantConfig(name string) kafkaefs.Config {
	c := variantBaseConfig()
	variantCases[name](&c)
	return c
}

// variantInvalidVpcID breaks the invalid variant (10) in one field.
const variantInvalidVpcID = "vpc-nope"

// invalidVariant is what the invalid variant left behind.
type invalidVariant struct {
	efs           *kafkaefs.KafkaEfs
	err           error
	before, after int // children of the stack before and after kafkaefs.New
	after2        int // children of the stack after the refused WriteOutputs of variantWriteErrs
	doc           tfjson.Doc
}

var (
	variantsOnce   sync.Once
	variantsOutdir string                    // the Testing_App's output folder, removed by TestMain
	variantsErr    error                     // what stopped synthesizeVariants, if anything
	variantDocs    = map[string]tfjson.Doc{} // valid variants, by name
	// variantListTokens is the stack of variant 12b, whose Config has list tokens.
	variantListTokens tfjson.Doc
	// variantOutputs are the Outputs of each valid variant, by name.
	variantOutputs = map[string][]kafkaefs.Output{}
	variantInvalid invalidVariant
	// variantSameName is a second KafkaEfs of the same Config.Name() in a stack (no doc).
	variantSameName invalidVariant
	// variantRewrite is writing a KafkaEfs's outputs a second time under the same names.
	variantRewrite invalidVariant
	// variantWriteErrs are what WriteOutputs returned for names it must refuse, by case.
	variantWriteErrs map[string]error
	// reuseDocs are the stacks of docs/reuse.md (example_test.go), by stack name.
	reuseDocs = map[string]tfjson.Doc{}
)

// TestMain closes jsii before the binary exits, and removes the variants' output folder
// if a test synthesized them. The bindings this package imports unpack the jsii runtime
// into a jsii-runtime.* folder of the temp folder as the binary starts, kernel or not;
// only jsii.Close removes it.
func TestMain(m *testing.M) {
	code := m.Run()
	if variantsOutdir != "" {
		os.RemoveAll(variantsOutdir)
	}
	jsii.Close()
	os.Exit(code)
}

// synthesized synthesizes the variants on the first call and fails the test if that
// failed.
func synthesized(t *testing.T) {
	t.Helper()
	if testing.Short() {
		// The fast loop starts one jsii kernel: stacks' synthesis of every stack, which
		// builds this construct in each shipped configuration.
		t.Skip("-short: the construct's variants are synthesized in the full go test ./... only; -short synthesizes every stack once (stacks)")
	}
	variantsOnce.Do(synthesizeVariants)
	require.NoError(t, variantsErr, "synthesizing the kafkaefs variants")
}

// synthesizeVariants adds every variant to a Testing_App as a stack of its own, named
// "kafkaefs-<variant>", and synthesizes it. A failure (jsii reports errors as panics) is
// kept in variantsErr and fails the tests that read the variants, not the other tests.
func synthesizeVariants() {
	defer func() {
		if r := recover(); r != nil {
			variantsErr = fmt.Errorf("panic: %v", r)
		}
	}()
	// Testing_App(nil) would create an output folder in the temp folder and never
	// remove it.
	if variantsOutdir, variantsErr = os.MkdirTemp("", "kafkaefs-synth-"); variantsErr != nil {
		return
	}
	app := cdktf.Testing_App(&cdktf.TestingAppConfig{Outdir: jsii.String(variantsOutdir)})
	newStack := func(name string) cdktf.TerraformStack {
		stack := cdktf.NewTerraformStack(app, jsii.String("kafkaefs-"+name))
		provider.NewAwsProvider(stack, jsii.String("aws"), &provider.AwsProviderConfig{Region: jsii.String("us-east-1")})
		return stack
	}
	for _, name := range slices.Sorted(maps.Keys(variantCases)) {
		stack := newStack(name)
		efs, err := kafkaefs.New(stack, "kafka-efs", variantConfig(name))
		if err == nil {
			variantOutputs[name] = efs.Outputs()
			err = kafkaefs.WriteOutputs(stack, efs.Outputs(), nil)
		}
		if err != nil {
			variantsErr = fmt.Errorf("variant %s: %w", name, err)
			return
		}
		_, variantDocs[name] = tfjson.Synth(stack)
	}

	// 10. An invalid Config must add nothing to the stack.
	stack := newStack("invalid")
	cfg := variantBaseConfig()
	cfg.VpcID = variantInvalidVpcID
	inv := &variantInvalid
	inv.before = len(*stack.Node().Children())
	inv.efs, inv.err = kafkaefs.New(stack, "kafka-efs", cfg)
	inv.after = len(*stack.Node().Children())
	_, inv.doc = tfjson.Synth(stack)

	// 12. A second KafkaEfs of the same name in one stack is refused, adding nothing;
	// so is writing the first's outputs twice under the same names.
	stack = newStack("same-name")
	first, err := kafkaefs.New(stack, "first", variantBaseConfig())
	if err == nil {
		err = kafkaefs.WriteOutputs(stack, first.Outputs(), nil)
	}
	if err != nil {
		variantsErr = fmt.Errorf("variant same-name: %w", err)
		return
	}
	same := &variantSameName
	same.before = len(*stack.Node().Children())
	same.efs, same.err = kafkaefs.New(stack, "second", variantBaseConfig())
	same.after = len(*stack.Node().Children())
	rewrite := &variantRewrite
	rewrite.before = len(*stack.Node().Children())
	rewrite.err = kafkaefs.WriteOutputs(stack, first.Outputs(), nil)
	rewrite.after = len(*stack.Node().Children())
	// A stack-level output of a name, an invalid name, two outputs renamed alike.
	cdktf.NewTerraformOutput(stack, jsii.String("own_output"), &cdktf.TerraformOutputConfig{Value: jsii.String("x"), StaticId: jsii.Bool(true)})
	outs := first.Outputs()
	variantWriteErrs = map[string]error{
		"stack output": kafkaefs.WriteOutputs(stack, outs[:1], func(string) string { return "own_output" }),
		"invalid name": kafkaefs.WriteOutputs(stack, outs[:1], func(n string) string { return "9" + n }),
		"same rename":  kafkaefs.WriteOutputs(stack, outs[:2], func(string) string { return "one" }),
	}
	rewrite.after2 = len(*stack.Node().Children())

	// 12b. The list fields the docs/reuse.md stacks leave literal, as list tokens too.
	stack = newStack("list-tokens")
	listVar := func(name string) []string {
		v := cdktf.NewTerraformVariable(stack, jsii.String(name), &cdktf.TerraformVariableConfig{Type: jsii.String("list(string)")})
		return kafkaefs.List(v.ListValue())
	}
	cfg = variantBaseConfig()
	cfg.PrivateSubnetIDs = listVar("subnets")
	cfg.AdditionalSourceSecurityGroupIDs = listVar("sources")
	cfg.CreateVpcEndpoint = true
	if _, err := kafkaefs.New(stack, "kafka-efs", cfg); err != nil {
		variantsErr = fmt.Errorf("variant list-tokens: %w", err)
		return
	}
	_, variantListTokens = tfjson.Synth(stack)

	// 13. The stacks of docs/reuse.md.
	for _, build := range []func(cdktf.App) error{newDevStack, newSharedStack} {
		if err := build(app); err != nil {
			variantsErr = fmt.Errorf("docs/reuse.md example: %w", err)
			return
		}
	}
	for _, name := range []string{"payments-dev", "payments-shared"} {
		_, reuseDocs[name] = tfjson.Synth(cdktf.TerraformStack_Of(app.Node().FindChild(jsii.String(name))))
	}
}

// variants returns the JSON of every valid variant, failing the test if their synthesis
// failed.
func variants(t *testing.T) map[string]tfjson.Doc {
	t.Helper()
	synthesized(t)
	return variantDocs
}

// variant returns the JSON of one valid variant.
func variant(t *testing.T, name string) tfjson.Doc {
	t.Helper()
	doc, ok := variants(t)[name]
	require.True(t, ok, "no variant %s", name)
	return doc
}

// TestSynthBurstingAlarms (variant 1): in bursting mode all four alarms apply, each with
// its metric, statistic, period, threshold and comparison (the Elastic ones are pinned on
// prod in TestAlarms).
func TestSynthBurstingAlarms(t *testing.T) {
	doc := variant(t, "alarms-bursting")
	alarms := kafkaefstest.AlarmsByKey(t, doc, "kafka-dev")
	require.ElementsMatch(t, []string{"io_limit", "burst_credits", "client_connections", "throughput_utilization"}, slices.Collect(maps.Keys(alarms)))
	for key, a := range alarms {
		kafkaefstest.CheckAlarm(t, doc, key, a, kafkaefstest.DefaultAlarms[key], tfjson.Strings(variantAlarmTopic))
	}

	// Variants without alarms have none.
	assert.Empty(t, variant(t, "tls-only").Resources("aws_cloudwatch_metric_alarm"))
}

// TestSynthTunedAlarms (variant 11): maxIO with provisioned throughput gets the two
// alarms that mean something there, each with its tuned threshold, period and count.
func TestSynthTunedAlarms(t *testing.T) {
	doc := variant(t, "alarms-tuned")
	alarms := kafkaefstest.AlarmsByKey(t, doc, "kafka-dev")
	require.ElementsMatch(t, []string{"client_connections", "throughput_utilization"}, slices.Collect(maps.Keys(alarms)))
	cc := kafkaefstest.DefaultAlarms["client_connections"]
	cc.Threshold, cc.Period, cc.Evals = 300, 900, 2
	kafkaefstest.CheckAlarm(t, doc, "client_connections", alarms["client_connections"], cc, tfjson.Strings(variantAlarmTopic))
	tu := kafkaefstest.DefaultAlarms["throughput_utilization"]
	tu.Threshold, tu.Period, tu.Evals = 90, 60, 10
	kafkaefstest.CheckAlarm(t, doc, "throughput_utilization", alarms["throughput_utilization"], tu, tfjson.Strings(variantAlarmTopic))
	assert.Contains(t, alarms["client_connections"]["alarm_description"], "above 300 connections for 2 periods of 900 s")
}

// variantResourceConfigs maps each resource type the construct may create to its
// binding's config struct: a type is taggable when the struct has a Tags field. A resource
// type missing here fails TestSynthTags, so that a new resource is looked at.
var variantResourceConfigs = map[string]reflect.Type{
	"aws_efs_file_system":                       reflect.TypeFor[efsfilesystem.EfsFileSystemConfig](),
	"aws_efs_file_system_policy":                reflect.TypeFor[efsfilesystempolicy.EfsFileSystemPolicyConfig](),
	"aws_efs_backup_policy":                     reflect.TypeFor[efsbackuppolicy.EfsBackupPolicyConfig](),
	"aws_efs_replication_configuration":         reflect.TypeFor[efsreplicationconfiguration.EfsReplicationConfigurationConfig](),
	"aws_efs_mount_target":                      reflect.TypeFor[efsmounttarget.EfsMountTargetConfig](),
	"aws_efs_access_point":                      reflect.TypeFor[efsaccesspoint.EfsAccessPointConfig](),
	"aws_security_group":                        reflect.TypeFor[securitygroup.SecurityGroupConfig](),
	"aws_vpc_security_group_ingress_rule":       reflect.TypeFor[vpcsecuritygroupingressrule.VpcSecurityGroupIngressRuleConfig](),
	"aws_vpc_endpoint":                          reflect.TypeFor[vpcendpoint.VpcEndpointConfig](),
	"aws_cloudwatch_log_group":                  reflect.TypeFor[cloudwatchloggroup.CloudwatchLogGroupConfig](),
	"aws_cloudwatch_metric_alarm":               reflect.TypeFor[cloudwatchmetricalarm.CloudwatchMetricAlarmConfig](),
	"aws_cloudwatch_dashboard":                  reflect.TypeFor[cloudwatchdashboard.CloudwatchDashboardConfig](),
	"aws_iam_role":                              reflect.TypeFor[iamrole.IamRoleConfig](),
	"aws_backup_vault":                          reflect.TypeFor[backupvault.BackupVaultConfig](),
	"aws_backup_vault_lock_configuration":       reflect.TypeFor[backupvaultlockconfiguration.BackupVaultLockConfigurationConfig](),
	"aws_backup_plan":                           reflect.TypeFor[backupplan.BackupPlanConfig](),
	"aws_backup_selection":                      reflect.TypeFor[backupselection.BackupSelectionConfig](),
	"aws_backup_restore_testing_plan":           reflect.TypeFor[backuprestoretestingplan.BackupRestoreTestingPlanConfig](),
	"aws_backup_restore_testing_selection":      reflect.TypeFor[backuprestoretestingselection.BackupRestoreTestingSelectionConfig](),
	"aws_iam_role_policy_attachments_exclusive": reflect.TypeFor[iamrolepolicyattachmentsexclusive.IamRolePolicyAttachmentsExclusiveConfig](),
}

// TestSynthTags checks that every taggable resource of every variant (variant 1 with its
// alarms, variant 6 with its endpoint, ...) carries a Name under the variant's name and
// exactly the user tags of Config.Tags besides.
func TestSynthTags(t *testing.T) {
	taggedTypes := map[string]bool{}
	for name, doc := range variants(t) {
		t.Run(name, func(t *testing.T) {
			prefix := variantConfig(name).Name() + "-"
			for typ, rs := range doc.Block("resource") {
				cfgType, known := variantResourceConfigs[typ]
				if !assert.True(t, known, "resource type %s: add it to variantResourceConfigs", typ) {
					continue
				}
				_, taggable := cfgType.FieldByName("Tags")
				for rName, r := range rs.(map[string]any) {
					tags, hasTags := r.(map[string]any)["tags"].(map[string]any)
					if !taggable {
						assert.False(t, hasTags, "%s.%s cannot be tagged", typ, rName)
						continue
					}
					taggedTypes[typ] = true
					if !assert.True(t, hasTags, "%s.%s has no tags", typ, rName) {
						continue
					}
					tagName, _ := tags["Name"].(string)
					assert.True(t, strings.HasPrefix(tagName, prefix) || tagName == "/aws/efs/"+variantConfig(name).Name(),
						"%s.%s: Name tag %q does not name the variant", typ, rName, tagName)
					delete(tags, "Name")
					assert.Equal(t, map[string]any{"team": "data-platform", "cost-center": "cc-1234"}, tags,
						"%s.%s: user tags", typ, rName)
				}
			}
		})
	}
	// The variants cover every taggable type the construct creates.
	for typ, cfgType := range variantResourceConfigs {
		if _, taggable := cfgType.FieldByName("Tags"); taggable {
			assert.True(t, taggedTypes[typ], "no variant creates %s", typ)
		}
	}
	// Variant 1 has its alarms, file system, security group, rule, access points and log
	// group tagged: the loop above checked them; make sure they were there.
	doc := variant(t, "alarms-bursting")
	for _, typ := range []string{"aws_efs_file_system", "aws_security_group", "aws_vpc_security_group_ingress_rule",
		"aws_efs_access_point", "aws_cloudwatch_log_group", "aws_cloudwatch_metric_alarm"} {
		assert.NotEmpty(t, doc.Resources(typ), typ)
	}
}

// TestSynthLiteralSubnets (variant 2): a literal subnet list is still one mount target
// resource, iterating over the list with for_each.
func TestSynthLiteralSubnets(t *testing.T) {
	doc := variant(t, "literal-subnets")
	mtName, mt := tfjson.NameOf(t, doc, "aws_efs_mount_target"), doc.Only(t, "aws_efs_mount_target")
	assert.Equal(t, `${toset(["subnet-0123456789abcdef0", "subnet-0fedcba9876543210", "subnet-1a2b3c4d"])}`, mt["for_each"])
	assert.Equal(t, "${each.value}", mt["subnet_id"])
	assert.Equal(t, kafkaefstest.FsRef(t, doc, "id"), mt["file_system_id"])
	// The subnet lookup behind the mount target's preconditions iterates over the same list.
	for _, d := range doc.Objects("data", "aws_subnet") {
		assert.Equal(t, mt["for_each"], d["for_each"])
		assert.Equal(t, "${each.value}", d["id"])
	}
	assert.Len(t, doc.Objects("data", "aws_subnet"), 1)
	for _, d := range doc.Objects("data", "aws_subnets") {
		assert.Equal(t, map[string]any{"name": "subnet-id", "values": tfjson.Strings(variantThreeSubnets...)}, d["filter"].([]any)[0])
	}
	assert.Len(t, mt["lifecycle"].(map[string]any)["precondition"], 2)
	assert.Equal(t, tfjson.Strings(tfjson.Ref("aws_security_group", tfjson.NameOf(t, doc, "aws_security_group"), "id")), mt["security_groups"])

	// The outputs iterate over the mount target instances, not over the subnet strings.
	assert.Equal(t, "${[ for key, val in aws_efs_mount_target."+mtName+": val.id]}", doc.Output(t, "mount_target_ids"))
	assert.Equal(t, "${[ for key, val in aws_efs_mount_target."+mtName+": val.ip_address]}", doc.Output(t, "mount_target_ip_addresses"))
}

// TestSynthPolicyWithoutClientRoles (variant 3): without driver or client roles, the
// policy enforces TLS, root squash and mount-target access for any principal, and
// clients mount without iam.
func TestSynthPolicyWithoutClientRoles(t *testing.T) {
	doc := variant(t, "tls-only")
	st := kafkaefstest.PolicyStatements(t, doc)
	require.ElementsMatch(t, []string{"DenyNonSecureTransport", "DenyRootAccess", "AllowMountAndWriteViaMountTarget"}, slices.Collect(maps.Keys(st)))
	kafkaefstest.CheckStatement(t, kafkaefstest.DenyNonSecureTransport, st["DenyNonSecureTransport"], "DenyNonSecureTransport")
	kafkaefstest.CheckStatement(t, kafkaefstest.DenyRootAccess, st["DenyRootAccess"], "DenyRootAccess")
	kafkaefstest.CheckStatement(t, kafkaefstest.AllowMountAndWrite(kafkaefstest.AwsPrincipals("*")), st["AllowMountAndWriteViaMountTarget"], "AllowMountAndWriteViaMountTarget")
	kafkaefstest.CheckEnforcedConditionKeys(t, st)
	kafkaefstest.CheckMountOptions(t, doc)
	assert.Empty(t, doc.Resources("aws_iam_role"), "a file system creates no driver role")
	assert.Empty(t, doc.Resources("aws_eks_pod_identity_association"))
}

// TestSynthPolicyNodeRole (variant 4b): the cluster's node role and the client roles may
// mount through a mount target; the node role only through an access point.
func TestSynthPolicyNodeRole(t *testing.T) {
	doc := variant(t, "node-and-clients")
	st := kafkaefstest.PolicyStatements(t, doc)
	require.ElementsMatch(t, []string{"DenyNonSecureTransport", "DenyRootAccess", "AllowMountAndWriteViaMountTarget", kafkaefs.SidNodeRoleNeedsAccessPoint},
		slices.Collect(maps.Keys(st)))
	kafkaefstest.CheckStatement(t, kafkaefstest.NodeRoleNeedsAccessPoint(tfjson.Strings(variantNodeRole)), st[kafkaefs.SidNodeRoleNeedsAccessPoint], kafkaefs.SidNodeRoleNeedsAccessPoint)
	quoted := []string{`["` + variantNodeRole + `"]`}
	for _, r := range variantClientRoles {
		quoted = append(quoted, `"`+r+`"`)
	}
	assert.Equal(t, []any{map[string]any{"type": "AWS",
		"identifiers": `${concat(` + quoted[0] + `, [` + strings.Join(quoted[1:], ", ") + `])}`}},
		st["AllowMountAndWriteViaMountTarget"]["principals"])
	kafkaefstest.CheckEnforcedConditionKeys(t, st)
	kafkaefstest.CheckMountOptions(t, doc, "iam")
	assert.Equal(t, variantNodeRole, doc.Output(t, "efs_csi_node_role_arn"))
}

// TestSynthPolicyWithClientRoles (variant 4): with two ClientRoleArns and no driver roles,
// only those roles are allowed to mount and write, nobody is denied by a condition EFS
// ignores, and clients mount with iam.
func TestSynthPolicyWithClientRoles(t *testing.T) {
	doc := variant(t, "iam-roles")
	st := kafkaefstest.PolicyStatements(t, doc)
	require.ElementsMatch(t, []string{"DenyNonSecureTransport", "DenyRootAccess", "AllowMountAndWriteViaMountTarget"},
		slices.Collect(maps.Keys(st)))
	kafkaefstest.CheckStatement(t, kafkaefstest.DenyNonSecureTransport, st["DenyNonSecureTransport"], "DenyNonSecureTransport")
	kafkaefstest.CheckStatement(t, kafkaefstest.DenyRootAccess, st["DenyRootAccess"], "DenyRootAccess")
	kafkaefstest.CheckStatement(t, kafkaefstest.AllowMountAndWrite(kafkaefstest.AwsPrincipals(variantClientRoles...)), st["AllowMountAndWriteViaMountTarget"], "AllowMountAndWriteViaMountTarget")
	kafkaefstest.CheckEnforcedConditionKeys(t, st)
	kafkaefstest.CheckMountOptions(t, doc, "iam")
}

// TestSynthPolicyNeverAllowsRoot: in no variant does the file system policy allow root
// access, or allow anything without going through a mount target; every variant denies
// root to everyone and uses enforced condition keys only.
func TestSynthPolicyNeverAllowsRoot(t *testing.T) {
	policies := 0
	for name, doc := range variants(t) {
		if len(doc.Resources("aws_efs_file_system_policy")) == 0 {
			continue
		}
		policies++
		sts := kafkaefstest.PolicyStatements(t, doc)
		kafkaefstest.CheckStatement(t, kafkaefstest.DenyRootAccess, sts["DenyRootAccess"], name)
		kafkaefstest.CheckEnforcedConditionKeys(t, sts)
		for sid, st := range sts {
			if st["effect"] != "Allow" {
				continue
			}
			for _, action := range st["actions"].([]any) {
				assert.NotContains(t, []any{"elasticfilesystem:ClientRootAccess", "elasticfilesystem:*", "*"}, action,
					"%s: statement %v allows %v", name, sid, action)
			}
			assert.Equal(t, kafkaefstest.OneCondition("Bool", "elasticfilesystem:AccessedViaMountTarget", "true"), st["condition"],
				"%s: statement %v", name, sid)
		}
	}
	assert.Equal(t, len(variantCases)-1, policies, "every variant but no-policy has a file system policy")
}

// TestSynthPolicyDisabled (variant 5): DisableFileSystemPolicy leaves no policy and no
// policy document.
func TestSynthPolicyDisabled(t *testing.T) {
	doc := variant(t, "no-policy")
	assert.Empty(t, doc.Resources("aws_efs_file_system_policy"))
	docs := doc.Objects("data", "aws_iam_policy_document")
	assert.NotContains(t, docs, "kafka-efs_file-system-policy-document_FB2A0123")
	assert.Empty(t, docs, "no policy document at all")
	doc.Only(t, "aws_efs_file_system")
}

// ingressRules returns the ingress rules of a variant by the security group they belong to.
func ingressRules(doc tfjson.Doc) map[string][]map[string]any {
	out := map[string][]map[string]any{}
	for _, r := range doc.Resources("aws_vpc_security_group_ingress_rule") {
		group, _ := r["security_group_id"].(string)
		out[group] = append(out[group], r)
	}
	return out
}

// TestSynthEndpointSourcesReplication (variant 6): the interface endpoint for the EFS API
// in the private subnets, reachable over HTTPS from the nodes only; one NFS rule per
// additional source; the replica in us-west-2. Other variants have none of these.
func TestSynthEndpointSourcesReplication(t *testing.T) {
	doc := variant(t, "endpoint-replica")

	groups := map[string]string{} // security group name -> reference to its id
	for name, sg := range doc.Resources("aws_security_group") {
		groups[sg["name"].(string)] = tfjson.Ref("aws_security_group", name, "id")
		assert.Equal(t, variantVpcID, sg["vpc_id"])
		assert.Equal(t, true, sg["revoke_rules_on_delete"], "%s: a rule added outside Terraform must not block deleting it", sg["name"])
		assert.NotContains(t, sg, "ingress")
		assert.NotContains(t, sg, "egress")
	}
	require.Len(t, groups, 2)
	nfsSG, endpointSG := groups["kafka-dev-efs-sg"], groups["kafka-dev-efs-endpoint-sg"]
	require.NotEmpty(t, nfsSG)
	require.NotEmpty(t, endpointSG)

	regions := doc.Objects("data", "aws_region")
	require.Len(t, regions, 1, "data aws_region")
	regionName := slices.Collect(maps.Keys(regions))[0]
	ep := doc.Only(t, "aws_vpc_endpoint")
	assert.Equal(t, "Interface", ep["vpc_endpoint_type"])
	assert.Equal(t, "com.amazonaws.${data.aws_region."+regionName+".name}.elasticfilesystem", ep["service_name"])
	assert.Equal(t, true, ep["private_dns_enabled"])
	assert.Equal(t, variantVpcID, ep["vpc_id"])
	assert.Equal(t, tfjson.Strings(variantSubnets...), ep["subnet_ids"])
	assert.Equal(t, tfjson.Strings(endpointSG), ep["security_group_ids"])

	rules := ingressRules(doc)
	require.Len(t, rules, 2, "rules belong to the NFS and endpoint groups only")
	noCIDR := func(r map[string]any) {
		for _, f := range []string{"cidr_ipv4", "cidr_ipv6", "prefix_list_id"} {
			assert.NotContains(t, r, f)
		}
	}
	// The endpoint admits HTTPS from the node security group, nothing else.
	require.Len(t, rules[endpointSG], 1)
	https := rules[endpointSG][0]
	assert.Equal(t, "tcp", https["ip_protocol"])
	assert.Equal(t, float64(443), https["from_port"])
	assert.Equal(t, float64(443), https["to_port"])
	assert.Equal(t, variantNodeSG, https["referenced_security_group_id"])
	assert.NotContains(t, https, "for_each")
	noCIDR(https)

	// NFS: one rule from the nodes, one for_each rule over the additional sources.
	require.Len(t, rules[nfsSG], 2)
	var sources []any
	for _, r := range rules[nfsSG] {
		assert.Equal(t, "tcp", r["ip_protocol"])
		assert.Equal(t, float64(2049), r["from_port"])
		assert.Equal(t, float64(2049), r["to_port"])
		noCIDR(r)
		if fe, ok := r["for_each"]; ok {
			assert.Equal(t, `${toset(["sg-0aaaaaaaaaaaaaaaa", "sg-0bbbbbbbbbbbbbbbb"])}`, fe)
			assert.Equal(t, "${each.value}", r["referenced_security_group_id"])
		}
		sources = append(sources, r["referenced_security_group_id"])
	}
	assert.ElementsMatch(t, []any{variantNodeSG, "${each.value}"}, sources)
	assert.Empty(t, doc.Resources("aws_vpc_security_group_egress_rule"))

	repl := doc.Only(t, "aws_efs_replication_configuration")
	assert.Equal(t, kafkaefstest.FsRef(t, doc, "id"), repl["source_file_system_id"])
	assert.Equal(t, map[string]any{"region": "us-west-2"}, repl["destination"])

	// Without the options: no endpoint or replica, one NFS rule; the region lookup stays,
	// shared with the dashboard.
	base := variant(t, "tls-only")
	assert.Empty(t, base.Resources("aws_vpc_endpoint"))
	assert.Len(t, base.Objects("data", "aws_region"), 1)
	assert.Empty(t, base.Resources("aws_efs_replication_configuration"))
	assert.Len(t, base.Resources("aws_security_group"), 1)
	assert.Len(t, base.Resources("aws_vpc_security_group_ingress_rule"), 1)
}

// TestSynthArchiveLifecycle (variant 7): three transitions make three lifecycle_policy
// blocks with one transition each, as AWS requires.
func TestSynthArchiveLifecycle(t *testing.T) {
	fs := variant(t, "archive").Only(t, "aws_efs_file_system")
	assert.Equal(t, "elastic", fs["throughput_mode"])
	assert.Equal(t, "generalPurpose", fs["performance_mode"])
	blocks, _ := fs["lifecycle_policy"].([]any)
	for _, b := range blocks {
		assert.Len(t, b, 1, "one transition per lifecycle_policy block: %v", b)
	}
	assert.ElementsMatch(t, []any{
		map[string]any{"transition_to_ia": "AFTER_30_DAYS"},
		map[string]any{"transition_to_archive": "AFTER_90_DAYS"},
		map[string]any{"transition_to_primary_storage_class": "AFTER_1_ACCESS"},
	}, blocks)
}

// TestSynthLogRetentionDefault: a Config without LogRetentionDays keeps logs 30 days.
// Passed through, 0 would mean "never expire" to CloudWatch Logs.
func TestSynthLogRetentionDefault(t *testing.T) {
	for name, doc := range variants(t) {
		assert.Equal(t, float64(30), doc.Only(t, "aws_cloudwatch_log_group")["retention_in_days"], name)
	}
}

// TestSynthKmsAlias (variant 8): the file system takes the alias ARN; the log group gets
// no key, since CloudWatch Logs accepts key ARNs only.
func TestSynthKmsAlias(t *testing.T) {
	doc := variant(t, "kms-alias")
	fs := doc.Only(t, "aws_efs_file_system")
	assert.Equal(t, true, fs["encrypted"])
	assert.Equal(t, variantKmsAliasArn, fs["kms_key_id"])
	lg := doc.Only(t, "aws_cloudwatch_log_group")
	assert.NotContains(t, lg, "kms_key_id")
	assert.Equal(t, "/aws/efs/kafka-dev", lg["name"])
}

// TestSynthPreventDestroy (variant 9): a production environment ("prod-...") protects the
// file system with prevent_destroy; any other name does not.
func TestSynthPreventDestroy(t *testing.T) {
	staging := variant(t, "staging").Only(t, "aws_efs_file_system")
	assert.NotContains(t, staging, "lifecycle")
	assert.Equal(t, "kafka-staging-efs", staging["creation_token"])

	prod := variant(t, "prod-eu")
	fs := prod.Only(t, "aws_efs_file_system")
	assert.Equal(t, map[string]any{"prevent_destroy": true}, fs["lifecycle"])
	assert.Equal(t, "kafka-prod-eu-efs", fs["creation_token"])
	assert.Equal(t, true, fs["encrypted"])
	bp := prod.Only(t, "aws_efs_backup_policy")
	assert.Equal(t, map[string]any{"status": "ENABLED"}, bp["backup_policy"])
}

// TestKafkaEfsNewRejectsInvalidConfig (variant 10): kafkaefs.New returns the validation
// error, naming the field, and adds nothing to the stack.
func TestKafkaEfsNewRejectsInvalidConfig(t *testing.T) {
	variants(t)
	synthesized(t)
	inv := variantInvalid
	require.Error(t, inv.err)
	assert.Nil(t, inv.efs)
	var fe *kafkaefs.FieldError
	require.True(t, errors.As(inv.err, &fe), "want a *FieldError in %v", inv.err)
	assert.Equal(t, "VpcID", fe.Field)
	assert.Equal(t, variantInvalidVpcID, fe.Value)
	assert.Contains(t, inv.err.Error(), `VpcID = "vpc-nope"`)
	assert.Contains(t, inv.err.Error(), `"kafka-efs"`, "the error names the construct")

	assert.Equal(t, 1, inv.before, "the stack holds its provider")
	assert.Equal(t, inv.before, inv.after, "New added children to the stack")
	for _, section := range []string{"resource", "data", "output"} {
		assert.NotContains(t, inv.doc, section)
	}
}

// TestSynthBackupCustom (variant 9b): every BackupPlan option reaches its resource.
func TestSynthBackupCustom(t *testing.T) {
	doc := variant(t, "backup-custom")
	vName, v := tfjson.ResourceNamed(t, doc, "aws_backup_vault", "backup-vault")
	assert.Equal(t, "kafka-staging-efs", v["name"])
	assert.NotContains(t, v, "kms_key_arn", "a vault takes key ARNs only: an alias leaves AWS Backup's own key")
	assert.NotContains(t, v, "lifecycle", "not production")

	_, lock := tfjson.ResourceNamed(t, doc, "aws_backup_vault_lock_configuration", "backup-vault-lock")
	assert.Equal(t, tfjson.Ref("aws_backup_vault", vName, "name"), lock["backup_vault_name"])
	assert.Equal(t, float64(1), lock["min_retention_days"])
	assert.Equal(t, float64(3650), lock["max_retention_days"])
	assert.Equal(t, float64(3), lock["changeable_for_days"], "compliance mode")

	rules := kafkaefstest.PlanRules(t, doc)
	require.ElementsMatch(t, []string{"hourly", "yearly"}, slices.Collect(maps.Keys(rules)))
	hourly, yearly := rules["hourly"], rules["yearly"]
	assert.Equal(t, "cron(15 * ? * * *)", hourly["schedule"])
	assert.Equal(t, float64(90), hourly["start_window"])
	assert.Equal(t, float64(180), hourly["completion_window"])
	assert.Equal(t, map[string]any{"delete_after": float64(2)}, hourly["lifecycle"])
	assert.Equal(t, "cron(0 3 1 1 ? *)", yearly["schedule"])
	assert.Equal(t, float64(60), yearly["start_window"])
	assert.Equal(t, float64(1440), yearly["completion_window"])
	assert.Equal(t, map[string]any{"delete_after": float64(3650), "cold_storage_after": float64(30)}, yearly["lifecycle"])
	for rName, r := range rules {
		assert.Equal(t, []any{map[string]any{"destination_vault_arn": variantCopyVault, "lifecycle": r["lifecycle"]}},
			r["copy_action"], rName)
	}

	_, rtp := tfjson.ResourceNamed(t, doc, "aws_backup_restore_testing_plan", "restore-testing-plan")
	assert.Equal(t, "kafka_staging_efs", rtp["name"])
	assert.Equal(t, "cron(0 9 ? * MON#1 *)", rtp["schedule_expression"])
	assert.Equal(t, float64(6), rtp["start_window_hours"])
	assert.Equal(t, float64(30), rtp["recovery_point_selection"].([]any)[0].(map[string]any)["selection_window_days"])
	_, sel := tfjson.ResourceNamed(t, doc, "aws_backup_restore_testing_selection", "restore-testing-selection")
	assert.Equal(t, float64(2), sel["validation_window_hours"])
	assert.NotContains(t, sel, "restore_metadata_overrides", "without a key ARN AWS Backup infers the key")
	assert.Equal(t, "EFS", sel["protected_resource_type"])
	assert.Equal(t, []any{kafkaefstest.FsRef(t, doc, "arn")}, sel["protected_resource_arns"])

	// No backup resources in the variants without a plan, and no default backup policy
	// beside a plan.
	assert.Empty(t, doc.Resources("aws_efs_backup_policy"))
	// Without AlarmActions nobody hears of a missing restore test: no monthly check, so a
	// weekday schedule is fine.
	assert.Empty(t, doc.Resources("aws_sfn_state_machine"))
	assert.Empty(t, doc.Resources("aws_cloudwatch_event_rule"))
	assert.Empty(t, variant(t, "tls-only").Resources("aws_backup_vault"))
}

// TestSecondKafkaEfsOfOneNameIsRefused: two KafkaEfs of one Config.Name() would claim
// one creation token, so New refuses the second, naming both and why, and adds nothing;
// WriteOutputs refuses names the stack holds already, adding nothing.
func TestSecondKafkaEfsOfOneNameIsRefused(t *testing.T) {
	synthesized(t)
	same := variantSameName
	assert.Nil(t, same.efs)
	require.Error(t, same.err)
	assert.Equal(t, `kafkaefs "second": ProjectName and Environment name it kafka-dev, as KafkaEfs "kafkaefs-same-name/first" in stack kafkaefs-same-name: `+
		`both would claim creation token kafka-dev-efs, which EFS takes for one file system; give each KafkaEfs its own Environment (or ProjectName)`,
		same.err.Error())
	assert.Equal(t, same.before, same.after, "the refused KafkaEfs added to the stack")

	rewrite := variantRewrite
	require.Error(t, rewrite.err)
	assert.Equal(t, `output "file_system_id" (from file_system_id): stack kafkaefs-same-name holds an output file_system_id already (another KafkaEfs's?): choose names of this KafkaEfs's own, e.g. with a prefix`,
		rewrite.err.Error())
	assert.Equal(t, rewrite.before, rewrite.after, "the refused outputs added to the stack")

	assert.Equal(t, map[string]string{
		"stack output": `output "own_output" (from file_system_id): stack kafkaefs-same-name holds an output own_output already (another KafkaEfs's?): choose names of this KafkaEfs's own, e.g. with a prefix`,
		"invalid name": `output "9file_system_id" (from file_system_id): not a Terraform output name: a letter or underscore, then letters, digits, underscores and hyphens`,
		"same rename":  `output "one" (from file_system_arn): file_system_id has this name too: rename one`,
	}, func() map[string]string {
		out := map[string]string{}
		for k, err := range variantWriteErrs {
			if err != nil {
				out[k] = err.Error()
			}
		}
		return out
	}())
	assert.Equal(t, rewrite.after+1, rewrite.after2, "only the stack's own output was added")
}

// outputNames returns the names of a stack's outputs, sorted.
func outputNames(doc tfjson.Doc) []string { return slices.Sorted(maps.Keys(doc.Block("output"))) }

// byPrefix returns the resources of a type whose logical name starts with the path of
// construct id (cdktf names them <id>_<child>_<hash>), by name.
func byPrefix(doc tfjson.Doc, typ, id string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for name, r := range doc.Resources(typ) {
		if strings.HasPrefix(name, id+"_") {
			out[name] = r
		}
	}
	return out
}

// onlyName returns the one key of m, failing the test unless there is exactly one.
func onlyName[V any](t *testing.T, m map[string]V, what string) string {
	t.Helper()
	require.Len(t, m, 1, what)
	for k := range m {
		return k
	}
	return ""
}

// TestReuseExamples synthesizes the two stacks of docs/reuse.md. payments-dev writes the
// outputs under the names of this repository's stacks. payments-shared holds two KafkaEfs
// whose outputs carry a prefix each and reference their own file system, mount targets
// and access, and whose list inputs are variables: the list tokens reach each resource as
// the variable itself.
func TestReuseExamples(t *testing.T) {
	synthesized(t)
	dev := reuseDocs["payments-dev"]
	require.NotNil(t, dev)
	assert.Equal(t, []string{
		"dashboard_url", "efs_csi_node_role_arn", "file_system_arn", "file_system_dns_name", "file_system_id",
		"kubernetes_manifests", "kubernetes_storage_class", "log_group_name", "mount_command", "mount_target_ids", "mount_target_ip_addresses", "security_group_id",
	}, outputNames(dev), "no access points, no backup plan: the file system, its network, monitoring and StorageClass")
	assert.Equal(t, kafkaefstest.FsRef(t, dev, "id"), dev.Output(t, "file_system_id"))
	// docs/reuse.md, "Provider version": the bindings pin the provider exactly, unless the
	// app sets a range.
	providerOf := func(doc tfjson.Doc) any { return doc.Block("terraform", "required_providers")["aws"] }
	assert.Equal(t, map[string]any{"source": "aws", "version": "5.99.1"}, providerOf(dev))

	shared := reuseDocs["payments-shared"]
	require.NotNil(t, shared)
	assert.Equal(t, map[string]any{"source": "aws", "version": ">= 5.99.1, < 6.0.0"}, providerOf(shared))
	names := outputNames(shared)
	var orders, audit []string
	for _, n := range names {
		switch {
		case strings.HasPrefix(n, "orders_"):
			orders = append(orders, strings.TrimPrefix(n, "orders_"))
		case strings.HasPrefix(n, "audit_"):
			audit = append(audit, strings.TrimPrefix(n, "audit_"))
		default:
			t.Errorf("output %s carries neither prefix", n)
		}
	}
	// The same outputs for both, but the dashboard's: audit has none.
	assert.Equal(t, slices.DeleteFunc(slices.Clone(outputNames(dev)), func(n string) bool { return n == "dashboard_url" }), audit)
	assert.Equal(t, outputNames(dev), orders)
	require.Len(t, shared.Resources("aws_cloudwatch_dashboard"), 1)
	assert.Len(t, byPrefix(shared, "aws_cloudwatch_dashboard", "orders"), 1, "the dashboard is orders'")

	fileSystems := map[string]string{}
	for _, env := range []string{"orders", "audit"} {
		fsName := onlyName(t, byPrefix(shared, "aws_efs_file_system", env), env+" file system")
		fs := shared.Resources("aws_efs_file_system")[fsName]
		assert.Equal(t, "payments-"+env+"-efs", fs["creation_token"])
		fsID := tfjson.Ref("aws_efs_file_system", fsName, "id")
		fileSystems[env] = fsID
		assert.Equal(t, fsID, shared.Output(t, env+"_file_system_id"), env)
		assert.Equal(t, tfjson.Ref("aws_efs_file_system", fsName, "arn"), shared.Output(t, env+"_file_system_arn"), env)
		assert.Contains(t, shared.Output(t, env+"_mount_command"), fsID+":/ ", env)

		mtName := onlyName(t, byPrefix(shared, "aws_efs_mount_target", env), env+" mount target")
		mt := shared.Resources("aws_efs_mount_target")[mtName]
		assert.Equal(t, fsID, mt["file_system_id"], env)
		assert.Equal(t, "${[ for key, val in aws_efs_mount_target."+mtName+": val.id]}", shared.Output(t, env+"_mount_target_ids"), env)
		// The subnets variable, whole, wherever the subnets go.
		assert.Equal(t, "${toset(var.private_subnet_ids)}", mt["for_each"], env)
		for name, d := range shared.Objects("data", "aws_subnet") {
			assert.Equal(t, "${toset(var.private_subnet_ids)}", d["for_each"], name)
		}
		for name, d := range shared.Objects("data", "aws_subnets") {
			assert.Equal(t, map[string]any{"name": "subnet-id", "values": "${var.private_subnet_ids}"}, d["filter"].([]any)[0], name)
		}

		policyName := onlyName(t, byPrefix(shared, "aws_efs_file_system_policy", env), env+" policy")
		policy := shared.Resources("aws_efs_file_system_policy")[policyName]
		assert.Equal(t, fsID, policy["file_system_id"], env)
		st := tfjson.Statements(t, shared, tfjson.PolicyDocumentOf(t, policy))
		kafkaefstest.CheckStatement(t, kafkaefstest.AllowMountAndWrite([]any{map[string]any{"type": "AWS",
			"identifiers": "${concat([var.efs_csi_node_role_arn], var.efs_client_role_arns)}"}}),
			st["AllowMountAndWriteViaMountTarget"], env)
		assert.Equal(t, []any{tfjson.Ref("aws_efs_file_system", fsName, "arn")}, st["AllowMountAndWriteViaMountTarget"]["resources"], env)

		alarms := byPrefix(shared, "aws_cloudwatch_metric_alarm", env)
		require.NotEmpty(t, alarms, env)
		for name, a := range alarms {
			assert.Equal(t, "${var.alarm_actions}", a["alarm_actions"], name)
			raw, err := json.Marshal(a)
			require.NoError(t, err)
			assert.Contains(t, string(raw), `{"FileSystemId":"`+fsID+`"}`, "%s watches its own file system", name)
		}
	}
	assert.NotEqual(t, fileSystems["orders"], fileSystems["audit"])
}

// TestSynthDashboardAndAlarmSwitches: DisableDashboard leaves no dashboard and no output
// naming one, CreateCloudwatchAlarms off leaves no alarm and nothing referring to one;
// with them on, both are there and dashboard_url names the dashboard.
func TestSynthDashboardAndAlarmSwitches(t *testing.T) {
	off := variant(t, "no-dashboard")
	assert.Empty(t, off.Resources("aws_cloudwatch_dashboard"))
	assert.Empty(t, off.Resources("aws_cloudwatch_metric_alarm"))
	assert.Empty(t, off.Resources("aws_cloudwatch_event_rule"))
	assert.Empty(t, off.Objects("data", "aws_region"), "nothing reads the region without the dashboard and the endpoint")
	assert.NotContains(t, outputNames(off), "dashboard_url")
	raw, err := json.Marshal(off.Block("output"))
	require.NoError(t, err)
	assert.NotContains(t, string(raw), "aws_cloudwatch_dashboard")
	assert.NotContains(t, string(raw), "aws_cloudwatch_metric_alarm")
	assert.NotContains(t, string(raw), "console.aws.amazon.com/cloudwatch")

	on := variant(t, "alarms-bursting")
	dashboard := on.Only(t, "aws_cloudwatch_dashboard")
	assert.Equal(t, "kafka-dev-efs", dashboard["dashboard_name"])
	assert.NotEmpty(t, on.Resources("aws_cloudwatch_metric_alarm"))
	assert.Equal(t, "https://${data.aws_region."+onlyName(t, on.Objects("data", "aws_region"), "region")+".name}.console.aws.amazon.com/cloudwatch/home?region=${data.aws_region."+
		onlyName(t, on.Objects("data", "aws_region"), "region")+".name}#dashboards/dashboard/kafka-dev-efs", on.Output(t, "dashboard_url"))
	// The dashboard off changes nothing else: the same outputs but dashboard_url.
	base := slices.DeleteFunc(outputNames(variant(t, "staging")), func(n string) bool { return n == "dashboard_url" })
	assert.Equal(t, base, outputNames(off))
}

// TestOutputsOrder: Outputs lists the values in its documented order, each name once and
// each with a description, and the stack's outputs are exactly those, values included.
func TestOutputsOrder(t *testing.T) {
	synthesized(t)
	outs := variantOutputs["backup-custom"]
	var names []string
	for _, o := range outs {
		names = append(names, o.Name)
		assert.NotEmpty(t, o.Description, o.Name)
	}
	assert.Equal(t, []string{
		"file_system_id", "file_system_arn", "file_system_dns_name", "mount_target_ids", "mount_target_ip_addresses",
		"security_group_id", "log_group_name", "dashboard_url",
		"kafka_backup_access_point_id", "kafka_connect_access_point_id", "shared_logs_access_point_id",
		"backup_vault_name", "backup_vault_arn", "backup_plan_id", "restore_testing_plan_name",
		"efs_csi_node_role_arn", "mount_command", "kubernetes_storage_class",
		"kubernetes_pv_kafka_backups", "kubernetes_pv_kafka_connect", "kubernetes_pv_shared_logs",
		"kubernetes_manifests", "kubernetes_smoke_test_job", "confluent_connect_fragment", "strimzi_kafka_connect_fragment",
	}, names)
	doc := variant(t, "backup-custom")
	assert.ElementsMatch(t, names, outputNames(doc))
	for _, o := range outs {
		out := doc.Block("output", o.Name)
		assert.Equal(t, o.Description, out["description"], o.Name)
	}
	assert.Equal(t, kafkaefstest.FsRef(t, doc, "id"), doc.Output(t, "file_system_id"))
}

// TestSynthListTokens (variant 12b): a list token for the extra NFS sources and the
// subnets of the VPC endpoint reaches them as the variable itself.
func TestSynthListTokens(t *testing.T) {
	synthesized(t)
	doc := variantListTokens
	var foreach []any
	for _, r := range doc.Resources("aws_vpc_security_group_ingress_rule") {
		if fe, ok := r["for_each"]; ok {
			foreach = append(foreach, fe)
			assert.Equal(t, "${each.value}", r["referenced_security_group_id"])
		}
	}
	assert.Equal(t, []any{"${toset(var.sources)}"}, foreach)
	assert.Equal(t, "${var.subnets}", doc.Only(t, "aws_vpc_endpoint")["subnet_ids"])
	assert.Equal(t, "${toset(var.subnets)}", doc.Only(t, "aws_efs_mount_target")["for_each"])
}
