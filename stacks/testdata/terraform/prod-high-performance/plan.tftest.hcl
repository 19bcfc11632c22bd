# prod-high-performance, planned with the real hashicorp/aws provider, offline, with 2, 3 and 6 subnets: one
# mount target per subnet keyed by subnet, the NFS rule, encryption, and what prod-high-performance is:
# maxIO, 200 MiB/s provisioned, no lifecycle, its KMS key, AWS Backup, two
# alarms (client connections, throughput utilization: maxIO reports no PercentIOLimit).
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

# The key policy reads the account ID: an STS call, answered here.
override_data {
  target = data.aws_caller_identity.account
  values = {
    account_id = "123456789012"
    arn        = "arn:aws:iam::123456789012:root"
    user_id    = "123456789012"
  }
}

# The cluster's node role, looked up by the name the cluster stack cluster-prod gives it
# (an IAM call), answered here.
override_data {
  target = data.aws_iam_roles.efs-csi-node-role
  values = { arns = ["arn:aws:iam::123456789012:role/confluent-kafka-prod-efs-csi-node"], names = ["confluent-kafka-prod-efs-csi-node"] }
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
  alarm_email_addresses      = ["kafka-oncall@example.com", "efs-owners@example.com"]
  alarm_https_endpoints      = ["https://hooks.example.com/efs-alarms"]
}

