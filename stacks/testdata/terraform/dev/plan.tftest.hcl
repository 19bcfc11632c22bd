# dev, planned with the real hashicorp/aws provider, offline, with 2, 3 and 6 subnets: one
# mount target per subnet keyed by subnet, the NFS rule, encryption, and what dev is:
# bursting throughput, IA after 7 days and back on first access, no customer key, no alarms.
#
# The mount-target and NFS assertions are the same in every stack's plan.tftest.hcl. They
# are not in common/ because the prod stacks need an override of data.aws_caller_identity,
# and OpenTofu, unlike Terraform, refuses an override of a data source a stack lacks (dev).

# Fake credentials, and no call to STS, EC2 instance metadata or the region list: a plan of
# new resources then makes no AWS call. This block replaces the stack's own provider block
# (region and default tags) in the test.
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "AKIAIOSFODNN7EXAMPLE"
  secret_key                  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

# The cluster's node role, looked up by the name the cluster stack cluster-dev gives it
# (an IAM call), answered here.
override_data {
  target = data.aws_iam_roles.efs-csi-node-role
  values = { arns = ["arn:aws:iam::123456789012:role/confluent-kafka-dev-efs-csi-node"], names = ["confluent-kafka-dev-efs-csi-node"] }
}

# The mount targets' preconditions look the subnets up (EC2 calls), answered here: every
# subnet in the variables' VPC, one private subnet per zone. OpenTofu gives every
# instance of a data source the same override, so the zone check reads the per-zone list.
override_data {
  target = data.aws_subnet.kafka-efs_private-subnet_1D28A5C9
  values = { vpc_id = "vpc-0123456789abcdef0", availability_zone = "us-east-1a" }
}
override_data {
  target = data.aws_subnets.kafka-efs_private-subnets-in-zone_CE8A5459
  values = { ids = ["subnet-0123456789abcde00"] }
}

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
      data.aws_iam_roles.efs-csi-node-role.name_regex == "^confluent-kafka-dev-efs-csi-node$"
    )
    error_message = "the file system must be tagged for cluster dev and look up its node role"
  }
  assert {
    condition     = length(aws_efs_mount_target.kafka-efs_mount-target_7B0152A9) == 2
    error_message = "want one mount target per subnet (2), got ${length(aws_efs_mount_target.kafka-efs_mount-target_7B0152A9)}"
  }
  assert {
    condition     = try(toset(keys(aws_efs_mount_target.kafka-efs_mount-target_7B0152A9)), null) == toset(var.private_subnet_ids)
    error_message = "mount targets must be keyed by subnet ID (for_each over var.private_subnet_ids); keys are ${try(jsonencode(keys(aws_efs_mount_target.kafka-efs_mount-target_7B0152A9)), "none: not a map")}"
  }
  assert {
    condition     = alltrue([for subnet, mt in aws_efs_mount_target.kafka-efs_mount-target_7B0152A9 : mt.subnet_id == subnet])
    error_message = "each mount target must sit in the subnet it is keyed by"
  }
  assert {
    condition     = toset(keys(data.aws_subnet.kafka-efs_private-subnet_1D28A5C9)) == toset(var.private_subnet_ids)
    error_message = "the plan looks up every private subnet (its VPC and zone), keyed by subnet"
  }

  # NFS from the node security group only, on 2049/tcp.
  assert {
    condition     = aws_vpc_security_group_ingress_rule.kafka-efs_nfs-from-eks-nodes_EA6E11C3.referenced_security_group_id == var.eks_node_security_group_id
    error_message = "the NFS rule's source must be the EKS node security group"
  }
  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.kafka-efs_nfs-from-eks-nodes_EA6E11C3.ip_protocol == "tcp" &&
      aws_vpc_security_group_ingress_rule.kafka-efs_nfs-from-eks-nodes_EA6E11C3.from_port == 2049 &&
      aws_vpc_security_group_ingress_rule.kafka-efs_nfs-from-eks-nodes_EA6E11C3.to_port == 2049
    )
    error_message = "the NFS rule must admit 2049/tcp and nothing else"
  }
  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.kafka-efs_nfs-from-eks-nodes_EA6E11C3.cidr_ipv4 == null &&
      aws_vpc_security_group_ingress_rule.kafka-efs_nfs-from-eks-nodes_EA6E11C3.cidr_ipv6 == null &&
      aws_vpc_security_group_ingress_rule.kafka-efs_nfs-from-eks-nodes_EA6E11C3.prefix_list_id == null
    )
    error_message = "the NFS rule must not admit an address range"
  }
  assert {
    condition     = aws_security_group.kafka-efs_security-group_0252D2CD.vpc_id == var.vpc_id
    error_message = "the security group must be in var.vpc_id"
  }

  assert {
    condition     = aws_efs_file_system.kafka-efs_file-system_62987A67.encrypted == true
    error_message = "the file system must be encrypted at rest"
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

run "three_subnets" {
  command = plan

  variables {
    private_subnet_ids = ["subnet-0123456789abcde00", "subnet-0123456789abcde01", "subnet-0123456789abcde02"]
  }

  assert {
    condition     = length(aws_efs_mount_target.kafka-efs_mount-target_7B0152A9) == 3
    error_message = "want one mount target per subnet (3), got ${length(aws_efs_mount_target.kafka-efs_mount-target_7B0152A9)}"
  }
  assert {
    condition     = try(toset(keys(aws_efs_mount_target.kafka-efs_mount-target_7B0152A9)), null) == toset(var.private_subnet_ids)
    error_message = "mount targets must be keyed by subnet ID (for_each over var.private_subnet_ids); keys are ${try(jsonencode(keys(aws_efs_mount_target.kafka-efs_mount-target_7B0152A9)), "none: not a map")}"
  }
  assert {
    condition     = alltrue([for subnet, mt in aws_efs_mount_target.kafka-efs_mount-target_7B0152A9 : mt.subnet_id == subnet])
    error_message = "each mount target must sit in the subnet it is keyed by"
  }
}

run "six_subnets" {
  command = plan

  variables {
    private_subnet_ids = [
      "subnet-0123456789abcde00", "subnet-0123456789abcde01", "subnet-0123456789abcde02",
      "subnet-0123456789abcde03", "subnet-0123456789abcde04", "subnet-0123456789abcde05",
    ]
  }

  assert {
    condition     = length(aws_efs_mount_target.kafka-efs_mount-target_7B0152A9) == 6
    error_message = "want one mount target per subnet (6), got ${length(aws_efs_mount_target.kafka-efs_mount-target_7B0152A9)}"
  }
  assert {
    condition     = try(toset(keys(aws_efs_mount_target.kafka-efs_mount-target_7B0152A9)), null) == toset(var.private_subnet_ids)
    error_message = "mount targets must be keyed by subnet ID (for_each over var.private_subnet_ids); keys are ${try(jsonencode(keys(aws_efs_mount_target.kafka-efs_mount-target_7B0152A9)), "none: not a map")}"
  }
  assert {
    condition     = alltrue([for subnet, mt in aws_efs_mount_target.kafka-efs_mount-target_7B0152A9 : mt.subnet_id == subnet])
    error_message = "each mount target must sit in the subnet it is keyed by"
  }
}
