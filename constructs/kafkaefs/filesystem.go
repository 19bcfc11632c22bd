package kafkaefs

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsiampolicydocument"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsbackuppolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsfilesystem"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsfilesystempolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsreplicationconfiguration"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
	"github.com/kafka-efs/kafka-efs/efs"
)

// newFileSystem adds the file system, its lifecycle policies, its backup policy and its
// optional replica.
func (k *KafkaEfs) newFileSystem() {
	c := k.Config
	fsc := &efsfilesystem.EfsFileSystemConfig{
		CreationToken:   jsii.String(c.CreationToken()),
		Encrypted:       jsii.Bool(c.EnableEncryption),
		PerformanceMode: jsii.String(c.PerformanceModeOrDefault()),
		ThroughputMode:  jsii.String(c.ThroughputModeOrDefault()),
		Tags:            k.tags(c.Name() + "-efs"),
		Lifecycle:       DataLifecycle(c),
	}
	if c.KmsKeyID != "" {
		fsc.KmsKeyId = jsii.String(c.KmsKeyID)
	}
	if c.ThroughputModeOrDefault() == ThroughputProvisioned {
		fsc.ProvisionedThroughputInMibps = jsii.Number(c.ProvisionedThroughputInMibps)
	}
	if p := lifecyclePolicies(c); len(p) > 0 {
		fsc.LifecyclePolicy = &p
	}
	k.FileSystem = efsfilesystem.NewEfsFileSystem(k.Construct, jsii.String("file-system"), fsc)

	if c.EnableAutomaticBackups {
		efsbackuppolicy.NewEfsBackupPolicy(k.Construct, jsii.String("backup-policy"),
			&efsbackuppolicy.EfsBackupPolicyConfig{
				FileSystemId: k.FileSystem.Id(),
				BackupPolicy: &efsbackuppolicy.EfsBackupPolicyBackupPolicy{Status: jsii.String("ENABLED")},
			})
	}
	if c.ReplicationRegion != "" {
		// The replica is encrypted with the destination region's AWS-managed key; it is
		// read-only until replication is deleted for a fail-over.
		k.Replication = efsreplicationconfiguration.NewEfsReplicationConfiguration(k.Construct, jsii.String("replication"),
			&efsreplicationconfiguration.EfsReplicationConfigurationConfig{
				SourceFileSystemId: k.FileSystem.Id(),
				Destination: &efsreplicationconfiguration.EfsReplicationConfigurationDestination{
					Region: jsii.String(c.ReplicationRegion),
				},
			})
	}
}

// newFileSystemPolicy adds the file system policy (see policyDocument) unless the Config
// opts out.
func (k *KafkaEfs) newFileSystemPolicy() {
	if k.Config.DisableFileSystemPolicy {
		return
	}
	efsfilesystempolicy.NewEfsFileSystemPolicy(k.Construct, jsii.String("file-system-policy"),
		&efsfilesystempolicy.EfsFileSystemPolicyConfig{
			FileSystemId: k.FileSystem.Id(),
			Policy:       k.policyDocument().Json(),
		})
}

// lifecyclePolicies returns one lifecycle_policy block per transition, as AWS requires.
func lifecyclePolicies(c Config) []*efsfilesystem.EfsFileSystemLifecyclePolicy {
	var p []*efsfilesystem.EfsFileSystemLifecyclePolicy
	if c.TransitionToIA != "" {
		p = append(p, &efsfilesystem.EfsFileSystemLifecyclePolicy{TransitionToIa: jsii.String(c.TransitionToIA)})
	}
	if c.TransitionToPrimaryStorageClass != "" {
		p = append(p, &efsfilesystem.EfsFileSystemLifecyclePolicy{TransitionToPrimaryStorageClass: jsii.String(c.TransitionToPrimaryStorageClass)})
	}
	if c.TransitionToArchive != "" {
		p = append(p, &efsfilesystem.EfsFileSystemLifecyclePolicy{TransitionToArchive: jsii.String(c.TransitionToArchive)})
	}
	return p
}

// clientPrincipals returns the identities the file system policy admits: the driver's
// node role (which mounts every Kubernetes volume) and ClientRoleArns, or nil when there
// are none. ClientRoleArns may be a list token, possibly empty at deploy time.
func (k *KafkaEfs) clientPrincipals() *[]*string {
	var roles []interface{}
	if k.Config.NodeRoleArn != "" {
		roles = append(roles, jsii.Strings(k.Config.NodeRoleArn))
	}
	if len(k.Config.ClientRoleArns) > 0 {
		roles = append(roles, jsii.Strings(k.Config.ClientRoleArns...))
	}
	switch len(roles) {
	case 0:
		return nil
	case 1:
		return roles[0].(*[]*string)
	}
	return cdktf.Token_AsList(cdktf.Fn_Concat(&roles), nil)
}

// policyDocument adds the file system policy's document (efs.FileSystemPolicy).
func (k *KafkaEfs) policyDocument() dataawsiampolicydocument.DataAwsIamPolicyDocument {
	return k.iamDocument("file-system-policy-document",
		efs.FileSystemPolicy(*k.FileSystem.Arn(), efs.List(k.clientPrincipals()), k.Config.NodeRoleArn))
}
