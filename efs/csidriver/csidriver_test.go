package csidriver

import (
	"slices"
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
				{Test: "StringEquals", Variable: "aws:RequestTag/eks-cluster-arn", Values: []string{"arn:aws:eks:us-east-1:123456789012:cluster/kafka-prod"}},
				{Test: "StringEquals", Variable: "aws:RequestTag/kubernetes-namespace", Values: []string{"kube-system"}},
				{Test: "StringEquals", Variable: "aws:RequestTag/kubernetes-service-account", Values: []string{sa}},
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
			{Test: "StringEquals", Variable: host + ":sub", Values: []string{"system:serviceaccount:kube-system:efs-csi-node-sa"}},
			{Test: "StringEquals", Variable: host + ":aud", Values: []string{"sts.amazonaws.com"}},
		},
	}}, IRSATrust(testScope, host, NodeServiceAccount))
}

// TestControllerPermissions pins every controller statement: creation only on this
// cluster's file systems, tagging only at creation, no deletion by default, and "*" only
// where the action has no resource-level permissions.
func TestControllerPermissions(t *testing.T) {
	got := bySid(t, ControllerPermissions(testScope, "kafka-prod", false))
	assert.Equal(t, map[string]Statement{
		"DescribeFileSystems": {Sid: "DescribeFileSystems", Effect: "Allow",
			Actions:   []string{"elasticfilesystem:DescribeFileSystems", "elasticfilesystem:DescribeMountTargets", "elasticfilesystem:DescribeAccessPoints"},
			Resources: []string{fileSystems, accessPoints}},
		"DescribeAvailabilityZones": {Sid: "DescribeAvailabilityZones", Effect: "Allow",
			Actions: []string{"ec2:DescribeAvailabilityZones"}, Resources: []string{"*"}},
		"CreateAccessPointsOnThisClustersFileSystems": {Sid: "CreateAccessPointsOnThisClustersFileSystems", Effect: "Allow",
			Actions: []string{"elasticfilesystem:CreateAccessPoint"}, Resources: []string{fileSystems},
			Conditions: []Condition{
				{Test: "StringEquals", Variable: "aws:ResourceTag/kafka-efs/csi-driver-cluster", Values: []string{"kafka-prod"}},
				{Test: "StringEquals", Variable: "aws:RequestTag/efs.csi.aws.com/cluster", Values: []string{"true"}},
			}},
		"TagOnlyAtCreation": {Sid: "TagOnlyAtCreation", Effect: "Allow",
			Actions: []string{"elasticfilesystem:TagResource"}, Resources: []string{fileSystems, accessPoints},
			Conditions: []Condition{
				{Test: "StringEquals", Variable: "elasticfilesystem:CreateAction", Values: []string{"CreateAccessPoint"}},
				{Test: "StringEquals", Variable: "aws:RequestTag/efs.csi.aws.com/cluster", Values: []string{"true"}},
			}},
	}, got)
	for _, s := range got {
		for _, a := range s.Actions {
			assert.False(t, strings.HasPrefix(a, "elasticfilesystem:Client"), "%s grants %s: the controller never mounts", s.Sid, a)
		}
	}
}

// TestTagResourceOnBothResourceTypesAtCreationOnly: TagResource is allowed on the
// file-system and access-point resources the Service Authorization Reference lists for
// it, only as part of CreateAccessPoint and only with the driver's tag, whatever the
// delete setting.
func TestTagResourceOnBothResourceTypesAtCreationOnly(t *testing.T) {
	for _, del := range []bool{false, true} {
		var tagging []Statement
		for _, s := range ControllerPermissions(testScope, "kafka-prod", del) {
			if slices.Contains(s.Actions, "elasticfilesystem:TagResource") {
				tagging = append(tagging, s)
			}
		}
		require.Len(t, tagging, 1, "one statement grants TagResource (delete %v)", del)
		st := tagging[0]
		assert.Equal(t, []string{"elasticfilesystem:TagResource"}, st.Actions, "TagResource alone")
		assert.ElementsMatch(t, []string{fileSystems, accessPoints}, st.Resources)
		assert.Contains(t, st.Conditions, Condition{Test: "StringEquals", Variable: "elasticfilesystem:CreateAction", Values: []string{"CreateAccessPoint"}})
		assert.Contains(t, st.Conditions, Condition{Test: "StringEquals", Variable: "aws:RequestTag/efs.csi.aws.com/cluster", Values: []string{"true"}})
		assert.Len(t, st.Conditions, 2)
	}
}

