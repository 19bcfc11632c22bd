// Package efs is the plain Go half of the KafkaEfs construct: its inputs (Config, with
// Validate), the names and defaults derived from them, the list prices (package efs/cost
// estimates the monthly bill from them), the Kubernetes manifests, the smoke-test Job
// and the Kafka operator fragments, and the tables the construct wires into typed
// resources: access points, alarms, backup event rules and alarms, the dashboard body,
// the restore check's state machine and every IAM policy as plain statements.
//
// It imports neither jsii nor cdktf nor the provider bindings, so its tests never start
// the jsii kernel. Package constructs/kafkaefs turns its data into resources.
package efs

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// Allowed values of the enumerated Config fields, as AWS and the provider name them.
const (
	PerformanceGeneralPurpose = "generalPurpose"
	PerformanceMaxIO          = "maxIO"

	ThroughputBursting    = "bursting"
	ThroughputElastic     = "elastic"
	ThroughputProvisioned = "provisioned"

	// TransitionOnFirstAccess is the only value AWS accepts for
	// TransitionToPrimaryStorageClass.
	TransitionOnFirstAccess = "AFTER_1_ACCESS"
)

// POSIX identity that every access point enforces and owns its root directory with,
// and that the Kubernetes manifests request: the spec's uid=1000, gid=1000.
const (
	PosixUID = 1000
	PosixGID = 1000
)

// DefaultLogRetentionDays is the retention of the EFS log group when
// Config.LogRetentionDays is 0.
const DefaultLogRetentionDays = 30

