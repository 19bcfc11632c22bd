package efs

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// FieldError is one violated rule: the Config field, the value given, and what is allowed.
//
// Field starts with the Go name of the Config field; an element of a list or map is
// named like Go code does (PrivateSubnetIDs[1], Tags["team"]). Value is the string form
// of what was given. Allowed says what the field accepts and, where it helps, what to do.
type FieldError struct {
	Field   string
	Value   string
	Allowed string
}

// Error renders the rule on one line: `<Field> = "<value>": <allowed>`. The value is
// quoted with %q, so control characters and line breaks in user input come out escaped.
func (e *FieldError) Error() string {
	return fmt.Sprintf("%s = %q: %s", singleLine(e.Field), e.Value, singleLine(e.Allowed))
}

// singleLine is a guard for text the package writes itself (field names, rules): it
// never holds raw user input, but a report that is grepped line by line must stay so.
func singleLine(s string) string { return lineBreaks.Replace(s) }

var lineBreaks = strings.NewReplacer("\r", `\r`, "\n", `\n`)

// Validate checks the Config against AWS's and the provider's constraints and against the
// module's own guardrails, without touching jsii or the network. It returns nil when the
// Config is valid; otherwise errors.Join of one *FieldError per violation, every one of
// them, ordered by the Config field they name (struct order).
//
// Literal values are checked in full. Values that are cdktf tokens (see IsToken) are only
// known when Terraform runs; their format is left to the variables' validation blocks.
// ProjectName, Environment and the enumerated modes must be literals: names, the
// production guardrail and the mode-dependent resources are decided at synth time.
func (c Config) Validate() error {
	var r fieldReport
	for _, check := range configChecks {
		check(c, &r)
	}
	// Checks that span fields are grouped by subject; sorting once keeps the report in
	// struct order however the table is arranged. The sort is stable, so one field's
	// errors keep the order in which they were found.
	slices.SortStableFunc(r, func(a, b *FieldError) int {
		return cmp.Compare(configFieldPosition(a.Field), configFieldPosition(b.Field))
	})
	errs := make([]error, len(r))
	for i, e := range r {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// fieldReport collects the violations found by the checks.
type fieldReport []*FieldError

func (r *fieldReport) add(field, value, allowed string) {
	*r = append(*r, &FieldError{Field: field, Value: value, Allowed: allowed})
}

// configChecks are the rules, one function per subject, roughly in struct order.
var configChecks = []func(Config, *fieldReport){
	checkNames,
	checkVpcID,
	checkPrivateSubnetIDs,
	checkEksNodeSecurityGroupID,
	checkEncryption,
	checkPerformanceMode,
	checkThroughputMode,
	checkProvisionedThroughput,
	checkTransitionToIA,
	checkTransitionToPrimaryStorageClass,
	checkTransitionToArchive,
	checkSmokeTestImage,
	checkAutomaticBackups,
	checkBackupPlan,
	checkAlarms,
	checkAlarmTunings,
	checkRunbookBaseURL,
	checkLogRetentionDays,
	checkAdditionalSourceSecurityGroupIDs,
	checkFileSystemPolicy,
	checkClientRoleArns,
	checkNodeRoleArn,
	checkAllowAnyPrincipal,
	checkKubernetesNamespace,
	checkReplicationRegion,
	checkTags,
	checkListTokens,
}

// configFieldOrder maps each Config field name to its position in the struct.
var configFieldOrder = func() map[string]int {
	t := reflect.TypeFor[Config]()
	order := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		order[t.Field(i).Name] = i
	}
	return order
}()

// configFieldPosition returns the struct position of the field a FieldError.Field names
// ("Tags" for `Tags["x"]`, "BackupPlan" for "BackupPlan.Rules[0].Name", "IOLimitAlarm" for "IOLimitAlarm.Threshold"); unknown names
// sort last.
func configFieldPosition(field string) int {
	if i, ok := configFieldOrder[configFieldName(field)]; ok {
		return i
	}
	return len(configFieldOrder)
}

// configFieldName returns the Config field a FieldError.Field starts with: the part before
// the first "[" or ".".
func configFieldName(field string) string {
	if i := strings.IndexAny(field, "[."); i >= 0 {
		return field[:i]
	}
	return field
}

// partitionPattern matches ARN partitions: commercial, China, GovCloud, the isolated
// regions and the European Sovereign Cloud.
const partitionPattern = `(?:aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc)`

// Patterns of the IDs and ARNs that also arrive as Terraform variables. They are RE2, the
// syntax of both Go's regexp and Terraform's regex(), so the stacks' variable validation
// blocks apply these very patterns.
const (
	// EC2 IDs: a prefix and 8 (older resources) or 17 lower-case hex digits.
	VpcIDPattern           = `^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$`
	SubnetIDPattern        = `^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$`
	SecurityGroupIDPattern = `^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$`
	// IAM role ARNs: no region, a 12-digit account, an optional path, a name of at most
	// 64 characters from IAM's name charset.
	IAMRoleArnPattern = `^arn:` + partitionPattern + `:iam::[0-9]{12}:role/(?:[!-~]*/)?[\w+=,.@-]{1,64}$`
)

// Limits of the names derived from ProjectName and Environment. The tightest AWS limit
// on a derived name is the EFS creation token "<project>-<environment>-efs": at most 64
// characters. The others are far looser: security group name "<name>-efs-sg" 255, log
// group "/aws/efs/<name>" 512, Name tag value 256, alarm names 255.
const (
	maxProjectNameLen   = 40
	maxEnvironmentLen   = 24
	maxCreationTokenLen = 64
)

var (
	// Every derived name (creation token, security group, log group, alarms) is valid in
	// each of those namespaces when its parts are lower-case DNS-like labels.
	reResourceName = regexp.MustCompile(`^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$`)

	reVpcID           = regexp.MustCompile(VpcIDPattern)
	reSubnetID        = regexp.MustCompile(SubnetIDPattern)
	reSecurityGroupID = regexp.MustCompile(SecurityGroupIDPattern)

	// Region names: us-east-1, ap-southeast-2, us-gov-west-1, cn-north-1, us-isob-east-1,
	// eusc-de-east-1.
	regionPattern = `[a-z]{2,4}(?:-[a-z]{2,4})?-[a-z]{4,9}-[1-9][0-9]?`
	reRegion      = regexp.MustCompile(`^` + regionPattern + `$`)

	// The provider takes kms_key_id as an ARN (a bare key ID or alias name is refused at
	// plan time): a key ARN (UUID, or mrk-... for a multi-Region key) or an alias ARN
	// (alias names are at most 256 characters including "alias/").
	reKmsKeyArn = regexp.MustCompile(`^arn:` + partitionPattern + `:kms:` + regionPattern + `:[0-9]{12}:` +
		`(?:key/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})|alias/[a-zA-Z0-9/_-]{1,250})$`)

	// Alarm actions are ARNs of any service: SNS topics mostly, but also Auto Scaling
	// policies, Systems Manager OpsItems and arn:aws:automate:<region>:ec2:stop, whose
	// account field is not an account.
	reAlarmActionArn = regexp.MustCompile(`^arn:` + partitionPattern + `:[a-z0-9-]+:[a-z0-9-]*:[a-z0-9]*:\S+$`)

	reIamRoleArn = regexp.MustCompile(IAMRoleArnPattern)

	// EFS's tag charset (API Tag: ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$): Unicode letters,
	// separators (white space) and numbers, and _ . : / = + - @.
	reTagText = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)
)

