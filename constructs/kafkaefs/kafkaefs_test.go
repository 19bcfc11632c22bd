package kafkaefs

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
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchloggroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchmetricalarm"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsaccesspoint"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsbackuppolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsfilesystem"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsfilesystempolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsmounttarget"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsreplicationconfiguration"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securitygroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcendpoint"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcsecuritygroupingressrule"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
)

// This file tests, through the synthesized Terraform JSON, the construct variants that
// the three environment stacks (package stacks) do not cover: literal IDs instead of
// variables, alarms in bursting mode, the file system policy with and without IAM
// authorization and switched off, the VPC endpoint, extra NFS sources and replication,
// Archive storage, a KMS alias, the production guardrail by environment name, and an
// invalid Config.
//
// Every variant is its own stack in one Testing_App, synthesized once for the whole test
// binary. The synthesis is lazy (first test that needs it), not eager in TestMain: the
// jsii kernel costs about 4 s and 500 MiB per process, and the package's pure tests
// (validation, cost, manifests) and the fuzz workers of FuzzValidate, which run TestMain
// too, never need it.

// TestMain closes the jsii kernel, if a test started it, before the binary exits:
// otherwise its Node child is never reaped and a jsii-runtime.* folder stays behind.
func TestMain(m *testing.M) {
	code := func() int {
		defer jsii.Close()
		defer func() {
			if synthOutdir != "" {
				os.RemoveAll(synthOutdir)
			}
		}()
		return m.Run()
	}()
	os.Exit(code)
}

// Literal inputs of the synthesized variants.
const (
	synthVpcID       = "vpc-0123456789abcdef0"
	synthNodeSG      = "sg-0123456789abcdef0"
	synthAlarmTopic  = "arn:aws:sns:us-east-1:123456789012:alerts"
	synthKmsAliasArn = "arn:aws:kms:us-east-1:123456789012:alias/efs"
)

var (
	synthSubnets      = []string{"subnet-0123456789abcdef0", "subnet-0fedcba9876543210"}
	synthThreeSubnets = []string{"subnet-0123456789abcdef0", "subnet-0fedcba9876543210", "subnet-1a2b3c4d"}
	synthExtraSGs     = []string{"sg-0aaaaaaaaaaaaaaaa", "sg-0bbbbbbbbbbbbbbbb"}
	synthClientRoles  = []string{
		"arn:aws:iam::123456789012:role/efs-csi-driver",
		"arn:aws:iam::123456789012:role/kafka/kafka-broker",
	}
	synthUserTags = map[string]string{"team": "data-platform", "cost-center": "cc-1234"}
)

// synthBaseConfig is a valid non-production Config with literal IDs, every access point
// and user tags; each variant changes what it is about.
func synthBaseConfig() Config {
	return Config{
		ProjectName:                   "kafka",
		Environment:                   "dev",
		VpcID:                         synthVpcID,
		PrivateSubnetIDs:              slices.Clone(synthSubnets),
		EksNodeSecurityGroupID:        synthNodeSG,
		CreateKafkaBackupAccessPoint:  true,
		CreateKafkaConnectAccessPoint: true,
		CreateSharedLogsAccessPoint:   true,
		Tags:                          maps.Clone(synthUserTags),
	}
}

// synthCases are the valid variants, by stack name.
var synthCases = map[string]func(c *Config){
	// 1. Bursting throughput with alarms: all four alarms apply.
	"alarms-bursting": func(c *Config) {
		c.ThroughputMode = ThroughputBursting
		c.CreateCloudwatchAlarms = true
		c.AlarmActions = []string{synthAlarmTopic}
	},
	// 2. A literal list of three subnets.
	"literal-subnets": func(c *Config) { c.PrivateSubnetIDs = slices.Clone(synthThreeSubnets) },
	// 3. No client roles: TLS is enforced, IAM authorization is off.
	"tls-only": func(c *Config) {},
	// 4. Two client roles: IAM authorization on.
	"iam-roles": func(c *Config) { c.ClientRoleArns = slices.Clone(synthClientRoles) },
	// 5. The file system policy switched off.
	"no-policy": func(c *Config) { c.DisableFileSystemPolicy = true },
	// 6. VPC endpoint, extra NFS sources and a replica.
	"endpoint-replica": func(c *Config) {
		c.CreateVpcEndpoint = true
		c.AdditionalSourceSecurityGroupIDs = slices.Clone(synthExtraSGs)
		c.ReplicationRegion = "us-west-2"
	},
	// 7. Archive storage: three transitions.
	"archive": func(c *Config) {
		c.PerformanceMode = PerformanceGeneralPurpose
		c.ThroughputMode = ThroughputElastic
		c.TransitionToIA = "AFTER_30_DAYS"
		c.TransitionToArchive = "AFTER_90_DAYS"
		c.TransitionToPrimaryStorageClass = TransitionOnFirstAccess
	},
	// 8. Encryption with a KMS alias ARN.
	"kms-alias": func(c *Config) {
		c.EnableEncryption = true
		c.KmsKeyID = synthKmsAliasArn
	},
	// 9. The production guardrail, decided by the environment name.
	"staging": func(c *Config) { c.Environment = "staging" },
	"prod-eu": func(c *Config) {
		c.Environment = "prod-eu"
		c.EnableEncryption = true
		c.EnableAutomaticBackups = true
	},
}

