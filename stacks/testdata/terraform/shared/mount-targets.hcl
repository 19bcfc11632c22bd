# shared/mount-targets.hcl, included in every run that plans the mount targets:
# one mount target per subnet of var.private_subnet_ids, keyed by subnet ID, each in the
# subnet it is keyed by, and the subnet lookups behind their preconditions keyed the same.
assert {
  condition     = length(aws_efs_mount_target.kafka-efs_mount-target_7B0152A9) == length(var.private_subnet_ids)
  error_message = "want one mount target per subnet (${length(var.private_subnet_ids)}), got ${length(aws_efs_mount_target.kafka-efs_mount-target_7B0152A9)}"
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
