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
