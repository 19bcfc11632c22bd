package kafkaefs

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawscalleridentity"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsekscluster"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsiampolicydocument"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawspartition"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsregion"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/eksaddon"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ekspodidentityassociation"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrole"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrolepolicy"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// How the EFS CSI driver's service accounts get their IAM roles (Config.CSIDriverIdentity).
const (
	// IdentityPodIdentity trusts the EKS Pod Identity agent (pods.eks.amazonaws.com) and
	// associates each role with its service account: the default. The node's mounts use it
	// from efs-utils 2.3.0 on (see docs/security.md, "Who mounts, and what the policy admits").
	IdentityPodIdentity = "pod-identity"
	// IdentityIRSA trusts the cluster's OIDC provider (IAM roles for service accounts),
	// for clusters without the Pod Identity agent. The service accounts must carry the
	// eks.amazonaws.com/role-arn annotation (the driver's Helm values; see docs/security.md).
	IdentityIRSA = "irsa"
	// IdentityNone creates no role: the caller brings the identities and lists the node's
	// in ClientRoleArns.
	IdentityNone = "none"
)

// The EFS CSI driver's service accounts, as its Helm chart and the EKS add-on name them.
const (
	CSIDriverNamespace       = "kube-system"
	ControllerServiceAccount = "efs-csi-controller-sa"
	NodeServiceAccount       = "efs-csi-node-sa"
)

// Names of the EKS managed add-ons the construct can install.
const (
	csiDriverAddon        = "aws-efs-csi-driver"
	podIdentityAgentAddon = "eks-pod-identity-agent"
)

// csiClusterTag is the tag the driver puts on every access point it creates; the
// controller may create, tag and delete only access points that carry it, so it can
// never delete the construct's own access points.
const csiClusterTag = "efs.csi.aws.com/cluster"

// Trust of EKS Pod Identity and of IRSA's web identity tokens.
const (
	podIdentityService = "pods.eks.amazonaws.com"
	stsAudience        = "sts.amazonaws.com"
)

// Role name suffixes; IAM role names are at most 64 characters.
const (
	controllerRoleSuffix = "-efs-csi-controller"
	nodeRoleSuffix       = "-efs-csi-node"
	maxRoleNameLen       = 64
)

type (
	policyStatement  = dataawsiampolicydocument.DataAwsIamPolicyDocumentStatement
	policyPrincipals = dataawsiampolicydocument.DataAwsIamPolicyDocumentStatementPrincipals
	policyCondition  = dataawsiampolicydocument.DataAwsIamPolicyDocumentStatementCondition
)

// condition is one condition of a policy statement.
func condition(test, variable string, values ...*string) *policyCondition {
	return &policyCondition{Test: jsii.String(test), Variable: jsii.String(variable), Values: &values}
}

// principals is a principals block of one type.
func principals(typ string, ids *[]*string) *[]*policyPrincipals {
	return &[]*policyPrincipals{{Type: jsii.String(typ), Identifiers: ids}}
}

// csiRole is one of the driver's two identities.
type csiRole struct {
	// key names the role in Terraform addresses and outputs (controller, node).
	key            string
	serviceAccount string
	suffix         string
	description    string
	// statements is the role's inline policy: what this identity needs, on this file
	// system wherever the action allows a narrower resource than "*".
	statements func(a awsScope) []*policyStatement
}

// awsScope holds the ARN parts of the account and region the stack deploys to, and the
// file system's ARN, for the roles' policies.
type awsScope struct {
	partition, region, account string
	fileSystemArn              string
}

// accessPoints is the ARN pattern of every access point in the account and region: an
// access point's ARN does not name its file system, and the driver's are created at run
// time, so this and the cluster tag condition are as narrow as IAM allows.
func (a awsScope) accessPoints() string {
	return "arn:" + a.partition + ":elasticfilesystem:" + a.region + ":" + a.account + ":access-point/*"
}

