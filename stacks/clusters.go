package stacks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsiamrole"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsiamroles"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/kafka-efs/kafka-efs/constructs/efscsidriver"
	"github.com/kafka-efs/kafka-efs/internal/hclrender"
)

// Cluster is one EKS cluster that file systems are served on: the EFS CSI driver's
// identities and add-ons live in the cluster's own stack, deployed before the file system
// stacks that name it (Environment.Cluster). The EKS cluster's real name comes in at deploy
// time (variable eks_cluster_name); Name is the cluster's name in this project.
type Cluster struct {
	// Name is the cluster in names: stack "cluster-<Name>", roles
	// "<project>-<Name>-efs-csi-controller" and "...-efs-csi-node".
	Name string
	// Identity is efscsidriver.IdentityPodIdentity (default when empty) or IdentityIRSA.
	Identity string
	// DriverAddon installs the aws-efs-csi-driver add-on (efscsidriver.Config.CreateDriverAddon).
	DriverAddon bool
	// PodIdentityAgentAddon installs eks-pod-identity-agent, unless the settings say the
	// cluster runs it already (the setting existingPodIdentityAgent).
	PodIdentityAgentAddon bool
	// RemoteState keeps the state in S3 when a state bucket is configured (see Settings).
	RemoteState bool
	// StorageClassReclaimDelete gives the StorageClass of every file system stack on this
	// cluster reclaimPolicy Delete (kafkaefs.Config.StorageClassReclaimDelete), and the
	// cluster's controller role DeleteAccessPoint on driver-tagged access points
	// (efscsidriver.Config.DeleteAccessPoints), which only that needs. Default false:
	// Retain, and no delete permission at all.
	StorageClassReclaimDelete bool
}

// Clusters returns the shipped clusters: dev, serving the dev file system, and prod,
// serving both production file systems (prod and prod-high-performance).
func Clusters() []Cluster {
	return []Cluster{
		{Name: "dev", DriverAddon: true, PodIdentityAgentAddon: true},
		{Name: "prod", DriverAddon: true, PodIdentityAgentAddon: true, RemoteState: true},
	}
}

// Stack is the cluster stack's name: its folder under cdktf.out/stacks and the argument
// of `cdktf deploy`.
func (c Cluster) Stack() string { return "cluster-" + c.Name }

// driverConfig returns the cluster's efscsidriver.Config under the settings; the EKS
// cluster name is set by the stack.
func (c Cluster) driverConfig(s Settings) efscsidriver.Config {
	return efscsidriver.Config{
		ProjectName:                 s.ProjectName,
		Cluster:                     c.Name,
		Region:                      s.Region,
		Identity:                    c.Identity,
		CreateDriverAddon:           c.DriverAddon,
		DriverAddonVersion:          s.DriverAddonVersion,
		CreatePodIdentityAgentAddon: c.PodIdentityAgentAddon && !slices.Contains(s.ExistingAgentClusters, c.Name),
		DeleteAccessPoints:          c.StorageClassReclaimDelete,
		EksClusterNameOrigin:        "the variable eks_cluster_name",
		DriverAddonVersionOrigin:    settingRef("csiDriverAddonVersion"),
	}
}

// ClusterStacks returns the clusters that get a stack under s: all but those whose driver
// exists already (the setting existingDriver).
func ClusterStacks(clusters []Cluster, s Settings) []Cluster {
	return slices.DeleteFunc(slices.Clone(clusters), func(c Cluster) bool {
		return slices.Contains(s.ExistingDriverClusters, c.Name)
	})
}

// StackNames returns the name of every stack main synthesizes, cluster stacks first (the
// deploy order).
func StackNames(clusters []Cluster, envs []Environment, s Settings) []string {
	var names []string
	for _, c := range ClusterStacks(clusters, s) {
		names = append(names, c.Stack())
	}
	for _, env := range envs {
		names = append(names, env.Stack)
	}
	return names
}

