# dev, planned with the real hashicorp/aws provider, offline (provider settings as in
# ../common/mount_targets.tftest.hcl): bursting throughput, IA after 7 days, back on first access.

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "AKIAIOSFODNN7EXAMPLE"
  secret_key                  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

variables {
  vpc_id                     = "vpc-0123456789abcdef0"
  private_subnet_ids         = ["subnet-0123456789abcde00", "subnet-0123456789abcde01"]
  eks_node_security_group_id = "sg-0123456789abcdef0"
  efs_client_role_arns       = ["arn:aws:iam::123456789012:role/efs-csi"]
}

run "dev" {
  command = plan

  assert {
    condition = (
      aws_efs_file_system.kafka-efs_file-system_62987A67.performance_mode == "generalPurpose" &&
      aws_efs_file_system.kafka-efs_file-system_62987A67.throughput_mode == "bursting"
    )
    error_message = "dev is generalPurpose with bursting throughput"
  }
  assert {
    condition = (
      length(aws_efs_file_system.kafka-efs_file-system_62987A67.lifecycle_policy) == 2 &&
      aws_efs_file_system.kafka-efs_file-system_62987A67.lifecycle_policy[0].transition_to_ia == "AFTER_7_DAYS" &&
      aws_efs_file_system.kafka-efs_file-system_62987A67.lifecycle_policy[1].transition_to_primary_storage_class == "AFTER_1_ACCESS"
    )
    error_message = "dev's lifecycle: IA after 7 days, back to Standard on first access; got ${jsonencode(aws_efs_file_system.kafka-efs_file-system_62987A67.lifecycle_policy)}"
  }
  assert {
    condition     = aws_efs_file_system.kafka-efs_file-system_62987A67.creation_token == "confluent-kafka-dev-efs"
    error_message = "creation token"
  }
  assert {
    condition     = aws_cloudwatch_log_group.kafka-efs_log-group_7C9C0FC1.retention_in_days == 7
    error_message = "dev keeps logs 7 days"
  }
}