// synthConfig returns the Config of a variant.
func synthConfig(stack string) Config {
	c := synthBaseConfig()
	synthCases[stack](&c)
	return c
}

// synthInvalidVpcID breaks the invalid variant (10) in one field.
const synthInvalidVpcID = "vpc-nope"

// invalidSynth is what the invalid variant left behind.
type invalidSynth struct {
	efs            *KafkaEfs
	err            error
	before, after  int // children of the stack before and after New
	doc            tfDoc
	invalidStackID string
}

var (
	synthOnce    sync.Once
	synthErr     error
	synthDocs    map[string]tfDoc // valid variants, by stack name
	synthInvalid invalidSynth
)

// synthesized returns the JSON of every valid variant, synthesizing them all on first use.
func synthesized(t *testing.T) map[string]tfDoc {
	t.Helper()
	synthOnce.Do(func() { synthErr = synthesizeAll() })
	require.NoError(t, synthErr, "synthesizing the variants")
	return synthDocs
}

// synthesizedDoc returns the JSON of one valid variant.
func synthesizedDoc(t *testing.T, stack string) tfDoc {
	t.Helper()
	doc, ok := synthesized(t)[stack]
	require.True(t, ok, "no variant %s", stack)
	return doc
}

// synthOutdir is the Testing_App's output folder, removed by TestMain.
var synthOutdir string

// synthesizeAll builds every variant as a stack of one Testing_App and synthesizes it.
// jsii reports errors as panics; they become the returned error.
func synthesizeAll() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	// Testing_App(nil) would create an output folder in the temp folder and never remove it.
	if synthOutdir, err = os.MkdirTemp("", "kafkaefs-synth-"); err != nil {
		return err
	}
	app := cdktf.Testing_App(&cdktf.TestingAppConfig{Outdir: jsii.String(synthOutdir)})
	newStack := func(name string) cdktf.TerraformStack {
		stack := cdktf.NewTerraformStack(app, jsii.String(name))
		provider.NewAwsProvider(stack, jsii.String("aws"), &provider.AwsProviderConfig{Region: jsii.String("us-east-1")})
		return stack
	}
	synth := func(stack cdktf.TerraformStack) (tfDoc, error) {
		var doc tfDoc
		raw := *cdktf.Testing_Synth(stack, jsii.Bool(false))
		if err := json.Unmarshal([]byte(raw), &doc); err != nil {
			return nil, err
		}
		return doc, nil
	}

	docs := map[string]tfDoc{}
	for _, name := range slices.Sorted(maps.Keys(synthCases)) {
		stack := newStack(name)
		if _, err := New(stack, "kafka-efs", synthConfig(name)); err != nil {
			return fmt.Errorf("variant %s: %w", name, err)
		}
		doc, err := synth(stack)
		if err != nil {
			return fmt.Errorf("variant %s: %w", name, err)
		}
		docs[name] = doc
	}

	// 10. An invalid Config must add nothing to the stack.
	inv := invalidSynth{invalidStackID: "invalid"}
	stack := newStack(inv.invalidStackID)
	cfg := synthBaseConfig()
	cfg.VpcID = synthInvalidVpcID
	inv.before = len(*stack.Node().Children())
	inv.efs, inv.err = New(stack, "kafka-efs", cfg)
	inv.after = len(*stack.Node().Children())
	if inv.doc, err = synth(stack); err != nil {
		return fmt.Errorf("invalid variant: %w", err)
	}

	synthDocs, synthInvalid = docs, inv
	return nil
}

// tfDoc is a synthesized stack, decoded generically.
type tfDoc map[string]any

