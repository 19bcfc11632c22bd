package efs

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validConfig is a production configuration that uses every feature, with literal IDs:
// each rule's test case breaks it in exactly one way.
func validConfig() Config {
	return Config{
		ProjectName:                      "confluent-kafka",
		Environment:                      "prod",
		VpcID:                            "vpc-0123456789abcdef0",
		PrivateSubnetIDs:                 []string{"subnet-0123456789abcdef0", "subnet-0fedcba9876543210", "subnet-1a2b3c4d"},
		EksNodeSecurityGroupID:           "sg-0123456789abcdef0",
		EnableEncryption:                 true,
		KmsKeyID:                         "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		PerformanceMode:                  PerformanceGeneralPurpose,
		ThroughputMode:                   ThroughputElastic,
		TransitionToIA:                   "AFTER_30_DAYS",
		TransitionToPrimaryStorageClass:  TransitionOnFirstAccess,
		TransitionToArchive:              "AFTER_90_DAYS",
		CreateKafkaBackupAccessPoint:     true,
		CreateKafkaConnectAccessPoint:    true,
		CreateSharedLogsAccessPoint:      true,
		EnableAutomaticBackups:           true,
		CreateCloudwatchAlarms:           true,
		AlarmActions:                     []string{"arn:aws:sns:us-east-1:123456789012:kafka-alerts"},
		LogRetentionDays:                 90,
		AdditionalSourceSecurityGroupIDs: []string{"sg-0aaaaaaaaaaaaaaaa"},
		ClientRoleArns: []string{
			"arn:aws:iam::123456789012:role/efs-csi-driver",
			"arn:aws:iam::123456789012:role/kafka/kafka-broker",
		},
		NodeRoleArn:             "arn:aws:iam::123456789012:role/kafka-prod-efs-csi-node",
		KubernetesNamespaceName: "kafka-prod",
		CreateVpcEndpoint:       true,
		ReplicationRegion:       "us-west-2",
		Tags:                    map[string]string{"team": "data-platform", "cost-center": "CC 1234", "owner": "kafka@example.com"},
	}
}

// joinedErrors returns the errors of an errors.Join result, or err itself.
func joinedErrors(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// fieldErrorsOf returns every *FieldError in a Validate result, in order.
func fieldErrorsOf(t testing.TB, err error) []*FieldError {
	t.Helper()
	var out []*FieldError
	for _, e := range joinedErrors(err) {
		var fe *FieldError
		require.True(t, errors.As(e, &fe), "not a *FieldError: %v", e)
		out = append(out, fe)
	}
	return out
}

// fieldsOf returns the Field of each error, in order.
func fieldsOf(errs []*FieldError) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.Field
	}
	return out
}

