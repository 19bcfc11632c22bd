package stacks

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
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
		if err := cfg.Validate(); err != nil {
			errs = append(errs, prefixLines("stack "+c.Stack()+": ", err))
		}
	}
	for _, env := range envs {
		cfg := env.Config
		cfg.ProjectName = s.ProjectName
		err := errors.Join(withDeployTimeInputs(cfg, env).Validate(), checkBackupCopyRegion(cfg, env, s))
		if _, ok := clusterOf(clusters, env); !ok {
			err = errors.Join(err, fmt.Errorf("Cluster = %q: must name one of the clusters in stacks/clusters.go (%s)", env.Cluster, clusterNames(clusters)))
		}
		if err != nil {
			errs = append(errs, prefixLines("stack "+env.Stack+": ", err))
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

// checkBackupCopyRegion checks what the construct cannot: the copy region against the
// stack's region, which only the stack knows. Each problem names Environment.BackupCopyRegion.
func checkBackupCopyRegion(cfg kafkaefs.Config, env Environment, s Settings) error {
	r := env.BackupCopyRegion
	if r == "" {
		return nil
	}
	bad := func(allowed string) error { return fmt.Errorf("BackupCopyRegion = %q: %s", r, allowed) }
	switch {
	case cfg.BackupPlan == nil:
		return bad("needs Config.BackupPlan: there are no recovery points to copy without it; set a BackupPlan or remove BackupCopyRegion")
	case !kafkaefs.IsRegion(r):
		return bad("must be an AWS region name such as us-west-2")
	case r == s.Region:
		return bad(fmt.Sprintf("must differ from KAFKA_EFS_REGION (%s): a copy in the same region is lost with it in a regional outage; choose another region in stacks/environments.go", s.Region))
	case len(cfg.BackupCopyVaultName()) > 50:
		return bad(fmt.Sprintf("names its vault %q, longer than the 50 characters AWS Backup allows: shorten KAFKA_EFS_PROJECT or the environment", cfg.BackupCopyVaultName()))
	}
	return nil
}

// prefixLines prefixes every error of a joined error (one per line) with prefix.
func prefixLines(prefix string, err error) error {
	var lines []error
	for _, line := range strings.Split(err.Error(), "\n") {
		lines = append(lines, errors.New(prefix+line))
	}
	return errors.Join(lines...)
}

// New adds the stack of env to scope: provider, backend, variables, the KMS key and alarm
// topic env asks for, the cluster's node role (looked up, or a variable for a cluster
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

	stack := cdktf.NewTerraformStack(scope, jsii.String(env.Stack))
	provider.NewAwsProvider(stack, jsii.String("aws"), &provider.AwsProviderConfig{
		Region:      jsii.String(s.Region),
		DefaultTags: defaultTags(cfg),
	})
	// The bindings pin the provider they were generated from exactly ("5.99.1"), which
	// forbids every later 5.x fix and any mirror that carries one. The bindings' schema
	// holds for the whole major version; users pin an exact build with the
	// .terraform.lock.hcl that `terraform init` writes (see README "Pinning the provider").
	stack.AddOverride(jsii.String("terraform.required_providers.aws.version"), jsii.String(ProviderVersionConstraint))
	addBackend(stack, env.Stack, usesLocalState(env, s), s)

	vars := newVariables(stack, env.AlarmTopic != "", existingDriver)
	cfg.VpcID = vars.vpcID
	cfg.PrivateSubnetIDs = vars.privateSubnetIDs
	cfg.EksNodeSecurityGroupID = vars.eksNodeSecurityGroupID
	cfg.ClientRoleArns = vars.clientRoleArns
	cfg.NodeRoleArn = vars.nodeRoleArn
	if !existingDriver {
		cfg.NodeRoleArn = nodeRoleLookup(stack, cluster, s)
	}
	cfg.Tags = withClusterTag(cfg.Tags, s.ProjectName, cluster)
	if env.CustomerManagedKey {
		key := newKmsKey(stack, cfg)
		cfg.KmsKeyID = *key.Arn()
		output(stack, "kms_key_arn", "Customer-managed KMS key of the file system, its logs and alarm topic", key.Arn())
	}
	if env.AlarmTopic != "" {
		topic := newAlarmTopic(stack, cfg, env.AlarmTopic)
		subscribe(stack, topic, "email", vars.alarmEmails)
		subscribe(stack, topic, "https", vars.alarmHTTPSEndpoints)
		cfg.AlarmActions = []string{*topic.Arn()}
		output(stack, "alarm_topic_arn", "SNS topic the alarms notify: subscribe to it", topic.Arn())
	}
	if env.BackupCopyRegion != "" && cfg.BackupPlan != nil {
		plan := *cfg.BackupPlan // the environment's plan stays as it was
		plan.CopyDestinationVaultArn = newBackupCopy(stack, cfg, env.BackupCopyRegion)
		cfg.BackupPlan = &plan
	}

	efs, err := kafkaefs.New(stack, "kafka-efs", cfg)
	if err != nil {
		return nil, fmt.Errorf("stack %s: %w", env.Stack, err)
	}
	efs.OutputCostEstimate(env.Usage)
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
func withDeployTimeInputs(cfg kafkaefs.Config, env Environment) kafkaefs.Config {
	const token = deployTimeToken
	cfg.VpcID, cfg.EksNodeSecurityGroupID, cfg.NodeRoleArn = token, token, token
	cfg.PrivateSubnetIDs, cfg.ClientRoleArns = []string{token}, []string{token}
	if env.CustomerManagedKey {
		cfg.KmsKeyID = token
	}
	if env.AlarmTopic != "" {
		cfg.AlarmActions = []string{token}
	}
	if env.BackupCopyRegion != "" && cfg.BackupPlan != nil {
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
