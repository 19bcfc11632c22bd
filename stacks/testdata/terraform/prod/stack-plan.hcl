# What prod checks planned with the real hashicorp/aws provider, beyond what every stack
# checks: the cluster that serves it, and what prod is: elastic throughput, IA after 30
# days, its KMS key, AWS Backup and the rules that forward its failures, its alarms (client
# connections and clients gone, and under elastic the metered throughput ceiling and the
# cost guard, but no I/O limit: the EFS user guide documents no PercentIOLimit under
# elastic; the backup side's silence and delivery alarms). common/subnets.tftest.hcl's run
# includes it (`# tier:include stack-plan`), so the stack is planned with the real provider
# once, with 6 subnets; what every production stack checks planned is
# shared/production-plan.hcl.

# Served by cluster prod.
# tier:include served-by-cluster-prod

# What prod is.
assert {
  condition = (
    aws_efs_file_system.kafka-efs_file-system_62987A67.performance_mode == "generalPurpose" &&
    aws_efs_file_system.kafka-efs_file-system_62987A67.throughput_mode == "elastic"
  )
  error_message = "prod is generalPurpose with elastic throughput"
}
assert {
  condition = (
    length(aws_efs_file_system.kafka-efs_file-system_62987A67.lifecycle_policy) == 2 &&
    aws_efs_file_system.kafka-efs_file-system_62987A67.lifecycle_policy[0].transition_to_ia == "AFTER_30_DAYS" &&
    aws_efs_file_system.kafka-efs_file-system_62987A67.lifecycle_policy[1].transition_to_primary_storage_class == "AFTER_1_ACCESS"
  )
  error_message = "prod's lifecycle: IA after 30 days, back to Standard on first access; got ${jsonencode(aws_efs_file_system.kafka-efs_file-system_62987A67.lifecycle_policy)}"
}
assert {
  condition     = aws_efs_file_system.kafka-efs_file-system_62987A67.creation_token == "confluent-kafka-prod-efs"
  error_message = "creation token (the names of shared/production-plan.hcl derive from it)"
}
# tier:include production-plan
assert {
  condition = alltrue([for r in aws_backup_plan.kafka-efs_backup-plan_896F0B6F.rule :
  r.start_window == 60 && r.completion_window == 1440 && length(r.copy_action) == 1])
  error_message = "every rule starts within an hour, completes within a day, and copies once"
}

