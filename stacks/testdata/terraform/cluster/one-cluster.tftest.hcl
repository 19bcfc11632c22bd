# One cluster, planned with the real hashicorp/aws provider, offline: the cluster stack
# cluster-prod is the root module here, and cluster-dev is planned as a module beside it
# (run "module" blocks); then the file system stack for a cluster whose driver exists
# already (KAFKA_EFS_EXISTING_DRIVER=prod), with an existing node role's ARN and no
# cluster stack. What the lookups refuse (an unknown cluster, an add-on version EKS does
# not offer, node roles of other trusts) is lookups.tftest.hcl's, with mocked providers.
# That prod and prod-high-performance look up the role run "cluster_prod" plans, and
# admit it, is their stack-plan.hcl's (the role's name pinned on both sides: OpenTofu
# cannot read another run's outputs in an assertion); the variables' refusals are
# variables/stack-variables.tftest.hcl's.
#
# TestTerraformTier lays the folders out (see ../README.md) and, after these runs pass,
# checks in Go that nothing EKS allows once per cluster (an add-on of a name, a Pod
# Identity association of a service account) is declared twice across cluster-prod and
# the file system stacks it serves.
#
# The tier adds the provider blocks of every module here (prod's backup copy provider
# too), and in each run the overrides of the data sources that call AWS in the module the
# run plans (see ../README.md): OpenTofu refuses an override of a data source the module
# lacks. A run that overrides one itself keeps its own answer.

# tier:include real-providers

variables {
  eks_cluster_name           = "kafka-prod"
  vpc_id                     = "vpc-0123456789abcdef0"
  private_subnet_ids         = ["subnet-0123456789abcde00", "subnet-0123456789abcde01"]
  eks_node_security_group_id = "sg-0123456789abcdef0"
}

