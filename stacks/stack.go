package stacks

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/kmskey"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/snstopic"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/kafka-efs/kafka-efs/constructs/efscsidriver"
	"github.com/kafka-efs/kafka-efs/constructs/kafkaefs"
)

// ManagedBy is the value of the managed-by default tag.
const ManagedBy = "cdktf"

// ProviderVersionConstraint is the hashicorp/aws versions every stack accepts: from the
// release the aws/v19 bindings were generated from, up to the next major version, whose
// breaking changes the bindings do not know.
const ProviderVersionConstraint = ">= 5.99.1, < 6.0.0"

// Check reports every problem of the settings, of each cluster (Clusters) and of each
// environment's synth-time inputs, each line naming its stack, without starting the jsii
// kernel: main calls it before building anything.
func Check(envs []Environment, s Settings) error {
	clusters := Clusters()
	errs := []error{s.Validate(), checkClusterSettings(clusters, s)}
	for _, c := range ClusterStacks(clusters, s) {
		cfg := c.driverConfig(s)
		cfg.EksClusterName = deployTimeToken
		if efscsidriver.CheckDriverAddonVersion(cfg.DriverAddonVersion) != nil {
			cfg.DriverAddonVersion = "" // reported once, as KAFKA_EFS_CSI_DRIVER_ADDON_VERSION
		}
		if err := nameClusterKnobs(cfg.Validate()); err != nil {
			errs = append(errs, prefixLines("stack "+c.Stack()+": ", err))
		}
	}
	errs = append(errs, checkUnique(clusters, envs), checkManualRestoreAlerts(envs, s))
	for _, env := range envs {
		cfg := env.Config
		cfg.ProjectName = s.ProjectName
		err := errors.Join(nameKnobs(withDeployTimeInputs(cfg, env, s).Validate()), checkEnvironment(cfg, env, s))
		if _, ok := clusterOf(clusters, env); !ok {
			err = errors.Join(err, fmt.Errorf("Cluster = %q: must name one of the clusters in stacks/clusters.go (%s)", env.Cluster, clusterNames(clusters)))
		}
		if err != nil {
			errs = append(errs, prefixLines("stack "+env.Stack+": ", err))
		}
	}
	return errors.Join(errs...)
}

// checkUnique refuses two stacks of one name (cdktf cannot synthesize them: one folder,
// one state) and two environments of one Config.Environment: they would share the
// creation token <project>-<environment>-efs, which EFS takes for the same file system,
// and every other name.
func checkUnique(clusters []Cluster, envs []Environment) error {
	var errs []error
	stacks := map[string]bool{}
	for _, c := range clusters {
		if stacks[c.Stack()] {
			errs = append(errs, fmt.Errorf("Cluster.Name = %q: two clusters in stacks/clusters.go have this name; each needs its own", c.Name))
		}
		stacks[c.Stack()] = true
	}
	environments := map[string]string{}
	for _, env := range envs {
		if stacks[env.Stack] {
			errs = append(errs, fmt.Errorf("Stack = %q: another stack has this name (stacks/environments.go, stacks/clusters.go); each stack needs its own", env.Stack))
		}
		stacks[env.Stack] = true
		if other, ok := environments[env.Config.Environment]; ok {
			errs = append(errs, fmt.Errorf("stack %s: Config.Environment = %q: stack %s has it too; two file systems with one environment share the creation token <project>-<environment>-efs, which EFS takes for the same file system: give each its own", env.Stack, env.Config.Environment, other))
		} else {
			environments[env.Config.Environment] = env.Stack
		}
	}
	return errors.Join(errs...)
}

// checkClusterSettings checks that the settings' cluster lists name shipped clusters.
func checkClusterSettings(clusters []Cluster, s Settings) error {
	var errs []error
	for _, l := range []struct {
		variable string
		names    []string
	}{{envExistingDriver, s.ExistingDriverClusters}, {envExistingAgent, s.ExistingAgentClusters}} {
		for _, n := range l.names {
			if !slices.ContainsFunc(clusters, func(c Cluster) bool { return c.Name == n }) {
				errs = append(errs, fmt.Errorf("%s = %q: %q is not a cluster; allowed: a comma-separated list of %s", l.variable, strings.Join(l.names, ","), n, clusterNames(clusters)))
			}
		}
	}
	return errors.Join(errs...)
}

// clusterNames lists the clusters' names for a message.
func clusterNames(clusters []Cluster) string {
	var names []string
	for _, c := range clusters {
		names = append(names, c.Name)
	}
	return strings.Join(names, ", ")
}

