package efs

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// AWS Backup's limits, from the AWS Backup API reference (CreateBackupPlan, BackupRule,
// Lifecycle, PutBackupVaultLockConfiguration, CreateRestoreTestingPlan and
// CreateRestoreTestingSelection).
const (
	maxBackupRules             = 10
	maxBackupNameLen           = 50    // vault, plan, selection, rule and restore testing names
	maxRetentionDays           = 36500 // 100 years
	minStartWindowMinutes      = 60
	minColdStorageDays         = 90 // a recovery point stays at least 90 days in cold storage
	minChangeableForDays       = 3  // AWS enforces a 72-hour cooling-off period
	maxRestoreTestingHours     = 168
	maxRestoreSelectionWindow  = 365
	restoreTestingSelectionMin = 1
)

var (
	// Backup rule names: 1 to 50 letters, digits, hyphens, underscores and dots.
	reBackupRuleName = regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,50}$`)
	// reBackupVaultArn matches a backup vault ARN.
	reBackupVaultArn = regexp.MustCompile(`^arn:` + partitionPattern + `:backup:` + regionPattern +
		`:[0-9]{12}:backup-vault:[a-zA-Z0-9_-]{2,50}$`)

	// The fields of an AWS cron expression: minutes, hours, day-of-month, month,
	// day-of-week, year. Minutes is a single value: AWS Backup runs a rule at most hourly.
	cronFields = []struct {
		name string
		re   *regexp.Regexp
	}{
		{"minutes", regexp.MustCompile(`^[0-5]?[0-9]$`)},
		{"hours", regexp.MustCompile(`^[0-9*,/-]+$`)},
		{"day-of-month", regexp.MustCompile(`^(?:\?|[0-9*,/LW-]+)$`)},
		{"month", regexp.MustCompile(`^[0-9A-Z*,/-]+$`)},
		{"day-of-week", regexp.MustCompile(`^(?:\?|[0-9A-Z*,/L#-]+)$`)},
		{"year", regexp.MustCompile(`^[0-9*,/-]+$`)},
	}
)

// cronProblem returns what is wrong with an AWS cron expression, or "" when it is well
// formed. It checks the shape (six fields, each of its charset, "?" in exactly one of
// day-of-month and day-of-week, one minute), not the calendar.
func cronProblem(expr string) string {
	body, ok := strings.CutPrefix(expr, "cron(")
	if ok {
		body, ok = strings.CutSuffix(body, ")")
	}
	if !ok {
		return `must be an AWS cron expression "cron(minutes hours day-of-month month day-of-week year)" in UTC, e.g. "cron(0 5 ? * * *)"`
	}
	fields := strings.Split(body, " ")
	if len(fields) != len(cronFields) {
		return fmt.Sprintf(`needs 6 fields separated by single spaces inside cron(...), got %d: minutes hours day-of-month month day-of-week year, e.g. "cron(0 5 ? * * *)"`, len(fields))
	}
	for i, f := range cronFields {
		if !f.re.MatchString(fields[i]) {
			if i == 0 {
				return fmt.Sprintf("minutes %q must be a single minute 0 to 59: AWS Backup runs a rule at most once an hour", fields[i])
			}
			return fmt.Sprintf("%s field %q holds characters AWS cron does not accept there", f.name, fields[i])
		}
	}
	if (fields[2] == "?") == (fields[4] == "?") {
		return `needs "?" in exactly one of day-of-month and day-of-week (e.g. "cron(0 5 ? * * *)" daily, "cron(0 5 1 * ? *)" monthly)`
	}
	return ""
}

