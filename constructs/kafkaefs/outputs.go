package kafkaefs

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// output adds a Terraform output named exactly name (not prefixed with the construct
// path), so `terraform output <name>` and the README's steps can rely on it.
func (k *KafkaEfs) output(name, description string, value interface{}) {
	cdktf.NewTerraformOutput(k.Construct, jsii.String(name), &cdktf.TerraformOutputConfig{
		Value:       hclText(k.hcl, value),
		Description: jsii.String(description),
		StaticId:    jsii.Bool(true),
	})
}

// newOutputs adds the spec's outputs. Access point and volume outputs exist only for the
// access points that were created. The manifests and the mount command carry Terraform
// references in place of the IDs, resolved when Terraform applies.
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
	k.output("dashboard_url", "CloudWatch console address of the file system's dashboard "+k.Config.DashboardName(),
		k.Config.DashboardURL(*k.region().Name()))
	for _, ap := range k.Config.enabledAccessPoints() {
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
	k.output("mount_command", "Command that mounts the file system at "+MountPoint+" on Linux with amazon-efs-utils",
		MountCommand(*fs.Id(), iam))

	c := k.Config
	sc, err := c.StorageClassManifest(*fs.Id(), iam)
	if err != nil {
		return err
	}
	k.output("kubernetes_storage_class", "StorageClass "+c.StorageClassName()+" for the EFS CSI driver (kubectl apply -f -)", sc)
	for _, ap := range c.enabledAccessPoints() {
		pv, err := c.VolumeManifest(ap, *fs.Id(), *k.AccessPoints[ap.Key].Id(), iam)
		if err != nil {
			return err
		}
		k.output(ap.ManifestOutput, "PersistentVolume "+c.VolumeName(ap.Key)+" and PersistentVolumeClaim "+
			c.KubernetesNamespace()+"/"+c.ClaimName(ap.Key)+" for "+ap.Path+" (kubectl apply -f -)", pv)
	}
	return k.newWorkloadOutputs()
}

// newWorkloadOutputs adds the outputs for the pods that use the claims: the smoke-test
// Job, and the Kafka Connect fragments of Confluent for Kubernetes (plugins) and Strimzi
// (backups, shared logs). Each exists only when the stack creates an access point it
// mounts, and names the claims and the namespace the volume outputs declare.
func (k *KafkaEfs) newWorkloadOutputs() error {
	aps := k.Config.enabledAccessPoints()
	if len(aps) == 0 {
		return nil
	}
	c := k.Config
	job, err := c.SmokeTestJobManifest(aps)
	if err != nil {
		return err
	}
	k.output("kubernetes_smoke_test_job", "Job "+c.KubernetesNamespace()+"/"+c.SmokeTestJobName()+
		" that writes, reads and deletes a file on every claim as uid "+strconv.Itoa(PosixUID)+" (kubectl apply -f -)", job)
	if ap, ok := confluentPluginsAccessPoint(aps); ok {
		fragment, err := c.ConfluentConnectFragment(ap)
		if err != nil {
			return err
		}
		k.output("confluent_connect_fragment", confluentOperator+" Connect fragment: mounts "+c.ClaimName(ap.Key)+
			" and adds it to plugin.path (merge into your Connect)", fragment)
	}
	if mounted := strimziAccessPoints(aps); len(mounted) > 0 {
		fragment, err := c.StrimziKafkaConnectFragment(mounted)
		if err != nil {
			return err
		}
		var claims []string
		for _, ap := range mounted {
			claims = append(claims, c.ClaimName(ap.Key))
		}
		k.output("strimzi_kafka_connect_fragment", strimziOperator+" KafkaConnect fragment: mounts "+
			strings.Join(claims, " and ")+" under /mnt, no plugins (merge into your KafkaConnect)", fragment)
	}
	return nil
}

// OutputCostEstimate adds the output estimated_monthly_cost: the monthly AWS bill of the
// file system under usage (see EstimateMonthlyCost), as its total, line items, the
// one-time charges apart, the region whose prices it used, its notes, the usage it
// assumed and a readable breakdown.
func (k *KafkaEfs) OutputCostEstimate(usage Usage) Estimate {
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
	k.output("estimated_monthly_cost",
		fmt.Sprintf("Estimated monthly AWS bill in USD for the stack's usage scenario, at %s list prices read %s (see docs/cost.md)",
			e.PriceRegion, e.PricesRead),
		map[string]interface{}{
			"total_usd":          e.Total,
			"line_items":         lineItems(e.Items),
			"one_time_total_usd": e.OneTimeTotal,
			"one_time_items":     lineItems(e.OneTime),
			"price_region":       e.PriceRegion,
			"prices_read":        e.PricesRead,
			"notes":              e.Notes,
			"usage":              usageOut,
			"breakdown":          joinedLines(e.String()),
		})
	return e
}
