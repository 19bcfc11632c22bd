package efs

import "strings"

// BackupPlan is the construct's own AWS Backup plan for the file system: a vault encrypted
// with the Config's key and locked against early deletion, the rules that fill it, an
// optional copy to a vault in another region, and a monthly restore test. A zero value
// means every default below.
//
// It replaces aws_efs_backup_policy (EnableAutomaticBackups), whose AWS default plan can
// be neither changed, locked nor encrypted with our key: Validate refuses both together,
// since each would keep its own daily recovery points of the same data.
type BackupPlan struct {
	// Rules are the backup rules, each its own schedule and retention. Empty means
	// DefaultBackupRules(): daily kept 35 days, monthly kept 365 days. At most 10 rules.
	Rules []BackupRule

	// Lock is the vault lock. Its zero value is a governance-mode lock whose bounds are the
	// rules' shortest and longest retention.
	Lock VaultLock

	// CopyDestinationVaultArn, when set, copies every recovery point to that backup vault
	// (arn:<partition>:backup:<region>:<account>:backup-vault:<name>), kept as long as in
	// this vault. The vault must be in another region for the copy to survive a regional
	// outage; the construct does not know its own region, so whoever creates it checks
	// that (the stacks do, in stacks.Check). A Terraform reference is fine. Default empty:
	// no copy.
	CopyDestinationVaultArn string

	// RestoreTesting schedules AWS Backup restore tests of the file system's latest
	// recovery point. Its zero value is a monthly test with DefaultRestoreTesting's values.
	RestoreTesting RestoreTesting

	// ForwardManualRestoreFailures adds the account-wide rule that forwards every failed
	// EFS restore outside any restore testing plan (a person's restore) of the account
	// and region to AlarmActions. One stack per account and region at most may set it,
	// or each failure pages twice (the stacks refuse two: KAFKA_EFS_MANUAL_RESTORE_ALERTS).
	// Default false.
	ForwardManualRestoreFailures bool
}

// BackupRule is one rule of a BackupPlan.
type BackupRule struct {
	// Name is the rule's name: 1 to 50 letters, digits, hyphens, underscores and dots.
	Name string
	// Schedule is when the rule runs, an AWS cron expression in UTC with six fields:
	// "cron(minutes hours day-of-month month day-of-week year)", with "?" in exactly one of
	// day-of-month and day-of-week, and a single minute (AWS Backup runs a rule at most
	// hourly). Example: "cron(0 5 ? * * *)" daily at 05:00 UTC.
	Schedule string
	// StartWindowMinutes is how long after the scheduled time a job may still start before
	// AWS Backup cancels it: at least 60 (AWS's minimum). 0 means DefaultStartWindowMinutes.
	StartWindowMinutes int
	// CompletionWindowMinutes is how long after the scheduled time a started job may run
	// before AWS Backup cancels it; it counts from the scheduled time, so it must exceed
	// the start window. 0 means DefaultCompletionWindowMinutes.
	CompletionWindowMinutes int
	// DeleteAfterDays is how long AWS Backup keeps each recovery point, in days: 1 to
	// 36500, and at least ColdStorageAfterDays + 90. Required.
	DeleteAfterDays int
	// ColdStorageAfterDays moves recovery points to cold storage that many days after
	// creation; 0 (the default) keeps them in warm storage. Cold storage costs less per
	// GB-month but keeps each point at least 90 days and restores slower and dearer.
	ColdStorageAfterDays int
}

// VaultLock is the AWS Backup Vault Lock of the construct's vault. While it is in force,
// nobody (root included) can delete a recovery point before MinRetentionDays, and a backup
// or copy job whose retention falls outside [MinRetentionDays, MaxRetentionDays] fails.
type VaultLock struct {
	// MinRetentionDays is the shortest retention a recovery point may have: 1 to 36500,
	// at most the shortest rule's DeleteAfterDays. 0 means that shortest retention.
	MinRetentionDays int
	// MaxRetentionDays is the longest retention a recovery point may have: at least
	// MinRetentionDays and the longest rule's DeleteAfterDays, at most 36500. 0 means that
	// longest retention.
	MaxRetentionDays int
	// ChangeableForDays chooses the mode. 0 (the default) is governance mode: the lock
	// holds against everyone without backup:DeleteBackupVaultLockConfiguration and can be
	// removed or changed by someone with it. 3 to 36500 is compliance mode: the lock can be
	// changed or removed only during those days (AWS enforces at least 72 hours); after
	// them it is immutable for good, and the vault and its recovery points can no longer be
	// deleted early by anyone, AWS support included.
	ChangeableForDays int
}