// Config holds every input of the module described in the spec, in Go form. An empty
// string stands for the spec's null, a zero number for "use the default".
//
// The IDs, names and ARNs (VpcID, PrivateSubnetIDs, EksNodeSecurityGroupID, KmsKeyID,
// AlarmActions, AdditionalSourceSecurityGroupIDs, ClientRoleArns, NodeRoleArn,
// ReplicationRegion, BackupPlan.CopyDestinationVaultArn, tag
// values) may be cdktf tokens: Terraform references such as a variable or another
// resource's attribute. A list field takes a list token (a list(string) variable's
// ListValue()) as its only element: see List. Tokens are resolved only when Terraform
// runs, so Validate checks their format no further; the variables' validation blocks do. ProjectName, Environment,
// the modes and the transitions must be literals: names, the production guardrail and
// the mode-dependent resources are decided at synth time.
type Config struct {
	// ProjectName prefixes every name (creation token, security group, log group, tags).
	// Lower-case letters, digits and single hyphens, starting with a letter, at most 40
	// characters. Required.
	ProjectName string
	// Environment names the deployment (dev, prod, ...). An environment named "prod" or
	// starting with "prod-" is production: it must be encrypted and backed up, and its file
	// system and key refuse destruction. Same charset as ProjectName, at most 24
	// characters; "<project>-<environment>-efs" must fit EFS's 64-character creation
	// token. Required.
	Environment string

	// VpcID is the VPC (vpc-...) that holds the security group. Required.
	VpcID string
	// PrivateSubnetIDs are the private subnets (subnet-...) that each receive a mount
	// target: one per availability zone, 2 to 6 distinct subnets for a literal list, or
	// List(variable.ListValue()) for a list known at deploy time. Required.
	PrivateSubnetIDs []string
	// EksNodeSecurityGroupID is the security group (sg-...) of the EKS nodes, the only
	// default source allowed to reach NFS (TCP 2049). Required.
	EksNodeSecurityGroupID string

	// EnableEncryption encrypts data at rest. Encryption is on by default in effect: a
	// Config without it is refused unless AllowUnencrypted says so, and always in
	// production. Changing it replaces the file system.
	EnableEncryption bool
	// AllowUnencrypted is the visible opt-out that lets a non-production file system go
	// without encryption at rest. Default false.
	AllowUnencrypted bool
	// KmsKeyID is the ARN of a customer-managed KMS key (or alias ARN) for encryption at
	// rest; empty uses the AWS-managed key aws/elasticfilesystem. Needs EnableEncryption.
	// Changing it replaces the file system. The log group is encrypted with it too, except
	// for a literal alias ARN (CloudWatch Logs takes key ARNs only): a Terraform reference
	// must therefore resolve to a key ARN.
	KmsKeyID string

	// PerformanceMode is generalPurpose (default when empty) or maxIO. It can never change
	// after creation: a change replaces the file system.
	PerformanceMode string
	// ThroughputMode is bursting (default when empty), elastic (generalPurpose only) or
	// provisioned.
	ThroughputMode string
	// ProvisionedThroughputInMibps is the fixed throughput in MiB/s, required exactly when
	// ThroughputMode is provisioned.
	ProvisionedThroughputInMibps float64

	// TransitionToIA moves files to Infrequent Access after that long without access
	// (AFTER_1_DAY ... AFTER_365_DAYS); empty disables it.
	TransitionToIA string
	// TransitionToPrimaryStorageClass moves a file back to Standard storage on its first
	// access in IA or Archive; only AFTER_1_ACCESS is allowed, and only with
	// TransitionToIA or TransitionToArchive; empty leaves files where they are.
	TransitionToPrimaryStorageClass string
	// TransitionToArchive moves files to Archive storage after that long without access;
	// elastic throughput only, later than TransitionToIA; empty disables it.
	TransitionToArchive string

	// CreateKafkaBackupAccessPoint creates the /kafka-backups access point.
	CreateKafkaBackupAccessPoint bool
	// CreateKafkaConnectAccessPoint creates the /kafka-connect-plugins access point.
	CreateKafkaConnectAccessPoint bool
	// CreateSharedLogsAccessPoint creates the /shared-logs access point.
	CreateSharedLogsAccessPoint bool
	// SmokeTestImage is the container image of the smoke-test Job (output
	// kubernetes_smoke_test_job), which mounts every claim and writes, reads and deletes a
	// file on each. A reference pinned by a tag other than latest, by a sha256 digest, or
	// both; its /bin/sh must be POSIX sh with awk, stat -c, dd conv=fsync and date
	// (busybox has them all). Empty means DefaultSmokeTestImage; set it when the nodes pull from a
	// mirror.
	SmokeTestImage string

	// EnableAutomaticBackups turns on AWS's default EFS backup plan (aws_efs_backup_policy
	// ENABLED): daily, kept 35 days, in the default vault aws/efs/automatic-backup-vault,
	// none of which can be changed, locked or encrypted with KmsKeyID. Cannot be combined
	// with BackupPlan, which supersedes it.
	EnableAutomaticBackups bool
	// BackupPlan, when set, backs the file system up with the construct's own AWS Backup
	// plan: a vault encrypted with KmsKeyID (unless it is an alias ARN, which AWS Backup
	// does not take) and locked, its rules, an optional copy to another region and monthly
	// restore tests (see BackupPlan). Production needs BackupPlan or EnableAutomaticBackups.
	// Default nil: no plan.
	BackupPlan *BackupPlan

	// CreateCloudwatchAlarms creates the alarms that mean something for the chosen modes
	// (docs/operations.md). Default false: no alarm, and, since AlarmActions must then be
	// empty, no rule forwarding failed backup jobs either.
	CreateCloudwatchAlarms bool
	// AlarmActions are the ARNs (usually SNS topics) notified when an alarm fires or clears:
	// 1 to 5 when CreateCloudwatchAlarms is on (an alarm nobody hears is refused), none
	// otherwise.
	AlarmActions []string
	// IOLimitAlarm tunes the PercentIOLimit alarm (generalPurpose file systems only: EFS
	// publishes the metric for no other mode). Threshold in percent of the General
	// Purpose I/O limit, 0 < t <= 100, default 95; the alarm fires above it.
	IOLimitAlarm AlarmTuning
	// BurstCreditAlarm tunes the BurstCreditBalance alarm (bursting throughput only: no
	// other mode spends credits). Threshold in bytes of burst credit, default
	// 377,487,360,000 (one hour of bursting at 100 MiB/s); the alarm fires below it.
	BurstCreditAlarm AlarmTuning
	// ClientConnectionsAlarm tunes the client-connections alarm. Threshold is the average
	// number of NFS client connections over the period (metric math over the per-minute
	// ClientConnections Sum), 1 to 25,000 (EFS's quota per file system), default 1000;
	// the alarm fires above it.
	ClientConnectionsAlarm AlarmTuning
	// ThroughputUtilizationAlarm tunes the throughput-utilization alarm (bursting and
	// provisioned only: under elastic, PermittedThroughput is the file system's maximum
	// and the ratio stays near zero). Threshold in percent of the permitted throughput
	// (MeteredIOBytes against PermittedThroughput), 0 < t <= 100, default 80; the alarm
	// fires above it.
	ThroughputUtilizationAlarm AlarmTuning
	// MeteredThroughputAlarm tunes the metered-throughput alarm (elastic only): Threshold
	// is a ceiling in MiB/s of MeteredIOBytes (EFS's throughput meter, reads counted at
	// one third) averaged over the period, at most 20,480 (us-east-1's Elastic read quota
	// of 60 GiB/s, metered at one third), default 500; the alarm fires above it.
	MeteredThroughputAlarm AlarmTuning
	// MeteredDataAlarm tunes the Elastic cost guard (elastic only, which bills every GB
	// read and written): Threshold is a budget in US dollars a day of the bytes Elastic
	// bills (data and metadata reads at the read price, writes at the write price, of
	// PriceRegion's list prices), default 30; period default 86,400 s (one day) and 1
	// evaluation. A shorter period compares its pace, scaled to a day, with the same
	// budget. The alarm fires above it.
	MeteredDataAlarm AlarmTuning
	// PriceRegion is the AWS region whose list prices (PriceLists) the cost guard
	// (MeteredDataAlarm) multiplies the billed bytes by: the file system's own region.
	// Empty, or a region PriceLists lacks, is priced at DefaultPriceRegion's, and the
	// alarm's description says so. The stacks set it to their region (KAFKA_EFS_REGION).
	PriceRegion string
	// RunbookBaseURL is the https:// address of this repository's tree where the team
	// reads the docs, e.g. https://github.com/acme/kafka-efs/blob/main; each alarm's
	// description and each backup notification then ends with a link
	// <RunbookBaseURL>/docs/operations.md#<entry>. Empty (the default) names the document
	// and section in words instead. At most 400 characters of URL path characters, no
	// query, fragment or white space. The stacks set it from KAFKA_EFS_RUNBOOK_BASE_URL.
	RunbookBaseURL string

	// DisableDashboard leaves out the CloudWatch dashboard <project>-<environment>-efs and
	// its output dashboard_url. Default false: the dashboard is on (AWS bills dashboards
	// beyond the account's first three).
	DisableDashboard bool

	// LogRetentionDays is how long the EFS log group keeps events, in days; 0 means
	// DefaultLogRetentionDays. CloudWatch Logs accepts only its fixed set of values.
	LogRetentionDays int

	// AdditionalSourceSecurityGroupIDs are further security groups (sg-...) allowed to
	// reach NFS (TCP 2049), beside the EKS nodes. Default none.
	AdditionalSourceSecurityGroupIDs []string

	// DisableFileSystemPolicy leaves the file system without the resource policy that
	// denies non-TLS access and root access, and admits only the node role and
	// ClientRoleArns, through mount targets. The driver's node role keeps its own grant.
	// Default false: the policy is on. Setting it is an opt-out that reviewers should see;
	// it cannot be combined with ClientRoleArns, whose authorization lives in the policy.
	DisableFileSystemPolicy bool
	// ClientRoleArns are further IAM role ARNs that the file system policy lets mount and
	// write through a mount target, beside the driver's node role (NodeRoleArn), with or
	// without an access point: e.g. a host that mounts the root with amazon-efs-utils.
	// With IAM authorization on (see IAMAuthorization), clients must mount with -o iam. No
	// one gets root access. Default none.
	ClientRoleArns []string

	// NodeRoleArn is the IAM role ARN of the EFS CSI driver's node service account
	// (kube-system/efs-csi-node-sa) on the cluster that serves this file system: the
	// identity that mounts every Kubernetes volume with -o iam. The file system policy
	// admits it through access points only (its own root stays closed to it). The driver's
	// roles, associations and add-ons belong to the cluster (package efscsidriver), never
	// to a file system. Empty admits no node role. May be a Terraform reference.
	NodeRoleArn string
	// AllowAnyPrincipal lets the file system policy admit any client, anonymous included,
	// to mount and write over TLS through a mount target, when the Config names no
	// NodeRoleArn and no ClientRoleArns: the security group is then the only boundary.
	// Default false: a Config without roles is refused, so that an open policy is always
	// asked for. It cannot be combined with roles (the policy then admits those only) or
	// with DisableFileSystemPolicy.
	AllowAnyPrincipal bool
	// StorageClassReclaimDelete gives the StorageClass reclaimPolicy Delete: deleting a
	// dynamically provisioned claim then deletes its volume's access point (not the data
	// under it, which stays in the file system, unreachable from Kubernetes). The driver's
	// controller needs elasticfilesystem:DeleteAccessPoint for it, which the cluster's
	// controller role holds only when its cluster asks for it
	// (efscsidriver.Config.DeleteAccessPoints). Default false: Retain. The static volumes
	// always retain.
	StorageClassReclaimDelete bool
	// KubernetesNamespaceName is the namespace of the PersistentVolumeClaims the manifests
	// declare (see Config.KubernetesNamespace): a DNS label (1 to 63 lower-case letters,
	// digits and hyphens, starting and ending with a letter or digit). Default
	// DefaultKubernetesNamespace. The StorageClass, volume and claim names carry Name(),
	// so file systems on one cluster never share one, whatever the namespace.
	KubernetesNamespaceName string
	// OmitKubernetesNamespace leaves the Namespace object out of the kubernetes_manifests
	// output, for a cluster where another tool owns the namespace (Argo CD's
	// CreateNamespace, a platform team's repository). Default false: the output declares
	// it, so one apply or one GitOps sync creates everything the file system needs.
	OmitKubernetesNamespace bool

	// CreateVpcEndpoint creates an interface VPC endpoint for the elasticfilesystem API in
	// PrivateSubnetIDs, so API calls from the nodes avoid the NAT gateway. Default false.
	CreateVpcEndpoint bool
	// ReplicationRegion, when set (e.g. us-west-2), replicates the file system to that
	// region for disaster recovery. Default empty: no replica. Must differ from the
	// file system's own region, which the construct does not know; AWS refuses it at apply.
	ReplicationRegion string

	// Tags are added to every resource of the construct, after the provider's default tags.
	// At most 46 (AWS allows 50; Name and the three default tags take four), keys 1-128
	// and values 0-256 characters of EFS's tag charset, no "aws:" prefix, no "Name" (the
	// construct sets it).
	Tags map[string]string
}

