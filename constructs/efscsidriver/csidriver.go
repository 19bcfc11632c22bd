package efscsidriver

import "github.com/kafka-efs/kafka-efs/efs/csidriver"

// The driver's inputs, their rules, the role names and the policy statements are plain Go
// in package efs/csidriver, which never starts jsii. The names below keep this package's
// API as docs/reuse.md and the stacks use it: each is the same name there.

// Inputs of New, and the plain IAM statements the roles are built from.
type (
	Config    = csidriver.Config
	Scope     = csidriver.Scope
	Statement = csidriver.Statement
	Condition = csidriver.Condition
)

// Identity modes, service accounts, add-ons, tags and patterns (see csidriver).
const (
	IdentityPodIdentity = csidriver.IdentityPodIdentity
	IdentityIRSA        = csidriver.IdentityIRSA

	Namespace                = csidriver.Namespace
	ControllerServiceAccount = csidriver.ControllerServiceAccount
	NodeServiceAccount       = csidriver.NodeServiceAccount

	DriverAddon               = csidriver.DriverAddon
	PodIdentityAgentAddon     = csidriver.PodIdentityAgentAddon
	DefaultDriverAddonVersion = csidriver.DefaultDriverAddonVersion
	MinDriverAddonVersion     = csidriver.MinDriverAddonVersion

	ClusterTagKey         = csidriver.ClusterTagKey
	EfsUtilsLogGroup      = csidriver.EfsUtilsLogGroup
	EksClusterNamePattern = csidriver.EksClusterNamePattern
)

// NodeRoleName is csidriver.NodeRoleName: the node role's IAM name for a cluster of a
// project in a region, which a file system stack looks up.
func NodeRoleName(project, cluster, region string) string {
	return csidriver.NodeRoleName(project, cluster, region)
}

// CheckDriverAddonVersion is csidriver.CheckDriverAddonVersion.
func CheckDriverAddonVersion(v string) error { return csidriver.CheckDriverAddonVersion(v) }

// PodIdentityTrust is csidriver.PodIdentityTrust.
func PodIdentityTrust(s Scope, eksCluster, serviceAccount string) []Statement {
	return csidriver.PodIdentityTrust(s, eksCluster, serviceAccount)
}

// IRSATrust is csidriver.IRSATrust.
func IRSATrust(s Scope, issuerHost, serviceAccount string) []Statement {
	return csidriver.IRSATrust(s, issuerHost, serviceAccount)
}

// ControllerPermissions is csidriver.ControllerPermissions.
func ControllerPermissions(s Scope, clusterTag string, deleteAccessPoints bool) []Statement {
	return csidriver.ControllerPermissions(s, clusterTag, deleteAccessPoints)
}

// NodePermissions is csidriver.NodePermissions.
func NodePermissions(s Scope) []Statement { return csidriver.NodePermissions(s) }