// IsRegion reports whether s has the form of an AWS region name (us-east-1, us-gov-west-1,
// cn-north-1, ...). It checks the form, not that the region exists.
func IsRegion(s string) bool { return reRegion.MatchString(s) }

// checkNames checks ProjectName and Environment alone, then the creation token they make.
func checkNames(c Config, r *fieldReport) {
	projectOK := checkResourceName(r, "ProjectName", c.ProjectName, maxProjectNameLen)
	environmentOK := checkResourceName(r, "Environment", c.Environment, maxEnvironmentLen)
	if !projectOK || !environmentOK {
		return
	}
	token := c.CreationToken()
	if n := len(token); n > maxCreationTokenLen {
		fixed := n - len(c.ProjectName) - len(c.Environment)
		r.add("ProjectName", c.ProjectName, fmt.Sprintf(
			"with Environment %q makes the EFS creation token %q %d characters long; EFS allows at most %d: shorten ProjectName or Environment (together at most %d characters)",
			c.Environment, token, n, maxCreationTokenLen, maxCreationTokenLen-fixed))
	}
}

// checkResourceName checks one name part and reports whether it is valid.
func checkResourceName(r *fieldReport, field, v string, maxLen int) bool {
	const charset = "lower-case letters, digits and hyphens, starting with a letter, with no trailing or double hyphen"
	switch {
	case v == "":
		r.add(field, v, fmt.Sprintf("required: 1 to %d %s", maxLen, charset))
	case IsToken(v):
		r.add(field, v, "must be a literal, not a Terraform reference: resource names and the production guardrail are decided at synth time")
	case len(v) > maxLen:
		r.add(field, v, fmt.Sprintf("must be at most %d characters (got %d) so that every name derived from it fits AWS limits", maxLen, len(v)))
	case !reResourceName.MatchString(v):
		r.add(field, v, fmt.Sprintf("must be 1 to %d %s", maxLen, charset))
	default:
		return true
	}
	return false
}