// AlarmTuning tunes one CloudWatch alarm. A zero field takes the alarm's default (see
// the Config field that holds it); Config.Validate refuses a tuning for an alarm that
// is not created.
type AlarmTuning struct {
	// Threshold is compared with the alarm's value, in the unit of that alarm.
	Threshold float64
	// PeriodSeconds is the length of one evaluation period, in seconds: a multiple of 60
	// (EFS publishes its metrics once a minute), 60 to 86,400. Default 300.
	PeriodSeconds int
	// EvaluationPeriods is how many consecutive periods must breach before the alarm
	// fires, at least 1; PeriodSeconds x EvaluationPeriods may not exceed one day (7 days
	// for periods of an hour or more), CloudWatch's limit. Default 3.
	EvaluationPeriods int
}

// IsZero reports whether the tuning leaves every value at its default.
func (t AlarmTuning) IsZero() bool { return t == AlarmTuning{} }

// IsProduction reports whether the environment is production: "prod" or "prod-...".
func (c Config) IsProduction() bool {
	return c.Environment == "prod" || strings.HasPrefix(c.Environment, "prod-")
}

// Name is the base of every resource name: "<project>-<environment>".
func (c Config) Name() string { return c.ProjectName + "-" + c.Environment }

// PerformanceModeOrDefault returns the performance mode with its default applied.
func (c Config) PerformanceModeOrDefault() string {
	if c.PerformanceMode == "" {
		return PerformanceGeneralPurpose
	}
	return c.PerformanceMode
}