// knobs names, for each Config field the stack fills in, what a user of this app sets
// instead: the construct's error names its own field, which nobody here edits.
var knobs = map[string]string{
	"ProjectName":                        "KAFKA_EFS_PROJECT",
	"AlarmActions":                       "Environment.AlarmTopic in stacks/environments.go (a name fills AlarmActions with the SNS topic the stack creates; empty leaves it empty)",
	"KmsKeyID":                           "Environment.CustomerManagedKey in stacks/environments.go (true fills KmsKeyID with the key the stack creates)",
	"BackupPlan.CopyDestinationVaultArn": "Environment.CopyBackups in stacks/environments.go and KAFKA_EFS_BACKUP_COPY_REGION (the stack fills it with the vault it creates in that region)",
	"VpcID":                              "the Terraform variable vpc_id",
	"PrivateSubnetIDs":                   "the Terraform variable private_subnet_ids",
	"EksNodeSecurityGroupID":             "the Terraform variable eks_node_security_group_id",
	"NodeRoleArn":                        "the cluster stack's node role, or the Terraform variable efs_csi_node_role_arn under KAFKA_EFS_EXISTING_DRIVER",
	"ClientRoleArns":                     "the Terraform variable efs_client_role_arns",
}

// clusterKnobs names, for each efscsidriver.Config field a cluster stack fills in, what a
// user of this app sets instead.
var clusterKnobs = map[string]string{
	"ProjectName":                 "KAFKA_EFS_PROJECT",
	"Cluster":                     "Cluster.Name in stacks/clusters.go",
	"Identity":                    "Cluster.Identity in stacks/clusters.go",
	"CreateDriverAddon":           "Cluster.DriverAddon in stacks/clusters.go",
	"CreatePodIdentityAgentAddon": "Cluster.PodIdentityAgentAddon in stacks/clusters.go and KAFKA_EFS_EXISTING_POD_IDENTITY_AGENT",
	"DriverAddonVersion":          "KAFKA_EFS_CSI_DRIVER_ADDON_VERSION",
}

// nameClusterKnobs appends to each error of err (errors.Join of "<Field> = ...: ..." lines,
// as efscsidriver.Config.Validate returns) the knob that fills its field.
func nameClusterKnobs(err error) error {
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return err
	}
	var out []error
	for _, e := range joined.Unwrap() {
		field, _, _ := strings.Cut(e.Error(), " = ")
		if knob, ok := clusterKnobs[field]; ok {
			e = fmt.Errorf("%w; the stack fills %s from %s: fix it there", e, field, knob)
		}
		out = append(out, e)
	}
	return errors.Join(out...)
}

// nameKnobs appends to each error of err (errors.Join of *kafkaefs.FieldError, as
// Config.Validate returns) on a field the stack fills in the knob that fills it.
func nameKnobs(err error) error {
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return err
	}
	var out []error
	for _, e := range joined.Unwrap() {
		var fe *kafkaefs.FieldError
		if errors.As(e, &fe) {
			field, _, _ := strings.Cut(fe.Field, "[") // PrivateSubnetIDs[1]
			if knob, ok := knobs[field]; ok {
				e = fmt.Errorf("%w; the stack fills %s from %s: fix it there", e, field, knob)
			}
		}
		out = append(out, e)
	}
	return errors.Join(out...)
}

// checkEnvironment checks what the construct cannot: what the stack builds around it.
// The backup copy needs a plan, a copy region (from KAFKA_EFS_BACKUP_COPY_REGION or its
// default) and a vault name AWS Backup accepts; an alarm topic needs the stack's key.
func checkEnvironment(cfg kafkaefs.Config, env Environment, s Settings) error {
	var errs []error
	if env.AlarmTopic != "" && !env.CustomerManagedKey {
		errs = append(errs, fmt.Errorf("AlarmTopic = %q: needs CustomerManagedKey: without it the topic is encrypted with "+
			"the AWS-managed key alias/aws/sns, whose key policy cannot admit cloudwatch.amazonaws.com or events.amazonaws.com, "+
			"so no alarm or backup notification would arrive (SNS developer guide, Encryption at rest); "+
			"set CustomerManagedKey: true in stacks/environments.go", env.AlarmTopic))
	}
	if !env.CopyBackups {
		return errors.Join(errs...)
	}
	bad := func(allowed string) { errs = append(errs, fmt.Errorf("CopyBackups = true: %s", allowed)) }
	switch {
	case cfg.BackupPlan == nil:
		bad("needs Config.BackupPlan: there are no recovery points to copy without it; set a BackupPlan or CopyBackups: false")
	case s.BackupCopyRegion == "" && kafkaefs.IsRegion(s.Region):
		bad(fmt.Sprintf("needs KAFKA_EFS_BACKUP_COPY_REGION: no region of the geography of %s to copy to by default; "+
			"set it to the region you choose (docs/backups.md, The copy region)", s.Region))
	case len(cfg.BackupCopyVaultName()) > 50:
		bad(fmt.Sprintf("names its vault %q, longer than the 50 characters AWS Backup allows: shorten KAFKA_EFS_PROJECT or the environment", cfg.BackupCopyVaultName()))
	}
	return errors.Join(errs...)
}

