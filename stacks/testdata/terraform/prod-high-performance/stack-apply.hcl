# What prod-high-performance checks applied with a mocked hashicorp/aws provider, beyond
# every stack's outputs: its alarms' topic and metric math, with mocked ARNs and IDs.
# common/outputs.tftest.hcl's run includes it (`# tier:include stack-apply`), so the stack
# is applied once; what every production stack checks applied is
# shared/production-apply.hcl.

# tier:include production-apply

assert {
  condition = alltrue([for a in [
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-client_connections_22AB9B4B,
    aws_cloudwatch_metric_alarm.kafka-efs_alarm-throughput_utilization_A621E0F4,
  ] : a.alarm_actions == toset([aws_sns_topic.alarm-topic.arn]) && a.ok_actions == toset([aws_sns_topic.alarm-topic.arn])])
  error_message = "the alarms must notify the stack's topic"
}
assert {
  condition = (
    contains([for q in aws_cloudwatch_metric_alarm.kafka-efs_alarm-throughput_utilization_A621E0F4.metric_query : q.expression if q.id == "e1"], "(m1 / PERIOD(m1)) / m2 * 100") &&
    toset([for q in aws_cloudwatch_metric_alarm.kafka-efs_alarm-throughput_utilization_A621E0F4.metric_query : q.metric[0].metric_name if q.id != "e1"]) == toset(["MeteredIOBytes", "PermittedThroughput"]) &&
    alltrue([for q in aws_cloudwatch_metric_alarm.kafka-efs_alarm-throughput_utilization_A621E0F4.metric_query : q.metric[0].dimensions.FileSystemId == "fs-0123456789abcdef0" if q.id != "e1"])
  )
  error_message = "throughput utilization: (m1 / PERIOD(m1)) / m2 * 100 over this file system's MeteredIOBytes and PermittedThroughput"
}
