# prod applied with a mocked hashicorp/aws provider: the outputs only the prod stacks have,
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
  mock_resource "aws_efs_file_system" {
    defaults = {
      id       = "fs-0123456789abcdef0"
      arn      = "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123456789abcdef0"
      dns_name = "fs-0123456789abcdef0.efs.us-east-1.amazonaws.com"
    }
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
  eks_cluster_name           = "kafka-prod"
}

run "apply" {
  command = apply

  assert {
    condition = (
      length(split("\n---\n", output.kubernetes_pv_shared_logs)) == 2 &&
      yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[0]).kind == "PersistentVolume" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[0]).metadata.name == "shared-logs-pv" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[0]).spec.csi.volumeHandle == "fs-0123456789abcdef0::fsap-0000000000000000d" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[1]).kind == "PersistentVolumeClaim" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[1]).metadata.name == "shared-logs-pvc" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[1]).metadata.namespace == "kafka" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[1]).spec.volumeName == "shared-logs-pv"
    )
    error_message = "kubernetes_pv_shared_logs is not PV shared-logs-pv on fs-0123456789abcdef0::fsap-0000000000000000d and claim kafka/shared-logs-pvc:\n${output.kubernetes_pv_shared_logs}"
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
}
