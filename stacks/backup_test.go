package stacks

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafka-efs/kafka-efs/internal/kafkaefstest"
	"github.com/kafka-efs/kafka-efs/internal/tfjson"
)

// The AWS Backup resources of the stacks, each property its own assertion: a regenerated
// snapshot still leaves a failing test when one of them changes.

// backupStacks returns the stacks with a backup plan (every production stack, and any
// other whose Environment sets one), by name.
func backupStacks(t *testing.T) map[string]stackJSON {
	t.Helper()
	out := map[string]stackJSON{}
	for _, env := range Environments() {
		if expectationOf(t, env.Stack).backupPlan {
			out[env.Stack] = synthesized[env.Stack]
		}
	}
	require.NotEmpty(t, out)
	return out
}

// resourceNamed returns the resource of a type with a logical name ending in the
// construct-path suffix, e.g. "backup-vault" for "kafka-efs_backup-vault_2F7A9756".
func resourceNamed(t *testing.T, s stackJSON, typ, id string) (string, map[string]any) {
	t.Helper()
	return tfjson.ResourceNamed(t, tfjson.Doc(s), typ, id)
}

// vault returns the logical name of the stack's own vault and the vault.
func vault(t *testing.T, s stackJSON) (string, map[string]any) {
	t.Helper()
	return resourceNamed(t, s, "aws_backup_vault", "backup-vault")
}

func TestBackupVaultUsesStackKey(t *testing.T) {
	for name, s := range backupStacks(t) {
		_, v := vault(t, s)
		assert.Equal(t, stackKeyArn, v["kms_key_arn"], name)
	}
}

func TestBackupVaultName(t *testing.T) {
	for name, s := range backupStacks(t) {
		_, v := vault(t, s)
		assert.Equal(t, "confluent-kafka-"+name+"-efs", v["name"], name)
		assert.NotContains(t, v, "force_destroy", "%s: a vault is never destroyed with its recovery points", name)
	}
}

func TestBackupVaultLockBounds(t *testing.T) {
	for name, s := range backupStacks(t) {
		vName, _ := vault(t, s)
		_, lock := resourceNamed(t, s, "aws_backup_vault_lock_configuration", "backup-vault-lock")
		assert.Equal(t, ref("aws_backup_vault", vName, "name"), lock["backup_vault_name"], name)
		assert.Equal(t, float64(35), lock["min_retention_days"], "%s: the daily rule's retention", name)
		assert.Equal(t, float64(365), lock["max_retention_days"], "%s: the monthly rule's retention", name)
	}
}

func TestBackupVaultLockIsGovernanceMode(t *testing.T) {
	for name, s := range backupStacks(t) {
		_, lock := resourceNamed(t, s, "aws_backup_vault_lock_configuration", "backup-vault-lock")
		assert.NotContains(t, lock, "changeable_for_days", "%s: compliance mode is irreversible; the default is governance", name)
	}
}

func TestBackupPlanRuleTargetsVault(t *testing.T) {
	for name, s := range backupStacks(t) {
		vName, _ := vault(t, s)
		rules := kafkaefstest.PlanRules(t, s)
		require.ElementsMatch(t, []string{"daily", "monthly"}, slices.Collect(maps.Keys(rules)), name)
		for rName, r := range rules {
			assert.Equal(t, ref("aws_backup_vault", vName, "name"), r["target_vault_name"], "%s %s", name, rName)
			assert.Equal(t, float64(60), r["start_window"], "%s %s", name, rName)
			assert.Equal(t, float64(1440), r["completion_window"], "%s %s", name, rName)
		}
	}
}

func TestBackupPlanDailyRule(t *testing.T) {
	for name, s := range backupStacks(t) {
		daily := kafkaefstest.PlanRules(t, s)["daily"]
		assert.Equal(t, "cron(0 5 ? * * *)", daily["schedule"], name)
		assert.Equal(t, map[string]any{"delete_after": float64(35)}, daily["lifecycle"], "%s: 35 days, warm only", name)
	}
}

func TestBackupPlanMonthlyRule(t *testing.T) {
	for name, s := range backupStacks(t) {
		monthly := kafkaefstest.PlanRules(t, s)["monthly"]
		assert.Equal(t, "cron(0 5 1 * ? *)", monthly["schedule"], name)
		assert.Equal(t, map[string]any{"delete_after": float64(365)}, monthly["lifecycle"], "%s: a year, warm only", name)
	}
}