// prefixLines prefixes every error of a joined error (one per line) with prefix.
func prefixLines(prefix string, err error) error {
	var lines []error
	for _, line := range strings.Split(err.Error(), "\n") {
		lines = append(lines, errors.New(prefix+line))
	}
	return errors.Join(lines...)
}

// New adds the stack of env to scope: provider, backend, variables, the KMS key, alarm
// topic (and its policy) and backup copy vault env asks for, the cluster's node role (looked up, or a variable for a cluster
// whose driver exists already) and the KafkaEfs. It returns the construct's validation
// error, naming the stack; Check finds the same errors earlier.
func New(scope constructs.Construct, env Environment, s Settings) (cdktf.TerraformStack, error) {
	cfg := env.Config
	cfg.ProjectName = s.ProjectName
	cluster, ok := clusterOf(Clusters(), env)
	if !ok {
		return nil, fmt.Errorf("stack %s: Cluster = %q: must name one of the clusters in stacks/clusters.go", env.Stack, env.Cluster)
	}
	existingDriver := slices.Contains(s.ExistingDriverClusters, cluster.Name)
	if err := checkEnvironment(cfg, env, s); err != nil {
		return nil, fmt.Errorf("stack %s: %w", env.Stack, err)
	}

	stack := cdktf.NewTerraformStack(scope, jsii.String(env.Stack))
	provider.NewAwsProvider(stack, jsii.String("aws"), &provider.AwsProviderConfig{
		Region:      jsii.String(s.Region),
		DefaultTags: defaultTags(cfg),
	})
	// The bindings pin the provider they were generated from exactly ("5.99.1"), which
	// forbids every later 5.x fix and any mirror that carries one. The bindings' schema
	// holds for the whole major version; users pin an exact build with the
	// .terraform.lock.hcl that `terraform init` writes (see README "Provider versions and the lock file").
	stack.AddOverride(jsii.String("terraform.required_providers.aws.version"), jsii.String(ProviderVersionConstraint))
	addBackend(stack, env.Stack, usesLocalState(env, s), s)

	vars := newVariables(stack, env.AlarmTopic != "", existingDriver)
	cfg.RunbookBaseURL = s.RunbookBaseURL
	cfg.VpcID = vars.vpcID
	cfg.PrivateSubnetIDs = vars.privateSubnetIDs
	cfg.EksNodeSecurityGroupID = vars.eksNodeSecurityGroupID
	cfg.ClientRoleArns = vars.clientRoleArns
	cfg.NodeRoleArn = vars.nodeRoleArn
	if !existingDriver {
		cfg.NodeRoleArn = nodeRoleLookup(stack, cluster, s)
	}
	cfg.Tags = withClusterTag(cfg.Tags, s.ProjectName, cluster)
	var account awsAccount
	var keyPolicy *policy
	if env.CustomerManagedKey {
		account = newAWSAccount(stack)
		var key kmskey.KmsKey
		key, keyPolicy = newKmsKey(stack, cfg, account, env.AlarmTopic != "")
		cfg.KmsKeyID = *key.Arn()
		output(stack, "kms_key_arn", "Customer-managed KMS key of the file system, its logs and alarm topic", key.Arn())
	}
	var topic snstopic.SnsTopic
	if env.AlarmTopic != "" && env.CustomerManagedKey {
		topic = newAlarmTopic(stack, cfg, env.AlarmTopic)
		subscribe(stack, topic, "email", vars.alarmEmails)
		subscribe(stack, topic, "https", vars.alarmHTTPSEndpoints)
		cfg.AlarmActions = []string{*topic.Arn()}
		output(stack, "alarm_topic_arn", "SNS topic the alarms and backup failures notify: subscribe to it", topic.Arn())
	}
	var copies *backupCopy
	if env.CopyBackups && cfg.BackupPlan != nil && s.BackupCopyRegion != "" {
		copies = newBackupCopy(stack, cfg, s.BackupCopyRegion)
		plan := *cfg.BackupPlan // the environment's plan stays as it was
		plan.CopyDestinationVaultArn = *copies.vault.Arn()
		cfg.BackupPlan = &plan
	}
	if cfg.BackupPlan != nil && env.Stack == s.ManualRestoreAlerts {
		plan := *cfg.BackupPlan
		plan.ForwardManualRestoreFailures = true
		cfg.BackupPlan = &plan
	}

	efs, err := kafkaefs.New(stack, "kafka-efs", cfg)
	if err != nil {
		return nil, fmt.Errorf("stack %s: %w", env.Stack, err)
	}
	// The statements that name the construct's backup role and event rules.
	var rules []string
	if b := efs.Backup; b != nil {
		role := backupRoleUsesKey(*b.Role.Arn())
		if keyPolicy != nil {
			keyPolicy.add(role...)
		}
		if copies != nil {
			copies.policy.add(role...)
		}
		for _, r := range b.EventRules {
			rules = append(rules, *r.Arn())
		}
	}
	if topic != nil {
		if len(rules) > 0 {
			keyPolicy.add(eventBridgeUsesKey())
		}
		newAlarmTopicPolicy(stack, cfg, account, topic, rules)
	}
	usage := env.Usage
	usage.Region = s.Region
	if copies != nil {
		usage.BackupCopyRegion = s.BackupCopyRegion
	}
	efs.OutputCostEstimate(usage)
	return stack, nil
}

