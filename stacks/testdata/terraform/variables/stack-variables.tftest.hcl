# The variables only some stacks declare, planned beside those stacks' variable blocks
# alone (no resource, no provider), as synthesized: TestTerraformTier writes them, beside
# the prod stack's of the generated variables.tftest.hcl, to a folder per stack, which
# each run loads as a module. Each refuses what AWS would refuse; that the stacks plan with
# valid values is the cluster group's work (cluster/one-cluster.tftest.hcl).

variables {
  vpc_id                     = "vpc-0123456789abcdef0"
  private_subnet_ids         = ["subnet-0123456789abcde00", "subnet-0123456789abcde01"]
  eks_node_security_group_id = "sg-0123456789abcdef0"
}

# A cluster stack refuses a cluster name EKS would refuse.
run "cluster_name_refused" {
  command = plan

  module {
    source = "./cluster-prod"
  }

  variables {
    eks_cluster_name = "kafka.prod"
  }

  expect_failures = [var.eks_cluster_name]
}

run "cluster_name_valid" {
  command = plan

  module {
    source = "./cluster-prod"
  }

  variables {
    eks_cluster_name = "kafka-prod"
  }
}

# The file system stack of a cluster whose driver exists already requires that driver's
# node role, as an IAM role ARN.
run "existing_driver_role_refused" {
  command = plan

  module {
    source = "./prod-existing-driver"
  }

  variables {
    efs_csi_node_role_arn = ""
  }

  expect_failures = [var.efs_csi_node_role_arn]
}

run "existing_driver_role_valid" {
  command = plan

  module {
    source = "./prod-existing-driver"
  }

  variables {
    efs_csi_node_role_arn = "arn:aws:iam::123456789012:role/eks-blueprints-efs-csi-node"
  }
}
