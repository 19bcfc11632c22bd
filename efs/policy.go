package efs

// The NFS client actions a file system policy can grant.
const (
	ActionClientMount      = "elasticfilesystem:ClientMount"
	ActionClientWrite      = "elasticfilesystem:ClientWrite"
	ActionClientRootAccess = "elasticfilesystem:ClientRootAccess"
)

// CreationToken is the file system's idempotency token, unique per account and region:
// "<project>-<environment>-efs". AWS limits it to 64 characters; changing it replaces
// the file system.
func (c Config) CreationToken() string { return c.Name() + "-efs" }

// IAMAuthorization reports whether clients mount with IAM (-o iam): true when the
// Config names the cluster's node role or client roles. The file
// system policy then grants mount and write to those identities only, and an anonymous
// (non-IAM) mount gets nothing.
func (c Config) IAMAuthorization() bool {
	return c.NodeRoleArn != "" || len(c.ClientRoleArns) > 0
}

// Condition keys EFS evaluates for NFS clients. "No other condition keys are enforced"
// (EFS user guide, "Using IAM to control access to file systems"): a statement on any
// other key (the caller's principal ARN, say) sees the key missing, and a negated
// operator on a missing key is true. Clients are therefore named only by Principal.
const (
	KeySecureTransport        = "aws:SecureTransport"
	KeySourceIP               = "aws:SourceIp"
	KeyAccessPointArn         = "elasticfilesystem:AccessPointArn"
	KeyAccessedViaMountTarget = "elasticfilesystem:AccessedViaMountTarget"
)

// SidNodeRoleNeedsAccessPoint is the Sid of the statement that refuses the node role a
// mount without an access point.
const SidNodeRoleNeedsAccessPoint = "DenyNodeRoleWithoutAccessPoint"

// ClientConditionKeys are the only condition keys the file system policy may use.
var ClientConditionKeys = []string{KeySecureTransport, KeySourceIP, KeyAccessPointArn, KeyAccessedViaMountTarget}

// Statement is one statement of an IAM policy document, as plain data: both constructs
// (kafkaefs and efscsidriver) turn statements into an aws_iam_policy_document in one
// place, internal/policydoc, so every policy is read and tested without jsii. Values
// may be cdktf tokens; a list token stands as the only element of its list (see List).
type Statement struct {
	Sid, Effect string
	// PrincipalType ("AWS", "Service") and Principals: none means the statement names no
	// principal (an identity or inline policy).
	PrincipalType string
	Principals    []string
	Actions       []string
	// Resources: none leaves the element out.
	Resources  []string
	Conditions []Condition
}

// Condition is one condition of a Statement: the test, the key and the values it allows.
type Condition struct {
	Test, Variable string
	Values         []string
}

