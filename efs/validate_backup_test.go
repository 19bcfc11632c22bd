package efs

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// backupConfig is validConfig with the construct's backup plan in place of AWS's default
// plan, every BackupPlan field set to a valid literal.
func backupConfig() Config {
	c := validConfig()
	c.EnableAutomaticBackups = false
	c.BackupPlan = &BackupPlan{
		Rules: []BackupRule{
			{Name: "daily", Schedule: "cron(0 5 ? * * *)", DeleteAfterDays: 35},
			{Name: "monthly", Schedule: "cron(30 5 1 * ? *)", StartWindowMinutes: 120, CompletionWindowMinutes: 2880,
				DeleteAfterDays: 400, ColdStorageAfterDays: 30},
		},
		Lock:                    VaultLock{MinRetentionDays: 7, MaxRetentionDays: 3650, ChangeableForDays: 3},
		CopyDestinationVaultArn: "arn:aws:backup:us-west-2:123456789012:backup-vault:kafka-copy",
		RestoreTesting:          RestoreTesting{Schedule: "cron(30 8 20 * ? *)", StartWindowHours: 168, SelectionWindowDays: 365, ValidationWindowHours: 1},
	}
	return c
}

func TestValidateBackupPlanValid(t *testing.T) {
	tests := map[string]func(*Config){
		"every field set": func(*Config) {},
		// Without AlarmActions there is no monthly check to schedule after the test.
		"restore test on a weekday without alarm actions": func(c *Config) {
			c.BackupPlan.RestoreTesting.Schedule = "cron(0 8 ? * MON#1 *)"
			c.AlarmActions, c.CreateCloudwatchAlarms = nil, false
		},
		"defaults":          func(c *Config) { c.BackupPlan = &BackupPlan{} },
		"dev with a plan":   func(c *Config) { c.Environment = "dev" },
		"copy by reference": func(c *Config) { c.BackupPlan.CopyDestinationVaultArn = "${TfToken[TOKEN.9]}" },
		"GovCloud copy": func(c *Config) {
			c.BackupPlan.CopyDestinationVaultArn = "arn:aws-us-gov:backup:us-gov-east-1:123456789012:backup-vault:kafka_copy"
		},
		"lock bounds equal to the rules": func(c *Config) {
			c.BackupPlan.Lock = VaultLock{MinRetentionDays: 35, MaxRetentionDays: 400}
		},
		"compliance for 100 years": func(c *Config) { c.BackupPlan.Lock.ChangeableForDays = 36500 },
		"ten rules": func(c *Config) {
			c.BackupPlan.Rules = nil
			for i := range 10 {
				c.BackupPlan.Rules = append(c.BackupPlan.Rules, BackupRule{
					Name: "r" + string(rune('a'+i)), Schedule: "cron(0 " + string(rune('0'+i)) + " * * ? *)", DeleteAfterDays: 35,
				})
			}
		},
		"cold storage exactly 90 days": func(c *Config) {
			c.BackupPlan.Rules[1].ColdStorageAfterDays, c.BackupPlan.Rules[1].DeleteAfterDays = 1, 91
			c.BackupPlan.Lock.MaxRetentionDays = 0
		},
		"cron with ranges, lists, steps and names": func(c *Config) {
			c.BackupPlan.Rules[0].Schedule = "cron(15 0/6 ? JAN-JUN,DEC MON-FRI 2026-2030)"
		},
		"cron last day of month": func(c *Config) { c.BackupPlan.Rules[1].Schedule = "cron(0 3 L * ? *)" },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			c := backupConfig()
			mutate(&c)
			assert.NoError(t, c.Validate())
		})
	}
}

