# prod, planned with the real hashicorp/aws provider, offline (provider settings as in
# ../common/mount_targets.tftest.hcl): elastic throughput, IA after 30 days, three alarms (client
# connections, I/O limit, throughput utilization).

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "AKIAIOSFODNN7EXAMPLE"
  secret_key                  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

# The key policy reads the account ID (an STS call).
override_data {
  target = data.aws_caller_identity.account
  values = {
    account_id = "123456789012"
    arn        = "arn:aws:iam::123456789012:root"
    user_id    = "123456789012"
  }
}

variables {
  vpc_id                     = "vpc-0123456789abcdef0"
  private_subnet_ids         = ["subnet-0123456789abcde00", "subnet-0123456789abcde01"]
  eks_node_security_group_id = "sg-0123456789abcdef0"
  efs_client_role_arns       = ["arn:aws:iam::123456789012:role/efs-csi"]
}

run "prod" {
  command = plan

  assert {
    condition = (
      aws_efs_file_system.kafka-efs_file-system_62987A67.performance_mode == "generalPurpose" &&
      aws_efs_file_system.kafka-efs_file-system_62987A67.throughput_mode == "elastic"
    )
    error_message = "prod is generalPurpose with elastic throughput"
  }
  assert {
    condition = (
      length(aws_efs_file_system.kafka-efs_file-system_62987A67.lifecycle_policy) == 2 &&
      aws_efs_file_system.kafka-efs_file-system_62987A67.lifecycle_policy[0].transition_to_ia == "AFTER_30_DAYS" &&
      aws_efs_file_system.kafka-efs_file-system_62987A67.lifecycle_policy[1].transition_to_primary_storage_class == "AFTER_1_ACCESS"
    )
    error_message = "prod's lifecycle: IA after 30 days, back to Standard on first access; got ${jsonencode(aws_efs_file_system.kafka-efs_file-system_62987A67.lifecycle_policy)}"
  }
  assert {
    condition     = aws_efs_file_system.kafka-efs_file-system_62987A67.encrypted == true
    error_message = "encrypted at rest"
  }
  assert {
    condition     = aws_kms_key.kms-key.enable_key_rotation == true && aws_kms_key.kms-key.deletion_window_in_days == 30
    error_message = "the customer-managed key rotates, with a 30-day deletion window"
  }
  assert {
    condition     = aws_efs_backup_policy.kafka-efs_backup-policy_C990D329.backup_policy[0].status == "ENABLED"
    error_message = "production keeps AWS Backup on"
  }
  assert {
    condition     = aws_cloudwatch_log_group.kafka-efs_log-group_7C9C0FC1.retention_in_days == 90
    error_message = "production keeps logs 90 days"
  }
  assert {
    condition     = aws_sns_topic.alarm-topic.name != null
    error_message = "the alarms need their topic"
  }

  # The alarms of this mode.
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B.alarm_name == "confluent-kafka-prod-efs-client_connections" &&
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B.namespace == "AWS/EFS" &&
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B.metric_name == "ClientConnections"
    )
    error_message = "a client connections alarm on ClientConnections"
  }
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-io_limit_726FF736.alarm_name == "confluent-kafka-prod-efs-io_limit" &&
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-io_limit_726FF736.namespace == "AWS/EFS" &&
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-io_limit_726FF736.metric_name == "PercentIOLimit" &&
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-io_limit_726FF736.threshold == 95
    )
    error_message = "generalPurpose: an I/O limit alarm on PercentIOLimit above 95"
  }
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-throughput_utilization_A621E0F4.alarm_name == "confluent-kafka-prod-efs-throughput_utilization" &&
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-throughput_utilization_A621E0F4.threshold == 80
    )
    error_message = "a throughput utilization alarm above 80% (its metric math is checked in apply.tftest.hcl, where the file system ID is known)"
  }
}
