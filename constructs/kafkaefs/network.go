package kafkaefs

import (
	"fmt"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawssubnet"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawssubnets"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsmounttarget"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securitygroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcendpoint"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcsecuritygroupingressrule"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/kafka-efs/kafka-efs/internal/hclrender"
)

// Ports the security groups open, all TCP.
const (
	// NFSPort is the port of NFSv4.1, the only protocol EFS mount targets serve.
	NFSPort = 2049
	// httpsPort serves the elasticfilesystem API through the optional VPC endpoint.
	httpsPort = 443
)

// newNetwork adds the security group, its ingress rules and one mount target per
// private subnet, and the optional VPC endpoint.
//
// The security group has no egress rule: security groups are stateful, so NFS replies
// need none, and mount targets never open connections. Terraform removes the allow-all
// egress rule AWS adds to a new group.
func (k *KafkaEfs) newNetwork() {
	c := k.Config
	k.SecurityGroup = securitygroup.NewSecurityGroup(k.Construct, jsii.String("security-group"), &securitygroup.SecurityGroupConfig{
		Name:        jsii.String(c.Name() + "-efs-sg"),
		Description: jsii.String("EFS mount targets of " + c.Name() + ": NFS from the EKS nodes only"),
		VpcId:       jsii.String(c.VpcID),
		Tags:        k.tags(c.Name() + "-efs-sg"),
		// The rules are separate resources, so changing one never replaces the group.
		// Revoking every rule before deleting the group keeps a rule added outside
		// Terraform from blocking the deletion.
		RevokeRulesOnDelete: jsii.Bool(true),
	})
	k.allowIngress("nfs-from-eks-nodes", k.SecurityGroup.Id(), NFSPort,
		"NFS from the EKS node security group", jsii.String(c.EksNodeSecurityGroupID), nil)
	if len(c.AdditionalSourceSecurityGroupIDs) > 0 {
		sources := cdktf.TerraformIterator_FromList(jsii.Strings(c.AdditionalSourceSecurityGroupIDs...))
		k.allowIngress("nfs-from-additional-sources", k.SecurityGroup.Id(), NFSPort,
			"NFS from an additional allowed security group", cdktf.Token_AsString(sources.Value(), nil), sources)
	}

	// for_each over the subnet list keeps each mount target's address keyed by its subnet:
	// adding or removing one subnet touches only that mount target, and it works when the
	// list is a variable known only at deploy time.
	subnets := cdktf.TerraformIterator_FromList(jsii.Strings(c.PrivateSubnetIDs...))
	lifecycle := &cdktf.TerraformResourceLifecycle{Precondition: k.subnetPreconditions()}
	k.MountTargets = efsmounttarget.NewEfsMountTarget(k.Construct, jsii.String("mount-target"), &efsmounttarget.EfsMountTargetConfig{
		ForEach:        subnets,
		FileSystemId:   k.FileSystem.Id(),
		SubnetId:       cdktf.Token_AsString(subnets.Value(), nil),
		SecurityGroups: &[]*string{k.SecurityGroup.Id()},
		Lifecycle:      lifecycle,
	})
	hclrender.Lifecycle(k.hcl, k.MountTargets, lifecycle)

	if c.CreateVpcEndpoint {
		k.newVpcEndpoint()
	}
}

