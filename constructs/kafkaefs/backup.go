package kafkaefs

import (
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/backupplan"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/backuprestoretestingplan"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/backuprestoretestingselection"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/backupselection"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/backupvault"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/backupvaultlockconfiguration"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatcheventrule"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchmetricalarm"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrole"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrolepolicyattachmentsexclusive"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sqsqueue"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
	"github.com/kafka-efs/kafka-efs/efs"
)

// The AWS managed policies of the backup service role, by name: AWS Backup's own
// permissions to back up and to restore (restore tests included) every supported service.
// They live under the service-role/ path of the partition's "aws" account.
var backupManagedPolicies = []string{
	"AWSBackupServiceRolePolicyForBackup",
	"AWSBackupServiceRolePolicyForRestores",
}

// Backup is the construct's AWS Backup plan and everything it needs, when Config.BackupPlan
// is set.
type Backup struct {
	// Vault holds the recovery points, encrypted with the Config's key and locked.
	Vault backupvault.BackupVault
	// Plan runs the rules.
	Plan backupplan.BackupPlan
	// Role is the service role AWS Backup assumes to back up, restore and test restores.
	Role iamrole.IamRole
	// RestoreTestingPlan restores the latest recovery point on its schedule.
	RestoreTestingPlan backuprestoretestingplan.BackupRestoreTestingPlan
	// EventRules forward failed backup, copy and restore jobs, jobs completed with
	// issues, failed restore-test clean-ups and vault changes to AlarmActions, one rule
	// per event kind (see BackupEventRuleNames); empty without AlarmActions.
	EventRules []cloudwatcheventrule.CloudwatchEventRule
	// DeadLetterQueue keeps what the rules' targets could not deliver; nil without
	// AlarmActions.
	DeadLetterQueue sqsqueue.SqsQueue
	// Alarms watch for silence and failed deliveries (efs.BackupAlarms), by key; empty
	// without AlarmActions.
	Alarms map[string]cloudwatchmetricalarm.CloudwatchMetricAlarm
	// RestoreCheck notifies AlarmActions when no restore test completed in its monthly
	// window (restorecheck.go); nil without AlarmActions.
	RestoreCheck *RestoreCheck
}

