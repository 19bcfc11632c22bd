// Package kafkaefs builds an AWS Elastic File System for a Kafka deployment on EKS:
// the file system, one mount target per private subnet, a security group that admits NFS
// only from the EKS nodes, POSIX access points for Kafka, backups, logs, alarms, a
// dashboard, and the values of the outputs that the post-deployment steps consume
// (Outputs), which WriteOutputs writes under names the caller chooses.
//
// The package knows nothing of environments: a caller fills a Config and calls New. It
// holds only the wiring of typed provider resources; the Config and its validation, the
// cost model, the manifests and the tables it wires are plain Go in package efs
// (Config is efs.Config), which never starts the jsii kernel.
package kafkaefs

import (
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchdashboard"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchloggroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchmetricalarm"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawspartition"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsregion"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsaccesspoint"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsfilesystem"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsmounttarget"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsreplicationconfiguration"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securitygroup"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// KafkaEfs is the built file system and everything around it. Its fields are typed
// handles that other constructs may reference (IDs, ARNs) at synth time.
type KafkaEfs struct {
	constructs.Construct

	// Config is the validated configuration the construct was built from.
	Config Config
	// FileSystem is the aws_efs_file_system.
	FileSystem efsfilesystem.EfsFileSystem
	// SecurityGroup guards the mount targets: NFS in from the allowed sources only.
	SecurityGroup securitygroup.SecurityGroup
	// MountTargets is one aws_efs_mount_target with for_each over the private subnets:
	// one instance per subnet, addressed by subnet ID.
	MountTargets efsmounttarget.EfsMountTarget
	// AccessPoints holds the created access points by key (kafka_backups, kafka_connect,
	// shared_logs); a key is absent when its access point is switched off.
	AccessPoints map[string]efsaccesspoint.EfsAccessPoint
	// LogGroup is where amazon-efs-utils on a host mounting with mount_command may send its
	// logs (docs/kubernetes.md, step 8); the pinned EFS CSI driver sends none.
	LogGroup cloudwatchloggroup.CloudwatchLogGroup
	// Alarms are the CloudWatch alarms created for the chosen modes, by key; empty without
	// Config.CreateCloudwatchAlarms.
	Alarms map[string]cloudwatchmetricalarm.CloudwatchMetricAlarm
	// Backup is the AWS Backup plan, vault and restore testing; nil without
	// Config.BackupPlan.
	Backup *Backup
	// Dashboard graphs the file system's metrics, with the alarms' thresholds; nil with
	// Config.DisableDashboard.
	Dashboard cloudwatchdashboard.CloudwatchDashboard
	// Replication copies the file system to Config.ReplicationRegion; nil without one.
	Replication efsreplicationconfiguration.EfsReplicationConfiguration

	// outputs are the values Outputs returns, in order.
	outputs []Output

	regionData    dataawsregion.DataAwsRegion
	partitionData dataawspartition.DataAwsPartition
	// hcl is whether the app renders HCL (cdktf synth --hcl), read once: each read is two
	// round trips to the jsii kernel.
	hcl bool
}

// New validates cfg and, only when it is valid, builds the file system and its parts
// under a construct named id. On an invalid cfg it returns every problem (see
// Config.Validate) and adds nothing to scope. It adds no stack output: Outputs returns
// the values, and WriteOutputs writes them under names the caller chooses, so one stack
// may hold several KafkaEfs. It refuses, adding nothing either, a second KafkaEfs of the
// same Config.Name() in one stack: both would claim the creation token
// <project>-<environment>-efs, which EFS takes for one file system, and every other
// name. The only other error, failing to render the Kubernetes manifests or the dashboard
// from their fixed types, would be a bug of this package.
func New(scope constructs.Construct, id string, cfg Config) (*KafkaEfs, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("kafkaefs %q: invalid Config:\n%w", id, err)
	}
	stack := cdktf.TerraformStack_Of(scope)
	path := *scope.Node().Path() + "/" + id
	marker := nameMarker + cfg.Name()
	if first := stack.Node().TryFindChild(jsii.String(marker)); first != nil {
		return nil, fmt.Errorf("kafkaefs %q: ProjectName and Environment name it %s, as KafkaEfs %q in stack %s: both would claim creation token %s, which EFS takes for one file system; give each KafkaEfs its own Environment (or ProjectName)",
			id, cfg.Name(), markedPath(first), *stack.Node().Id(), cfg.CreationToken())
	}
	constructs.NewConstruct(stack, jsii.String(marker)).Node().AddMetadata(jsii.String(nameMarker), path, nil)
	k := &KafkaEfs{Construct: constructs.NewConstruct(scope, jsii.String(id)), Config: cfg,
		hcl: *cdktf.App_Of(stack).HclOutput()}
	k.newFileSystem()
	k.newFileSystemPolicy()
	k.newBackup()
	k.newNetwork()
	k.newAccessPoints()
	k.newLogGroup()
	k.Alarms = map[string]cloudwatchmetricalarm.CloudwatchMetricAlarm{}
	if cfg.CreateCloudwatchAlarms {
		k.newAlarms()
	}
	if !cfg.DisableDashboard {
		if err := k.newDashboard(); err != nil {
			return nil, fmt.Errorf("kafkaefs %q: %w", id, err)
		}
	}
	if err := k.newOutputs(); err != nil {
		return nil, fmt.Errorf("kafkaefs %q: %w", id, err)
	}
	return k, nil
}

// nameMarker starts the id of an empty construct New adds to the stack for each
// Config.Name() it builds, whose metadata holds the KafkaEfs's path. It synthesizes to
// nothing.
const nameMarker = "kafkaefs-name-"

// markedPath returns the path of the KafkaEfs a name marker records.
func markedPath(marker constructs.IConstruct) string {
	for _, m := range *marker.Node().Metadata() {
		if path, ok := m.Data.(string); ok && *m.Type == nameMarker {
			return path
		}
	}
	return *marker.Node().Path()
}

// tags returns the construct's tags for a resource: the Config's tags and a Name.
// The provider's default tags (project, environment, managed-by) come on top.
func (k *KafkaEfs) tags(name string) *map[string]*string { return configTags(k.Config, name) }

// DataLifecycle returns the Terraform lifecycle for resources that hold the data or
// unlock it (the file system, its KMS key): in production they refuse destroy and
// replacement at plan time instead of deleting Kafka backups; elsewhere nil.
func DataLifecycle(c Config) *cdktf.TerraformResourceLifecycle {
	if !c.IsProduction() {
		return nil
	}
	return &cdktf.TerraformResourceLifecycle{PreventDestroy: jsii.Bool(true)}
}
