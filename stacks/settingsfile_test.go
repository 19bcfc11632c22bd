package stacks

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeSettingsFile writes a cdktf.json holding context into dir and returns dir.
func writeSettingsFile(t *testing.T, dir string, context map[string]any) string {
	t.Helper()
	raw, err := json.Marshal(map[string]any{"language": "go", "app": "go run .", "context": context})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, SettingsFile), raw, 0o644))
	return dir
}

// sample is a value of row's kind that differs from its default, as the file (JSON) and a
// variable (text) write it, and as the field holds it.
func sample(t *testing.T, r setting) (file any, variable string, field any) {
	t.Helper()
	switch r.field(&Settings{}).(type) {
	case *string:
		v := "sample-" + strings.ToLower(r.key)
		return v, v, v
	case *[]string:
		return []string{"a", "b"}, "a, b", []string{"a", "b"}
	case *bool:
		return true, "true", true
	case *map[string]string:
		return map[string]string{"a": "b"}, "a=b", map[string]string{"a": "b"}
	}
	t.Fatalf("row %s: field of unknown kind", r.key)
	return nil, "", nil
}

// value returns what the field of row holds in s.
func value(r setting, s Settings) any {
	switch p := r.field(&s).(type) {
	case *string:
		return *p
	case *[]string:
		return *p
	case *bool:
		return *p
	case *map[string]string:
		return *p
	}
	return nil
}

// TestEverySettingFromFileAndVariable: every row of settingTable, a new one included,
// takes its value from the file, lets its variable override the file, and the summary
// names that override with the variable and the file's value it replaced.
func TestEverySettingFromFileAndVariable(t *testing.T) {
	for _, r := range settingTable {
		t.Run(r.key, func(t *testing.T) {
			fileValue, variable, want := sample(t, r)
			dir := writeSettingsFile(t, t.TempDir(), map[string]any{r.key: fileValue})
			s, err := LoadSettings(dir, nil)
			require.NoError(t, err)
			assert.Equal(t, want, value(r, s), "the file sets %s", r.key)
			assert.Empty(t, s.Overrides(), "no variable, no override")

			s, err = LoadSettings(dir, []string{r.env + "=" + variable + "x"})
			require.NoError(t, err)
			if _, ok := want.(string); ok {
				assert.Equal(t, want.(string)+"x", value(r, s), "%s overrides the file", r.env)
			}
			require.Len(t, s.Overrides(), 1)
			line := s.Overrides()[0]
			assert.True(t, strings.HasPrefix(line, "kafka-efs: setting "+r.key+" = "), line)
			assert.Contains(t, line, " from "+r.env+" for this run, over cdktf.json context."+r.key+" = ")
		})
	}
}

