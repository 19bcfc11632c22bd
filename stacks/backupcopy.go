package stacks

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/backupvault"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawscalleridentity"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawspartition"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/kmsalias"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/kmskey"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/kafka-efs/kafka-efs/constructs/kafkaefs"
)

// BackupCopyProviderAlias is the alias of the AWS provider for the backup copy region.
const BackupCopyProviderAlias = "backup_copy"

// backupCopy is the copy region's vault and the key that encrypts it.
type backupCopy struct {
	vault  backupvault.BackupVault
	key    kmskey.KmsKey
	policy *policy
}

// newBackupCopy adds, in region and through a provider aliased BackupCopyProviderAlias, the
// vault that receives the copies of cfg.BackupPlan's recovery points and the key that
// encrypts it (a KMS key is regional: the stack's key cannot encrypt a vault there, nor a
// file system restored there). Its vault's ARN is BackupPlan.CopyDestinationVaultArn.
func newBackupCopy(stack cdktf.TerraformStack, cfg kafkaefs.Config, region string) *backupCopy {
	p := provider.NewAwsProvider(stack, jsii.String("aws-backup-copy"), &provider.AwsProviderConfig{
		Alias:       jsii.String(BackupCopyProviderAlias),
		Region:      jsii.String(region),
		DefaultTags: defaultTags(cfg),
	})
	a := awsAccount{
		id: *dataawscalleridentity.NewDataAwsCallerIdentity(stack, jsii.String("backup-copy-account"),
			&dataawscalleridentity.DataAwsCallerIdentityConfig{Provider: p}).AccountId(),
		partition: *dataawspartition.NewDataAwsPartition(stack, jsii.String("backup-copy-partition"),
			&dataawspartition.DataAwsPartitionConfig{Provider: p}).Partition(),
		region: region,
	}
	// AWS Backup writes the copies; EFS, in that region, encrypts the file systems a
	// restore from the copy creates with this key. The backup role joins after New.
	pol := newPolicy(stack, "backup-copy-kms-key-policy", p,
		accountAdministersKey(a), backupUsesKey(a.id, region), efsUsesKey(a.id, region))
	name := cfg.BackupCopyVaultName()
	key := kmskey.NewKmsKey(stack, jsii.String("backup-copy-kms-key"), &kmskey.KmsKeyConfig{
		Provider:             p,
		Description:          jsii.String("Encrypts the copies of the EFS recovery points of " + cfg.Name() + " in " + region),
		EnableKeyRotation:    jsii.Bool(true),
		DeletionWindowInDays: jsii.Number(keyDeletionWindowDays),
		Policy:               pol.doc.Json(),
		Tags:                 &map[string]*string{"Name": jsii.String(name)},
		Lifecycle:            kafkaefs.DataLifecycle(cfg),
	})
	kmsalias.NewKmsAlias(stack, jsii.String("backup-copy-kms-alias"), &kmsalias.KmsAliasConfig{
		Provider:    p,
		Name:        jsii.String("alias/" + name),
		TargetKeyId: key.KeyId(),
	})
	vault := kafkaefs.NewBackupCopyVault(stack, "backup-copy-vault", cfg, *key.Arn(), p)
	output(stack, "backup_copy_region", "Region of the backup copy vault: restore from the copy there (docs/backups.md)", jsii.String(region))
	output(stack, "backup_copy_vault_name", "AWS Backup vault in backup_copy_region holding the copies of the recovery points", vault.Name())
	output(stack, "backup_copy_vault_arn", "ARN of the backup copy vault", vault.Arn())
	output(stack, "backup_copy_kms_key_arn", "KMS key in backup_copy_region of the copy vault, and of a file system restored from it", key.Arn())
	return &backupCopy{vault: vault, key: key, policy: pol}
}
