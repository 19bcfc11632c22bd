package kafkaefs

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
	"github.com/kafka-efs/kafka-efs/efs"
)

// Output is one value of a KafkaEfs that a stack may publish as a Terraform output. The
// construct adds no output by itself: a caller picks the values it wants and writes them
// with WriteOutputs under names of its choosing, so several KafkaEfs share a stack.
type Output struct {
	// Name is the output's name in this repository's stacks (file_system_id, mount_command,
	// ...), which the README, help and docs/kubernetes.md read with terraform output. It
	// is unique within one KafkaEfs.
	Name string
	// Description says what the value is, for the output's description.
	Description string
	// Value is the output's value: a string, list or object that may hold Terraform
	// references, resolved when Terraform applies.
	Value any
}

// Outputs returns the construct's values in a fixed order: the file system and its
// network, the log group, the dashboard (unless DisableDashboard), each access point
// created, the backup plan's parts (with BackupPlan), the node role (with NodeRoleArn),
// the mount command, the Kubernetes manifests and the workload fragments. The manifests
// and the mount command carry Terraform references in place of the IDs.
func (k *KafkaEfs) Outputs() []Output { return slices.Clone(k.outputs) }

// output records one value for Outputs, converted for the app's rendering (see hclText).
// Adding an output to the construct is one call of it in newOutputs or
// newWorkloadOutputs.
func (k *KafkaEfs) output(name, description string, value any) {
	k.outputs = append(k.outputs, Output{Name: name, Description: description, Value: hclText(k.hcl, value)})
}

// reOutputName is a Terraform identifier, which an output name must be: a letter or
// underscore, then letters, digits, underscores and hyphens.
var reOutputName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// WriteOutputs adds to stack one Terraform output per element of outputs, named exactly
// rename(o.Name) (not prefixed with a construct path), so that terraform output <name>
// reads it. A nil rename keeps the names, as this repository's stacks do; a stack with
// two KafkaEfs gives each its own names, e.g. func(n string) string { return "orders_" + n }.
//
// It refuses, adding nothing, a name that is not a Terraform identifier, a name given
// twice, and the name of an output the stack holds already (another KafkaEfs's, written
// by WriteOutputs, or one added to the stack itself): Terraform would keep one of them
// and drop the other without a word. The outputs are children of a construct
// "kafkaefs-outputs" of the stack, so that they never clash with a variable or resource
// of the stack that has the same id.
func WriteOutputs(stack cdktf.TerraformStack, outputs []Output, rename func(name string) string) error {
	if rename == nil {
		rename = func(name string) string { return name }
	}
	scope := stack.Node().TryFindChild(jsii.String(outputsScope))
	written := func(name string) bool {
		if scope != nil && scope.Node().TryFindChild(jsii.String(name)) != nil {
			return true
		}
		c := stack.Node().TryFindChild(jsii.String(name))
		return c != nil && *cdktf.TerraformOutput_IsTerraformOutput(c)
	}
	names := make([]string, len(outputs))
	for i, o := range outputs {
		name := rename(o.Name)
		switch {
		case !reOutputName.MatchString(name):
			return fmt.Errorf("output %q (from %s): not a Terraform output name: a letter or underscore, then letters, digits, underscores and hyphens", name, o.Name)
		case slices.Contains(names[:i], name):
			return fmt.Errorf("output %q (from %s): %s has this name too: rename one", name, o.Name, outputs[slices.Index(names[:i], name)].Name)
		case written(name):
			return fmt.Errorf("output %q (from %s): stack %s holds an output %s already (another KafkaEfs's?): choose names of this KafkaEfs's own, e.g. with a prefix",
				name, o.Name, *stack.Node().Id(), name)
		}
		names[i] = name
	}
	var parent constructs.Construct
	switch s := scope.(type) {
	case nil:
		parent = constructs.NewConstruct(stack, jsii.String(outputsScope))
	case constructs.Construct: // jsii hands back the Construct an earlier call created
		parent = s
	default:
		return fmt.Errorf("stack %s: its child %s is not the construct WriteOutputs creates there", *stack.Node().Id(), outputsScope)
	}
	for i, o := range outputs {
		cdktf.NewTerraformOutput(parent, jsii.String(names[i]), &cdktf.TerraformOutputConfig{
			Value:       o.Value,
			Description: jsii.String(o.Description),
			StaticId:    jsii.Bool(true),
		})
	}
	return nil
}

