# prod-high-performance applied with a mocked hashicorp/aws provider: its alarms' topic
# and metric math, with mocked ARNs and IDs (what every production stack checks applied
# is shared/production-apply.hcl).
# The teardown fails on purpose: the file system carries prevent_destroy.

# tier:include mock-providers

variables {
  vpc_id                     = "vpc-0123456789abcdef0"
  private_subnet_ids         = ["subnet-0123456789abcde00", "subnet-0123456789abcde01"]
  eks_node_security_group_id = "sg-0123456789abcdef0"
  efs_client_role_arns       = ["arn:aws:iam::123456789012:role/efs-csi"]
}

run "apply" {
  command = apply

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
}