// checkBackupPlan checks the BackupPlan: its rules, lock, copy destination, restore testing
// and the names derived from ProjectName and Environment.
func checkBackupPlan(c Config, r *fieldReport) {
	p := c.BackupPlan
	if p == nil {
		return
	}
	if c.EnableAutomaticBackups {
		r.add("EnableAutomaticBackups", "true",
			"contradicts BackupPlan: AWS's default plan would keep a second set of daily recovery points of the same data in the default vault, unlocked and paid for twice; set EnableAutomaticBackups to false")
	}
	// Names are only meaningful once ProjectName and Environment are (checkNames).
	if reResourceName.MatchString(c.ProjectName) && reResourceName.MatchString(c.Environment) {
		if n := len(c.BackupName()); n > maxBackupNameLen {
			r.add("BackupPlan", c.BackupName(), fmt.Sprintf(
				"names the backup vault, plan and restore testing plan, which AWS Backup limits to %d characters (got %d): shorten ProjectName or Environment", maxBackupNameLen, n))
		}
	}
	checkBackupRules(p, r)
	checkVaultLock(p, r)
	checkBackupCopy(p, r)
	checkRestoreTesting(p, r)
	checkRestoreCheck(c, r)
	checkBackupEventTargets(c, r)
	if p.ForwardManualRestoreFailures && len(c.AlarmActions) == 0 {
		r.add("BackupPlan.ForwardManualRestoreFailures", "true",
			"needs AlarmActions: the rule forwards failed manual restores to the alarm topics, and without one it would not exist; set AlarmActions or leave it false")
	}
}

// checkBackupEventTargets: with a BackupPlan, EventBridge forwards failed jobs to every
// alarm action, and an EventBridge target of this kind must be an SNS topic (a
// CloudWatch alarm action may also be an EC2 or Systems Manager action).
func checkBackupEventTargets(c Config, r *fieldReport) {
	for i, a := range c.AlarmActions {
		if !IsToken(a) && !strings.Contains(a, ":sns:") {
			r.add(fmt.Sprintf("AlarmActions[%d]", i), a,
				"must be an SNS topic ARN (arn:<partition>:sns:<region>:<account>:<topic>) with a BackupPlan: failed backup, copy and restore jobs are sent to every alarm action")
		}
	}
}

func checkBackupRules(p *BackupPlan, r *fieldReport) {
	if n := len(p.Rules); n > maxBackupRules {
		r.add("BackupPlan.Rules", strconv.Itoa(n), fmt.Sprintf("at most %d rules per plan (got %d)", maxBackupRules, n))
	}
	seen := map[string]int{}
	for i, rule := range p.Rules {
		field := func(name string) string { return fmt.Sprintf("BackupPlan.Rules[%d].%s", i, name) }
		switch j, dup := seen[rule.Name]; {
		case !reBackupRuleName.MatchString(rule.Name):
			r.add(field("Name"), rule.Name, "must be 1 to 50 letters, digits, hyphens, underscores and dots")
		case dup:
			r.add(field("Name"), rule.Name, fmt.Sprintf("duplicate of BackupPlan.Rules[%d].Name: rule names are unique within a plan", j))
		default:
			seen[rule.Name] = i
		}
		if problem := cronProblem(rule.Schedule); problem != "" {
			r.add(field("Schedule"), rule.Schedule, problem)
		}
		start := rule.StartWindowMinutes
		switch {
		case start < 0 || (start > 0 && start < minStartWindowMinutes):
			r.add(field("StartWindowMinutes"), strconv.Itoa(start), fmt.Sprintf(
				"must be 0 (default %d) or at least %d minutes, AWS Backup's minimum", DefaultStartWindowMinutes, minStartWindowMinutes))
		case start == 0:
			start = DefaultStartWindowMinutes
		}
		switch completion := rule.CompletionWindowMinutes; {
		case completion < 0:
			r.add(field("CompletionWindowMinutes"), strconv.Itoa(completion), fmt.Sprintf(
				"must be 0 (default %d) or a number of minutes longer than the start window", DefaultCompletionWindowMinutes))
		case completion > 0 && completion <= start:
			r.add(field("CompletionWindowMinutes"), strconv.Itoa(completion), fmt.Sprintf(
				"must be longer than the start window (%d minutes): both count from the scheduled time, so a job could never finish", start))
		}
		cold := rule.ColdStorageAfterDays
		if cold < 0 || cold > maxRetentionDays {
			r.add(field("ColdStorageAfterDays"), strconv.Itoa(cold), fmt.Sprintf(
				"must be 0 (warm storage only) or 1 to %d days", maxRetentionDays))
		}
		switch del := rule.DeleteAfterDays; {
		case del < 1 || del > maxRetentionDays:
			r.add(field("DeleteAfterDays"), strconv.Itoa(del), fmt.Sprintf(
				"required: 1 to %d days (AWS Backup keeps a recovery point at most 100 years)", maxRetentionDays))
		case cold > 0 && del < cold+minColdStorageDays:
			r.add(field("DeleteAfterDays"), strconv.Itoa(del), fmt.Sprintf(
				"must be at least ColdStorageAfterDays + %d = %d: a recovery point stays at least %d days in cold storage", minColdStorageDays, cold+minColdStorageDays, minColdStorageDays))
		}
	}
}