func checkVpcID(c Config, r *fieldReport) {
	checkID(r, "VpcID", c.VpcID, reVpcID, "vpc-")
}

func checkEksNodeSecurityGroupID(c Config, r *fieldReport) {
	checkID(r, "EksNodeSecurityGroupID", c.EksNodeSecurityGroupID, reSecurityGroupID, "sg-")
}

// checkID checks a required EC2 resource ID, accepting a token as is.
func checkID(r *fieldReport, field, v string, re *regexp.Regexp, prefix string) {
	format := fmt.Sprintf("%s followed by 8 or 17 lower-case hex digits, or a Terraform reference", prefix)
	switch {
	case v == "":
		r.add(field, v, "required: "+format)
	case IsToken(v):
	case !re.MatchString(v):
		r.add(field, v, "must be "+format)
	}
}

// EFS allows one mount target per availability zone, and the largest region (us-east-1)
// has six zones: a seventh subnet necessarily shares a zone and AWS refuses its mount
// target (MountTargetConflict). The interface VPC endpoint has the same one-subnet-per-zone
// rule.
const (
	MinPrivateSubnets = 2
	MaxPrivateSubnets = 6
)

func checkPrivateSubnetIDs(c Config, r *fieldReport) {
	ids := c.PrivateSubnetIDs
	if len(ids) == 0 {
		r.add("PrivateSubnetIDs", formatList(ids), fmt.Sprintf(
			"required: %d to %d private subnets (subnet-...) in different availability zones, or a Terraform reference", MinPrivateSubnets, MaxPrivateSubnets))
		return
	}
	for i, id := range ids {
		checkID(r, fmt.Sprintf("PrivateSubnetIDs[%d]", i), id, reSubnetID, "subnet-")
	}
	// A token may expand to any number of subnets: only Terraform can count them.
	if isTokenList(ids) {
		return
	}
	distinct := checkDuplicates(r, "PrivateSubnetIDs", ids, "each subnet receives one mount target; list it once")
	switch {
	case distinct < MinPrivateSubnets:
		r.add("PrivateSubnetIDs", formatList(ids), fmt.Sprintf(
			"needs at least %d distinct subnets in different availability zones, so that the file system stays reachable when one zone fails", MinPrivateSubnets))
	case len(ids) > MaxPrivateSubnets:
		r.add("PrivateSubnetIDs", formatList(ids), fmt.Sprintf(
			"at most %d subnets (got %d): EFS allows one mount target per availability zone and no region has more than %d zones", MaxPrivateSubnets, len(ids), MaxPrivateSubnets))
	}
}

// checkDuplicates reports every repeated literal element of a list and returns the number
// of distinct elements.
func checkDuplicates(r *fieldReport, field string, l []string, why string) int {
	first := make(map[string]int, len(l))
	for i, v := range l {
		if j, seen := first[v]; seen {
			r.add(fmt.Sprintf("%s[%d]", field, i), v, fmt.Sprintf("duplicate of %s[%d]: %s", field, j, why))
			continue
		}
		first[v] = i
	}
	return len(first)
}

