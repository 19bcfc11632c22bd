# GENERATED from variableCases in stacks/variables_test.go: do not edit. Regenerate with
#   UPDATE_TFTEST=true go test ./stacks/ -run TestVariablesTFTestIsGenerated
#
# Every deploy-time variable refuses bad input: a refused case expects exactly its
# variable's validation to fail, a valid case plans cleanly. The comment above each run
# names its case. Config.Validate agrees on the same cases
# (TestConfigValidateMatchesVariableCases). The tier runs this file beside the variable
# blocks of the prod stack alone (no resource, no provider), as synthesized;
# it declares every variable and the other stacks declare theirs the same way
# (TestVariablesIdenticalInEveryStack).

variables {
  alarm_email_addresses      = []
  alarm_https_endpoints      = []
  efs_client_role_arns       = ["arn:aws:iam::123456789012:role/efs-csi"]
  eks_node_security_group_id = "sg-0123456789abcdef0"
  private_subnet_ids         = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  vpc_id                     = "vpc-0123456789abcdef0"
}

# base
run "valid_base" {
  command = plan
}

# legacy 8-hex IDs
run "valid_legacy_8_hex_ids" {
  command = plan

  variables {
    eks_node_security_group_id = "sg-01234567"
    private_subnet_ids         = ["subnet-01234567", "subnet-89abcdef"]
    vpc_id                     = "vpc-01234567"
  }
}

# six subnets
run "valid_six_subnets" {
  command = plan

  variables {
    private_subnet_ids = ["subnet-0123456789abcde00", "subnet-0123456789abcde01", "subnet-0123456789abcde02", "subnet-0123456789abcde03", "subnet-0123456789abcde04", "subnet-0123456789abcde05"]
  }
}

# role with path
run "valid_role_with_path" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws:iam::123456789012:role/service-role/eks/efs-csi"]
  }
}

# GovCloud role
run "valid_govcloud_role" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws-us-gov:iam::123456789012:role/efs-csi"]
  }
}

# China role
run "valid_china_role" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws-cn:iam::123456789012:role/efs-csi"]
  }
}

# role name with every allowed punctuation
run "valid_role_name_with_every_allowed_punctuation" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws:iam::123456789012:role/Kafka_pods+=,.@-1"]
  }
}

# role name of 64 characters
run "valid_role_name_of_64_characters" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws:iam::123456789012:role/rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr"]
  }
}

# two roles
run "valid_two_roles" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws:iam::123456789012:role/efs-csi", "arn:aws:iam::123456789012:role/kafka"]
  }
}

# vpc bad prefix
run "refused_vpc_bad_prefix" {
  command = plan

  variables {
    vpc_id = "vpx-0123456789abcdef0"
  }

  expect_failures = [var.vpc_id]
}

# vpc given a subnet ID
run "refused_vpc_given_a_subnet_id" {
  command = plan

  variables {
    vpc_id = "subnet-0123456789abcdef0"
  }

  expect_failures = [var.vpc_id]
}

# vpc upper-case hex
run "refused_vpc_upper_case_hex" {
  command = plan

  variables {
    vpc_id = "vpc-0123456789ABCDEF0"
  }

  expect_failures = [var.vpc_id]
}

# vpc letters beyond hex
run "refused_vpc_letters_beyond_hex" {
  command = plan

  variables {
    vpc_id = "vpc-0123456789abcdxyz"
  }

  expect_failures = [var.vpc_id]
}

# vpc 9 hex digits
run "refused_vpc_9_hex_digits" {
  command = plan

  variables {
    vpc_id = "vpc-012345678"
  }

  expect_failures = [var.vpc_id]
}

# vpc 16 hex digits
run "refused_vpc_16_hex_digits" {
  command = plan

  variables {
    vpc_id = "vpc-0123456789abcdef"
  }

  expect_failures = [var.vpc_id]
}

# vpc empty
run "refused_vpc_empty" {
  command = plan

  variables {
    vpc_id = ""
  }

  expect_failures = [var.vpc_id]
}

# vpc trailing newline
run "refused_vpc_trailing_newline" {
  command = plan

  variables {
    vpc_id = "vpc-0123456789abcdef0\n"
  }

  expect_failures = [var.vpc_id]
}

# vpc leading space
run "refused_vpc_leading_space" {
  command = plan

  variables {
    vpc_id = " vpc-0123456789abcdef0"
  }

  expect_failures = [var.vpc_id]
}

# one subnet only
run "refused_one_subnet_only" {
  command = plan

  variables {
    private_subnet_ids = ["subnet-0123456789abcde00"]
  }

  expect_failures = [var.private_subnet_ids]
}

# no subnet
run "refused_no_subnet" {
  command = plan

  variables {
    private_subnet_ids = []
  }

  expect_failures = [var.private_subnet_ids]
}

# duplicate subnets
run "refused_duplicate_subnets" {
  command = plan

  variables {
    private_subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef0"]
  }

  expect_failures = [var.private_subnet_ids]
}

# duplicate among two distinct subnets
run "refused_duplicate_among_two_distinct_subnets" {
  command = plan

  variables {
    private_subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef0"]
  }

  expect_failures = [var.private_subnet_ids]
}

# a bad subnet
run "refused_a_bad_subnet" {
  command = plan

  variables {
    private_subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdeg1"]
  }

  expect_failures = [var.private_subnet_ids]
}

