package stacks

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafka-efs/kafka-efs/constructs/kafkaefs"

	"github.com/kafka-efs/kafka-efs/internal/kafkaefstest"
	"github.com/kafka-efs/kafka-efs/internal/tfjson"
)

// expected is what a file system stack must show. shipped pins it for the spec's usage
// examples; expect derives it from any Environment, so a new environment is tested
// without an entry here (TestExpectFollowsTheShippedPins checks the derivation against
// the pins).
type expected struct {
	performance, throughput string
	provisioned             float64 // MiB/s, 0 when not provisioned
	lifecycle               []map[string]any
	customerKey             bool
	accessPoints            []string // root directory paths
	backupPlan              bool     // the construct's AWS Backup plan
	backupCopyRegion        string   // region of the copy vault, "" without a copy
	alarms                  []string // alarm name suffixes of the file system's alarms
	backupAlarms            []string // those of the backup side's alarms (silence, delivery)
	alarmTopic              string
	logRetention            float64
	production              bool     // prevent_destroy on the data and its keys and vaults
	dashboard               []string // widget titles, in order
}

// shipped is what the spec's usage examples promise for each shipped stack, value by value.
var shipped = map[string]expected{
	"dev": {
		performance: "generalPurpose", throughput: "bursting",
		lifecycle: []map[string]any{
			{"transition_to_ia": "AFTER_7_DAYS"},
			{"transition_to_primary_storage_class": "AFTER_1_ACCESS"},
		},
		accessPoints: []string{"/kafka-backups", "/kafka-connect-plugins"},
		logRetention: 7,
		dashboard: []string{"Throughput (MiB/s)", "Permitted throughput used (%)", "IOPS", "I/O limit used (PercentIOLimit, %)",
			"Burst credit balance (bytes)", "Client connections (average)", "Storage by class (bytes)"},
	},
	"prod": {
		performance: "generalPurpose", throughput: "elastic",
		lifecycle: []map[string]any{
			{"transition_to_ia": "AFTER_30_DAYS"},
			{"transition_to_primary_storage_class": "AFTER_1_ACCESS"},
		},
		customerKey:      true,
		accessPoints:     []string{"/kafka-backups", "/kafka-connect-plugins", "/shared-logs"},
		backupPlan:       true,
		backupCopyRegion: "us-west-2",
		alarms:           []string{"client_connections", "metered_throughput", "metered_data", "clients_gone"},
		alarmTopic:       "confluent-kafka-prod-alerts",
		backupAlarms:     []string{"backup_completed", "event_delivery", "event_dead_letters", "restore_check_failed"},
		logRetention:     90,
		production:       true,
		// Elastic: no permitted throughput, which is the file system's maximum there.
		dashboard: []string{"Alarms of confluent-kafka-prod EFS", "Throughput (MiB/s)", "Metered throughput (MiB/s)",
			"Elastic data access cost, daily pace (USD/day)", "IOPS",
			"I/O limit used (PercentIOLimit, %)", "Client connections (average)", "Storage by class (bytes)"},
	},
	"prod-high-performance": {
		performance: "maxIO", throughput: "provisioned", provisioned: 200,
		customerKey:  true,
		accessPoints: []string{"/kafka-backups", "/kafka-connect-plugins", "/shared-logs"},
		backupPlan:   true,
		alarms:       []string{"client_connections", "throughput_utilization", "clients_gone"},
		alarmTopic:   "confluent-kafka-prod-high-performance-critical-alerts",
		backupAlarms: []string{"backup_completed", "event_delivery", "event_dead_letters", "restore_check_failed"},
		logRetention: 90,
		production:   true,
		dashboard: []string{"Alarms of confluent-kafka-prod-high-performance EFS", "Throughput (MiB/s)",
			"Permitted throughput used (%)", "IOPS", "Client connections (average)", "Storage by class (bytes)"},
	},
}

// modeRule is a part of a stack that exists for some performance and throughput modes
// only (the EFS user guide: PercentIOLimit exists under General Purpose, BurstCreditBalance
// under bursting, and under elastic PermittedThroughput is the file system's maximum).
type modeRule struct {
	name      string
	appliesTo func(performance, throughput string) bool
}

var (
	always         = func(_, _ string) bool { return true }
	generalPurpose = func(p, _ string) bool { return p == "generalPurpose" }
	// ioLimited: the EFS user guide documents PercentIOLimit for General Purpose and no
	// I/O limit percentage under elastic.
	ioLimited  = func(p, t string) bool { return p == "generalPurpose" && t != "elastic" }
	bursting   = func(_, t string) bool { return t == "bursting" }
	elastic    = func(_, t string) bool { return t == "elastic" }
	notElastic = func(_, t string) bool { return t != "elastic" }
)