// csiRoles is the table of the driver's roles.
var csiRoles = []csiRole{
	{
		key: "controller", serviceAccount: ControllerServiceAccount, suffix: controllerRoleSuffix,
		description: "EFS CSI driver controller: dynamic provisioning through access points",
		// AmazonEFSCSIDriverPolicy narrowed to this file system. The controller only
		// mounts when delete-access-point-root-dir is on, which the StorageClass leaves
		// off, so it gets no Client* action.
		statements: func(a awsScope) []*policyStatement {
			return []*policyStatement{
				{
					Sid: jsii.String("DescribeThisFileSystem"), Effect: jsii.String("Allow"),
					Actions: jsii.Strings("elasticfilesystem:DescribeFileSystems", "elasticfilesystem:DescribeMountTargets",
						"elasticfilesystem:DescribeAccessPoints"),
					Resources: jsii.Strings(a.fileSystemArn, a.accessPoints()),
				},
				{
					// DescribeAvailabilityZones has no resource-level permissions.
					Sid: jsii.String("DescribeAvailabilityZones"), Effect: jsii.String("Allow"),
					Actions: jsii.Strings("ec2:DescribeAvailabilityZones"), Resources: jsii.Strings("*"),
				},
				{
					Sid: jsii.String("CreateTaggedAccessPoints"), Effect: jsii.String("Allow"),
					Actions:   jsii.Strings("elasticfilesystem:CreateAccessPoint", "elasticfilesystem:TagResource"),
					Resources: jsii.Strings(a.fileSystemArn, a.accessPoints()),
					Condition: &[]*policyCondition{condition("StringLike", "aws:RequestTag/"+csiClusterTag, jsii.String("true"))},
				},
				{
					Sid: jsii.String("DeleteOwnAccessPoints"), Effect: jsii.String("Allow"),
					Actions:   jsii.Strings("elasticfilesystem:DeleteAccessPoint"),
					Resources: jsii.Strings(a.accessPoints()),
					Condition: &[]*policyCondition{condition("StringEquals", "aws:ResourceTag/"+csiClusterTag, jsii.String("true"))},
				},
			}
		},
	},
	{
		key: "node", serviceAccount: NodeServiceAccount, suffix: nodeRoleSuffix,
		description: "EFS CSI driver node: mounts the file system with -o iam",
		statements: func(a awsScope) []*policyStatement {
			return []*policyStatement{
				{
					Sid: jsii.String("MountAndWriteThroughMountTargets"), Effect: jsii.String("Allow"),
					Actions:   jsii.Strings(actionClientMount, actionClientWrite),
					Resources: jsii.Strings(a.fileSystemArn),
					Condition: &[]*policyCondition{condition("Bool", keyAccessedViaMountTarget, jsii.String("true"))},
				},
				{
					// efs-utils falls back to a mount target's IP address when the file
					// system's DNS name does not resolve; it looks the mount target up.
					Sid: jsii.String("FindMountTargets"), Effect: jsii.String("Allow"),
					Actions:   jsii.Strings("elasticfilesystem:DescribeMountTargets"),
					Resources: jsii.Strings(a.fileSystemArn),
				},
				{
					// The same fallback picks the mount target in the node's zone by zone
					// ID; DescribeAvailabilityZones has no resource-level permissions.
					Sid: jsii.String("DescribeAvailabilityZones"), Effect: jsii.String("Allow"),
					Actions: jsii.Strings("ec2:DescribeAvailabilityZones"), Resources: jsii.Strings("*"),
				},
			}
		},
	},
}

