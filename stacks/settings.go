package stacks

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/kafka-efs/kafka-efs/constructs/efscsidriver"
	"github.com/kafka-efs/kafka-efs/constructs/kafkaefs"
)

// Settings are the synth-time choices that are not part of an environment's data: where
// to deploy, where to keep state, where backups are copied and where runbooks are read.
// They live in the "context" object of cdktf.json (SettingsFile), committed and reviewed
// with the code; an environment variable overrides one for one run. LoadSettings reads
// them; settingTable says, per field, its key, variable, default and rule.
type Settings struct {
	// ProjectName prefixes every resource name and the state's names. Key project,
	// KAFKA_EFS_PROJECT; default confluent-kafka.
	ProjectName string
	// Region is the AWS region of every stack. Key region, KAFKA_EFS_REGION; default
	// us-east-1.
	Region string
	// StateBucket is the S3 bucket of the prod stacks' remote state. Key stateBucket,
	// KAFKA_EFS_STATE_BUCKET; default empty: every stack keeps local state
	// (terraform.<project>.<stack>.tfstate, LocalStatePath).
	StateBucket string
	// StateRegion is the region of StateBucket. Key stateRegion, KAFKA_EFS_STATE_REGION;
	// default Region.
	StateRegion string
	// StateLockTable is a DynamoDB table for state locking. Key stateLockTable,
	// KAFKA_EFS_STATE_LOCK_TABLE; default empty: Terraform's S3-native lock file
	// (use_lockfile, Terraform >= 1.10).
	StateLockTable string
	// BackupCopyRegion is where the environments with CopyBackups copy their recovery
	// points. Key backupCopyRegion, KAFKA_EFS_BACKUP_COPY_REGION; default
	// DefaultBackupCopyRegion(Region): a region of the same geography, so that a copy
	// never leaves it unless asked.
	BackupCopyRegion string
	// RunbookBaseURL is the https:// address of this repository's tree that alarm
	// descriptions and backup notifications link to (kafkaefs.Config.RunbookBaseURL).
	// Key runbookBaseUrl, KAFKA_EFS_RUNBOOK_BASE_URL; default empty: they name
	// docs/operations.md and the section in words.
	RunbookBaseURL string
	// ExistingDriverClusters are the clusters (Cluster.Name) whose EFS CSI driver and roles
	// exist already, installed by other means: they get no cluster stack, and their file
	// system stacks take the node role as the required variable efs_csi_node_role_arn.
	// Key existingDriver (a JSON array), KAFKA_EFS_EXISTING_DRIVER (comma-separated);
	// default none.
	ExistingDriverClusters []string
	// ExistingAgentClusters are the clusters that run the Pod Identity agent already (as
	// an add-on of other Terraform, or built into EKS Auto Mode): their cluster stacks do
	// not install it. Key existingPodIdentityAgent, KAFKA_EFS_EXISTING_POD_IDENTITY_AGENT;
	// default none.
	ExistingAgentClusters []string
	// ExistingDriverClusterTags gives, for a cluster of ExistingDriverClusters whose driver
	// belongs to another kafka-efs project, the value of that driver's cluster tag
	// (efscsidriver.ClusterTagKey, "<other project>-<cluster>"): the file system stacks of
	// that cluster tag their file systems with it, which that driver's controller requires
	// to create access points on them. Key existingDriverClusterTag (a JSON object, e.g.
	// {"prod": "payments-prod"}), KAFKA_EFS_EXISTING_DRIVER_CLUSTER_TAG (comma-separated
	// <cluster>=<value> pairs); default none: "<project>-<cluster>".
	ExistingDriverClusterTags map[string]string
	// DriverAddonVersion moves the aws-efs-csi-driver add-on off
	// efscsidriver.DefaultDriverAddonVersion on purpose: vX.Y.Z-eksbuild.N, at least
	// efscsidriver.MinDriverAddonVersion. Key csiDriverAddonVersion,
	// KAFKA_EFS_CSI_DRIVER_ADDON_VERSION; default the pin.
	DriverAddonVersion string
	// ManualRestoreAlerts names the one file system stack (Environment.Stack) that
	// creates the account-wide rule forwarding every failed EFS restore outside a restore
	// testing plan (a person's restore) to its alarm topic: one rule per account and
	// region, so one stack only. Key manualRestoreAlerts, KAFKA_EFS_MANUAL_RESTORE_ALERTS;
	// default empty: no stack forwards them.
	ManualRestoreAlerts string

	// origins says, by key, where a value came from: the file, a variable, both (the
	// variable won) or neither (the default). LoadSettings fills it; messages and the
	// summary read it. A Settings built in code has none: its values count as the file's.
	origins map[string]origin
}