// alarmRules are the alarms a stack with CreateCloudwatchAlarms has, by its modes.
var alarmRules = []modeRule{
	{"client_connections", always}, {"io_limit", ioLimited}, {"burst_credits", bursting},
	{"throughput_utilization", notElastic}, {"metered_throughput", elastic}, {"metered_data", elastic},
}

// dashboardRules are the dashboard's graphs, in order, by the stack's modes; the alarm
// widget comes first where there are alarms.
var dashboardRules = []modeRule{
	{"Throughput (MiB/s)", always}, {"Metered throughput (MiB/s)", elastic}, {"Elastic data access cost, daily pace (USD/day)", elastic},
	{"Permitted throughput used (%)", notElastic}, {"IOPS", always}, {"I/O limit used (PercentIOLimit, %)", generalPurpose},
	{"Burst credit balance (bytes)", bursting}, {"Client connections (average)", always}, {"Storage by class (bytes)", always},
}

// accessPointPaths are the access points' root directories, by the Config field that
// creates each.
var accessPointPaths = []struct {
	path    string
	enabled func(kafkaefs.Config) bool
}{
	{"/kafka-backups", func(c kafkaefs.Config) bool { return c.CreateKafkaBackupAccessPoint }},
	{"/kafka-connect-plugins", func(c kafkaefs.Config) bool { return c.CreateKafkaConnectAccessPoint }},
	{"/shared-logs", func(c kafkaefs.Config) bool { return c.CreateSharedLogsAccessPoint }},
}

// expect derives what the stack of env must show under s from its Environment: the
// rules every stack follows, written out once so that a new environment needs no test
// edit.
func expect(env Environment, s Settings) expected {
	cfg := env.Config
	perf, tp := cmp.Or(cfg.PerformanceMode, "generalPurpose"), cmp.Or(cfg.ThroughputMode, "bursting")
	w := expected{
		performance: perf, throughput: tp, provisioned: cfg.ProvisionedThroughputInMibps,
		customerKey: env.CustomerManagedKey, backupPlan: cfg.BackupPlan != nil,
		logRetention: float64(cmp.Or(cfg.LogRetentionDays, kafkaefs.DefaultLogRetentionDays)),
		production:   cfg.Environment == "prod" || strings.HasPrefix(cfg.Environment, "prod-"),
	}
	for _, l := range []struct{ key, value string }{
		{"transition_to_ia", cfg.TransitionToIA},
		{"transition_to_primary_storage_class", cfg.TransitionToPrimaryStorageClass},
		{"transition_to_archive", cfg.TransitionToArchive},
	} {
		if l.value != "" {
			w.lifecycle = append(w.lifecycle, map[string]any{l.key: l.value})
		}
	}
	for _, ap := range accessPointPaths {
		if ap.enabled(cfg) {
			w.accessPoints = append(w.accessPoints, ap.path)
		}
	}
	if env.CopyBackups && w.backupPlan {
		w.backupCopyRegion = s.BackupCopyRegion
	}
	if env.AlarmTopic != "" {
		w.alarmTopic = s.ProjectName + "-" + cfg.Environment + "-" + env.AlarmTopic
		if w.backupPlan {
			w.backupAlarms = []string{"backup_completed", "event_delivery", "event_dead_letters", "restore_check_failed"}
		}
	}
	if cfg.CreateCloudwatchAlarms {
		for _, a := range alarmRules {
			if a.appliesTo(perf, tp) {
				w.alarms = append(w.alarms, a.name)
			}
		}
		if w.production {
			w.alarms = append(w.alarms, "clients_gone") // silence means every client is gone
		}
		w.dashboard = append(w.dashboard, "Alarms of "+s.ProjectName+"-"+cfg.Environment+" EFS")
	}
	for _, d := range dashboardRules {
		if d.appliesTo(perf, tp) {
			w.dashboard = append(w.dashboard, d.name)
		}
	}
	return w
}

// TestExpectFollowsTheShippedPins: what expect derives for each shipped environment is
// exactly what shipped pins, so the rules that test a new environment are the ones the
// shipped stacks prove; and every pinned stack still exists.
func TestExpectFollowsTheShippedPins(t *testing.T) {
	for name, pin := range shipped {
		env, ok := environmentOf(name)
		if !assert.True(t, ok, "stack %s is pinned in shipped (stacks/stacks_test.go) but not in Environments(): remove its pin", name) {
			continue
		}
		got := expect(env, testSettings)
		slices.Sort(got.alarms)
		slices.Sort(pin.alarms)
		assert.Equal(t, pin, got, "stack %s: expect disagrees with its pin in shipped", name)
	}
}

