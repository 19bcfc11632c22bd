# prod-high-performance applied with a mocked hashicorp/aws provider: the outputs only the prod stacks have,
# and the references to the customer-managed key and the alarm topic, with mocked ARNs.
# The teardown fails on purpose: the file system carries prevent_destroy.

mock_provider "aws" {
  # The subnet lookups behind the mount targets' preconditions: every subnet in the
  # variables' VPC, and one private subnet per zone (OpenTofu gives every instance the
  # same mock values).
  mock_data "aws_subnet" {
    defaults = { vpc_id = "vpc-0123456789abcdef0", availability_zone = "us-east-1a" }
  }
  mock_data "aws_subnets" {
    defaults = { ids = ["subnet-0123456789abcde00"] }
  }
  # The provider validates these values when the resources that use them are planned.
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_region" {
    defaults = { name = "us-east-1" }
  }
  mock_resource "aws_kms_key" {
    defaults = {
      arn    = "arn:aws:kms:us-east-1:123456789012:key/0123abcd-4567-89ab-cdef-0123456789ab"
      key_id = "0123abcd-4567-89ab-cdef-0123456789ab"
    }
  }
  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:us-east-1:123456789012:alerts" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/efs-csi-driver" }
  }
  # The cluster's node role, found by name.
  mock_data "aws_iam_roles" {
    defaults = { arns = ["arn:aws:iam::123456789012:role/confluent-kafka-prod-efs-csi-node"] }
  }
  mock_resource "aws_efs_file_system" {
    defaults = {
      id       = "fs-0123456789abcdef0"
      arn      = "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123456789abcdef0"
      dns_name = "fs-0123456789abcdef0.efs.us-east-1.amazonaws.com"
    }
  }
  mock_resource "aws_backup_vault" {
    defaults = { arn = "arn:aws:backup:us-east-1:123456789012:backup-vault:confluent-kafka-efs" }
  }
}

override_resource {
  target = aws_efs_access_point.kafka-efs_access-point-shared_logs_79DDBE26
  values = { id = "fsap-0000000000000000d" }
}

variables {
  vpc_id                     = "vpc-0123456789abcdef0"
  private_subnet_ids         = ["subnet-0123456789abcde00", "subnet-0123456789abcde01"]
  eks_node_security_group_id = "sg-0123456789abcdef0"
  efs_client_role_arns       = ["arn:aws:iam::123456789012:role/efs-csi"]
}

