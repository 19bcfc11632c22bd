package stacks

import (
	"fmt"
	"slices"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
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
		Identity:                    c.Identity,
		CreateDriverAddon:           c.DriverAddon,
		DriverAddonVersion:          s.DriverAddonVersion,
		CreatePodIdentityAgentAddon: c.PodIdentityAgentAddon && !slices.Contains(s.ExistingAgentClusters, c.Name),
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
// none (an empty list, not an error), and the postcondition refuses that.
func nodeRoleLookup(stack cdktf.TerraformStack, c Cluster, s Settings) string {
	// The name holds lower-case letters, digits and hyphens only: no regexp metacharacter.
	name := efscsidriver.NodeRoleName(s.ProjectName, c.Name)
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
	hclrender.Lifecycle(*cdktf.App_Of(stack).HclOutput(), roles, lifecycle)
	return *cdktf.Token_AsString(cdktf.Fn_One(roles.Arns()), nil)
}

// clusterOf returns the cluster an environment names.
func clusterOf(clusters []Cluster, env Environment) (Cluster, bool) {
	i := slices.IndexFunc(clusters, func(c Cluster) bool { return c.Name == env.Cluster })
	if i < 0 {
		return Cluster{}, false
	}
	return clusters[i], true
}
