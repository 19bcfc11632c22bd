package efscsidriver

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testScope = Scope{Partition: "aws", Region: "us-east-1", Account: "123456789012"}

const (
	fileSystems  = "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/*"
	accessPoints = "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/*"
)

// bySid indexes statements by Sid, failing on a repeated one.
func bySid(t *testing.T, sts []Statement) map[string]Statement {
	t.Helper()
	out := map[string]Statement{}
	for _, s := range sts {
		require.NotContains(t, out, s.Sid)
		out[s.Sid] = s
	}
	return out
}

// TestPodIdentityTrustKeptExactly: Pod Identity may hand each role only to its service
// account in kube-system of this account's cluster, read from its session tags.
func TestPodIdentityTrustKeptExactly(t *testing.T) {
	for _, sa := range []string{ControllerServiceAccount, NodeServiceAccount} {
		assert.Equal(t, []Statement{{
			Sid: "EksPodIdentity", Effect: "Allow",
			PrincipalType: "Service", Principals: []string{"pods.eks.amazonaws.com"},
			Actions: []string{"sts:AssumeRole", "sts:TagSession"},
			Conditions: []Condition{
				{"StringEquals", "aws:RequestTag/eks-cluster-arn", "arn:aws:eks:us-east-1:123456789012:cluster/kafka-prod"},
				{"StringEquals", "aws:RequestTag/kubernetes-namespace", "kube-system"},
				{"StringEquals", "aws:RequestTag/kubernetes-service-account", sa},
			},
		}}, PodIdentityTrust(testScope, "kafka-prod", sa), sa)
	}
}

// TestIRSATrustKeptExactly: web identity tokens of the cluster's issuer, for exactly one
// service account, with STS as audience.
func TestIRSATrustKeptExactly(t *testing.T) {
	const host = "oidc.eks.us-east-1.amazonaws.com/id/ABC"
	assert.Equal(t, []Statement{{
		Sid: "EksIrsa", Effect: "Allow",
		PrincipalType: "Federated", Principals: []string{"arn:aws:iam::123456789012:oidc-provider/" + host},
		Actions: []string{"sts:AssumeRoleWithWebIdentity"},
		Conditions: []Condition{
			{"StringEquals", host + ":sub", "system:serviceaccount:kube-system:efs-csi-node-sa"},
			{"StringEquals", host + ":aud", "sts.amazonaws.com"},
		},
	}}, IRSATrust(testScope, host, NodeServiceAccount))
}

// TestControllerPermissions pins every controller statement: creation only on this
// cluster's file systems, tagging only at creation, deletion only of driver-tagged
// access points, and "*" only where the action has no resource-level permissions.
func TestControllerPermissions(t *testing.T) {
	got := bySid(t, ControllerPermissions(testScope, "kafka-prod"))
	assert.Equal(t, map[string]Statement{
		"DescribeFileSystems": {Sid: "DescribeFileSystems", Effect: "Allow",
			Actions:   []string{"elasticfilesystem:DescribeFileSystems", "elasticfilesystem:DescribeMountTargets", "elasticfilesystem:DescribeAccessPoints"},
			Resources: []string{fileSystems, accessPoints}},
		"DescribeAvailabilityZones": {Sid: "DescribeAvailabilityZones", Effect: "Allow",
			Actions: []string{"ec2:DescribeAvailabilityZones"}, Resources: []string{"*"}},
		"CreateAccessPointsOnThisClustersFileSystems": {Sid: "CreateAccessPointsOnThisClustersFileSystems", Effect: "Allow",
			Actions: []string{"elasticfilesystem:CreateAccessPoint"}, Resources: []string{fileSystems},
			Conditions: []Condition{
				{"StringEquals", "aws:ResourceTag/kafka-efs/csi-driver-cluster", "kafka-prod"},
				{"StringEquals", "aws:RequestTag/efs.csi.aws.com/cluster", "true"},
			}},
		"TagOnlyAtCreation": {Sid: "TagOnlyAtCreation", Effect: "Allow",
			Actions: []string{"elasticfilesystem:TagResource"}, Resources: []string{accessPoints},
			Conditions: []Condition{
				{"StringEquals", "elasticfilesystem:CreateAction", "CreateAccessPoint"},
				{"StringEquals", "aws:RequestTag/efs.csi.aws.com/cluster", "true"},
			}},
		"DeleteDriverAccessPoints": {Sid: "DeleteDriverAccessPoints", Effect: "Allow",
			Actions: []string{"elasticfilesystem:DeleteAccessPoint"}, Resources: []string{accessPoints},
			Conditions: []Condition{{"StringEquals", "aws:ResourceTag/efs.csi.aws.com/cluster", "true"}}},
	}, got)
	for _, s := range got {
		for _, a := range s.Actions {
			assert.False(t, strings.HasPrefix(a, "elasticfilesystem:Client"), "%s grants %s: the controller never mounts", s.Sid, a)
		}
	}
}

