package stacks

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-cdk-go/cdktf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafka-efs/kafka-efs/constructs/efscsidriver"
	"github.com/kafka-efs/kafka-efs/constructs/kafkaefs"

	"github.com/kafka-efs/kafka-efs/internal/kafkaefstest"
	"github.com/kafka-efs/kafka-efs/internal/tfjson"
)

// nodeRoleLookupExpr is the expression a file system stack admits its cluster's node role
// by: the one ARN its lookup by name found.
const nodeRoleLookupExpr = "data.aws_iam_role.efs-csi-node-role-trust.arn"

// Cluster variants beside the shipped ones: IRSA without add-ons, and prod's cluster with
// the agent already running and the driver moved to another version on purpose.
var (
	clusterVariantIRSA  = Cluster{Name: "irsa", Identity: efscsidriver.IdentityIRSA}
	clusterVariantMoved = Cluster{Name: "moved", DriverAddon: true, PodIdentityAgentAddon: true}
	// clusterVariantDelete asks for StorageClasses that delete their access points.
	clusterVariantDelete = Cluster{Name: "reclaim", DriverAddon: true, StorageClassReclaimDelete: true}
	movedAddonVersion    = "v3.3.0-eksbuild.1"
	clusterVariantDocs   = map[string]stackJSON{}
)

// synthesizeClusterVariants synthesizes the cluster variants into app; a failure panics
// like the shipped stacks' synth in TestMain.
func synthesizeClusterVariants(app cdktf.App) {
	moved := testSettings
	moved.ExistingAgentClusters, moved.DriverAddonVersion = []string{clusterVariantMoved.Name}, movedAddonVersion
	for _, v := range []struct {
		c Cluster
		s Settings
	}{{clusterVariantIRSA, testSettings}, {clusterVariantMoved, moved}, {clusterVariantDelete, testSettings}} {
		stack, err := NewCluster(app, v.c, v.s)
		if err != nil {
			panic(err)
		}
		_, clusterVariantDocs[v.c.Name] = synth(stack)
	}
}

// onlyData returns the reference to attr of the only data source of a type.
func onlyData(t *testing.T, s stackJSON, typ, attr string) string {
	t.Helper()
	ds := s.objects("data", typ)
	require.Len(t, ds, 1, typ)
	for name := range ds {
		return "${data." + typ + "." + name + "." + attr + "}"
	}
	return ""
}

// clusterScope is the Scope a cluster stack's policies are built from: its data sources.
func clusterScope(t *testing.T, s stackJSON) efscsidriver.Scope {
	return efscsidriver.Scope{
		Partition: onlyData(t, s, "aws_partition", "partition"),
		Region:    onlyData(t, s, "aws_region", "name"),
		Account:   onlyData(t, s, "aws_caller_identity", "account_id"),
	}
}

// statementJSON is st as the synthesized aws_iam_policy_document holds it.
func statementJSON(st efscsidriver.Statement) map[string]any {
	out := map[string]any{"sid": st.Sid, "effect": st.Effect, "actions": tfjson.Strings(st.Actions...)}
	if len(st.Resources) > 0 {
		out["resources"] = tfjson.Strings(st.Resources...)
	}
	if len(st.Principals) > 0 {
		out["principals"] = []any{map[string]any{"type": st.PrincipalType, "identifiers": tfjson.Strings(st.Principals...)}}
	}
	var conds []any
	for _, c := range st.Conditions {
		conds = append(conds, map[string]any{"test": c.Test, "variable": c.Variable, "values": tfjson.Strings(c.Values...)})
	}
	if conds != nil {
		out["condition"] = conds
	}
	return out
}

// roleOf returns the logical name and body of the cluster stack's role of an IAM name.
func roleOf(t *testing.T, s stackJSON, iamName string) (string, map[string]any) {
	t.Helper()
	for name, r := range s.resources("aws_iam_role") {
		if r["name"] == iamName {
			return name, r
		}
	}
	t.Fatalf("no role %s", iamName)
	return "", nil
}