// checkEncryption covers the production guardrail on EnableEncryption and the KMS key,
// which the provider only accepts with encrypted = true.
func checkEncryption(c Config, r *fieldReport) {
	switch {
	case c.EnableEncryption:
	case c.IsProduction():
		r.add("EnableEncryption", strconv.FormatBool(c.EnableEncryption), fmt.Sprintf(
			"environment %q is production: data at rest must be encrypted; set EnableEncryption to true", c.Environment))
	case !c.AllowUnencrypted:
		r.add("EnableEncryption", strconv.FormatBool(c.EnableEncryption),
			"encryption at rest is on by default: set EnableEncryption to true, or AllowUnencrypted to true to opt out visibly")
	}
	if c.KmsKeyID == "" {
		return
	}
	if !c.EnableEncryption {
		r.add("KmsKeyID", c.KmsKeyID, "needs EnableEncryption true (AWS refuses a KMS key on an unencrypted file system): set EnableEncryption to true or leave KmsKeyID empty")
	}
	if !IsToken(c.KmsKeyID) && !reKmsKeyArn.MatchString(c.KmsKeyID) {
		r.add("KmsKeyID", c.KmsKeyID, "must be empty (AWS-managed key aws/elasticfilesystem), a KMS key ARN arn:<partition>:kms:<region>:<account>:key/<key-id>, an alias ARN arn:<partition>:kms:<region>:<account>:alias/<name>, or a Terraform reference")
	}
}

var (
	performanceModes = []string{PerformanceGeneralPurpose, PerformanceMaxIO}
	throughputModes  = []string{ThroughputBursting, ThroughputElastic, ThroughputProvisioned}
)

func checkPerformanceMode(c Config, r *fieldReport) {
	checkEnum(r, "PerformanceMode", c.PerformanceMode, performanceModes, PerformanceGeneralPurpose)
}

func checkThroughputMode(c Config, r *fieldReport) {
	if !checkEnum(r, "ThroughputMode", c.ThroughputMode, throughputModes, ThroughputBursting) {
		return
	}
	// AWS refuses elastic + maxIO at apply time; the provider does not check it.
	if c.ThroughputModeOrDefault() == ThroughputElastic && c.PerformanceModeOrDefault() == PerformanceMaxIO {
		r.add("ThroughputMode", c.ThroughputMode, fmt.Sprintf(
			"%s throughput needs PerformanceMode %s (got %s): use %s or %s throughput with %s",
			ThroughputElastic, PerformanceGeneralPurpose, PerformanceMaxIO, ThroughputBursting, ThroughputProvisioned, PerformanceMaxIO))
	}
}

// checkEnum checks an optional enumerated field and reports whether it is valid.
func checkEnum(r *fieldReport, field, v string, allowed []string, def string) bool {
	if v == "" || slices.Contains(allowed, v) {
		return true
	}
	r.add(field, v, fmt.Sprintf("must be one of %s (empty means %s)", strings.Join(allowed, ", "), def))
	return false
}

// AWS accepts 1 to 3414 MiB/s of provisioned throughput (the ceiling varies by region).
// The spec's table says 1 to 1024, an older limit; refusing 1025..3414 would refuse
// values AWS accepts, so the wider, current range is used.
const (
	minProvisionedThroughputMibps = 1
	maxProvisionedThroughputMibps = 3414
)

func checkProvisionedThroughput(c Config, r *fieldReport) {
	const field = "ProvisionedThroughputInMibps"
	v := c.ProvisionedThroughputInMibps
	value := strconv.FormatFloat(v, 'g', -1, 64)
	rangeText := fmt.Sprintf("%d to %d MiB/s", minProvisionedThroughputMibps, maxProvisionedThroughputMibps)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		r.add(field, value, "must be a finite number: "+rangeText+" with provisioned throughput, 0 otherwise")
		return
	}
	if c.ThroughputMode != "" && !slices.Contains(throughputModes, c.ThroughputMode) {
		return // the mode is reported; which rule applies is unknown
	}
	provisioned := c.ThroughputModeOrDefault() == ThroughputProvisioned
	switch {
	case provisioned && v == 0:
		r.add(field, value, "required with ThroughputMode provisioned: "+rangeText)
	case provisioned && (v < minProvisionedThroughputMibps || v > maxProvisionedThroughputMibps):
		r.add(field, value, "must be "+rangeText+" with ThroughputMode provisioned")
	case !provisioned && v != 0:
		r.add(field, value, fmt.Sprintf(
			"must be 0 unless ThroughputMode is provisioned (got %s, which ignores it): set ThroughputMode to provisioned or remove the throughput", c.ThroughputModeOrDefault()))
	}
}

