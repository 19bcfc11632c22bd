// Package efscsidriver builds what the AWS EFS CSI driver needs once per EKS cluster: the
// controller's and the node's IAM roles (EKS Pod Identity or IRSA), their Pod Identity
// associations, the aws-efs-csi-driver add-on and, optionally, the eks-pod-identity-agent
// add-on. EKS allows one association per service account and one add-on of a name per
// cluster, so none of these may live in a file system's stack: any number of file systems
// (package kafkaefs) name the cluster's node role in their policies instead.
//
// Config.Validate and the policy statements are plain Go and never start the jsii kernel.
package efscsidriver

import (
	"regexp"
	"strings"
)

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

// Names of the EKS managed add-ons New can install.
const (
	DriverAddon           = "aws-efs-csi-driver"
	PodIdentityAgentAddon = "eks-pod-identity-agent"
)

// DefaultDriverAddonVersion is the aws-efs-csi-driver add-on New installs unless
// Config.DriverAddonVersion says otherwise. Driver v2.1.15 (released 2025-11-18; the
// driver's changelog, https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/master/CHANGELOG-2.x.md,
// "v2.1.15": "Update Dockerfile for new efs-utils dependencies") builds
// efs-utils from its GitHub repository at image build time (the driver's Dockerfile,
// EFSUTILSSOURCE=github), so it bundles efs-utils 2.4.x, later than 2.3.0 (efs-utils tag
// v2.3.0, 2025-04-29), the first that reads Pod Identity credentials. `mount.efs
// --version` in a node pod's efs-plugin container shows the bundled build. The eksbuild
// suffix is EKS's; `aws eks describe-addon-versions --addon-name aws-efs-csi-driver`
// lists those a cluster accepts.
const DefaultDriverAddonVersion = "v2.1.15-eksbuild.1"

// MinDriverAddonVersion is the oldest driver Validate accepts: v2.1.8 (2025-05-03) is the
// first driver release built after efs-utils v2.3.0. An older node falls back to the
// instance role, which no file system policy admits, and every mount is refused.
const MinDriverAddonVersion = "v2.1.8"

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
	// "<project>-<cluster>-efs-csi-controller" and "...-efs-csi-node", so a file system
	// stack finds the node role by name (NodeRoleName). Same charset as ProjectName, at
	// most 24 characters, and the role names must fit IAM's 64. Required literal.
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
	// Tags are added to every resource, after the provider's default tags.
	Tags map[string]string
}

// Name is the base of every name: "<project>-<cluster>", also ClusterTagKey's value.
func (c Config) Name() string { return c.ProjectName + "-" + c.Cluster }

// Role name suffixes; IAM role names are at most 64 characters.
const (
	controllerRoleSuffix = "-efs-csi-controller"
	nodeRoleSuffix       = "-efs-csi-node"
	maxRoleNameLen       = 64
)

// NodeRoleName is the node role's IAM name for a cluster of a project: what a file
// system stack looks up, and what its policy admits.
func NodeRoleName(project, cluster string) string { return project + "-" + cluster + nodeRoleSuffix }

// ControllerRoleName is the controller role's IAM name.
func (c Config) ControllerRoleName() string { return c.Name() + controllerRoleSuffix }

// NodeRoleName is the node role's IAM name.
func (c Config) NodeRoleName() string { return NodeRoleName(c.ProjectName, c.Cluster) }

// identity returns Identity with its default applied.
func (c Config) identity() string {
	if c.Identity == "" {
		return IdentityPodIdentity
	}
	return c.Identity
}

// driverAddonVersion returns DriverAddonVersion with its default applied.
func (c Config) driverAddonVersion() string {
	if c.DriverAddonVersion == "" {
		return DefaultDriverAddonVersion
	}
	return c.DriverAddonVersion
}

// LogGroupPrefix is the start of every kafkaefs log group of a project ("/aws/efs/<project>-"):
// the node role may write efs-utils' logs there.
func LogGroupPrefix(project string) string { return "/aws/efs/" + project + "-" }

// efsUtilsLogGroup is efs-utils' own default log group (efs-utils.conf, [cloudwatch-log]
// log_group_name), which the driver's image does not change.
const efsUtilsLogGroup = "/aws/efs/utils"

// isToken reports whether s holds an unresolved cdktf token, as kafkaefs.IsToken does.
func isToken(s string) bool { return strings.Contains(s, "TfToken[") }

// EksClusterNamePattern is an EKS cluster name (RE2, for Go and Terraform alike): 1 to 100
// letters, digits, hyphens and underscores, starting with a letter or digit.
const EksClusterNamePattern = `^[0-9A-Za-z][0-9A-Za-z_-]{0,99}$`

var (
	reName           = regexp.MustCompile(`^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$`)
	reEksClusterName = regexp.MustCompile(EksClusterNamePattern)
	// reAddonVersion is an EKS add-on version: vMAJOR.MINOR.PATCH-eksbuild.N.
	reAddonVersion = regexp.MustCompile(`^v([0-9]+)\.([0-9]+)\.([0-9]+)-eksbuild\.[0-9]+$`)
)