// checkRoleDocuments compares a role's trust and inline policy with the statements.
func checkRoleDocuments(t *testing.T, s stackJSON, iamName string, trust, permissions []efscsidriver.Statement) string {
	t.Helper()
	name, r := roleOf(t, s, iamName)
	want := func(sts []efscsidriver.Statement) []any {
		var out []any
		for _, st := range sts {
			out = append(out, statementJSON(st))
		}
		return out
	}
	docs := s.block("data", "aws_iam_policy_document")
	trustDoc := strings.TrimSuffix(strings.TrimPrefix(r["assume_role_policy"].(string), "${data.aws_iam_policy_document."), ".json}")
	assert.Equal(t, want(trust), docs[trustDoc].(map[string]any)["statement"], "%s trust", iamName)
	var policies []map[string]any
	for _, p := range s.resources("aws_iam_role_policy") {
		if p["role"] == ref("aws_iam_role", name, "id") {
			policies = append(policies, p)
		}
	}
	require.Len(t, policies, 1, "one inline policy on %s", iamName)
	assert.Equal(t, want(permissions), docs[policyDocumentOf(t, policies[0])].(map[string]any)["statement"], "%s permissions", iamName)
	return name
}

// TestClusterStackPodIdentity: the shipped clusters' roles carry exactly the package's
// trust and permissions (pinned statement by statement in constructs/efscsidriver), one
// association per service account, and the add-ons: the agent, then the driver at the
// pinned version once both associations and the agent exist.
func TestClusterStackPodIdentity(t *testing.T) {
	require.ElementsMatch(t, []string{"cluster-dev", "cluster-prod"}, slices.Collect(maps.Keys(synthesizedClusters)))
	for stack, s := range synthesizedClusters {
		t.Run(stack, func(t *testing.T) {
			cluster := strings.TrimPrefix(stack, "cluster-")
			scope := clusterScope(t, s)
			eks := "${var.eks_cluster_name}"
			clusterTag := "confluent-kafka-" + cluster
			roles := map[string]string{}
			for _, r := range []struct {
				sa, name    string
				permissions []efscsidriver.Statement
			}{
				{efscsidriver.ControllerServiceAccount, "confluent-kafka-" + cluster + "-us-east-1-efs-csi-controller", efscsidriver.ControllerPermissions(scope, clusterTag, false)},
				{efscsidriver.NodeServiceAccount, "confluent-kafka-" + cluster + "-us-east-1-efs-csi-node", efscsidriver.NodePermissions(scope)},
			} {
				roles[r.sa] = checkRoleDocuments(t, s, r.name, efscsidriver.PodIdentityTrust(scope, eks, r.sa), r.permissions)
			}
			assert.Equal(t, efscsidriver.NodeRoleName("confluent-kafka", cluster, "us-east-1"), "confluent-kafka-"+cluster+"-us-east-1-efs-csi-node",
				"the name file system stacks look up")

			associations := s.resources("aws_eks_pod_identity_association")
			require.Len(t, associations, 2)
			var deps []any
			for name := range s.resources("aws_iam_role_policy") {
				deps = append(deps, "aws_iam_role_policy."+name)
			}
			require.Len(t, deps, 2, "an inline policy per role")
			for name, a := range associations {
				sa := a["service_account"].(string)
				assert.Equal(t, ref("aws_iam_role", roles[sa], "arn"), a["role_arn"], sa)
				assert.Equal(t, "kube-system", a["namespace"], sa)
				assert.Equal(t, eks, a["cluster_name"], sa)
				deps = append(deps, "aws_eks_pod_identity_association."+name)
			}
			addons := map[string]map[string]any{}
			for name, a := range s.resources("aws_eks_addon") {
				addons[a["addon_name"].(string)] = a
				if a["addon_name"] == efscsidriver.PodIdentityAgentAddon {
					deps = append(deps, "aws_eks_addon."+name)
				}
				assert.Equal(t, eks, a["cluster_name"])
				assert.Equal(t, "OVERWRITE", a["resolve_conflicts_on_create"], "field conflicts with a self-managed install")
			}
			require.Len(t, addons, 2)
			for name, v := range s.objects("data", "aws_eks_addon_version") {
				if v["most_recent"] == true {
					deps = append(deps, "data.aws_eks_addon_version."+name)
				}
			}
			driver := addons[efscsidriver.DriverAddon]
			assert.Equal(t, efscsidriver.DefaultDriverAddonVersion, driver["addon_version"], "pinned")
			assert.ElementsMatch(t, deps, driver["depends_on"], "the driver's pods start after every policy of its roles, the associations and the agent, and after the version check")
			assert.NotContains(t, driver, "service_account_role_arn", "the associations wire the roles")
			for _, o := range []string{"efs_csi_controller_role_arn", "efs_csi_node_role_arn", "efs_csi_node_role_name", "node_rollout_command"} {
				assert.Contains(t, s.block("output"), o)
			}
			assert.Equal(t, "kubectl -n kube-system rollout restart daemonset/efs-csi-node deployment/efs-csi-controller", s.output(t, "node_rollout_command"))
		})
	}
}