# a subnet given a security group ID
run "refused_a_subnet_given_a_security_group_id" {
  command = plan

  variables {
    private_subnet_ids = ["subnet-0123456789abcdef0", "sg-0123456789abcdef1"]
  }

  expect_failures = [var.private_subnet_ids]
}

# seven subnets
run "refused_seven_subnets" {
  command = plan

  variables {
    private_subnet_ids = ["subnet-0123456789abcde00", "subnet-0123456789abcde01", "subnet-0123456789abcde02", "subnet-0123456789abcde03", "subnet-0123456789abcde04", "subnet-0123456789abcde05", "subnet-0123456789abcde06"]
  }

  expect_failures = [var.private_subnet_ids]
}

# sg bad hex
run "refused_sg_bad_hex" {
  command = plan

  variables {
    eks_node_security_group_id = "sg-0123456789abcdefg"
  }

  expect_failures = [var.eks_node_security_group_id]
}

# sg upper-case hex
run "refused_sg_upper_case_hex" {
  command = plan

  variables {
    eks_node_security_group_id = "sg-0123456789ABCDEF0"
  }

  expect_failures = [var.eks_node_security_group_id]
}

# sg 9 hex digits
run "refused_sg_9_hex_digits" {
  command = plan

  variables {
    eks_node_security_group_id = "sg-012345678"
  }

  expect_failures = [var.eks_node_security_group_id]
}

# sg given a VPC ID
run "refused_sg_given_a_vpc_id" {
  command = plan

  variables {
    eks_node_security_group_id = "vpc-0123456789abcdef0"
  }

  expect_failures = [var.eks_node_security_group_id]
}

# sg empty
run "refused_sg_empty" {
  command = plan

  variables {
    eks_node_security_group_id = ""
  }

  expect_failures = [var.eks_node_security_group_id]
}

# empty role list
run "valid_empty_role_list" {
  command = plan

  variables {
    efs_client_role_arns = []
  }
}

# user instead of role
run "refused_user_instead_of_role" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws:iam::123456789012:user/efs-csi"]
  }

  expect_failures = [var.efs_client_role_arns]
}

# role 11-digit account
run "refused_role_11_digit_account" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws:iam::12345678901:role/efs-csi"]
  }

  expect_failures = [var.efs_client_role_arns]
}

# role unknown partition
run "refused_role_unknown_partition" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws-xx:iam::123456789012:role/efs-csi"]
  }

  expect_failures = [var.efs_client_role_arns]
}

# role with region
run "refused_role_with_region" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws:iam:us-east-1:123456789012:role/efs-csi"]
  }

  expect_failures = [var.efs_client_role_arns]
}

# role name of 65 characters
run "refused_role_name_of_65_characters" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws:iam::123456789012:role/rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr"]
  }

  expect_failures = [var.efs_client_role_arns]
}

# role name with #
run "refused_role_name_with" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws:iam::123456789012:role/efs#csi"]
  }

  expect_failures = [var.efs_client_role_arns]
}

# role path without name
run "refused_role_path_without_name" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws:iam::123456789012:role/eks/"]
  }

  expect_failures = [var.efs_client_role_arns]
}

# one bad role among good
run "refused_one_bad_role_among_good" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws:iam::123456789012:role/efs-csi", "efs-csi"]
  }

  expect_failures = [var.efs_client_role_arns]
}

# duplicate roles
run "refused_duplicate_roles" {
  command = plan

  variables {
    efs_client_role_arns = ["arn:aws:iam::123456789012:role/efs-csi", "arn:aws:iam::123456789012:role/efs-csi"]
  }

  expect_failures = [var.efs_client_role_arns]
}

# two e-mail addresses and an endpoint
run "valid_two_e_mail_addresses_and_an_endpoint" {
  command = plan

  variables {
    alarm_email_addresses = ["kafka-oncall@example.com", "ops+efs@team.example.co.uk"]
    alarm_https_endpoints = ["https://events.pagerduty.com/integration/abc123/enqueue"]
  }
}

# e-mail without domain
run "refused_e_mail_without_domain" {
  command = plan

  variables {
    alarm_email_addresses = ["oncall@example"]
  }

  expect_failures = [var.alarm_email_addresses]
}

# e-mail without @
run "refused_e_mail_without" {
  command = plan

  variables {
    alarm_email_addresses = ["oncall.example.com"]
  }

  expect_failures = [var.alarm_email_addresses]
}

# e-mail with space
run "refused_e_mail_with_space" {
  command = plan

  variables {
    alarm_email_addresses = ["on call@example.com"]
  }

  expect_failures = [var.alarm_email_addresses]
}

# e-mail twice
run "refused_e_mail_twice" {
  command = plan

  variables {
    alarm_email_addresses = ["a@example.com", "a@example.com"]
  }

  expect_failures = [var.alarm_email_addresses]
}

# http endpoint
run "refused_http_endpoint" {
  command = plan

  variables {
    alarm_https_endpoints = ["http://hooks.example.com/efs"]
  }

  expect_failures = [var.alarm_https_endpoints]
}

# endpoint without host
run "refused_endpoint_without_host" {
  command = plan

  variables {
    alarm_https_endpoints = ["https:///efs"]
  }

  expect_failures = [var.alarm_https_endpoints]
}

# endpoint twice
run "refused_endpoint_twice" {
  command = plan

  variables {
    alarm_https_endpoints = ["https://h.example.com/a", "https://h.example.com/a"]
  }

  expect_failures = [var.alarm_https_endpoints]
}