run "cluster_prod" {
  command = plan

  # tier:include overrides

  assert {
    condition = (
      aws_iam_role.efs-csi-driver_node-role_F48ECC21.name == "confluent-kafka-prod-us-east-1-efs-csi-node" &&
      aws_iam_role.efs-csi-driver_controller-role_1EE9E8BA.name == "confluent-kafka-prod-us-east-1-efs-csi-controller" &&
      output.efs_csi_node_role_name == "confluent-kafka-prod-us-east-1-efs-csi-node"
    )
    error_message = "cluster prod's roles must carry the names its file system stacks look up"
  }
  assert {
    condition = toset([for a in [aws_eks_pod_identity_association.efs-csi-driver_controller-pod-identity_398544A6, aws_eks_pod_identity_association.efs-csi-driver_node-pod-identity_E8789C5C] :
      "${a.cluster_name} ${a.namespace}/${a.service_account}"
    ]) == toset(["kafka-prod kube-system/efs-csi-controller-sa", "kafka-prod kube-system/efs-csi-node-sa"])
    error_message = "one association per driver service account, in cluster kafka-prod"
  }
  assert {
    condition = (
      aws_eks_addon.efs-csi-driver_driver-addon_82DFB912.addon_name == "aws-efs-csi-driver" &&
      aws_eks_addon.efs-csi-driver_driver-addon_82DFB912.addon_version == "v3.4.1-eksbuild.1" &&
      aws_eks_addon.efs-csi-driver_driver-addon_82DFB912.resolve_conflicts_on_create == "OVERWRITE" &&
      aws_eks_addon.efs-csi-driver_pod-identity-agent-addon_8A484E13.addon_name == "eks-pod-identity-agent" &&
      aws_eks_addon.efs-csi-driver_pod-identity-agent-addon_8A484E13.resolve_conflicts_on_create == "OVERWRITE"
    )
    error_message = "the driver add-on at the pinned version, and the agent, both resolving field conflicts on create"
  }
  # Trust, resolved: Pod Identity for the node service account of this account's cluster.
  assert {
    condition = toset([for c in data.aws_iam_policy_document.efs-csi-driver_node-trust_81EFAFDA.statement[0].condition : "${c.test} ${c.variable} ${join(",", c.values)}"]) == toset([
      "StringEquals aws:RequestTag/eks-cluster-arn arn:aws:eks:us-east-1:123456789012:cluster/kafka-prod",
      "StringEquals aws:RequestTag/kubernetes-namespace kube-system",
      "StringEquals aws:RequestTag/kubernetes-service-account efs-csi-node-sa",
    ])
    error_message = "the node role trusts Pod Identity for kube-system/efs-csi-node-sa of cluster kafka-prod only"
  }
  # The controller: create on this cluster's file systems, tag only at creation (on both
  # resource types), and no delete: the StorageClasses retain.
  assert {
    condition = (
      toset(flatten([for st in data.aws_iam_policy_document.efs-csi-driver_controller-permissions_EAA36AA6.statement : [for c in st.condition : "${c.test} ${c.variable} ${join(",", c.values)}"] if contains(st.actions, "elasticfilesystem:CreateAccessPoint")])) == toset([
        "StringEquals aws:ResourceTag/kafka-efs/csi-driver-cluster confluent-kafka-prod",
        "StringEquals aws:RequestTag/efs.csi.aws.com/cluster true",
      ]) &&
      toset(flatten([for st in data.aws_iam_policy_document.efs-csi-driver_controller-permissions_EAA36AA6.statement : [for c in st.condition : "${c.test} ${c.variable} ${join(",", c.values)}"] if contains(st.actions, "elasticfilesystem:TagResource")])) == toset([
        "StringEquals elasticfilesystem:CreateAction CreateAccessPoint",
        "StringEquals aws:RequestTag/efs.csi.aws.com/cluster true",
      ]) &&
      toset(flatten([for st in data.aws_iam_policy_document.efs-csi-driver_controller-permissions_EAA36AA6.statement : st.resources if contains(st.actions, "elasticfilesystem:TagResource")])) == toset([
        "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/*",
        "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/*",
      ]) &&
      length([for st in data.aws_iam_policy_document.efs-csi-driver_controller-permissions_EAA36AA6.statement : st if contains(st.actions, "elasticfilesystem:DeleteAccessPoint")]) == 0
    )
    error_message = "the controller creates access points on cluster prod's file systems only, tags only at creation, deletes nothing"
  }
  # The checks found the cluster and the pinned version, and the add-on waits for them.
  assert {
    condition = (
      data.aws_eks_cluster.efs-csi-driver_eks-cluster_FEAB0CF4.version == "1.33" &&
      data.aws_eks_addon_version.efs-csi-driver_driver-addon-newest-version_760056B9.kubernetes_version == "1.33" &&
      data.aws_eks_addon_version.efs-csi-driver_driver-addon-newest-version_760056B9.most_recent &&
      !data.aws_eks_addon_version.efs-csi-driver_driver-addon-default-version_05CEEA79.most_recent
    )
    error_message = "the add-on version is checked against what EKS offers for the cluster's Kubernetes version"
  }
}

run "cluster_dev" {
  command = plan

  module {
    source = "./cluster-dev"
  }

  variables {
    eks_cluster_name = "kafka-dev"
  }

  # tier:include overrides

  assert {
    condition     = aws_iam_role.efs-csi-driver_node-role_F48ECC21.name == "confluent-kafka-dev-us-east-1-efs-csi-node"
    error_message = "cluster dev's node role is its own"
  }
}

# The existing driver's node role: required, validated, admitted; no lookup, no cluster stack.
run "existing_driver" {
  command = plan

  module {
    source = "./prod-existing-driver"
  }

  variables {
    efs_csi_node_role_arn = "arn:aws:iam::123456789012:role/eks-blueprints-efs-csi-node"
  }

  # tier:include overrides

  assert {
    condition = (
      contains(flatten([for st in data.aws_iam_policy_document.kafka-efs_file-system-policy-document_FB2A0123.statement : [for p in st.principals : p.identifiers] if st.effect == "Allow"]), "arn:aws:iam::123456789012:role/eks-blueprints-efs-csi-node") &&
      contains(flatten([for st in data.aws_iam_policy_document.kafka-efs_file-system-policy-document_FB2A0123.statement : [for p in st.principals : p.identifiers] if st.sid == "DenyNodeRoleWithoutAccessPoint"]), "arn:aws:iam::123456789012:role/eks-blueprints-efs-csi-node")
    )
    error_message = "the file system policy must admit the existing node role, through access points only"
  }
}