// environmentOf returns the environment whose stack is name.
func environmentOf(name string) (Environment, bool) {
	envs := Environments()
	i := slices.IndexFunc(envs, func(e Environment) bool { return e.Stack == name })
	if i < 0 {
		return Environment{}, false
	}
	return envs[i], true
}

// environment returns the environment whose stack is name, failing the test without it.
func environment(t *testing.T, name string) Environment {
	t.Helper()
	env, ok := environmentOf(name)
	require.True(t, ok, "no environment with Stack %q in Environments()", name)
	return env
}

// expectationOf returns what the stack name must show: its pin in shipped, or what
// expect derives for a stack without one.
func expectationOf(t *testing.T, name string) expected {
	t.Helper()
	if w, ok := shipped[name]; ok {
		return w
	}
	return expect(environment(t, name), testSettings)
}

// forEachStack runs f for every environment's synthesized stack, as a subtest named
// after it, with what the stack must show.
func forEachStack(t *testing.T, f func(t *testing.T, name string, s stackJSON, w expected)) {
	t.Helper()
	for _, env := range Environments() {
		s, ok := synthesized[env.Stack]
		require.True(t, ok, "stack %s was not synthesized by TestMain", env.Stack)
		t.Run(env.Stack, func(t *testing.T) { f(t, env.Stack, s, expectationOf(t, env.Stack)) })
	}
}

// ref is the Terraform expression cdktf writes for a reference to an attribute.
func ref(typ, name, attr string) string { return tfjson.Ref(typ, name, attr) }

// stackKeyName is the logical name of the stack's customer-managed key (kms.go); the
// backup copy key in the other region is another.
const stackKeyName = "kms-key"

// stackKeyArn is the reference to the ARN of the stack's customer-managed key.
var stackKeyArn = ref("aws_kms_key", stackKeyName, "arn")

// nameOf returns the logical name of the only resource of a type.
func nameOf(t *testing.T, s stackJSON, typ string) string {
	t.Helper()
	return tfjson.NameOf(t, tfjson.Doc(s), typ)
}

func TestFileSystem(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		fs := s.only(t, "aws_efs_file_system")
		assert.Equal(t, true, fs["encrypted"])
		assert.Equal(t, "confluent-kafka-"+name+"-efs", fs["creation_token"])
		assert.Equal(t, w.performance, fs["performance_mode"])
		assert.Equal(t, w.throughput, fs["throughput_mode"])
		if w.provisioned > 0 {
			assert.Equal(t, w.provisioned, fs["provisioned_throughput_in_mibps"])
		} else {
			assert.NotContains(t, fs, "provisioned_throughput_in_mibps")
		}
		if w.customerKey {
			assert.Equal(t, stackKeyArn, fs["kms_key_id"])
		} else {
			assert.NotContains(t, fs, "kms_key_id", "AWS-managed key: no kms_key_id")
			assert.Empty(t, s.resources("aws_kms_key"))
		}
		if w.lifecycle == nil {
			assert.NotContains(t, fs, "lifecycle_policy")
		} else {
			// One transition per lifecycle_policy block, as AWS requires.
			got := fs["lifecycle_policy"].([]any)
			require.Len(t, got, len(w.lifecycle))
			for i, block := range got {
				assert.Equal(t, w.lifecycle[i], block.(map[string]any))
			}
		}
		tags := fs["tags"].(map[string]any)
		assert.Equal(t, "confluent-kafka-"+name+"-efs", tags["Name"])
	})
}

func TestKmsKey(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		if !w.customerKey {
			return
		}
		key := s.resources("aws_kms_key")[stackKeyName]
		require.NotNil(t, key, "aws_kms_key.%s", stackKeyName)
		assert.Equal(t, true, key["enable_key_rotation"])
		assert.Equal(t, float64(30), key["deletion_window_in_days"])
		assert.NotContains(t, key, "provider", "the stack's key lives in the stack's region")
		alias := s.resources("aws_kms_alias")["kms-alias"]
		require.NotNil(t, alias, "aws_kms_alias.kms-alias")
		assert.Equal(t, "alias/confluent-kafka-"+name+"-efs", alias["name"])
		assert.Equal(t, ref("aws_kms_key", stackKeyName, "key_id"), alias["target_key_id"])
	})
}