func TestValidateBackupPlanRules(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Config)
		field  string
		value  string
	}{
		{"plan beside the default plan", func(c *Config) { c.EnableAutomaticBackups = true }, "EnableAutomaticBackups", "true"},
		{"names over 50 characters", func(c *Config) {
			c.ProjectName = strings.Repeat("k", 30)
			c.Environment = "prod-eu-west-1-b" // 51 characters with "-efs"
		}, "BackupPlan", strings.Repeat("k", 30) + "-prod-eu-west-1-b-efs"},
		{"eleven rules", func(c *Config) {
			c.BackupPlan.Rules = nil
			for i := range 11 {
				c.BackupPlan.Rules = append(c.BackupPlan.Rules, BackupRule{Name: "r" + string(rune('a'+i)), Schedule: "cron(0 5 ? * * *)", DeleteAfterDays: 35})
			}
		}, "BackupPlan.Rules", "11"},
		{"rule name charset", func(c *Config) { c.BackupPlan.Rules[0].Name = "daily backup" }, "BackupPlan.Rules[0].Name", "daily backup"},
		{"rule name empty", func(c *Config) { c.BackupPlan.Rules[0].Name = "" }, "BackupPlan.Rules[0].Name", ""},
		{"rule name duplicate", func(c *Config) { c.BackupPlan.Rules[1].Name = "daily" }, "BackupPlan.Rules[1].Name", "daily"},
		{"schedule not cron", func(c *Config) { c.BackupPlan.Rules[0].Schedule = "rate(1 day)" }, "BackupPlan.Rules[0].Schedule", "rate(1 day)"},
		{"schedule empty", func(c *Config) { c.BackupPlan.Rules[0].Schedule = "" }, "BackupPlan.Rules[0].Schedule", ""},
		{"schedule five fields", func(c *Config) { c.BackupPlan.Rules[0].Schedule = "cron(0 5 * * ?)" }, "BackupPlan.Rules[0].Schedule", "cron(0 5 * * ?)"},
		{"schedule both days", func(c *Config) { c.BackupPlan.Rules[0].Schedule = "cron(0 5 * * * *)" }, "BackupPlan.Rules[0].Schedule", "cron(0 5 * * * *)"},
		{"schedule no ?", func(c *Config) { c.BackupPlan.Rules[0].Schedule = "cron(0 5 1 * MON *)" }, "BackupPlan.Rules[0].Schedule", "cron(0 5 1 * MON *)"},
		{"schedule every minute", func(c *Config) { c.BackupPlan.Rules[0].Schedule = "cron(* 5 ? * * *)" }, "BackupPlan.Rules[0].Schedule", "cron(* 5 ? * * *)"},
		{"schedule minute 60", func(c *Config) { c.BackupPlan.Rules[0].Schedule = "cron(60 5 ? * * *)" }, "BackupPlan.Rules[0].Schedule", "cron(60 5 ? * * *)"},
		{"schedule bad hours", func(c *Config) { c.BackupPlan.Rules[0].Schedule = "cron(0 five ? * * *)" }, "BackupPlan.Rules[0].Schedule", "cron(0 five ? * * *)"},
		{"schedule double space", func(c *Config) { c.BackupPlan.Rules[0].Schedule = "cron(0  5 ? * * *)" }, "BackupPlan.Rules[0].Schedule", "cron(0  5 ? * * *)"},
		{"start window under an hour", func(c *Config) { c.BackupPlan.Rules[0].StartWindowMinutes = 59 }, "BackupPlan.Rules[0].StartWindowMinutes", "59"},
		{"start window negative", func(c *Config) { c.BackupPlan.Rules[0].StartWindowMinutes = -60 }, "BackupPlan.Rules[0].StartWindowMinutes", "-60"},
		{"completion within start", func(c *Config) { c.BackupPlan.Rules[1].CompletionWindowMinutes = 120 }, "BackupPlan.Rules[1].CompletionWindowMinutes", "120"},
		{"completion within default start", func(c *Config) { c.BackupPlan.Rules[0].CompletionWindowMinutes = 60 }, "BackupPlan.Rules[0].CompletionWindowMinutes", "60"},
		{"completion negative", func(c *Config) { c.BackupPlan.Rules[0].CompletionWindowMinutes = -1 }, "BackupPlan.Rules[0].CompletionWindowMinutes", "-1"},
		{"retention missing", func(c *Config) { c.BackupPlan.Rules[0].DeleteAfterDays = 0 }, "BackupPlan.Rules[0].DeleteAfterDays", "0"},
		{"retention negative", func(c *Config) { c.BackupPlan.Rules[0].DeleteAfterDays = -35 }, "BackupPlan.Rules[0].DeleteAfterDays", "-35"},
		{"retention over 100 years", func(c *Config) { c.BackupPlan.Rules[1].DeleteAfterDays = 36501 }, "BackupPlan.Rules[1].DeleteAfterDays", "36501"},
		{"cold storage under 90 days", func(c *Config) { c.BackupPlan.Rules[1].DeleteAfterDays = 119 }, "BackupPlan.Rules[1].DeleteAfterDays", "119"},
		{"cold storage negative", func(c *Config) { c.BackupPlan.Rules[1].ColdStorageAfterDays = -1 }, "BackupPlan.Rules[1].ColdStorageAfterDays", "-1"},
		{"lock min above shortest rule", func(c *Config) { c.BackupPlan.Lock.MinRetentionDays = 36 }, "BackupPlan.Lock.MinRetentionDays", "36"},
		{"lock max below longest rule", func(c *Config) { c.BackupPlan.Lock.MaxRetentionDays = 399 }, "BackupPlan.Lock.MaxRetentionDays", "399"},
		{"lock min above max", func(c *Config) {
			c.BackupPlan.Rules = []BackupRule{{Name: "daily", Schedule: "cron(0 5 ? * * *)", DeleteAfterDays: 35}}
			c.BackupPlan.Lock = VaultLock{MinRetentionDays: 30, MaxRetentionDays: 20}
		}, "BackupPlan.Lock.MaxRetentionDays", "20"},
		{"lock min negative", func(c *Config) { c.BackupPlan.Lock.MinRetentionDays = -1 }, "BackupPlan.Lock.MinRetentionDays", "-1"},
		{"lock max over 100 years", func(c *Config) { c.BackupPlan.Lock.MaxRetentionDays = 36501 }, "BackupPlan.Lock.MaxRetentionDays", "36501"},
		{"compliance under 72 hours", func(c *Config) { c.BackupPlan.Lock.ChangeableForDays = 2 }, "BackupPlan.Lock.ChangeableForDays", "2"},
		{"compliance negative", func(c *Config) { c.BackupPlan.Lock.ChangeableForDays = -3 }, "BackupPlan.Lock.ChangeableForDays", "-3"},
		{"copy to a bucket", func(c *Config) { c.BackupPlan.CopyDestinationVaultArn = "arn:aws:s3:::kafka-copy" }, "BackupPlan.CopyDestinationVaultArn", "arn:aws:s3:::kafka-copy"},
		{"copy to a vault name", func(c *Config) { c.BackupPlan.CopyDestinationVaultArn = "kafka-copy" }, "BackupPlan.CopyDestinationVaultArn", "kafka-copy"},
		{"restore test schedule", func(c *Config) { c.BackupPlan.RestoreTesting.Schedule = "monthly" }, "BackupPlan.RestoreTesting.Schedule", "monthly"},
		{"restore test on a weekday with alarm actions", func(c *Config) { c.BackupPlan.RestoreTesting.Schedule = "cron(0 8 ? * MON#1 *)" }, "BackupPlan.RestoreTesting.Schedule", "cron(0 8 ? * MON#1 *)"},
		{"restore test every hour with alarm actions", func(c *Config) { c.BackupPlan.RestoreTesting.Schedule = "cron(0 * 2 * ? *)" }, "BackupPlan.RestoreTesting.Schedule", "cron(0 * 2 * ? *)"},
		{"restore check past day 28", func(c *Config) { c.BackupPlan.RestoreTesting.Schedule = "cron(30 8 21 * ? *)" }, "BackupPlan.RestoreTesting.Schedule", "cron(30 8 21 * ? *)"},
		{"restore test start window over a week", func(c *Config) { c.BackupPlan.RestoreTesting.StartWindowHours = 169 }, "BackupPlan.RestoreTesting.StartWindowHours", "169"},
		{"restore test selection window over a year", func(c *Config) { c.BackupPlan.RestoreTesting.SelectionWindowDays = 366 }, "BackupPlan.RestoreTesting.SelectionWindowDays", "366"},
		{"restore test validation window over a week", func(c *Config) { c.BackupPlan.RestoreTesting.ValidationWindowHours = 169 }, "BackupPlan.RestoreTesting.ValidationWindowHours", "169"},
		{"restore test validation window negative", func(c *Config) { c.BackupPlan.RestoreTesting.ValidationWindowHours = -1 }, "BackupPlan.RestoreTesting.ValidationWindowHours", "-1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := backupConfig()
			tc.mutate(&c)
			err := c.Validate()
			require.Error(t, err)
			var found *FieldError
			for _, fe := range fieldErrorsOf(t, err) {
				if fe.Field == tc.field && fe.Value == tc.value {
					found = fe
				}
			}
			require.NotNil(t, found, "no error on %s = %q in:\n%v", tc.field, tc.value, err)
			assert.NotContains(t, found.Error(), "\n")
		})
	}
}

