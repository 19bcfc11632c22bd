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
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/snstopicpolicy"
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

// awsAccount is what the stack's policies name: the account, partition and region of the
// default provider, read once per stack (data sources "account", "partition", "region").
type awsAccount struct{ id, partition, region string }

func newAWSAccount(stack cdktf.TerraformStack) awsAccount {
	return awsAccount{
		id:        *dataawscalleridentity.NewDataAwsCallerIdentity(stack, jsii.String("account"), nil).AccountId(),
		partition: *dataawspartition.NewDataAwsPartition(stack, jsii.String("partition"), nil).Partition(),
		region:    *dataawsregion.NewDataAwsRegion(stack, jsii.String("region"), nil).Name(),
	}
}

// arn returns arn:<partition>:<rest>.
func (a awsAccount) arn(rest string) string { return "arn:" + a.partition + ":" + rest }

// policy is a policy document whose statements may grow until synthesis: statements that
// name resources of the construct (the backup role, the event rules) join after New.
type policy struct {
	doc        dataawsiampolicydocument.DataAwsIamPolicyDocument
	statements []*statement
}

func newPolicy(stack cdktf.TerraformStack, id string, provider cdktf.TerraformProvider, statements ...*statement) *policy {
	p := &policy{statements: statements}
	p.doc = dataawsiampolicydocument.NewDataAwsIamPolicyDocument(stack, jsii.String(id),
		&dataawsiampolicydocument.DataAwsIamPolicyDocumentConfig{Statement: &p.statements, Provider: provider})
	return p
}

// add appends statements to the document.
func (p *policy) add(statements ...*statement) {
	p.statements = append(p.statements, statements...)
	p.doc.PutStatement(&p.statements)
}

func awsPrincipal(ids ...string) *[]*principals {
	return &[]*principals{{Type: jsii.String("AWS"), Identifiers: jsii.Strings(ids...)}}
}

func servicePrincipal(name string) *[]*principals {
	return &[]*principals{{Type: jsii.String("Service"), Identifiers: jsii.Strings(name)}}
}

func when(test, variable string, values ...string) *condition {
	return &condition{Test: jsii.String(test), Variable: jsii.String(variable), Values: jsii.Strings(values...)}
}

// accountAdministersKey lets the account (its IAM policies) administer and use the key.
func accountAdministersKey(a awsAccount) *statement {
	return &statement{
		Sid: jsii.String("AccountAdministersKey"), Effect: jsii.String("Allow"),
		Principals: awsPrincipal(a.arn("iam::" + a.id + ":root")),
		Actions:    jsii.Strings("kms:*"), Resources: jsii.Strings("*"),
	}
}

// newKmsKey adds a customer-managed key with yearly rotation for the file system, its log
// group and its alarm topic, and an alias alias/<project>-<environment>-efs. In
// production it refuses destroy, like the file system it protects. The returned policy
// takes the statements that name the construct's resources once they exist.
func newKmsKey(stack cdktf.TerraformStack, cfg kafkaefs.Config, a awsAccount, alarmTopic bool) (kmskey.KmsKey, *policy) {
	p := newPolicy(stack, "kms-key-policy", nil, keyStatements(cfg, a, alarmTopic)...)
	key := kmskey.NewKmsKey(stack, jsii.String("kms-key"), &kmskey.KmsKeyConfig{
		Description:          jsii.String("Encrypts the EFS file system, logs and alarm topic of " + cfg.Name()),
		EnableKeyRotation:    jsii.Bool(true),
		DeletionWindowInDays: jsii.Number(keyDeletionWindowDays),
		Policy:               p.doc.Json(),
		Tags:                 &map[string]*string{"Name": jsii.String(cfg.Name() + "-efs")},
		Lifecycle:            kafkaefs.DataLifecycle(cfg),
	})
	kmsalias.NewKmsAlias(stack, jsii.String("kms-alias"), &kmsalias.KmsAliasConfig{
		Name:        jsii.String("alias/" + cfg.Name() + "-efs"),
		TargetKeyId: key.KeyId(),
	})
	return key, p
}