func TestMountTargetsIterateOverSubnetVariable(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		mt := s.only(t, "aws_efs_mount_target")
		// One resource with for_each over the variable: instances keyed by subnet ID.
		assert.Equal(t, "${toset(var.private_subnet_ids)}", mt["for_each"])
		assert.Equal(t, "${each.value}", mt["subnet_id"])
		assert.Equal(t, ref("aws_efs_file_system", nameOf(t, s, "aws_efs_file_system"), "id"), mt["file_system_id"])
		assert.Equal(t, []any{ref("aws_security_group", nameOf(t, s, "aws_security_group"), "id")}, mt["security_groups"])
	})
}

// TestSubnetGuard: the plan looks up every private subnet (its VPC and zone) and, per
// zone found, the private subnets in it; the mount target refuses, by precondition, two
// subnets in one zone and subnets outside the VPC, naming them. (The Terraform tier runs
// these preconditions against overridden lookups.)
func TestSubnetGuard(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		data := "data.aws_subnet." + dataNameOf(t, s, "aws_subnet")
		d := s.objects("data", "aws_subnet")[dataNameOf(t, s, "aws_subnet")]
		assert.Equal(t, "${toset(var.private_subnet_ids)}", d["for_each"])
		assert.Equal(t, "${each.value}", d["id"])

		zones := s.objects("data", "aws_subnets")[dataNameOf(t, s, "aws_subnets")]
		byZone := "data.aws_subnets." + dataNameOf(t, s, "aws_subnets")
		assert.Equal(t, "${toset([for s in "+data+" : s.availability_zone])}", zones["for_each"])
		assert.Equal(t, []any{
			map[string]any{"name": "subnet-id", "values": "${var.private_subnet_ids}"},
			map[string]any{"name": "availability-zone", "values": []any{"${each.key}"}},
		}, zones["filter"])

		vpc := "aws_security_group." + nameOf(t, s, "aws_security_group") + ".vpc_id"
		mt := s.only(t, "aws_efs_mount_target")
		assert.Equal(t, map[string]any{"precondition": []any{
			map[string]any{
				"condition": "${alltrue([for zone, found in " + byZone + " : length(found.ids) <= 1])}",
				"error_message": "private_subnet_ids must hold one subnet per availability zone (EFS allows one mount target per zone), but " +
					`${join("; ", [for zone, found in ` + byZone + ` : "${join(", ", found.ids)} are all in ${zone}" if length(found.ids) > 1])}: keep one subnet per zone.`,
			},
			map[string]any{
				"condition": "${alltrue([for s in " + data + " : s.vpc_id == " + vpc + "])}",
				"error_message": "private_subnet_ids must all be in vpc_id ${" + vpc + "}, but " +
					`${join(", ", [for s in ` + data + ` : "${s.id} is in ${s.vpc_id}" if s.vpc_id != ` + vpc + `])}: pass the private subnets of the EKS cluster's VPC.`,
			},
		}}, mt["lifecycle"])
	})
}

// dataNameOf returns the logical name of the only data source of a type.
func dataNameOf(t *testing.T, s stackJSON, typ string) string {
	t.Helper()
	objs := s.objects("data", typ)
	require.Len(t, objs, 1, typ)
	for n := range objs {
		return n
	}
	return ""
}

func TestSecurityGroupAdmitsNFSFromNodesOnly(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		sg := s.only(t, "aws_security_group")
		assert.Equal(t, "${var.vpc_id}", sg["vpc_id"])
		assert.Equal(t, "confluent-kafka-"+name+"-efs-sg", sg["name"])
		assert.NotEmpty(t, sg["description"])
		assert.Equal(t, true, sg["revoke_rules_on_delete"], "a rule added outside Terraform must not block deleting the group")
		assert.NotContains(t, sg, "ingress", "rules must be separate resources")
		assert.NotContains(t, sg, "egress", "rules must be separate resources")
		assert.Empty(t, s.resources("aws_vpc_security_group_egress_rule"), "mount targets need no egress")
		assert.Empty(t, s.resources("aws_security_group_rule"))

		rule := s.only(t, "aws_vpc_security_group_ingress_rule")
		assert.Equal(t, ref("aws_security_group", nameOf(t, s, "aws_security_group"), "id"), rule["security_group_id"])
		assert.Equal(t, "tcp", rule["ip_protocol"])
		assert.Equal(t, float64(2049), rule["from_port"])
		assert.Equal(t, float64(2049), rule["to_port"])
		assert.Equal(t, "${var.eks_node_security_group_id}", rule["referenced_security_group_id"])
		assert.NotEmpty(t, rule["description"])
		for _, cidr := range []string{"cidr_ipv4", "cidr_ipv6", "prefix_list_id"} {
			assert.NotContains(t, rule, cidr, "NFS must come from the node security group only")
		}
		for _, anywhere := range []string{"0.0.0.0/0", "::/0"} {
			assert.False(t, strings.Contains(rawSynth[name], anywhere), "stack %s admits %s somewhere", name, anywhere)
		}
	})
}

