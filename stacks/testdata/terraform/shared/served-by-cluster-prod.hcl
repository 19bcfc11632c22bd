# shared/served-by-cluster-prod.hcl, included in the plan of every file system stack that
# cluster prod serves (prod/stack-plan.hcl, prod-high-performance/stack-plan.hcl): the file
# system carries the tag its controller may create access points on, the lookup wants
# exactly that cluster's node role (the name run "cluster_prod" of
# cluster/one-cluster.tftest.hcl pins for the role it plans), and the policy admits what
# the lookup finds, through access points only.

assert {
  condition = (
    aws_efs_file_system.kafka-efs_file-system_62987A67.tags["kafka-efs/csi-driver-cluster"] == "confluent-kafka-prod" &&
    data.aws_iam_roles.efs-csi-node-role.name_regex == "^confluent-kafka-prod-us-east-1-efs-csi-node$"
  )
  error_message = "the file system must be tagged for cluster prod and look up its node role"
}
assert {
  condition = (
    contains(flatten([for st in data.aws_iam_policy_document.kafka-efs_file-system-policy-document_FB2A0123.statement : [for p in st.principals : p.identifiers] if st.effect == "Allow"]), "arn:aws:iam::123456789012:role/confluent-kafka-prod-us-east-1-efs-csi-node") &&
    contains(flatten([for st in data.aws_iam_policy_document.kafka-efs_file-system-policy-document_FB2A0123.statement : [for p in st.principals : p.identifiers] if st.sid == "DenyNodeRoleWithoutAccessPoint"]), "arn:aws:iam::123456789012:role/confluent-kafka-prod-us-east-1-efs-csi-node")
  )
  error_message = "the file system policy must admit cluster prod's node role, through access points only"
}
