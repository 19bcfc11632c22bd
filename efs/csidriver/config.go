// Package csidriver is the plain Go half of constructs/efscsidriver, the EFS CSI driver
// of one EKS cluster: the inputs (Config) and their rules (Config.Validate), the IAM role
// names, the roles' trust and permissions as plain statements, and the add-on version's
// rules. It never starts the jsii kernel; efscsidriver.New wires typed resources from it,
// and efscsidriver keeps these names as its own (efscsidriver.Config is csidriver.Config).
package csidriver

import "regexp"

// How the driver's service accounts get their roles (Config.Identity).
const (
	// IdentityPodIdentity trusts the EKS Pod Identity agent (pods.eks.amazonaws.com) and
	// associates each role with its service account: the default. The node's mounts use
	// it from efs-utils 2.3.0 on (see MinDriverAddonVersion).
	IdentityPodIdentity = "pod-identity"
	// IdentityIRSA trusts the cluster's OIDC provider (IAM roles for service accounts),
	// for clusters without the Pod Identity agent. The service accounts must carry the
	// eks.amazonaws.com/role-arn annotation (the driver's Helm values).
	IdentityIRSA = "irsa"
)

// The driver's service accounts, as its Helm chart and the EKS add-on name them.
const (
	Namespace                = "kube-system"
	ControllerServiceAccount = "efs-csi-controller-sa"
	NodeServiceAccount       = "efs-csi-node-sa"
)

// Names of the EKS managed add-ons efscsidriver.New can install.
const (
	DriverAddon           = "aws-efs-csi-driver"
	PodIdentityAgentAddon = "eks-pod-identity-agent"
)

// DefaultDriverAddonVersion is the aws-efs-csi-driver add-on efscsidriver.New installs
// unless Config.DriverAddonVersion says otherwise: driver v3.4.1, released 2026-07-23, the
// newest release (the driver's changelog at tag v3.4.1,
// https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/v3.4.1/CHANGELOG-3.x.md,
// "V3.4.1": "Validate access point filesystem ownership in DeleteVolume", #1926). The
// eksbuild suffix is EKS's build of that release: "v3.4.1-eksbuild.1" is the build that
// public configurations pinned against EKS 1.35 and 1.36 name (no AWS page lists the
// builds; `aws eks describe-addon-versions --addon-name aws-efs-csi-driver
// --kubernetes-version <k8s>` does). Every cluster stack checks the pin at plan time
// against what EKS offers for the cluster's Kubernetes version (efscsidriver.New, data
// aws_eks_addon_version), so a build EKS does not have fails the plan, not the apply.
//
// What v3 changed for this project, each from the driver's files at v3.4.1:
//   - efs-utils' CloudWatch logs go to /aws/efs/utils only, and only when the node's
//     --efs-cloudwatch-log-enabled is on (default false; pkg/driver/efs_watch_dog.go,
//     [cloudwatch-log] log_group_name; the changelog's "V3.1.0", #1866): NodePermissions
//     grants exactly that group.
//   - enableTagging (StorageClass parameter, default true; the driver's
//     https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/v3.4.1/docs/parameters.md
//     and pkg/driver/controller.go; the changelog's "V3.4.0", #1916): false creates access points without the
//     efs.csi.aws.com/cluster tag. ControllerPermissions requires that tag on
//     CreateAccessPoint, so a StorageClass with enableTagging "false" is refused
//     (AccessDenied): keep the default.
//   - the volumeHandle form and the deprecated tls/accesspoint mount options concern the
//     manifests (package kafkaefs), not the IAM side.
const DefaultDriverAddonVersion = "v3.4.1-eksbuild.1"

// MinDriverAddonVersion is the oldest driver Validate accepts: v3.0.0 (2026-04), the first
// that reads the static volumes' handle "efs:<fs-id>::<fsap-id>" (kafkaefs volumeHandle;
// v2.3.1's pkg/driver/node.go refuses a volume ID that does not start with "fs-"). It is
// after v2.3.1 (2026-03), before which a CreateVolume retried after
// AccessPointAlreadyExists (the client token is the PV name) checked the existing access point's uid/gid against the default GID range even
// when the StorageClass fixes uid and gid, as this project's does, and the claim stayed
// Pending for good ("Invalid existing access point"; kubernetes-sigs/aws-efs-csi-driver
// #1809; https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/v3.4.1/CHANGELOG-2.x.md,
// "v2.3.1"). It is also after v2.1.8 (2025-05-03), the first
// release built after efs-utils 2.3.0, which reads Pod Identity credentials.
const MinDriverAddonVersion = "v3.0.0"

// ClusterTagKey is the tag that marks a file system as served by a cluster's driver: its
// value is Config.Name(). The controller may create access points only on file systems
// that carry it with this cluster's value (aws:ResourceTag on CreateAccessPoint).
const ClusterTagKey = "kafka-efs/csi-driver-cluster"

// driverTagKey is the tag the driver puts on every access point it creates, always with
// value "true" (pkg/driver/controller.go, DefaultTagKey): it never names a cluster.
const driverTagKey = "efs.csi.aws.com/cluster"