// RestoreTesting is the AWS Backup restore testing plan of the file system: on schedule AWS
// Backup restores the latest recovery point of the construct's vault into a new file
// system, reports whether the restore succeeded, keeps the copy for the validation window
// and deletes it.
type RestoreTesting struct {
	// Schedule is when a test starts, an AWS cron expression in UTC (see
	// BackupRule.Schedule). Empty means DefaultRestoreTestingSchedule, monthly. With
	// AlarmActions it must be monthly, "cron(M H D * ? *)" with D 1 to 28, so that the
	// check that the test completed (restorecheck.go), StartWindowHours +
	// RestoreCheckGraceHours later, falls on day 28 at the latest.
	Schedule string
	// StartWindowHours is how long after the scheduled time the test may start: 1 to 168.
	// 0 means DefaultRestoreTestingStartWindowHours.
	StartWindowHours int
	// SelectionWindowDays is how recent the tested recovery point must be, in days: 1 to
	// 365. 0 means DefaultRestoreTestingSelectionWindowDays.
	SelectionWindowDays int
	// ValidationWindowHours is how long the restored file system is kept for validation
	// before AWS Backup deletes it: 1 to 168 hours. 0 means
	// DefaultRestoreTestingValidationWindowHours, or ValidatedRestoreTestingValidationWindowHours
	// with Validator. The copy bills as a file system of its own while it is kept.
	ValidationWindowHours int
	// Validator says that something reports each test's result with
	// PutRestoreValidationResult (docs/backups.md, "Validate the restored data"): it
	// needs the window to read the copy. Without one, nothing reads the copy and an hour
	// is enough. Default false.
	Validator bool
}

// Defaults of a BackupPlan.
const (
	// DefaultStartWindowMinutes is AWS Backup's minimum start window: a job that has not
	// started an hour after its scheduled time is cancelled and shows as EXPIRED.
	DefaultStartWindowMinutes = 60
	// DefaultCompletionWindowMinutes lets a backup run for a day, so a daily backup never
	// overlaps the next one.
	DefaultCompletionWindowMinutes = 24 * 60

	// DefaultRestoreTestingSchedule tests on the 2nd of every month at 08:00 UTC, after
	// that day's 05:00 backup.
	DefaultRestoreTestingSchedule            = "cron(0 8 2 * ? *)"
	DefaultRestoreTestingStartWindowHours    = 24
	DefaultRestoreTestingSelectionWindowDays = 7
	// DefaultRestoreTestingValidationWindowHours keeps the restored copy an hour, AWS's
	// minimum: without a Validator nothing reads it, and each hour kept bills a copy.
	DefaultRestoreTestingValidationWindowHours = 1
	// ValidatedRestoreTestingValidationWindowHours leaves a Validator a day.
	ValidatedRestoreTestingValidationWindowHours = 24
)

// DefaultBackupRules are the rules of a BackupPlan without Rules: a daily backup kept 35
// days (what the AWS default plan keeps) and a monthly one kept a year, both at 05:00 UTC,
// in warm storage.
func DefaultBackupRules() []BackupRule {
	return []BackupRule{
		{Name: "daily", Schedule: "cron(0 5 ? * * *)", DeleteAfterDays: 35},
		{Name: "monthly", Schedule: "cron(0 5 1 * ? *)", DeleteAfterDays: 365},
	}
}