func TestValidateValidConfigs(t *testing.T) {
	tests := map[string]func(*Config){
		"production, every feature": func(*Config) {},
		// The spec's development configuration: bursting, IA after 7 days, no backups,
		// no alarms, AWS-managed key.
		"spec development": func(c *Config) {
			c.Environment = "dev"
			c.KmsKeyID = ""
			c.ThroughputMode = ThroughputBursting
			c.TransitionToIA = "AFTER_7_DAYS"
			c.TransitionToArchive = ""
			c.CreateSharedLogsAccessPoint = false
			c.EnableAutomaticBackups = false
			c.CreateCloudwatchAlarms = false
			c.AlarmActions = nil
		},
		// Every alarm tuned within CloudWatch's limits, and a hosted runbook.
		"tuned alarms": func(c *Config) {
			c.ClientConnectionsAlarm = AlarmTuning{Threshold: 25000}
			c.MeteredThroughputAlarm = AlarmTuning{Threshold: 20480, PeriodSeconds: 3600, EvaluationPeriods: 168}
			c.MeteredDataAlarm = AlarmTuning{Threshold: 1e6, EvaluationPeriods: 7}
			c.RunbookBaseURL = "https://github.com/acme/kafka-efs/blob/main"
		},
		"io limit alarm tuned in provisioned mode": func(c *Config) {
			c.ThroughputMode, c.ProvisionedThroughputInMibps, c.TransitionToArchive = ThroughputProvisioned, 200, ""
			c.IOLimitAlarm = AlarmTuning{Threshold: 90, PeriodSeconds: 60, EvaluationPeriods: 5}
		},
		"burst credit alarm tuned in bursting mode": func(c *Config) {
			c.ThroughputMode = ThroughputBursting
			c.TransitionToArchive = ""
			c.BurstCreditAlarm = AlarmTuning{Threshold: 1e12, PeriodSeconds: 600, EvaluationPeriods: 144}
		},
		// Unencrypted outside production, opted out visibly.
		"unencrypted dev with opt-out": func(c *Config) {
			c.Environment = "dev"
			c.EnableEncryption, c.AllowUnencrypted, c.KmsKeyID = false, true, ""
		},
		// The spec's high-performance configuration: maxIO, 200 MiB/s provisioned, no
		// lifecycle.
		"spec high performance": func(c *Config) {
			c.PerformanceMode = PerformanceMaxIO
			c.ThroughputMode = ThroughputProvisioned
			c.ProvisionedThroughputInMibps = 200
			c.TransitionToIA = ""
			c.TransitionToPrimaryStorageClass = ""
			c.TransitionToArchive = ""
		},
		"defaults for every optional field": func(c *Config) {
			*c = Config{
				ProjectName: "kafka", Environment: "dev", VpcID: "vpc-1a2b3c4d",
				PrivateSubnetIDs:       []string{"subnet-1a2b3c4d", "subnet-5e6f7a8b"},
				EksNodeSecurityGroupID: "sg-1a2b3c4d",
				// The switches with no default: encryption, or an explicit opt-out; who
				// mounts, or an explicit policy open to any client.
				EnableEncryption:  true,
				AllowAnyPrincipal: true,
			}
		},
		"provisioned throughput lower bound": func(c *Config) {
			c.ThroughputMode, c.ProvisionedThroughputInMibps, c.TransitionToArchive = ThroughputProvisioned, 1, ""
		},
		"provisioned throughput upper bound": func(c *Config) {
			c.ThroughputMode, c.ProvisionedThroughputInMibps, c.TransitionToArchive = ThroughputProvisioned, 3414, ""
		},
		"creation token exactly 64 characters": func(c *Config) {
			c.ProjectName = strings.Repeat("k", 40)
			c.Environment = "prod-eu-west-1-blue" // 40 + 1 + 19 + 4 = 64
			// Without access points: their smoke-test Job would need a name of 63 at most.
			c.CreateKafkaBackupAccessPoint, c.CreateKafkaConnectAccessPoint, c.CreateSharedLogsAccessPoint = false, false, false
		},
		"no node role": func(c *Config) { c.NodeRoleArn = "" },
		"any principal asked for": func(c *Config) {
			c.NodeRoleArn, c.ClientRoleArns, c.AllowAnyPrincipal = "", nil, true
		},
		"client roles from a variable only": func(c *Config) {
			c.NodeRoleArn, c.ClientRoleArns = "", []string{"#{TfToken[TOKEN.6]}"}
		},
		"no roles, no policy": func(c *Config) {
			c.NodeRoleArn, c.ClientRoleArns, c.DisableFileSystemPolicy = "", nil, true
		},
		"node role from a variable":  func(c *Config) { c.NodeRoleArn = "${TfToken[TOKEN.7]}" },
		"namespace of 63 characters": func(c *Config) { c.KubernetesNamespaceName = "k" + strings.Repeat("-9", 31) },
		"default namespace":          func(c *Config) { c.KubernetesNamespaceName = "" },
		"six subnets":                func(c *Config) { c.PrivateSubnetIDs = literalSubnets(6) },
		"five alarm actions":         func(c *Config) { c.AlarmActions = literalTopics(5) },
		"archive without IA":         func(c *Config) { c.TransitionToIA = "" },
		"forty-six tags":             func(c *Config) { c.Tags = literalTags(46) },
		"prod- prefix":               func(c *Config) { c.Environment = "prod-eu" },
		"production is not prod":     func(c *Config) { c.Environment = "production" },
		"unicode tag value of 256 runes": func(c *Config) {
			c.Tags = map[string]string{"Zürich": strings.Repeat("é", 256), "team space": "a b_c.d:e/f=g+h-i@j"}
		},
		"KMS alias ARN in GovCloud": func(c *Config) {
			c.KmsKeyID = "arn:aws-us-gov:kms:us-gov-west-1:123456789012:alias/efs/kafka"
		},
		"KMS multi-Region key in China": func(c *Config) {
			c.KmsKeyID = "arn:aws-cn:kms:cn-north-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef"
		},
		"alarm action of another service": func(c *Config) {
			c.AlarmActions = []string{"arn:aws:automate:us-east-1:ec2:stop", "arn:aws:lambda:us-east-1:123456789012:function:notify"}
		},
		"replication to GovCloud": func(c *Config) { c.ReplicationRegion = "us-gov-east-1" },
		"replication to Sydney":   func(c *Config) { c.ReplicationRegion = "ap-southeast-2" },
		"no file system policy":   func(c *Config) { c.DisableFileSystemPolicy, c.ClientRoleArns = true, nil },
		"8-digit legacy IDs":      func(c *Config) { c.VpcID, c.EksNodeSecurityGroupID = "vpc-deadbeef", "sg-deadbeef" },
		"role with a nested path": func(c *Config) {
			c.ClientRoleArns = []string{"arn:aws:iam::123456789012:role/a/b/c/role+name=x,y.z@w-1"}
		},
		"empty tag value":         func(c *Config) { c.Tags = map[string]string{"flag": ""} },
		"lower-case name tag key": func(c *Config) { c.Tags = map[string]string{"name": "x"} },
		"archive at 365 after IA": func(c *Config) { c.TransitionToIA, c.TransitionToArchive = "AFTER_270_DAYS", "AFTER_365_DAYS" },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			c := validConfig()
			mutate(&c)
			assert.NoError(t, c.Validate())
		})
	}
}