// FileSystemPolicy is the file system policy, from enforced condition keys only:
//   - deny every request not made over TLS;
//   - deny root access to every principal: root is squashed for everyone, whatever an
//     identity policy in the account grants (break-glass: docs/security.md, "Root access (break-glass)");
//   - deny the node role any mount that names no access point (Null on
//     elasticfilesystem:AccessPointArn, an enforced key): the file system's root would
//     show it every access point's tree. The static volumes and the StorageClass's
//     dynamic ones (provisioningMode efs-ap) all mount through access points;
//   - allow mount and write only through a mount target, to clients (the node role and
//     ClientRoleArns, which may mount the root, e.g. with mount_command); with none, to
//     any client (anonymous included) over TLS, which Validate refuses unless
//     AllowAnyPrincipal asks for it.
//
// Principals other than those are not denied by name: that would take a condition EFS
// does not enforce or NotPrincipal, which cannot name a role's sessions. An identity in
// this account whose own policy allows elasticfilesystem:ClientMount can still mount; the
// security group (NFS from the EKS nodes only) is the boundary against everyone else.
func FileSystemPolicy(fileSystemArn string, clients []string, nodeRoleArn string) []Statement {
	anyone := []string{"*"}
	if len(clients) == 0 {
		clients = anyone
	}
	fs := []string{fileSystemArn}
	sts := []Statement{
		{
			Sid: "DenyNonSecureTransport", Effect: "Deny", PrincipalType: "AWS", Principals: anyone,
			Actions: []string{"*"}, Resources: fs,
			Conditions: []Condition{{"Bool", KeySecureTransport, []string{"false"}}},
		},
		{
			Sid: "DenyRootAccess", Effect: "Deny", PrincipalType: "AWS", Principals: anyone,
			Actions: []string{ActionClientRootAccess}, Resources: fs,
		},
		{
			Sid: "AllowMountAndWriteViaMountTarget", Effect: "Allow", PrincipalType: "AWS", Principals: clients,
			Actions: []string{ActionClientMount, ActionClientWrite}, Resources: fs,
			Conditions: []Condition{{"Bool", KeyAccessedViaMountTarget, []string{"true"}}},
		},
	}
	if nodeRoleArn != "" {
		// A Deny on the node role alone: its principal list is never empty, where the
		// Allow's ClientRoleArns may be an empty list at deploy time.
		sts = append(sts, Statement{
			Sid: SidNodeRoleNeedsAccessPoint, Effect: "Deny", PrincipalType: "AWS", Principals: []string{nodeRoleArn},
			Actions: []string{ActionClientMount, ActionClientWrite}, Resources: fs,
			Conditions: []Condition{{"Null", KeyAccessPointArn, []string{"true"}}},
		})
	}
	return sts
}

// ServiceTrust is the trust policy of a role that service (backup.amazonaws.com, ...)
// assumes, under conditions, in a statement sid.
func ServiceTrust(sid, service string, conditions ...Condition) []Statement {
	return []Statement{{
		Sid: sid, Effect: "Allow", PrincipalType: "Service", Principals: []string{service},
		Actions: []string{"sts:AssumeRole"}, Conditions: conditions,
	}}
}

// DeadLetterQueuePolicy lets EventBridge send to the queue for the construct's rules only
// (EventBridge user guide, "Granting permissions to the dead-letter queue":
// events.amazonaws.com, sqs:SendMessage, aws:SourceArn of the rule).
func DeadLetterQueuePolicy(queueArn string, ruleArns []string) []Statement {
	return []Statement{{
		Sid: "BackupEventRulesDeadLetters", Effect: "Allow",
		PrincipalType: "Service", Principals: []string{"events.amazonaws.com"},
		Actions: []string{"sqs:SendMessage"}, Resources: []string{queueArn},
		Conditions: []Condition{{"ArnEquals", "aws:SourceArn", ruleArns}},
	}}
}

// RestoreCheckMachinePermissions lets the restore check's state machine list restore jobs
// (ListRestoreJobs takes no resource: Service Authorization Reference, AWS Backup),
// publish to AlarmActions and use the Config's key for an encrypted topic (SNS developer
// guide, "Encryption at rest": a publisher needs kms:GenerateDataKey* and kms:Decrypt).
// The stacks' topic policy and key policy delegate to the account's IAM policies
// (AccountManagesTopic, AccountAdministersKey), so this policy is enough there.
func (c Config) RestoreCheckMachinePermissions() []Statement {
	sts := []Statement{
		{Sid: "ListRestoreJobs", Effect: "Allow", Actions: []string{"backup:ListRestoreJobs"}, Resources: []string{"*"}},
		{Sid: "PublishToAlarmActions", Effect: "Allow", Actions: []string{"sns:Publish"}, Resources: c.AlarmActions},
	}
	if key := c.VaultKmsKeyArn(); key != "" {
		sts = append(sts, Statement{
			Sid: "EncryptForTopic", Effect: "Allow",
			Actions: []string{"kms:GenerateDataKey*", "kms:Decrypt"}, Resources: []string{key},
		})
	}
	return sts
}