// origin is where one setting's value came from.
type origin struct {
	file bool // the file set it
	env  bool // its variable set it, over the file or the default
	// replaced is the value the variable overrode, as the summary shows it: the file's
	// value or the default.
	replaced string
}

// backupCopyRegions pairs each region with the default region of its backup copies: the
// nearest region of the same geography (and partition; AWS Backup copies within a
// partition only), so that data under one jurisdiction's rules stays there (GDPR for the
// EU, for example) and the transfer stays short. A region without a partner in its
// geography (sa-east-1, af-south-1, ...) has no default: set KAFKA_EFS_BACKUP_COPY_REGION.
var backupCopyRegions = map[string]string{
	// United States and Canada: each coast copies to the other.
	"us-east-1": "us-west-2", "us-east-2": "us-west-2", "us-west-1": "us-west-2", "us-west-2": "us-east-1",
	"ca-central-1": "ca-west-1", "ca-west-1": "ca-central-1",
	// European Union: Ireland and Frankfurt pair up, the others copy to the nearer one.
	"eu-west-1": "eu-central-1", "eu-central-1": "eu-west-1", "eu-west-3": "eu-central-1",
	"eu-north-1": "eu-central-1", "eu-south-1": "eu-central-1", "eu-south-2": "eu-west-3",
	"eu-central-2": "eu-central-1",
	// United Kingdom: no second UK region; Ireland is the nearest in Europe.
	"eu-west-2": "eu-west-1",
	// Asia Pacific: within the country where AWS has two regions.
	"ap-northeast-1": "ap-northeast-3", "ap-northeast-3": "ap-northeast-1",
	"ap-south-1": "ap-south-2", "ap-south-2": "ap-south-1",
	"ap-southeast-2": "ap-southeast-4", "ap-southeast-4": "ap-southeast-2",
	// GovCloud and China: the partition's other region.
	"us-gov-west-1": "us-gov-east-1", "us-gov-east-1": "us-gov-west-1",
	"cn-north-1": "cn-northwest-1", "cn-northwest-1": "cn-north-1",
}

// DefaultBackupCopyRegion returns the default copy region for a stack in region, or ""
// when its geography has no second region to copy to.
func DefaultBackupCopyRegion(region string) string { return backupCopyRegions[region] }

// regionPartition names the ARN partition of a region: copies cannot cross partitions.
func regionPartition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-iso"):
		return "aws-iso"
	case strings.HasPrefix(region, "eusc-"):
		return "aws-eusc"
	}
	return "aws"

}

// Setting defaults.
const (
	DefaultProjectName = "confluent-kafka"
	DefaultRegion      = "us-east-1"
)

// setting is one row of settingTable: one synth-time choice.
type setting struct {
	// key names it in the "context" object of SettingsFile: lowerCamelCase.
	key string
	// env is the variable that overrides the file for one run: KAFKA_EFS_ and the key in
	// UPPER_SNAKE_CASE (TestSettingNames holds every row to that).
	env string
	// field points at the Settings field that holds the value, and so gives its kind:
	// *string (a JSON string; the variable's text), *[]string (a JSON array of strings;
	// the variable comma-separated) or *bool (true or false in both).
	field func(*Settings) any
	// def is the default of a text setting when neither the file nor the variable sets
	// it; it sees the rows above it (nil: empty). A list defaults to none, a flag to
	// false.
	def func(Settings) string
	// check returns what is wrong with the value in s, each as "must ..." (nil: nothing
	// to check here). s is complete, so a rule may read other settings.
	check func(s Settings) []string
}

