# The lookups' conditions on one cluster, each given an answer that must fail them (or,
# for two, pass): the cluster stack's cluster and add-on version checks, and the node role
# lookup of the file system stacks that name cluster prod. These runs test our own
# preconditions and postconditions, which Terraform evaluates whatever the provider
# answers, so the providers are mocked (Terraform still validates every block against the
# real provider's schema): the real provider's plans of the same modules are
# one-cluster.tftest.hcl's and the stacks' six-subnet runs. Mocked files run against one
# provider server, where each real-provider run starts the provider for its validation
# and again for its plan (see ../README.md).
#
# The folders are one-cluster.tftest.hcl's (the tier lays them out: ../README.md); each
# run gets the overrides of the data sources that call AWS in the module it plans, and a
# run that overrides one itself keeps its own answer.

# tier:include mock-providers

variables {
  eks_cluster_name           = "kafka-prod"
  vpc_id                     = "vpc-0123456789abcdef0"
  private_subnet_ids         = ["subnet-0123456789abcde00", "subnet-0123456789abcde01"]
  eks_node_security_group_id = "sg-0123456789abcdef0"
}

# A cluster name that passes the variable's validation but names no EKS cluster of the
# region fails the plan on the lookup, whose message names the variable eks_cluster_name.
run "cluster_not_found" {
  command = plan

  variables {
    eks_cluster_name = "kafka-prod-typo"
  }

  # tier:include overrides

  expect_failures = [data.aws_eks_clusters.efs-csi-driver_eks-clusters_C33F7028]
}

# EKS offers older builds only for the cluster's Kubernetes version: the pin is refused at
# plan time, the message naming KAFKA_EFS_CSI_DRIVER_ADDON_VERSION and EKS's default.
run "addon_version_not_offered" {
  command = plan

  override_data {
    target = data.aws_eks_addon_version.efs-csi-driver_driver-addon-newest-version_760056B9
    values = { version = "v3.3.0-eksbuild.1" }
  }
  override_data {
    target = data.aws_eks_addon_version.efs-csi-driver_driver-addon-default-version_05CEEA79
    values = { version = "v3.2.0-eksbuild.1" }
  }
  # tier:include overrides

  expect_failures = [data.aws_eks_addon_version.efs-csi-driver_driver-addon-newest-version_760056B9]
}

# A newer build than the pin passes: the pin only has to be offered.
run "addon_version_newer_offered" {
  command = plan

  override_data {
    target = data.aws_eks_addon_version.efs-csi-driver_driver-addon-newest-version_760056B9
    values = { version = "v3.4.1-eksbuild.2" }
  }
  # tier:include overrides

  assert {
    condition     = aws_eks_addon.efs-csi-driver_driver-addon_82DFB912.addon_version == "v3.4.1-eksbuild.1"
    error_message = "the pin stays the pin"
  }
}

# Without its cluster stack, the lookup finds no role: the plan fails on the lookup's
# postcondition, whose message names the cluster stack to deploy first.
run "prod_before_its_cluster" {
  command = plan

  module {
    source = "./prod-node-role"
  }

  override_data {
    target = data.aws_iam_roles.efs-csi-node-role
    values = { arns = [], names = [] }
  }
  # tier:include overrides

  expect_failures = [data.aws_iam_roles.efs-csi-node-role]
}

# A role with the right name whose trust names another region's cluster (a deployment of
# the same project and cluster name elsewhere, or a role created by hand): the plan fails
# on the read's postcondition instead of admitting it.
run "prod_node_role_of_another_region" {
  command = plan

  module {
    source = "./prod-node-role"
  }

  override_data {
    target = data.aws_iam_role.efs-csi-node-role-trust
    values = {
      arn                = "arn:aws:iam::123456789012:role/confluent-kafka-prod-us-east-1-efs-csi-node"
      assume_role_policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"pods.eks.amazonaws.com\"},\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"],\"Condition\":{\"StringEquals\":{\"aws:RequestTag/eks-cluster-arn\":\"arn:aws:eks:eu-west-1:123456789012:cluster/kafka-prod\",\"aws:RequestTag/kubernetes-service-account\":\"efs-csi-node-sa\"}}}]}"
    }
  }
  # tier:include overrides

  expect_failures = [data.aws_iam_role.efs-csi-node-role-trust]
}

# A role with the right name that trusts EC2 (an instance role): refused too.
run "prod_node_role_trusting_ec2" {
  command = plan

  module {
    source = "./prod-node-role"
  }

  override_data {
    target = data.aws_iam_role.efs-csi-node-role-trust
    values = {
      arn                = "arn:aws:iam::123456789012:role/confluent-kafka-prod-us-east-1-efs-csi-node"
      assume_role_policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"
    }
  }
  # tier:include overrides

  expect_failures = [data.aws_iam_role.efs-csi-node-role-trust]
}

# The IRSA form of the cluster stack's trust, as IAM returns it (one principal as a
# string): accepted.
run "prod_node_role_irsa" {
  command = plan

  module {
    source = "./prod-node-role"
  }

  override_data {
    target = data.aws_iam_role.efs-csi-node-role-trust
    values = {
      arn                = "arn:aws:iam::123456789012:role/confluent-kafka-prod-us-east-1-efs-csi-node"
      assume_role_policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"EksIrsa\",\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringEquals\":{\"oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF:aud\":\"sts.amazonaws.com\",\"oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF:sub\":\"system:serviceaccount:kube-system:efs-csi-node-sa\"}}}]}"
    }
  }
  # tier:include overrides

  # The file system policy admits the role the read passes on (prod/stack-plan.hcl).
  assert {
    condition     = data.aws_iam_role.efs-csi-node-role-trust.arn == "arn:aws:iam::123456789012:role/confluent-kafka-prod-us-east-1-efs-csi-node"
    error_message = "an IRSA node role of this region is admitted: the read passes it on"
  }
}