// keyStatements let the account administer the key and let exactly these services use
// it: EFS (through grants it creates on the account's behalf), AWS Backup for the vault's
// recovery points (with a BackupPlan), CloudWatch Logs for the EFS log group only, and,
// with an alarm topic, SNS for the account's encrypted topic and CloudWatch alarms
// publishing to it. The backup role and EventBridge join after New (backupRoleUsesKey,
// eventBridgeUsesKey).
func keyStatements(cfg kafkaefs.Config, a awsAccount, alarmTopic bool) []*statement {
	all := jsii.Strings("*")
	statements := []*statement{
		accountAdministersKey(a),
		efsUsesKey(a.id, a.region),
		{
			Sid: jsii.String("CloudWatchLogsUsesKey"), Effect: jsii.String("Allow"),
			Principals: servicePrincipal("logs." + a.region + ".amazonaws.com"),
			Actions: jsii.Strings("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*",
				"kms:Describe*"),
			Resources: all,
			Condition: &[]*condition{when("ArnEquals", "kms:EncryptionContext:aws:logs:arn",
				a.arn("logs:"+a.region+":"+a.id+":log-group:"+cfg.LogGroupName()))},
		},
	}
	if alarmTopic {
		statements = append(statements,
			&statement{
				Sid: jsii.String("SnsUsesKey"), Effect: jsii.String("Allow"),
				Principals: awsPrincipal("*"),
				Actions:    jsii.Strings("kms:Decrypt", "kms:GenerateDataKey*"),
				Resources:  all,
				Condition: &[]*condition{
					when("StringEquals", "kms:CallerAccount", a.id),
					when("StringEquals", "kms:ViaService", "sns."+a.region+".amazonaws.com"),
				},
			},
			&statement{
				Sid: jsii.String("CloudWatchAlarmsPublishToTopic"), Effect: jsii.String("Allow"),
				Principals: servicePrincipal("cloudwatch.amazonaws.com"),
				Actions:    jsii.Strings("kms:Decrypt", "kms:GenerateDataKey*"),
				Resources:  all,
				Condition:  &[]*condition{when("StringEquals", "aws:SourceAccount", a.id)},
			})
	}
	if cfg.BackupPlan != nil {
		statements = append(statements, backupUsesKey(a.id, a.region))
	}
	return statements
}

// efsUsesKey lets EFS, called from this account in region, use the key for the file
// systems it encrypts (the stack's, and those a restore creates with it).
func efsUsesKey(account, region string) *statement {
	return &statement{
		Sid: jsii.String("EfsUsesKey"), Effect: jsii.String("Allow"),
		Principals: awsPrincipal("*"),
		Actions: jsii.Strings("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
			"kms:CreateGrant", "kms:DescribeKey"),
		Resources: jsii.Strings("*"),
		Condition: &[]*condition{
			when("StringEquals", "kms:CallerAccount", account),
			when("StringEquals", "kms:ViaService", "elasticfilesystem."+region+".amazonaws.com"),
		},
	}
}

// backupUsesKey lets AWS Backup, called from this account, use the key for the recovery
// points of a vault it encrypts (and the grants that restores and copies need), and for
// nothing else: kms:ViaService limits it to requests AWS Backup makes in region.
func backupUsesKey(account, region string) *statement {
	return &statement{
		Sid: jsii.String("BackupUsesKey"), Effect: jsii.String("Allow"),
		Principals: awsPrincipal("*"),
		Actions: jsii.Strings("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
			"kms:CreateGrant", "kms:RetireGrant", "kms:DescribeKey"),
		Resources: jsii.Strings("*"),
		Condition: &[]*condition{
			when("StringEquals", "kms:CallerAccount", account),
			when("StringEquals", "kms:ViaService", "backup."+region+".amazonaws.com"),
		},
	}
}

// backupRoleUsesKey names the construct's backup role, as the AWS Backup developer guide
// asks (Encryption for backups in AWS Backup: "Your IAM role must have access to the KMS
// key used to back up and restore objects. Otherwise the job is successful but does not
// back up or restore the objects", and the key policy and the role's policy must agree).
// It holds without kms:ViaService: whether a cross-region copy job's KMS calls carry
// backup.<destination>.amazonaws.com, backupUsesKey's condition, is not documented, and
// a restore creates the file system through EFS, not AWS Backup. Grants only for AWS
// resources (the file systems and recovery points the role creates).
func backupRoleUsesKey(roleArn string) []*statement {
	return []*statement{
		{
			Sid: jsii.String("BackupRoleUsesKey"), Effect: jsii.String("Allow"),
			Principals: awsPrincipal(roleArn),
			Actions:    jsii.Strings("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"),
			Resources:  jsii.Strings("*"),
		},
		{
			Sid: jsii.String("BackupRoleGrantsToAwsResources"), Effect: jsii.String("Allow"),
			Principals: awsPrincipal(roleArn),
			Actions:    jsii.Strings("kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"),
			Resources:  jsii.Strings("*"),
			Condition:  &[]*condition{when("Bool", "kms:GrantIsForAWSResource", "true")},
		},
	}
}

