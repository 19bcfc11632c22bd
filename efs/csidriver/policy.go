package csidriver

import "github.com/kafka-efs/kafka-efs/efs"

// Statement and Condition are efs's plain IAM statements: both constructs build their
// policies as data and turn them into provider types in one place (internal/policydoc).
type (
	Statement = efs.Statement
	Condition = efs.Condition
)

// Scope holds the ARN parts of the account and region the stack deploys to, as literals
// or tokens (the stack's aws_partition, aws_region and aws_caller_identity).
type Scope struct{ Partition, Region, Account string }

// arn builds an ARN of this account and region.
func (s Scope) arn(service, resource string) string {
	return "arn:" + s.Partition + ":" + service + ":" + s.Region + ":" + s.Account + ":" + resource
}

// Trust of EKS Pod Identity and of IRSA's web identity tokens.
const (
	podIdentityService = "pods.eks.amazonaws.com"
	stsAudience        = "sts.amazonaws.com"
)

// PodIdentityTrust lets EKS Pod Identity hand a role only to the service account it is
// for, in Namespace of this account's cluster eksCluster. The conditions read the session
// tags Pod Identity adds to its AssumeRole request (EKS user guide, "Create IAM role with
// trust policy required by EKS Pod Identity" and "Enable or disable session tags"): the
// cluster ARN names the account too. An association created with session tags disabled
// cannot assume the role.
func PodIdentityTrust(s Scope, eksCluster, serviceAccount string) []Statement {
	return []Statement{{
		Sid: "EksPodIdentity", Effect: "Allow",
		PrincipalType: "Service", Principals: []string{podIdentityService},
		Actions: []string{"sts:AssumeRole", "sts:TagSession"},
		Conditions: []Condition{
			{Test: "StringEquals", Variable: "aws:RequestTag/eks-cluster-arn", Values: []string{s.arn("eks", "cluster/"+eksCluster)}},
			{Test: "StringEquals", Variable: "aws:RequestTag/kubernetes-namespace", Values: []string{Namespace}},
			{Test: "StringEquals", Variable: "aws:RequestTag/kubernetes-service-account", Values: []string{serviceAccount}},
		},
	}}
}

// IRSATrust trusts, for a service account, web identity tokens from the cluster's OIDC
// provider whose subject is exactly that service account and whose audience is STS.
// issuerHost is the provider's issuer URL without its scheme.
func IRSATrust(s Scope, issuerHost, serviceAccount string) []Statement {
	return []Statement{{
		Sid: "EksIrsa", Effect: "Allow",
		PrincipalType: "Federated", Principals: []string{"arn:" + s.Partition + ":iam::" + s.Account + ":oidc-provider/" + issuerHost},
		Actions: []string{"sts:AssumeRoleWithWebIdentity"},
		Conditions: []Condition{
			{Test: "StringEquals", Variable: issuerHost + ":sub", Values: []string{"system:serviceaccount:" + Namespace + ":" + serviceAccount}},
			{Test: "StringEquals", Variable: issuerHost + ":aud", Values: []string{stsAudience}},
		},
	}}
}