run "apply" {
  command = apply

  assert {
    condition = (
      length(split("\n---\n", output.kubernetes_pv_shared_logs)) == 2 &&
      yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[0]).kind == "PersistentVolume" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[0]).metadata.name == "confluent-kafka-prod-high-performance-shared-logs-pv" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[0]).spec.csi.volumeHandle == "fs-0123456789abcdef0::fsap-0000000000000000d" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[1]).kind == "PersistentVolumeClaim" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[1]).metadata.name == "confluent-kafka-prod-high-performance-shared-logs-pvc" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[1]).metadata.namespace == "kafka" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[1]).spec.volumeName == "confluent-kafka-prod-high-performance-shared-logs-pv"
    )
    error_message = "kubernetes_pv_shared_logs is not PV confluent-kafka-prod-high-performance-shared-logs-pv on fs-0123456789abcdef0::fsap-0000000000000000d and claim kafka/confluent-kafka-prod-high-performance-shared-logs-pvc:\n${output.kubernetes_pv_shared_logs}"
  }
  assert {
    condition     = output.shared_logs_access_point_id == "fsap-0000000000000000d"
    error_message = "shared_logs_access_point_id must name the /shared-logs access point"
  }

  # The customer-managed key encrypts the file system, its logs and its alarm topic.
  assert {
    condition = (
      aws_efs_file_system.kafka-efs_file-system_62987A67.kms_key_id == aws_kms_key.kms-key.arn &&
      aws_cloudwatch_log_group.kafka-efs_log-group_7C9C0FC1.kms_key_id == aws_kms_key.kms-key.arn &&
      aws_sns_topic.alarm-topic.kms_master_key_id == aws_kms_key.kms-key.arn
    )
    error_message = "the file system, log group and topic must use the stack's key"
  }
  assert {
    condition = alltrue([for a in [
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B,
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-throughput_utilization_A621E0F4,
    ] : a.alarm_actions == toset([aws_sns_topic.alarm-topic.arn]) && a.ok_actions == toset([aws_sns_topic.alarm-topic.arn])])
    error_message = "the alarms must notify the stack's topic"
  }
  assert {
    condition = (
      contains([for q in aws_cloudwatch_metric_alarm.kafka-efs_alarm-throughput_utilization_A621E0F4.metric_query : q.expression if q.id == "e1"], "(m1 / PERIOD(m1)) / m2 * 100") &&
      toset([for q in aws_cloudwatch_metric_alarm.kafka-efs_alarm-throughput_utilization_A621E0F4.metric_query : q.metric[0].metric_name if q.id != "e1"]) == toset(["MeteredIOBytes", "PermittedThroughput"]) &&
      alltrue([for q in aws_cloudwatch_metric_alarm.kafka-efs_alarm-throughput_utilization_A621E0F4.metric_query : q.metric[0].dimensions.FileSystemId == "fs-0123456789abcdef0" if q.id != "e1"])
    )
    error_message = "throughput utilization: (m1 / PERIOD(m1)) / m2 * 100 over this file system's MeteredIOBytes and PermittedThroughput"
  }
  # AWS Backup: the references between the backup resources, known once applied (mocked).
  assert {
    condition     = aws_backup_vault.kafka-efs_backup-vault_2F7A9756.kms_key_arn == aws_kms_key.kms-key.arn
    error_message = "the backup vault is encrypted with the stack's key"
  }
  assert {
    condition = (
      toset(aws_backup_selection.kafka-efs_backup-selection_1ED4F746.resources) == toset([aws_efs_file_system.kafka-efs_file-system_62987A67.arn]) &&
      aws_backup_selection.kafka-efs_backup-selection_1ED4F746.iam_role_arn == aws_iam_role.kafka-efs_backup-role_6A4DE9D6.arn &&
      aws_backup_selection.kafka-efs_backup-selection_1ED4F746.plan_id == aws_backup_plan.kafka-efs_backup-plan_896F0B6F.id
    )
    error_message = "the backup plan selects this file system by ARN, with the backup role"
  }
  assert {
    condition = (
      toset(aws_backup_restore_testing_selection.kafka-efs_restore-testing-selection_FCE095FD.protected_resource_arns) == toset([aws_efs_file_system.kafka-efs_file-system_62987A67.arn]) &&
      aws_backup_restore_testing_selection.kafka-efs_restore-testing-selection_FCE095FD.iam_role_arn == aws_iam_role.kafka-efs_backup-role_6A4DE9D6.arn &&
      aws_backup_restore_testing_selection.kafka-efs_restore-testing-selection_FCE095FD.restore_metadata_overrides["kmsKeyId"] == aws_kms_key.kms-key.arn &&
      toset(aws_backup_restore_testing_plan.kafka-efs_restore-testing-plan_CE1C1443.recovery_point_selection[0].include_vaults) == toset([aws_backup_vault.kafka-efs_backup-vault_2F7A9756.arn])
    )
    error_message = "the restore test restores this file system's latest point from the vault, under the stack's key"
  }
  assert {
    condition = (
      output.backup_vault_arn == aws_backup_vault.kafka-efs_backup-vault_2F7A9756.arn &&
      output.backup_vault_name == aws_backup_vault.kafka-efs_backup-vault_2F7A9756.name &&
      output.backup_plan_id == aws_backup_plan.kafka-efs_backup-plan_896F0B6F.id &&
      output.restore_testing_plan_name == aws_backup_restore_testing_plan.kafka-efs_restore-testing-plan_CE1C1443.name
    )
    error_message = "the backup outputs name the vault, the plan and the restore testing plan"
  }
}
