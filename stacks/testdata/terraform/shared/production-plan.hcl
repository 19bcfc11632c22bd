# shared/production-plan.hcl, included in the plan run of every production stack:
# its key, AWS Backup (the rules, the vault lock, the role, the restore test: values known
# at plan time; the references between them are asserted in shared/production-apply.hcl), its logs,
# its alarm topic and who the topic reaches. Names are the file system's creation token
# (<project>-<environment>-efs, which each stack's stack-plan.hcl pins), with `_` for `-`
# where AWS Backup allows no hyphen.
variables {
  alarm_email_addresses = ["kafka-oncall@example.com", "efs-owners@example.com"]
  alarm_https_endpoints = ["https://hooks.example.com/efs-alarms"]
}

assert {
  condition     = aws_kms_key.kms-key.enable_key_rotation == true && aws_kms_key.kms-key.deletion_window_in_days == 30
  error_message = "the customer-managed key rotates, with a 30-day deletion window"
}
# AWS Backup: the plan's rules, the vault lock, the role and the restore test (values
# known at plan time; the references between them are asserted in shared/production-apply.hcl).
assert {
  condition = (
    aws_backup_vault.kafka-efs_backup-vault_2F7A9756.name == aws_efs_file_system.kafka-efs_file-system_62987A67.creation_token &&
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
    aws_backup_restore_testing_plan.kafka-efs_restore-testing-plan_CE1C1443.name == replace(aws_efs_file_system.kafka-efs_file-system_62987A67.creation_token, "-", "_") &&
    aws_backup_restore_testing_plan.kafka-efs_restore-testing-plan_CE1C1443.schedule_expression == "cron(0 8 2 * ? *)" &&
    aws_backup_restore_testing_plan.kafka-efs_restore-testing-plan_CE1C1443.recovery_point_selection[0].algorithm == "LATEST_WITHIN_WINDOW" &&
    toset(aws_backup_restore_testing_plan.kafka-efs_restore-testing-plan_CE1C1443.recovery_point_selection[0].recovery_point_types) == toset(["SNAPSHOT"])
  )
  error_message = "a monthly restore test of the latest snapshot"
}
assert {
  condition = (
    aws_backup_restore_testing_selection.kafka-efs_restore-testing-selection_FCE095FD.protected_resource_type == "EFS" &&
    aws_backup_restore_testing_selection.kafka-efs_restore-testing-selection_FCE095FD.validation_window_hours == 1
  )
  error_message = "the restore test restores EFS and keeps the copy 1 hour (no validator configured)"
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
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B.alarm_name == "${aws_efs_file_system.kafka-efs_file-system_62987A67.creation_token}-client_connections" &&
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B.metric_name == null &&
    [for q in aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B.metric_query : q.expression if q.id == "e1"] == ["m1 / (PERIOD(m1) / 60)"] &&
    [for q in aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B.metric_query : [q.metric[0].namespace, q.metric[0].metric_name, q.metric[0].stat, q.metric[0].period] if q.id == "m1"] == [["AWS/EFS", "ClientConnections", "Sum", 300]] &&
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B.comparison_operator == "GreaterThanThreshold" &&
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B.threshold == 1000 &&
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B.evaluation_periods == 3
  )
  error_message = "a client connections alarm on the average connections, m1 / (PERIOD(m1) / 60) over the per-minute Sum, above 1000 for 3 periods of 300 s"
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
  condition     = aws_cloudwatch_dashboard.kafka-efs_dashboard_45A8D704.dashboard_name == aws_efs_file_system.kafka-efs_file-system_62987A67.creation_token
  error_message = "the stack's dashboard (its body is checked in common/outputs.tftest.hcl, where the file system ID is known)"
}
