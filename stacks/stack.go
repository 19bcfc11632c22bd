package stacks

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
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
			cfg.DriverAddonVersion = "" // reported once, as the setting csiDriverAddonVersion
		}
		if !kafkaefs.IsRegion(cfg.Region) {
			cfg.Region = DefaultRegion // reported once, as KAFKA_EFS_REGION
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
		key   string
		names []string
	}{{"existingDriver", s.ExistingDriverClusters}, {"existingPodIdentityAgent", s.ExistingAgentClusters}} {
		for _, n := range l.names {
			if !slices.ContainsFunc(clusters, func(c Cluster) bool { return c.Name == n }) {
				errs = append(errs, s.problem(l.key, fmt.Sprintf("%q is not a cluster; allowed: a list of %s", n, clusterNames(clusters))))
			}
		}
	}
	return errors.Join(append(errs, checkExistingDriverTags(s))...)
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
	"ProjectName":                        settingRef("project"),
	"AlarmActions":                       "Environment.AlarmTopic in stacks/environments.go (a name fills AlarmActions with the SNS topic the stack creates; empty leaves it empty)",
	"KmsKeyID":                           "Environment.CustomerManagedKey in stacks/environments.go (true fills KmsKeyID with the key the stack creates)",
	"BackupPlan.CopyDestinationVaultArn": "Environment.CopyBackups in stacks/environments.go and " + settingRef("backupCopyRegion") + " (the stack fills it with the vault it creates in that region)",
	"VpcID":                              "the Terraform variable vpc_id",
	"PrivateSubnetIDs":                   "the Terraform variable private_subnet_ids",
	"EksNodeSecurityGroupID":             "the Terraform variable eks_node_security_group_id",
	"NodeRoleArn":                        "the cluster stack's node role, or the Terraform variable efs_csi_node_role_arn under " + settingRef("existingDriver"),
	"ClientRoleArns":                     "the Terraform variable efs_client_role_arns",
}

// clusterKnobs names, for each efscsidriver.Config field a cluster stack fills in, what a
// user of this app sets instead.
var clusterKnobs = map[string]string{
	"ProjectName":                 settingRef("project"),
	"Cluster":                     "Cluster.Name in stacks/clusters.go",
	"Identity":                    "Cluster.Identity in stacks/clusters.go",
	"CreateDriverAddon":           "Cluster.DriverAddon in stacks/clusters.go",
	"CreatePodIdentityAgentAddon": "Cluster.PodIdentityAgentAddon in stacks/clusters.go and " + settingRef("existingPodIdentityAgent"),
	"DriverAddonVersion":          settingRef("csiDriverAddonVersion"),
	"Region":                      settingRef("region"),
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
// The backup copy needs a plan, a copy region (the setting backupCopyRegion or its
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
		bad(fmt.Sprintf("needs a copy region: no region of the geography of %s to copy to by default; "+
			"set %s to the region you choose (docs/backups.md, The copy region)", s.Region, settingRef("backupCopyRegion")))
	case len(cfg.BackupCopyVaultName()) > 50:
		bad(fmt.Sprintf("names its vault %q, longer than the 50 characters AWS Backup allows: shorten the project (%s) or the environment", cfg.BackupCopyVaultName(), settingRef("project")))
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
	cfg.PriceRegion = s.Region // the cost guard's prices
	cfg.VpcID = vars.vpcID
	cfg.PrivateSubnetIDs = vars.privateSubnetIDs
	cfg.EksNodeSecurityGroupID = vars.eksNodeSecurityGroupID
	cfg.ClientRoleArns = vars.clientRoleArns
	cfg.NodeRoleArn = vars.nodeRoleArn
	if !existingDriver {
		cfg.NodeRoleArn = nodeRoleLookup(stack, cluster, s)
	}
	cfg = withCluster(cfg, s, cluster)
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
	if env.CustomerManagedKey {
		usage.CustomerManagedKeys++
	}
	if copies != nil {
		usage.BackupCopyRegion = s.BackupCopyRegion
		usage.CustomerManagedKeys++ // the copy vault's key
	}
	cost, _ := efs.CostEstimateOutput(usage)
	// The construct's outputs under the names its users read (file_system_id, ...):
	// one KafkaEfs per stack here, so no prefix; TestOutputNames keeps them.
	if err := kafkaefs.WriteOutputs(stack, append(efs.Outputs(), cost), nil); err != nil {
		return nil, fmt.Errorf("stack %s: %w", env.Stack, err)
	}
	return stack, nil
}

