# What prod-high-performance checks planned with the real hashicorp/aws provider, beyond
# what every stack checks: the cluster that serves it, and what it is: maxIO, 200 MiB/s
# provisioned, no lifecycle, its KMS key, AWS Backup, two alarms (client connections,
# throughput utilization: maxIO reports no PercentIOLimit). common/subnets.tftest.hcl's run
# includes it (`# tier:include stack-plan`), so the stack is planned with the real provider
# once, with 6 subnets; what every production stack checks planned is
# shared/production-plan.hcl.

# Served by cluster prod.
# tier:include served-by-cluster-prod

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
  condition     = aws_efs_file_system.kafka-efs_file-system_62987A67.creation_token == "confluent-kafka-prod-high-performance-efs"
  error_message = "creation token (the names of shared/production-plan.hcl derive from it)"
}
# tier:include production-plan
assert {
  condition = alltrue([for r in aws_backup_plan.kafka-efs_backup-plan_896F0B6F.rule :
  r.start_window == 60 && r.completion_window == 1440 && length(r.copy_action) == 0])
  error_message = "every rule starts within an hour, completes within a day, and copies nothing"
}

assert {
  condition = alltrue([for a in [
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B,
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-throughput_utilization_A621E0F4,
  ] : a.treat_missing_data == "notBreaching" && endswith(a.alarm_description, "Runbook: docs/operations.md, section \"${trimprefix(a.alarm_name, "confluent-kafka-prod-high-performance-efs-")} alarm\"")])
  error_message = "every alarm treats missing data as not breaching and names its docs/operations.md entry"
}
assert {
  condition = (
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-throughput_utilization_A621E0F4.alarm_name == "confluent-kafka-prod-high-performance-efs-throughput_utilization" &&
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-throughput_utilization_A621E0F4.threshold == 80
  )
  error_message = "a throughput utilization alarm above 80% (its metric math is checked in stack-apply.hcl, where the file system ID is known)"
}