// TestClusterStackIRSA: each role trusts exactly its service account's web identity
// tokens from the cluster's issuer; no association, no add-on.
func TestClusterStackIRSA(t *testing.T) {
	s := clusterVariantDocs[clusterVariantIRSA.Name]
	scope := clusterScope(t, s)
	cluster := s.objects("data", "aws_eks_cluster")
	require.Len(t, cluster, 1)
	for name, c := range cluster {
		assert.Equal(t, "${var.eks_cluster_name}", c["name"])
		host := "${replace(data.aws_eks_cluster." + name + ".identity[0].oidc[0].issuer, \"https://\", \"\")}"
		checkRoleDocuments(t, s, "confluent-kafka-irsa-us-east-1-efs-csi-controller", efscsidriver.IRSATrust(scope, host, efscsidriver.ControllerServiceAccount),
			efscsidriver.ControllerPermissions(scope, "confluent-kafka-irsa", false))
		checkRoleDocuments(t, s, "confluent-kafka-irsa-us-east-1-efs-csi-node", efscsidriver.IRSATrust(scope, host, efscsidriver.NodeServiceAccount),
			efscsidriver.NodePermissions(scope))
	}
	assert.Empty(t, s.resources("aws_eks_pod_identity_association"))
	assert.Empty(t, s.resources("aws_eks_addon"))
}

// TestClusterStackLooksUpTheCluster: every cluster stack (IRSA too) lists the region's EKS
// clusters and fails the plan, naming the variable, unless eks_cluster_name is one; then
// reads that cluster, only after the check.
func TestClusterStackLooksUpTheCluster(t *testing.T) {
	docs := maps.Clone(synthesizedClusters)
	docs["irsa"] = clusterVariantDocs[clusterVariantIRSA.Name]
	for stack, s := range docs {
		lists := s.objects("data", "aws_eks_clusters")
		require.Len(t, lists, 1, stack)
		for name, l := range lists {
			post := l["lifecycle"].(map[string]any)["postcondition"].([]any)
			require.Len(t, post, 1)
			p := post[0].(map[string]any)
			assert.Equal(t, "${contains(self.names, var.eks_cluster_name)}", p["condition"], stack)
			assert.Contains(t, p["error_message"], `the variable eks_cluster_name = ${var.eks_cluster_name}: no EKS cluster of that name in this account's region us-east-1`, stack)
			assert.Contains(t, p["error_message"], "set the variable eks_cluster_name to the EKS cluster's name", stack)
			cluster := s.objects("data", "aws_eks_cluster")
			require.Len(t, cluster, 1, stack)
			for _, c := range cluster {
				assert.Equal(t, "${var.eks_cluster_name}", c["name"], stack)
				assert.Equal(t, []any{"data.aws_eks_clusters." + name}, c["depends_on"], "%s: read only after the name is found", stack)
			}
		}
	}
}