// TestBackupCopyAction: prod copies every recovery point to the vault in us-west-2, kept as
// long as the original; prod-high-performance copies nothing.
func TestBackupCopyAction(t *testing.T) {
	for name, s := range backupStacks(t) {
		w := expectationOf(t, name)
		rules := kafkaefstest.PlanRules(t, s)
		if w.backupCopyRegion == "" {
			for rName, r := range rules {
				assert.NotContains(t, r, "copy_action", "%s %s", name, rName)
			}
			assert.Equal(t, 1, len(s.resources("aws_backup_vault")), "stack %s: vaults", name)
			continue
		}
		copyVault, _ := resourceNamed(t, s, "aws_backup_vault", "backup-copy-vault")
		for rName, r := range rules {
			assert.Equal(t, []any{map[string]any{
				"destination_vault_arn": ref("aws_backup_vault", copyVault, "arn"),
				"lifecycle":             r["lifecycle"],
			}}, r["copy_action"], "%s %s", name, rName)
		}
	}
}

// TestBackupCopyVault: the copy vault and its key live in the copy region, through the
// aliased provider, and are locked and protected like the originals.
func TestBackupCopyVault(t *testing.T) {
	s := synthesized["prod"]
	region := shipped["prod"].backupCopyRegion
	require.NotEmpty(t, region)
	copyProvider := "aws." + BackupCopyProviderAlias

	var aliased map[string]any
	for _, p := range s.block("provider")["aws"].([]any) {
		if p := p.(map[string]any); p["alias"] == BackupCopyProviderAlias {
			aliased = p
		}
	}
	require.NotNil(t, aliased, "provider aws.%s", BackupCopyProviderAlias)
	assert.Equal(t, region, aliased["region"])
	assert.Equal(t, []any{map[string]any{"tags": map[string]any{
		"project": "confluent-kafka", "environment": "prod", "managed-by": "cdktf",
	}}}, aliased["default_tags"])

	vName, v := resourceNamed(t, s, "aws_backup_vault", "backup-copy-vault")
	assert.Equal(t, "confluent-kafka-prod-efs-copy", v["name"])
	assert.Equal(t, copyProvider, v["provider"])
	assert.Equal(t, ref("aws_kms_key", "backup-copy-kms-key", "arn"), v["kms_key_arn"])
	assert.Equal(t, map[string]any{"prevent_destroy": true}, v["lifecycle"])

	_, lock := resourceNamed(t, s, "aws_backup_vault_lock_configuration", "backup-copy-vault-lock")
	assert.Equal(t, ref("aws_backup_vault", vName, "name"), lock["backup_vault_name"])
	assert.Equal(t, copyProvider, lock["provider"])
	assert.Equal(t, float64(35), lock["min_retention_days"])
	assert.Equal(t, float64(365), lock["max_retention_days"])

	key := s.resources("aws_kms_key")["backup-copy-kms-key"]
	require.NotNil(t, key)
	assert.Equal(t, copyProvider, key["provider"])
	assert.Equal(t, true, key["enable_key_rotation"])
	sts := statements(t, s, policyDocumentOf(t, key))
	require.ElementsMatch(t, []string{"AccountAdministersKey", "BackupUsesKey", "EfsUsesKey", "BackupRoleUsesKey", "BackupRoleGrantsToAwsResources"},
		slices.Collect(maps.Keys(sts)))
	checkBackupRoleStatements(t, s, sts)
	// A restore from the copy creates a file system there, encrypted with this key.
	assert.Contains(t, sts["EfsUsesKey"]["condition"].([]any), map[string]any{
		"test": "StringEquals", "variable": "kms:ViaService", "values": []any{"elasticfilesystem." + region + ".amazonaws.com"},
	})
	for output, value := range map[string]any{
		"backup_copy_region":      region,
		"backup_copy_vault_name":  ref("aws_backup_vault", vName, "name"),
		"backup_copy_vault_arn":   ref("aws_backup_vault", vName, "arn"),
		"backup_copy_kms_key_arn": ref("aws_kms_key", "backup-copy-kms-key", "arn"),
	} {
		assert.Equal(t, value, s.output(t, output), output)
	}
	assert.Contains(t, sts["BackupUsesKey"]["condition"].([]any), map[string]any{
		"test": "StringEquals", "variable": "kms:ViaService", "values": []any{"backup." + region + ".amazonaws.com"},
	})
	assert.Contains(t, sts["BackupUsesKey"]["condition"].([]any), map[string]any{
		"test": "StringEquals", "variable": "kms:CallerAccount", "values": []any{"${data.aws_caller_identity.backup-copy-account.account_id}"},
	})
}

