# The customer-managed key of every production stack refuses a destroy. Applies the key
# alone (with the log group and the topic it encrypts), so that the teardown reaches the
# key: in a full apply Terraform stops at the file system, which depends on the key. The
# teardown fails on purpose; TestTerraformTier expects exactly that refusal.

# tier:include mock-providers

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