// transitionAges are the values AWS accepts for TransitionToIA and TransitionToArchive,
// shortest first: the index orders them.
var transitionAges = []string{
	"AFTER_1_DAY", "AFTER_7_DAYS", "AFTER_14_DAYS", "AFTER_30_DAYS", "AFTER_60_DAYS",
	"AFTER_90_DAYS", "AFTER_180_DAYS", "AFTER_270_DAYS", "AFTER_365_DAYS",
}

func checkTransitionAge(r *fieldReport, field, v string) bool {
	if v == "" || slices.Contains(transitionAges, v) {
		return true
	}
	r.add(field, v, fmt.Sprintf("must be empty (no transition) or one of %s", strings.Join(transitionAges, ", ")))
	return false
}

func checkTransitionToIA(c Config, r *fieldReport) {
	checkTransitionAge(r, "TransitionToIA", c.TransitionToIA)
}

func checkTransitionToPrimaryStorageClass(c Config, r *fieldReport) {
	const field = "TransitionToPrimaryStorageClass"
	v := c.TransitionToPrimaryStorageClass
	switch {
	case v == "":
	case v != TransitionOnFirstAccess:
		r.add(field, v, fmt.Sprintf("must be empty or %s, the only value AWS accepts", TransitionOnFirstAccess))
	// AWS moves files back to Standard after an access in IA or Archive; with neither
	// transition set, no file ever leaves Standard and the setting does nothing.
	case c.TransitionToIA == "" && c.TransitionToArchive == "":
		r.add(field, v, "needs TransitionToIA (or TransitionToArchive): without it files never leave Standard storage; set TransitionToIA (e.g. AFTER_30_DAYS) or leave this empty")
	}
}

func checkTransitionToArchive(c Config, r *fieldReport) {
	const field = "TransitionToArchive"
	v := c.TransitionToArchive
	if v == "" || !checkTransitionAge(r, field, v) {
		return
	}
	// AWS offers Archive storage only to elastic, generalPurpose file systems. A mode
	// that is itself invalid is already reported.
	modesKnown := checkEnumQuiet(c.ThroughputMode, throughputModes) && checkEnumQuiet(c.PerformanceMode, performanceModes)
	if modesKnown && (c.ThroughputModeOrDefault() != ThroughputElastic || c.PerformanceModeOrDefault() != PerformanceGeneralPurpose) {
		r.add(field, v, fmt.Sprintf(
			"Archive storage needs ThroughputMode %s and PerformanceMode %s (got %s and %s): change the modes or leave TransitionToArchive empty",
			ThroughputElastic, PerformanceGeneralPurpose, c.ThroughputModeOrDefault(), c.PerformanceModeOrDefault()))
	}
	// Files reach Archive only after IA, so AWS requires the Archive age to be the later one.
	ia := slices.Index(transitionAges, c.TransitionToIA)
	if ia >= 0 && slices.Index(transitionAges, v) <= ia {
		r.add(field, v, fmt.Sprintf(
			"must be later than TransitionToIA (%s): files move to Archive only after Infrequent Access", c.TransitionToIA))
	}
}

// checkEnumQuiet reports whether an optional enumerated value is valid, reporting nothing.
func checkEnumQuiet(v string, allowed []string) bool {
	return v == "" || slices.Contains(allowed, v)
}

func checkAutomaticBackups(c Config, r *fieldReport) {
	if c.IsProduction() && !c.EnableAutomaticBackups && c.BackupPlan == nil {
		r.add("EnableAutomaticBackups", strconv.FormatBool(c.EnableAutomaticBackups), fmt.Sprintf(
			"environment %q is production: the file system must be backed up; set a BackupPlan (or EnableAutomaticBackups to true for AWS's default plan)", c.Environment))
	}
}

// CloudWatch accepts at most five actions per alarm state, each ARN at most 1024
// characters (PutMetricAlarm).
const (
	maxAlarmActions      = 5
	maxAlarmActionLength = 1024
)