// RulesOrDefault returns the rules with the defaults applied.
func (p BackupPlan) RulesOrDefault() []BackupRule {
	rules := p.Rules
	if len(rules) == 0 {
		rules = DefaultBackupRules()
	}
	out := make([]BackupRule, len(rules))
	for i, r := range rules {
		if r.StartWindowMinutes == 0 {
			r.StartWindowMinutes = DefaultStartWindowMinutes
		}
		if r.CompletionWindowMinutes == 0 {
			r.CompletionWindowMinutes = DefaultCompletionWindowMinutes
		}
		out[i] = r
	}
	return out
}

// retentionBounds returns the shortest and longest DeleteAfterDays of the rules.
func (p BackupPlan) retentionBounds() (shortest, longest int) {
	for i, r := range p.RulesOrDefault() {
		if i == 0 || r.DeleteAfterDays < shortest {
			shortest = r.DeleteAfterDays
		}
		if r.DeleteAfterDays > longest {
			longest = r.DeleteAfterDays
		}
	}
	return shortest, longest
}

// LockOrDefault returns the vault lock with its defaults applied.
func (p BackupPlan) LockOrDefault() VaultLock {
	l := p.Lock
	shortest, longest := p.retentionBounds()
	if l.MinRetentionDays == 0 {
		l.MinRetentionDays = shortest
	}
	if l.MaxRetentionDays == 0 {
		l.MaxRetentionDays = longest
	}
	return l
}

// RestoreTestingOrDefault returns the restore testing settings with their defaults applied.
func (p BackupPlan) RestoreTestingOrDefault() RestoreTesting {
	t := p.RestoreTesting
	if t.Schedule == "" {
		t.Schedule = DefaultRestoreTestingSchedule
	}
	if t.StartWindowHours == 0 {
		t.StartWindowHours = DefaultRestoreTestingStartWindowHours
	}
	if t.SelectionWindowDays == 0 {
		t.SelectionWindowDays = DefaultRestoreTestingSelectionWindowDays
	}
	if t.ValidationWindowHours == 0 {
		t.ValidationWindowHours = DefaultRestoreTestingValidationWindowHours
		if t.Validator {
			t.ValidationWindowHours = ValidatedRestoreTestingValidationWindowHours
		}
	}
	return t
}

// BackupName names the backup vault, plan and selection: "<project>-<environment>-efs".
// AWS Backup allows 50 characters.
func (c Config) BackupName() string { return c.Name() + "-efs" }

// RestoreTestingPlanName names the restore testing plan: BackupName with underscores for
// hyphens, as restore testing names allow only letters, digits and underscores.
func (c Config) RestoreTestingPlanName() string {
	return strings.ReplaceAll(c.BackupName(), "-", "_")
}

// RestoreTestingSelectionName names the restore testing selection of the file system
// within its plan: letters, digits and underscores only, like the plan's name.
const RestoreTestingSelectionName = "file_system"

// BackupCopyVaultName names the vault that receives the copies in the other region.
func (c Config) BackupCopyVaultName() string { return c.BackupName() + "-copy" }

// Fixed values of the restore testing plan and selection.
const (
	// RestoreTestingAlgorithm picks the newest recovery point within the selection window.
	RestoreTestingAlgorithm = "LATEST_WITHIN_WINDOW"
	// EFS backups are snapshots; EFS has no continuous (point-in-time) recovery points.
	RestoreTestingRecoveryPointType = "SNAPSHOT"
	// RestoreTestingResourceType is the protected resource type AWS Backup names EFS by.
	RestoreTestingResourceType = "EFS"
	// RestoreMetadataKmsKeyID is the restore metadata key of the restored file system's
	// KMS key (restore metadata keys are case-insensitive).
	RestoreMetadataKmsKeyID = "kmsKeyId"
)

// VaultKmsKeyArn returns the key of the construct's vaults: KmsKeyID, unless empty or a
// literal alias ARN (a vault takes key ARNs only), in which case AWS Backup's own key.
func (c Config) VaultKmsKeyArn() string {
	if IsKmsAliasArn(c.KmsKeyID) {
		return ""
	}
	return c.KmsKeyID
}
