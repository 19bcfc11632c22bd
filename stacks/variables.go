package stacks

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/kafka-efs/kafka-efs/constructs/efscsidriver"
	"github.com/kafka-efs/kafka-efs/constructs/kafkaefs"
)

// variables are the deploy-time inputs of a file system stack, as cdktf tokens.
type variables struct {
	vpcID, eksNodeSecurityGroupID    string
	privateSubnetIDs, clientRoleArns []string
	// nodeRoleArn is set only in stacks for a cluster whose driver exists already
	// (the setting existingDriver): the node role they admit.
	nodeRoleArn string
	// alarmEmails and alarmHTTPSEndpoints are list tokens, set only in stacks with an
	// alarm topic.
	alarmEmails, alarmHTTPSEndpoints []string
}

// variable is one Terraform variable and the rule its validation block enforces: the
// same pattern kafkaefs.Config.Validate applies to a literal value.
type variable struct {
	name, typ, description string
	condition, message     string
	// optional variables default to an empty list.
	optional bool
	// alarmsOnly variables exist only in stacks that create an alarm topic.
	alarmsOnly bool
	// existingDriverOnly variables exist only in file system stacks for a cluster whose
	// driver and roles exist already (Settings.ExistingDriverClusters).
	existingDriverOnly bool
}

// Patterns of the alarm subscriptions (RE2, for Terraform's regex). SNS confirms each
// address itself: the patterns only catch values that cannot be an address at all.
const (
	emailPattern = `^[^@\s]+@[^@\s]+\.[^@\s]+$`
	httpsPattern = `^https://[^\s/?#]+[^\s]*$`
)

// Conditions in Terraform syntax. Terraform's regex is RE2, like Go's regexp, so the
// patterns are kafkaefs's own.
var stackVariables = []variable{
	{
		name: "vpc_id", typ: "string",
		description: "VPC that holds the EFS security group (vpc-...)",
		condition:   `can(regex(` + hclString(kafkaefs.VpcIDPattern) + `, var.vpc_id))`,
		message:     "vpc_id must be a VPC ID: vpc- followed by 8 or 17 lower-case hex digits.",
	},
	{
		name: "private_subnet_ids", typ: "list(string)",
		description: "Private subnets for the mount targets, one per availability zone (subnet-...)",
		condition: `length(distinct(var.private_subnet_ids)) >= ` + strconv.Itoa(kafkaefs.MinPrivateSubnets) + ` && length(var.private_subnet_ids) <= ` + strconv.Itoa(kafkaefs.MaxPrivateSubnets) + ` && ` +
			`length(distinct(var.private_subnet_ids)) == length(var.private_subnet_ids) && ` +
			`alltrue([for s in var.private_subnet_ids : can(regex(` + hclString(kafkaefs.SubnetIDPattern) + `, s))])`,
		message: fmt.Sprintf("private_subnet_ids must hold %d to %d distinct subnet IDs (subnet- followed by 8 or 17 lower-case hex digits), one per availability zone.", kafkaefs.MinPrivateSubnets, kafkaefs.MaxPrivateSubnets),
	},
	{
		name: "eks_node_security_group_id", typ: "string",
		description: "Security group of the EKS nodes, the only source allowed to reach NFS (sg-...)",
		condition:   `can(regex(` + hclString(kafkaefs.SecurityGroupIDPattern) + `, var.eks_node_security_group_id))`,
		message:     "eks_node_security_group_id must be a security group ID: sg- followed by 8 or 17 lower-case hex digits.",
	},
	{
		name: "efs_client_role_arns", typ: "list(string)", optional: true,
		description: "Further IAM roles allowed to mount and write the file system with IAM authorization, with or without an access point, beside the cluster's EFS CSI driver node role (default none)",
		condition: `length(distinct(var.efs_client_role_arns)) == length(var.efs_client_role_arns) && ` +
			`alltrue([for a in var.efs_client_role_arns : can(regex(` + hclString(kafkaefs.IAMRoleArnPattern) + `, a))])`,
		message: "efs_client_role_arns must hold IAM role ARNs (arn:aws:iam::123456789012:role/name), each listed once.",
	},
	{
		name: "efs_csi_node_role_arn", typ: "string", existingDriverOnly: true,
		description: "IAM role of the existing EFS CSI driver's node service account (kube-system/efs-csi-node-sa) on the cluster: the file system policy admits it through access points. Required: kubectl -n kube-system get sa efs-csi-node-sa -o yaml, or the cluster's Pod Identity associations, name it",
		condition:   `can(regex(` + hclString(kafkaefs.IAMRoleArnPattern) + `, var.efs_csi_node_role_arn))`,
		message:     "efs_csi_node_role_arn must be the IAM role ARN (arn:aws:iam::123456789012:role/name) of the cluster's existing EFS CSI node role: see docs/clusters.md, \"Deploy order: an existing driver\".",
	},
	{
		name: "alarm_email_addresses", typ: "list(string)", optional: true, alarmsOnly: true,
		description: "E-mail addresses subscribed to the alarm topic (each confirms by mail); default none",
		condition: `length(distinct(var.alarm_email_addresses)) == length(var.alarm_email_addresses) && ` +
			`alltrue([for a in var.alarm_email_addresses : can(regex(` + hclString(emailPattern) + `, a))])`,
		message: "alarm_email_addresses must hold e-mail addresses (name@example.com), each listed once.",
	},
	{
		name: "alarm_https_endpoints", typ: "list(string)", optional: true, alarmsOnly: true,
		description: "HTTPS endpoints subscribed to the alarm topic (each must confirm the subscription); default none",
		condition: `length(distinct(var.alarm_https_endpoints)) == length(var.alarm_https_endpoints) && ` +
			`alltrue([for u in var.alarm_https_endpoints : can(regex(` + hclString(httpsPattern) + `, u))])`,
		message: "alarm_https_endpoints must hold https:// URLs without white space, each listed once.",
	},
}