// TestDeleteAccessPointOnlyWhenAsked: no statement grants DeleteAccessPoint by default;
// with DeleteAccessPoints one does, on driver-tagged access points only.
func TestDeleteAccessPointOnlyWhenAsked(t *testing.T) {
	for _, s := range ControllerPermissions(testScope, "kafka-prod", false) {
		assert.NotContains(t, s.Actions, "elasticfilesystem:DeleteAccessPoint", s.Sid)
		for _, a := range s.Actions {
			assert.NotContains(t, a, "*", "%s: no wildcard action", s.Sid)
		}
	}
	got := bySid(t, ControllerPermissions(testScope, "kafka-prod", true))
	assert.Equal(t, Statement{Sid: "DeleteDriverAccessPoints", Effect: "Allow",
		Actions: []string{"elasticfilesystem:DeleteAccessPoint"}, Resources: []string{accessPoints},
		Conditions: []Condition{{Test: "StringEquals", Variable: "aws:ResourceTag/efs.csi.aws.com/cluster", Values: []string{"true"}}}}, got["DeleteDriverAccessPoints"])
	assert.Len(t, got, 5, "the four statements of the default, and the delete")
}

// TestNodePermissions: no Client* action (each file system policy grants it), mount
// target and zone lookups, and efs-utils' log permissions on /aws/efs/utils only, the
// one group efs-utils writes to in the driver's node pods.
func TestNodePermissions(t *testing.T) {
	got := bySid(t, NodePermissions(testScope))
	logs := "arn:aws:logs:us-east-1:123456789012:log-group:"
	assert.Equal(t, map[string]Statement{
		"FindMountTargets": {Sid: "FindMountTargets", Effect: "Allow",
			Actions: []string{"elasticfilesystem:DescribeMountTargets"}, Resources: []string{fileSystems}},
		"DescribeAvailabilityZones": {Sid: "DescribeAvailabilityZones", Effect: "Allow",
			Actions: []string{"ec2:DescribeAvailabilityZones"}, Resources: []string{"*"}},
		"EfsUtilsLogs": {Sid: "EfsUtilsLogs", Effect: "Allow",
			Actions:   []string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents", "logs:PutRetentionPolicy"},
			Resources: []string{logs + "/aws/efs/utils", logs + "/aws/efs/utils:log-stream:*"}},
	}, got)
}

func validConfig() Config {
	return Config{ProjectName: "kafka", Cluster: "prod", Region: "us-east-1", EksClusterName: "kafka-prod",
		CreateDriverAddon: true, CreatePodIdentityAgentAddon: true}
}