// withClusterTag returns tags plus the tag that lets the cluster's driver controller
// create access points on the file system (efscsidriver.ClusterTagKey); tags is unchanged.
func withClusterTag(tags map[string]string, project string, c Cluster) map[string]string {
	out := maps.Clone(tags)
	if out == nil {
		out = map[string]string{}
	}
	out[efscsidriver.ClusterTagKey] = efscsidriver.Config{ProjectName: project, Cluster: c.Name}.Name()
	return out
}

// defaultTags are the tags every provider of the stack puts on every resource.
func defaultTags(cfg kafkaefs.Config) *[]*provider.AwsProviderDefaultTags {
	return &[]*provider.AwsProviderDefaultTags{{Tags: &map[string]*string{
		"project":     jsii.String(cfg.ProjectName),
		"environment": jsii.String(cfg.Environment),
		"managed-by":  jsii.String(ManagedBy),
	}}}
}

// addBackend keeps the state of stack name in S3 unless local, locked by a DynamoDB table
// or by Terraform's S3 lock file; otherwise in terraform.<stack>.tfstate at the project
// root (three levels above cdktf.out/stacks/<stack>, where Terraform runs).
func addBackend(stack cdktf.TerraformStack, name string, local bool, s Settings) {
	if local {
		cdktf.NewLocalBackend(stack, &cdktf.LocalBackendConfig{
			Path: jsii.String("../../../terraform." + name + ".tfstate"),
		})
		return
	}
	cfg := &cdktf.S3BackendConfig{
		Bucket:  jsii.String(s.StateBucket),
		Key:     jsii.String(s.ProjectName + "/" + name + "/terraform.tfstate"),
		Region:  jsii.String(s.StateRegion),
		Encrypt: jsii.Bool(true),
	}
	if s.StateLockTable != "" {
		cfg.DynamodbTable = jsii.String(s.StateLockTable)
	}
	cdktf.NewS3Backend(stack, cfg)
	if s.StateLockTable == "" {
		// cdktf 0.20 predates use_lockfile (Terraform 1.10); the override writes it as is.
		stack.AddOverride(jsii.String("terraform.backend.s3.use_lockfile"), true)
	}
}

// deployTimeToken stands for an input known only at deploy time, encoded like a cdktf
// string token so that Validate defers it exactly as it will in New.
const deployTimeToken = "${TfToken[TOKEN.deploy-time]}"

// withDeployTimeInputs returns cfg with stand-ins for every input the stack fills in from
// variables or from resources it creates. They are encoded like the cdktf tokens they
// stand for, so Validate defers them to deploy time exactly as it will in New; they are
// never synthesized.
func withDeployTimeInputs(cfg kafkaefs.Config, env Environment, s Settings) kafkaefs.Config {
	const token = deployTimeToken
	cfg.VpcID, cfg.EksNodeSecurityGroupID, cfg.NodeRoleArn = token, token, token
	cfg.PrivateSubnetIDs, cfg.ClientRoleArns = []string{token}, []string{token}
	if env.CustomerManagedKey {
		cfg.KmsKeyID = token
	}
	if env.AlarmTopic != "" {
		cfg.AlarmActions = []string{token}
	}
	if env.CopyBackups && cfg.BackupPlan != nil && s.BackupCopyRegion != "" {
		plan := *cfg.BackupPlan
		plan.CopyDestinationVaultArn = token
		cfg.BackupPlan = &plan
	}
	return cfg
}

// output adds a stack output named exactly name, like the construct's outputs.
func output(stack cdktf.TerraformStack, name, description string, value *string) {
	cdktf.NewTerraformOutput(stack, jsii.String(name), &cdktf.TerraformOutputConfig{
		Value:       value,
		Description: jsii.String(description),
		StaticId:    jsii.Bool(true),
	})
}