func TestValidateLogRetentionDaysAcceptsEveryCloudWatchValue(t *testing.T) {
	for _, d := range append([]int{0}, logRetentionValues...) {
		c := validConfig()
		c.LogRetentionDays = d
		assert.NoError(t, c.Validate(), "LogRetentionDays %d", d)
	}
}

// Tokens stand for values known only when Terraform runs: their format is not checked.
func TestValidateAcceptsTokens(t *testing.T) {
	const str = "${TfToken[TOKEN.1]}"
	list := []string{"#{TfToken[TOKEN.0]}"}
	c := validConfig()
	c.VpcID = str
	c.PrivateSubnetIDs = list
	c.EksNodeSecurityGroupID = "${TfToken[TOKEN.2]}"
	c.KmsKeyID = "${TfToken[TOKEN.3]}"
	c.AlarmActions = []string{"#{TfToken[TOKEN.4]}"}
	c.AdditionalSourceSecurityGroupIDs = []string{"${TfToken[TOKEN.5]}"}
	c.ClientRoleArns = []string{"#{TfToken[TOKEN.6]}"}
	c.ReplicationRegion = "${TfToken[TOKEN.7]}"
	c.Tags = map[string]string{"cost-center": "${TfToken[TOKEN.8]}"}
	require.NoError(t, c.Validate())

	// A list holding a token may expand to any number of subnets: no count or duplicate
	// check, but its literal elements are still checked.
	c.PrivateSubnetIDs = []string{"${TfToken[TOKEN.9]}", "subnet-1a2b3c4d", "subnet-1a2b3c4d"}
	require.NoError(t, c.Validate())
	c.PrivateSubnetIDs = []string{"${TfToken[TOKEN.9]}", "subnet-BAD"}
	errs := fieldErrorsOf(t, c.Validate())
	assert.Equal(t, []string{"PrivateSubnetIDs[1]"}, fieldsOf(errs))
}

