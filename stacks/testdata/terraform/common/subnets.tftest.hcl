# Every file system stack, planned with the real hashicorp/aws provider, offline, with 6
# subnets, the most the variable admits: one mount target per subnet keyed by subnet, and
# the network and encryption every stack has: the NFS rule, the security group's VPC,
# encryption at rest; then what the stack checks planned besides
# (testdata/terraform/<stack>/stack-plan.hcl). One run per stack: each costs a validation
# and a plan of the whole stack, with a provider start per provider configuration for both.
#
# The provider blocks and the overrides of the data sources that call AWS are the tier's
# (see ../README.md): they answer exactly the lookups of the stack this file runs beside,
# as OpenTofu requires.

# tier:include real-providers
# tier:include overrides

variables {
  vpc_id                     = "vpc-0123456789abcdef0"
  eks_node_security_group_id = "sg-0123456789abcdef0"
  private_subnet_ids = [
    "subnet-0123456789abcde00", "subnet-0123456789abcde01", "subnet-0123456789abcde02",
    "subnet-0123456789abcde03", "subnet-0123456789abcde04", "subnet-0123456789abcde05",
  ]
}

run "six_subnets" {
  command = plan

  # tier:include mount-targets
  # What the stack checks planned besides (testdata/terraform/<stack>/stack-plan.hcl).
  # tier:include stack-plan

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
}