// newCSIDriverIdentity adds, unless CSIDriverIdentity is none, the driver's two roles
// with their trust and inline policies, the Pod Identity associations (pod-identity mode)
// and the optional add-ons; it sets k.ControllerRole and k.NodeRole.
func (k *KafkaEfs) newCSIDriverIdentity() {
	c := k.Config
	if c.csiDriverIdentity() == IdentityNone {
		return
	}
	scope := awsScope{
		partition:     *k.partition().Partition(),
		region:        *k.region().Name(),
		account:       *dataawscalleridentity.NewDataAwsCallerIdentity(k.Construct, jsii.String("account"), nil).AccountId(),
		fileSystemArn: *k.FileSystem.Arn(),
	}
	trust := k.podIdentityTrust(scope)
	if c.csiDriverIdentity() == IdentityIRSA {
		trust = k.irsaTrust(scope)
	}
	var associations []cdktf.ITerraformDependable
	for _, r := range csiRoles {
		doc := func(id string, st []*policyStatement) *string {
			return dataawsiampolicydocument.NewDataAwsIamPolicyDocument(k.Construct, jsii.String(id),
				&dataawsiampolicydocument.DataAwsIamPolicyDocumentConfig{Statement: &st}).Json()
		}
		name := c.Name() + r.suffix
		role := iamrole.NewIamRole(k.Construct, jsii.String("csi-"+r.key+"-role"), &iamrole.IamRoleConfig{
			Name:             jsii.String(name),
			Description:      jsii.String(r.description + " (" + c.Name() + ")"),
			AssumeRolePolicy: doc("csi-"+r.key+"-trust", trust(r.serviceAccount)),
			Tags:             k.tags(name),
		})
		iamrolepolicy.NewIamRolePolicy(k.Construct, jsii.String("csi-"+r.key+"-policy"), &iamrolepolicy.IamRolePolicyConfig{
			Name:   jsii.String(name),
			Role:   role.Id(),
			Policy: doc("csi-"+r.key+"-permissions", r.statements(scope)),
		})
		if r.key == "controller" {
			k.ControllerRole = role
		} else {
			k.NodeRole = role
		}
		if c.csiDriverIdentity() == IdentityPodIdentity {
			associations = append(associations, ekspodidentityassociation.NewEksPodIdentityAssociation(k.Construct,
				jsii.String("csi-"+r.key+"-pod-identity"), &ekspodidentityassociation.EksPodIdentityAssociationConfig{
					ClusterName:    jsii.String(c.EksClusterName),
					Namespace:      jsii.String(CSIDriverNamespace),
					ServiceAccount: jsii.String(r.serviceAccount),
					RoleArn:        role.Arn(),
					Tags:           k.tags(name),
				}))
		}
	}
	k.newAddons(associations)
}

// trustPolicy returns a role's trust statements for the service account it serves.
type trustPolicy func(serviceAccount string) []*policyStatement

// podIdentityTrust lets EKS Pod Identity hand a role only to the service account it is
// for, in namespace CSIDriverNamespace of this account's cluster EksClusterName. The
// conditions read the session tags Pod Identity adds to its AssumeRole request (EKS user
// guide, "Create IAM role with trust policy required by EKS Pod Identity" and "Enable or
// disable session tags"): the cluster ARN names the account too. An association created
// with session tags disabled cannot assume the role.
func (k *KafkaEfs) podIdentityTrust(a awsScope) trustPolicy {
	clusterArn := "arn:" + a.partition + ":eks:" + a.region + ":" + a.account + ":cluster/" + k.Config.EksClusterName
	return func(serviceAccount string) []*policyStatement {
		return []*policyStatement{{
			Sid: jsii.String("EksPodIdentity"), Effect: jsii.String("Allow"),
			Principals: principals("Service", jsii.Strings(podIdentityService)),
			Actions:    jsii.Strings("sts:AssumeRole", "sts:TagSession"),
			Condition: &[]*policyCondition{
				condition("StringEquals", "aws:RequestTag/eks-cluster-arn", jsii.String(clusterArn)),
				condition("StringEquals", "aws:RequestTag/kubernetes-namespace", jsii.String(CSIDriverNamespace)),
				condition("StringEquals", "aws:RequestTag/kubernetes-service-account", jsii.String(serviceAccount)),
			},
		}}
	}
}