// subnetPreconditions look the private subnets up and return the mount target's
// preconditions: one subnet per availability zone, and every subnet in the security
// group's VPC. AWS refuses a second mount target in a zone only at apply, after the file
// system exists; the preconditions fail the plan instead, and their messages name the
// subnets with their zone or VPC.
//
// data "aws_subnet" (one per private subnet) gives each subnet's VPC and zone; data
// "aws_subnets" (one per zone found) lists the private subnets EC2 places in that zone.
// The zone check reads the second, so that a test can give both lookups fixed values
// (OpenTofu's override_data takes one value for every instance) and still pass or fail.
func (k *KafkaEfs) subnetPreconditions() *[]*cdktf.Precondition {
	stack := cdktf.TerraformStack_Of(k.Construct)
	lookup := cdktf.TerraformIterator_FromList(jsii.Strings(k.Config.PrivateSubnetIDs...))
	subnet := dataawssubnet.NewDataAwsSubnet(k.Construct, jsii.String("private-subnet"), &dataawssubnet.DataAwsSubnetConfig{
		ForEach: lookup,
		Id:      cdktf.Token_AsString(lookup.Value(), nil),
	})
	subnets := "data.aws_subnet." + *stack.GetLogicalId(subnet)
	zones := dataawssubnets.NewDataAwsSubnets(k.Construct, jsii.String("private-subnets-in-zone"), &dataawssubnets.DataAwsSubnetsConfig{
		Filter: &[]*dataawssubnets.DataAwsSubnetsFilter{
			{Name: jsii.String("subnet-id"), Values: jsii.Strings(k.Config.PrivateSubnetIDs...)},
			{Name: jsii.String("availability-zone"), Values: jsii.Strings("${each.key}")},
		},
	})
	zones.AddOverride(jsii.String("for_each"), fmt.Sprintf("${toset([for s in %s : s.availability_zone])}", subnets))
	byZone := "data.aws_subnets." + *stack.GetLogicalId(zones)
	vpc := "aws_security_group." + *stack.GetLogicalId(k.SecurityGroup) + ".vpc_id"
	return &[]*cdktf.Precondition{
		{
			Condition: jsii.String(fmt.Sprintf("${alltrue([for zone, found in %s : length(found.ids) <= 1])}", byZone)),
			ErrorMessage: jsii.String(fmt.Sprintf("private_subnet_ids must hold one subnet per availability zone (EFS allows one mount target per zone), but ${join(\"; \", [for zone, found in %s : \"${join(\", \", found.ids)} are all in ${zone}\" if length(found.ids) > 1])}: keep one subnet per zone.",
				byZone)),
		},
		{
			Condition: jsii.String(fmt.Sprintf("${alltrue([for s in %s : s.vpc_id == %s])}", subnets, vpc)),
			ErrorMessage: jsii.String(fmt.Sprintf("private_subnet_ids must all be in vpc_id ${%s}, but ${join(\", \", [for s in %s : \"${s.id} is in ${s.vpc_id}\" if s.vpc_id != %s])}: pass the private subnets of the EKS cluster's VPC.",
				vpc, subnets, vpc)),
		},
	}
}

// newVpcEndpoint adds an interface endpoint for the elasticfilesystem API in the private
// subnets, reachable over HTTPS from the EKS nodes only.
func (k *KafkaEfs) newVpcEndpoint() {
	c := k.Config
	sg := securitygroup.NewSecurityGroup(k.Construct, jsii.String("endpoint-security-group"), &securitygroup.SecurityGroupConfig{
		Name:                jsii.String(c.Name() + "-efs-endpoint-sg"),
		Description:         jsii.String("elasticfilesystem VPC endpoint of " + c.Name() + ": HTTPS from the EKS nodes only"),
		VpcId:               jsii.String(c.VpcID),
		Tags:                k.tags(c.Name() + "-efs-endpoint-sg"),
		RevokeRulesOnDelete: jsii.Bool(true),
	})
	k.allowIngress("https-from-eks-nodes", sg.Id(), httpsPort,
		"EFS API over HTTPS from the EKS node security group", jsii.String(c.EksNodeSecurityGroupID), nil)
	vpcendpoint.NewVpcEndpoint(k.Construct, jsii.String("vpc-endpoint"), &vpcendpoint.VpcEndpointConfig{
		VpcId:             jsii.String(c.VpcID),
		ServiceName:       jsii.String("com.amazonaws." + *k.region().Name() + ".elasticfilesystem"),
		VpcEndpointType:   jsii.String("Interface"),
		PrivateDnsEnabled: jsii.Bool(true),
		SubnetIds:         jsii.Strings(c.PrivateSubnetIDs...),
		SecurityGroupIds:  &[]*string{sg.Id()},
		Tags:              k.tags(c.Name() + "-efs-endpoint"),
	})
}

// allowIngress adds an ingress rule named id to group: TCP port from the source security
// group, or, with forEach, one rule per source of the iterator (source is then its value).
// Every rule carries a Name tag and a description.
func (k *KafkaEfs) allowIngress(id string, group *string, port float64, description string, source *string, forEach cdktf.ITerraformIterator) {
	// Each instance of a for_each rule is named after its source.
	suffix := ""
	if forEach != nil {
		suffix = "-" + *source
	}
	vpcsecuritygroupingressrule.NewVpcSecurityGroupIngressRule(k.Construct, jsii.String(id), &vpcsecuritygroupingressrule.VpcSecurityGroupIngressRuleConfig{
		ForEach:                   forEach,
		SecurityGroupId:           group,
		IpProtocol:                jsii.String("tcp"),
		FromPort:                  jsii.Number(port),
		ToPort:                    jsii.Number(port),
		ReferencedSecurityGroupId: source,
		Description:               jsii.String(description),
		Tags:                      k.tags(k.Config.Name() + "-" + id + suffix),
	})
}