func TestValidateRules(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Config)
		field  string // Field of the expected *FieldError
		value  string // the bad value, as the message must show it (quoted with %q)
	}{
		// ProjectName and Environment.
		{"project required", func(c *Config) { c.ProjectName = "" }, "ProjectName", ""},
		{"project upper case", func(c *Config) { c.ProjectName = "Kafka" }, "ProjectName", "Kafka"},
		{"project underscore", func(c *Config) { c.ProjectName = "kafka_efs" }, "ProjectName", "kafka_efs"},
		{"project starts with digit", func(c *Config) { c.ProjectName = "1kafka" }, "ProjectName", "1kafka"},
		{"project leading hyphen", func(c *Config) { c.ProjectName = "-kafka" }, "ProjectName", "-kafka"},
		{"project trailing hyphen", func(c *Config) { c.ProjectName = "kafka-" }, "ProjectName", "kafka-"},
		{"project double hyphen", func(c *Config) { c.ProjectName = "kafka--efs" }, "ProjectName", "kafka--efs"},
		{"project too long", func(c *Config) { c.ProjectName = strings.Repeat("k", 41) }, "ProjectName", strings.Repeat("k", 41)},
		{"project token", func(c *Config) { c.ProjectName = "${TfToken[TOKEN.1]}" }, "ProjectName", "${TfToken[TOKEN.1]}"},
		{"environment required", func(c *Config) { c.Environment = "" }, "Environment", ""},
		{"environment upper case", func(c *Config) { c.Environment = "Prod" }, "Environment", "Prod"},
		{"environment too long", func(c *Config) { c.Environment = strings.Repeat("e", 25) }, "Environment", strings.Repeat("e", 25)},
		{"smoke-test Job name over 63", func(c *Config) {
			c.ProjectName = strings.Repeat("k", 30)
			c.Environment = "prod-eu-west-1-blue" // 30 + 1 + 19 + 15 ("-efs-smoke-test") = 65
		}, "Environment", "prod-eu-west-1-blue"},
		{"creation token over 64", func(c *Config) {
			c.ProjectName = strings.Repeat("k", 40)
			c.Environment = "prod-eu-west-1-blue-x"
		}, "ProjectName", strings.Repeat("k", 40)},

		// Network IDs.
		{"vpc required", func(c *Config) { c.VpcID = "" }, "VpcID", ""},
		{"vpc format", func(c *Config) { c.VpcID = "vpc-123" }, "VpcID", "vpc-123"},
		{"vpc upper-case hex", func(c *Config) { c.VpcID = "vpc-0123456789ABCDEF0" }, "VpcID", "vpc-0123456789ABCDEF0"},
		{"subnets required", func(c *Config) { c.PrivateSubnetIDs = nil }, "PrivateSubnetIDs", "[]"},
		{"subnet format", func(c *Config) { c.PrivateSubnetIDs[1] = "subnet-xyz" }, "PrivateSubnetIDs[1]", "subnet-xyz"},
		{"subnet empty element", func(c *Config) { c.PrivateSubnetIDs[2] = "" }, "PrivateSubnetIDs[2]", ""},
		{"subnet duplicate", func(c *Config) { c.PrivateSubnetIDs[2] = c.PrivateSubnetIDs[0] }, "PrivateSubnetIDs[2]", "subnet-0123456789abcdef0"},
		{"single subnet", func(c *Config) { c.PrivateSubnetIDs = []string{"subnet-1a2b3c4d"} }, "PrivateSubnetIDs", "[subnet-1a2b3c4d]"},
		{"too many subnets", func(c *Config) { c.PrivateSubnetIDs = literalSubnets(7) }, "PrivateSubnetIDs", "[" + strings.Join(literalSubnets(7), " ") + "]"},
		{"node sg required", func(c *Config) { c.EksNodeSecurityGroupID = "" }, "EksNodeSecurityGroupID", ""},
		{"node sg format", func(c *Config) { c.EksNodeSecurityGroupID = "sg-12345" }, "EksNodeSecurityGroupID", "sg-12345"},

		// Encryption.
		{"production unencrypted", func(c *Config) { c.EnableEncryption, c.KmsKeyID = false, "" }, "EnableEncryption", "false"},
		{"unencrypted without opt-out", func(c *Config) { c.Environment, c.EnableEncryption, c.KmsKeyID = "dev", false, "" }, "EnableEncryption", "false"},
		{"production opt-out ignored", func(c *Config) { c.EnableEncryption, c.AllowUnencrypted, c.KmsKeyID = false, true, "" }, "EnableEncryption", "false"},
		{"kms key without encryption", func(c *Config) { c.Environment, c.EnableEncryption = "dev", false }, "KmsKeyID", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
		{"kms bare key id", func(c *Config) { c.KmsKeyID = "1234abcd-12ab-34cd-56ef-1234567890ab" }, "KmsKeyID", "1234abcd-12ab-34cd-56ef-1234567890ab"},
		{"kms bare alias", func(c *Config) { c.KmsKeyID = "alias/efs" }, "KmsKeyID", "alias/efs"},
		{"kms arn of another service", func(c *Config) { c.KmsKeyID = "arn:aws:sns:us-east-1:123456789012:key/x" }, "KmsKeyID", "arn:aws:sns:us-east-1:123456789012:key/x"},
		{"kms short account", func(c *Config) {
			c.KmsKeyID = "arn:aws:kms:us-east-1:1234:key/1234abcd-12ab-34cd-56ef-1234567890ab"
		}, "KmsKeyID", "arn:aws:kms:us-east-1:1234:key/1234abcd-12ab-34cd-56ef-1234567890ab"},

		// Modes.
		{"performance mode", func(c *Config) { c.PerformanceMode = "turbo" }, "PerformanceMode", "turbo"},
		{"throughput mode", func(c *Config) { c.ThroughputMode = "fast" }, "ThroughputMode", "fast"},
		{"elastic with maxIO", func(c *Config) { c.PerformanceMode = PerformanceMaxIO }, "ThroughputMode", ThroughputElastic},
		{"provisioned without throughput", func(c *Config) { c.ThroughputMode = ThroughputProvisioned }, "ProvisionedThroughputInMibps", "0"},
		{"provisioned below 1", func(c *Config) {
			c.ThroughputMode, c.ProvisionedThroughputInMibps = ThroughputProvisioned, 0.5
		}, "ProvisionedThroughputInMibps", "0.5"},
		{"provisioned negative", func(c *Config) {
			c.ThroughputMode, c.ProvisionedThroughputInMibps = ThroughputProvisioned, -10
		}, "ProvisionedThroughputInMibps", "-10"},
		{"provisioned above 3414", func(c *Config) {
			c.ThroughputMode, c.ProvisionedThroughputInMibps = ThroughputProvisioned, 3415
		}, "ProvisionedThroughputInMibps", "3415"},
		{"throughput NaN", func(c *Config) { c.ProvisionedThroughputInMibps = math.NaN() }, "ProvisionedThroughputInMibps", "NaN"},
		{"throughput infinite", func(c *Config) {
			c.ThroughputMode, c.ProvisionedThroughputInMibps = ThroughputProvisioned, math.Inf(1)
		}, "ProvisionedThroughputInMibps", "+Inf"},
		{"throughput without provisioned", func(c *Config) { c.ProvisionedThroughputInMibps = 100 }, "ProvisionedThroughputInMibps", "100"},

		// Lifecycle.
		{"IA value", func(c *Config) { c.TransitionToIA = "AFTER_2_DAYS" }, "TransitionToIA", "AFTER_2_DAYS"},
		{"IA lower case", func(c *Config) { c.TransitionToIA = "after_30_days" }, "TransitionToIA", "after_30_days"},
		{"primary class value", func(c *Config) { c.TransitionToPrimaryStorageClass = "AFTER_2_ACCESS" }, "TransitionToPrimaryStorageClass", "AFTER_2_ACCESS"},
		{"primary class without IA", func(c *Config) { c.TransitionToIA, c.TransitionToArchive = "", "" }, "TransitionToPrimaryStorageClass", TransitionOnFirstAccess},
		{"archive value", func(c *Config) { c.TransitionToArchive = "AFTER_2_YEARS" }, "TransitionToArchive", "AFTER_2_YEARS"},
		{"archive with bursting", func(c *Config) { c.ThroughputMode = ThroughputBursting }, "TransitionToArchive", "AFTER_90_DAYS"},
		{"archive with default throughput", func(c *Config) { c.ThroughputMode = "" }, "TransitionToArchive", "AFTER_90_DAYS"},
		{"archive with maxIO", func(c *Config) { c.PerformanceMode = PerformanceMaxIO }, "TransitionToArchive", "AFTER_90_DAYS"},
		{"archive same as IA", func(c *Config) { c.TransitionToArchive = c.TransitionToIA }, "TransitionToArchive", "AFTER_30_DAYS"},
		{"archive before IA", func(c *Config) { c.TransitionToArchive = "AFTER_7_DAYS" }, "TransitionToArchive", "AFTER_7_DAYS"},

		// Backups, alarms, logs.
		{"production without backups", func(c *Config) { c.EnableAutomaticBackups = false }, "EnableAutomaticBackups", "false"},
		{"alarms without actions", func(c *Config) { c.AlarmActions = nil }, "AlarmActions", "[]"},
		{"actions without alarms", func(c *Config) { c.CreateCloudwatchAlarms = false }, "AlarmActions", "[arn:aws:sns:us-east-1:123456789012:kafka-alerts]"},
		{"six alarm actions", func(c *Config) { c.AlarmActions = literalTopics(6) }, "AlarmActions", "[" + strings.Join(literalTopics(6), " ") + "]"},
		{"alarm action not an ARN", func(c *Config) { c.AlarmActions = []string{"kafka-alerts"} }, "AlarmActions[0]", "kafka-alerts"},
		{"alarm action too long", func(c *Config) {
			c.AlarmActions = []string{"arn:aws:sns:us-east-1:123456789012:" + strings.Repeat("t", 1000)}
		}, "AlarmActions[0]", "arn:aws:sns:us-east-1:123456789012:" + strings.Repeat("t", 1000)},
		{"log retention not offered", func(c *Config) { c.LogRetentionDays = 2 }, "LogRetentionDays", "2"},
		{"log retention negative", func(c *Config) { c.LogRetentionDays = -1 }, "LogRetentionDays", "-1"},

		// Network sources, policy, roles, replication.
		{"additional sg format", func(c *Config) { c.AdditionalSourceSecurityGroupIDs = []string{"sg-zz"} }, "AdditionalSourceSecurityGroupIDs[0]", "sg-zz"},
		{"additional sg duplicate", func(c *Config) {
			c.AdditionalSourceSecurityGroupIDs = []string{"sg-1a2b3c4d", "sg-1a2b3c4d"}
		}, "AdditionalSourceSecurityGroupIDs[1]", "sg-1a2b3c4d"},
		{"additional sg is node sg", func(c *Config) {
			c.AdditionalSourceSecurityGroupIDs = []string{c.EksNodeSecurityGroupID}
		}, "AdditionalSourceSecurityGroupIDs[0]", "sg-0123456789abcdef0"},
		{"policy disabled with client roles", func(c *Config) { c.DisableFileSystemPolicy = true }, "DisableFileSystemPolicy", "true"},
		{"client role is a user", func(c *Config) {
			c.ClientRoleArns = []string{"arn:aws:iam::123456789012:user/bob"}
		}, "ClientRoleArns[0]", "arn:aws:iam::123456789012:user/bob"},
		{"client role name too long", func(c *Config) {
			c.ClientRoleArns = []string{"arn:aws:iam::123456789012:role/" + strings.Repeat("r", 65)}
		}, "ClientRoleArns[0]", "arn:aws:iam::123456789012:role/" + strings.Repeat("r", 65)},
		{"client role duplicate", func(c *Config) { c.ClientRoleArns[1] = c.ClientRoleArns[0] }, "ClientRoleArns[1]", "arn:aws:iam::123456789012:role/efs-csi-driver"},
		{"node role is a user", func(c *Config) { c.NodeRoleArn = "arn:aws:iam::123456789012:user/node" }, "NodeRoleArn", "arn:aws:iam::123456789012:user/node"},
		{"node role is a name", func(c *Config) { c.NodeRoleArn = "kafka-prod-efs-csi-node" }, "NodeRoleArn", "kafka-prod-efs-csi-node"},
		{"namespace upper case", func(c *Config) { c.KubernetesNamespaceName = "Kafka" }, "KubernetesNamespaceName", "Kafka"},
		{"namespace ends with hyphen", func(c *Config) { c.KubernetesNamespaceName = "kafka-" }, "KubernetesNamespaceName", "kafka-"},
		{"namespace of 64 characters", func(c *Config) { c.KubernetesNamespaceName = strings.Repeat("k", 64) }, "KubernetesNamespaceName", strings.Repeat("k", 64)},
		{"replication region format", func(c *Config) { c.ReplicationRegion = "us-west" }, "ReplicationRegion", "us-west"},
		{"replication region upper case", func(c *Config) { c.ReplicationRegion = "US-WEST-2" }, "ReplicationRegion", "US-WEST-2"},

		// Tags.
		{"too many tags", func(c *Config) { c.Tags = literalTags(47) }, "Tags", "47"},
		{"empty tag key", func(c *Config) { c.Tags[""] = "x" }, `Tags[""]`, ""},
		{"tag key too long", func(c *Config) { c.Tags[strings.Repeat("ü", 129)] = "x" }, `Tags["` + strings.Repeat("ü", 129) + `"]`, strings.Repeat("ü", 129)},
		{"tag value too long", func(c *Config) { c.Tags["team"] = strings.Repeat("é", 257) }, `Tags["team"]`, strings.Repeat("é", 257)},
		{"tag key aws: prefix", func(c *Config) { c.Tags["AWS:CreatedBy"] = "me" }, `Tags["AWS:CreatedBy"]`, "AWS:CreatedBy"},
		{"tag key Name", func(c *Config) { c.Tags["Name"] = "mine" }, `Tags["Name"]`, "Name"},

		// Alarm tuning.
		{"io limit above 100%", func(c *Config) {
			c.ThroughputMode, c.TransitionToArchive = ThroughputBursting, ""
			c.IOLimitAlarm.Threshold = 101
		}, "IOLimitAlarm.Threshold", "101"},
		{"io limit negative", func(c *Config) {
			c.ThroughputMode, c.TransitionToArchive = ThroughputBursting, ""
			c.IOLimitAlarm.Threshold = -5
		}, "IOLimitAlarm.Threshold", "-5"},
		{"metered throughput NaN", func(c *Config) { c.MeteredThroughputAlarm.Threshold = math.NaN() }, "MeteredThroughputAlarm.Threshold", "NaN"},
		{"connections above the EFS quota", func(c *Config) { c.ClientConnectionsAlarm.Threshold = 25001 }, "ClientConnectionsAlarm.Threshold", "25001"},
		{"burst credits infinite", func(c *Config) {
			c.ThroughputMode, c.TransitionToArchive = ThroughputBursting, ""
			c.BurstCreditAlarm.Threshold = math.Inf(1)
		}, "BurstCreditAlarm.Threshold", "+Inf"},
		{"burst credit alarm with elastic throughput", func(c *Config) { c.BurstCreditAlarm.Threshold = 1e9 },
			"BurstCreditAlarm", "{Threshold:1e+09 PeriodSeconds:0 EvaluationPeriods:0}"},
		// The EFS user guide documents no PercentIOLimit under elastic: no alarm to tune.
		{"io limit alarm with elastic throughput", func(c *Config) { c.IOLimitAlarm.Threshold = 90 },
			"IOLimitAlarm", "{Threshold:90 PeriodSeconds:0 EvaluationPeriods:0}"},
		{"io limit alarm with maxIO", func(c *Config) {
			c.PerformanceMode, c.ThroughputMode, c.ProvisionedThroughputInMibps = PerformanceMaxIO, ThroughputProvisioned, 200
			c.TransitionToArchive = ""
			c.IOLimitAlarm.EvaluationPeriods = 2
		}, "IOLimitAlarm", "{Threshold:0 PeriodSeconds:0 EvaluationPeriods:2}"},
		{"tuning with alarms off", func(c *Config) {
			c.CreateCloudwatchAlarms, c.AlarmActions = false, nil
			c.ClientConnectionsAlarm.Threshold = 200
		}, "ClientConnectionsAlarm", "{Threshold:200 PeriodSeconds:0 EvaluationPeriods:0}"},
		{"period of 90 s", func(c *Config) { c.MeteredThroughputAlarm.PeriodSeconds = 90 }, "MeteredThroughputAlarm.PeriodSeconds", "90"},
		{"throughput utilization alarm with elastic throughput", func(c *Config) { c.ThroughputUtilizationAlarm.Threshold = 50 },
			"ThroughputUtilizationAlarm", "{Threshold:50 PeriodSeconds:0 EvaluationPeriods:0}"},
		{"metered throughput alarm with bursting throughput", func(c *Config) {
			c.ThroughputMode, c.TransitionToArchive = ThroughputBursting, ""
			c.MeteredThroughputAlarm.Threshold = 100
		}, "MeteredThroughputAlarm", "{Threshold:100 PeriodSeconds:0 EvaluationPeriods:0}"},
		{"metered data alarm with provisioned throughput", func(c *Config) {
			c.ThroughputMode, c.ProvisionedThroughputInMibps, c.TransitionToArchive = ThroughputProvisioned, 100, ""
			c.MeteredDataAlarm.Threshold = 100
		}, "MeteredDataAlarm", "{Threshold:100 PeriodSeconds:0 EvaluationPeriods:0}"},
		{"metered throughput above elastic's maximum", func(c *Config) { c.MeteredThroughputAlarm.Threshold = 20481 }, "MeteredThroughputAlarm.Threshold", "20481"},
		// The cost guard's default period is a day: 8 of them exceed CloudWatch's 7 days.
		{"metered data window over seven days", func(c *Config) { c.MeteredDataAlarm.EvaluationPeriods = 8 }, "MeteredDataAlarm.EvaluationPeriods", "8"},
		{"high-resolution period", func(c *Config) {
			c.ThroughputMode, c.TransitionToArchive = ThroughputBursting, ""
			c.IOLimitAlarm.PeriodSeconds = 30
		}, "IOLimitAlarm.PeriodSeconds", "30"},
		{"period over a day", func(c *Config) {
			c.ThroughputMode, c.TransitionToArchive = ThroughputBursting, ""
			c.IOLimitAlarm.PeriodSeconds = 86460
		}, "IOLimitAlarm.PeriodSeconds", "86460"},
		{"negative evaluation periods", func(c *Config) { c.ClientConnectionsAlarm.EvaluationPeriods = -1 }, "ClientConnectionsAlarm.EvaluationPeriods", "-1"},
		{"window over a day", func(c *Config) {
			c.ClientConnectionsAlarm = AlarmTuning{PeriodSeconds: 600, EvaluationPeriods: 145}
		}, "ClientConnectionsAlarm.EvaluationPeriods", "145"},
		{"default period window over a day", func(c *Config) {
			c.ThroughputMode, c.TransitionToArchive = ThroughputBursting, ""
			c.IOLimitAlarm.EvaluationPeriods = 289
		}, "IOLimitAlarm.EvaluationPeriods", "289"},
		{"window over seven days", func(c *Config) {
			c.MeteredThroughputAlarm = AlarmTuning{PeriodSeconds: 3600, EvaluationPeriods: 169}
		}, "MeteredThroughputAlarm.EvaluationPeriods", "169"},
		{"runbook with space", func(c *Config) { c.RunbookBaseURL = "https://wiki/efs runbook" }, "RunbookBaseURL", "https://wiki/efs runbook"},
		{"runbook with anchor", func(c *Config) { c.RunbookBaseURL = "https://wiki/efs#troubleshooting" }, "RunbookBaseURL", "https://wiki/efs#troubleshooting"},
		{"runbook relative", func(c *Config) { c.RunbookBaseURL = "docs" }, "RunbookBaseURL", "docs"},
		{"runbook over http", func(c *Config) { c.RunbookBaseURL = "http://github.com/acme/kafka-efs" }, "RunbookBaseURL", "http://github.com/acme/kafka-efs"},
		{"runbook with a query", func(c *Config) { c.RunbookBaseURL = "https://git.example.com/tree?ref=main" }, "RunbookBaseURL", "https://git.example.com/tree?ref=main"},
		{"runbook with interpolation", func(c *Config) { c.RunbookBaseURL = "https://git.example.com/${var.x}" }, "RunbookBaseURL", "https://git.example.com/${var.x}"},
		{"runbook too long", func(c *Config) { c.RunbookBaseURL = "https://" + strings.Repeat("w", 505) }, "RunbookBaseURL", "https://" + strings.Repeat("w", 505)},
		{"alarm action not a topic with a backup plan", func(c *Config) {
			c.BackupPlan = &BackupPlan{}
			c.EnableAutomaticBackups = false
			c.AlarmActions = []string{"arn:aws:automate:us-east-1:ec2:reboot"}
		}, "AlarmActions[0]", "arn:aws:automate:us-east-1:ec2:reboot"},
		// A policy open to any principal only when asked for, and the opt-in only where
		// it means something.
		{"no roles without the opt-in", func(c *Config) { c.NodeRoleArn, c.ClientRoleArns = "", nil }, "AllowAnyPrincipal", "false"},
		{"opt-in beside a node role", func(c *Config) { c.ClientRoleArns, c.AllowAnyPrincipal = nil, true }, "AllowAnyPrincipal", "true"},
		{"opt-in beside client roles", func(c *Config) { c.NodeRoleArn, c.AllowAnyPrincipal = "", true }, "AllowAnyPrincipal", "true"},
		{"opt-in without a policy", func(c *Config) {
			c.NodeRoleArn, c.ClientRoleArns, c.DisableFileSystemPolicy, c.AllowAnyPrincipal = "", nil, true, true
		}, "AllowAnyPrincipal", "true"},
		// A list token stands for a whole list.
		{"list token beside a subnet", func(c *Config) {
			c.PrivateSubnetIDs = []string{"subnet-1a2b3c4d", "#{TfToken[TOKEN.9]}"}
		}, "PrivateSubnetIDs[1]", "#{TfToken[TOKEN.9]}"},
		{"list token beside a client role", func(c *Config) {
			c.ClientRoleArns = append(c.ClientRoleArns, "#{TfToken[TOKEN.6]}")
		}, "ClientRoleArns[2]", "#{TfToken[TOKEN.6]}"},
		{"alarm actions token with a backup plan", func(c *Config) {
			c.BackupPlan, c.EnableAutomaticBackups = &BackupPlan{}, false
			c.AlarmActions = []string{"#{TfToken[TOKEN.4]}"}
		}, "AlarmActions", "[#{TfToken[TOKEN.4]}]"},
		{"tag key charset", func(c *Config) { c.Tags["team!"] = "x" }, `Tags["team!"]`, "team!"},
		{"tag value charset", func(c *Config) { c.Tags["team"] = "a<b>" }, `Tags["team"]`, "a<b>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := validConfig()
			mutate := tc.mutate
			mutate(&c)
			err := c.Validate()
			require.Error(t, err)
			var found *FieldError
			for _, fe := range fieldErrorsOf(t, err) {
				if fe.Field == tc.field && fe.Value == tc.value {
					found = fe
					break
				}
			}
			require.NotNil(t, found, "no error on %s = %q in:\n%v", tc.field, tc.value, err)
			msg := found.Error()
			assert.True(t, strings.HasPrefix(msg, tc.field+" = "), msg)
			assert.Contains(t, msg, strconv.Quote(tc.value))
			assert.NotContains(t, msg, "\n")
		})
	}
}

