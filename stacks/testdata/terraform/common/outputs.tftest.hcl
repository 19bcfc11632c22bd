# Applies every stack with a mocked hashicorp/aws provider and checks the outputs users
# paste into kubectl and their shell, with the mocked IDs in place: the tier's mock
# providers (see ../README.md) give the file system fs-0123456789abcdef0 and the node role
# confluent-kafka-cluster-efs-csi-node.
# In the prod stacks the teardown of this file fails on purpose: the file system carries
# prevent_destroy (TestTerraformTier expects exactly that refusal; see ../README.md).

# tier:include mock-providers

# Distinct access point IDs, so that each PersistentVolume is seen to name its own.
override_resource {
  target = aws_efs_access_point.kafka-efs_access-point-kafka_backups_FF076DC7
  values = { id = "fsap-0000000000000000b" }
}
override_resource {
  target = aws_efs_access_point.kafka-efs_access-point-kafka_connect_00DFFE69
  values = { id = "fsap-0000000000000000c" }
}

variables {
  vpc_id                     = "vpc-0123456789abcdef0"
  private_subnet_ids         = ["subnet-0123456789abcde00", "subnet-0123456789abcde01", "subnet-0123456789abcde02"]
  eks_node_security_group_id = "sg-0123456789abcdef0"
  efs_client_role_arns       = ["arn:aws:iam::123456789012:role/efs-csi"]
}