// checkBackupRoleStatements: a key policy names the construct's backup role, as the AWS
// Backup developer guide asks, without kms:ViaService (a copy job's calls to the
// destination key need not carry backup.<region>), and lets it grant only to AWS
// resources.
func checkBackupRoleStatements(t *testing.T, s stackJSON, sts map[string]map[string]any) {
	t.Helper()
	roleName, _ := resourceNamed(t, s, "aws_iam_role", "backup-role")
	role := []any{map[string]any{"type": "AWS", "identifiers": []any{ref("aws_iam_role", roleName, "arn")}}}
	use := sts["BackupRoleUsesKey"]
	require.NotNil(t, use)
	assert.Equal(t, "Allow", use["effect"])
	assert.Equal(t, role, use["principals"])
	assert.ElementsMatch(t, []any{"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"}, use["actions"])
	assert.NotContains(t, use, "condition")
	grant := sts["BackupRoleGrantsToAwsResources"]
	require.NotNil(t, grant)
	assert.Equal(t, role, grant["principals"])
	assert.ElementsMatch(t, []any{"kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"}, grant["actions"])
	assert.Equal(t, []any{map[string]any{"test": "Bool", "variable": "kms:GrantIsForAWSResource", "values": []any{"true"}}}, grant["condition"])
}

func TestBackupSelectionResource(t *testing.T) {
	for name, s := range backupStacks(t) {
		_, sel := resourceNamed(t, s, "aws_backup_selection", "backup-selection")
		assert.Equal(t, []any{kafkaefstest.FsRef(t, s, "arn")}, sel["resources"], name)
	}
}

func TestBackupSelectionRole(t *testing.T) {
	for name, s := range backupStacks(t) {
		_, sel := resourceNamed(t, s, "aws_backup_selection", "backup-selection")
		role, _ := resourceNamed(t, s, "aws_iam_role", "backup-role")
		plan, _ := resourceNamed(t, s, "aws_backup_plan", "backup-plan")
		assert.Equal(t, ref("aws_iam_role", role, "arn"), sel["iam_role_arn"], name)
		assert.Equal(t, ref("aws_backup_plan", plan, "id"), sel["plan_id"], name)
	}
}

// TestBackupRole: the role trusts AWS Backup only and holds exactly the two AWS managed
// policies, their ARNs built with the partition.
func TestBackupRole(t *testing.T) {
	for name, s := range backupStacks(t) {
		roleName, role := resourceNamed(t, s, "aws_iam_role", "backup-role")
		assert.Equal(t, "confluent-kafka-"+name+"-efs-backup", role["name"], name)
		trust := statements(t, s, policyDocumentOf(t, map[string]any{"policy": role["assume_role_policy"]}))
		require.Len(t, trust, 1, name)
		for _, st := range trust {
			assert.Equal(t, "Allow", st["effect"], name)
			assert.Equal(t, []any{"sts:AssumeRole"}, st["actions"], name)
			assert.Equal(t, []any{map[string]any{"type": "Service", "identifiers": []any{"backup.amazonaws.com"}}}, st["principals"], name)
			assert.NotContains(t, st, "condition", name)
		}

		_, attachments := resourceNamed(t, s, "aws_iam_role_policy_attachments_exclusive", "backup-role-policies")
		assert.Equal(t, ref("aws_iam_role", roleName, "name"), attachments["role_name"], name)
		partition := regexp.MustCompile(`^arn:\$\{data\.aws_partition\.[^.]+\.partition\}:iam::aws:policy/service-role/`)
		var policies []string
		for _, a := range attachments["policy_arns"].([]any) {
			arn := a.(string)
			assert.Regexp(t, partition, arn, name)
			policies = append(policies, partition.ReplaceAllString(arn, ""))
		}
		assert.ElementsMatch(t, []string{"AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"}, policies, name)
		assert.Empty(t, s.resources("aws_iam_role_policy_attachment"), "%s: attachments are exclusive, in one resource", name)
	}
}

