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

// policyDocument builds the file system policy from enforced condition keys only:
//   - deny every request not made over TLS;
//   - deny root access to every principal: root is squashed for everyone, whatever an
//     identity policy in the account grants (break-glass: docs/security.md, "Root access (break-glass)");
//   - deny the node role any mount that names no access point (Null on
//     elasticfilesystem:AccessPointArn, an enforced key): the file system's root would
//     show it every access point's tree. The static volumes and the StorageClass's
//     dynamic ones (provisioningMode efs-ap) all mount through access points;
//   - allow mount and write only through a mount target, to the node role and
//     ClientRoleArns (which may mount the root, e.g. with mount_command); with neither,
//     to any client (anonymous included) over TLS, which Validate refuses unless
//     AllowAnyPrincipal asks for it.
//
// Principals other than those are not denied by name: that would take a condition EFS
// does not enforce or NotPrincipal, which cannot name a role's sessions. An identity in
// this account whose own policy allows elasticfilesystem:ClientMount can still mount; the
// security group (NFS from the EKS nodes only) is the boundary against everyone else.
func (k *KafkaEfs) policyDocument() dataawsiampolicydocument.DataAwsIamPolicyDocument {
	anyone := &[]*dataawsiampolicydocument.DataAwsIamPolicyDocumentStatementPrincipals{{
		Type: jsii.String("AWS"), Identifiers: jsii.Strings("*"),
	}}
	clients := anyone
	if ids := k.clientPrincipals(); ids != nil {
		clients = principals("AWS", ids)
	}
	fsArn := jsii.Strings(*k.FileSystem.Arn())
	statements := []*dataawsiampolicydocument.DataAwsIamPolicyDocumentStatement{
		{
			Sid:        jsii.String("DenyNonSecureTransport"),
			Effect:     jsii.String("Deny"),
			Principals: anyone,
			Actions:    jsii.Strings("*"),
			Resources:  fsArn,
			Condition:  &[]*policyCondition{condition("Bool", efs.KeySecureTransport, jsii.String("false"))},
		},
		{
			Sid:        jsii.String("DenyRootAccess"),
			Effect:     jsii.String("Deny"),
			Principals: anyone,
			Actions:    jsii.Strings(efs.ActionClientRootAccess),
			Resources:  fsArn,
		},
		{
			Sid:        jsii.String("AllowMountAndWriteViaMountTarget"),
			Effect:     jsii.String("Allow"),
			Principals: clients,
			Actions:    jsii.Strings(efs.ActionClientMount, efs.ActionClientWrite),
			Resources:  fsArn,
			Condition:  &[]*policyCondition{condition("Bool", efs.KeyAccessedViaMountTarget, jsii.String("true"))},
		},
	}
	if node := k.Config.NodeRoleArn; node != "" {
		// A Deny on the node role alone: its principal list is never empty, where the
		// Allow's ClientRoleArns may be an empty list at deploy time.
		statements = append(statements, &dataawsiampolicydocument.DataAwsIamPolicyDocumentStatement{
			Sid:        jsii.String(SidNodeRoleNeedsAccessPoint),
			Effect:     jsii.String("Deny"),
			Principals: principals("AWS", jsii.Strings(node)),
			Actions:    jsii.Strings(efs.ActionClientMount, efs.ActionClientWrite),
			Resources:  fsArn,
			Condition:  &[]*policyCondition{condition("Null", efs.KeyAccessPointArn, jsii.String("true"))},
		})
	}
	return dataawsiampolicydocument.NewDataAwsIamPolicyDocument(k.Construct, jsii.String("file-system-policy-document"),
		&dataawsiampolicydocument.DataAwsIamPolicyDocumentConfig{Statement: &statements})
}