run "outputs" {
  command = apply

  # What the stack checks applied besides (testdata/terraform/<stack>/stack-apply.hcl).
  # tier:include stack-apply

  assert {
    condition     = output.file_system_id == "fs-0123456789abcdef0"
    error_message = "file_system_id is ${output.file_system_id}"
  }
  assert {
    condition     = output.file_system_dns_name == "fs-0123456789abcdef0.efs.us-east-1.amazonaws.com"
    error_message = "file_system_dns_name is ${output.file_system_dns_name}"
  }
  assert {
    condition     = length(output.mount_target_ids) == 3 && length(output.mount_target_ip_addresses) == 3
    error_message = "want a mount target ID and address per subnet (3)"
  }
  assert {
    condition     = output.mount_command == "sudo mkdir -p /mnt/efs && sudo mount -t efs -o tls,iam fs-0123456789abcdef0:/ /mnt/efs"
    error_message = "mount_command must mount this file system with TLS and IAM: ${output.mount_command}"
  }

  # StorageClass: dynamic provisioning through access points on this file system.
  assert {
    condition = (
      yamldecode(output.kubernetes_storage_class).kind == "StorageClass" &&
      yamldecode(output.kubernetes_storage_class).metadata.name == "${trimsuffix(aws_efs_file_system.kafka-efs_file-system_62987A67.creation_token, "-efs")}-efs-sc" &&
      yamldecode(output.kubernetes_storage_class).provisioner == "efs.csi.aws.com"
    )
    error_message = "kubernetes_storage_class is not StorageClass <project>-<environment>-efs-sc of efs.csi.aws.com:\n${output.kubernetes_storage_class}"
  }
  assert {
    condition = (
      yamldecode(output.kubernetes_storage_class).parameters.fileSystemId == "fs-0123456789abcdef0" &&
      yamldecode(output.kubernetes_storage_class).parameters.provisioningMode == "efs-ap" &&
      yamldecode(output.kubernetes_storage_class).parameters.directoryPerms == "700"
    )
    error_message = "kubernetes_storage_class must provision access points on fs-0123456789abcdef0 with directoryPerms \"700\":\n${output.kubernetes_storage_class}"
  }

  # Each PV output: a PersistentVolume on its access point, then the claim bound to it
  # statically (storageClassName "", never through a StorageClass).
  assert {
    condition = (
      length(split("\n---\n", output.kubernetes_pv_kafka_backups)) == 2 &&
      yamldecode(split("\n---\n", output.kubernetes_pv_kafka_backups)[0]).kind == "PersistentVolume" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_kafka_backups)[0]).metadata.name == "${trimsuffix(aws_efs_file_system.kafka-efs_file-system_62987A67.creation_token, "-efs")}-kafka-backups-pv" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_kafka_backups)[0]).spec.csi.volumeHandle == "efs:fs-0123456789abcdef0::fsap-0000000000000000b" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_kafka_backups)[1]).kind == "PersistentVolumeClaim" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_kafka_backups)[1]).metadata.name == "${trimsuffix(aws_efs_file_system.kafka-efs_file-system_62987A67.creation_token, "-efs")}-kafka-backups-pvc" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_kafka_backups)[1]).metadata.namespace == "kafka" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_kafka_backups)[1]).spec.volumeName == "${trimsuffix(aws_efs_file_system.kafka-efs_file-system_62987A67.creation_token, "-efs")}-kafka-backups-pv" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_kafka_backups)[1]).spec.storageClassName == ""
    )
    error_message = "kubernetes_pv_kafka_backups is not PV <project>-<environment>-kafka-backups-pv on efs:fs-0123456789abcdef0::fsap-0000000000000000b and claim kafka/<project>-<environment>-kafka-backups-pvc:\n${output.kubernetes_pv_kafka_backups}"
  }
  assert {
    condition = (
      length(split("\n---\n", output.kubernetes_pv_kafka_connect)) == 2 &&
      yamldecode(split("\n---\n", output.kubernetes_pv_kafka_connect)[0]).kind == "PersistentVolume" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_kafka_connect)[0]).metadata.name == "${trimsuffix(aws_efs_file_system.kafka-efs_file-system_62987A67.creation_token, "-efs")}-kafka-connect-pv" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_kafka_connect)[0]).spec.csi.volumeHandle == "efs:fs-0123456789abcdef0::fsap-0000000000000000c" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_kafka_connect)[1]).kind == "PersistentVolumeClaim" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_kafka_connect)[1]).metadata.name == "${trimsuffix(aws_efs_file_system.kafka-efs_file-system_62987A67.creation_token, "-efs")}-kafka-connect-pvc" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_kafka_connect)[1]).metadata.namespace == "kafka" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_kafka_connect)[1]).spec.volumeName == "${trimsuffix(aws_efs_file_system.kafka-efs_file-system_62987A67.creation_token, "-efs")}-kafka-connect-pv"
    )
    error_message = "kubernetes_pv_kafka_connect is not PV <project>-<environment>-kafka-connect-pv on efs:fs-0123456789abcdef0::fsap-0000000000000000c and claim kafka/<project>-<environment>-kafka-connect-pvc:\n${output.kubernetes_pv_kafka_connect}"
  }
  # kubernetes_manifests, applied: the Namespace first, then exactly the documents of the
  # StorageClass and volume outputs, the access point IDs resolved.
  assert {
    condition = (
      yamldecode(split("\n---\n", output.kubernetes_manifests)[0]).kind == "Namespace" &&
      yamldecode(split("\n---\n", output.kubernetes_manifests)[0]).metadata.name == "kafka" &&
      strcontains(output.kubernetes_manifests, output.kubernetes_storage_class) &&
      strcontains(output.kubernetes_manifests, output.kubernetes_pv_kafka_backups) &&
      strcontains(output.kubernetes_manifests, output.kubernetes_pv_kafka_connect) &&
      strcontains(output.kubernetes_manifests, "volumeHandle: efs:fs-0123456789abcdef0::fsap-0000000000000000b")
    )
    error_message = "kubernetes_manifests is not the Namespace kafka, the StorageClass and the volume outputs:\n${output.kubernetes_manifests}"
  }
  assert {
    condition     = output.kafka_backup_access_point_id == "fsap-0000000000000000b" && output.kafka_connect_access_point_id == "fsap-0000000000000000c"
    error_message = "the access point ID outputs must name their own access points"
  }

  # The cost estimate: a total, its line items adding up to it, and a readable breakdown.
  assert {
    condition = (
      output.estimated_monthly_cost.total_usd > 0 &&
      length(output.estimated_monthly_cost.line_items) > 0 &&
      alltrue([for li in output.estimated_monthly_cost.line_items :
        length(setsubtract(["name", "quantity", "unit", "unit_price_usd", "cost_usd"], keys(li))) == 0
      ]) &&
      abs(sum([for li in output.estimated_monthly_cost.line_items : li.cost_usd]) - output.estimated_monthly_cost.total_usd) < 0.005 &&
      strcontains(output.estimated_monthly_cost.breakdown, "Total: $")
    )
    error_message = "estimated_monthly_cost lacks total_usd, line_items adding up to it, or breakdown: ${jsonencode(output.estimated_monthly_cost)}"
  }

  # The file system policy conditions only on keys EFS evaluates for NFS clients.
  assert {
    condition = alltrue(flatten([
      for st in data.aws_iam_policy_document.kafka-efs_file-system-policy-document_FB2A0123.statement : [
        for c in st.condition : contains(["aws:SecureTransport", "aws:SourceIp", "elasticfilesystem:AccessPointArn", "elasticfilesystem:AccessedViaMountTarget"], c.variable)
      ]
    ]))
    error_message = "the file system policy conditions on a key EFS does not enforce for NFS clients"
  }
  # It admits the cluster's node role (found by name) and the extra role of the variable.
  assert {
    condition = toset(flatten([
      for st in data.aws_iam_policy_document.kafka-efs_file-system-policy-document_FB2A0123.statement : [for p in st.principals : p.identifiers] if st.effect == "Allow"
    ])) == toset(["arn:aws:iam::123456789012:role/confluent-kafka-cluster-efs-csi-node", "arn:aws:iam::123456789012:role/efs-csi"])
    error_message = "the policy must allow exactly the cluster's node role and efs_client_role_arns to mount"
  }
  # The node role mounts through access points only.
  assert {
    condition = anytrue([
      for st in data.aws_iam_policy_document.kafka-efs_file-system-policy-document_FB2A0123.statement :
      st.effect == "Deny" && toset(flatten([for p in st.principals : p.identifiers])) == toset(["arn:aws:iam::123456789012:role/confluent-kafka-cluster-efs-csi-node"]) &&
      toset(st.actions) == toset(["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]) &&
      toset([for c in st.condition : "${c.test} ${c.variable} ${join(",", c.values)}"]) == toset(["Null elasticfilesystem:AccessPointArn true"])
    ])
    error_message = "the node role must be refused every mount without an access point"
  }
  assert {
    condition = anytrue([
      for st in data.aws_iam_policy_document.kafka-efs_file-system-policy-document_FB2A0123.statement :
      st.effect == "Deny" && toset(st.actions) == toset(["elasticfilesystem:ClientRootAccess"]) && length(st.condition) == 0
    ])
    error_message = "root access must be denied to everyone, unconditionally"
  }
  assert {
    condition     = output.efs_csi_node_role_arn == "arn:aws:iam::123456789012:role/confluent-kafka-cluster-efs-csi-node"
    error_message = "efs_csi_node_role_arn must name the node role the policy admits"
  }
  assert {
    condition     = yamldecode(output.kubernetes_storage_class).mountOptions == ["iam"] && yamldecode(split("\n---\n", output.kubernetes_pv_kafka_backups)[0]).spec.mountOptions == ["iam"]
    error_message = "the driver mounts with iam (and no deprecated tls option)"
  }

  # The dashboard body, resolved: JSON whose metrics all name the file system, with the
  # mode-specific graphs only where EFS publishes their metric.
  assert {
    condition = alltrue([for id in flatten([for w in jsondecode(aws_cloudwatch_dashboard.kafka-efs_dashboard_45A8D704.dashboard_body).widgets : [
      for m in try(w.properties.metrics, []) : m[3] if length(m) > 1
    ]]) : id == "fs-0123456789abcdef0"])
    error_message = "every metric of the dashboard must name the file system"
  }
  assert {
    condition = (
      contains(flatten([for w in jsondecode(aws_cloudwatch_dashboard.kafka-efs_dashboard_45A8D704.dashboard_body).widgets : [for m in try(w.properties.metrics, []) : m[1] if length(m) > 1]]), "PercentIOLimit") == (aws_efs_file_system.kafka-efs_file-system_62987A67.performance_mode == "generalPurpose") &&
      contains(flatten([for w in jsondecode(aws_cloudwatch_dashboard.kafka-efs_dashboard_45A8D704.dashboard_body).widgets : [for m in try(w.properties.metrics, []) : m[1] if length(m) > 1]]), "BurstCreditBalance") == (aws_efs_file_system.kafka-efs_file-system_62987A67.throughput_mode == "bursting")
    )
    error_message = "PercentIOLimit only for generalPurpose, BurstCreditBalance only for bursting"
  }
  assert {
    condition     = output.dashboard_url == "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/${aws_cloudwatch_dashboard.kafka-efs_dashboard_45A8D704.dashboard_name}"
    error_message = "dashboard_url is ${output.dashboard_url}"
  }
}
