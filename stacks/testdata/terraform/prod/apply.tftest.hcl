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

# prod's backup copy provider (us-west-2, aliased backup_copy), mocked like the default one.
mock_provider "aws" {
  alias = "backup_copy"
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_resource "aws_kms_key" {
    defaults = {
      arn    = "arn:aws:kms:us-west-2:123456789012:key/0123abcd-4567-89ab-cdef-0123456789ac"
      key_id = "0123abcd-4567-89ab-cdef-0123456789ac"
    }
  }
  mock_resource "aws_backup_vault" {
    defaults = { arn = "arn:aws:backup:us-west-2:123456789012:backup-vault:confluent-kafka-efs-copy" }
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
      yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[0]).metadata.name == "confluent-kafka-prod-shared-logs-pv" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[0]).spec.csi.volumeHandle == "fs-0123456789abcdef0::fsap-0000000000000000d" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[1]).kind == "PersistentVolumeClaim" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[1]).metadata.name == "confluent-kafka-prod-shared-logs-pvc" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[1]).metadata.namespace == "kafka" &&
      yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[1]).spec.volumeName == "confluent-kafka-prod-shared-logs-pv"
    )
    error_message = "kubernetes_pv_shared_logs is not PV confluent-kafka-prod-shared-logs-pv on fs-0123456789abcdef0::fsap-0000000000000000d and claim kafka/confluent-kafka-prod-shared-logs-pvc:\n${output.kubernetes_pv_shared_logs}"
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
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_throughput_ECC9E342,
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_data_01E7FF0E,
    ] : a.alarm_actions == toset([aws_sns_topic.alarm-topic.arn]) && a.ok_actions == toset([aws_sns_topic.alarm-topic.arn])])
    error_message = "the alarms must notify the stack's topic"
  }
  assert {
    condition = alltrue([for a in [
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_throughput_ECC9E342,
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_data_01E7FF0E,
      ] : [for q in a.metric_query : [q.metric[0].metric_name, q.metric[0].dimensions.FileSystemId] if q.id == "m1"] == [["MeteredIOBytes", "fs-0123456789abcdef0"]]
    ])
    error_message = "the elastic alarms watch this file system's MeteredIOBytes"
  }
  # Backup failures: each rule targets the topic, and the topic's policy admits exactly
  # CloudWatch (this file system's alarms) and EventBridge (these rules) as publishers.
  assert {
    condition = alltrue([for t in [
      aws_cloudwatch_event_target.kafka-efs_backup-event-backup_job-target-0_9C0687C4,
      aws_cloudwatch_event_target.kafka-efs_backup-event-copy_job-target-0_929979F7,
      aws_cloudwatch_event_target.kafka-efs_backup-event-restore_job-target-0_CD224D3A,
    ] : t.arn == aws_sns_topic.alarm-topic.arn])
    error_message = "every backup rule targets the alarm topic"
  }
  assert {
    condition = (
      aws_sns_topic_policy.alarm-topic-policy.arn == aws_sns_topic.alarm-topic.arn &&
      toset([for st in data.aws_iam_policy_document.alarm-topic-policy-document.statement : st.sid]) == toset(["AccountManagesTopic", "CloudWatchAlarmsPublish", "BackupEventRulesPublish"])
    )
    error_message = "the topic policy holds the account's statement and the two publishers', nothing else"
  }
  assert {
    condition = alltrue([for st in data.aws_iam_policy_document.alarm-topic-policy-document.statement :
      toset(st.actions) == toset(["sns:Publish"]) &&
      toset(flatten([for p in st.principals : p.identifiers])) == toset(["events.amazonaws.com"]) &&
      toset(flatten([for c in st.condition : c.values if c.variable == "aws:SourceArn" && c.test == "ArnEquals"])) == toset([
        aws_cloudwatch_event_rule.kafka-efs_backup-event-backup_job_37BD02CF.arn,
        aws_cloudwatch_event_rule.kafka-efs_backup-event-copy_job_83020D0C.arn,
        aws_cloudwatch_event_rule.kafka-efs_backup-event-restore_job_B9ADD393.arn,
      ])
    if st.sid == "BackupEventRulesPublish"])
    error_message = "EventBridge may publish to the topic only for the stack's three backup rules (aws:SourceArn)"
  }
  assert {
    condition = alltrue([for st in data.aws_iam_policy_document.alarm-topic-policy-document.statement :
      toset(flatten([for p in st.principals : p.identifiers])) == toset(["cloudwatch.amazonaws.com"]) &&
      toset(flatten([for c in st.condition : c.values if c.variable == "aws:SourceArn" && c.test == "ArnLike"])) == toset(["arn:aws:cloudwatch:us-east-1:123456789012:alarm:confluent-kafka-prod-efs-*"])
    if st.sid == "CloudWatchAlarmsPublish"])
    error_message = "CloudWatch may publish to the topic only for this file system's alarms (aws:SourceArn)"
  }
  # The keys name the backup role, which AWS Backup uses for backups, copies and restores.
  assert {
    condition = alltrue([for doc in [data.aws_iam_policy_document.kms-key-policy, data.aws_iam_policy_document.backup-copy-kms-key-policy] :
      toset(flatten([for st in doc.statement : [for p in st.principals : p.identifiers] if st.sid == "BackupRoleUsesKey"])) == toset([aws_iam_role.kafka-efs_backup-role_6A4DE9D6.arn])
    ])
    error_message = "the stack's key and the copy key name the backup role"
  }
  assert {
    condition = (
      output.backup_copy_region == "us-west-2" &&
      output.backup_copy_vault_arn == aws_backup_vault.backup-copy-vault.arn &&
      output.backup_copy_vault_name == aws_backup_vault.backup-copy-vault.name &&
      output.backup_copy_kms_key_arn == aws_kms_key.backup-copy-kms-key.arn
    )
    error_message = "the copy outputs name the copy vault, its region and its key"
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
  assert {
    condition = alltrue([for r in aws_backup_plan.kafka-efs_backup-plan_896F0B6F.rule :
    one(r.copy_action).destination_vault_arn == aws_backup_vault.backup-copy-vault.arn])
    error_message = "every rule copies to the vault in the backup copy region"
  }
  assert {
    condition     = aws_backup_vault.backup-copy-vault.kms_key_arn == aws_kms_key.backup-copy-kms-key.arn
    error_message = "the copy vault is encrypted with the copy region's key"
  }
}