func TestAccessPoints(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		var paths []string
		for _, ap := range s.resources("aws_efs_access_point") {
			assert.Equal(t, map[string]any{"uid": float64(1000), "gid": float64(1000)}, ap["posix_user"])
			root := ap["root_directory"].(map[string]any)
			paths = append(paths, root["path"].(string))
			assert.Equal(t, map[string]any{
				"owner_uid": float64(1000), "owner_gid": float64(1000), "permissions": "0770",
			}, root["creation_info"])
		}
		sort.Strings(paths)
		assert.Equal(t, w.accessPoints, paths)
	})
}

func TestBackupsAndLogs(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		// The stacks back up through the construct's plan or not at all: never through
		// AWS's default plan, which would keep a second set of daily recovery points.
		assert.Empty(t, s.resources("aws_efs_backup_policy"))
		if w.backupPlan {
			s.only(t, "aws_backup_plan")
		} else {
			assert.Empty(t, s.resources("aws_backup_plan"))
			assert.Empty(t, s.resources("aws_backup_vault"))
		}
		lg := s.only(t, "aws_cloudwatch_log_group")
		assert.Equal(t, "/aws/efs/confluent-kafka-"+name, lg["name"])
		assert.Equal(t, w.logRetention, lg["retention_in_days"])
		if w.customerKey {
			assert.Equal(t, stackKeyArn, lg["kms_key_id"])
		}
	})
}

// TestAlarms pins each stack's alarms (which ones exist for its modes, and each one's
// metric, statistic, period, threshold, comparison, missing data and actions) and its
// topic.
func TestAlarms(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		alarms := kafkaefstest.AlarmsByKey(t, s, "confluent-kafka-"+name)
		assert.ElementsMatch(t, append(slices.Clone(w.alarms), w.backupAlarms...), slices.Collect(maps.Keys(alarms)))
		if w.alarmTopic == "" {
			assert.Empty(t, s.resources("aws_sns_topic"))
			assert.Empty(t, s.resources("aws_sns_topic_subscription"))
			assert.Empty(t, alarms, "alarms need a topic to notify")
			return
		}
		topic := s.only(t, "aws_sns_topic")
		assert.Equal(t, w.alarmTopic, topic["name"])
		actions := []any{ref("aws_sns_topic", nameOf(t, s, "aws_sns_topic"), "arn")}
		// The topic reaches people: one subscription per address and endpoint given.
		subs := map[string]map[string]any{}
		for _, sub := range s.resources("aws_sns_topic_subscription") {
			subs[sub["protocol"].(string)] = sub
		}
		require.Len(t, subs, 2)
		for protocol, variable := range map[string]string{"email": "alarm_email_addresses", "https": "alarm_https_endpoints"} {
			assert.Equal(t, map[string]any{
				"protocol": protocol, "topic_arn": actions[0], "endpoint": "${each.value}",
				"for_each": "${toset(var." + variable + ")}",
			}, subs[protocol], protocol)
		}
		for key, a := range alarms {
			if slices.Contains(w.backupAlarms, key) {
				continue // TestBackupAlarms
			}
			kafkaefstest.CheckAlarm(t, s, key, a, kafkaefstest.DefaultAlarms[key], actions)
		}
	})
}

