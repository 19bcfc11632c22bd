package kafkaefs

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsiampolicydocument"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsbackuppolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsfilesystem"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsfilesystempolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsreplicationconfiguration"
)

// The NFS client actions a file system policy can grant.
const (
	actionClientMount      = "elasticfilesystem:ClientMount"
	actionClientWrite      = "elasticfilesystem:ClientWrite"
	actionClientRootAccess = "elasticfilesystem:ClientRootAccess"
)

// CreationToken is the file system's idempotency token, unique per account and region:
// "<project>-<environment>-efs". AWS limits it to 64 characters; changing it replaces
// the file system.
func (c Config) CreationToken() string { return c.Name() + "-efs" }

// IAMAuthorization reports whether clients must mount with IAM (-o iam): true when the
// Config names the roles allowed to mount.
func (c Config) IAMAuthorization() bool { return len(c.ClientRoleArns) > 0 }

// newFileSystem adds the file system, its lifecycle policies, its policy, its backup
// policy and its optional replica.
func (k *KafkaEfs) newFileSystem() {
	c := k.Config
	fsc := &efsfilesystem.EfsFileSystemConfig{
		CreationToken:   jsii.String(c.CreationToken()),
		Encrypted:       jsii.Bool(c.EnableEncryption),
		PerformanceMode: jsii.String(c.performanceMode()),
		ThroughputMode:  jsii.String(c.throughputMode()),
		Tags:            k.tags(c.Name() + "-efs"),
		Lifecycle:       c.DataLifecycle(),
	}
	if c.KmsKeyID != "" {
		fsc.KmsKeyId = jsii.String(c.KmsKeyID)
	}
	if c.throughputMode() == ThroughputProvisioned {
		fsc.ProvisionedThroughputInMibps = jsii.Number(c.ProvisionedThroughputInMibps)
	}
	if p := c.lifecyclePolicies(); len(p) > 0 {
		fsc.LifecyclePolicy = &p
	}
	k.FileSystem = efsfilesystem.NewEfsFileSystem(k.Construct, jsii.String("file-system"), fsc)

	if !c.DisableFileSystemPolicy {
		efsfilesystempolicy.NewEfsFileSystemPolicy(k.Construct, jsii.String("file-system-policy"),
			&efsfilesystempolicy.EfsFileSystemPolicyConfig{
				FileSystemId: k.FileSystem.Id(),
				Policy:       k.policyDocument().Json(),
			})
	}
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
		efsreplicationconfiguration.NewEfsReplicationConfiguration(k.Construct, jsii.String("replication"),
			&efsreplicationconfiguration.EfsReplicationConfigurationConfig{
				SourceFileSystemId: k.FileSystem.Id(),
				Destination: &efsreplicationconfiguration.EfsReplicationConfigurationDestination{
					Region: jsii.String(c.ReplicationRegion),
				},
			})
	}
}

// lifecyclePolicies returns one lifecycle_policy block per transition, as AWS requires.
func (c Config) lifecyclePolicies() []*efsfilesystem.EfsFileSystemLifecyclePolicy {
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

// policyDocument builds the file system policy:
//   - deny every request not made over TLS;
//   - allow mount and write only through a mount target, never root (root squashed);
//   - with IAM authorization, grant that only to ClientRoleArns and deny every other
//     principal, anonymous clients included (a negated condition on a missing
//     aws:PrincipalArn matches, so anonymous requests are denied too).
func (k *KafkaEfs) policyDocument() dataawsiampolicydocument.DataAwsIamPolicyDocument {
	c := k.Config
	anyone := &[]*dataawsiampolicydocument.DataAwsIamPolicyDocumentStatementPrincipals{{
		Type: jsii.String("AWS"), Identifiers: jsii.Strings("*"),
	}}
	fsArn := jsii.Strings(*k.FileSystem.Arn())
	clients := anyone
	statements := []*dataawsiampolicydocument.DataAwsIamPolicyDocumentStatement{{
		Sid:        jsii.String("DenyNonSecureTransport"),
		Effect:     jsii.String("Deny"),
		Principals: anyone,
		Actions:    jsii.Strings("*"),
		Resources:  fsArn,
		Condition: &[]*dataawsiampolicydocument.DataAwsIamPolicyDocumentStatementCondition{{
			Test: jsii.String("Bool"), Variable: jsii.String("aws:SecureTransport"), Values: jsii.Strings("false"),
		}},
	}}
	if c.IAMAuthorization() {
		roles := jsii.Strings(c.ClientRoleArns...)
		clients = &[]*dataawsiampolicydocument.DataAwsIamPolicyDocumentStatementPrincipals{{
			Type: jsii.String("AWS"), Identifiers: roles,
		}}
		statements = append(statements, &dataawsiampolicydocument.DataAwsIamPolicyDocumentStatement{
			Sid:        jsii.String("DenyUnlistedAndAnonymousClients"),
			Effect:     jsii.String("Deny"),
			Principals: anyone,
			Actions:    jsii.Strings(actionClientMount, actionClientWrite, actionClientRootAccess),
			Resources:  fsArn,
			Condition: &[]*dataawsiampolicydocument.DataAwsIamPolicyDocumentStatementCondition{{
				Test: jsii.String("ArnNotEquals"), Variable: jsii.String("aws:PrincipalArn"), Values: roles,
			}},
		})
	}
	statements = append(statements, &dataawsiampolicydocument.DataAwsIamPolicyDocumentStatement{
		Sid:        jsii.String("AllowMountAndWriteViaMountTarget"),
		Effect:     jsii.String("Allow"),
		Principals: clients,
		Actions:    jsii.Strings(actionClientMount, actionClientWrite),
		Resources:  fsArn,
		Condition: &[]*dataawsiampolicydocument.DataAwsIamPolicyDocumentStatementCondition{{
			Test: jsii.String("Bool"), Variable: jsii.String("elasticfilesystem:AccessedViaMountTarget"), Values: jsii.Strings("true"),
		}},
	})
	return dataawsiampolicydocument.NewDataAwsIamPolicyDocument(k.Construct, jsii.String("file-system-policy-document"),
		&dataawsiampolicydocument.DataAwsIamPolicyDocumentConfig{Statement: &statements})
}