// NewCluster adds the stack of one cluster to scope: provider, backend, the variable
// eks_cluster_name, the driver's identities and add-ons, and their outputs.
func NewCluster(scope constructs.Construct, c Cluster, s Settings) (cdktf.TerraformStack, error) {
	stack := cdktf.NewTerraformStack(scope, jsii.String(c.Stack()))
	provider.NewAwsProvider(stack, jsii.String("aws"), &provider.AwsProviderConfig{
		Region: jsii.String(s.Region),
		DefaultTags: &[]*provider.AwsProviderDefaultTags{{Tags: &map[string]*string{
			"project":    jsii.String(s.ProjectName),
			"cluster":    jsii.String(c.Name),
			"managed-by": jsii.String(ManagedBy),
		}}},
	})
	stack.AddOverride(jsii.String("terraform.required_providers.aws.version"), jsii.String(ProviderVersionConstraint))
	addBackend(stack, c.Stack(), !c.RemoteState || s.StateBucket == "", s)

	cfg := c.driverConfig(s)
	cfg.EksClusterName = *declare(stack, clusterVariables)["eks_cluster_name"].StringValue()
	d, err := efscsidriver.New(stack, "efs-csi-driver", cfg)
	if err != nil {
		return nil, fmt.Errorf("stack %s: %w", c.Stack(), err)
	}
	output(stack, "efs_csi_controller_role_arn", "IAM role of the EFS CSI driver controller (kube-system/"+efscsidriver.ControllerServiceAccount+")", d.ControllerRole.Arn())
	output(stack, "efs_csi_node_role_arn", "IAM role of the EFS CSI driver node, the identity that mounts and that every file system policy of the cluster admits (kube-system/"+efscsidriver.NodeServiceAccount+")", d.NodeRole.Arn())
	output(stack, "efs_csi_node_role_name", "IAM name of the node role, which the cluster's file system stacks look up", d.NodeRole.Name())
	output(stack, "node_rollout_command", "Restarts the driver's pods once their Pod Identity associations are effective (docs/clusters.md, Propagation)",
		jsii.String("kubectl -n "+efscsidriver.Namespace+" rollout restart daemonset/efs-csi-node deployment/efs-csi-controller"))
	return stack, nil
}