// checkAlarms refuses alarms without actions: an alarm that notifies nobody is only seen
// by someone who opens the console, and every configuration of the spec that creates
// alarms names an SNS topic. Actions without alarms are a forgotten switch.
func checkAlarms(c Config, r *fieldReport) {
	const field = "AlarmActions"
	actions := c.AlarmActions
	switch {
	case c.CreateCloudwatchAlarms && len(actions) == 0:
		r.add(field, formatList(actions), "required when CreateCloudwatchAlarms is true (an alarm without actions notifies nobody): add an SNS topic ARN or set CreateCloudwatchAlarms to false")
	case !c.CreateCloudwatchAlarms && len(actions) > 0:
		r.add(field, formatList(actions), "given but CreateCloudwatchAlarms is false, so no alarm uses them: set CreateCloudwatchAlarms to true or remove AlarmActions")
	}
	if len(actions) > maxAlarmActions && !isTokenList(actions) {
		r.add(field, formatList(actions), fmt.Sprintf("at most %d actions (got %d): CloudWatch allows %d per alarm state", maxAlarmActions, len(actions), maxAlarmActions))
	}
	for i, a := range actions {
		name := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case IsToken(a):
		case utf8.RuneCountInString(a) > maxAlarmActionLength:
			r.add(name, a, fmt.Sprintf("must be at most %d characters (CloudWatch limit)", maxAlarmActionLength))
		case !reAlarmActionArn.MatchString(a):
			r.add(name, a, "must be an ARN arn:<partition>:<service>:<region>:<account>:<resource> (usually an SNS topic) or a Terraform reference")
		}
	}
}

// logRetentionValues are the retentions CloudWatch Logs accepts, in days.
var logRetentionValues = []int{
	1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
	1096, 1827, 2192, 2557, 2922, 3288, 3653,
}

func checkLogRetentionDays(c Config, r *fieldReport) {
	v := c.LogRetentionDays
	if v == 0 || slices.Contains(logRetentionValues, v) {
		return
	}
	days := make([]string, len(logRetentionValues))
	for i, d := range logRetentionValues {
		days[i] = strconv.Itoa(d)
	}
	r.add("LogRetentionDays", strconv.Itoa(v), fmt.Sprintf(
		"must be 0 (default %d) or one of the retentions CloudWatch Logs accepts: %s", DefaultLogRetentionDays, strings.Join(days, ", ")))
}

func checkAdditionalSourceSecurityGroupIDs(c Config, r *fieldReport) {
	const field = "AdditionalSourceSecurityGroupIDs"
	ids := c.AdditionalSourceSecurityGroupIDs
	for i, id := range ids {
		name := fmt.Sprintf("%s[%d]", field, i)
		checkID(r, name, id, reSecurityGroupID, "sg-")
		// The same source twice is the same ingress rule twice, which EC2 refuses
		// (InvalidPermission.Duplicate).
		if id == c.EksNodeSecurityGroupID && id != "" && !IsToken(id) {
			r.add(name, id, "is EksNodeSecurityGroupID, which already reaches NFS: remove it from AdditionalSourceSecurityGroupIDs")
		}
	}
	checkDuplicates(r, field, ids, "EC2 refuses a duplicate ingress rule; list each security group once")
}

// checkFileSystemPolicy: IAM authorization of ClientRoleArns is written into the file
// system policy, so opting out of the policy would silently drop it.
func checkFileSystemPolicy(c Config, r *fieldReport) {
	if c.DisableFileSystemPolicy && len(c.ClientRoleArns) > 0 {
		r.add("DisableFileSystemPolicy", strconv.FormatBool(c.DisableFileSystemPolicy),
			"contradicts ClientRoleArns: IAM authorization of those roles lives in the file system policy; set DisableFileSystemPolicy to false or remove ClientRoleArns")
	}
}

func checkClientRoleArns(c Config, r *fieldReport) {
	const field = "ClientRoleArns"
	for i, a := range c.ClientRoleArns {
		if IsToken(a) || reIamRoleArn.MatchString(a) {
			continue
		}
		r.add(fmt.Sprintf("%s[%d]", field, i), a, "must be an IAM role ARN arn:<partition>:iam::<12-digit account>:role/<path/><name> or a Terraform reference")
	}
	checkDuplicates(r, field, c.ClientRoleArns, "list each role once")
}

// checkNodeRoleArn checks the cluster's node role: an IAM role ARN, or a token.
func checkNodeRoleArn(c Config, r *fieldReport) {
	if v := c.NodeRoleArn; v != "" && !IsToken(v) && !reIamRoleArn.MatchString(v) {
		r.add("NodeRoleArn", v, "must be empty or the IAM role ARN of the cluster's EFS CSI node service account, e.g. arn:aws:iam::123456789012:role/name")
	}
}

