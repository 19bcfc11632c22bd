package stacks

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
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
const nodeRoleLookupExpr = "one(tolist(data.aws_iam_roles.efs-csi-node-role.arns))"

// Cluster variants beside the shipped ones: IRSA without add-ons, and prod's cluster with
// the agent already running and the driver moved to another version on purpose.
var (
	clusterVariantIRSA  = Cluster{Name: "irsa", Identity: efscsidriver.IdentityIRSA}
	clusterVariantMoved = Cluster{Name: "moved", DriverAddon: true, PodIdentityAgentAddon: true}
	movedAddonVersion   = "v2.3.1-eksbuild.1"
	clusterVariantDocs  = map[string]stackJSON{}
)

// synthesizeClusterVariants synthesizes the cluster variants into app; a failure panics
// like the shipped stacks' synth in TestMain.
func synthesizeClusterVariants(app cdktf.App) {
	moved := testSettings
	moved.ExistingAgentClusters, moved.DriverAddonVersion = []string{clusterVariantMoved.Name}, movedAddonVersion
	for _, v := range []struct {
		c Cluster
		s Settings
	}{{clusterVariantIRSA, testSettings}, {clusterVariantMoved, moved}} {
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
		conds = append(conds, map[string]any{"test": c.Test, "variable": c.Variable, "values": tfjson.Strings(c.Value)})
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
				{efscsidriver.ControllerServiceAccount, "confluent-kafka-" + cluster + "-efs-csi-controller", efscsidriver.ControllerPermissions(scope, clusterTag)},
				{efscsidriver.NodeServiceAccount, "confluent-kafka-" + cluster + "-efs-csi-node", efscsidriver.NodePermissions(scope, "confluent-kafka")},
			} {
				roles[r.sa] = checkRoleDocuments(t, s, r.name, efscsidriver.PodIdentityTrust(scope, eks, r.sa), r.permissions)
			}
			assert.Equal(t, efscsidriver.NodeRoleName("confluent-kafka", cluster), "confluent-kafka-"+cluster+"-efs-csi-node",
				"the name file system stacks look up")

			associations := s.resources("aws_eks_pod_identity_association")
			require.Len(t, associations, 2)
			var deps []any
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
			driver := addons[efscsidriver.DriverAddon]
			assert.Equal(t, efscsidriver.DefaultDriverAddonVersion, driver["addon_version"], "pinned")
			assert.ElementsMatch(t, deps, driver["depends_on"], "the driver's pods start after the associations and the agent")
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
		checkRoleDocuments(t, s, "confluent-kafka-irsa-efs-csi-controller", efscsidriver.IRSATrust(scope, host, efscsidriver.ControllerServiceAccount),
			efscsidriver.ControllerPermissions(scope, "confluent-kafka-irsa"))
		checkRoleDocuments(t, s, "confluent-kafka-irsa-efs-csi-node", efscsidriver.IRSATrust(scope, host, efscsidriver.NodeServiceAccount),
			efscsidriver.NodePermissions(scope, "confluent-kafka"))
	}
	assert.Empty(t, s.resources("aws_eks_pod_identity_association"))
	assert.Empty(t, s.resources("aws_eks_addon"))
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
			assert.Empty(t, s.resources("aws_iam_role_policy"), "%s: the driver's roles are the cluster's", env.Stack)
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
			assert.Equal(t, "^"+efscsidriver.NodeRoleName("confluent-kafka", env.Cluster)+"$", l["name_regex"])
			post := l["lifecycle"].(map[string]any)["postcondition"].([]any)[0].(map[string]any)
			assert.Equal(t, "${length(self.arns) == 1}", post["condition"])
			assert.Contains(t, post["error_message"], "cdktf deploy cluster-"+env.Cluster)
			assert.Contains(t, post["error_message"], "KAFKA_EFS_EXISTING_DRIVER="+env.Cluster)
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
	assert.Empty(t, s.resources("aws_iam_role_policy"))
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
		`KAFKA_EFS_CSI_DRIVER_ADDON_VERSION = "v2.0.7-eksbuild.1": must be v2.1.8 or later`,
		fmt.Sprintf(`stack dev: Cluster = %q: must name one of the clusters in stacks/clusters.go (dev, prod)`, nowhere),
	} {
		assert.Contains(t, err.Error(), want)
	}
	assert.NoError(t, Check(Environments(), testSettings))
}
