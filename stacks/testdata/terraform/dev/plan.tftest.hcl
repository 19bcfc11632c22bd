# dev, planned with the real hashicorp/aws provider, offline, with 2 subnets (6:
# common/subnets.tftest.hcl): one mount target per subnet keyed by subnet, the cluster
# that serves it, and what dev is: bursting throughput, IA after 7 days and back on first
# access, no customer key, no alarms; then the subnets the plan refuses.
#
# The tier adds the provider blocks and answers the lookups that call AWS (the node role,
# the subnets) for this stack's data sources (see ../README.md); a run that overrides one
# itself keeps its own answer.

# tier:include real-providers
# tier:include overrides

variables {
  vpc_id                     = "vpc-0123456789abcdef0"
  private_subnet_ids         = ["subnet-0123456789abcde00", "subnet-0123456789abcde01"]
  eks_node_security_group_id = "sg-0123456789abcdef0"
}

run "two_subnets" {
  command = plan

  # Served by cluster dev: the file system carries the tag its controller may create
  # access points on, and the lookup wants exactly that cluster's node role.
  assert {
    condition = (
      aws_efs_file_system.kafka-efs_file-system_62987A67.tags["kafka-efs/csi-driver-cluster"] == "confluent-kafka-dev" &&
      data.aws_iam_roles.efs-csi-node-role.name_regex == "^confluent-kafka-dev-us-east-1-efs-csi-node$"
    )
    error_message = "the file system must be tagged for cluster dev and look up its node role"
  }
  # tier:include mount-targets

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
}

# The plan refuses, before anything exists, the subnets AWS would refuse at apply.
run "two_subnets_in_one_zone" {
  command = plan

  override_data {
    target = data.aws_subnets.kafka-efs_private-subnets-in-zone_CE8A5459
    values = { ids = ["subnet-0123456789abcde00", "subnet-0123456789abcde01"] }
  }

  expect_failures = [aws_efs_mount_target.kafka-efs_mount-target_7B0152A9]
}

run "subnet_outside_vpc" {
  command = plan

  override_data {
    target = data.aws_subnet.kafka-efs_private-subnet_1D28A5C9
    values = { vpc_id = "vpc-0fedcba9876543210", availability_zone = "us-east-1a" }
  }

  expect_failures = [aws_efs_mount_target.kafka-efs_mount-target_7B0152A9]
}
