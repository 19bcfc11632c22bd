#!/usr/bin/env python3
"""The deploy tier's hands in the AWS emulator (moto_server), through boto3.

stacks/deploy_test.go runs it; it is not part of the app. Every command prints one JSON
document on stdout. The endpoint comes from AWS_ENDPOINT_URL (always 127.0.0.1); nothing
else is reached.

  workspace ID [--node-role NAME]... [--node-role-trust JSON] [--eks-cluster NAME]...
                        in one process (each costs a second of CPU to load boto3): an IAM
                        user with an access key in the 12-digit account ID (moto keeps one
                        namespace per account, and tells accounts apart by the access key);
                        what a stack expects to find there: a VPC, one private subnet in
                        each of three zones, the nodes' security group, the named node
                        roles, the named EKS clusters; and the account's inventory then:
                        {"account": {"key": ..., "secret": ...}, "prepared": {...},
                        "inventory": {...}}
  inventory KEY SECRET  every resource of the kinds the stacks create, in every region the
                        stacks use, as {kind: [id, ...]}
"""

import json
import os
import sys

import boto3

REGIONS = ["us-east-1", "us-west-2"]  # the stacks' provider and the backup copy's
ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"]
TRUST = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
})


def client(service, key="testing", secret="testing", region="us-east-1", account=None):
    c = boto3.client(service, endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name=region,
                     aws_access_key_id=key, aws_secret_access_key=secret)
    if account:
        # moto's way to address an account before it has an access key of its own.
        c.meta.events.register("before-send.*.*", lambda request, **_: request.headers.__setitem__("x-moto-account-id", account))
    return c


def account(account_id):
    iam = client("iam", account=account_id)
    iam.create_user(UserName="deploy-tier")
    k = iam.create_access_key(UserName="deploy-tier")["AccessKey"]
    return {"key": k["AccessKeyId"], "secret": k["SecretAccessKey"]}


def prepare(key, secret, args):
    roles, clusters, node_trust = [], [], TRUST
    while args:
        flag, value, args = args[0], args[1], args[2:]
        if flag == "--node-role":
            roles.append(value)
        elif flag == "--node-role-trust":
            # The trust the cluster stack gives its node role (efscsidriver.PodIdentityTrust,
            # rendered by the test), ACCOUNT standing for this account's ID: the file system
            # stack's lookup refuses a role of that name that trusts anything else.
            account = client("sts", key, secret).get_caller_identity()["Account"]
            node_trust = value.replace("ACCOUNT", account)
        elif flag == "--eks-cluster":
            clusters.append(value)
        else:
            raise SystemExit(f"prepare: unknown flag {flag}")
    ec2 = client("ec2", key, secret)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=z)["Subnet"]["SubnetId"]
               for i, z in enumerate(ZONES)]
    sg = ec2.create_security_group(GroupName="eks-nodes", Description="EKS nodes", VpcId=vpc)["GroupId"]
    iam = client("iam", key, secret)
    arns = [iam.create_role(RoleName=r, AssumeRolePolicyDocument=node_trust)["Role"]["Arn"] for r in roles]
    out = {"vpc_id": vpc, "private_subnet_ids": subnets, "eks_node_security_group_id": sg, "node_role_arns": arns}
    for cluster in clusters:
        role = iam.create_role(RoleName=cluster + "-cluster", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        client("eks", key, secret).create_cluster(
            name=cluster, roleArn=role, resourcesVpcConfig={"subnetIds": subnets, "securityGroupIds": [sg]})
    out["eks_cluster_names"] = clusters
    return out


def pages(c, op, key, **kw):
    found = []
    for page in c.get_paginator(op).paginate(**kw):
        found.extend(page[key])
    return found


def inventory(key, secret):
    inv = {}

    def add(kind, ids):
        inv[kind] = sorted(inv.get(kind, []) + list(ids))

    for region in REGIONS:
        c = lambda s: client(s, key, secret, region)  # noqa: E731
        efs = c("efs")
        systems = efs.describe_file_systems()["FileSystems"]
        add("efs file system", (f["FileSystemId"] for f in systems))
        for f in systems:
            add("efs mount target", (m["MountTargetId"] for m in efs.describe_mount_targets(FileSystemId=f["FileSystemId"])["MountTargets"]))
        add("efs access point", (a["AccessPointId"] for a in efs.describe_access_points()["AccessPoints"]))
        ec2 = c("ec2")
        add("ec2 security group", (g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"]))
        add("ec2 security group rule", (r["SecurityGroupRuleId"] for r in ec2.describe_security_group_rules()["SecurityGroupRules"]))
        add("ec2 vpc", (v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]))
        add("ec2 subnet", (s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]))
        kms = c("kms")
        for k in kms.list_keys()["Keys"]:
            state = kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"]["KeyState"]
            # A deleted customer managed key waits 7 to 30 days in PendingDeletion, in AWS
            # as in moto: that is what "destroyed" means for a key.
            if state != "PendingDeletion":
                add("kms key", [k["KeyId"]])
        add("kms alias", (a["AliasName"] for a in kms.list_aliases()["Aliases"] if not a["AliasName"].startswith("alias/aws/")))
        add("sns topic", (t["TopicArn"] for t in c("sns").list_topics()["Topics"]))
        add("sns subscription", (s["SubscriptionArn"] for s in c("sns").list_subscriptions()["Subscriptions"]))
        add("sqs queue", c("sqs").list_queues().get("QueueUrls", []))
        cw = c("cloudwatch")
        add("cloudwatch alarm", (a["AlarmName"] for a in cw.describe_alarms()["MetricAlarms"]))
        add("cloudwatch composite alarm", (a["AlarmName"] for a in cw.describe_alarms(AlarmTypes=["CompositeAlarm"])["CompositeAlarms"]))
        add("cloudwatch dashboard", (d["DashboardName"] for d in cw.list_dashboards()["DashboardEntries"]))
        add("logs log group", (g["logGroupName"] for g in c("logs").describe_log_groups()["logGroups"]))
        events = c("events")
        rules = events.list_rules()["Rules"]
        add("events rule", (r["Name"] for r in rules))
        for r in rules:
            add("events target", (r["Name"] + "/" + t["Id"] for t in events.list_targets_by_rule(Rule=r["Name"])["Targets"]))
        backup = c("backup")
        add("backup plan", (p["BackupPlanId"] for p in backup.list_backup_plans()["BackupPlansList"]))
        add("backup vault", (v["BackupVaultName"] for v in backup.list_backup_vaults()["BackupVaultList"]))
        eks = c("eks")
        for name in eks.list_clusters()["clusters"]:
            add("eks cluster", [name])
    iam = client("iam", key, secret)
    roles = pages(iam, "list_roles", "Roles")
    add("iam role", (r["RoleName"] for r in roles))
    for r in roles:
        add("iam role policy", (r["RoleName"] + "/" + p for p in iam.list_role_policies(RoleName=r["RoleName"])["PolicyNames"]))
        add("iam role policy attachment", (r["RoleName"] + "/" + p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=r["RoleName"])["AttachedPolicies"]))
    add("iam policy", (p["Arn"] for p in pages(iam, "list_policies", "Policies", Scope="Local")))
    return inv


def main(argv):
    cmd, args = argv[0], argv[1:]
    if cmd == "workspace":
        keys = account(args[0])
        out = {"account": keys, "prepared": prepare(keys["key"], keys["secret"], args[1:]),
               "inventory": inventory(keys["key"], keys["secret"])}
    elif cmd == "inventory":
        out = inventory(args[0], args[1])
    else:
        raise SystemExit(f"unknown command {cmd}")
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