// ControllerPermissions is AmazonEFSCSIDriverPolicy narrowed to the file systems of one
// cluster (clusterTag, Config.Name()):
//   - CreateAccessPoint only on a file system tagged ClusterTagKey = clusterTag, and
//     only with the driver's tag in the request;
//   - TagResource only as part of CreateAccessPoint (elasticfilesystem:CreateAction, EFS
//     user guide "Using tags"), on both resource types the Service Authorization
//     Reference lists for TagResource (access-point and file-system: which ARN EFS
//     authorizes a tag-on-create against is not documented, and a miss would deny every
//     dynamic provisioning), and only with the driver's tag: without the CreateAction
//     condition the controller could tag any access point, the stacks' own included, and
//     then meet the delete condition;
//   - DeleteAccessPoint only when deleteAccessPoints (Config.DeleteAccessPoints: a
//     StorageClass of the cluster has reclaimPolicy Delete), and only on access points
//     carrying the driver's tag, which only creation can set. The driver cannot add this
//     cluster's tag when installed as the EKS add-on: the add-on's configuration schema
//     has no controller.tags (the Helm chart's --tags; aws/containers-roadmap#2755, open),
//     so the delete is scoped to the account's driver-created access points, not to this
//     cluster's; with reclaimPolicy Retain (the default) the controller never deletes,
//     and gets no DeleteAccessPoint at all.
//
// The controller mounts only when delete-access-point-root-dir is on, which the
// StorageClass leaves off, so it gets no Client* action. A StorageClass with
// enableTagging "false" (driver v3.4.0 and later) requests no tag, so CreateAccessPoint is
// refused: keep the default, true.
func ControllerPermissions(s Scope, clusterTag string, deleteAccessPoints bool) []Statement {
	fileSystems, accessPoints := s.arn("elasticfilesystem", "file-system/*"), s.arn("elasticfilesystem", "access-point/*")
	sts := []Statement{
		{
			Sid: "DescribeFileSystems", Effect: "Allow",
			Actions:   []string{"elasticfilesystem:DescribeFileSystems", "elasticfilesystem:DescribeMountTargets", "elasticfilesystem:DescribeAccessPoints"},
			Resources: []string{fileSystems, accessPoints},
		},
		{
			// DescribeAvailabilityZones has no resource-level permissions.
			Sid: "DescribeAvailabilityZones", Effect: "Allow",
			Actions: []string{"ec2:DescribeAvailabilityZones"}, Resources: []string{"*"},
		},
		{
			Sid: "CreateAccessPointsOnThisClustersFileSystems", Effect: "Allow",
			Actions:   []string{"elasticfilesystem:CreateAccessPoint"},
			Resources: []string{fileSystems},
			Conditions: []Condition{
				{Test: "StringEquals", Variable: "aws:ResourceTag/" + ClusterTagKey, Values: []string{clusterTag}},
				{Test: "StringEquals", Variable: "aws:RequestTag/" + driverTagKey, Values: []string{"true"}},
			},
		},
		{
			Sid: "TagOnlyAtCreation", Effect: "Allow",
			Actions:   []string{"elasticfilesystem:TagResource"},
			Resources: []string{fileSystems, accessPoints},
			Conditions: []Condition{
				{Test: "StringEquals", Variable: "elasticfilesystem:CreateAction", Values: []string{"CreateAccessPoint"}},
				{Test: "StringEquals", Variable: "aws:RequestTag/" + driverTagKey, Values: []string{"true"}},
			},
		},
	}
	if deleteAccessPoints {
		sts = append(sts, Statement{
			Sid: "DeleteDriverAccessPoints", Effect: "Allow",
			Actions:    []string{"elasticfilesystem:DeleteAccessPoint"},
			Resources:  []string{accessPoints},
			Conditions: []Condition{{Test: "StringEquals", Variable: "aws:ResourceTag/" + driverTagKey, Values: []string{"true"}}},
		})
	}
	return sts
}

// NodePermissions is what the node pods' efs-utils needs beside the file system policies,
// which alone grant ClientMount and ClientWrite (an allow in a resource policy is enough
// within an account):
//   - the mount target lookup of efs-utils' fallback when the file system's DNS name does
//     not resolve, and the zone lookup that picks the node's mount target;
//   - efs-utils' CloudWatch Logs permissions (the actions of AmazonElasticFileSystemsUtils,
//     which the driver's https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/v3.4.1/docs/iam-policy-create.md
//     attaches to the node role: in the node
//     pod efs-utils uses the Pod Identity credentials), only on the one group efs-utils
//     writes to there, EfsUtilsLogGroup, and its streams.
func NodePermissions(s Scope) []Statement {
	logs := []string{s.arn("logs", "log-group:"+EfsUtilsLogGroup), s.arn("logs", "log-group:"+EfsUtilsLogGroup+":log-stream:*")}
	return []Statement{
		{
			Sid: "FindMountTargets", Effect: "Allow",
			Actions:   []string{"elasticfilesystem:DescribeMountTargets"},
			Resources: []string{s.arn("elasticfilesystem", "file-system/*")},
		},
		{
			// DescribeAvailabilityZones has no resource-level permissions.
			Sid: "DescribeAvailabilityZones", Effect: "Allow",
			Actions: []string{"ec2:DescribeAvailabilityZones"}, Resources: []string{"*"},
		},
		{
			Sid: "EfsUtilsLogs", Effect: "Allow",
			Actions: []string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams",
				"logs:PutLogEvents", "logs:PutRetentionPolicy"},
			Resources: logs,
		},
	}
}