// nodeRoleLookup adds the file system stack's lookup of its cluster's node role, by the
// name the cluster stack gives it, and returns the role's ARN. A missing role fails the
// plan with a message that names the cluster stack to deploy first: aws_iam_roles finds
// none (an empty list, not an error), and the postcondition refuses that. The role found
// is then read (aws_iam_role) and must trust, for kube-system/efs-csi-node-sa, EKS Pod
// Identity for a cluster of this region, or an EKS OIDC provider of this region (IRSA):
// a role of that name that trusts anything else (created by hand before the cluster
// stack, or by another tool) fails the plan, naming its trust, instead of being admitted
// by the file system policy. The file system stack does not know the EKS cluster's name
// (the cluster stack's variable), so the region, the service account and the kind of
// trust are what it checks.
func nodeRoleLookup(stack cdktf.TerraformStack, c Cluster, s Settings) string {
	// The name holds lower-case letters, digits and hyphens only: no regexp metacharacter.
	name := efscsidriver.NodeRoleName(s.ProjectName, c.Name, s.Region)
	lifecycle := &cdktf.TerraformResourceLifecycle{Postcondition: &[]*cdktf.Postcondition{{
		Condition: jsii.String("${length(self.arns) == 1}"),
		ErrorMessage: jsii.String(fmt.Sprintf("The EFS CSI driver's node role %s of cluster %s does not exist in this account: deploy the cluster stack first "+
			"(cdktf deploy %s --var='eks_cluster_name=...'), or, for a cluster whose driver came from elsewhere, synthesize with KAFKA_EFS_EXISTING_DRIVER=%s "+
			"and pass efs_csi_node_role_arn (docs/clusters.md).", name, c.Name, c.Stack(), c.Name)),
	}}}
	roles := dataawsiamroles.NewDataAwsIamRoles(stack, jsii.String("efs-csi-node-role"), &dataawsiamroles.DataAwsIamRolesConfig{
		NameRegex: jsii.String("^" + name + "$"),
		Lifecycle: lifecycle,
	})
	hcl := *cdktf.App_Of(stack).HclOutput()
	hclrender.Lifecycle(hcl, roles, lifecycle)

	trust := &cdktf.TerraformResourceLifecycle{Postcondition: &[]*cdktf.Postcondition{{
		Condition: jsii.String("${" + nodeRoleTrustCheck(s.Region) + "}"),
		ErrorMessage: jsii.String(fmt.Sprintf("The role ${self.arn} found by the name %s does not trust EKS Pod Identity (pods.eks.amazonaws.com, for a cluster of %s) "+
			"or an EKS OIDC provider of %s for kube-system/%s: its trust policy is ${self.assume_role_policy}. It is not the node role the cluster stack %s creates: "+
			"delete or rename it and deploy %s, or, for a driver installed by other means, synthesize with KAFKA_EFS_EXISTING_DRIVER=%s and pass its node role as efs_csi_node_role_arn (docs/clusters.md).",
			name, s.Region, s.Region, efscsidriver.NodeServiceAccount, c.Stack(), c.Stack(), c.Name)),
	}}}
	role := dataawsiamrole.NewDataAwsIamRole(stack, jsii.String("efs-csi-node-role-trust"), &dataawsiamrole.DataAwsIamRoleConfig{
		Name:      cdktf.Token_AsString(cdktf.Fn_One(roles.Names()), nil),
		Lifecycle: trust,
	})
	hclrender.Lifecycle(hcl, role, trust)
	return *role.Arn()
}

// nodeRoleTrustCheck is the Terraform expression, over self (a data aws_iam_role), that
// holds when one Allow statement of the role's trust policy admits the driver's node
// service account in region: EKS Pod Identity with the session tags of a cluster of the
// region (efscsidriver.PodIdentityTrust), or a web identity from an EKS OIDC provider of
// the region with that subject (efscsidriver.IRSATrust). Principal and condition values
// may be a string or a list in IAM's JSON: flatten takes both.
func nodeRoleTrustCheck(region string) string {
	sa := efscsidriver.NodeServiceAccount
	region = strings.ReplaceAll(region, "-", "[-]") // a region holds letters, digits and hyphens only
	return fmt.Sprintf(`anytrue([for st in flatten([try(jsondecode(self.assume_role_policy).Statement, [])]) : try(st.Effect, "") == "Allow" && (`+
		`(contains(flatten([try(st.Principal.Service, [])]), "pods.eks.amazonaws.com") && `+
		`anytrue([for v in flatten([try(st.Condition.StringEquals["aws:RequestTag/eks-cluster-arn"], [])]) : can(regex("^arn:[a-z-]+:eks:%s:[0-9]{12}:cluster/", v))]) && `+
		`contains(flatten([try(st.Condition.StringEquals["aws:RequestTag/kubernetes-service-account"], [])]), %q)) || `+
		`(anytrue([for p in flatten([try(st.Principal.Federated, [])]) : can(regex(":oidc-provider/oidc[.]eks[.]%s[.]", p))]) && `+
		`anytrue([for k, v in try(st.Condition.StringEquals, {}) : endswith(k, ":sub") && contains(flatten([v]), %q)])))])`,
		region, sa, region, "system:serviceaccount:"+efscsidriver.Namespace+":"+sa)
}

// clusterOf returns the cluster an environment names.
func clusterOf(clusters []Cluster, env Environment) (Cluster, bool) {
	i := slices.IndexFunc(clusters, func(c Cluster) bool { return c.Name == env.Cluster })
	if i < 0 {
		return Cluster{}, false
	}
	return clusters[i], true
}
