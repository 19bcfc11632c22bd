package stacks

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func getenv(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// plain returns s without the record of where its values came from, to compare values.
func plain(s Settings) Settings {
	s.origins = nil
	return s
}

func TestSettingsFromEnv(t *testing.T) {
	assert.Equal(t, Settings{ProjectName: "confluent-kafka", Region: "us-east-1", StateRegion: "us-east-1", BackupCopyRegion: "us-west-2"},
		plain(SettingsFromEnv(getenv(nil))))
	assert.Equal(t, Settings{
		ProjectName: "acme", Region: "eu-west-1", StateBucket: "acme-tfstate",
		StateRegion: "eu-central-1", StateLockTable: "locks", BackupCopyRegion: "eu-west-3",
		RunbookBaseURL: "https://github.com/acme/kafka-efs/blob/main",
	}, plain(SettingsFromEnv(getenv(map[string]string{
		"KAFKA_EFS_PROJECT": "acme", "KAFKA_EFS_REGION": "eu-west-1", "KAFKA_EFS_STATE_BUCKET": "acme-tfstate",
		"KAFKA_EFS_STATE_REGION": "eu-central-1", "KAFKA_EFS_STATE_LOCK_TABLE": "locks",
		"KAFKA_EFS_BACKUP_COPY_REGION": "eu-west-3", "KAFKA_EFS_RUNBOOK_BASE_URL": "https://github.com/acme/kafka-efs/blob/main",
	}))))
	// The copy region defaults to the stack region's geography: an EU stack copies within
	// the EU, never to the US unless asked.
	assert.Equal(t, "eu-central-1", SettingsFromEnv(getenv(map[string]string{"KAFKA_EFS_REGION": "eu-west-1"})).BackupCopyRegion)
	assert.Empty(t, SettingsFromEnv(getenv(map[string]string{"KAFKA_EFS_REGION": "sa-east-1"})).BackupCopyRegion,
		"no second region in South America: no default")
	// The state region follows the region unless set.
	assert.Equal(t, "ap-south-1", SettingsFromEnv(getenv(map[string]string{"KAFKA_EFS_REGION": "ap-south-1"})).StateRegion)
	// A blank variable counts as unset.
	assert.Equal(t, DefaultProjectName, SettingsFromEnv(getenv(map[string]string{"KAFKA_EFS_PROJECT": " "})).ProjectName)
}

func TestSettingsValidate(t *testing.T) {
	valid := Settings{ProjectName: "confluent-kafka", Region: "us-east-1", StateRegion: "us-east-1"}
	require.NoError(t, valid.Validate())
	cases := []struct {
		name   string
		mutate func(*Settings)
		want   string // the key of the setting the error must name
	}{
		{"region", func(s *Settings) { s.Region = "mars-1" }, "region"},
		{"state region with bucket", func(s *Settings) { s.StateBucket, s.StateRegion = "acme-tfstate", "nowhere" }, "stateRegion"},
		{"bucket upper case", func(s *Settings) { s.StateBucket = "Acme_State" }, "stateBucket"},
		{"bucket too short", func(s *Settings) { s.StateBucket = "ab" }, "stateBucket"},
		{"lock table charset", func(s *Settings) { s.StateBucket, s.StateLockTable = "acme-tfstate", "locks!" }, "stateLockTable"},
		{"lock table without bucket", func(s *Settings) { s.StateLockTable = "locks" }, "stateLockTable"},
		{"copy region not a region", func(s *Settings) { s.BackupCopyRegion = "west" }, "backupCopyRegion"},
		{"copy region is the stack's", func(s *Settings) { s.BackupCopyRegion = s.Region }, "backupCopyRegion"},
		{"copy region in another partition", func(s *Settings) { s.BackupCopyRegion = "cn-north-1" }, "backupCopyRegion"},
		{"runbook over http", func(s *Settings) { s.RunbookBaseURL = "http://github.com/acme/kafka-efs" }, "runbookBaseUrl"},
		{"runbook relative", func(s *Settings) { s.RunbookBaseURL = "docs/operations.md" }, "runbookBaseUrl"},
		{"add-on version", func(s *Settings) { s.DriverAddonVersion = "v1.0" }, "csiDriverAddonVersion"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := valid
			c.mutate(&s)
			err := s.Validate()
			require.Error(t, err)
			// A value set in code counts as the file's: the message names its key there.
			assert.True(t, strings.HasPrefix(err.Error(), "cdktf.json context."+c.want+" = "), err.Error())
			assert.Len(t, strings.Split(err.Error(), "\n"), 1, "one problem, one line")
		})
	}
	// The state region is unused, so unchecked, without a bucket.
	s := valid
	s.StateRegion = "nowhere"
	assert.NoError(t, s.Validate())
	// A copy across geographies is allowed when asked for.
	s = valid
	s.BackupCopyRegion, s.RunbookBaseURL = "eu-west-1", "https://git.example.com/kafka-efs/-/blob/main"
	assert.NoError(t, s.Validate())
	// Every default copy region is a valid, different region of the same partition.
	for region, copyRegion := range backupCopyRegions {
		s := Settings{ProjectName: "p", Region: region, BackupCopyRegion: copyRegion}
		assert.NoError(t, s.Validate(), region)
	}
	// A value a variable set is named by the variable, and so is a rule's other setting.
	s = SettingsFromEnv(getenv(map[string]string{"KAFKA_EFS_REGION": "eu-west-1", "KAFKA_EFS_BACKUP_COPY_REGION": "eu-west-1"}))
	assert.EqualError(t, s.Validate(), `KAFKA_EFS_BACKUP_COPY_REGION = "eu-west-1": must differ from KAFKA_EFS_REGION (eu-west-1): `+
		`a copy in the same region is lost with it in a regional outage`)
}