run "two_subnets" {
  command = plan

  # Served by cluster prod: the file system carries the tag its controller may create
  # access points on, and the lookup wants exactly that cluster's node role.
  assert {
    condition = (
      aws_efs_file_system.kafka-efs_file-system_62987A67.tags["kafka-efs/csi-driver-cluster"] == "confluent-kafka-prod" &&
      data.aws_iam_roles.efs-csi-node-role.name_regex == "^confluent-kafka-prod-efs-csi-node$"
    )
    error_message = "the file system must be tagged for cluster prod and look up its node role"
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

  # What prod-high-performance is.
  assert {
    condition = (
      aws_efs_file_system.kafka-efs_file-system_62987A67.performance_mode == "maxIO" &&
      aws_efs_file_system.kafka-efs_file-system_62987A67.throughput_mode == "provisioned" &&
      aws_efs_file_system.kafka-efs_file-system_62987A67.provisioned_throughput_in_mibps == 200
    )
    error_message = "prod-high-performance is maxIO with 200 MiB/s provisioned"
  }
  assert {
    condition = (
      length(aws_efs_file_system.kafka-efs_file-system_62987A67.lifecycle_policy) == 0
    )
    error_message = "prod-high-performance has no lifecycle policy; got ${jsonencode(aws_efs_file_system.kafka-efs_file-system_62987A67.lifecycle_policy)}"
  }
  assert {
    condition     = aws_efs_file_system.kafka-efs_file-system_62987A67.encrypted == true
    error_message = "encrypted at rest"
  }
  assert {
    condition     = aws_kms_key.kms-key.enable_key_rotation == true && aws_kms_key.kms-key.deletion_window_in_days == 30
    error_message = "the customer-managed key rotates, with a 30-day deletion window"
  }
  # AWS Backup: the plan's rules, the vault lock, the role and the restore test (values
  # known at plan time; the references between them are asserted in apply.tftest.hcl).
  assert {
    condition = (
      aws_backup_vault.kafka-efs_backup-vault_2F7A9756.name == "confluent-kafka-prod-high-performance-efs" &&
      aws_backup_vault_lock_configuration.kafka-efs_backup-vault-lock_92AA98E9.min_retention_days == 35 &&
      aws_backup_vault_lock_configuration.kafka-efs_backup-vault-lock_92AA98E9.max_retention_days == 365 &&
      aws_backup_vault_lock_configuration.kafka-efs_backup-vault-lock_92AA98E9.changeable_for_days == null
    )
    error_message = "the vault lock keeps recovery points 35 to 365 days, in governance mode"
  }
  assert {
    condition = (
      one([for r in aws_backup_plan.kafka-efs_backup-plan_896F0B6F.rule : r if r.rule_name == "daily"]).schedule == "cron(0 5 ? * * *)" &&
      one([for r in aws_backup_plan.kafka-efs_backup-plan_896F0B6F.rule : r if r.rule_name == "daily"]).lifecycle[0].delete_after == 35 &&
      one([for r in aws_backup_plan.kafka-efs_backup-plan_896F0B6F.rule : r if r.rule_name == "daily"]).lifecycle[0].cold_storage_after == null
    )
    error_message = "the daily rule runs at 05:00 UTC and keeps 35 days, warm"
  }
  assert {
    condition = (
      one([for r in aws_backup_plan.kafka-efs_backup-plan_896F0B6F.rule : r if r.rule_name == "monthly"]).schedule == "cron(0 5 1 * ? *)" &&
      one([for r in aws_backup_plan.kafka-efs_backup-plan_896F0B6F.rule : r if r.rule_name == "monthly"]).lifecycle[0].delete_after == 365 &&
      one([for r in aws_backup_plan.kafka-efs_backup-plan_896F0B6F.rule : r if r.rule_name == "monthly"]).lifecycle[0].cold_storage_after == null
    )
    error_message = "the monthly rule runs on the 1st at 05:00 UTC and keeps 365 days, warm"
  }
  assert {
    condition = alltrue([for r in aws_backup_plan.kafka-efs_backup-plan_896F0B6F.rule :
    r.start_window == 60 && r.completion_window == 1440 && length(r.copy_action) == 0])
    error_message = "every rule starts within an hour, completes within a day, and copies nothing"
  }
  assert {
    condition = toset(aws_iam_role_policy_attachments_exclusive.kafka-efs_backup-role-policies_CF0E1A96.policy_arns) == toset([
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
    ])
    error_message = "the backup role holds exactly the AWS managed backup and restore policies"
  }
  assert {
    condition     = jsondecode(aws_iam_role.kafka-efs_backup-role_6A4DE9D6.assume_role_policy).Statement[0].Principal.Service == "backup.amazonaws.com"
    error_message = "only AWS Backup assumes the backup role"
  }
  assert {
    condition = (
      aws_backup_restore_testing_plan.kafka-efs_restore-testing-plan_CE1C1443.name == "confluent_kafka_prod_high_performance_efs" &&
      aws_backup_restore_testing_plan.kafka-efs_restore-testing-plan_CE1C1443.schedule_expression == "cron(0 8 2 * ? *)" &&
      aws_backup_restore_testing_plan.kafka-efs_restore-testing-plan_CE1C1443.recovery_point_selection[0].algorithm == "LATEST_WITHIN_WINDOW" &&
      toset(aws_backup_restore_testing_plan.kafka-efs_restore-testing-plan_CE1C1443.recovery_point_selection[0].recovery_point_types) == toset(["SNAPSHOT"])
    )
    error_message = "a monthly restore test of the latest snapshot"
  }
  assert {
    condition = (
      aws_backup_restore_testing_selection.kafka-efs_restore-testing-selection_FCE095FD.protected_resource_type == "EFS" &&
      aws_backup_restore_testing_selection.kafka-efs_restore-testing-selection_FCE095FD.validation_window_hours == 24
    )
    error_message = "the restore test restores EFS and keeps the copy 24 hours"
  }
  assert {
    condition     = aws_cloudwatch_log_group.kafka-efs_log-group_7C9C0FC1.retention_in_days == 90
    error_message = "production keeps logs 90 days"
  }
  assert {
    condition     = aws_sns_topic.alarm-topic.name != null
    error_message = "the alarms need their topic"
  }

  # The alarms of this mode.
  # ClientConnections is reported per minute: the alarm compares the Sum over a period
  # divided by the minutes in it (the average number of connections) with 1000.
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B.alarm_name == "confluent-kafka-prod-high-performance-efs-client_connections" &&
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B.metric_name == null &&
      [for q in aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B.metric_query : q.expression if q.id == "e1"] == ["m1 / (PERIOD(m1) / 60)"] &&
      [for q in aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B.metric_query : [q.metric[0].namespace, q.metric[0].metric_name, q.metric[0].stat, q.metric[0].period] if q.id == "m1"] == [["AWS/EFS", "ClientConnections", "Sum", 300]] &&
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B.comparison_operator == "GreaterThanThreshold" &&
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B.threshold == 1000 &&
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B.evaluation_periods == 3
    )
    error_message = "a client connections alarm on the average connections, m1 / (PERIOD(m1) / 60) over the per-minute Sum, above 1000 for 3 periods of 300 s"
  }
  assert {
    condition = alltrue([for a in [
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B,
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-throughput_utilization_A621E0F4,
    ] : a.treat_missing_data == "notBreaching" && endswith(a.alarm_description, "Runbook: docs/operations.md, section \"${trimprefix(a.alarm_name, "confluent-kafka-prod-high-performance-efs-")} alarm\"")])
    error_message = "every alarm treats missing data as not breaching and names its docs/operations.md entry"
  }
  # The topic reaches people: one subscription per address and endpoint given.
  assert {
    condition = (
      toset(keys(aws_sns_topic_subscription.alarm-email-subscription)) == toset(var.alarm_email_addresses) &&
      alltrue([for k, sub in aws_sns_topic_subscription.alarm-email-subscription : sub.protocol == "email" && sub.endpoint == k]) &&
      toset(keys(aws_sns_topic_subscription.alarm-https-subscription)) == toset(var.alarm_https_endpoints) &&
      alltrue([for k, sub in aws_sns_topic_subscription.alarm-https-subscription : sub.protocol == "https" && sub.endpoint == k])
    )
    error_message = "one email subscription per alarm_email_addresses entry and one https subscription per alarm_https_endpoints entry"
  }
  assert {
    condition     = aws_cloudwatch_dashboard.kafka-efs_dashboard_45A8D704.dashboard_name == "confluent-kafka-prod-high-performance-efs"
    error_message = "the stack's dashboard (its body is checked in common/outputs.tftest.hcl, where the file system ID is known)"
  }
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-throughput_utilization_A621E0F4.alarm_name == "confluent-kafka-prod-high-performance-efs-throughput_utilization" &&
      aws_cloudwatch_metric_alarm.kafka-efs_alarm-throughput_utilization_A621E0F4.threshold == 80
    )
    error_message = "a throughput utilization alarm above 80% (its metric math is checked in apply.tftest.hcl, where the file system ID is known)"
  }
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