// TestLoadSettings: the file's values reach Settings, a variable overrides one and is
// named in the summary with what it replaced, and every name that is no setting is
// refused naming the closest one.
func TestLoadSettings(t *testing.T) {
	file := map[string]any{
		"project": "acme", "region": "eu-west-1", "stateBucket": "acme-tfstate", "stateLockTable": "",
		"existingDriver": []string{"prod"}, "runbookBaseUrl": "https://github.com/acme/kafka-efs/blob/main",
	}
	root := writeSettingsFile(t, t.TempDir(), file)
	// Found from a folder below the file's, as the cdktf CLI finds it.
	below := filepath.Join(root, "cdktf.out", "stacks")
	require.NoError(t, os.MkdirAll(below, 0o755))
	s, err := LoadSettings(below, []string{"HOME=/root", "KAFKA_EFS_TIER_REPORT=/tmp/report"})
	require.NoError(t, err, "a tool's variable is not refused")
	assert.Equal(t, Settings{
		ProjectName: "acme", Region: "eu-west-1", StateBucket: "acme-tfstate", StateRegion: "eu-west-1",
		BackupCopyRegion: "eu-central-1", RunbookBaseURL: "https://github.com/acme/kafka-efs/blob/main",
		ExistingDriverClusters: []string{"prod"},
	}, plain(s), "the defaults follow the file's region")
	assert.Empty(t, s.Overrides())

	s, err = LoadSettings(root, []string{"KAFKA_EFS_REGION=eu-central-1", "KAFKA_EFS_STATE_LOCK_TABLE=locks", "KAFKA_EFS_EXISTING_DRIVER="})
	require.NoError(t, err)
	assert.Equal(t, "eu-central-1", s.Region)
	assert.Equal(t, "eu-west-1", s.BackupCopyRegion, "the default copy region follows the overridden region")
	assert.Equal(t, []string{"prod"}, s.ExistingDriverClusters, "an empty variable counts as unset")
	assert.Equal(t, []string{
		`kafka-efs: setting region = "eu-central-1" from KAFKA_EFS_REGION for this run, over cdktf.json context.region = "eu-west-1"`,
		`kafka-efs: setting stateLockTable = "locks" from KAFKA_EFS_STATE_LOCK_TABLE for this run, over the default ""`,
	}, s.Overrides())

	cases := []struct {
		name    string
		context map[string]any
		environ []string
		want    []string // the error's lines
	}{
		{"misspelled variable", nil, []string{"KAFKA_EFS_PROJET=acme"}, []string{
			"KAFKA_EFS_PROJET: not a setting nor a variable of the tests; did you mean KAFKA_EFS_PROJECT? (the settings: docs/configuration.md; " +
				"variables of the tests and CI: ToolVariables in stacks/settingsfile.go)"}},
		{"misspelled tool variable", nil, []string{"KAFKA_EFS_TERAFORM=tofu"}, []string{
			"KAFKA_EFS_TERAFORM: not a setting nor a variable of the tests; did you mean KAFKA_EFS_TERRAFORM? (the settings: docs/configuration.md; " +
				"variables of the tests and CI: ToolVariables in stacks/settingsfile.go)"}},
		{"misspelled key", map[string]any{"projet": "acme", "stateBuckets": "b"}, nil, []string{
			"cdktf.json context.projet: no such setting; did you mean project? (the settings: docs/configuration.md)",
			"cdktf.json context.stateBuckets: no such setting; did you mean stateBucket? (the settings: docs/configuration.md)"}},
		{"a variable's name as a key", map[string]any{"KAFKA_EFS_REGION": "eu-west-1"}, nil, []string{
			"cdktf.json context.KAFKA_EFS_REGION: no such setting; did you mean region? (the settings: docs/configuration.md)"}},
		{"cdktf's own key", map[string]any{"cdktfRelativeModules": []string{}}, nil, []string{
			"cdktf.json context.cdktfRelativeModules: a key of cdktf itself, which only `cdktf synth` would pass to cdktf and `go run .` never: " +
				"the two would synthesize differently; set it in main.go's cdktf.AppConfig instead"}},
		{"wrong types", map[string]any{"region": 1, "existingDriver": "prod"}, []string{"KAFKA_EFS_EXISTING_POD_IDENTITY_AGENT=prod"}, []string{
			`cdktf.json context.region = 1: must be a JSON string, e.g. "value"`,
			`cdktf.json context.existingDriver = "prod": must be a JSON array of strings, e.g. ["prod"]`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeSettingsFile(t, t.TempDir(), c.context)
			_, err := LoadSettings(dir, c.environ)
			require.Error(t, err)
			assert.Equal(t, c.want, strings.Split(err.Error(), "\n"))
		})
	}

	// No file: refused, naming the folder.
	empty := t.TempDir()
	_, err = LoadSettings(empty, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cdktf.json: not found in "+empty+" or any folder above it")
	// A file that is not JSON, or whose context is no object.
	require.NoError(t, os.WriteFile(filepath.Join(empty, SettingsFile), []byte(`{"context": ["project"]}`), 0o644))
	_, err = LoadSettings(empty, nil)
	assert.ErrorContains(t, err, `not a JSON object with a "context" object of settings`)
}

// TestFlagSettings: a true/false setting, which no row has yet, reads JSON booleans from
// the file and true or false from its variable, and refuses anything else.
func TestFlagSettings(t *testing.T) {
	var flag bool
	row := setting{key: "someFlag", env: "KAFKA_EFS_SOME_FLAG", field: func(*Settings) any { return &flag }}
	for _, c := range []struct {
		file     string
		variable string
		want     bool
		err      string
	}{
		{file: "true", want: true},
		{file: "false", variable: "true", want: true},
		{file: `"yes"`, err: "must be true or false"},
		{variable: "yes", err: "must be true or false"},
	} {
		flag = false
		var err error
		if c.file != "" {
			_, err = decodeJSON(row.field(nil), json.RawMessage(c.file))
		}
		if c.variable != "" && err == nil {
			err = decodeVariable(row.field(nil), c.variable)
		}
		if c.err != "" {
			assert.EqualError(t, err, c.err, "%+v", c)
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, c.want, flag, "%+v", c)
	}
}

// TestCommittedSettingsFile: the repository's cdktf.json loads without a problem and holds
// the settings the tests synthesize with (testSettings), so the snapshots show what `go run
// .` and `cdktf synth` write from a clone.
func TestCommittedSettingsFile(t *testing.T) {
	s, err := LoadSettings("..", nil)
	require.NoError(t, err)
	assert.Equal(t, plain(testSettings), plain(s))
	raw, err := os.ReadFile(filepath.Join("..", SettingsFile))
	require.NoError(t, err)
	var doc struct{ Context map[string]any }
	require.NoError(t, json.Unmarshal(raw, &doc))
	for _, r := range settingTable {
		assert.Contains(t, doc.Context, r.key, "the committed file lists every setting, so that a reader sees them all")
	}
}

// TestSettingNames: each variable is KAFKA_EFS_ and its key in UPPER_SNAKE_CASE, and no
// key, variable or tool's variable is there twice.
func TestSettingNames(t *testing.T) {
	upperSnake := regexp.MustCompile(`([a-z0-9])([A-Z])`)
	seen := map[string]bool{}
	for _, r := range settingTable {
		assert.Equal(t, EnvPrefix+strings.ToUpper(upperSnake.ReplaceAllString(r.key, "${1}_${2}")), r.env, r.key)
		assert.Regexp(t, `^[a-z][a-zA-Z0-9]*$`, r.key)
		for _, name := range []string{r.key, r.env} {
			assert.False(t, seen[name], "%s twice", name)
			seen[name] = true
		}
		assert.NotContains(t, ToolVariables, r.env, "a setting is no tool's variable")
	}
	for name := range ToolVariables {
		assert.True(t, strings.HasPrefix(name, EnvPrefix), name)
	}
}

// exampleNames are the names that tests and docs show on purpose: misspellings being
// refused, and placeholders.
var exampleNames = []string{"KAFKA_EFS_PROJET", "KAFKA_EFS_TERAFORM", "KAFKA_EFS_STATE_REGON", "KAFKA_EFS_SOME_FLAG", "KAFKA_EFS_X"}

// TestEveryVariableIsKnown: every KAFKA_EFS_* name in the repository's code, scripts and
// docs is a setting's variable or in ToolVariables, so that the app never refuses a
// variable this repository's tools set. A new test variable fails here until it is added
// to ToolVariables (stacks/settingsfile.go); a new setting, until it is a row.
func TestEveryVariableIsKnown(t *testing.T) {
	known := map[string]bool{}
	for _, r := range settingTable {
		known[r.env] = true
	}
	for name := range ToolVariables {
		known[name] = true
	}
	name := regexp.MustCompile(EnvPrefix + `[A-Z0-9_]*[A-Z0-9]`)
	found := map[string]string{}
	require.NoError(t, filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "cdktf.out", "__snapshots__", "node_modules", ".terraform":
				return filepath.SkipDir
			}
			return nil
		}
		if !slices.Contains([]string{".go", ".md", ".hcl", ".sh", ".yaml", ".yml", ""}, filepath.Ext(path)) {
			return nil
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if slices.Contains(raw, 0) {
			return nil // a binary, such as a built app
		}
		for _, n := range name.FindAllString(string(raw), -1) {
			found[n] = path
		}
		return nil
	}))
	require.Contains(t, found, "KAFKA_EFS_TIER_REPORT", "the walk reached .ci/run and the tests")
	for n, path := range found {
		if !known[n] && !slices.Contains(exampleNames, n) {
			t.Errorf("%s (in %s) is neither a setting (a row of settingTable, stacks/settings.go) nor in ToolVariables (stacks/settingsfile.go): the app would refuse it", n, path)
		}
	}
}