// validRetention reports whether every rule has a valid retention, so that the lock's
// bounds can be compared with them.
func validRetention(p *BackupPlan) bool {
	for _, rule := range p.RulesOrDefault() {
		if rule.DeleteAfterDays < 1 || rule.DeleteAfterDays > maxRetentionDays {
			return false
		}
	}
	return true
}

func checkVaultLock(p *BackupPlan, r *fieldReport) {
	l := p.Lock
	inRange := func(field string, v int) bool {
		if v < 0 || v > maxRetentionDays {
			r.add("BackupPlan.Lock."+field, strconv.Itoa(v), fmt.Sprintf(
				"must be 0 (the rules' retention) or 1 to %d days", maxRetentionDays))
			return false
		}
		return true
	}
	minOK := inRange("MinRetentionDays", l.MinRetentionDays)
	maxOK := inRange("MaxRetentionDays", l.MaxRetentionDays)
	if c := l.ChangeableForDays; c != 0 && (c < minChangeableForDays || c > maxRetentionDays) {
		r.add("BackupPlan.Lock.ChangeableForDays", strconv.Itoa(c), fmt.Sprintf(
			"must be 0 (governance mode) or %d to %d days (compliance mode: AWS enforces a 72-hour cooling-off period)", minChangeableForDays, maxRetentionDays))
	}
	if !minOK || !maxOK || !validRetention(p) {
		return
	}
	shortest, longest := p.retentionBounds()
	eff := p.LockOrDefault()
	switch {
	case eff.MinRetentionDays > shortest:
		r.add("BackupPlan.Lock.MinRetentionDays", strconv.Itoa(l.MinRetentionDays), fmt.Sprintf(
			"must be at most the shortest rule retention (%d days): the vault would fail every backup kept for less than its minimum", shortest))
	case eff.MaxRetentionDays < longest:
		r.add("BackupPlan.Lock.MaxRetentionDays", strconv.Itoa(l.MaxRetentionDays), fmt.Sprintf(
			"must be at least the longest rule retention (%d days): the vault would fail every backup kept for longer than its maximum", longest))
	case eff.MinRetentionDays > eff.MaxRetentionDays:
		r.add("BackupPlan.Lock.MinRetentionDays", strconv.Itoa(l.MinRetentionDays), fmt.Sprintf(
			"must not exceed MaxRetentionDays (%d)", eff.MaxRetentionDays))
	}
}

func checkBackupCopy(p *BackupPlan, r *fieldReport) {
	v := p.CopyDestinationVaultArn
	if v == "" || IsToken(v) || reBackupVaultArn.MatchString(v) {
		return
	}
	r.add("BackupPlan.CopyDestinationVaultArn", v,
		"must be empty (no copy), a backup vault ARN arn:<partition>:backup:<region>:<account>:backup-vault:<name> in another region, or a Terraform reference")
}

func checkRestoreTesting(p *BackupPlan, r *fieldReport) {
	t := p.RestoreTesting
	const prefix = "BackupPlan.RestoreTesting."
	if t.Schedule != "" {
		if problem := cronProblem(t.Schedule); problem != "" {
			r.add(prefix+"Schedule", t.Schedule, problem)
		}
	}
	bounded := func(field string, v, upper, def int, unit string) {
		if v < 0 || v > upper {
			r.add(prefix+field, strconv.Itoa(v), fmt.Sprintf("must be 0 (default %d) or %d to %d %s", def, restoreTestingSelectionMin, upper, unit))
		}
	}
	bounded("StartWindowHours", t.StartWindowHours, maxRestoreTestingHours, DefaultRestoreTestingStartWindowHours, "hours")
	bounded("SelectionWindowDays", t.SelectionWindowDays, maxRestoreSelectionWindow, DefaultRestoreTestingSelectionWindowDays, "days")
	bounded("ValidationWindowHours", t.ValidationWindowHours, maxRestoreTestingHours, DefaultRestoreTestingValidationWindowHours, "hours")
}
