// Package efscsidriver builds what the AWS EFS CSI driver needs once per EKS cluster: the
// controller's and the node's IAM roles (EKS Pod Identity or IRSA), their Pod Identity
// associations, the aws-efs-csi-driver add-on and, optionally, the eks-pod-identity-agent
// add-on. EKS allows one association per service account and one add-on of a name per
// cluster, so none of these may live in a file system's stack: any number of file systems
// (package kafkaefs) name the cluster's node role in their policies instead.
//
// Config, its validation, the role names and the policy statements are plain Go in package
// efs/csidriver, which never starts the jsii kernel; this package wires typed resources
// from them and keeps their names as its own (csidriver.go).
package efscsidriver

import (
	"fmt"
	"strconv"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawscalleridentity"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawseksaddonversion"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsekscluster"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawseksclusters"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawspartition"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsregion"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/eksaddon"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ekspodidentityassociation"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrole"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrolepolicy"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/kafka-efs/kafka-efs/efs"
	"github.com/kafka-efs/kafka-efs/efs/csidriver"
	"github.com/kafka-efs/kafka-efs/internal/hclrender"
	"github.com/kafka-efs/kafka-efs/internal/policydoc"
)

// Driver is one cluster's EFS CSI driver identities and add-ons, as typed handles.
type Driver struct {
	constructs.Construct
	// Config is the validated configuration the construct was built from.
	Config Config
	// ControllerRole and NodeRole are the driver's identities; NodeRole is the one that
	// mounts (-o iam), which every file system policy of the cluster admits.
	ControllerRole, NodeRole iamrole.IamRole
	// Associations are the Pod Identity associations, controller then node; nil with IRSA.
	Associations []ekspodidentityassociation.EksPodIdentityAssociation
	// Policies are the roles' inline policies, controller then node: the driver add-on
	// depends on each.
	Policies []iamrolepolicy.IamRolePolicy
	// DriverAddon and AgentAddon are the EKS add-ons, or nil when not created.
	DriverAddon, AgentAddon eksaddon.EksAddon
}

// role is one of the driver's two identities.
type role struct {
	// key names the role in Terraform addresses (controller, node).
	key, serviceAccount, name, description string
	permissions                            []Statement
}

// New validates cfg and, only when it is valid, adds under a construct named id the
// driver's two roles with their trust and inline policies, the Pod Identity associations
// (pod-identity), and the add-ons cfg asks for. The driver add-on depends on the
// associations and on the agent add-on, so its pods are created after both; EKS makes an
// association effective "within several seconds" (CreatePodIdentityAssociation), which is
// not a guarantee: docs/clusters.md ("Propagation") restarts the node DaemonSet once.
func New(scope constructs.Construct, id string, cfg Config) (*Driver, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("efscsidriver %q: invalid Config:\n%w", id, err)
	}
	d := &Driver{Construct: constructs.NewConstruct(scope, jsii.String(id)), Config: cfg}
	s := Scope{
		Partition: *dataawspartition.NewDataAwsPartition(d.Construct, jsii.String("partition"), nil).Partition(),
		Region:    *dataawsregion.NewDataAwsRegion(d.Construct, jsii.String("region"), nil).Name(),
		Account:   *dataawscalleridentity.NewDataAwsCallerIdentity(d.Construct, jsii.String("account"), nil).AccountId(),
	}
	cluster := d.lookUpCluster()
	trust := func(sa string) []Statement { return PodIdentityTrust(s, cfg.EksClusterName, sa) }
	if cfg.IdentityOrDefault() == IdentityIRSA {
		issuer := cluster.Identity().Get(jsii.Number(0)).Oidc().Get(jsii.Number(0)).Issuer()
		// The provider's ARN and the condition keys name the issuer without its scheme.
		host := *cdktf.Fn_Replace(issuer, jsii.String("https://"), jsii.String(""))
		trust = func(sa string) []Statement { return IRSATrust(s, host, sa) }
	}
	roles := []role{
		{key: "controller", serviceAccount: ControllerServiceAccount, name: cfg.ControllerRoleName(),
			description: "EFS CSI driver controller: dynamic provisioning through access points",
			permissions: ControllerPermissions(s, cfg.Name(), cfg.DeleteAccessPoints)},
		{key: "node", serviceAccount: NodeServiceAccount, name: cfg.NodeRoleName(),
			description: "EFS CSI driver node: mounts the cluster's file systems with -o iam",
			permissions: NodePermissions(s)},
	}
	// The add-on waits for every policy of its roles (the inline ones are the only
	// kind), not only for the associations: a controller started before its policy exists
	// is denied until IAM catches up.
	var deps []cdktf.ITerraformDependable
	for _, r := range roles {
		iamRole := iamrole.NewIamRole(d.Construct, jsii.String(r.key+"-role"), &iamrole.IamRoleConfig{
			Name:             jsii.String(r.name),
			Description:      jsii.String(r.description + " (" + cfg.Name() + ")"),
			AssumeRolePolicy: d.document(r.key+"-trust", trust(r.serviceAccount)),
			Tags:             d.tags(r.name),
		})
		policy := iamrolepolicy.NewIamRolePolicy(d.Construct, jsii.String(r.key+"-policy"), &iamrolepolicy.IamRolePolicyConfig{
			Name:   jsii.String(r.name),
			Role:   iamRole.Id(),
			Policy: d.document(r.key+"-permissions", r.permissions),
		})
		d.Policies = append(d.Policies, policy)
		deps = append(deps, policy)
		if r.key == "controller" {
			d.ControllerRole = iamRole
		} else {
			d.NodeRole = iamRole
		}
		if cfg.IdentityOrDefault() == IdentityPodIdentity {
			a := ekspodidentityassociation.NewEksPodIdentityAssociation(d.Construct, jsii.String(r.key+"-pod-identity"),
				&ekspodidentityassociation.EksPodIdentityAssociationConfig{
					ClusterName:    jsii.String(cfg.EksClusterName),
					Namespace:      jsii.String(Namespace),
					ServiceAccount: jsii.String(r.serviceAccount),
					RoleArn:        iamRole.Arn(),
					Tags:           d.tags(r.name),
				})
			d.Associations = append(d.Associations, a)
			deps = append(deps, a)
		}
	}
	d.newAddons(deps, cluster)
	return d, nil
}

