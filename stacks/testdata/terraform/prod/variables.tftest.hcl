# GENERATED from variableCases in stacks/variables_test.go: do not edit. Regenerate with
#   UPDATE_TFTEST=true go test ./stacks/ -run TestVariablesTFTestIsGenerated
#
# Every deploy-time variable refuses bad input. The cases of the table are grouped into
# rounds of cases that set disjoint variables (each validation reads only its variable):
# a refused round expects exactly its cases' variables to fail, a valid round plans
# cleanly. The comment above each run names its cases.
# Config.Validate agrees on the same cases (TestConfigValidateMatchesVariableCases). This
# stack declares every variable and the others declare theirs the same way (those without
# an alarm topic lack the subscriptions), so this file runs beside the prod stack only.

# The mocked providers (see ../README.md): the runs test the variables, not the provider.
# tier:include mock-providers

variables {
  alarm_email_addresses      = []
  alarm_https_endpoints      = []
  efs_client_role_arns       = ["arn:aws:iam::123456789012:role/efs-csi"]
  eks_node_security_group_id = "sg-0123456789abcdef0"
  private_subnet_ids         = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  vpc_id                     = "vpc-0123456789abcdef0"
}

# base; legacy 8-hex IDs; role with path; two e-mail addresses and an endpoint
run "valid_01" {
  command = plan

  variables {
    alarm_email_addresses      = ["kafka-oncall@example.com", "ops+efs@team.example.co.uk"]
    alarm_https_endpoints      = ["https://events.pagerduty.com/integration/abc123/enqueue"]
    efs_client_role_arns       = ["arn:aws:iam::123456789012:role/service-role/eks/efs-csi"]
    eks_node_security_group_id = "sg-01234567"
    private_subnet_ids         = ["subnet-01234567", "subnet-89abcdef"]
    vpc_id                     = "vpc-01234567"
  }

  override_data {
    target = data.aws_subnet.kafka-efs_private-subnet_1D28A5C9
    values = { vpc_id = "vpc-01234567", availability_zone = "us-east-1a" }
  }
}

# six subnets; GovCloud role
run "valid_02" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws-us-gov:iam::123456789012:role/efs-csi"]
    private_subnet_ids   = ["subnet-0123456789abcde00", "subnet-0123456789abcde01", "subnet-0123456789abcde02", "subnet-0123456789abcde03", "subnet-0123456789abcde04", "subnet-0123456789abcde05"]
  }
}

# China role
run "valid_03" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws-cn:iam::123456789012:role/efs-csi"]
  }
}

# role name with every allowed punctuation
run "valid_04" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws:iam::123456789012:role/Kafka_pods+=,.@-1"]
  }
}

# role name of 64 characters
run "valid_05" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws:iam::123456789012:role/rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr"]
  }
}

# two roles
run "valid_06" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws:iam::123456789012:role/efs-csi", "arn:aws:iam::123456789012:role/kafka"]
  }
}

# empty role list
run "valid_07" {
  command = plan

  variables {
    efs_client_role_arns = []
  }
}

# vpc bad prefix; one subnet only; sg bad hex; user instead of role; e-mail without domain; http endpoint
run "refused_01" {
  command = plan

  variables {
    alarm_email_addresses      = ["oncall@example"]
    alarm_https_endpoints      = ["http://hooks.example.com/efs"]
    efs_client_role_arns       = ["arn:aws:iam::123456789012:user/efs-csi"]
    eks_node_security_group_id = "sg-0123456789abcdefg"
    private_subnet_ids         = ["subnet-0123456789abcde00"]
    vpc_id                     = "vpx-0123456789abcdef0"
  }

  expect_failures = [var.alarm_email_addresses, var.alarm_https_endpoints, var.efs_client_role_arns, var.eks_node_security_group_id, var.private_subnet_ids, var.vpc_id]
}

