# What dev checks planned with the real hashicorp/aws provider, beyond what every stack
# checks: the cluster that serves it, and what dev is: bursting throughput, IA after 7 days
# and back on first access, no customer key, no alarms. common/subnets.tftest.hcl's run
# includes it (`# tier:include stack-plan`), so the stack is planned with the real
# provider once, with 6 subnets; the subnets the plan refuses are
# dev/subnets-refused.tftest.hcl's.

# Served by cluster dev: the file system carries the tag its controller may create
# access points on, and the lookup wants exactly that cluster's node role.
assert {
  condition = (
    aws_efs_file_system.kafka-efs_file-system_62987A67.tags["kafka-efs/csi-driver-cluster"] == "confluent-kafka-dev" &&
    data.aws_iam_roles.efs-csi-node-role.name_regex == "^confluent-kafka-dev-us-east-1-efs-csi-node$"
  )
  error_message = "the file system must be tagged for cluster dev and look up its node role"
}

# What dev is.
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