// settingTable is every synth-time setting, in the order they are resolved (a default
// may read the rows above it). A new setting is a new Settings field and a new row here;
// README "Configure", docs/configuration.md and help list it (TestSettingsDocumented
// checks that they do). Its meaning and default are documented on its field.
var settingTable = []setting{
	{key: "project", env: "KAFKA_EFS_PROJECT",
		field: func(s *Settings) any { return &s.ProjectName },
		def:   func(Settings) string { return DefaultProjectName },
		// Checked with the rest of each Config, by kafkaefs.Config.Validate (knobs names
		// this setting in its errors).
	},
	{key: "region", env: "KAFKA_EFS_REGION",
		field: func(s *Settings) any { return &s.Region },
		def:   func(Settings) string { return DefaultRegion },
		check: func(s Settings) []string {
			return rule(kafkaefs.IsRegion(s.Region), "must be an AWS region name such as us-east-1")
		},
	},
	{key: "stateBucket", env: "KAFKA_EFS_STATE_BUCKET",
		field: func(s *Settings) any { return &s.StateBucket },
		check: func(s Settings) []string {
			return rule(s.StateBucket == "" || bucketPattern.MatchString(s.StateBucket),
				"must be an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens")
		},
	},
	{key: "stateRegion", env: "KAFKA_EFS_STATE_REGION",
		field: func(s *Settings) any { return &s.StateRegion },
		def:   func(s Settings) string { return s.Region },
		check: func(s Settings) []string {
			// Unused, so unchecked, without a bucket.
			return rule(s.StateBucket == "" || kafkaefs.IsRegion(s.StateRegion), "must be an AWS region name such as us-east-1")
		},
	},
	{key: "stateLockTable", env: "KAFKA_EFS_STATE_LOCK_TABLE",
		field: func(s *Settings) any { return &s.StateLockTable },
		check: func(s Settings) []string {
			if s.StateLockTable == "" {
				return nil
			}
			return append(rule(tablePattern.MatchString(s.StateLockTable), "must be a DynamoDB table name: 3-255 letters, digits, '_', '.', '-'"),
				rule(s.StateBucket != "", "needs "+s.name("stateBucket")+": locking applies to S3 state only")...)
		},
	},
	{key: "backupCopyRegion", env: "KAFKA_EFS_BACKUP_COPY_REGION",
		field: func(s *Settings) any { return &s.BackupCopyRegion },
		def:   func(s Settings) string { return DefaultBackupCopyRegion(s.Region) },
		check: func(s Settings) []string {
			c := s.BackupCopyRegion
			if c == "" {
				return nil // checkEnvironment says which stack needs one
			}
			if !kafkaefs.IsRegion(c) {
				return []string{"must be an AWS region name such as us-west-2"}
			}
			return append(rule(c != s.Region, fmt.Sprintf(
				"must differ from %s (%s): a copy in the same region is lost with it in a regional outage", s.name("region"), s.Region)),
				rule(regionPartition(c) == regionPartition(s.Region), fmt.Sprintf(
					"must be in the partition of %s (%s, %s): AWS Backup copies within a partition only", s.name("region"), s.Region, regionPartition(s.Region)))...)
		},
	},
	{key: "runbookBaseUrl", env: "KAFKA_EFS_RUNBOOK_BASE_URL",
		field: func(s *Settings) any { return &s.RunbookBaseURL },
		check: func(s Settings) []string { return ruleErr(kafkaefs.CheckRunbookBaseURL(s.RunbookBaseURL)) },
	},
	// The two cluster lists are checked against Clusters() by checkClusterSettings.
	{key: "existingDriver", env: "KAFKA_EFS_EXISTING_DRIVER",
		field: func(s *Settings) any { return &s.ExistingDriverClusters },
	},
	{key: "existingPodIdentityAgent", env: "KAFKA_EFS_EXISTING_POD_IDENTITY_AGENT",
		field: func(s *Settings) any { return &s.ExistingAgentClusters },
	},
	// Checked against the environments by checkManualRestoreAlerts.
	{key: "manualRestoreAlerts", env: "KAFKA_EFS_MANUAL_RESTORE_ALERTS",
		field: func(s *Settings) any { return &s.ManualRestoreAlerts },
	},
	// Checked against existingDriver by checkExistingDriverTags.
	{key: "existingDriverClusterTag", env: "KAFKA_EFS_EXISTING_DRIVER_CLUSTER_TAG",
		field: func(s *Settings) any { return &s.ExistingDriverClusterTags },
	},
	{key: "csiDriverAddonVersion", env: "KAFKA_EFS_CSI_DRIVER_ADDON_VERSION",
		field: func(s *Settings) any { return &s.DriverAddonVersion },
		check: func(s Settings) []string {
			if s.DriverAddonVersion == "" {
				return nil
			}
			return ruleErr(efscsidriver.CheckDriverAddonVersion(s.DriverAddonVersion))
		},
	},
}