// newBackup adds, when Config.BackupPlan is set, the vault and its lock, the service role,
// the plan and its selection of the file system, the restore testing plan and its
// selection of the file system, and the rules that forward failed jobs to AlarmActions.
func (k *KafkaEfs) newBackup() {
	c := k.Config
	p := c.BackupPlan
	if p == nil {
		return
	}
	b := &Backup{}
	k.Backup = b
	b.Vault = newBackupVault(k.Construct, "backup-vault", c, c.BackupName(), c.VaultKmsKeyArn(), nil)
	b.Role = k.newBackupRole()
	fsArn := jsii.Strings(*k.FileSystem.Arn())

	rules := make([]*backupplan.BackupPlanRule, 0, len(p.RulesOrDefault()))
	for _, r := range p.RulesOrDefault() {
		lifecycle := func() *backupplan.BackupPlanRuleLifecycle {
			l := &backupplan.BackupPlanRuleLifecycle{DeleteAfter: jsii.Number(r.DeleteAfterDays)}
			if r.ColdStorageAfterDays > 0 {
				l.ColdStorageAfter = jsii.Number(r.ColdStorageAfterDays)
			}
			return l
		}
		rule := &backupplan.BackupPlanRule{
			RuleName:         jsii.String(r.Name),
			TargetVaultName:  b.Vault.Name(),
			Schedule:         jsii.String(r.Schedule),
			StartWindow:      jsii.Number(r.StartWindowMinutes),
			CompletionWindow: jsii.Number(r.CompletionWindowMinutes),
			Lifecycle:        lifecycle(),
		}
		if p.CopyDestinationVaultArn != "" {
			// Copies live as long as the originals, within the destination's lock.
			l := lifecycle()
			rule.CopyAction = &[]*backupplan.BackupPlanRuleCopyAction{{
				DestinationVaultArn: jsii.String(p.CopyDestinationVaultArn),
				Lifecycle: &backupplan.BackupPlanRuleCopyActionLifecycle{
					DeleteAfter: l.DeleteAfter, ColdStorageAfter: l.ColdStorageAfter,
				},
			}}
		}
		rules = append(rules, rule)
	}
	b.Plan = backupplan.NewBackupPlan(k.Construct, jsii.String("backup-plan"), &backupplan.BackupPlanConfig{
		Name: jsii.String(c.BackupName()),
		Rule: &rules,
		Tags: k.tags(c.BackupName()),
	})
	backupselection.NewBackupSelection(k.Construct, jsii.String("backup-selection"), &backupselection.BackupSelectionConfig{
		Name:       jsii.String(c.BackupName()),
		PlanId:     b.Plan.Id(),
		IamRoleArn: b.Role.Arn(),
		Resources:  fsArn,
	})

	t := p.RestoreTestingOrDefault()
	b.RestoreTestingPlan = backuprestoretestingplan.NewBackupRestoreTestingPlan(k.Construct, jsii.String("restore-testing-plan"),
		&backuprestoretestingplan.BackupRestoreTestingPlanConfig{
			Name:               jsii.String(c.RestoreTestingPlanName()),
			ScheduleExpression: jsii.String(t.Schedule),
			StartWindowHours:   jsii.Number(t.StartWindowHours),
			RecoveryPointSelection: &[]*backuprestoretestingplan.BackupRestoreTestingPlanRecoveryPointSelection{{
				Algorithm:           jsii.String(efs.RestoreTestingAlgorithm),
				IncludeVaults:       jsii.Strings(*b.Vault.Arn()),
				RecoveryPointTypes:  jsii.Strings(efs.RestoreTestingRecoveryPointType),
				SelectionWindowDays: jsii.Number(t.SelectionWindowDays),
			}},
			Tags: k.tags(c.BackupName() + "-restore-testing"),
		})
	sel := &backuprestoretestingselection.BackupRestoreTestingSelectionConfig{
		Name:                   jsii.String(efs.RestoreTestingSelectionName),
		RestoreTestingPlanName: b.RestoreTestingPlan.Name(),
		ProtectedResourceType:  jsii.String(efs.RestoreTestingResourceType),
		ProtectedResourceArns:  fsArn,
		IamRoleArn:             b.Role.Arn(),
		ValidationWindowHours:  jsii.Number(t.ValidationWindowHours),
	}
	// AWS Backup would restore the test copy with the AWS-managed key
	// aws/elasticfilesystem; production data stays under the Config's key instead.
	if key := c.VaultKmsKeyArn(); key != "" {
		sel.RestoreMetadataOverrides = &map[string]*string{efs.RestoreMetadataKmsKeyID: jsii.String(key)}
	}
	backuprestoretestingselection.NewBackupRestoreTestingSelection(k.Construct, jsii.String("restore-testing-selection"), sel)
	k.newBackupEvents()
}

// newBackupRole adds the service role AWS Backup assumes, trusting backup.amazonaws.com
// only, with exactly the AWS managed backup and restore policies (the exclusive
// attachment detaches anything else attached outside Terraform).
func (k *KafkaEfs) newBackupRole() iamrole.IamRole {
	c := k.Config
	trust := k.iamDocument("backup-role-trust", efs.ServiceTrust("AwsBackupAssumesRole", "backup.amazonaws.com"))
	role := iamrole.NewIamRole(k.Construct, jsii.String("backup-role"), &iamrole.IamRoleConfig{
		Name:             jsii.String(c.BackupName() + "-backup"),
		Description:      jsii.String("AWS Backup backs up, restores and restore-tests " + c.CreationToken()),
		AssumeRolePolicy: trust.Json(),
		Tags:             k.tags(c.BackupName() + "-backup"),
	})
	partition := k.partition().Partition()
	arns := make([]string, len(backupManagedPolicies))
	for i, name := range backupManagedPolicies {
		arns[i] = "arn:" + *partition + ":iam::aws:policy/service-role/" + name
	}
	iamrolepolicyattachmentsexclusive.NewIamRolePolicyAttachmentsExclusive(k.Construct, jsii.String("backup-role-policies"),
		&iamrolepolicyattachmentsexclusive.IamRolePolicyAttachmentsExclusiveConfig{
			RoleName:   role.Name(),
			PolicyArns: jsii.Strings(arns...),
		})
	return role
}