assert {
  condition = alltrue([for a in [
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B,
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_throughput_ECC9E342,
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_data_01E7FF0E,
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-event_delivery_8EDD5BF3,
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-event_dead_letters_F95DEFC2,
  ] : a.treat_missing_data == "notBreaching" && endswith(a.alarm_description, "Runbook: docs/operations.md, section \"${trimprefix(a.alarm_name, "confluent-kafka-prod-efs-")} alarm\"")])
  error_message = "every alarm of a load or a failure treats missing data as not breaching and names its docs/operations.md entry"
}
# Silence is a failure: no client left, no completed backup in a day.
assert {
  condition = alltrue([for a in [
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-clients_gone_A57CDD3F,
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-backup_completed_33EA801A,
  ] : a.treat_missing_data == "breaching" && a.comparison_operator == "LessThanThreshold" && a.threshold == 1])
  error_message = "the silence alarms fire below one and on missing data"
}
assert {
  condition = (
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-backup_completed_33EA801A.namespace == "AWS/Backup" &&
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-backup_completed_33EA801A.metric_name == "NumberOfBackupJobsCompleted" &&
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-backup_completed_33EA801A.period == 86400 &&
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-backup_completed_33EA801A.dimensions == tomap({ BackupVaultName = "confluent-kafka-prod-efs", ResourceType = "EFS" })
  )
  error_message = "no completed EFS backup job of the vault in a day fires"
}
# The EFS user guide documents no PercentIOLimit under elastic: no alarm that cannot fire.
assert {
  condition     = length([for a in [aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B] : a if a.metric_name == "PercentIOLimit"]) == 0
  error_message = "no io_limit alarm under elastic"
}
# Under elastic, PermittedThroughput is the file system's maximum: the utilization alarm
# gives way to a ceiling on MeteredIOBytes as MiB/s and a daily budget in dollars of the
# bytes Elastic bills (data and metadata reads at $0.03/GB, writes at $0.06/GB).
assert {
  condition = (
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_throughput_ECC9E342.alarm_name == "confluent-kafka-prod-efs-metered_throughput" &&
    [for q in aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_throughput_ECC9E342.metric_query : q.expression if q.id == "e1"] == ["(m1 / 1048576) / PERIOD(m1)"] &&
    [for q in aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_throughput_ECC9E342.metric_query : [q.metric[0].namespace, q.metric[0].metric_name, q.metric[0].stat, q.metric[0].period] if q.id == "m1"] == [["AWS/EFS", "MeteredIOBytes", "Sum", 300]] &&
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_throughput_ECC9E342.comparison_operator == "GreaterThanThreshold" &&
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_throughput_ECC9E342.threshold == 500 &&
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_throughput_ECC9E342.evaluation_periods == 3
  )
  error_message = "elastic: a metered throughput alarm, MeteredIOBytes as MiB/s above 500 for 3 periods of 300 s"
}
assert {
  condition = (
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_data_01E7FF0E.alarm_name == "confluent-kafka-prod-efs-metered_data" &&
    [for q in aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_data_01E7FF0E.metric_query : q.expression if q.id == "e1"] == ["((m1 + m2) * 0.03 + (m3 + m4) * 0.06) / 1073741824 * 86400 / PERIOD(m1)"] &&
    tomap({ for q in aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_data_01E7FF0E.metric_query :
      q.id => join(" ", [q.metric[0].namespace, q.metric[0].metric_name, q.metric[0].stat, tostring(q.metric[0].period)]) if q.id != "e1" }) == tomap({
      m1 = "AWS/EFS DataReadIOBytes Sum 86400", m2 = "AWS/EFS MetadataReadIOBytes Sum 86400",
      m3 = "AWS/EFS DataWriteIOBytes Sum 86400", m4 = "AWS/EFS MetadataWriteIOBytes Sum 86400"
    }) &&
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_data_01E7FF0E.comparison_operator == "GreaterThanThreshold" &&
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_data_01E7FF0E.threshold == 30 &&
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_data_01E7FF0E.evaluation_periods == 1
  )
  error_message = "elastic: a cost guard, the bytes Elastic bills in US dollars a day at us-east-1's prices, above $30 for one period of a day"
}

# Backup failures reach the topic: one rule per job kind on AWS Backup's events, with
# the failure states in the field each event carries them in (restore jobs: status).
assert {
  condition = (
    jsondecode(aws_cloudwatch_event_rule.kafka-efs_backup-event-backup_job_37BD02CF.event_pattern) == {
      source = ["aws.backup"], "detail-type" = ["Backup Job State Change"],
      detail = { backupVaultName = ["confluent-kafka-prod-efs"], state = ["FAILED", "ABORTED", "EXPIRED"] }
    } &&
    jsondecode(aws_cloudwatch_event_rule.kafka-efs_backup-event-copy_job_83020D0C.event_pattern) == {
      source = ["aws.backup"], "detail-type" = ["Copy Job State Change"],
      detail = { sourceBackupVaultArn = [{ suffix = ":backup-vault:confluent-kafka-prod-efs" }], state = ["FAILED"] }
    } &&
    jsondecode(aws_cloudwatch_event_rule.kafka-efs_backup-event-vault_change_33EA8854.event_pattern) == {
      source = ["aws.backup"], "detail-type" = ["Backup Vault State Change"],
      detail = { backupVaultName = ["confluent-kafka-prod-efs"] }
    }
  )
  error_message = "the backup, copy and vault rules match their events (the restore rules name the plan's ARN, known once applied: stack-apply.hcl)"
}
assert {
  condition = alltrue([for t in [
    aws_cloudwatch_event_target.kafka-efs_backup-event-backup_job-target-0_9C0687C4,
    aws_cloudwatch_event_target.kafka-efs_backup-event-copy_job-target-0_929979F7,
    aws_cloudwatch_event_target.kafka-efs_backup-event-restore_job-target-0_CD224D3A,
    aws_cloudwatch_event_target.kafka-efs_backup-event-backup_job_issues-target-0_EC04EA20,
    aws_cloudwatch_event_target.kafka-efs_backup-event-restore_cleanup-target-0_0F9FD209,
    aws_cloudwatch_event_target.kafka-efs_backup-event-vault_change-target-0_88F3186B,
  ] : strcontains(t.input_transformer[0].input_template, "Runbook: docs/operations.md, section")])
  error_message = "every backup notification names its runbook entry"
}
