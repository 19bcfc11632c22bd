package stacks

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawscalleridentity"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsiampolicydocument"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawspartition"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsregion"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/kmsalias"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/kmskey"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/snstopic"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/snstopicsubscription"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/kafka-efs/kafka-efs/constructs/kafkaefs"
)

// keyDeletionWindowDays is how long a scheduled key deletion can still be cancelled,
// in days: AWS's maximum, as losing the key loses the file system's data.
const keyDeletionWindowDays = 30

type (
	statement  = dataawsiampolicydocument.DataAwsIamPolicyDocumentStatement
	principals = dataawsiampolicydocument.DataAwsIamPolicyDocumentStatementPrincipals
	condition  = dataawsiampolicydocument.DataAwsIamPolicyDocumentStatementCondition
)

// newKmsKey adds a customer-managed key with yearly rotation for the file system, its log
// group and its alarm topic, and an alias alias/<project>-<environment>-efs. In
// production it refuses destroy, like the file system it protects.
func newKmsKey(stack cdktf.TerraformStack, cfg kafkaefs.Config) kmskey.KmsKey {
	key := kmskey.NewKmsKey(stack, jsii.String("kms-key"), &kmskey.KmsKeyConfig{
		Description:          jsii.String("Encrypts the EFS file system, logs and alarm topic of " + cfg.Name()),
		EnableKeyRotation:    jsii.Bool(true),
		DeletionWindowInDays: jsii.Number(keyDeletionWindowDays),
		Policy:               keyPolicy(stack, cfg).Json(),
		Tags:                 &map[string]*string{"Name": jsii.String(cfg.Name() + "-efs")},
		Lifecycle:            cfg.DataLifecycle(),
	})
	kmsalias.NewKmsAlias(stack, jsii.String("kms-alias"), &kmsalias.KmsAliasConfig{
		Name:        jsii.String("alias/" + cfg.Name() + "-efs"),
		TargetKeyId: key.KeyId(),
	})
	return key
}

// keyPolicy lets the account administer the key and lets exactly these services use it:
// EFS (through grants it creates on the account's behalf), AWS Backup for the vault's
// recovery points (with a BackupPlan), CloudWatch Logs for the EFS log group only, SNS for the account's
// encrypted topic, and CloudWatch alarms publishing to that topic.
func keyPolicy(stack cdktf.TerraformStack, cfg kafkaefs.Config) dataawsiampolicydocument.DataAwsIamPolicyDocument {
	account := dataawscalleridentity.NewDataAwsCallerIdentity(stack, jsii.String("account"), nil).AccountId()
	partition := dataawspartition.NewDataAwsPartition(stack, jsii.String("partition"), nil).Partition()
	region := dataawsregion.NewDataAwsRegion(stack, jsii.String("region"), nil).Name()
	arnPrefix := "arn:" + *partition + ":"
	all := jsii.Strings("*")
	aws := func(ids ...string) *[]*principals {
		return &[]*principals{{Type: jsii.String("AWS"), Identifiers: jsii.Strings(ids...)}}
	}
	service := func(name string) *[]*principals {
		return &[]*principals{{Type: jsii.String("Service"), Identifiers: jsii.Strings(name)}}
	}
	when := func(test, variable, value string) *condition {
		return &condition{Test: jsii.String(test), Variable: jsii.String(variable), Values: jsii.Strings(value)}
	}
	statements := []*statement{
		{
			Sid: jsii.String("AccountAdministersKey"), Effect: jsii.String("Allow"),
			Principals: aws(arnPrefix + "iam::" + *account + ":root"),
			Actions:    jsii.Strings("kms:*"), Resources: all,
		},
		{
			Sid: jsii.String("EfsUsesKey"), Effect: jsii.String("Allow"),
			Principals: aws("*"),
			Actions: jsii.Strings("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
				"kms:CreateGrant", "kms:DescribeKey"),
			Resources: all,
			Condition: &[]*condition{
				when("StringEquals", "kms:CallerAccount", *account),
				when("StringEquals", "kms:ViaService", "elasticfilesystem."+*region+".amazonaws.com"),
			},
		},
		{
			Sid: jsii.String("CloudWatchLogsUsesKey"), Effect: jsii.String("Allow"),
			Principals: service("logs." + *region + ".amazonaws.com"),
			Actions: jsii.Strings("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*",
				"kms:Describe*"),
			Resources: all,
			Condition: &[]*condition{when("ArnEquals", "kms:EncryptionContext:aws:logs:arn",
				arnPrefix+"logs:"+*region+":"+*account+":log-group:"+cfg.LogGroupName())},
		},
		{
			Sid: jsii.String("SnsUsesKey"), Effect: jsii.String("Allow"),
			Principals: aws("*"),
			Actions:    jsii.Strings("kms:Decrypt", "kms:GenerateDataKey*"),
			Resources:  all,
			Condition: &[]*condition{
				when("StringEquals", "kms:CallerAccount", *account),
				when("StringEquals", "kms:ViaService", "sns."+*region+".amazonaws.com"),
			},
		},
		{
			Sid: jsii.String("CloudWatchAlarmsPublishToTopic"), Effect: jsii.String("Allow"),
			Principals: service("cloudwatch.amazonaws.com"),
			Actions:    jsii.Strings("kms:Decrypt", "kms:GenerateDataKey*"),
			Resources:  all,
			Condition:  &[]*condition{when("StringEquals", "aws:SourceAccount", *account)},
		},
	}
	if cfg.BackupPlan != nil {
		statements = append(statements, backupUsesKey(*account, *region))
	}
	return dataawsiampolicydocument.NewDataAwsIamPolicyDocument(stack, jsii.String("kms-key-policy"),
		&dataawsiampolicydocument.DataAwsIamPolicyDocumentConfig{Statement: &statements})
}