// newBackupVault adds a vault named name, encrypted with kmsKeyArn ("" for AWS Backup's
// own key), and its vault lock, through provider (nil for the default provider). In
// production both refuse destroy, like the file system.
func newBackupVault(scope constructs.Construct, id string, c Config, name, kmsKeyArn string, provider cdktf.TerraformProvider) backupvault.BackupVault {
	vc := &backupvault.BackupVaultConfig{
		Name:      jsii.String(name),
		Tags:      configTags(c, name),
		Lifecycle: DataLifecycle(c),
		Provider:  provider,
	}
	if kmsKeyArn != "" {
		vc.KmsKeyArn = jsii.String(kmsKeyArn)
	}
	vault := backupvault.NewBackupVault(scope, jsii.String(id), vc)
	l := c.BackupPlan.LockOrDefault()
	lc := &backupvaultlockconfiguration.BackupVaultLockConfigurationConfig{
		BackupVaultName:  vault.Name(),
		MinRetentionDays: jsii.Number(l.MinRetentionDays),
		MaxRetentionDays: jsii.Number(l.MaxRetentionDays),
		Lifecycle:        lockLifecycle(c),
		Provider:         provider,
	}
	if l.ChangeableForDays > 0 {
		lc.ChangeableForDays = jsii.Number(l.ChangeableForDays)
	}
	backupvaultlockconfiguration.NewBackupVaultLockConfiguration(scope, jsii.String(id+"-lock"), lc)
	return vault
}

// lockUnreadable are the vault lock arguments the provider never reads back
// (hashicorp/terraform-provider-aws, internal/service/backup/vault_lock_configuration.go:
// Read sets backup_vault_arn, backup_vault_name, max_retention_days and
// min_retention_days; DescribeBackupVault has no ChangeableForDays). Every argument is
// ForceNew, so after an import Terraform would plan to replace the lock, which
// prevent_destroy refuses and which a compliance-mode lock past its grace time does not
// allow anyway: Terraform ignores a change it cannot see.
var lockUnreadable = []string{"changeable_for_days"}

// lockLifecycle is the vault lock's lifecycle: the Config's data lifecycle (prevent
// destroy in production) and lockUnreadable ignored.
func lockLifecycle(c Config) *cdktf.TerraformResourceLifecycle {
	l := &cdktf.TerraformResourceLifecycle{IgnoreChanges: jsii.Strings(lockUnreadable...)}
	if d := DataLifecycle(c); d != nil {
		l.PreventDestroy = d.PreventDestroy
	}
	return l
}

// NewBackupCopyVault adds, in scope and through provider (an AWS provider for another
// region), the vault that receives the copies of c.BackupPlan's recovery points: named
// BackupCopyVaultName, encrypted with kmsKeyArn (a key of that region; "" for AWS Backup's
// own key there) and locked like the construct's vault. Pass its ARN as
// BackupPlan.CopyDestinationVaultArn. c must have a BackupPlan.
func NewBackupCopyVault(scope constructs.Construct, id string, c Config, kmsKeyArn string, provider cdktf.TerraformProvider) backupvault.BackupVault {
	return newBackupVault(scope, id, c, c.BackupCopyVaultName(), kmsKeyArn, provider)
}

// configTags returns the Config's tags and a Name, for resources outside a KafkaEfs.
func configTags(c Config, name string) *map[string]*string {
	t := make(map[string]*string, len(c.Tags)+1)
	for key, v := range c.Tags {
		t[key] = jsii.String(v)
	}
	t["Name"] = jsii.String(name)
	return &t
}