// block returns the object at path (e.g. "resource", "aws_efs_file_system"), or nil.
func (d tfDoc) block(path ...string) map[string]any {
	var cur any = map[string]any(d)
	for _, p := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[p]
	}
	m, _ := cur.(map[string]any)
	return m
}

// objects returns the blocks of one kind ("resource" or "data") and type, by logical name.
func (d tfDoc) objects(kind, typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for name, r := range d.block(kind, typ) {
		out[name] = r.(map[string]any)
	}
	return out
}

// resources returns the resources of one type, by logical name.
func (d tfDoc) resources(typ string) map[string]map[string]any {
	return d.objects("resource", typ)
}

// only returns the logical name and body of the single block of a kind and type, failing
// the test unless there is exactly one.
func (d tfDoc) only(t *testing.T, kind, typ string) (string, map[string]any) {
	t.Helper()
	objs := d.objects(kind, typ)
	require.Len(t, objs, 1, "%s %s", kind, typ)
	for name, o := range objs {
		return name, o
	}
	return "", nil
}

// onlyResource is only for resources.
func (d tfDoc) onlyResource(t *testing.T, typ string) (string, map[string]any) {
	t.Helper()
	return d.only(t, "resource", typ)
}

// output returns the value of a Terraform output.
func (d tfDoc) output(t *testing.T, name string) any {
	t.Helper()
	o, ok := d.block("output")[name].(map[string]any)
	require.True(t, ok, "output %s missing", name)
	return o["value"]
}

// fsRef is the reference to an attribute of the variant's only file system.
func (d tfDoc) fsRef(t *testing.T, attr string) string {
	t.Helper()
	name, _ := d.onlyResource(t, "aws_efs_file_system")
	return tfRef("aws_efs_file_system", name, attr)
}

// tfRef is the Terraform expression cdktf writes for a reference to an attribute.
func tfRef(typ, name, attr string) string { return "${" + typ + "." + name + "." + attr + "}" }