# vpc given a subnet ID; no subnet; sg upper-case hex; role 11-digit account; e-mail without @; endpoint without host
run "refused_02" {
  command = plan

  variables {
    alarm_email_addresses      = ["oncall.example.com"]
    alarm_https_endpoints      = ["https:///efs"]
    efs_client_role_arns       = ["arn:aws:iam::12345678901:role/efs-csi"]
    eks_node_security_group_id = "sg-0123456789ABCDEF0"
    private_subnet_ids         = []
    vpc_id                     = "subnet-0123456789abcdef0"
  }

  expect_failures = [var.alarm_email_addresses, var.alarm_https_endpoints, var.efs_client_role_arns, var.eks_node_security_group_id, var.private_subnet_ids, var.vpc_id]
}

# vpc upper-case hex; duplicate subnets; sg 9 hex digits; role unknown partition; e-mail with space; endpoint twice
run "refused_03" {
  command = plan

  variables {
    alarm_email_addresses      = ["on call@example.com"]
    alarm_https_endpoints      = ["https://h.example.com/a", "https://h.example.com/a"]
    efs_client_role_arns       = ["arn:aws-xx:iam::123456789012:role/efs-csi"]
    eks_node_security_group_id = "sg-012345678"
    private_subnet_ids         = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef0"]
    vpc_id                     = "vpc-0123456789ABCDEF0"
  }

  expect_failures = [var.alarm_email_addresses, var.alarm_https_endpoints, var.efs_client_role_arns, var.eks_node_security_group_id, var.private_subnet_ids, var.vpc_id]
}

# vpc letters beyond hex; duplicate among two distinct subnets; sg given a VPC ID; role with region; e-mail twice
run "refused_04" {
  command = plan

  variables {
    alarm_email_addresses      = ["a@example.com", "a@example.com"]
    efs_client_role_arns       = ["arn:aws:iam:us-east-1:123456789012:role/efs-csi"]
    eks_node_security_group_id = "vpc-0123456789abcdef0"
    private_subnet_ids         = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef0"]
    vpc_id                     = "vpc-0123456789abcdxyz"
  }

  expect_failures = [var.alarm_email_addresses, var.efs_client_role_arns, var.eks_node_security_group_id, var.private_subnet_ids, var.vpc_id]
}

# vpc 9 hex digits; a bad subnet; sg empty; role name of 65 characters
run "refused_05" {
  command = plan

  variables {
    efs_client_role_arns       = ["arn:aws:iam::123456789012:role/rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr"]
    eks_node_security_group_id = ""
    private_subnet_ids         = ["subnet-0123456789abcdef0", "subnet-0123456789abcdeg1"]
    vpc_id                     = "vpc-012345678"
  }

  expect_failures = [var.efs_client_role_arns, var.eks_node_security_group_id, var.private_subnet_ids, var.vpc_id]
}

# vpc 16 hex digits; a subnet given a security group ID; role name with #
run "refused_06" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws:iam::123456789012:role/efs#csi"]
    private_subnet_ids   = ["subnet-0123456789abcdef0", "sg-0123456789abcdef1"]
    vpc_id               = "vpc-0123456789abcdef"
  }

  expect_failures = [var.efs_client_role_arns, var.private_subnet_ids, var.vpc_id]
}

# vpc empty; seven subnets; role path without name
run "refused_07" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws:iam::123456789012:role/eks/"]
    private_subnet_ids   = ["subnet-0123456789abcde00", "subnet-0123456789abcde01", "subnet-0123456789abcde02", "subnet-0123456789abcde03", "subnet-0123456789abcde04", "subnet-0123456789abcde05", "subnet-0123456789abcde06"]
    vpc_id               = ""
  }

  expect_failures = [var.efs_client_role_arns, var.private_subnet_ids, var.vpc_id]
}

# vpc trailing newline; one bad role among good
run "refused_08" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws:iam::123456789012:role/efs-csi", "efs-csi"]
    vpc_id               = "vpc-0123456789abcdef0\n"
  }

  expect_failures = [var.efs_client_role_arns, var.vpc_id]
}

# vpc leading space; duplicate roles
run "refused_09" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws:iam::123456789012:role/efs-csi", "arn:aws:iam::123456789012:role/efs-csi"]
    vpc_id               = " vpc-0123456789abcdef0"
  }

  expect_failures = [var.efs_client_role_arns, var.vpc_id]
}
