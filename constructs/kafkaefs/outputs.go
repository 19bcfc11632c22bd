package kafkaefs

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// output adds a Terraform output named exactly name (not prefixed with the construct
// path), so `terraform output <name>` and the README's steps can rely on it.
func (k *KafkaEfs) output(name, description string, value interface{}) {
	cdktf.NewTerraformOutput(k.Construct, jsii.String(name), &cdktf.TerraformOutputConfig{
		Value:       value,
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
	return nil
}

// OutputCostEstimate adds the output estimated_monthly_cost: the monthly cost of the file
// system under usage (see EstimateMonthlyCost), as its total, line items and a readable
// breakdown.
func (k *KafkaEfs) OutputCostEstimate(usage Usage) Estimate {
	e := EstimateMonthlyCost(k.Config, usage)
	items := make([]map[string]interface{}, len(e.Items))
	for i, it := range e.Items {
		items[i] = map[string]interface{}{
			"name": it.Name, "quantity": it.Quantity, "unit": it.Unit,
			"unit_price_usd": it.UnitPriceUSD, "cost_usd": it.CostUSD,
		}
	}
	usageOut := map[string]interface{}{
		"storage_gb": usage.StorageGB, "ia_fraction": usage.IAFraction, "requests_per_month": usage.RequestsPerMonth,
	}
	if usage.ElasticDataAccess != (DataAccess{}) {
		usageOut["elastic_read_gb"] = usage.ElasticDataAccess.ReadGB
		usageOut["elastic_write_gb"] = usage.ElasticDataAccess.WriteGB
	}
	if usage.BackupStorageGB != 0 {
		usageOut["backup_storage_gb"] = usage.BackupStorageGB
	}
	k.output("estimated_monthly_cost", "Estimated monthly cost in USD for the stack's usage scenario (spec pricing, us-east-1)",
		map[string]interface{}{
			"total_usd":  e.Total,
			"line_items": items,
			"usage":      usageOut,
			"breakdown":  e.String(),
		})
	return e
}
