# dev, planned with 2 subnets: the subnets the plan refuses, each by a precondition of
# the mount target (what dev and every stack plan with valid subnets is
# common/subnets.tftest.hcl's, with dev/stack-plan.hcl, with the real provider). The
# preconditions are ours, evaluated by Terraform whatever the provider answers, so the
# provider is mocked (its schema still validates every block): mocked files run against
# one provider server (see ../README.md).
#
# The tier adds the provider blocks and answers the lookups that call AWS (the node role,
# the subnets) for this stack's data sources; a run that overrides one itself keeps its
# own answer.

# tier:include mock-providers
# tier:include overrides

variables {
  vpc_id                     = "vpc-0123456789abcdef0"
  private_subnet_ids         = ["subnet-0123456789abcde00", "subnet-0123456789abcde01"]
  eks_node_security_group_id = "sg-0123456789abcdef0"
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