func TestValidateReportsEveryProblemInFieldOrder(t *testing.T) {
	c := validConfig()
	c.ProjectName = ""
	c.VpcID = "bad"
	c.EnableEncryption = false // production guardrail, and KmsKeyID now lacks encryption
	c.ThroughputMode = "fast"
	c.LogRetentionDays = 2
	c.Tags = map[string]string{"aws:x": "y", "ok": "fine"}
	c.ClientRoleArns = []string{"role"}
	c.DisableFileSystemPolicy = true

	err := c.Validate()
	t.Logf("report:\n%v", err)
	errs := fieldErrorsOf(t, err)
	assert.Equal(t, []string{
		"ProjectName",
		"VpcID",
		"EnableEncryption",
		"KmsKeyID",
		"ThroughputMode",
		"LogRetentionDays",
		"DisableFileSystemPolicy",
		"ClientRoleArns[0]",
		`Tags["aws:x"]`,
	}, fieldsOf(errs))
	assert.Len(t, strings.Split(err.Error(), "\n"), len(errs), "one line per problem")
}

func TestValidateMessagesStayOnOneLine(t *testing.T) {
	c := validConfig()
	c.ProjectName = "a\nb"
	c.Environment = "prod\r\n"
	c.VpcID = "vpc-\n"
	c.PrivateSubnetIDs = []string{"subnet-\n1", "x\u2028y"}
	c.KmsKeyID = "arn\n"
	c.ThroughputMode = "fast\n"
	c.AlarmActions = []string{"arn:aws:sns:us-east-1:123456789012:a\nb"}
	c.ClientRoleArns = []string{"\n"}
	c.ReplicationRegion = "us-east-1\n"
	c.Tags = map[string]string{"k\n": "v\r\n", "aws:\n": "x", "Name": "\x00"}

	errs := fieldErrorsOf(t, c.Validate())
	require.NotEmpty(t, errs)
	for _, fe := range errs {
		msg := fe.Error()
		assert.NotContains(t, msg, "\n")
		assert.NotContains(t, msg, "\r")
		assert.NotContains(t, msg, "\u2028")
		assert.Contains(t, msg, fe.Field)
	}
}