func TestOutputs(t *testing.T) {
	common := []string{
		"file_system_id", "file_system_arn", "file_system_dns_name", "mount_target_ids",
		"mount_target_ip_addresses", "security_group_id", "log_group_name", "dashboard_url", "mount_command",
		"kubernetes_storage_class", "kubernetes_manifests", "estimated_monthly_cost",
		"kafka_backup_access_point_id", "kafka_connect_access_point_id",
		"kubernetes_pv_kafka_backups", "kubernetes_pv_kafka_connect",
		"efs_csi_node_role_arn",
		"kubernetes_smoke_test_job", "confluent_connect_fragment", "strimzi_kafka_connect_fragment",
	}
	sharedLogs := []string{"shared_logs_access_point_id", "kubernetes_pv_shared_logs"}
	backup := []string{"backup_vault_name", "backup_vault_arn", "backup_plan_id", "restore_testing_plan_name"}
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		outputs := s.block("output")
		names := append([]string{}, common...)
		if len(w.accessPoints) == 3 {
			names = append(names, sharedLogs...)
		}
		if w.backupPlan {
			names = append(names, backup...)
		}
		if w.customerKey {
			names = append(names, "kms_key_arn")
			assert.Equal(t, stackKeyArn, outputs["kms_key_arn"].(map[string]any)["value"])
		}
		if w.backupCopyRegion != "" {
			// Checked against the copy vault and key in backup_test.go.
			names = append(names, "backup_copy_region", "backup_copy_vault_name", "backup_copy_vault_arn", "backup_copy_kms_key_arn")
		}
		if w.alarmTopic != "" {
			names = append(names, "alarm_topic_arn")
			assert.Equal(t, ref("aws_sns_topic", nameOf(t, s, "aws_sns_topic"), "arn"), outputs["alarm_topic_arn"].(map[string]any)["value"])
		}
		assert.Equal(t, "${"+nodeRoleLookupExpr+"}", outputs["efs_csi_node_role_arn"].(map[string]any)["value"])
		require.Equal(t, len(names), len(outputs), "stack %s: outputs %v", name, slices.Sorted(maps.Keys(outputs)))
		for _, n := range names {
			o, ok := outputs[n].(map[string]any)
			if assert.True(t, ok, "output %s missing", n) {
				assert.NotEmpty(t, o["description"], n)
			}
		}
		mt := nameOf(t, s, "aws_efs_mount_target")
		assert.Equal(t, fmt.Sprintf("${[ for key, val in aws_efs_mount_target.%s: val.id]}", mt),
			outputs["mount_target_ids"].(map[string]any)["value"])
		assert.Equal(t, fmt.Sprintf("${[ for key, val in aws_efs_mount_target.%s: val.ip_address]}", mt),
			outputs["mount_target_ip_addresses"].(map[string]any)["value"])
		assert.Equal(t, ref("aws_efs_file_system", nameOf(t, s, "aws_efs_file_system"), "dns_name"),
			outputs["file_system_dns_name"].(map[string]any)["value"])
	})
}

func TestDefaultTags(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		aws := s.block("provider")["aws"].([]any)[0].(map[string]any)
		assert.Equal(t, "us-east-1", aws["region"])
		assert.Equal(t, []any{map[string]any{"tags": map[string]any{
			"project": "confluent-kafka", "environment": name, "managed-by": "cdktf",
		}}}, aws["default_tags"])
	})
}

func TestVariablesAreValidated(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		vars := s.block("variable")
		declared := variablesOf(w.alarmTopic != "", false)
		require.Len(t, vars, len(declared))
		for _, sv := range declared {
			v := vars[sv.name].(map[string]any)
			assert.Equal(t, sv.typ, v["type"])
			if sv.optional {
				assert.Equal(t, []any{}, v["default"], sv.name)
			} else {
				assert.NotContains(t, v, "default", sv.name)
			}
			validation := v["validation"].([]any)
			require.Len(t, validation, 1)
			assert.Equal(t, "${"+sv.condition+"}", validation[0].(map[string]any)["condition"])
		}
	})
}

// TestResourceCounts checks the spec's "Resources Created" table: how many of each type
// a configuration may create. Mount targets are one for_each resource, one instance per
// subnet.
func TestResourceCounts(t *testing.T) {
	bounds := map[string][2]int{
		"aws_efs_file_system":      {1, 1},
		"aws_efs_mount_target":     {1, 1},
		"aws_efs_access_point":     {0, 3},
		"aws_efs_backup_policy":    {0, 1},
		"aws_security_group":       {1, 1},
		"aws_cloudwatch_log_group": {0, 1},
		// The spec's four, the silence alarms (clients gone, replication lag) and the
		// backup side's three (docs/operations.md).
		"aws_cloudwatch_metric_alarm": {0, 9},
		"aws_cloudwatch_dashboard":    {1, 1},
	}
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		for typ, b := range bounds {
			n := len(s.resources(typ))
			assert.True(t, n >= b[0] && n <= b[1], "%s: %d %s, the spec allows %d to %d", name, n, typ, b[0], b[1])
		}
		assert.Equal(t, len(w.accessPoints), len(s.resources("aws_efs_access_point")), "stack %s: access points", name)
		assert.Equal(t, len(w.alarms)+len(w.backupAlarms), len(s.resources("aws_cloudwatch_metric_alarm")), "stack %s: alarms", name)
	})
}