// irsaTrust trusts, for a service account, web identity tokens from the cluster's OIDC
// provider whose subject is exactly that service account and whose audience is STS.
func (k *KafkaEfs) irsaTrust(a awsScope) trustPolicy {
	cluster := dataawsekscluster.NewDataAwsEksCluster(k.Construct, jsii.String("eks-cluster"),
		&dataawsekscluster.DataAwsEksClusterConfig{Name: jsii.String(k.Config.EksClusterName)})
	issuer := cluster.Identity().Get(jsii.Number(0)).Oidc().Get(jsii.Number(0)).Issuer()
	// The provider's ARN and the condition keys name the issuer without its scheme.
	host := *cdktf.Fn_Replace(issuer, jsii.String("https://"), jsii.String(""))
	provider := "arn:" + a.partition + ":iam::" + a.account + ":oidc-provider/" + host
	return func(serviceAccount string) []*policyStatement {
		return []*policyStatement{{
			Sid: jsii.String("EksIrsa"), Effect: jsii.String("Allow"),
			Principals: principals("Federated", jsii.Strings(provider)),
			Actions:    jsii.Strings("sts:AssumeRoleWithWebIdentity"),
			Condition: &[]*policyCondition{
				condition("StringEquals", host+":sub", jsii.String("system:serviceaccount:"+CSIDriverNamespace+":"+serviceAccount)),
				condition("StringEquals", host+":aud", jsii.String(stsAudience)),
			},
		}}
	}
}

// newAddons adds the EKS managed add-ons the Config asks for: the Pod Identity agent,
// then the driver once its identities are associated, so its pods start with them.
func (k *KafkaEfs) newAddons(associations []cdktf.ITerraformDependable) {
	c := k.Config
	deps := associations
	if c.CreatePodIdentityAgentAddon {
		agent := eksaddon.NewEksAddon(k.Construct, jsii.String("pod-identity-agent-addon"), &eksaddon.EksAddonConfig{
			ClusterName: jsii.String(c.EksClusterName),
			AddonName:   jsii.String(podIdentityAgentAddon),
			Tags:        k.tags(c.Name() + "-" + podIdentityAgentAddon),
		})
		deps = append(deps, agent)
	}
	if !c.CreateCSIDriverAddon {
		return
	}
	cfg := &eksaddon.EksAddonConfig{
		ClusterName: jsii.String(c.EksClusterName),
		AddonName:   jsii.String(csiDriverAddon),
		// Take over the fields of a driver installed before (e.g. with Helm) on create, and
		// reset fields changed outside Terraform to the add-on's on update.
		ResolveConflictsOnCreate: jsii.String("OVERWRITE"),
		ResolveConflictsOnUpdate: jsii.String("OVERWRITE"),
		Tags:                     k.tags(c.Name() + "-" + csiDriverAddon),
		DependsOn:                &deps,
	}
	if c.CSIDriverAddonVersion != "" {
		cfg.AddonVersion = jsii.String(c.CSIDriverAddonVersion)
	}
	k.CSIDriverAddon = eksaddon.NewEksAddon(k.Construct, jsii.String("csi-driver-addon"), cfg)
}

// partition returns the construct's aws_partition data source, created on first use.
func (k *KafkaEfs) partition() dataawspartition.DataAwsPartition {
	if k.partitionData == nil {
		k.partitionData = dataawspartition.NewDataAwsPartition(k.Construct, jsii.String("partition"), nil)
	}
	return k.partitionData
}

// region returns the construct's aws_region data source, created on first use.
func (k *KafkaEfs) region() dataawsregion.DataAwsRegion {
	if k.regionData == nil {
		k.regionData = dataawsregion.NewDataAwsRegion(k.Construct, jsii.String("region"), nil)
	}
	return k.regionData
}