// TestClusterStackChecksTheAddonVersion: a cluster stack with the driver add-on looks up
// the default and the newest aws-efs-csi-driver EKS offers for the cluster's Kubernetes
// version, and fails the plan, naming KAFKA_EFS_CSI_DRIVER_ADDON_VERSION and the default,
// when the pinned version is newer than the newest; none without the add-on.
func TestClusterStackChecksTheAddonVersion(t *testing.T) {
	for _, tc := range []struct {
		stack   string
		s       stackJSON
		version string
	}{
		{"cluster-prod", synthesizedClusters["cluster-prod"], efscsidriver.DefaultDriverAddonVersion},
		{"cluster-dev", synthesizedClusters["cluster-dev"], efscsidriver.DefaultDriverAddonVersion},
		{"moved", clusterVariantDocs[clusterVariantMoved.Name], movedAddonVersion},
	} {
		versions := tc.s.objects("data", "aws_eks_addon_version")
		require.Len(t, versions, 2, tc.stack)
		var clusterName string
		for n := range tc.s.objects("data", "aws_eks_cluster") {
			clusterName = n
		}
		byRecent := map[bool]string{}
		for name, v := range versions {
			byRecent[v["most_recent"].(bool)] = name
			assert.Equal(t, efscsidriver.DriverAddon, v["addon_name"], tc.stack)
			assert.Equal(t, "${data.aws_eks_cluster."+clusterName+".version}", v["kubernetes_version"], "%s: the cluster's Kubernetes version", tc.stack)
		}
		require.Len(t, byRecent, 2, "%s: the default and the newest", tc.stack)
		assert.NotContains(t, versions[byRecent[false]], "lifecycle", "the default is for the message only")
		post := versions[byRecent[true]]["lifecycle"].(map[string]any)["postcondition"].([]any)
		require.Len(t, post, 1)
		p := post[0].(map[string]any)
		m := regexp.MustCompile(`^v(\d+)\.(\d+)\.(\d+)-eksbuild\.(\d+)$`).FindStringSubmatch(tc.version)
		require.NotNil(t, m)
		rank := 0
		for _, part := range m[1:] {
			n, _ := strconv.Atoi(part)
			rank = rank*1000 + n
		}
		assert.Equal(t, fmt.Sprintf(`${try(sum([for i, p in regex("^v([0-9]+)[.]([0-9]+)[.]([0-9]+)-eksbuild[.]([0-9]+)$", self.version) : tonumber(p) * pow(1000, 3 - i)]), 0) >= %d}`, rank), p["condition"], tc.stack)
		msg := p["error_message"].(string)
		assert.True(t, strings.HasPrefix(msg, "cdktf.json context.csiDriverAddonVersion (or KAFKA_EFS_CSI_DRIVER_ADDON_VERSION) = "+tc.version+": EKS offers aws-efs-csi-driver for Kubernetes ${self.kubernetes_version} up to ${self.version} only"), "%s: %s", tc.stack, msg)
		assert.Contains(t, msg, "would pick ${data.aws_eks_addon_version."+byRecent[false]+".version} by default", tc.stack)
	}
	assert.Empty(t, clusterVariantDocs[clusterVariantIRSA.Name].objects("data", "aws_eks_addon_version"), "no add-on, no version check")
}

// TestDeleteAccessPointFollowsTheCluster: the shipped clusters' controllers get no
// DeleteAccessPoint; a cluster with StorageClassReclaimDelete gets it on driver-tagged
// access points, and its file system stacks render reclaimPolicy Delete.
func TestDeleteAccessPointFollowsTheCluster(t *testing.T) {
	grants := func(s stackJSON) bool {
		for _, doc := range s.block("data", "aws_iam_policy_document") {
			for _, st := range doc.(map[string]any)["statement"].([]any) {
				for _, a := range st.(map[string]any)["actions"].([]any) {
					if a == "elasticfilesystem:DeleteAccessPoint" {
						return true
					}
				}
			}
		}
		return false
	}
	for stack, s := range synthesizedClusters {
		assert.False(t, grants(s), "%s: no DeleteAccessPoint by default", stack)
	}
	s := clusterVariantDocs[clusterVariantDelete.Name]
	require.True(t, grants(s), "a cluster with StorageClassReclaimDelete")
	scope := clusterScope(t, s)
	checkRoleDocuments(t, s, "confluent-kafka-reclaim-us-east-1-efs-csi-controller",
		efscsidriver.PodIdentityTrust(scope, "${var.eks_cluster_name}", efscsidriver.ControllerServiceAccount),
		efscsidriver.ControllerPermissions(scope, "confluent-kafka-reclaim", true))

	cfg := environment(t, "dev").Config
	cfg.ProjectName = "confluent-kafka"
	for _, del := range []bool{false, true} {
		c := clusterVariantDelete
		c.StorageClassReclaimDelete = del
		got := withCluster(cfg, testSettings, c)
		assert.Equal(t, del, got.StorageClassReclaimDelete)
		sc, err := got.StorageClassManifest("fs-0123", true)
		require.NoError(t, err)
		want := map[bool]string{false: "reclaimPolicy: Retain", true: "reclaimPolicy: Delete"}[del]
		assert.Contains(t, sc, want)
	}
}