// rule returns allowed when ok is false.
func rule(ok bool, allowed string) []string {
	if ok {
		return nil
	}
	return []string{allowed}
}

// ruleErr returns err's text, if any.
func ruleErr(err error) []string {
	if err == nil {
		return nil
	}
	return []string{err.Error()}
}

var (
	// bucketPattern is S3's bucket naming rule: 3 to 63 lower-case letters, digits, dots
	// and hyphens, starting and ending with a letter or digit.
	bucketPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	// tablePattern is DynamoDB's table naming rule: 3 to 255 of [a-zA-Z0-9_.-].
	tablePattern = regexp.MustCompile(`^[a-zA-Z0-9_.-]{3,255}$`)
)

// Validate reports every setting that AWS would refuse, one line each naming where its
// value came from (Settings.name): the variable, else its key in SettingsFile.
// ProjectName is checked with the rest of the Config, by kafkaefs.Config.Validate.
func (s Settings) Validate() error {
	var errs []error
	for _, row := range settingTable {
		if row.check == nil {
			continue
		}
		for _, allowed := range row.check(s) {
			errs = append(errs, s.problem(row.key, allowed))
		}
	}
	return errors.Join(errs...)
}

// checkManualRestoreAlerts refuses a manualRestoreAlerts setting that names more than
// one stack (each would create the account-wide rule, and every failure would page
// twice), or a stack that cannot forward: it must exist, have a BackupPlan and an
// AlarmTopic.
func checkManualRestoreAlerts(envs []Environment, s Settings) error {
	v := s.ManualRestoreAlerts
	if v == "" {
		return nil
	}
	if names := list(v); len(names) != 1 {
		return fmt.Errorf("%s = %q: must name one stack: the rule is account-wide, and two stacks would each create it, so every failed restore would page twice", s.name("manualRestoreAlerts"), v)
	}
	var able []string
	for _, env := range envs {
		ok := env.Config.BackupPlan != nil && env.AlarmTopic != ""
		if ok {
			able = append(able, env.Stack)
		}
		if env.Stack == v {
			if !ok {
				return fmt.Errorf("%s = %q: that stack has no BackupPlan and AlarmTopic to forward with; name one that has (%s)", s.name("manualRestoreAlerts"), v, strings.Join(able, ", "))
			}
			return nil
		}
	}
	return fmt.Errorf("%s = %q: must name a file system stack with a BackupPlan and an AlarmTopic (%s)", s.name("manualRestoreAlerts"), v, strings.Join(able, ", "))
}