// TestValidateBackupPlanReportsEverything: every problem at once, in struct order, each
// naming its field; the lock is not compared with rules whose retention is itself wrong.
func TestValidateBackupPlanReportsEverything(t *testing.T) {
	c := backupConfig()
	c.EnableAutomaticBackups = true
	c.BackupPlan.Rules[0].Schedule = "cron(0 5 * * * *)"
	c.BackupPlan.Rules[1].DeleteAfterDays = 0
	c.BackupPlan.Lock.ChangeableForDays = 1
	c.BackupPlan.CopyDestinationVaultArn = "nope"
	c.BackupPlan.RestoreTesting.ValidationWindowHours = 500
	c.LogRetentionDays = 2
	assert.Equal(t, []string{
		"EnableAutomaticBackups",
		"BackupPlan.Rules[0].Schedule",
		"BackupPlan.Rules[1].DeleteAfterDays",
		"BackupPlan.Lock.ChangeableForDays",
		"BackupPlan.CopyDestinationVaultArn",
		"BackupPlan.RestoreTesting.ValidationWindowHours",
		"LogRetentionDays",
	}, fieldsOf(fieldErrorsOf(t, c.Validate())))
}

// TestProductionNeedsABackup: production passes with either AWS's default plan or a
// BackupPlan, and is refused with neither.
func TestProductionNeedsABackup(t *testing.T) {
	c := backupConfig()
	require.NoError(t, c.Validate(), "BackupPlan alone")
	c.BackupPlan = nil
	c.EnableAutomaticBackups = true
	require.NoError(t, c.Validate(), "EnableAutomaticBackups alone")
	c.EnableAutomaticBackups = false
	assert.Equal(t, []string{"EnableAutomaticBackups"}, fieldsOf(fieldErrorsOf(t, c.Validate())))
}

