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
// to deploy and where to keep state. They come from environment variables so that CI
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
}

// The settings that name clusters or the driver.
const (
	envExistingDriver     = "KAFKA_EFS_EXISTING_DRIVER"
	envExistingAgent      = "KAFKA_EFS_EXISTING_POD_IDENTITY_AGENT"
	envDriverAddonVersion = "KAFKA_EFS_CSI_DRIVER_ADDON_VERSION"
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
		ProjectName:    or(getenv("KAFKA_EFS_PROJECT"), DefaultProjectName),
		Region:         or(getenv("KAFKA_EFS_REGION"), DefaultRegion),
		StateBucket:    getenv("KAFKA_EFS_STATE_BUCKET"),
		StateLockTable: getenv("KAFKA_EFS_STATE_LOCK_TABLE"),

		ExistingDriverClusters: list(getenv(envExistingDriver)),
		ExistingAgentClusters:  list(getenv(envExistingAgent)),
		DriverAddonVersion:     strings.TrimSpace(getenv(envDriverAddonVersion)),
	}
	s.StateRegion = or(getenv("KAFKA_EFS_STATE_REGION"), s.Region)
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
	if v := s.DriverAddonVersion; v != "" {
		if err := efscsidriver.CheckDriverAddonVersion(v); err != nil {
			errs = append(errs, fmt.Errorf("%s = %q: %v", envDriverAddonVersion, v, err))
		}
	}
	return errors.Join(errs...)
}