// TestNodePermissions: no Client* action (each file system policy grants it), mount
// target and zone lookups, and efs-utils' log permissions on the project's log groups and
// efs-utils' default group only.
func TestNodePermissions(t *testing.T) {
	got := bySid(t, NodePermissions(testScope, "kafka"))
	logs := "arn:aws:logs:us-east-1:123456789012:log-group:"
	assert.Equal(t, map[string]Statement{
		"FindMountTargets": {Sid: "FindMountTargets", Effect: "Allow",
			Actions: []string{"elasticfilesystem:DescribeMountTargets"}, Resources: []string{fileSystems}},
		"DescribeAvailabilityZones": {Sid: "DescribeAvailabilityZones", Effect: "Allow",
			Actions: []string{"ec2:DescribeAvailabilityZones"}, Resources: []string{"*"}},
		"EfsUtilsLogs": {Sid: "EfsUtilsLogs", Effect: "Allow",
			Actions: []string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents", "logs:PutRetentionPolicy"},
			Resources: []string{
				logs + "/aws/efs/kafka-*", logs + "/aws/efs/kafka-*:log-stream:*",
				logs + "/aws/efs/utils", logs + "/aws/efs/utils:log-stream:*",
			}},
	}, got)
}

func validConfig() Config {
	return Config{ProjectName: "kafka", Cluster: "prod", EksClusterName: "kafka-prod",
		CreateDriverAddon: true, CreatePodIdentityAgentAddon: true}
}

func TestValidateAccepts(t *testing.T) {
	for name, edit := range map[string]func(*Config){
		"defaults":                  func(*Config) {},
		"pinned version":            func(c *Config) { c.DriverAddonVersion = "v2.1.8-eksbuild.1" },
		"later major":               func(c *Config) { c.DriverAddonVersion = "v3.0.0-eksbuild.2" },
		"cluster name from a token": func(c *Config) { c.EksClusterName = "${TfToken[TOKEN.1]}" },
		"irsa without add-ons": func(c *Config) {
			c.Identity, c.CreateDriverAddon, c.CreatePodIdentityAgentAddon = IdentityIRSA, false, false
		},
		"role name of 64 characters": func(c *Config) { c.ProjectName, c.Cluster = strings.Repeat("k", 40), "prod" },
	} {
		c := validConfig()
		edit(&c)
		assert.NoError(t, c.Validate(), name)
	}
}

// TestValidateRefuses: each problem is reported with its field and value, all at once.
func TestValidateRefuses(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		edit       func(*Config)
	}{
		{"no project", `ProjectName = ""`, func(c *Config) { c.ProjectName = "" }},
		{"cluster from a token", `Cluster = "${TfToken[TOKEN.1]}": must be a literal`, func(c *Config) { c.Cluster = "${TfToken[TOKEN.1]}" }},
		{"cluster upper case", `Cluster = "Prod"`, func(c *Config) { c.Cluster = "Prod" }},
		{"role name of 65", `Cluster = "prod1"`, func(c *Config) { c.ProjectName, c.Cluster = strings.Repeat("k", 40), "prod1" }},
		{"no EKS cluster", `EksClusterName = ""`, func(c *Config) { c.EksClusterName = "" }},
		{"EKS cluster with a dot", `EksClusterName = "kafka.prod"`, func(c *Config) { c.EksClusterName = "kafka.prod" }},
		{"identity unknown", `Identity = "kiam"`, func(c *Config) { c.Identity = "kiam" }},
		{"add-on with irsa", `CreateDriverAddon = "true": not with Identity irsa`, func(c *Config) { c.Identity, c.CreatePodIdentityAgentAddon = IdentityIRSA, false }},
		{"agent with irsa", `CreatePodIdentityAgentAddon = "true"`, func(c *Config) { c.Identity, c.CreateDriverAddon = IdentityIRSA, false }},
		{"version format", `DriverAddonVersion = "2.1.15"`, func(c *Config) { c.DriverAddonVersion = "2.1.15" }},
		{"version below the minimum", `DriverAddonVersion = "v2.1.7-eksbuild.3": must be v2.1.8 or later`, func(c *Config) { c.DriverAddonVersion = "v2.1.7-eksbuild.3" }},
		{"old major", `DriverAddonVersion = "v1.7.0-eksbuild.1": must be v2.1.8 or later`, func(c *Config) { c.DriverAddonVersion = "v1.7.0-eksbuild.1" }},
		{"version without add-on", `DriverAddonVersion = "v2.1.15-eksbuild.1": needs CreateDriverAddon`, func(c *Config) { c.CreateDriverAddon, c.DriverAddonVersion = false, "v2.1.15-eksbuild.1" }},
		{"reserved tag", `Tags["aws:x"]`, func(c *Config) { c.Tags = map[string]string{"aws:x": "y"} }},
	} {
		c := validConfig()
		tc.edit(&c)
		err := c.Validate()
		if assert.Error(t, err, tc.name) {
			assert.Contains(t, err.Error(), tc.want, tc.name)
		}
	}
	c := Config{}
	err := c.Validate()
	require.Error(t, err)
	assert.Len(t, strings.Split(err.Error(), "\n"), 3, "every problem at once: ProjectName, Cluster, EksClusterName")
}

func TestDefaultDriverAddonVersionIsValid(t *testing.T) {
	assert.NoError(t, CheckDriverAddonVersion(DefaultDriverAddonVersion))
	assert.Equal(t, "kafka-prod-efs-csi-node", NodeRoleName("kafka", "prod"))
	assert.Equal(t, validConfig().NodeRoleName(), NodeRoleName("kafka", "prod"))
	assert.Equal(t, "kafka-prod-efs-csi-controller", validConfig().ControllerRoleName())
}
