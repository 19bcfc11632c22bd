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
// to deploy, where to keep state, where backups are copied and where runbooks are read. They come from environment variables so that CI
// and each engineer can set them without editing code.
type Settings struct {
	// ProjectName prefixes every resource name. KAFKA_EFS_PROJECT, default confluent-kafka.
	ProjectName string
	// Region is the AWS region of every stack. KAFKA_EFS_REGION, default us-east-1.
	Region string
	// StateBucket is the S3 bucket of the prod stacks' remote state. KAFKA_EFS_STATE_BUCKET,
	// default empty: every stack keeps local state (terraform.<stack>.tfstate).
	StateBucket string
	// StateRegion is the region of StateBucket. KAFKA_EFS_STATE_REGION, default Region.
	StateRegion string
	// StateLockTable is a DynamoDB table for state locking. KAFKA_EFS_STATE_LOCK_TABLE,
	// default empty: Terraform's S3-native lock file (use_lockfile, Terraform >= 1.10).
	StateLockTable string
	// BackupCopyRegion is where the environments with CopyBackups copy their recovery
	// points. KAFKA_EFS_BACKUP_COPY_REGION, default DefaultBackupCopyRegion(Region): a
	// region of the same geography, so that a copy never leaves it unless asked.
	BackupCopyRegion string
	// RunbookBaseURL is the https:// address of this repository's tree that alarm
	// descriptions and backup notifications link to (kafkaefs.Config.RunbookBaseURL).
	// KAFKA_EFS_RUNBOOK_BASE_URL, default empty: they name docs/operations.md and the
	// section in words.
	RunbookBaseURL string
	// ExistingDriverClusters are the clusters (Cluster.Name) whose EFS CSI driver and roles
	// exist already, installed by other means: they get no cluster stack, and their file
	// system stacks take the node role as the required variable efs_csi_node_role_arn.
	// KAFKA_EFS_EXISTING_DRIVER, comma-separated; default none.
	ExistingDriverClusters []string
	// ExistingAgentClusters are the clusters that run the Pod Identity agent already (as
	// an add-on of other Terraform, or built into EKS Auto Mode): their cluster stacks do
	// not install it. KAFKA_EFS_EXISTING_POD_IDENTITY_AGENT, comma-separated; default none.
	ExistingAgentClusters []string
	// DriverAddonVersion moves the aws-efs-csi-driver add-on off
	// efscsidriver.DefaultDriverAddonVersion on purpose: vX.Y.Z-eksbuild.N, at least
	// efscsidriver.MinDriverAddonVersion. KAFKA_EFS_CSI_DRIVER_ADDON_VERSION; default the pin.
	DriverAddonVersion string
	// ManualRestoreAlerts names the one file system stack (Environment.Stack) that
	// creates the account-wide rule forwarding every failed EFS restore outside a restore
	// testing plan (a person's restore) to its alarm topic: one rule per account and
	// region, so one stack only. KAFKA_EFS_MANUAL_RESTORE_ALERTS; default empty: no
	// stack forwards them.
	ManualRestoreAlerts string
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

// The settings that name clusters or the driver.
const (
	envExistingDriver     = "KAFKA_EFS_EXISTING_DRIVER"
	envExistingAgent      = "KAFKA_EFS_EXISTING_POD_IDENTITY_AGENT"
	envDriverAddonVersion = "KAFKA_EFS_CSI_DRIVER_ADDON_VERSION"
	envManualRestore      = "KAFKA_EFS_MANUAL_RESTORE_ALERTS"
)

// list splits a comma-separated setting, dropping blanks.
func list(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Setting defaults.
const (
	DefaultProjectName = "confluent-kafka"
	DefaultRegion      = "us-east-1"
)

// SettingsFromEnv reads Settings from the environment through getenv (os.Getenv in main,
// a map in tests) and applies the defaults.
func SettingsFromEnv(getenv func(string) string) Settings {
	or := func(v, def string) string {
		if v == "" {
			return def
		}
		return v
	}
	s := Settings{
		ProjectName:            or(getenv("KAFKA_EFS_PROJECT"), DefaultProjectName),
		Region:                 or(getenv("KAFKA_EFS_REGION"), DefaultRegion),
		StateBucket:            getenv("KAFKA_EFS_STATE_BUCKET"),
		StateLockTable:         getenv("KAFKA_EFS_STATE_LOCK_TABLE"),
		ExistingDriverClusters: list(getenv(envExistingDriver)),
		ExistingAgentClusters:  list(getenv(envExistingAgent)),
		DriverAddonVersion:     strings.TrimSpace(getenv(envDriverAddonVersion)),
		ManualRestoreAlerts:    strings.TrimSpace(getenv(envManualRestore)),
	}
	s.StateRegion = or(getenv("KAFKA_EFS_STATE_REGION"), s.Region)
	s.BackupCopyRegion = or(getenv("KAFKA_EFS_BACKUP_COPY_REGION"), DefaultBackupCopyRegion(s.Region))
	s.RunbookBaseURL = getenv("KAFKA_EFS_RUNBOOK_BASE_URL")
	return s
}

var (
	// bucketPattern is S3's bucket naming rule: 3 to 63 lower-case letters, digits, dots
	// and hyphens, starting and ending with a letter or digit.
	bucketPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	// tablePattern is DynamoDB's table naming rule: 3 to 255 of [a-zA-Z0-9_.-].
	tablePattern = regexp.MustCompile(`^[a-zA-Z0-9_.-]{3,255}$`)
)

// Validate reports every setting that AWS would refuse, naming its environment variable.
// ProjectName is checked with the rest of the Config, by kafkaefs.Config.Validate.
func (s Settings) Validate() error {
	var errs []error
	check := func(ok bool, variable, value, allowed string) {
		if !ok {
			errs = append(errs, fmt.Errorf("%s = %q: %s", variable, value, allowed))
		}
	}
	check(kafkaefs.IsRegion(s.Region), "KAFKA_EFS_REGION", s.Region,
		"must be an AWS region name such as us-east-1")
	check(s.StateBucket == "" || kafkaefs.IsRegion(s.StateRegion), "KAFKA_EFS_STATE_REGION", s.StateRegion,
		"must be an AWS region name such as us-east-1")
	check(s.StateBucket == "" || bucketPattern.MatchString(s.StateBucket), "KAFKA_EFS_STATE_BUCKET", s.StateBucket,
		"must be an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens")
	check(s.StateLockTable == "" || tablePattern.MatchString(s.StateLockTable), "KAFKA_EFS_STATE_LOCK_TABLE", s.StateLockTable,
		"must be a DynamoDB table name: 3-255 letters, digits, '_', '.', '-'")
	check(s.StateLockTable == "" || s.StateBucket != "", "KAFKA_EFS_STATE_LOCK_TABLE", s.StateLockTable,
		"needs KAFKA_EFS_STATE_BUCKET: locking applies to S3 state only")
	if c := s.BackupCopyRegion; c != "" {
		check(kafkaefs.IsRegion(c), "KAFKA_EFS_BACKUP_COPY_REGION", c, "must be an AWS region name such as us-west-2")
		check(c != s.Region, "KAFKA_EFS_BACKUP_COPY_REGION", c, fmt.Sprintf(
			"must differ from KAFKA_EFS_REGION (%s): a copy in the same region is lost with it in a regional outage", s.Region))
		check(!kafkaefs.IsRegion(c) || regionPartition(c) == regionPartition(s.Region), "KAFKA_EFS_BACKUP_COPY_REGION", c, fmt.Sprintf(
			"must be in the partition of KAFKA_EFS_REGION (%s, %s): AWS Backup copies within a partition only", s.Region, regionPartition(s.Region)))
	}
	if err := kafkaefs.CheckRunbookBaseURL(s.RunbookBaseURL); err != nil {
		check(false, "KAFKA_EFS_RUNBOOK_BASE_URL", s.RunbookBaseURL, err.Error())
	}
	if v := s.DriverAddonVersion; v != "" {
		if err := efscsidriver.CheckDriverAddonVersion(v); err != nil {
			errs = append(errs, fmt.Errorf("%s = %q: %v", envDriverAddonVersion, v, err))
		}
	}
	return errors.Join(errs...)
}

// checkManualRestoreAlerts refuses a KAFKA_EFS_MANUAL_RESTORE_ALERTS that names more than
// one stack (each would create the account-wide rule, and every failure would page
// twice), or a stack that cannot forward: it must exist, have a BackupPlan and an
// AlarmTopic.
func checkManualRestoreAlerts(envs []Environment, s Settings) error {
	v := s.ManualRestoreAlerts
	if v == "" {
		return nil
	}
	if names := list(v); len(names) != 1 {
		return fmt.Errorf("%s = %q: must name one stack: the rule is account-wide, and two stacks would each create it, so every failed restore would page twice", envManualRestore, v)
	}
	var able []string
	for _, env := range envs {
		ok := env.Config.BackupPlan != nil && env.AlarmTopic != ""
		if ok {
			able = append(able, env.Stack)
		}
		if env.Stack == v {
			if !ok {
				return fmt.Errorf("%s = %q: that stack has no BackupPlan and AlarmTopic to forward with; name one that has (%s)", envManualRestore, v, strings.Join(able, ", "))
			}
			return nil
		}
	}
	return fmt.Errorf("%s = %q: must name a file system stack with a BackupPlan and an AlarmTopic (%s)", envManualRestore, v, strings.Join(able, ", "))
}