// anyStrings converts strings to the []any a decoded JSON list is.
func anyStrings(s ...string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// TestEnabledAlarmsByMode checks which alarms each mode combination gets: PercentIOLimit
// only for generalPurpose, BurstCreditBalance only for bursting, connections and
// throughput utilization always; none at all with alarms off. (maxIO + elastic is refused
// by Validate, but enabledAlarms only looks at the modes.)
func TestEnabledAlarmsByMode(t *testing.T) {
	tests := []struct {
		performance, throughput string
		want                    []string
	}{
		{"", "", []string{"io_limit", "burst_credits", "client_connections", "throughput_utilization"}},
		{PerformanceGeneralPurpose, ThroughputBursting, []string{"io_limit", "burst_credits", "client_connections", "throughput_utilization"}},
		{PerformanceGeneralPurpose, ThroughputElastic, []string{"io_limit", "client_connections", "throughput_utilization"}},
		{PerformanceGeneralPurpose, ThroughputProvisioned, []string{"io_limit", "client_connections", "throughput_utilization"}},
		{PerformanceMaxIO, ThroughputBursting, []string{"burst_credits", "client_connections", "throughput_utilization"}},
		{PerformanceMaxIO, ThroughputElastic, []string{"client_connections", "throughput_utilization"}},
		{PerformanceMaxIO, ThroughputProvisioned, []string{"client_connections", "throughput_utilization"}},
	}
	for _, tt := range tests {
		t.Run(tt.performance+"+"+tt.throughput, func(t *testing.T) {
			c := Config{PerformanceMode: tt.performance, ThroughputMode: tt.throughput, CreateCloudwatchAlarms: true}
			var got []string
			for _, a := range c.enabledAlarms() {
				got = append(got, a.Key)
			}
			assert.Equal(t, tt.want, got)

			c.CreateCloudwatchAlarms = false
			assert.Empty(t, c.enabledAlarms(), "alarms off")
		})
	}
}

// TestSynthBurstingAlarms (variant 1): a bursting generalPurpose file system gets exactly
// the four alarms, each on the file system and notifying the topic on alarm and on OK.
func TestSynthBurstingAlarms(t *testing.T) {
	doc := synthesizedDoc(t, "alarms-bursting")
	fsID := doc.fsRef(t, "id")
	dimensions := map[string]any{"FileSystemId": fsID}

	alarms := map[string]map[string]any{}
	for _, a := range doc.resources("aws_cloudwatch_metric_alarm") {
		name, _ := a["alarm_name"].(string)
		key, ok := strings.CutPrefix(name, "kafka-dev-efs-")
		require.True(t, ok, "alarm name %q", name)
		alarms[key] = a
	}
	require.ElementsMatch(t, []string{"io_limit", "burst_credits", "client_connections", "throughput_utilization"},
		slices.Collect(maps.Keys(alarms)))

	for key, a := range alarms {
		assert.Equal(t, anyStrings(synthAlarmTopic), a["alarm_actions"], key)
		assert.Equal(t, anyStrings(synthAlarmTopic), a["ok_actions"], key)
		assert.NotEmpty(t, a["alarm_description"], key)
		assert.Equal(t, float64(3), a["evaluation_periods"], key)
	}

	// Plain metric alarms on AWS/EFS, dimension FileSystemId.
	plain := map[string]struct {
		metric, statistic, comparison string
		threshold                     float64
	}{
		"io_limit":           {"PercentIOLimit", "Average", "GreaterThanThreshold", 95},
		"burst_credits":      {"BurstCreditBalance", "Minimum", "LessThanThreshold", 377487360000}, // 100 MiB/s for 1 h, in bytes
		"client_connections": {"ClientConnections", "Sum", "GreaterThanThreshold", 1000},
	}
	for key, w := range plain {
		a := alarms[key]
		assert.Equal(t, "AWS/EFS", a["namespace"], key)
		assert.Equal(t, w.metric, a["metric_name"], key)
		assert.Equal(t, w.statistic, a["statistic"], key)
		assert.Equal(t, w.comparison, a["comparison_operator"], key)
		assert.Equal(t, w.threshold, a["threshold"], key)
		assert.Equal(t, float64(300), a["period"], key)
		assert.Equal(t, dimensions, a["dimensions"], key)
		assert.NotContains(t, a, "metric_query", key)
	}

	// Throughput utilization is metric math over two metrics of the file system.
	tu := alarms["throughput_utilization"]
	assert.Equal(t, "GreaterThanThreshold", tu["comparison_operator"])
	assert.Equal(t, float64(80), tu["threshold"])
	for _, field := range []string{"metric_name", "namespace", "statistic", "dimensions"} {
		assert.NotContains(t, tu, field, "a metric math alarm has no %s", field)
	}
	metric := func(name, stat string) map[string]any {
		return map[string]any{"namespace": "AWS/EFS", "metric_name": name, "stat": stat, "period": float64(300), "dimensions": dimensions}
	}
	assert.Equal(t, []any{
		map[string]any{"id": "e1", "expression": "(m1 / PERIOD(m1)) / m2 * 100", "label": "throughput_utilization", "return_data": true},
		map[string]any{"id": "m1", "metric": metric("MeteredIOBytes", "Sum")},
		map[string]any{"id": "m2", "metric": metric("PermittedThroughput", "Average")},
	}, tu["metric_query"])

	// Variants without alarms have none.
	assert.Empty(t, synthesizedDoc(t, "tls-only").resources("aws_cloudwatch_metric_alarm"))
}

// synthResourceConfigs maps each resource type the construct may create to its binding's
// config struct: a type is taggable when the struct has a Tags field. A resource type
// missing here fails TestSynthTags, so that a new resource is looked at.
var synthResourceConfigs = map[string]reflect.Type{
	"aws_efs_file_system":                 reflect.TypeFor[efsfilesystem.EfsFileSystemConfig](),
	"aws_efs_file_system_policy":          reflect.TypeFor[efsfilesystempolicy.EfsFileSystemPolicyConfig](),
	"aws_efs_backup_policy":               reflect.TypeFor[efsbackuppolicy.EfsBackupPolicyConfig](),
	"aws_efs_replication_configuration":   reflect.TypeFor[efsreplicationconfiguration.EfsReplicationConfigurationConfig](),
	"aws_efs_mount_target":                reflect.TypeFor[efsmounttarget.EfsMountTargetConfig](),
	"aws_efs_access_point":                reflect.TypeFor[efsaccesspoint.EfsAccessPointConfig](),
	"aws_security_group":                  reflect.TypeFor[securitygroup.SecurityGroupConfig](),
	"aws_vpc_security_group_ingress_rule": reflect.TypeFor[vpcsecuritygroupingressrule.VpcSecurityGroupIngressRuleConfig](),
	"aws_vpc_endpoint":                    reflect.TypeFor[vpcendpoint.VpcEndpointConfig](),
	"aws_cloudwatch_log_group":            reflect.TypeFor[cloudwatchloggroup.CloudwatchLogGroupConfig](),
	"aws_cloudwatch_metric_alarm":         reflect.TypeFor[cloudwatchmetricalarm.CloudwatchMetricAlarmConfig](),
}

// TestSynthTags checks that every taggable resource of every variant (variant 1 with its
// alarms, variant 6 with its endpoint, ...) carries a Name under the variant's name and
// exactly the user tags of Config.Tags besides.
func TestSynthTags(t *testing.T) {
	taggedTypes := map[string]bool{}
	for stack, doc := range synthesized(t) {
		t.Run(stack, func(t *testing.T) {
			prefix := synthConfig(stack).Name() + "-"
			for typ, rs := range doc.block("resource") {
				cfgType, known := synthResourceConfigs[typ]
				if !assert.True(t, known, "resource type %s: add it to synthResourceConfigs", typ) {
					continue
				}
				_, taggable := cfgType.FieldByName("Tags")
				for name, r := range rs.(map[string]any) {
					tags, hasTags := r.(map[string]any)["tags"].(map[string]any)
					if !taggable {
						assert.False(t, hasTags, "%s.%s cannot be tagged", typ, name)
						continue
					}
					taggedTypes[typ] = true
					if !assert.True(t, hasTags, "%s.%s has no tags", typ, name) {
						continue
					}
					tagName, _ := tags["Name"].(string)
					assert.True(t, strings.HasPrefix(tagName, prefix) || tagName == "/aws/efs/"+synthConfig(stack).Name(),
						"%s.%s: Name tag %q does not name the variant", typ, name, tagName)
					delete(tags, "Name")
					assert.Equal(t, map[string]any{"team": "data-platform", "cost-center": "cc-1234"}, tags,
						"%s.%s: user tags", typ, name)
				}
			}
		})
	}
	// The variants cover every taggable type the construct creates.
	for typ, cfgType := range synthResourceConfigs {
		if _, taggable := cfgType.FieldByName("Tags"); taggable {
			assert.True(t, taggedTypes[typ], "no variant creates %s", typ)
		}
	}
	// Variant 1 has its alarms, file system, security group, rule, access points and log
	// group tagged: the loop above checked them; make sure they were there.
	doc := synthesizedDoc(t, "alarms-bursting")
	for _, typ := range []string{"aws_efs_file_system", "aws_security_group", "aws_vpc_security_group_ingress_rule",
		"aws_efs_access_point", "aws_cloudwatch_log_group", "aws_cloudwatch_metric_alarm"} {
		assert.NotEmpty(t, doc.resources(typ), typ)
	}
}

// TestSynthLiteralSubnets (variant 2): a literal subnet list is still one mount target
// resource, iterating over the list with for_each.
func TestSynthLiteralSubnets(t *testing.T) {
	doc := synthesizedDoc(t, "literal-subnets")
	mtName, mt := doc.onlyResource(t, "aws_efs_mount_target")
	assert.Equal(t, `${toset(["subnet-0123456789abcdef0", "subnet-0fedcba9876543210", "subnet-1a2b3c4d"])}`, mt["for_each"])
	assert.Equal(t, "${each.value}", mt["subnet_id"])
	assert.Equal(t, doc.fsRef(t, "id"), mt["file_system_id"])
	sgName, _ := doc.onlyResource(t, "aws_security_group")
	assert.Equal(t, anyStrings(tfRef("aws_security_group", sgName, "id")), mt["security_groups"])

	// The outputs iterate over the mount target instances, not over the subnet strings.
	assert.Equal(t, "${[ for key, val in aws_efs_mount_target."+mtName+": val.id]}", doc.output(t, "mount_target_ids"))
	assert.Equal(t, "${[ for key, val in aws_efs_mount_target."+mtName+": val.ip_address]}", doc.output(t, "mount_target_ip_addresses"))
}

// policyStatements returns the statements of the variant's file system policy document,
// by Sid, after checking that the policy resource uses that document on the file system.
func policyStatements(t *testing.T, doc tfDoc) map[string]map[string]any {
	t.Helper()
	docName, pd := doc.only(t, "data", "aws_iam_policy_document")
	_, policy := doc.onlyResource(t, "aws_efs_file_system_policy")
	assert.Equal(t, doc.fsRef(t, "id"), policy["file_system_id"])
	assert.Equal(t, tfRef("data.aws_iam_policy_document", docName, "json"), policy["policy"])

	out := map[string]map[string]any{}
	for _, s := range pd["statement"].([]any) {
		st := s.(map[string]any)
		sid, _ := st["sid"].(string)
		require.NotContains(t, out, sid, "duplicate Sid")
		out[sid] = st
		assert.Equal(t, anyStrings(doc.fsRef(t, "arn")), st["resources"], sid)
	}
	return out
}

// principals is the principals block for AWS identifiers.
func principals(ids ...string) []any {
	return []any{map[string]any{"type": "AWS", "identifiers": anyStrings(ids...)}}
}

// condition is a one-condition list.
func condition(test, variable string, values ...string) []any {
	return []any{map[string]any{"test": test, "variable": variable, "values": anyStrings(values...)}}
}

// denyNonSecureTransport is the statement every policy starts with.
var denyNonSecureTransport = map[string]any{
	"effect": "Deny", "principals": principals("*"), "actions": anyStrings("*"),
	"condition": condition("Bool", "aws:SecureTransport", "false"),
}

// checkStatement compares a statement with want, ignoring sid and resources (checked by
// policyStatements).
func checkStatement(t *testing.T, want map[string]any, got map[string]any, sid string) {
	t.Helper()
	g := maps.Clone(got)
	delete(g, "sid")
	delete(g, "resources")
	assert.Equal(t, want, g, sid)
}

// checkMountOptions checks the mount command and the Kubernetes manifests of a variant
// for the mount options opts, and that they reference the file system and access points.
func checkMountOptions(t *testing.T, doc tfDoc, opts ...string) {
	t.Helper()
	fsID := doc.fsRef(t, "id")
	assert.Equal(t, "sudo mkdir -p /mnt/efs && sudo mount -t efs -o "+strings.Join(opts, ",")+" "+fsID+":/ /mnt/efs",
		doc.output(t, "mount_command"))

	sc := decodeStrict[storagev1.StorageClass](t, doc.output(t, "kubernetes_storage_class").(string))
	assert.Equal(t, opts, sc.MountOptions, "StorageClass")
	assert.Equal(t, fsID, sc.Parameters["fileSystemId"])

	apByPath := map[string]string{}
	for name, ap := range doc.resources("aws_efs_access_point") {
		apByPath[ap["root_directory"].(map[string]any)["path"].(string)] = tfRef("aws_efs_access_point", name, "id")
	}
	require.Len(t, apByPath, len(accessPoints))
	for _, ap := range accessPoints {
		manifest, _ := doc.output(t, ap.ManifestOutput).(string)
		docs := strings.Split(manifest, "---\n")
		require.Len(t, docs, 2, ap.ManifestOutput)
		pv := decodeStrict[corev1.PersistentVolume](t, docs[0])
		assert.Equal(t, opts, pv.Spec.MountOptions, ap.ManifestOutput)
		require.NotNil(t, pv.Spec.CSI, ap.ManifestOutput)
		assert.Equal(t, fsID+"::"+apByPath[ap.Path], pv.Spec.CSI.VolumeHandle, ap.ManifestOutput)
		decodeStrict[corev1.PersistentVolumeClaim](t, docs[1])
	}
}

// TestSynthPolicyWithoutClientRoles (variant 3): without ClientRoleArns, the policy
// enforces TLS and mount-target access for any principal, denies no principal by name,
// and clients mount with tls only.
func TestSynthPolicyWithoutClientRoles(t *testing.T) {
	doc := synthesizedDoc(t, "tls-only")
	st := policyStatements(t, doc)
	require.ElementsMatch(t, []string{"DenyNonSecureTransport", "AllowMountAndWriteViaMountTarget"}, slices.Collect(maps.Keys(st)))
	checkStatement(t, denyNonSecureTransport, st["DenyNonSecureTransport"], "DenyNonSecureTransport")
	checkStatement(t, map[string]any{
		"effect": "Allow", "principals": principals("*"),
		"actions":   anyStrings("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"),
		"condition": condition("Bool", "elasticfilesystem:AccessedViaMountTarget", "true"),
	}, st["AllowMountAndWriteViaMountTarget"], "AllowMountAndWriteViaMountTarget")
	checkMountOptions(t, doc, "tls")
}

// TestSynthPolicyWithClientRoles (variant 4): with two ClientRoleArns, only those roles
// may mount and write, every other principal (anonymous included) is denied, and
// clients mount with tls,iam.
func TestSynthPolicyWithClientRoles(t *testing.T) {
	doc := synthesizedDoc(t, "iam-roles")
	st := policyStatements(t, doc)
	require.ElementsMatch(t, []string{"DenyNonSecureTransport", "DenyUnlistedAndAnonymousClients", "AllowMountAndWriteViaMountTarget"},
		slices.Collect(maps.Keys(st)))
	checkStatement(t, denyNonSecureTransport, st["DenyNonSecureTransport"], "DenyNonSecureTransport")
	checkStatement(t, map[string]any{
		"effect": "Deny", "principals": principals("*"),
		"actions":   anyStrings("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"),
		"condition": condition("ArnNotEquals", "aws:PrincipalArn", synthClientRoles...),
	}, st["DenyUnlistedAndAnonymousClients"], "DenyUnlistedAndAnonymousClients")
	checkStatement(t, map[string]any{
		"effect": "Allow", "principals": principals(synthClientRoles...),
		"actions":   anyStrings("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"),
		"condition": condition("Bool", "elasticfilesystem:AccessedViaMountTarget", "true"),
	}, st["AllowMountAndWriteViaMountTarget"], "AllowMountAndWriteViaMountTarget")
	checkMountOptions(t, doc, "tls", "iam")
}

// TestSynthPolicyNeverAllowsRoot: in no variant does a policy statement allow root access
// (root is squashed), or allow anything without going through a mount target.
func TestSynthPolicyNeverAllowsRoot(t *testing.T) {
	policies := 0
	for stack, doc := range synthesized(t) {
		for _, pd := range doc.objects("data", "aws_iam_policy_document") {
			policies++
			for _, s := range pd["statement"].([]any) {
				st := s.(map[string]any)
				if st["effect"] != "Allow" {
					continue
				}
				for _, action := range st["actions"].([]any) {
					assert.NotContains(t, []any{"elasticfilesystem:ClientRootAccess", "elasticfilesystem:*", "*"}, action,
						"%s: statement %v allows %v", stack, st["sid"], action)
				}
				assert.Equal(t, condition("Bool", "elasticfilesystem:AccessedViaMountTarget", "true"), st["condition"],
					"%s: statement %v", stack, st["sid"])
			}
		}
	}
	assert.Equal(t, len(synthCases)-1, policies, "every variant but no-policy has a policy document")
}

// TestSynthPolicyDisabled (variant 5): DisableFileSystemPolicy leaves no policy and no
// policy document.
func TestSynthPolicyDisabled(t *testing.T) {
	doc := synthesizedDoc(t, "no-policy")
	assert.Empty(t, doc.resources("aws_efs_file_system_policy"))
	assert.Empty(t, doc.objects("data", "aws_iam_policy_document"))
	doc.onlyResource(t, "aws_efs_file_system")
}

// ingressRules returns the ingress rules of a variant by the security group they belong to.
func ingressRules(doc tfDoc) map[string][]map[string]any {
	out := map[string][]map[string]any{}
	for _, r := range doc.resources("aws_vpc_security_group_ingress_rule") {
		group, _ := r["security_group_id"].(string)
		out[group] = append(out[group], r)
	}
	return out
}

// TestSynthEndpointSourcesReplication (variant 6): the interface endpoint for the EFS API
// in the private subnets, reachable over HTTPS from the nodes only; one NFS rule per
// additional source; the replica in us-west-2. Other variants have none of these.
func TestSynthEndpointSourcesReplication(t *testing.T) {
	doc := synthesizedDoc(t, "endpoint-replica")

	groups := map[string]string{} // security group name -> reference to its id
	for name, sg := range doc.resources("aws_security_group") {
		groups[sg["name"].(string)] = tfRef("aws_security_group", name, "id")
		assert.Equal(t, synthVpcID, sg["vpc_id"])
		assert.NotContains(t, sg, "ingress")
		assert.NotContains(t, sg, "egress")
	}
	require.Len(t, groups, 2)
	nfsSG, endpointSG := groups["kafka-dev-efs-sg"], groups["kafka-dev-efs-endpoint-sg"]
	require.NotEmpty(t, nfsSG)
	require.NotEmpty(t, endpointSG)

	regionName, _ := doc.only(t, "data", "aws_region")
	_, ep := doc.onlyResource(t, "aws_vpc_endpoint")
	assert.Equal(t, "Interface", ep["vpc_endpoint_type"])
	assert.Equal(t, "com.amazonaws.${data.aws_region."+regionName+".name}.elasticfilesystem", ep["service_name"])
	assert.Equal(t, true, ep["private_dns_enabled"])
	assert.Equal(t, synthVpcID, ep["vpc_id"])
	assert.Equal(t, anyStrings(synthSubnets...), ep["subnet_ids"])
	assert.Equal(t, anyStrings(endpointSG), ep["security_group_ids"])

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
	assert.Equal(t, synthNodeSG, https["referenced_security_group_id"])
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
	assert.ElementsMatch(t, []any{synthNodeSG, "${each.value}"}, sources)
	assert.Empty(t, doc.resources("aws_vpc_security_group_egress_rule"))

	_, repl := doc.onlyResource(t, "aws_efs_replication_configuration")
	assert.Equal(t, doc.fsRef(t, "id"), repl["source_file_system_id"])
	assert.Equal(t, map[string]any{"region": "us-west-2"}, repl["destination"])

	// Without the options: no endpoint, region lookup or replica, one NFS rule.
	base := synthesizedDoc(t, "tls-only")
	assert.Empty(t, base.resources("aws_vpc_endpoint"))
	assert.Empty(t, base.objects("data", "aws_region"))
	assert.Empty(t, base.resources("aws_efs_replication_configuration"))
	assert.Len(t, base.resources("aws_security_group"), 1)
	assert.Len(t, base.resources("aws_vpc_security_group_ingress_rule"), 1)
}

// TestSynthArchiveLifecycle (variant 7): three transitions make three lifecycle_policy
// blocks with one transition each, as AWS requires.
func TestSynthArchiveLifecycle(t *testing.T) {
	_, fs := synthesizedDoc(t, "archive").onlyResource(t, "aws_efs_file_system")
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

// TestSynthKmsAlias (variant 8): the file system takes the alias ARN; the log group gets
// no key, since CloudWatch Logs accepts key ARNs only.
func TestSynthKmsAlias(t *testing.T) {
	doc := synthesizedDoc(t, "kms-alias")
	_, fs := doc.onlyResource(t, "aws_efs_file_system")
	assert.Equal(t, true, fs["encrypted"])
	assert.Equal(t, synthKmsAliasArn, fs["kms_key_id"])
	_, lg := doc.onlyResource(t, "aws_cloudwatch_log_group")
	assert.NotContains(t, lg, "kms_key_id")
	assert.Equal(t, "/aws/efs/kafka-dev", lg["name"])
}

// TestSynthPreventDestroy (variant 9): a production environment ("prod-...") protects the
// file system with prevent_destroy; any other name does not.
func TestSynthPreventDestroy(t *testing.T) {
	_, staging := synthesizedDoc(t, "staging").onlyResource(t, "aws_efs_file_system")
	assert.NotContains(t, staging, "lifecycle")
	assert.Equal(t, "kafka-staging-efs", staging["creation_token"])

	prod := synthesizedDoc(t, "prod-eu")
	_, fs := prod.onlyResource(t, "aws_efs_file_system")
	assert.Equal(t, map[string]any{"prevent_destroy": true}, fs["lifecycle"])
	assert.Equal(t, "kafka-prod-eu-efs", fs["creation_token"])
	assert.Equal(t, true, fs["encrypted"])
	_, bp := prod.onlyResource(t, "aws_efs_backup_policy")
	assert.Equal(t, map[string]any{"status": "ENABLED"}, bp["backup_policy"])
}

// TestNewRejectsInvalidConfig (variant 10): New returns the validation error, naming the
// field, and adds nothing to the stack.
func TestNewRejectsInvalidConfig(t *testing.T) {
	synthesized(t)
	inv := synthInvalid
	require.Error(t, inv.err)
	assert.Nil(t, inv.efs)
	var fe *FieldError
	require.True(t, errors.As(inv.err, &fe), "want a *FieldError in %v", inv.err)
	assert.Equal(t, "VpcID", fe.Field)
	assert.Equal(t, synthInvalidVpcID, fe.Value)
	assert.Contains(t, inv.err.Error(), `VpcID = "vpc-nope"`)
	assert.Contains(t, inv.err.Error(), `"kafka-efs"`, "the error names the construct")

	assert.Equal(t, 1, inv.before, "the stack holds its provider")
	assert.Equal(t, inv.before, inv.after, "New added children to the stack")
	for _, section := range []string{"resource", "data", "output"} {
		assert.NotContains(t, inv.doc, section)
	}
}