func TestFieldErrorFormat(t *testing.T) {
	e := &FieldError{Field: "ThroughputMode", Value: "fast", Allowed: "must be one of bursting, elastic, provisioned"}
	assert.Equal(t, `ThroughputMode = "fast": must be one of bursting, elastic, provisioned`, e.Error())

	c := validConfig()
	c.ThroughputMode = "fast"
	assert.EqualError(t, c.Validate(),
		`ThroughputMode = "fast": must be one of bursting, elastic, provisioned (empty means bursting)`)
}

// literalSubnets returns n distinct literal subnet IDs.
func literalSubnets(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "subnet-" + strings.Repeat(strconv.Itoa(i), 8)
	}
	return out
}

// literalTopics returns n distinct SNS topic ARNs.
func literalTopics(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "arn:aws:sns:us-east-1:123456789012:alerts-" + strconv.Itoa(i)
	}
	return out
}

// literalTags returns n valid tags.
func literalTags(n int) map[string]string {
	out := make(map[string]string, n)
	for i := range n {
		out["tag-"+strconv.Itoa(i)] = "value"
	}
	return out
}

// TestValidateAnyPrincipalNeedsOptIn: a Config that names no role is refused with one
// line that names the opt-in field and the fields that would name the clients instead.
func TestValidateAnyPrincipalNeedsOptIn(t *testing.T) {
	c := validConfig()
	c.NodeRoleArn, c.ClientRoleArns = "", nil
	errs := fieldErrorsOf(t, c.Validate())
	require.Equal(t, []string{"AllowAnyPrincipal"}, fieldsOf(errs))
	msg := errs[0].Error()
	assert.True(t, strings.HasPrefix(msg, `AllowAnyPrincipal = "false": must be true when neither NodeRoleArn nor ClientRoleArns is set`), msg)
	assert.Contains(t, msg, "set AllowAnyPrincipal to true")

	c.AllowAnyPrincipal = true
	assert.NoError(t, c.Validate())
}