// TestClusterStackSettings: KAFKA_EFS_EXISTING_POD_IDENTITY_AGENT leaves the agent out,
// and KAFKA_EFS_CSI_DRIVER_ADDON_VERSION moves the driver.
func TestClusterStackSettings(t *testing.T) {
	s := clusterVariantDocs[clusterVariantMoved.Name]
	addons := s.resources("aws_eks_addon")
	require.Len(t, addons, 1)
	for _, a := range addons {
		assert.Equal(t, efscsidriver.DriverAddon, a["addon_name"])
		assert.Equal(t, movedAddonVersion, a["addon_version"])
	}
}

// oncePerCluster names what EKS allows once per cluster: an add-on of a name, a Pod
// Identity association of a service account (namespace kube-system).
func oncePerCluster(s stackJSON) []string {
	var keys []string
	for _, a := range s.resources("aws_eks_addon") {
		keys = append(keys, "aws_eks_addon "+a["addon_name"].(string))
	}
	for _, a := range s.resources("aws_eks_pod_identity_association") {
		keys = append(keys, "aws_eks_pod_identity_association "+a["service_account"].(string))
	}
	return keys
}

// TestOneDriverPerCluster: across each cluster's stack and the file system stacks that
// name it, nothing EKS allows once per cluster is declared twice, and the file system
// stacks declare none of it (nor any IAM role of the driver).
func TestOneDriverPerCluster(t *testing.T) {
	for _, c := range Clusters() {
		seen := map[string]string{}
		add := func(stack string, s stackJSON) {
			for _, k := range oncePerCluster(s) {
				assert.NotContains(t, seen, k, "%s declares %s, which %s declares too", stack, k, seen[k])
				seen[k] = stack
			}
		}
		add(c.Stack(), synthesizedClusters[c.Stack()])
		served := 0
		for _, env := range Environments() {
			if env.Cluster != c.Name {
				continue
			}
			served++
			s := synthesized[env.Stack]
			add(env.Stack, s)
			assert.Empty(t, oncePerCluster(s), env.Stack)
			assert.Empty(t, driverRolePolicies(s), "%s: the driver's roles are the cluster's", env.Stack)
		}
		assert.Len(t, seen, 4, "%s: two add-ons, two associations", c.Name)
		assert.NotZero(t, served, c.Name)
	}
}