// ThroughputModeOrDefault returns the throughput mode with its default applied.
func (c Config) ThroughputModeOrDefault() string {
	if c.ThroughputMode == "" {
		return ThroughputBursting
	}
	return c.ThroughputMode
}

// smokeTestImage returns the smoke-test image with its default applied.
func (c Config) smokeTestImage() string {
	if c.SmokeTestImage == "" {
		return DefaultSmokeTestImage
	}
	return c.SmokeTestImage
}

// LogRetentionDaysOrDefault returns the log retention with its default applied.
func (c Config) LogRetentionDaysOrDefault() int {
	if c.LogRetentionDays == 0 {
		return DefaultLogRetentionDays
	}
	return c.LogRetentionDays
}

// IsToken reports whether s holds an unresolved cdktf token (a Terraform reference that
// only has a value at deploy time). cdktf encodes string tokens as ${TfToken[TOKEN.n]}
// and list tokens as #{TfToken[TOKEN.n]}; matching that encoding here keeps validation
// pure Go, with no round trip to the jsii kernel per field.
func IsToken(s string) bool { return strings.Contains(s, "TfToken[") }

// List returns a jsii string list as a Config list field takes it: a literal list
// element by element, a list token (a TerraformVariable's ListValue(), a resource's list
// attribute, cdktf.Token_AsList of an expression) as the one element that stands for the
// whole list, which the construct hands back to Terraform as that list. For example
// PrivateSubnetIDs: kafkaefs.List(subnets.ListValue()). A nil list gives nil.
func List(l *[]*string) []string {
	if l == nil {
		return nil
	}
	out := make([]string, len(*l))
	for i, s := range *l {
		if s != nil {
			out[i] = *s
		}
	}
	return out
}

// isListToken reports whether s encodes a cdktf list token, which stands for a whole
// list: only a list's sole element may be one.
func isListToken(s string) bool { return strings.HasPrefix(s, "#{TfToken[") }

// isTokenList reports whether a list is a token or holds any token element.
func isTokenList(l []string) bool {
	for _, s := range l {
		if IsToken(s) {
			return true
		}
	}
	return false
}

// IsKmsAliasArn reports whether a KMS ARN names an alias rather than a key.
func IsKmsAliasArn(s string) bool { return strings.Contains(s, ":alias/") }

// storageClassReclaimPolicy is the StorageClass's reclaimPolicy: Retain unless
// StorageClassReclaimDelete.
func (c Config) storageClassReclaimPolicy() *corev1.PersistentVolumeReclaimPolicy {
	if c.StorageClassReclaimDelete {
		p := corev1.PersistentVolumeReclaimDelete
		return &p
	}
	p := corev1.PersistentVolumeReclaimRetain
	return &p
}