// checkListTokens refuses a list token (see List) beside other elements: it stands for
// a whole list, so the construct would hand Terraform a list inside a list. And the
// Rules that forward failed backup jobs need one target per alarm action at synth time,
// which a list token does not tell.
func checkListTokens(c Config, r *fieldReport) {
	for _, l := range []struct {
		field string
		list  []string
	}{
		{"PrivateSubnetIDs", c.PrivateSubnetIDs},
		{"AlarmActions", c.AlarmActions},
		{"AdditionalSourceSecurityGroupIDs", c.AdditionalSourceSecurityGroupIDs},
		{"ClientRoleArns", c.ClientRoleArns},
	} {
		for i, v := range l.list {
			if isListToken(v) && len(l.list) > 1 {
				r.add(fmt.Sprintf("%s[%d]", l.field, i), v, "is a list token, which stands for a whole list: pass it as the only element (kafkaefs.List), "+
					"or join lists in Terraform first, e.g. cdktf.Token_AsList(cdktf.Fn_Concat(...), nil)")
			}
		}
	}
	if len(c.AlarmActions) == 1 && isListToken(c.AlarmActions[0]) && c.backupEventsEnabled() {
		r.add("AlarmActions", formatList(c.AlarmActions), "a list token cannot be combined with BackupPlan: each rule forwarding failed backup jobs needs one target per action, "+
			"known at synth; pass the actions one by one, e.g. []string{*topic.Arn()}")
	}
}

// checkAllowAnyPrincipal refuses a file system policy that would admit any client
// unless the Config asks for it, and the opt-in where it means nothing.
func checkAllowAnyPrincipal(c Config, r *fieldReport) {
	const field = "AllowAnyPrincipal"
	roles := c.NodeRoleArn != "" || len(c.ClientRoleArns) > 0
	value := strconv.FormatBool(c.AllowAnyPrincipal)
	switch {
	case !c.AllowAnyPrincipal && !roles && !c.DisableFileSystemPolicy:
		r.add(field, value, "must be true when neither NodeRoleArn nor ClientRoleArns is set: the file system policy would then admit any principal, "+
			"anonymous included, over TLS through a mount target; set NodeRoleArn to the cluster's EFS CSI node role (or ClientRoleArns), "+
			"or set AllowAnyPrincipal to true to admit any client on purpose")
	case c.AllowAnyPrincipal && roles:
		r.add(field, value, "contradicts NodeRoleArn and ClientRoleArns: with roles the policy admits those only; remove AllowAnyPrincipal or the roles")
	case c.AllowAnyPrincipal && c.DisableFileSystemPolicy:
		r.add(field, value, "means nothing with DisableFileSystemPolicy: there is no policy to admit anyone; remove one of them")
	}
}