// TestSettingsDocumented: README's Configure section, docs/configuration.md and help name
// every setting by its key and its variable.
func TestSettingsDocumented(t *testing.T) {
	read := func(path string) string {
		raw, err := os.ReadFile(filepath.Join("..", path))
		require.NoError(t, err)
		return string(raw)
	}
	readme := read("README.md")
	start := strings.Index(readme, "\n## Configure\n")
	require.GreaterOrEqual(t, start, 0, "README has a Configure section")
	configure := readme[start+1:]
	if end := strings.Index(configure[1:], "\n## "); end >= 0 {
		configure = configure[:end+1]
	}
	for doc, text := range map[string]string{"README.md (Configure)": configure, "docs/configuration.md": read("docs/configuration.md"), "help": read("help")} {
		for _, r := range settingTable {
			for _, name := range []string{"`" + r.key + "`", r.env} {
				if doc == "help" {
					name = strings.Trim(name, "`")
				}
				if !strings.Contains(text, name) {
					t.Errorf("%s does not name the setting %s", doc, name)
				}
			}
		}
	}
}

// TestClosest: the closest name by edit distance.
func TestClosest(t *testing.T) {
	for _, c := range []struct{ a, b string }{{"", ""}, {"abc", "abc"}, {"abc", "abd"}, {"kitten", "sitting"}, {"", "abc"}} {
		d := editDistance(c.a, c.b)
		assert.Equal(t, editDistance(c.b, c.a), d, "symmetric")
		assert.Equal(t, map[string]int{"|": 0, "abc|abc": 0, "abc|abd": 1, "kitten|sitting": 3, "|abc": 3}[c.a+"|"+c.b], d, "%q %q", c.a, c.b)
	}
	assert.Equal(t, "KAFKA_EFS_STATE_REGION", closest("KAFKA_EFS_STATE_REGON", []string{"KAFKA_EFS_REGION", "KAFKA_EFS_STATE_REGION"}))
	assert.Equal(t, "stateBucket", closest("StateBucket", []string{"stateRegion", "stateBucket"}), "case does not count")
}