// TestFileSystemStacksFindTheirClustersNodeRole: each file system stack looks its
// cluster's node role up by exactly the name the cluster stack gives it, refuses to plan
// without it (naming the cluster stack to deploy first), and tags the file system for the
// cluster's controller.
func TestFileSystemStacksFindTheirClustersNodeRole(t *testing.T) {
	for _, env := range Environments() {
		t.Run(env.Stack, func(t *testing.T) {
			s := synthesized[env.Stack]
			lookups := s.objects("data", "aws_iam_roles")
			require.Len(t, lookups, 1)
			l := lookups["efs-csi-node-role"]
			require.NotNil(t, l)
			assert.Equal(t, "^"+efscsidriver.NodeRoleName("confluent-kafka", env.Cluster, "us-east-1")+"$", l["name_regex"])
			post := l["lifecycle"].(map[string]any)["postcondition"].([]any)[0].(map[string]any)
			assert.Equal(t, "${length(self.arns) == 1}", post["condition"])
			assert.Contains(t, post["error_message"], "cdktf deploy cluster-"+env.Cluster)
			assert.Contains(t, post["error_message"], "KAFKA_EFS_EXISTING_DRIVER="+env.Cluster)
			trust := s.objects("data", "aws_iam_role")
			require.Len(t, trust, 1)
			r := trust["efs-csi-node-role-trust"]
			require.NotNil(t, r, "the role found is read for its trust")
			assert.Equal(t, "${one(tolist(data.aws_iam_roles.efs-csi-node-role.names))}", r["name"])
			tp := r["lifecycle"].(map[string]any)["postcondition"].([]any)[0].(map[string]any)
			assert.Equal(t, "${"+nodeRoleTrustCheck("us-east-1")+"}", tp["condition"])
			for _, want := range []string{"pods.eks.amazonaws.com", "efs-csi-node-sa", "us[-]east[-]1", "oidc-provider/oidc[.]eks[.]", "system:serviceaccount:kube-system:efs-csi-node-sa"} {
				assert.Contains(t, tp["condition"], want)
			}
			assert.Contains(t, tp["error_message"], "its trust policy is ${self.assume_role_policy}", "the message shows what was found")
			assert.Contains(t, tp["error_message"], "KAFKA_EFS_EXISTING_DRIVER="+env.Cluster)
			fs := s.only(t, "aws_efs_file_system")
			assert.Equal(t, "confluent-kafka-"+env.Cluster, fs["tags"].(map[string]any)[efscsidriver.ClusterTagKey],
				"the tag the cluster's controller may create access points on")
			assert.NotContains(t, s.block("variable"), "eks_cluster_name", "a file system stack names its cluster in stacks/environments.go")
		})
	}
}

// TestExistingDriverStack: with KAFKA_EFS_EXISTING_DRIVER, the file system stack takes
// the node role as a required, validated variable, looks nothing up, creates nothing of
// the cluster's and imports nothing; and the cluster gets no stack.
func TestExistingDriverStack(t *testing.T) {
	var s stackJSON
	require.NoError(t, json.Unmarshal([]byte(rawSynth[existingDriverStack]), &s))
	assert.Empty(t, s.objects("data", "aws_iam_roles"))
	assert.Empty(t, driverRolePolicies(s))
	assert.Empty(t, oncePerCluster(s))
	assert.NotContains(t, s, "import")
	v := s.block("variable", "efs_csi_node_role_arn")
	require.NotNil(t, v)
	assert.NotContains(t, v, "default", "required: never an empty principal list")
	assert.Equal(t, false, v["nullable"])
	assert.Contains(t, v["validation"].([]any)[0].(map[string]any)["condition"], "var.efs_csi_node_role_arn")
	sts := kafkaefstest.PolicyStatements(t, s)
	kafkaefstest.CheckStatement(t, kafkaefstest.NodeRoleNeedsAccessPoint(tfjson.Strings("${var.efs_csi_node_role_arn}")), sts[kafkaefs.SidNodeRoleNeedsAccessPoint], kafkaefs.SidNodeRoleNeedsAccessPoint)
	assert.Equal(t, []any{map[string]any{"type": "AWS", "identifiers": "${concat([var.efs_csi_node_role_arn], var.efs_client_role_arns)}"}},
		sts["AllowMountAndWriteViaMountTarget"]["principals"])

	// The cluster stacks first, then the file system stacks in the order of Environments(),
	// which keeps the shipped ones in the spec's order.
	var envStacks, shippedStacks []string
	for _, env := range Environments() {
		envStacks = append(envStacks, env.Stack)
		if _, ok := shipped[env.Stack]; ok {
			shippedStacks = append(shippedStacks, env.Stack)
		}
	}
	assert.Equal(t, []string{"dev", "prod", "prod-high-performance"}, shippedStacks)
	existing := testSettings
	existing.ExistingDriverClusters = []string{"prod"}
	assert.Equal(t, append([]string{"cluster-dev"}, envStacks...), StackNames(Clusters(), Environments(), existing))
	assert.Equal(t, append([]string{"cluster-dev", "cluster-prod"}, envStacks...), StackNames(Clusters(), Environments(), testSettings))
}