// eventBridgeUsesKey lets EventBridge publish the backup notifications to the encrypted
// topic (SNS developer guide, Enable compatibility between event sources from AWS
// services and encrypted topics) and send what it cannot deliver to the construct's
// dead-letter queue, encrypted with the same key (EventBridge user guide, Using
// dead-letter queues: kms:Decrypt and kms:GenerateDataKey for events.amazonaws.com). It carries no condition: the SNS developer guide says
// the aws:SourceArn, aws:SourceAccount and aws:SourceOrgID keys are not supported in a
// key policy for EventBridge, and a condition on them would drop every notification.
// The topic policy's aws:SourceArn keeps the publishers to the stack's rules.
func eventBridgeUsesKey() *statement {
	return &statement{
		Sid: jsii.String("EventBridgePublishesToTopic"), Effect: jsii.String("Allow"),
		Principals: servicePrincipal("events.amazonaws.com"),
		Actions:    jsii.Strings("kms:Decrypt", "kms:GenerateDataKey*"),
		Resources:  jsii.Strings("*"),
	}
}

// newAlarmTopic adds the SNS topic <project>-<environment>-<name> that receives the
// alarms and the backup notifications, encrypted with the stack's key: only a
// customer-managed key's policy can admit CloudWatch and EventBridge (Check refuses a
// topic without one).
func newAlarmTopic(stack cdktf.TerraformStack, cfg kafkaefs.Config, name string) snstopic.SnsTopic {
	return snstopic.NewSnsTopic(stack, jsii.String("alarm-topic"), &snstopic.SnsTopicConfig{
		Name:           jsii.String(cfg.Name() + "-" + name),
		KmsMasterKeyId: jsii.String(cfg.KmsKeyID),
		Tags:           &map[string]*string{"Name": jsii.String(cfg.Name() + "-" + name)},
	})
}

// newAlarmTopicPolicy replaces the topic's default policy with one that lets the account
// manage the topic and lets exactly two publishers in: CloudWatch, for this file
// system's alarms (aws:SourceArn of their names, aws:SourceAccount), and EventBridge,
// for the construct's backup event rules (aws:SourceArn of each rule), when there are
// any.
func newAlarmTopicPolicy(stack cdktf.TerraformStack, cfg kafkaefs.Config, a awsAccount, topic snstopic.SnsTopic, rules []string) {
	topicArn := jsii.Strings(*topic.Arn())
	statements := []*statement{
		{
			Sid: jsii.String("AccountManagesTopic"), Effect: jsii.String("Allow"),
			Principals: awsPrincipal(a.arn("iam::" + a.id + ":root")),
			Actions: jsii.Strings("sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:AddPermission", "sns:RemovePermission",
				"sns:DeleteTopic", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish"),
			Resources: topicArn,
		},
		{
			Sid: jsii.String("CloudWatchAlarmsPublish"), Effect: jsii.String("Allow"),
			Principals: servicePrincipal("cloudwatch.amazonaws.com"),
			Actions:    jsii.Strings("sns:Publish"),
			Resources:  topicArn,
			Condition: &[]*condition{
				when("ArnLike", "aws:SourceArn", a.arn("cloudwatch:"+a.region+":"+a.id+":alarm:"+cfg.Name()+"-efs-*")),
				when("StringEquals", "aws:SourceAccount", a.id),
			},
		},
	}
	if len(rules) > 0 {
		statements = append(statements, &statement{
			Sid: jsii.String("BackupEventRulesPublish"), Effect: jsii.String("Allow"),
			Principals: servicePrincipal("events.amazonaws.com"),
			Actions:    jsii.Strings("sns:Publish"),
			Resources:  topicArn,
			Condition:  &[]*condition{when("ArnEquals", "aws:SourceArn", rules...)},
		})
	}
	p := newPolicy(stack, "alarm-topic-policy-document", nil, statements...)
	snstopicpolicy.NewSnsTopicPolicy(stack, jsii.String("alarm-topic-policy"), &snstopicpolicy.SnsTopicPolicyConfig{
		Arn:    topic.Arn(),
		Policy: p.doc.Json(),
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