// TestLegacyStateWarnings: a stack with local state whose file still has the earlier name
// (terraform.<stack>.tfstate), and none under the project's name, is warned about; once
// moved, or for a stack whose state is in S3, it is not.
func TestLegacyStateWarnings(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"terraform.dev.tfstate", "terraform.prod.tfstate", "terraform.cluster-dev.tfstate"} {
		require.NoError(t, os.WriteFile(filepath.Join(root, f), []byte("{}"), 0o644))
	}
	// cluster-dev is moved already.
	require.NoError(t, os.WriteFile(filepath.Join(root, LocalStatePath(testSettings.ProjectName, "cluster-dev")), []byte("{}"), 0o644))
	want := func(stack string) string {
		return fmt.Sprintf("kafka-efs: warning: terraform.%s.tfstate holds the state of stack %s under its earlier name: move it to terraform.confluent-kafka.%s.tfstate "+
			"before the next diff or deploy, or Terraform plans the stack from empty state (docs/configuration.md, \"Local state files\")", stack, stack, stack)
	}
	assert.Equal(t, []string{want("dev"), want("prod")}, LegacyStateWarnings(root, Clusters(), Environments(), testSettings))
	remote := testSettings
	remote.StateBucket = "acme-tfstate"
	assert.Equal(t, []string{want("dev")}, LegacyStateWarnings(root, Clusters(), Environments(), remote), "prod's state is in S3")
	assert.Empty(t, LegacyStateWarnings(t.TempDir(), Clusters(), Environments(), testSettings))
}