// withCluster returns cfg with what its cluster decides: the cluster tag (withClusterTag)
// and the StorageClass's reclaim policy (Cluster.StorageClassReclaimDelete).
func withCluster(cfg kafkaefs.Config, s Settings, c Cluster) kafkaefs.Config {
	cfg.Tags = withClusterTag(cfg.Tags, s, c)
	cfg.StorageClassReclaimDelete = c.StorageClassReclaimDelete
	return cfg
}

// withClusterTag returns tags plus the tag that lets the cluster's driver controller
// create access points on the file system (efscsidriver.ClusterTagKey): this project's
// "<project>-<cluster>", or the value the setting existingDriverClusterTag gives for a
// driver of another project. tags is unchanged.
func withClusterTag(tags map[string]string, s Settings, c Cluster) map[string]string {
	out := maps.Clone(tags)
	if out == nil {
		out = map[string]string{}
	}
	out[efscsidriver.ClusterTagKey] = efscsidriver.Config{ProjectName: s.ProjectName, Cluster: c.Name}.Name()
	if v, ok := s.ExistingDriverClusterTags[c.Name]; ok && slices.Contains(s.ExistingDriverClusters, c.Name) {
		out[efscsidriver.ClusterTagKey] = v
	}
	return out
}

// checkExistingDriverTags refuses an existingDriverClusterTag pair for a
// cluster that is not in existingDriver (this project's own driver needs its
// own tag) and a value that is not an EFS tag value: 1 to 256 characters of letters,
// digits, spaces and _.:/=+-@.
func checkExistingDriverTags(s Settings) error {
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(s.ExistingDriverClusterTags)) {
		v := s.ExistingDriverClusterTags[k]
		switch {
		case !slices.Contains(s.ExistingDriverClusters, k):
			errs = append(errs, fmt.Errorf("%s = \"%s=%s\": cluster %q is not in %s: the tag value of another project's driver applies to a cluster whose driver exists already; add %s to %s or drop the pair",
				s.name("existingDriverClusterTag"), k, v, k, s.name("existingDriver"), k, s.name("existingDriver")))
		case !tagValuePattern.MatchString(v):
			errs = append(errs, fmt.Errorf("%s = \"%s=%s\": the value must be 1 to 256 letters, digits, spaces and _.:/=+-@, the other project's \"<project>-<cluster>\" (the %s tag on its file systems)",
				s.name("existingDriverClusterTag"), k, v, efscsidriver.ClusterTagKey))
		}
	}
	return errors.Join(errs...)
}

// tagValuePattern is a non-empty EFS tag value (EFS API reference, Tag).
var tagValuePattern = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$`)

// defaultTags are the tags every provider of the stack puts on every resource.
func defaultTags(cfg kafkaefs.Config) *[]*provider.AwsProviderDefaultTags {
	return &[]*provider.AwsProviderDefaultTags{{Tags: &map[string]*string{
		"project":     jsii.String(cfg.ProjectName),
		"environment": jsii.String(cfg.Environment),
		"managed-by":  jsii.String(ManagedBy),
	}}}
}

// addBackend keeps the state of stack name in S3 unless local, locked by a DynamoDB table
// or by Terraform's S3 lock file; otherwise in LocalStatePath at the project root (three
// levels above cdktf.out/stacks/<stack>, where Terraform runs). Both names carry the
// project, so that another project never reads or replaces this one's state.
func addBackend(stack cdktf.TerraformStack, name string, local bool, s Settings) {
	if local {
		cdktf.NewLocalBackend(stack, &cdktf.LocalBackendConfig{
			Path: jsii.String("../../../" + LocalStatePath(s.ProjectName, name)),
		})
		return
	}
	cfg := &cdktf.S3BackendConfig{
		Bucket:  jsii.String(s.StateBucket),
		Key:     jsii.String(StateKey(s.ProjectName, name)),
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

// LocalStatePath is the file, relative to the project root, of the local state of stack
// in project: terraform.<project>.<stack>.tfstate. Project and stack names hold no dot.
func LocalStatePath(project, stack string) string {
	return "terraform." + project + "." + stack + ".tfstate"
}

// StateKey is the S3 key of the remote state of stack in project.
func StateKey(project, stack string) string { return project + "/" + stack + "/terraform.tfstate" }

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

// output adds a stack output named exactly name, like kafkaefs.WriteOutputs.
func output(stack cdktf.TerraformStack, name, description string, value *string) {
	cdktf.NewTerraformOutput(stack, jsii.String(name), &cdktf.TerraformOutputConfig{
		Value:       value,
		Description: jsii.String(description),
		StaticId:    jsii.Bool(true),
	})
}