func TestValidateAccepts(t *testing.T) {
	for name, edit := range map[string]func(*Config){
		"defaults":                  func(*Config) {},
		"pinned version":            func(c *Config) { c.DriverAddonVersion = "v3.0.0-eksbuild.1" },
		"GovCloud":                  func(c *Config) { c.Region = "us-gov-west-1" },
		"later major":               func(c *Config) { c.DriverAddonVersion = "v3.0.0-eksbuild.2" },
		"cluster name from a token": func(c *Config) { c.EksClusterName = "${TfToken[TOKEN.1]}" },
		"irsa without add-ons": func(c *Config) {
			c.Identity, c.CreateDriverAddon, c.CreatePodIdentityAgentAddon = IdentityIRSA, false, false
		},
		// 30 + "-prod-" + "us-east-1" + "-efs-csi-controller" = 64
		"role name of 64 characters": func(c *Config) { c.ProjectName, c.Cluster = strings.Repeat("k", 30), "prod" },
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
		{"role name of 65", `Cluster = "prod1": with ProjectName "` + strings.Repeat("k", 30) + `" and Region "us-east-1" makes the IAM role name`, func(c *Config) { c.ProjectName, c.Cluster = strings.Repeat("k", 30), "prod1" }},
		{"long region", `shorten ProjectName or Cluster by 5`, func(c *Config) { c.ProjectName, c.Region = strings.Repeat("k", 30), "ap-southeast-4" }},
		{"no region", `Region = "": must be an AWS region name`, func(c *Config) { c.Region = "" }},
		{"region from a token", `Region = "${TfToken[TOKEN.2]}": must be a literal`, func(c *Config) { c.Region = "${TfToken[TOKEN.2]}" }},
		{"no EKS cluster", `EksClusterName = ""`, func(c *Config) { c.EksClusterName = "" }},
		{"EKS cluster with a dot", `EksClusterName = "kafka.prod"`, func(c *Config) { c.EksClusterName = "kafka.prod" }},
		{"identity unknown", `Identity = "kiam"`, func(c *Config) { c.Identity = "kiam" }},
		{"add-on with irsa", `CreateDriverAddon = "true": not with Identity irsa`, func(c *Config) { c.Identity, c.CreatePodIdentityAgentAddon = IdentityIRSA, false }},
		{"agent with irsa", `CreatePodIdentityAgentAddon = "true"`, func(c *Config) { c.Identity, c.CreateDriverAddon = IdentityIRSA, false }},
		{"version format", `DriverAddonVersion = "2.1.15"`, func(c *Config) { c.DriverAddonVersion = "2.1.15" }},
		{"version below the minimum", `DriverAddonVersion = "v2.9.9-eksbuild.1": must be v3.0.0 or later`, func(c *Config) { c.DriverAddonVersion = "v2.9.9-eksbuild.1" }},
		{"v2.3.1, before the efs: handle", `DriverAddonVersion = "v2.3.1-eksbuild.1": must be v3.0.0 or later: before it, the driver refuses the static volumes' handle`, func(c *Config) { c.DriverAddonVersion = "v2.3.1-eksbuild.1" }},
		{"the old pin", `DriverAddonVersion = "v2.1.15-eksbuild.1": must be v3.0.0 or later: before it, the driver refuses`, func(c *Config) { c.DriverAddonVersion = "v2.1.15-eksbuild.1" }},
		{"old major", `DriverAddonVersion = "v1.7.0-eksbuild.1": must be v3.0.0 or later`, func(c *Config) { c.DriverAddonVersion = "v1.7.0-eksbuild.1" }},
		{"version without add-on", `DriverAddonVersion = "v3.4.1-eksbuild.1": needs CreateDriverAddon`, func(c *Config) { c.CreateDriverAddon, c.DriverAddonVersion = false, "v3.4.1-eksbuild.1" }},
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
	assert.Len(t, strings.Split(err.Error(), "\n"), 4, "every problem at once: ProjectName, Cluster, Region, EksClusterName")
}

func TestDefaultDriverAddonVersionIsValid(t *testing.T) {
	assert.NoError(t, CheckDriverAddonVersion(DefaultDriverAddonVersion))
	assert.GreaterOrEqual(t, addonVersionRank(DefaultDriverAddonVersion), addonVersionRank(MinDriverAddonVersion+"-eksbuild.1"))
	assert.Equal(t, "kafka-prod-us-east-1-efs-csi-node", NodeRoleName("kafka", "prod", "us-east-1"))
	assert.Equal(t, validConfig().NodeRoleName(), NodeRoleName("kafka", "prod", "us-east-1"))
	assert.Equal(t, "kafka-prod-us-east-1-efs-csi-controller", validConfig().ControllerRoleName())
}

// TestRoleNamesDifferByRegion: one project and cluster name in two regions of an account
// never share a role name (IAM names are global to the account).
func TestRoleNamesDifferByRegion(t *testing.T) {
	east, west := validConfig(), validConfig()
	west.Region = "us-west-2"
	assert.NotEqual(t, east.NodeRoleName(), west.NodeRoleName())
	assert.NotEqual(t, east.ControllerRoleName(), west.ControllerRoleName())
	assert.Equal(t, "kafka-prod-us-west-2-efs-csi-node", west.NodeRoleName())
}

// TestAddonVersionRank orders versions as EKS builds them, the build number last.
func TestAddonVersionRank(t *testing.T) {
	for _, tc := range []struct{ lower, higher string }{
		{"v2.3.1-eksbuild.1", "v3.4.1-eksbuild.1"},
		{"v3.4.1-eksbuild.1", "v3.4.1-eksbuild.2"},
		{"v3.4.0-eksbuild.9", "v3.4.1-eksbuild.1"},
		{"v2.9.9-eksbuild.9", "v3.0.0-eksbuild.1"},
	} {
		assert.Less(t, addonVersionRank(tc.lower), addonVersionRank(tc.higher), "%s < %s", tc.lower, tc.higher)
	}
	assert.Equal(t, int64(3_004_001_001), addonVersionRank("v3.4.1-eksbuild.1"))
	assert.Equal(t, `try(sum([for i, p in regex("^v([0-9]+)[.]([0-9]+)[.]([0-9]+)-eksbuild[.]([0-9]+)$", self.version) : tonumber(p) * pow(1000, 3 - i)]), 0)`, versionRank("self.version"))
	assert.Equal(t, versionRank("self.version")+" >= 3004001001", AddonVersionAtLeast("self.version", "v3.4.1-eksbuild.1"))
}
