# What prod checks applied with a mocked hashicorp/aws provider, beyond every stack's
# outputs: its alarms, backup rules and topic policy, and its backup copy, with mocked ARNs
# and IDs. common/outputs.tftest.hcl's run includes it (`# tier:include stack-apply`), so
# the stack is applied once; what every production stack checks applied is
# shared/production-apply.hcl.

# tier:include production-apply

assert {
  condition = alltrue([for a in [
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B,
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_throughput_ECC9E342,
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_data_01E7FF0E,
  ] : a.alarm_actions == toset([aws_sns_topic.alarm-topic.arn]) && a.ok_actions == toset([aws_sns_topic.alarm-topic.arn])])
  error_message = "the alarms must notify the stack's topic"
}
assert {
  condition = (
    [for q in aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_throughput_ECC9E342.metric_query :
    [q.metric[0].metric_name, q.metric[0].dimensions.FileSystemId] if q.id == "m1"] == [["MeteredIOBytes", "fs-0123456789abcdef0"]] &&
    toset([for q in aws_cloudwatch_metric_alarm.kafka-efs_alarm-metered_data_01E7FF0E.metric_query :
      "${q.metric[0].metric_name} ${q.metric[0].dimensions.FileSystemId}" if q.id != "e1"]) == toset([
      "DataReadIOBytes fs-0123456789abcdef0", "MetadataReadIOBytes fs-0123456789abcdef0",
      "DataWriteIOBytes fs-0123456789abcdef0", "MetadataWriteIOBytes fs-0123456789abcdef0",
    ])
  )
  error_message = "the elastic alarms watch this file system: the ceiling its MeteredIOBytes, the cost guard the bytes Elastic bills"
}
# A restore test pages the team of its own plan only: the restore rules match the
# plan's ARN, not every EFS restore of the account.
assert {
  condition = alltrue([for r in [
    aws_cloudwatch_event_rule.kafka-efs_backup-event-restore_job_B9ADD393,
    aws_cloudwatch_event_rule.kafka-efs_backup-event-restore_cleanup_4768414B,
    ] : jsondecode(r.event_pattern).detail.restoreTestingPlanArn == [aws_backup_restore_testing_plan.kafka-efs_restore-testing-plan_CE1C1443.arn] &&
    !contains(keys(jsondecode(r.event_pattern).detail), "resourceType")
  ])
  error_message = "the restore rules match the stack's restore testing plan, by ARN"
}
# Backup failures: each rule targets the topic, and the topic's policy admits exactly
# CloudWatch (this file system's alarms) and EventBridge (these rules) as publishers.
assert {
  condition = alltrue([for t in [
    aws_cloudwatch_event_target.kafka-efs_backup-event-backup_job-target-0_9C0687C4,
    aws_cloudwatch_event_target.kafka-efs_backup-event-copy_job-target-0_929979F7,
    aws_cloudwatch_event_target.kafka-efs_backup-event-restore_job-target-0_CD224D3A,
    aws_cloudwatch_event_target.kafka-efs_backup-event-backup_job_issues-target-0_EC04EA20,
    aws_cloudwatch_event_target.kafka-efs_backup-event-restore_cleanup-target-0_0F9FD209,
    aws_cloudwatch_event_target.kafka-efs_backup-event-vault_change-target-0_88F3186B,
  ] : t.arn == aws_sns_topic.alarm-topic.arn && t.dead_letter_config[0].arn == aws_sqs_queue.kafka-efs_backup-events-dlq_1A9218C3.arn])
  error_message = "every backup rule targets the alarm topic, with the dead-letter queue"
}
assert {
  condition = (
    aws_sns_topic_policy.alarm-topic-policy.arn == aws_sns_topic.alarm-topic.arn &&
    toset([for st in data.aws_iam_policy_document.alarm-topic-policy-document.statement : st.sid]) == toset(["AccountManagesTopic", "CloudWatchAlarmsPublish", "BackupEventRulesPublish"])
  )
  error_message = "the topic policy holds the account's statement and the two publishers', nothing else"
}
assert {
  condition = alltrue([for st in data.aws_iam_policy_document.alarm-topic-policy-document.statement :
    toset(st.actions) == toset(["sns:Publish"]) &&
    toset(flatten([for p in st.principals : p.identifiers])) == toset(["events.amazonaws.com"]) &&
    toset(flatten([for c in st.condition : c.values if c.variable == "aws:SourceArn" && c.test == "ArnEquals"])) == toset([
      aws_cloudwatch_event_rule.kafka-efs_backup-event-backup_job_37BD02CF.arn,
      aws_cloudwatch_event_rule.kafka-efs_backup-event-copy_job_83020D0C.arn,
      aws_cloudwatch_event_rule.kafka-efs_backup-event-restore_job_B9ADD393.arn,
      aws_cloudwatch_event_rule.kafka-efs_backup-event-backup_job_issues_63EC06CA.arn,
      aws_cloudwatch_event_rule.kafka-efs_backup-event-restore_cleanup_4768414B.arn,
      aws_cloudwatch_event_rule.kafka-efs_backup-event-vault_change_33EA8854.arn,
    ])
  if st.sid == "BackupEventRulesPublish"])
  error_message = "EventBridge may publish to the topic only for the stack's six backup rules (aws:SourceArn)"
}
assert {
  condition = alltrue([for st in data.aws_iam_policy_document.alarm-topic-policy-document.statement :
    toset(flatten([for p in st.principals : p.identifiers])) == toset(["cloudwatch.amazonaws.com"]) &&
    toset(flatten([for c in st.condition : c.values if c.variable == "aws:SourceArn" && c.test == "ArnLike"])) == toset(["arn:aws:cloudwatch:us-east-1:123456789012:alarm:confluent-kafka-prod-efs-*"])
  if st.sid == "CloudWatchAlarmsPublish"])
  error_message = "CloudWatch may publish to the topic only for this file system's alarms (aws:SourceArn)"
}
# The keys name the backup role, which AWS Backup uses for backups, copies and restores.
assert {
  condition = alltrue([for doc in [data.aws_iam_policy_document.kms-key-policy, data.aws_iam_policy_document.backup-copy-kms-key-policy] :
    toset(flatten([for st in doc.statement : [for p in st.principals : p.identifiers] if st.sid == "BackupRoleUsesKey"])) == toset([aws_iam_role.kafka-efs_backup-role_6A4DE9D6.arn])
  ])
  error_message = "the stack's key and the copy key name the backup role"
}
assert {
  condition = (
    output.backup_copy_region == "us-west-2" &&
    output.backup_copy_vault_arn == aws_backup_vault.backup-copy-vault.arn &&
    output.backup_copy_vault_name == aws_backup_vault.backup-copy-vault.name &&
    output.backup_copy_kms_key_arn == aws_kms_key.backup-copy-kms-key.arn
  )
  error_message = "the copy outputs name the copy vault, its region and its key"
}
assert {
  condition = alltrue([for r in aws_backup_plan.kafka-efs_backup-plan_896F0B6F.rule :
  one(r.copy_action).destination_vault_arn == aws_backup_vault.backup-copy-vault.arn])
  error_message = "every rule copies to the vault in the backup copy region"
}
assert {
  condition     = aws_backup_vault.backup-copy-vault.kms_key_arn == aws_kms_key.backup-copy-kms-key.arn
  error_message = "the copy vault is encrypted with the copy region's key"
}