// lookUpCluster adds the plan-time lookup of the EKS cluster: data aws_eks_clusters lists
// the account's clusters in the region, and its postcondition fails the plan, naming
// EksClusterNameOrigin, when EksClusterName is not among them (aws_eks_cluster alone
// fails with the provider's "couldn't find resource", which names no input). The
// aws_eks_cluster read, which the IRSA trust and the add-on version check need, depends
// on that check, so it is not attempted after it fails.
func (d *Driver) lookUpCluster() dataawsekscluster.DataAwsEksCluster {
	c := d.Config
	origin := or(c.EksClusterNameOrigin, "EksClusterName")
	name := c.EksClusterName
	// cdktf writes a token (a variable) inside the expression as the bare reference; a
	// literal name needs quotes (it holds no quote or backslash: Validate).
	operand := name
	if !efs.IsToken(name) {
		operand = strconv.Quote(name)
	}
	check := &cdktf.TerraformResourceLifecycle{Postcondition: &[]*cdktf.Postcondition{{
		Condition: jsii.String("${contains(self.names, " + operand + ")}"),
		// No quotes around a token in the message: cdktf's HCL renderer (synth --hcl)
		// breaks the string there.
		ErrorMessage: jsii.String(fmt.Sprintf("%s = %s: no EKS cluster of that name in this account's region %s (clusters there: ${length(self.names) == 0 ? \"none\" : join(\", \", sort(self.names))}); set %s to the EKS cluster's name (aws eks list-clusters --region %s).",
			origin, name, c.Region, origin, c.Region)),
	}}}
	clusters := dataawseksclusters.NewDataAwsEksClusters(d.Construct, jsii.String("eks-clusters"), &dataawseksclusters.DataAwsEksClustersConfig{
		Lifecycle: check,
	})
	hclrender.Lifecycle(*cdktf.App_Of(d.Construct).HclOutput(), clusters, check)
	return dataawsekscluster.NewDataAwsEksCluster(d.Construct, jsii.String("eks-cluster"), &dataawsekscluster.DataAwsEksClusterConfig{
		Name:      jsii.String(c.EksClusterName),
		DependsOn: &[]cdktf.ITerraformDependable{clusters},
	})
}

