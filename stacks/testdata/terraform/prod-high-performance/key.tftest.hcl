# The customer-managed key of prod-high-performance refuses a destroy. Applies the key alone (with the log
# group and the topic it encrypts), so that the teardown reaches the key: in a full apply
# Terraform stops at the file system, which depends on the key. The teardown fails on
# purpose; TestTerraformTier expects exactly that refusal.

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

variables {
  vpc_id                     = "vpc-0123456789abcdef0"
  private_subnet_ids         = ["subnet-0123456789abcde00", "subnet-0123456789abcde01"]
  eks_node_security_group_id = "sg-0123456789abcdef0"
  efs_client_role_arns       = ["arn:aws:iam::123456789012:role/efs-csi"]
}

run "key" {
  command = apply

  plan_options {
    target = [aws_cloudwatch_log_group.kafka-efs_log-group_7C9C0FC1, aws_sns_topic.alarm-topic]
  }

  assert {
    condition = (
      aws_cloudwatch_log_group.kafka-efs_log-group_7C9C0FC1.kms_key_id == aws_kms_key.kms-key.arn &&
      aws_sns_topic.alarm-topic.kms_master_key_id == aws_kms_key.kms-key.arn
    )
    error_message = "the log group and the topic must use the stack's key"
  }
}