// TestExistingDriverClusterTag: KAFKA_EFS_EXISTING_DRIVER_CLUSTER_TAG gives the file
// systems of a cluster whose driver belongs to another project that driver's tag value;
// a pair for a cluster with its own driver, or a value EFS refuses, is refused by name.
func TestExistingDriverClusterTag(t *testing.T) {
	s := SettingsFromEnv(getenv(map[string]string{
		"KAFKA_EFS_EXISTING_DRIVER":             "prod",
		"KAFKA_EFS_EXISTING_DRIVER_CLUSTER_TAG": " prod = payments-prod ",
	}))
	assert.Equal(t, map[string]string{"prod": "payments-prod"}, s.ExistingDriverClusterTags)
	prod, dev := Cluster{Name: "prod"}, Cluster{Name: "dev"}
	assert.Equal(t, "payments-prod", withClusterTag(nil, s, prod)[efscsidriver.ClusterTagKey], "the other project's driver")
	assert.Equal(t, "confluent-kafka-dev", withClusterTag(nil, s, dev)[efscsidriver.ClusterTagKey], "this project's driver")
	assert.Equal(t, "confluent-kafka-prod", withClusterTag(map[string]string{"a": "b"}, testSettings, prod)[efscsidriver.ClusterTagKey])
	assert.NoError(t, Check(Environments(), s))

	s.ExistingDriverClusterTags = map[string]string{"dev": "payments-dev", "prod": "bad,value"}
	err := Check(Environments(), s)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `KAFKA_EFS_EXISTING_DRIVER_CLUSTER_TAG = "dev=payments-dev": cluster "dev" is not in KAFKA_EFS_EXISTING_DRIVER`)
	assert.Contains(t, err.Error(), `KAFKA_EFS_EXISTING_DRIVER_CLUSTER_TAG = "prod=bad,value": the value must be 1 to 256 letters`)
	s.ExistingDriverClusterTags = map[string]string{"prod": ""}
	assert.ErrorContains(t, Check(Environments(), s), `"prod=": the value must be`)
	// A pair without its cluster in KAFKA_EFS_EXISTING_DRIVER never changes the tag.
	own := testSettings
	own.ExistingDriverClusterTags = map[string]string{"prod": "payments-prod"}
	assert.Equal(t, "confluent-kafka-prod", withClusterTag(nil, own, prod)[efscsidriver.ClusterTagKey])
}

// TestCheckClusters: the cluster settings and the environments' clusters are checked
// before anything is built, each problem naming its variable or field.
func TestCheckClusters(t *testing.T) {
	// Cluster names no cluster has, so that a user's new cluster cannot collide with them.
	noDriver, noAgent, nowhere := unusedName("fixture-no-driver"), unusedName("fixture-no-agent"), unusedName("fixture-nowhere")
	s := SettingsFromEnv(getenv(map[string]string{
		"KAFKA_EFS_EXISTING_DRIVER":             "prod, " + noDriver,
		"KAFKA_EFS_EXISTING_POD_IDENTITY_AGENT": noAgent,
		"KAFKA_EFS_CSI_DRIVER_ADDON_VERSION":    "v2.0.7-eksbuild.1",
	}))
	assert.Equal(t, []string{"prod", noDriver}, s.ExistingDriverClusters)
	envs := Environments()
	envs[0].Cluster = nowhere
	err := Check(envs, s)
	require.Error(t, err)
	for _, want := range []string{
		fmt.Sprintf(`KAFKA_EFS_EXISTING_DRIVER = "prod,%s": %q is not a cluster; allowed: a list of dev, prod`, noDriver, noDriver),
		fmt.Sprintf(`KAFKA_EFS_EXISTING_POD_IDENTITY_AGENT = %q: %q is not a cluster`, noAgent, noAgent),
		`KAFKA_EFS_CSI_DRIVER_ADDON_VERSION = "v2.0.7-eksbuild.1": must be v3.0.0 or later`,
		fmt.Sprintf(`stack dev: Cluster = %q: must name one of the clusters in stacks/clusters.go (dev, prod)`, nowhere),
	} {
		assert.Contains(t, err.Error(), want)
	}
	assert.NoError(t, Check(Environments(), testSettings))
}