// Config holds the inputs of one cluster's driver identities and add-ons.
type Config struct {
	// ProjectName prefixes every name, as in kafkaefs.Config: lower-case letters, digits
	// and single hyphens, starting with a letter, at most 40 characters. Required literal.
	ProjectName string
	// Cluster is the cluster's short name in this project (dev, prod): role names are
	// "<project>-<cluster>-<region>-efs-csi-controller" and "...-efs-csi-node", so a file
	// system stack finds the node role by name (NodeRoleName). Same charset as
	// ProjectName, at most 24 characters, and the role names must fit IAM's 64. Required
	// literal.
	Cluster string
	// EksClusterName is the EKS cluster: 1 to 100 letters, digits, hyphens and
	// underscores, starting with a letter or digit. The associations, the trust and the
	// add-ons name it. Required; may be a Terraform reference.
	EksClusterName string
	// Identity is IdentityPodIdentity (default when empty) or IdentityIRSA.
	Identity string
	// CreateDriverAddon installs the aws-efs-csi-driver add-on after the associations.
	// Pod Identity only: the add-on takes one IRSA role for both service accounts, and
	// the node needs its own (install the driver with Helm instead). Default false.
	CreateDriverAddon bool
	// DriverAddonVersion pins the add-on: vX.Y.Z-eksbuild.N, at least
	// MinDriverAddonVersion; empty means DefaultDriverAddonVersion. Needs CreateDriverAddon.
	DriverAddonVersion string
	// CreatePodIdentityAgentAddon installs eks-pod-identity-agent, which Pod Identity
	// needs on every node. Pod Identity only. Default false: leave it off where the agent
	// runs already (EKS Auto Mode has it built in; CreateAddon fails on an existing add-on).
	CreatePodIdentityAgentAddon bool
	// Region is the AWS region the stack deploys to (us-east-1): IAM role names are global
	// to the account, so they carry it (see NodeRoleName), and two regions of one project
	// and cluster name never share, or find, one role. Required literal.
	Region string
	// DeleteAccessPoints grants the controller elasticfilesystem:DeleteAccessPoint on the
	// access points the driver tagged, which it needs only when a StorageClass of the
	// cluster has reclaimPolicy Delete. Default false: the shipped StorageClasses retain.
	DeleteAccessPoints bool
	// EksClusterNameOrigin and DriverAddonVersionOrigin name, in the plan-time checks'
	// messages, what the user sets to fix EksClusterName and DriverAddonVersion (a
	// variable, a setting). Empty names the field.
	EksClusterNameOrigin, DriverAddonVersionOrigin string

	// Tags are added to every resource, after the provider's default tags.
	Tags map[string]string
}

// Name is the base of every name: "<project>-<cluster>", also ClusterTagKey's value.
func (c Config) Name() string { return c.ProjectName + "-" + c.Cluster }

// Role name suffixes; IAM role names are at most 64 characters, unique in the account
// (IAM user guide, "IAM object quotas" and "IAM identifiers").
const (
	controllerRoleSuffix = "-efs-csi-controller"
	nodeRoleSuffix       = "-efs-csi-node"
	maxRoleNameLen       = 64
)

// NodeRoleName is the node role's IAM name for a cluster of a project in a region,
// "<project>-<cluster>-<region>-efs-csi-node": what a file system stack looks up, and
// what its policy admits. The region keeps two deployments of one project and cluster
// name in two regions of an account apart: without it the second CreateRole fails, and
// before that a file system stack's lookup finds the other region's role.
func NodeRoleName(project, cluster, region string) string {
	return project + "-" + cluster + "-" + region + nodeRoleSuffix
}

// ControllerRoleName is the controller role's IAM name.
func (c Config) ControllerRoleName() string {
	return c.Name() + "-" + c.Region + controllerRoleSuffix
}

// NodeRoleName is the node role's IAM name.
func (c Config) NodeRoleName() string { return NodeRoleName(c.ProjectName, c.Cluster, c.Region) }

// IdentityOrDefault returns Identity with its default applied.
func (c Config) IdentityOrDefault() string {
	if c.Identity == "" {
		return IdentityPodIdentity
	}
	return c.Identity
}

// DriverAddonVersionOrDefault returns DriverAddonVersion with its default applied.
func (c Config) DriverAddonVersionOrDefault() string {
	if c.DriverAddonVersion == "" {
		return DefaultDriverAddonVersion
	}
	return c.DriverAddonVersion
}

// EfsUtilsLogGroup is the only log group efs-utils writes to in the driver's node pods:
// the driver writes efs-utils.conf itself, with [cloudwatch-log] log_group_name =
// /aws/efs/utils (pkg/driver/efs_watch_dog.go at v3.4.1; since v3.1.0, #1866, the node's
// --efs-cloudwatch-log-enabled turns it on, default off).
const EfsUtilsLogGroup = "/aws/efs/utils"

// EksClusterNamePattern is an EKS cluster name (RE2, for Go and Terraform alike): 1 to 100
// letters, digits, hyphens and underscores, starting with a letter or digit.
const EksClusterNamePattern = `^[0-9A-Za-z][0-9A-Za-z_-]{0,99}$`

var (
	reName = regexp.MustCompile(`^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$`)
	// reRegion is an AWS region name: us-east-1, us-gov-west-1, eusc-de-east-1.
	reRegion         = regexp.MustCompile(`^[a-z]{2,4}(?:-[a-z]+)+-[0-9]{1,2}$`)
	reEksClusterName = regexp.MustCompile(EksClusterNamePattern)
	// reAddonVersion is an EKS add-on version: vMAJOR.MINOR.PATCH-eksbuild.N.
	reAddonVersion = regexp.MustCompile(`^v([0-9]+)\.([0-9]+)\.([0-9]+)-eksbuild\.[0-9]+$`)
	// reAddonBuild is reAddonVersion with the build number captured too.
	reAddonBuild = regexp.MustCompile(`^v([0-9]+)\.([0-9]+)\.([0-9]+)-eksbuild\.([0-9]+)$`)
)