func TestBackupPlanDefaults(t *testing.T) {
	p := BackupPlan{}
	rules := p.RulesOrDefault()
	require.Len(t, rules, 2)
	assert.Equal(t, BackupRule{Name: "daily", Schedule: "cron(0 5 ? * * *)", StartWindowMinutes: 60, CompletionWindowMinutes: 1440, DeleteAfterDays: 35}, rules[0])
	assert.Equal(t, BackupRule{Name: "monthly", Schedule: "cron(0 5 1 * ? *)", StartWindowMinutes: 60, CompletionWindowMinutes: 1440, DeleteAfterDays: 365}, rules[1])
	// Governance mode, bounded by the rules.
	assert.Equal(t, VaultLock{MinRetentionDays: 35, MaxRetentionDays: 365}, p.LockOrDefault())
	assert.Equal(t, RestoreTesting{Schedule: "cron(0 8 2 * ? *)", StartWindowHours: 24, SelectionWindowDays: 7, ValidationWindowHours: 1}, p.RestoreTestingOrDefault())
	for _, r := range rules {
		assert.Empty(t, cronProblem(r.Schedule), r.Name)
	}
	assert.Empty(t, cronProblem(DefaultRestoreTestingSchedule))
}

// TestBackupNames: the derived names fit AWS Backup's charsets for the longest names
// Validate accepts.
func TestBackupNames(t *testing.T) {
	c := Config{ProjectName: "confluent-kafka", Environment: "prod-high-performance"}
	assert.Equal(t, "confluent-kafka-prod-high-performance-efs", c.BackupName())
	assert.Equal(t, "confluent_kafka_prod_high_performance_efs", c.RestoreTestingPlanName())
	assert.Equal(t, "confluent-kafka-prod-high-performance-efs-copy", c.BackupCopyVaultName())
	// Restore testing names: letters, digits and underscores only, at most 50.
	restoreTestingName := regexp.MustCompile(`^[a-zA-Z0-9_]{1,50}$`)
	assert.Regexp(t, restoreTestingName, c.RestoreTestingPlanName())
	assert.Regexp(t, restoreTestingName, RestoreTestingSelectionName)
	// Vault names: 2 to 50 letters, digits, hyphens and underscores.
	assert.Regexp(t, `^[a-zA-Z0-9_-]{2,50}$`, c.BackupName())
}

// TestManualRestoreFailuresNeedATopic: the account-wide manual restore rule forwards to
// AlarmActions; asking for it without any is refused, naming the field.
func TestManualRestoreFailuresNeedATopic(t *testing.T) {
	c := validConfig()
	c.BackupPlan, c.EnableAutomaticBackups = &BackupPlan{ForwardManualRestoreFailures: true}, false
	c.AlarmActions, c.CreateCloudwatchAlarms = nil, false
	err := c.Validate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "BackupPlan.ForwardManualRestoreFailures")
	c.AlarmActions, c.CreateCloudwatchAlarms = []string{"arn:aws:sns:us-east-1:123456789012:alerts"}, true
	assert.NoError(t, c.Validate())
}
