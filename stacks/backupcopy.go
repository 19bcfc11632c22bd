package stacks

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawscalleridentity"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsiampolicydocument"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawspartition"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/kmsalias"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/kmskey"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/kafka-efs/kafka-efs/constructs/kafkaefs"
)

// BackupCopyProviderAlias is the alias of the AWS provider for the backup copy region.
const BackupCopyProviderAlias = "backup_copy"

// newBackupCopy adds, in region and through a provider aliased BackupCopyProviderAlias, the
// vault that receives the copies of cfg.BackupPlan's recovery points and the key that
// encrypts it (a KMS key is regional: the stack's key cannot encrypt a vault there). It
// returns the vault's ARN, for BackupPlan.CopyDestinationVaultArn.
func newBackupCopy(stack cdktf.TerraformStack, cfg kafkaefs.Config, region string) string {
	p := provider.NewAwsProvider(stack, jsii.String("aws-backup-copy"), &provider.AwsProviderConfig{
		Alias:       jsii.String(BackupCopyProviderAlias),
		Region:      jsii.String(region),
		DefaultTags: defaultTags(cfg),
	})
	account := dataawscalleridentity.NewDataAwsCallerIdentity(stack, jsii.String("backup-copy-account"),
		&dataawscalleridentity.DataAwsCallerIdentityConfig{Provider: p}).AccountId()
	partition := dataawspartition.NewDataAwsPartition(stack, jsii.String("backup-copy-partition"),
		&dataawspartition.DataAwsPartitionConfig{Provider: p}).Partition()
	statements := []*statement{
		{
			Sid: jsii.String("AccountAdministersKey"), Effect: jsii.String("Allow"),
			Principals: &[]*principals{{Type: jsii.String("AWS"), Identifiers: jsii.Strings("arn:" + *partition + ":iam::" + *account + ":root")}},
			Actions:    jsii.Strings("kms:*"), Resources: jsii.Strings("*"),
		},
		backupUsesKey(*account, region),
	}
	policy := dataawsiampolicydocument.NewDataAwsIamPolicyDocument(stack, jsii.String("backup-copy-kms-key-policy"),
		&dataawsiampolicydocument.DataAwsIamPolicyDocumentConfig{Statement: &statements, Provider: p})
	name := cfg.BackupCopyVaultName()
	key := kmskey.NewKmsKey(stack, jsii.String("backup-copy-kms-key"), &kmskey.KmsKeyConfig{
		Provider:             p,
		Description:          jsii.String("Encrypts the copies of the EFS recovery points of " + cfg.Name() + " in " + region),
		EnableKeyRotation:    jsii.Bool(true),
		DeletionWindowInDays: jsii.Number(keyDeletionWindowDays),
		Policy:               policy.Json(),
		Tags:                 &map[string]*string{"Name": jsii.String(name)},
		Lifecycle:            cfg.DataLifecycle(),
	})
	kmsalias.NewKmsAlias(stack, jsii.String("backup-copy-kms-alias"), &kmsalias.KmsAliasConfig{
		Provider:    p,
		Name:        jsii.String("alias/" + name),
		TargetKeyId: key.KeyId(),
	})
	return *kafkaefs.NewBackupCopyVault(stack, "backup-copy-vault", cfg, *key.Arn(), p).Arn()
}