// backupUsesKey lets AWS Backup, called from this account, use the key for the recovery
// points of a vault it encrypts (and the grants that restores and copies need), and for
// nothing else: kms:ViaService limits it to requests AWS Backup makes in region.
func backupUsesKey(account, region string) *statement {
	return &statement{
		Sid: jsii.String("BackupUsesKey"), Effect: jsii.String("Allow"),
		Principals: &[]*principals{{Type: jsii.String("AWS"), Identifiers: jsii.Strings("*")}},
		Actions: jsii.Strings("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
			"kms:CreateGrant", "kms:RetireGrant", "kms:DescribeKey"),
		Resources: jsii.Strings("*"),
		Condition: &[]*condition{
			{Test: jsii.String("StringEquals"), Variable: jsii.String("kms:CallerAccount"), Values: jsii.Strings(account)},
			{Test: jsii.String("StringEquals"), Variable: jsii.String("kms:ViaService"), Values: jsii.Strings("backup." + region + ".amazonaws.com")},
		},
	}
}

// newAlarmTopic adds the SNS topic <project>-<environment>-<name> that receives the
// alarms, encrypted with the Config's key (or SNS's AWS-managed key without one).
func newAlarmTopic(stack cdktf.TerraformStack, cfg kafkaefs.Config, name string) snstopic.SnsTopic {
	key := cfg.KmsKeyID
	if key == "" {
		key = "alias/aws/sns"
	}
	return snstopic.NewSnsTopic(stack, jsii.String("alarm-topic"), &snstopic.SnsTopicConfig{
		Name:           jsii.String(cfg.Name() + "-" + name),
		KmsMasterKeyId: jsii.String(key),
		Tags:           &map[string]*string{"Name": jsii.String(cfg.Name() + "-" + name)},
	})
}

// subscribe adds one subscription of the topic per endpoint of the list (a variable's
// list token), with the SNS protocol given ("email", "https"), each addressed by its
// endpoint. An e-mail or HTTPS subscription stays pending until its owner confirms it.
func subscribe(stack cdktf.TerraformStack, topic snstopic.SnsTopic, protocol string, endpoints []string) {
	it := cdktf.TerraformIterator_FromList(jsii.Strings(endpoints...))
	snstopicsubscription.NewSnsTopicSubscription(stack, jsii.String("alarm-"+protocol+"-subscription"), &snstopicsubscription.SnsTopicSubscriptionConfig{
		ForEach:  it,
		TopicArn: topic.Arn(),
		Protocol: jsii.String(protocol),
		Endpoint: cdktf.Token_AsString(it.Value(), nil),
	})
}
