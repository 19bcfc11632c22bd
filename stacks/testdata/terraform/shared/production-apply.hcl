# shared/production-apply.hcl, included in the mock apply of every production stack:
# the /shared-logs volume, and the references to the customer-managed key and between the
# AWS Backup resources, known once applied (mocked).

# A distinct access point ID, so that the PersistentVolume is seen to name its own.
override_resource {
  target = aws_efs_access_point.kafka-efs_access-point-shared_logs_79DDBE26
  values = { id = "fsap-0000000000000000d" }
}

assert {
  condition = (
    length(split("\n---\n", output.kubernetes_pv_shared_logs)) == 2 &&
    yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[0]).kind == "PersistentVolume" &&
    yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[0]).metadata.name == "${trimsuffix(aws_efs_file_system.kafka-efs_file-system_62987A67.creation_token, "-efs")}-shared-logs-pv" &&
    yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[0]).spec.csi.volumeHandle == "efs:fs-0123456789abcdef0::fsap-0000000000000000d" &&
    yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[1]).kind == "PersistentVolumeClaim" &&
    yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[1]).metadata.name == "${trimsuffix(aws_efs_file_system.kafka-efs_file-system_62987A67.creation_token, "-efs")}-shared-logs-pvc" &&
    yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[1]).metadata.namespace == "kafka" &&
    yamldecode(split("\n---\n", output.kubernetes_pv_shared_logs)[1]).spec.volumeName == "${trimsuffix(aws_efs_file_system.kafka-efs_file-system_62987A67.creation_token, "-efs")}-shared-logs-pv"
  )
  error_message = "kubernetes_pv_shared_logs is not PV <project>-<environment>-shared-logs-pv on efs:fs-0123456789abcdef0::fsap-0000000000000000d and claim kafka/<project>-<environment>-shared-logs-pvc:\n${output.kubernetes_pv_shared_logs}"
}
assert {
  condition     = output.shared_logs_access_point_id == "fsap-0000000000000000d"
  error_message = "shared_logs_access_point_id must name the /shared-logs access point"
}
# The customer-managed key encrypts the file system, its logs and its alarm topic.
assert {
  condition = (
    aws_efs_file_system.kafka-efs_file-system_62987A67.kms_key_id == aws_kms_key.kms-key.arn &&
    aws_cloudwatch_log_group.kafka-efs_log-group_7C9C0FC1.kms_key_id == aws_kms_key.kms-key.arn &&
    aws_sns_topic.alarm-topic.kms_master_key_id == aws_kms_key.kms-key.arn
  )
  error_message = "the file system, log group and topic must use the stack's key"
}
# AWS Backup: the references between the backup resources, known once applied (mocked).
assert {
  condition     = aws_backup_vault.kafka-efs_backup-vault_2F7A9756.kms_key_arn == aws_kms_key.kms-key.arn
  error_message = "the backup vault is encrypted with the stack's key"
}
assert {
  condition = (
    toset(aws_backup_selection.kafka-efs_backup-selection_1ED4F746.resources) == toset([aws_efs_file_system.kafka-efs_file-system_62987A67.arn]) &&
    aws_backup_selection.kafka-efs_backup-selection_1ED4F746.iam_role_arn == aws_iam_role.kafka-efs_backup-role_6A4DE9D6.arn &&
    aws_backup_selection.kafka-efs_backup-selection_1ED4F746.plan_id == aws_backup_plan.kafka-efs_backup-plan_896F0B6F.id
  )
  error_message = "the backup plan selects this file system by ARN, with the backup role"
}
assert {
  condition = (
    toset(aws_backup_restore_testing_selection.kafka-efs_restore-testing-selection_FCE095FD.protected_resource_arns) == toset([aws_efs_file_system.kafka-efs_file-system_62987A67.arn]) &&
    aws_backup_restore_testing_selection.kafka-efs_restore-testing-selection_FCE095FD.iam_role_arn == aws_iam_role.kafka-efs_backup-role_6A4DE9D6.arn &&
    aws_backup_restore_testing_selection.kafka-efs_restore-testing-selection_FCE095FD.restore_metadata_overrides["kmsKeyId"] == aws_kms_key.kms-key.arn &&
    toset(aws_backup_restore_testing_plan.kafka-efs_restore-testing-plan_CE1C1443.recovery_point_selection[0].include_vaults) == toset([aws_backup_vault.kafka-efs_backup-vault_2F7A9756.arn])
  )
  error_message = "the restore test restores this file system's latest point from the vault, under the stack's key"
}
assert {
  condition = (
    output.backup_vault_arn == aws_backup_vault.kafka-efs_backup-vault_2F7A9756.arn &&
    output.backup_vault_name == aws_backup_vault.kafka-efs_backup-vault_2F7A9756.name &&
    output.backup_plan_id == aws_backup_plan.kafka-efs_backup-plan_896F0B6F.id &&
    output.restore_testing_plan_name == aws_backup_restore_testing_plan.kafka-efs_restore-testing-plan_CE1C1443.name
  )
  error_message = "the backup outputs name the vault, the plan and the restore testing plan"
}