// checkAddonVersion adds the plan-time check of the driver add-on's version against what
// EKS offers for the cluster's Kubernetes version. The provider's aws_eks_addon_version
// returns one version, not the list: the default one (most_recent false) or the newest
// (most_recent true). So the check refuses a pin newer than the newest build EKS offers
// for that Kubernetes version (a new pin on an older cluster, a region without the
// release), naming the setting and the version EKS would pick by default; a build older
// than the newest that EKS never listed still passes here and is refused by CreateAddon
// at apply. Versions compare as csidriver.AddonVersionAtLeast says.
func (d *Driver) checkAddonVersion(cluster dataawsekscluster.DataAwsEksCluster) []cdktf.ITerraformDependable {
	c := d.Config
	version := c.DriverAddonVersionOrDefault()
	origin := or(c.DriverAddonVersionOrigin, "DriverAddonVersion")
	lookup := func(id string, mostRecent bool, l *cdktf.TerraformResourceLifecycle) dataawseksaddonversion.DataAwsEksAddonVersion {
		return dataawseksaddonversion.NewDataAwsEksAddonVersion(d.Construct, jsii.String(id), &dataawseksaddonversion.DataAwsEksAddonVersionConfig{
			AddonName:         jsii.String(DriverAddon),
			KubernetesVersion: cluster.Version(),
			MostRecent:        jsii.Bool(mostRecent),
			Lifecycle:         l,
		})
	}
	def := lookup("driver-addon-default-version", false, nil)
	stack := cdktf.TerraformStack_Of(d.Construct)
	defRef := "data.aws_eks_addon_version." + *stack.GetLogicalId(def) + ".version"
	check := &cdktf.TerraformResourceLifecycle{Postcondition: &[]*cdktf.Postcondition{{
		Condition: jsii.String("${" + csidriver.AddonVersionAtLeast("self.version", version) + "}"),
		ErrorMessage: jsii.String(fmt.Sprintf("%s = %s: EKS offers %s for Kubernetes ${self.kubernetes_version} up to ${self.version} only, and would pick ${%s} by default; set %s to a version `aws eks describe-addon-versions --addon-name %s --kubernetes-version ${self.kubernetes_version}` lists (at least %s), or upgrade the cluster.",
			origin, version, DriverAddon, defRef, origin, DriverAddon, MinDriverAddonVersion)),
	}}}
	latest := lookup("driver-addon-newest-version", true, check)
	hclrender.Lifecycle(*cdktf.App_Of(d.Construct).HclOutput(), latest, check)
	return []cdktf.ITerraformDependable{latest}
}

// or returns v, or def when v is empty.
func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// newAddons adds the add-ons the Config asks for: the agent, then the driver once its
// identities are associated. Both resolve conflicts with a self-managed install of the
// same software (a Helm release) by taking over its fields; AWS offers nothing against
// an existing add-on of the name, which CreateAddon refuses: leave the flag off there.
func (d *Driver) newAddons(deps []cdktf.ITerraformDependable, cluster dataawsekscluster.DataAwsEksCluster) {
	c := d.Config
	if c.CreatePodIdentityAgentAddon {
		d.AgentAddon = eksaddon.NewEksAddon(d.Construct, jsii.String("pod-identity-agent-addon"), &eksaddon.EksAddonConfig{
			ClusterName:              jsii.String(c.EksClusterName),
			AddonName:                jsii.String(PodIdentityAgentAddon),
			ResolveConflictsOnCreate: jsii.String("OVERWRITE"),
			ResolveConflictsOnUpdate: jsii.String("OVERWRITE"),
			Tags:                     d.tags(c.Name() + "-" + PodIdentityAgentAddon),
		})
		deps = append(deps, d.AgentAddon)
	}
	if !c.CreateDriverAddon {
		return
	}
	deps = append(deps, d.checkAddonVersion(cluster)...)
	d.DriverAddon = eksaddon.NewEksAddon(d.Construct, jsii.String("driver-addon"), &eksaddon.EksAddonConfig{
		ClusterName:  jsii.String(c.EksClusterName),
		AddonName:    jsii.String(DriverAddon),
		AddonVersion: jsii.String(c.DriverAddonVersionOrDefault()),
		// Take over the fields of a driver installed before (e.g. with Helm) on create,
		// and reset fields changed outside Terraform to the add-on's on update.
		ResolveConflictsOnCreate: jsii.String("OVERWRITE"),
		ResolveConflictsOnUpdate: jsii.String("OVERWRITE"),
		Tags:                     d.tags(c.Name() + "-" + DriverAddon),
		DependsOn:                &deps,
	})
}

// document adds an aws_iam_policy_document of the statements (policydoc.New) and returns
// its JSON.
func (d *Driver) document(id string, statements []Statement) *string {
	return policydoc.New(d.Construct, id, statements).Json()
}

// tags returns the Config's tags and a Name tag for a resource.
func (d *Driver) tags(name string) *map[string]*string {
	t := map[string]*string{"Name": jsii.String(name)}
	for k, v := range d.Config.Tags {
		t[k] = jsii.String(v)
	}
	return &t
}