// clusterVariables are the deploy-time inputs of a cluster stack.
var clusterVariables = []variable{{
	name: "eks_cluster_name", typ: "string",
	description: "EKS cluster whose EFS CSI driver the stack sets up: the trust, the Pod Identity associations and the add-ons name it",
	condition:   `can(regex(` + hclString(efscsidriver.EksClusterNamePattern) + `, var.eks_cluster_name))`,
	message:     "eks_cluster_name must be an EKS cluster name: 1 to 100 letters, digits, hyphens and underscores, starting with a letter or digit.",
}}

// variablesOf returns the variables a file system stack declares: all but the alarm
// subscriptions when it has no alarm topic, and the node role only for a cluster whose
// driver exists already.
func variablesOf(withAlarms, existingDriver bool) []variable {
	var out []variable
	for _, v := range stackVariables {
		if (!v.alarmsOnly || withAlarms) && (!v.existingDriverOnly || existingDriver) {
			out = append(out, v)
		}
	}
	return out
}

// newVariables declares a file system stack's Terraform variables and returns their
// values.
func newVariables(stack cdktf.TerraformStack, withAlarms, existingDriver bool) variables {
	v := declare(stack, variablesOf(withAlarms, existingDriver))
	out := variables{
		vpcID:                  *v["vpc_id"].StringValue(),
		privateSubnetIDs:       values(v["private_subnet_ids"].ListValue()),
		eksNodeSecurityGroupID: *v["eks_node_security_group_id"].StringValue(),
		clientRoleArns:         values(v["efs_client_role_arns"].ListValue()),
	}
	if existingDriver {
		out.nodeRoleArn = *v["efs_csi_node_role_arn"].StringValue()
	}
	if withAlarms {
		out.alarmEmails = values(v["alarm_email_addresses"].ListValue())
		out.alarmHTTPSEndpoints = values(v["alarm_https_endpoints"].ListValue())
	}
	return out
}

// declare adds the variables, each with its validation block, and returns them by name.
func declare(stack cdktf.TerraformStack, vars []variable) map[string]cdktf.TerraformVariable {
	v := map[string]cdktf.TerraformVariable{}
	for _, sv := range vars {
		cfg := &cdktf.TerraformVariableConfig{
			Type:        jsii.String(sv.typ),
			Description: jsii.String(sv.description),
			Nullable:    jsii.Bool(false),
			Validation: &[]*cdktf.TerraformVariableValidationConfig{{
				Condition:    jsii.String("${" + sv.condition + "}"),
				ErrorMessage: jsii.String(sv.message),
			}},
		}
		if sv.optional {
			cfg.Default = []string{}
		}
		v[sv.name] = cdktf.NewTerraformVariable(stack, jsii.String(sv.name), cfg)
	}
	return v
}

// values dereferences a list of jsii strings; a list token stays one element.
func values(p *[]*string) []string {
	out := make([]string, len(*p))
	for i, s := range *p {
		out[i] = *s
	}
	return out
}

// hclString quotes s as a Terraform string literal: backslashes and quotes escaped, and
// the template sequences ${ and %{ doubled so that a pattern is never read as one.
func hclString(s string) string {
	return `"` + hclEscaper.Replace(s) + `"`
}

var hclEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "${", "$${", "%{", "%%{")