// reDNSLabel is a Kubernetes namespace name (RFC 1123 label).
var reDNSLabel = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$`)

// maxLabelLen is the longest Kubernetes label value, and so the longest Job name: the Job
// controller labels the Job's pods with job-name=<name>.
const maxLabelLen = 63

// checkKubernetesNamespace checks the Kubernetes names: the namespace, and the smoke-test
// Job's name, which carries Name().
func checkKubernetesNamespace(c Config, r *fieldReport) {
	if v := c.KubernetesNamespaceName; v != "" && !reDNSLabel.MatchString(v) {
		r.add("KubernetesNamespaceName", v, "must be empty (namespace "+DefaultKubernetesNamespace+") or a Kubernetes namespace: 1 to 63 lower-case letters, digits and hyphens, starting and ending with a letter or digit")
	}
	if !reResourceName.MatchString(c.ProjectName) || !reResourceName.MatchString(c.Environment) {
		return // reported as a name problem already
	}
	if job := c.SmokeTestJobName(); len(job) > maxLabelLen && len(c.EnabledAccessPoints()) > 0 {
		r.add("Environment", c.Environment, fmt.Sprintf(
			"with ProjectName %q names the smoke-test Job %q, %d characters; Kubernetes allows %d (the job-name label of its pods): shorten ProjectName or Environment",
			c.ProjectName, job, len(job), maxLabelLen))
	}
}

func checkReplicationRegion(c Config, r *fieldReport) {
	v := c.ReplicationRegion
	if v == "" || IsToken(v) || IsRegion(v) {
		return
	}
	r.add("ReplicationRegion", v, "must be empty (no replica) or an AWS region name such as us-west-2, ap-southeast-2 or us-gov-west-1")
}

// AWS allows 50 tags per resource. The construct adds Name and the provider's default
// tags add project, environment and managed-by: 4 of the 50, leaving 46 for Config.Tags.
const (
	maxUserTags    = 46
	maxTagKeyLen   = 128
	maxTagValueLen = 256
	nameTagKey     = "Name"
)

func checkTags(c Config, r *fieldReport) {
	if n := len(c.Tags); n > maxUserTags {
		r.add("Tags", strconv.Itoa(n), fmt.Sprintf(
			"at most %d tags (got %d): AWS allows 50 per resource and the construct adds Name plus the default tags project, environment and managed-by", maxUserTags, n))
	}
	keys := make([]string, 0, len(c.Tags))
	for k := range c.Tags {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		checkTag(r, k, c.Tags[k])
	}
}

func checkTag(r *fieldReport, k, v string) {
	field := fmt.Sprintf("Tags[%q]", k)
	const charset = "letters, digits, white space and _ . : / = + - @"
	if !IsToken(k) {
		switch n := utf8.RuneCountInString(k); {
		case n == 0:
			r.add(field, k, fmt.Sprintf("tag key must be 1 to %d characters", maxTagKeyLen))
		case n > maxTagKeyLen:
			r.add(field, k, fmt.Sprintf("tag key must be at most %d characters (got %d)", maxTagKeyLen, n))
		case len(k) >= 4 && strings.EqualFold(k[:4], "aws:"):
			r.add(field, k, "tag key must not start with aws: (reserved for AWS)")
		case k == nameTagKey:
			r.add(field, k, "tag key Name is reserved: the construct names every resource from ProjectName and Environment")
		case !reTagText.MatchString(k):
			r.add(field, k, "tag key may only hold "+charset)
		}
	}
	if !IsToken(v) {
		switch n := utf8.RuneCountInString(v); {
		case n > maxTagValueLen:
			r.add(field, v, fmt.Sprintf("tag value must be at most %d characters (got %d)", maxTagValueLen, n))
		case !reTagText.MatchString(v):
			r.add(field, v, "tag value may only hold "+charset)
		}
	}
}

// formatList renders a list the way fmt's %v does: [a b].
func formatList(l []string) string {
	return "[" + strings.Join(l, " ") + "]"
}

// Image references as Kubernetes pulls them (the grammar of distribution/reference, less
// IPv6 registry addresses): an optional registry host with an optional port, lower-case
// path components separated by "/", an optional tag, an optional sha256 digest.
var reImageReference = regexp.MustCompile(`^((?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?` +
	`[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)` +
	`(?::([\w][\w.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?$`)

// maxImageNameLen is the longest repository name (registry and path) distribution accepts.
const maxImageNameLen = 255

// checkSmokeTestImage checks SmokeTestImage: empty (the default), a token, or a
// reference pinned by a tag other than latest or by a digest, so that every run of the
// smoke test pulls the same program.
func checkSmokeTestImage(c Config, r *fieldReport) {
	v := c.SmokeTestImage
	if v == "" || IsToken(v) {
		return
	}
	const allowed = "an image reference with a tag or a sha256 digest, e.g. " + DefaultSmokeTestImage + " (empty means that one)"
	// m[1] is the name (registry and path), m[2] the tag, m[3] the digest.
	m := reImageReference.FindStringSubmatch(v)
	switch {
	case m == nil:
		r.add("SmokeTestImage", v, "must be "+allowed)
	case len(m[1]) > maxImageNameLen:
		r.add("SmokeTestImage", v, fmt.Sprintf("the name before the tag must be at most %d characters (got %d)", maxImageNameLen, len(m[1])))
	case m[2] == "" && m[3] == "":
		r.add("SmokeTestImage", v, "has neither tag nor digest, so each pull may bring another image: must be "+allowed)
	case m[2] == "latest" && m[3] == "":
		r.add("SmokeTestImage", v, "the tag latest moves with every release: pin a version tag or a sha256 digest, e.g. "+DefaultSmokeTestImage)
	}
}