// outputsScope is the id of the construct, a child of the stack, that holds the outputs
// WriteOutputs adds.
const outputsScope = "kafkaefs-outputs"

// newOutputs records the spec's outputs for Outputs. Access point and volume outputs
// exist only for the access points that were created.
func (k *KafkaEfs) newOutputs() error {
	fs := k.FileSystem
	iam := k.Config.IAMAuthorization()
	mountTargets := cdktf.TerraformIterator_FromResources(k.MountTargets)
	k.output("file_system_id", "EFS file system ID (fs-...)", fs.Id())
	k.output("file_system_arn", "EFS file system ARN", fs.Arn())
	k.output("file_system_dns_name", "DNS name for mounting (<fs-id>.efs.<region>.amazonaws.com)", fs.DnsName())
	k.output("mount_target_ids", "Mount target IDs, one per private subnet", mountTargets.PluckProperty(jsii.String("id")))
	k.output("mount_target_ip_addresses", "Mount target IP addresses, one per availability zone", mountTargets.PluckProperty(jsii.String("ip_address")))
	k.output("security_group_id", "Security group of the mount targets", k.SecurityGroup.Id())
	k.output("log_group_name", "CloudWatch Logs group for EFS client logs", k.LogGroup.Name())
	if k.Dashboard != nil {
		k.output("dashboard_url", "CloudWatch console address of the file system's dashboard "+k.Config.DashboardName(),
			k.Config.DashboardURL(*k.region().Name()))
	}
	for _, ap := range k.Config.EnabledAccessPoints() {
		k.output(ap.IDOutput, "Access point ID (fsap-...) of "+ap.Path, k.AccessPoints[ap.Key].Id())
	}
	if b := k.Backup; b != nil {
		k.output("backup_vault_name", "AWS Backup vault holding the file system's recovery points", b.Vault.Name())
		k.output("backup_vault_arn", "ARN of the AWS Backup vault", b.Vault.Arn())
		k.output("backup_plan_id", "ID of the AWS Backup plan of the file system", b.Plan.Id())
		k.output("restore_testing_plan_name", "AWS Backup restore testing plan that restores the latest recovery point on its schedule", b.RestoreTestingPlan.Name())
	}
	if c := k.Config; c.NodeRoleArn != "" {
		k.output("efs_csi_node_role_arn", "IAM role of the cluster's EFS CSI driver node that the file system policy admits through access points", c.NodeRoleArn)
	}
	k.output("mount_command", "Command that mounts the file system at "+efs.MountPoint+" on Linux with amazon-efs-utils",
		efs.MountCommand(*fs.Id(), iam))

	c := k.Config
	sc, err := c.StorageClassManifest(*fs.Id(), iam)
	if err != nil {
		return err
	}
	k.output("kubernetes_storage_class", "StorageClass "+c.StorageClassName()+" for the EFS CSI driver (kubectl apply -f -)", sc)
	ids := map[string]string{}
	for _, ap := range c.EnabledAccessPoints() {
		ids[ap.Key] = *k.AccessPoints[ap.Key].Id()
		pv, err := c.VolumeManifest(ap, *fs.Id(), ids[ap.Key], iam)
		if err != nil {
			return err
		}
		k.output(ap.ManifestOutput, "PersistentVolume "+c.VolumeName(ap.Key)+" and PersistentVolumeClaim "+
			c.KubernetesNamespace()+"/"+c.ClaimName(ap.Key)+" for "+ap.Path+" (kubectl apply -f -)", pv)
	}
	bundle, err := c.KubernetesManifests(*fs.Id(), ids, iam)
	if err != nil {
		return err
	}
	k.output("kubernetes_manifests", "Every Kubernetes object of the file system in one multi-document YAML: namespace "+
		c.KubernetesNamespace()+" (unless OmitKubernetesNamespace), StorageClass, volumes and claims (kubectl apply -f -, or a GitOps repository)", bundle)
	return k.newWorkloadOutputs()
}