func TestRestoreTestingPlan(t *testing.T) {
	for name, s := range backupStacks(t) {
		vName, _ := vault(t, s)
		_, plan := resourceNamed(t, s, "aws_backup_restore_testing_plan", "restore-testing-plan")
		assert.Regexp(t, `^[a-zA-Z0-9_]{1,50}$`, plan["name"], name)
		assert.Equal(t, "cron(0 8 2 * ? *)", plan["schedule_expression"], "%s: monthly", name)
		assert.Equal(t, float64(24), plan["start_window_hours"], name)
		assert.Equal(t, []any{map[string]any{
			"algorithm":             "LATEST_WITHIN_WINDOW",
			"include_vaults":        []any{ref("aws_backup_vault", vName, "arn")},
			"recovery_point_types":  []any{"SNAPSHOT"},
			"selection_window_days": float64(7),
		}}, plan["recovery_point_selection"], name)
	}
}

func TestRestoreTestingSelectionResourceType(t *testing.T) {
	for name, s := range backupStacks(t) {
		_, sel := resourceNamed(t, s, "aws_backup_restore_testing_selection", "restore-testing-selection")
		assert.Equal(t, "EFS", sel["protected_resource_type"], name)
	}
}

func TestRestoreTestingSelectionResourceArn(t *testing.T) {
	for name, s := range backupStacks(t) {
		_, sel := resourceNamed(t, s, "aws_backup_restore_testing_selection", "restore-testing-selection")
		assert.Equal(t, []any{kafkaefstest.FsRef(t, s, "arn")}, sel["protected_resource_arns"], name)
	}
}

func TestRestoreTestingSelection(t *testing.T) {
	for name, s := range backupStacks(t) {
		plan, _ := resourceNamed(t, s, "aws_backup_restore_testing_plan", "restore-testing-plan")
		role, _ := resourceNamed(t, s, "aws_iam_role", "backup-role")
		_, sel := resourceNamed(t, s, "aws_backup_restore_testing_selection", "restore-testing-selection")
		assert.Equal(t, ref("aws_backup_restore_testing_plan", plan, "name"), sel["restore_testing_plan_name"], name)
		assert.Equal(t, ref("aws_iam_role", role, "arn"), sel["iam_role_arn"], name)
		// No validator configured: an hour, AWS's minimum, as nothing reads the copy.
		assert.Equal(t, float64(1), sel["validation_window_hours"], name)
		assert.Regexp(t, `^[a-zA-Z0-9_]{1,50}$`, sel["name"], name)
		// The test copy is encrypted with the stack's key, not aws/elasticfilesystem.
		assert.Equal(t, map[string]any{"kmsKeyId": stackKeyArn}, sel["restore_metadata_overrides"], name)
	}
}

func TestBackupOutputs(t *testing.T) {
	for name, s := range backupStacks(t) {
		vName, _ := vault(t, s)
		plan, _ := resourceNamed(t, s, "aws_backup_plan", "backup-plan")
		rtp, _ := resourceNamed(t, s, "aws_backup_restore_testing_plan", "restore-testing-plan")
		assert.Equal(t, ref("aws_backup_vault", vName, "name"), s.output(t, "backup_vault_name"), name)
		assert.Equal(t, ref("aws_backup_vault", vName, "arn"), s.output(t, "backup_vault_arn"), name)
		assert.Equal(t, ref("aws_backup_plan", plan, "id"), s.output(t, "backup_plan_id"), name)
		assert.Equal(t, ref("aws_backup_restore_testing_plan", rtp, "name"), s.output(t, "restore_testing_plan_name"), name)
	}
}

// TestNoBackupWithoutPlan: a stack without a plan (dev) has no backup resource at all,
// and no second provider.
func TestNoBackupWithoutPlan(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		if w.backupPlan {
			return
		}
		for typ := range s.block("resource") {
			assert.False(t, strings.HasPrefix(typ, "aws_backup_"), "stack %s without a plan has %s", name, typ)
		}
		assert.Len(t, s.block("provider")["aws"].([]any), 1, "stack %s: no second provider", name)
	})
	assert.False(t, shipped["dev"].backupPlan, "dev has no plan")
}