// statements returns the statements of the policy document data source named name.
func statements(t *testing.T, s stackJSON, name string) map[string]map[string]any {
	t.Helper()
	return tfjson.Statements(t, tfjson.Doc(s), name)
}

// policyDocumentOf returns the name of the policy document a resource's policy refers to.
func policyDocumentOf(t *testing.T, r map[string]any) string {
	t.Helper()
	return tfjson.PolicyDocumentOf(t, r)
}

func TestFileSystemPolicyEnforcesTLSMountTargetsAndIAM(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		sts := kafkaefstest.PolicyStatements(t, s)
		require.Len(t, sts, 4)
		kafkaefstest.CheckStatement(t, kafkaefstest.DenyNonSecureTransport, sts["DenyNonSecureTransport"], "DenyNonSecureTransport")
		kafkaefstest.CheckStatement(t, kafkaefstest.DenyRootAccess, sts["DenyRootAccess"], "DenyRootAccess")
		// The cluster's node role, looked up by name, through access points only.
		kafkaefstest.CheckStatement(t, kafkaefstest.NodeRoleNeedsAccessPoint(tfjson.Strings("${"+nodeRoleLookupExpr+"}")), sts[kafkaefs.SidNodeRoleNeedsAccessPoint], kafkaefs.SidNodeRoleNeedsAccessPoint)
		// The node role, then the optional extra roles of the variable.
		kafkaefstest.CheckStatement(t, kafkaefstest.AllowMountAndWrite([]any{map[string]any{"type": "AWS", "identifiers": "${concat([" + nodeRoleLookupExpr + "], var.efs_client_role_arns)}"}}), sts["AllowMountAndWriteViaMountTarget"], "AllowMountAndWriteViaMountTarget")
		kafkaefstest.CheckEnforcedConditionKeys(t, sts)
		// The driver's node mounts as the policy demands: with IAM; hosts add TLS.
		kafkaefstest.CheckMountOptions(t, s, "iam")
	})
}

func TestProductionDataRefusesDestroy(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		fs := s.only(t, "aws_efs_file_system")
		if !w.production {
			assert.NotContains(t, fs, "lifecycle")
			return
		}
		assert.Equal(t, map[string]any{"prevent_destroy": true}, fs["lifecycle"])
		for name, key := range s.resources("aws_kms_key") {
			assert.Equal(t, map[string]any{"prevent_destroy": true}, key["lifecycle"], "aws_kms_key.%s", name)
		}
		// The recovery points, their vaults and locks refuse destroy like the data.
		// A lock also ignores changeable_for_days, which the provider never reads back
		// (docs/backups.md, Change the vault lock): else its import plans a replacement.
		want := map[string]map[string]any{
			"aws_backup_vault":                    {"prevent_destroy": true},
			"aws_backup_vault_lock_configuration": {"prevent_destroy": true, "ignore_changes": []any{"changeable_for_days"}},
		}
		for typ, lifecycle := range want {
			require.NotEmpty(t, s.resources(typ), "AWS Backup stays on in production: %s", typ)
			for rName, r := range s.resources(typ) {
				assert.Equal(t, lifecycle, r["lifecycle"], "%s.%s", typ, rName)
			}
		}
	})
}

func TestCustomerManagedKeyEncryptsEverything(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		if !w.customerKey {
			return
		}
		keyArn := stackKeyArn
		assert.Equal(t, keyArn, s.only(t, "aws_efs_file_system")["kms_key_id"])
		assert.Equal(t, keyArn, s.only(t, "aws_cloudwatch_log_group")["kms_key_id"])
		if w.alarmTopic != "" {
			assert.Equal(t, keyArn, s.only(t, "aws_sns_topic")["kms_master_key_id"])
		}

		sts := statements(t, s, policyDocumentOf(t, s.resources("aws_kms_key")[stackKeyName]))
		require.Len(t, sts, len(keyStatementSids(w)), "the exact statements: TestStackKeyAdmitsPublishers")
		service := func(sid string) any { return sts[sid]["principals"].([]any)[0].(map[string]any)["identifiers"] }
		assert.Equal(t, []any{"logs.${data.aws_region.region.name}.amazonaws.com"}, service("CloudWatchLogsUsesKey"))
		// EFS, SNS and AWS Backup may use the key only on behalf of this account: without
		// kms:CallerAccount any account could use it through those services.
		account := "${data.aws_caller_identity.account.account_id}"
		viaService := map[string]string{"EfsUsesKey": "elasticfilesystem"}
		if w.alarmTopic != "" {
			assert.Equal(t, []any{"cloudwatch.amazonaws.com"}, service("CloudWatchAlarmsPublishToTopic"))
			viaService["SnsUsesKey"] = "sns"
		}
		if w.backupPlan {
			viaService["BackupUsesKey"] = "backup"
		}
		for sid, service := range viaService {
			assert.ElementsMatch(t, []any{
				map[string]any{"test": "StringEquals", "variable": "kms:CallerAccount", "values": []any{account}},
				map[string]any{"test": "StringEquals", "variable": "kms:ViaService",
					"values": []any{service + ".${data.aws_region.region.name}.amazonaws.com"}},
			}, sts[sid]["condition"], sid)
		}
		logs := sts["CloudWatchLogsUsesKey"]["condition"].([]any)[0].(map[string]any)
		assert.True(t, strings.HasSuffix(logs["values"].([]any)[0].(string), ":log-group:/aws/efs/confluent-kafka-"+name),
			"CloudWatch Logs may use the key for the EFS log group only")
	})
}