// newWorkloadOutputs records the outputs for the pods that use the claims: the smoke-test
// Job, and the Kafka Connect fragments of Confluent for Kubernetes (plugins) and Strimzi
// (backups, shared logs). Each exists only when the stack creates an access point it
// mounts, and names the claims and the namespace the volume outputs declare.
func (k *KafkaEfs) newWorkloadOutputs() error {
	aps := k.Config.EnabledAccessPoints()
	if len(aps) == 0 {
		return nil
	}
	c := k.Config
	job, err := c.SmokeTestManifest(aps)
	if err != nil {
		return err
	}
	k.output("kubernetes_smoke_test_job", "Claim "+c.SmokeTestClaimName()+" through StorageClass "+c.StorageClassName()+
		" and Job "+c.KubernetesNamespace()+"/"+c.SmokeTestJobName()+" that writes, reads and deletes a file on every claim and on it as uid "+
		strconv.Itoa(efs.PosixUID)+" (kubectl apply -f -; an Argo CD PostSync hook)", job)
	if ap, ok := efs.ConfluentPluginsAccessPoint(aps); ok {
		fragment, err := c.ConfluentConnectFragment(ap)
		if err != nil {
			return err
		}
		k.output("confluent_connect_fragment", efs.ConfluentOperator+" Connect fragment: mounts "+c.ClaimName(ap.Key)+
			" and adds it to plugin.path (merge into your Connect)", fragment)
	}
	if mounted := efs.StrimziAccessPoints(aps); len(mounted) > 0 {
		fragment, err := c.StrimziKafkaConnectFragment(mounted)
		if err != nil {
			return err
		}
		var claims []string
		for _, ap := range mounted {
			claims = append(claims, c.ClaimName(ap.Key))
		}
		k.output("strimzi_kafka_connect_fragment", efs.StrimziOperator+" KafkaConnect fragment: mounts "+
			strings.Join(claims, " and ")+" under /mnt, no plugins (merge into your KafkaConnect)", fragment)
	}
	return nil
}

// CostEstimateOutput returns the estimate of the monthly AWS bill of the file system under
// usage (see EstimateMonthlyCost) and the output estimated_monthly_cost holding it: its
// total, line items, the one-time charges apart, the region whose prices it used, its
// notes, the usage it assumed and a readable breakdown. Write the output with
// WriteOutputs, like Outputs.
func (k *KafkaEfs) CostEstimateOutput(usage Usage) (Output, Estimate) {
	e := EstimateMonthlyCost(k.Config, usage)
	lineItems := func(its []LineItem) []map[string]interface{} {
		out := make([]map[string]interface{}, len(its))
		for i, it := range its {
			out[i] = map[string]interface{}{
				"name": it.Name, "quantity": it.Quantity, "unit": it.Unit,
				"unit_price_usd": it.UnitPriceUSD, "cost_usd": it.CostUSD, "basis": it.Basis,
			}
		}
		return out
	}
	// Every usage figure, zero or not, so a reader sees what the estimate assumed.
	usageOut := map[string]interface{}{
		"storage_gb": usage.StorageGB, "ia_fraction": usage.IAFraction, "archive_fraction": usage.ArchiveFraction,
		"elastic_read_gb": usage.ElasticDataAccess.ReadGB, "elastic_write_gb": usage.ElasticDataAccess.WriteGB,
		"ia_read_gb": usage.Tiering.IAReadGB, "ia_tiered_gb": usage.Tiering.IATieredGB,
		"archive_read_gb": usage.Tiering.ArchiveReadGB, "archive_tiered_gb": usage.Tiering.ArchiveTieredGB,
		"churn_gb": usage.ChurnGB, "customer_managed_keys": usage.CustomerManagedKeys,
		"region": usage.Region, "backup_copy_region": usage.BackupCopyRegion,
	}
	return Output{Name: "estimated_monthly_cost", Description: fmt.Sprintf("Estimated monthly AWS bill in USD for the stack's usage scenario, at %s list prices read %s (see docs/cost.md)",
		e.PriceRegion, e.PricesRead),
		Value: map[string]interface{}{
			"total_usd":          e.Total,
			"line_items":         lineItems(e.Items),
			"one_time_total_usd": e.OneTimeTotal,
			"one_time_items":     lineItems(e.OneTime),
			"price_region":       e.PriceRegion,
			"prices_read":        e.PricesRead,
			"notes":              e.Notes,
			"usage":              usageOut,
			"breakdown":          joinedLines(e.String()),
		}}, e
}