func TestCheckReportsEveryStackAndSetting(t *testing.T) {
	require.NoError(t, Check(Environments(), testSettings), "the shipped environments are valid")

	s := testSettings
	s.ProjectName, s.Region = "Bad_Name", "mars-1"
	err := Check(Environments(), s)
	require.Error(t, err)
	lines := strings.Split(err.Error(), "\n")
	assert.Equal(t, `cdktf.json context.region = "mars-1": must be an AWS region name such as us-east-1`, lines[0])
	stacks := StackNames(Clusters(), Environments(), s)
	for i, stack := range stacks {
		assert.True(t, strings.HasPrefix(lines[i+1], "stack "+stack+`: ProjectName = "Bad_Name": `), lines[i+1])
	}
	assert.Len(t, lines, 1+len(stacks), "every cluster and file system stack")

	// A production environment without backups is refused by the guardrail.
	prod := environment(t, "prod")
	prod.Config.EnableAutomaticBackups, prod.Config.BackupPlan, prod.CopyBackups = false, nil, false
	err = Check([]Environment{prod}, testSettings)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "stack prod: EnableAutomaticBackups = \"false\"")
}

// TestCheckEnvironment: what the stack builds around the construct is checked before
// anything is built, each problem on one line naming the setting that fixes it.
func TestCheckEnvironment(t *testing.T) {
	prod := func() []Environment {
		prod := environment(t, "prod")
		require.True(t, prod.CopyBackups, "prod copies its recovery points")
		return []Environment{prod}
	}
	cases := []struct {
		name   string
		mutate func(*Environment, *Settings)
		want   string
	}{
		{"no default copy region", func(e *Environment, s *Settings) { s.Region, s.BackupCopyRegion = "sa-east-1", "" },
			`stack prod: CopyBackups = true: needs a copy region: no region of the geography of sa-east-1 to copy to by default; ` +
				`set cdktf.json context.backupCopyRegion (or KAFKA_EFS_BACKUP_COPY_REGION) to the region you choose`},
		{"without a plan", func(e *Environment, s *Settings) {
			e.Config.BackupPlan, e.Config.EnableAutomaticBackups = nil, true
		}, `stack prod: CopyBackups = true: needs Config.BackupPlan`},
		// A project this long also makes the cluster stacks' role names too long (they
		// carry the region): those two lines are checked by efscsidriver's tests.
		{"copy vault name over 50 characters", func(e *Environment, s *Settings) { s.ProjectName = strings.Repeat("k", 37) },
			`stack prod: CopyBackups = true: names its vault "` + strings.Repeat("k", 37) + `-prod-efs-copy"`},
		// CloudWatch cannot publish to a topic under alias/aws/sns.
		{"alarm topic without the stack's key", func(e *Environment, s *Settings) { e.CustomerManagedKey = false },
			`stack prod: AlarmTopic = "alerts": needs CustomerManagedKey: without it the topic is encrypted with the AWS-managed key alias/aws/sns`},
		{"copy region is the stack's", func(e *Environment, s *Settings) { s.BackupCopyRegion = s.Region },
			`cdktf.json context.backupCopyRegion = "us-east-1": must differ from cdktf.json context.region (us-east-1)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			envs, s := prod(), testSettings
			c.mutate(&envs[0], &s)
			err := Check(envs, s)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			lines := slices.DeleteFunc(strings.Split(err.Error(), "\n"), func(l string) bool {
				return strings.HasPrefix(l, "stack cluster-") && strings.Contains(l, "makes the IAM role name")
			})
			assert.Len(t, lines, 1, "one problem, one line: %v", err)
		})
	}
	require.NoError(t, Check(prod(), testSettings))
	s := testSettings
	s.Region, s.BackupCopyRegion = "sa-east-1", "us-east-1"
	require.NoError(t, Check(prod(), s), "a copy out of the geography, when asked for")
}