// TestDashboard decodes each stack's dashboard body as Terraform will send it once the
// references are resolved: valid JSON whose metrics name the stack's file system, with
// the mode-specific graphs only where their metric exists and the alarms' states on top
// where there are alarms.
func TestDashboard(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		d := s.only(t, "aws_cloudwatch_dashboard")
		assert.Equal(t, "confluent-kafka-"+name+"-efs", d["dashboard_name"])
		var body struct {
			Widgets []struct {
				Type       string
				Properties struct {
					Title       string
					Region      string
					Alarms      []string
					Metrics     [][]any
					Annotations struct{ Horizontal []struct{ Value float64 } }
				}
			}
		}
		require.NoError(t, json.Unmarshal(dashboardBody(t, d), &body))
		region := "${data.aws_region." + constructRegion(t, s) + ".name}"
		fsID := ref("aws_efs_file_system", nameOf(t, s, "aws_efs_file_system"), "id")
		var got []string
		annotations := 0
		for _, wd := range body.Widgets {
			got = append(got, wd.Properties.Title)
			annotations += len(wd.Properties.Annotations.Horizontal)
			if wd.Type == "alarm" {
				var want []string
				for _, key := range w.alarms {
					want = append(want, ref("aws_cloudwatch_metric_alarm", alarmResourceName(t, s, name, key), "arn"))
				}
				assert.ElementsMatch(t, want, wd.Properties.Alarms)
				continue
			}
			assert.Equal(t, region, wd.Properties.Region, wd.Properties.Title)
			for _, m := range wd.Properties.Metrics {
				if len(m) > 1 {
					assert.Equal(t, fsID, m[3], wd.Properties.Title)
				}
			}
		}
		assert.Equal(t, w.dashboard, got)
		assert.Equal(t, len(w.alarms), annotations, "one threshold line per alarm")
		assert.Equal(t, "https://"+region+".console.aws.amazon.com/cloudwatch/home?region="+region+
			"#dashboards/dashboard/confluent-kafka-"+name+"-efs", s.output(t, "dashboard_url"))
	})
}

// constructRegion returns the logical name of the construct's aws_region data source
// (the prod stacks have another one, for the key policy).
func constructRegion(t *testing.T, s stackJSON) string {
	t.Helper()
	var names []string
	for n := range s.objects("data", "aws_region") {
		if strings.HasPrefix(n, "kafka-efs_") {
			names = append(names, n)
		}
	}
	require.Len(t, names, 1, "the construct's aws_region")
	return names[0]
}

// alarmResourceName returns the logical name of the stack's alarm of a key.
func alarmResourceName(t *testing.T, s stackJSON, stack, key string) string {
	t.Helper()
	for n, a := range s.resources("aws_cloudwatch_metric_alarm") {
		if a["alarm_name"] == "confluent-kafka-"+stack+"-efs-"+key {
			return n
		}
	}
	t.Fatalf("no alarm %s", key)
	return ""
}

// TestProviderVersionIsARange checks that every stack accepts any 5.x release from the
// bindings' own (5.99.1) on, not that one build exactly: users pin a build with the
// lock file, and a mirror or registry with a later 5.x must satisfy the stack.
func TestProviderVersionIsARange(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		aws := s.block("terraform", "required_providers", "aws")
		require.NotNil(t, aws, "no required_providers.aws")
		assert.Equal(t, "aws", aws["source"])
		assert.Equal(t, ">= 5.99.1, < 6.0.0", aws["version"])
	})
}
