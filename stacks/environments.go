// Package stacks turns the spec's three configurations into cdktf stacks: one per EKS
// cluster (clusters.go: the EFS CSI driver's identities and add-ons, an efscsidriver.Driver),
// and one per environment, each with its provider, state backend, deploy-time variables,
// KMS key, SNS topic and backup copy vault in a second region where the environment needs
// them, its cluster's node role, and one KafkaEfs.
package stacks

import "github.com/kafka-efs/kafka-efs/constructs/kafkaefs"

// Environment is one file system stack: the KafkaEfs inputs known at synth time, and what
// the stack creates around the construct. Deploy-time inputs (VPC, subnets, node security
// group, extra client roles) come from Terraform variables; the KMS key and alarm topic
// from the stack; the node role that mounts from the cluster the environment names.
// Nothing in it exists once per cluster: the driver's roles, associations and add-ons
// are the cluster stack's (clusters.go).
type Environment struct {
	// Stack is the stack name: its folder under cdktf.out/stacks and the argument of
	// `cdktf deploy`.
	Stack string
	// Cluster names the cluster (Clusters) whose EFS CSI driver serves the file system:
	// the stack admits that cluster's node role and tags the file system for its
	// controller.
	Cluster string
	// Config holds the synth-time inputs; ProjectName, network IDs, KmsKeyID and
	// AlarmActions are filled in by the stack.
	Config kafkaefs.Config
	// CustomerManagedKey creates a KMS key (rotation on) in the stack for the file system,
	// its log group and its alarm topic; false uses the AWS-managed key.
	CustomerManagedKey bool
	// AlarmTopic is the last part of the name of the SNS topic the stack creates for the
	// alarms and backup failures: the topic is <project>-<environment>-<AlarmTopic>
	// (Settings.ProjectName, Config.Environment), so "alerts" in prod names
	// confluent-kafka-prod-alerts, and each environment gets a topic of its own. "" when
	// alarms are off. It needs CustomerManagedKey: CloudWatch and EventBridge can publish
	// only to a topic whose key policy admits them, which SNS's AWS-managed key cannot.
	AlarmTopic string
	// RemoteState keeps the state in S3 when a state bucket is configured (see Settings).
	RemoteState bool
	// CopyBackups copies every recovery point of Config.BackupPlan to a vault in
	// Settings.BackupCopyRegion (the setting backupCopyRegion, default a region of the
	// stack region's geography), encrypted with a key the stack creates there through an
	// AWS provider aliased backup_copy. Default false: no copy.
	CopyBackups bool
	// Usage is the monthly usage scenario of the cost estimate (the spec's Cost Analysis);
	// New fills in its Region, BackupCopyRegion and CustomerManagedKeys.
	Usage kafkaefs.Usage
}

// Environments returns the spec's three usage examples, in deploy order (after the cluster
// stacks they name).
//
// The high-performance example of the spec reuses environment "prod"; here it is
// "prod-high-performance" so that its creation token, security group, log group and
// alarm names cannot collide with the prod stack in the same account: EFS treats a
// repeated creation token as the same file system.
func Environments() []Environment {
	return []Environment{
		{
			Stack: "dev",
			Config: kafkaefs.Config{
				Environment:                     "dev",
				EnableEncryption:                true, // AWS-managed key
				PerformanceMode:                 kafkaefs.PerformanceGeneralPurpose,
				ThroughputMode:                  kafkaefs.ThroughputBursting,
				TransitionToIA:                  "AFTER_7_DAYS",
				TransitionToPrimaryStorageClass: kafkaefs.TransitionOnFirstAccess,
				CreateKafkaBackupAccessPoint:    true,
				CreateKafkaConnectAccessPoint:   true,
				LogRetentionDays:                7,
			},
			Cluster: "dev",
			// The spec's dev scenario, 50 GB with 40% in IA; 5 GB a month read back from IA.
			// See docs/cost.md for every scenario's figures and how to change them.
			Usage: kafkaefs.Usage{StorageGB: 50, IAFraction: 0.4, Tiering: kafkaefs.TieringAccess{IAReadGB: 5}},
		},
		{
			Stack: "prod",
			Config: kafkaefs.Config{
				Environment:                     "prod",
				EnableEncryption:                true,
				PerformanceMode:                 kafkaefs.PerformanceGeneralPurpose,
				ThroughputMode:                  kafkaefs.ThroughputElastic,
				TransitionToIA:                  "AFTER_30_DAYS",
				TransitionToPrimaryStorageClass: kafkaefs.TransitionOnFirstAccess,
				CreateKafkaBackupAccessPoint:    true,
				CreateKafkaConnectAccessPoint:   true,
				CreateSharedLogsAccessPoint:     true,
				// The construct's plan: daily kept 35 days, monthly kept a year, a
				// governance-mode vault lock, monthly restore tests.
				BackupPlan:             &kafkaefs.BackupPlan{},
				CreateCloudwatchAlarms: true,
				LogRetentionDays:       90,
			},
			Cluster:            "prod",
			CustomerManagedKey: true,
			AlarmTopic:         "alerts",
			RemoteState:        true,
			CopyBackups:        true,
			// The spec's production scenario, 500 GB with 30% in IA; 500 GB read and 500 GB
			// written a month, 15 GB of the reads from IA. What is written is the churn
			// (ChurnGB 0): Kafka writes new segments and deletes old ones, so the backups
			// see 500 GB of change a month, kept as the plan's 35 daily and 12 monthly
			// recovery points keep it.
			Usage: kafkaefs.Usage{StorageGB: 500, IAFraction: 0.3,
				ElasticDataAccess: kafkaefs.DataAccess{ReadGB: 500, WriteGB: 500},
				Tiering:           kafkaefs.TieringAccess{IAReadGB: 15}},
		},
		{
			Stack: "prod-high-performance",
			Config: kafkaefs.Config{
				Environment:                   "prod-high-performance",
				EnableEncryption:              true,
				PerformanceMode:               kafkaefs.PerformanceMaxIO,
				ThroughputMode:                kafkaefs.ThroughputProvisioned,
				ProvisionedThroughputInMibps:  200,
				CreateKafkaBackupAccessPoint:  true,
				CreateKafkaConnectAccessPoint: true,
				CreateSharedLogsAccessPoint:   true,
				BackupPlan:                    &kafkaefs.BackupPlan{},
				CreateCloudwatchAlarms:        true,
				LogRetentionDays:              90,
			},
			// The spec's second prod file system, on the same cluster as prod.
			Cluster:            "prod",
			CustomerManagedKey: true,
			AlarmTopic:         "critical-alerts",
			RemoteState:        true,
			// The spec's high-performance scenario, 2,000 GB all in Standard. The spec gives
			// no write figure: like prod, it writes its size a month, all of it change.
			Usage: kafkaefs.Usage{StorageGB: 2000, ChurnGB: 2000},
		},
	}
}
