package stacks

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"kafka-efs/constructs/kafkaefs"
)

// The deploy-time inputs arrive twice: as Terraform variables (checked by their validation
// blocks when Terraform runs) and, for a caller of the construct, as literal Config fields
// (checked by Config.Validate). The tests below put the same values through both and
// require the same verdict, so that a bad --var is refused by Terraform exactly when
// Config.Validate would refuse the literal.

// variableGoField maps each stack variable to the Config field it fills and sets a value
// of the case table on that field. A variable that fills no Config field (the stack
// uses it itself) has an empty field, a nil set and, in stackOnly, the reason: Go has
// nothing to check, so Config.Validate must accept every case of it.
var variableGoField = map[string]struct {
	field     string
	set       func(c *kafkaefs.Config, v any)
	stackOnly string
}{
	"vpc_id":                     {field: "VpcID", set: func(c *kafkaefs.Config, v any) { c.VpcID = v.(string) }},
	"private_subnet_ids":         {field: "PrivateSubnetIDs", set: func(c *kafkaefs.Config, v any) { c.PrivateSubnetIDs = v.([]string) }},
	"eks_node_security_group_id": {field: "EksNodeSecurityGroupID", set: func(c *kafkaefs.Config, v any) { c.EksNodeSecurityGroupID = v.(string) }},
	"efs_client_role_arns":       {field: "ClientRoleArns", set: func(c *kafkaefs.Config, v any) { c.ClientRoleArns = v.([]string) }},
	"eks_cluster_name":           {field: "EksClusterName", set: func(c *kafkaefs.Config, v any) { c.EksClusterName = v.(string) }},
	"alarm_email_addresses":      {stackOnly: "the stack subscribes the addresses to its alarm topic; the construct only sees the topic ARN"},
	"alarm_https_endpoints":      {stackOnly: "the stack subscribes the endpoints to its alarm topic; the construct only sees the topic ARN"},
}

// baseVariableValues is a valid value of every variable; each case changes some of them.
func baseVariableValues() map[string]any {
	return map[string]any{
		"vpc_id":                     "vpc-0123456789abcdef0",
		"private_subnet_ids":         []string{"subnet-0123456789abcdef0", "subnet-0123456789abcdef1"},
		"eks_node_security_group_id": "sg-0123456789abcdef0",
		"efs_client_role_arns":       []string{"arn:aws:iam::123456789012:role/efs-csi"},
		"eks_cluster_name":           "kafka-prod",
		"alarm_email_addresses":      []string{},
		"alarm_https_endpoints":      []string{},
	}
}

const testRoleArnPrefix = "arn:aws:iam::123456789012:role/"

// subnets returns n distinct, valid subnet IDs.
func subnets(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("subnet-0123456789abcde%02x", i)
	}
	return ids
}

// variableCase is one set of deploy-time values: the base with set applied.
type variableCase struct {
	name string
	set  map[string]any
	// refused is the variable whose validation must refuse the values ("" when valid);
	// Config.Validate must then refuse its Go field, and only that field.
	refused string
	// stackRule, when set, says why Config.Validate accepts what the variable refuses: a
	// rule of the stack rather than of the construct. Both verdicts are still asserted.
	stackRule string
}

var variableCases = []variableCase{
	// Valid.
	{name: "base"},
	{name: "legacy 8-hex IDs", set: map[string]any{
		"vpc_id":                     "vpc-01234567",
		"private_subnet_ids":         []string{"subnet-01234567", "subnet-89abcdef"},
		"eks_node_security_group_id": "sg-01234567",
	}},
	{name: "six subnets", set: map[string]any{"private_subnet_ids": subnets(6)}},
	{name: "role with path", set: map[string]any{"efs_client_role_arns": []string{testRoleArnPrefix + "service-role/eks/efs-csi"}}},
	{name: "GovCloud role", set: map[string]any{"efs_client_role_arns": []string{"arn:aws-us-gov:iam::123456789012:role/efs-csi"}}},
	{name: "China role", set: map[string]any{"efs_client_role_arns": []string{"arn:aws-cn:iam::123456789012:role/efs-csi"}}},
	{name: "role name with every allowed punctuation", set: map[string]any{"efs_client_role_arns": []string{testRoleArnPrefix + "Kafka_pods+=,.@-1"}}},
	{name: "role name of 64 characters", set: map[string]any{"efs_client_role_arns": []string{testRoleArnPrefix + strings.Repeat("r", 64)}}},
	{name: "cluster name with underscore and capitals", set: map[string]any{"eks_cluster_name": "Kafka_Prod-01"}},
	{name: "cluster name of 100 characters", set: map[string]any{"eks_cluster_name": "k" + strings.Repeat("a", 99)}},
	{name: "two roles", set: map[string]any{"efs_client_role_arns": []string{testRoleArnPrefix + "efs-csi", testRoleArnPrefix + "kafka"}}},

	// vpc_id.
	{name: "vpc bad prefix", refused: "vpc_id", set: map[string]any{"vpc_id": "vpx-0123456789abcdef0"}},
	{name: "vpc given a subnet ID", refused: "vpc_id", set: map[string]any{"vpc_id": "subnet-0123456789abcdef0"}},
	{name: "vpc upper-case hex", refused: "vpc_id", set: map[string]any{"vpc_id": "vpc-0123456789ABCDEF0"}},
	{name: "vpc 9 hex digits", refused: "vpc_id", set: map[string]any{"vpc_id": "vpc-012345678"}},
	{name: "vpc 16 hex digits", refused: "vpc_id", set: map[string]any{"vpc_id": "vpc-0123456789abcdef"}},
	{name: "vpc empty", refused: "vpc_id", set: map[string]any{"vpc_id": ""}},
	{name: "vpc trailing newline", refused: "vpc_id", set: map[string]any{"vpc_id": "vpc-0123456789abcdef0\n"}},
	{name: "vpc leading space", refused: "vpc_id", set: map[string]any{"vpc_id": " vpc-0123456789abcdef0"}},

	// private_subnet_ids.
	{name: "one subnet only", refused: "private_subnet_ids", set: map[string]any{"private_subnet_ids": subnets(1)}},
	{name: "no subnet", refused: "private_subnet_ids", set: map[string]any{"private_subnet_ids": []string{}}},
	{name: "duplicate subnets", refused: "private_subnet_ids", set: map[string]any{"private_subnet_ids": []string{"subnet-0123456789abcdef0", "subnet-0123456789abcdef0"}}},
	{name: "duplicate among two distinct subnets", refused: "private_subnet_ids", set: map[string]any{"private_subnet_ids": []string{"subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef0"}}},
	{name: "a bad subnet", refused: "private_subnet_ids", set: map[string]any{"private_subnet_ids": []string{"subnet-0123456789abcdef0", "subnet-0123456789abcdeg1"}}},
	{name: "a subnet given a security group ID", refused: "private_subnet_ids", set: map[string]any{"private_subnet_ids": []string{"subnet-0123456789abcdef0", "sg-0123456789abcdef1"}}},
	{name: "seven subnets", refused: "private_subnet_ids", set: map[string]any{"private_subnet_ids": subnets(7)}},

	// eks_node_security_group_id.
	{name: "sg bad hex", refused: "eks_node_security_group_id", set: map[string]any{"eks_node_security_group_id": "sg-0123456789abcdefg"}},
	{name: "sg upper-case hex", refused: "eks_node_security_group_id", set: map[string]any{"eks_node_security_group_id": "sg-0123456789ABCDEF0"}},
	{name: "sg 9 hex digits", refused: "eks_node_security_group_id", set: map[string]any{"eks_node_security_group_id": "sg-012345678"}},
	{name: "sg given a VPC ID", refused: "eks_node_security_group_id", set: map[string]any{"eks_node_security_group_id": "vpc-0123456789abcdef0"}},
	{name: "sg empty", refused: "eks_node_security_group_id", set: map[string]any{"eks_node_security_group_id": ""}},

	// efs_client_role_arns.
	// The stack adds the driver's node role itself: extra roles are optional.
	{name: "empty role list", set: map[string]any{"efs_client_role_arns": []string{}}},
	{name: "user instead of role", refused: "efs_client_role_arns", set: map[string]any{"efs_client_role_arns": []string{"arn:aws:iam::123456789012:user/efs-csi"}}},
	{name: "role 11-digit account", refused: "efs_client_role_arns", set: map[string]any{"efs_client_role_arns": []string{"arn:aws:iam::12345678901:role/efs-csi"}}},
	{name: "role unknown partition", refused: "efs_client_role_arns", set: map[string]any{"efs_client_role_arns": []string{"arn:aws-xx:iam::123456789012:role/efs-csi"}}},
	{name: "role with region", refused: "efs_client_role_arns", set: map[string]any{"efs_client_role_arns": []string{"arn:aws:iam:us-east-1:123456789012:role/efs-csi"}}},
	{name: "role name of 65 characters", refused: "efs_client_role_arns", set: map[string]any{"efs_client_role_arns": []string{testRoleArnPrefix + strings.Repeat("r", 65)}}},
	{name: "role name with #", refused: "efs_client_role_arns", set: map[string]any{"efs_client_role_arns": []string{testRoleArnPrefix + "efs#csi"}}},
	{name: "role path without name", refused: "efs_client_role_arns", set: map[string]any{"efs_client_role_arns": []string{testRoleArnPrefix + "eks/"}}},
	{name: "one bad role among good", refused: "efs_client_role_arns", set: map[string]any{"efs_client_role_arns": []string{testRoleArnPrefix + "efs-csi", "efs-csi"}}},
	// eks_cluster_name.
	{name: "cluster name empty", refused: "eks_cluster_name", set: map[string]any{"eks_cluster_name": ""}},
	{name: "cluster name leading hyphen", refused: "eks_cluster_name", set: map[string]any{"eks_cluster_name": "-kafka"}},
	{name: "cluster name with dot", refused: "eks_cluster_name", set: map[string]any{"eks_cluster_name": "kafka.prod"}},
	{name: "cluster name of 101 characters", refused: "eks_cluster_name", set: map[string]any{"eks_cluster_name": "k" + strings.Repeat("a", 100)}},
	{name: "cluster name given an ARN", refused: "eks_cluster_name", set: map[string]any{"eks_cluster_name": "arn:aws:eks:us-east-1:123456789012:cluster/kafka"}},
	{name: "duplicate roles", refused: "efs_client_role_arns", set: map[string]any{"efs_client_role_arns": []string{testRoleArnPrefix + "efs-csi", testRoleArnPrefix + "efs-csi"}}},

	// alarm_email_addresses and alarm_https_endpoints (stack only: no Config field).
	{name: "two e-mail addresses and an endpoint", set: map[string]any{
		"alarm_email_addresses": []string{"kafka-oncall@example.com", "ops+efs@team.example.co.uk"},
		"alarm_https_endpoints": []string{"https://events.pagerduty.com/integration/abc123/enqueue"},
	}},
	{name: "e-mail without domain", refused: "alarm_email_addresses", set: map[string]any{"alarm_email_addresses": []string{"oncall@example"}}},
	{name: "e-mail without @", refused: "alarm_email_addresses", set: map[string]any{"alarm_email_addresses": []string{"oncall.example.com"}}},
	{name: "e-mail with space", refused: "alarm_email_addresses", set: map[string]any{"alarm_email_addresses": []string{"on call@example.com"}}},
	{name: "e-mail twice", refused: "alarm_email_addresses", set: map[string]any{"alarm_email_addresses": []string{"a@example.com", "a@example.com"}}},
	{name: "http endpoint", refused: "alarm_https_endpoints", set: map[string]any{"alarm_https_endpoints": []string{"http://hooks.example.com/efs"}}},
	{name: "endpoint without host", refused: "alarm_https_endpoints", set: map[string]any{"alarm_https_endpoints": []string{"https:///efs"}}},
	{name: "endpoint twice", refused: "alarm_https_endpoints", set: map[string]any{"alarm_https_endpoints": []string{"https://h.example.com/a", "https://h.example.com/a"}}},
}

// values returns the value of every variable for the case.
func (c variableCase) values() map[string]any {
	v := baseVariableValues()
	maps.Copy(v, c.set)
	return v
}

// validationStackConfig is the prod stack's Config with literals in place of the inputs
// the stack fills from variables and from the resources it creates.
func validationStackConfig(t *testing.T) kafkaefs.Config {
	t.Helper()
	i := slices.IndexFunc(Environments(), func(e Environment) bool { return e.Stack == "prod" })
	require.GreaterOrEqual(t, i, 0, "no prod environment")
	cfg := Environments()[i].Config
	cfg.ProjectName = testSettings.ProjectName
	cfg.KmsKeyID = "arn:aws:kms:us-east-1:123456789012:key/0123abcd-4567-89ab-cdef-0123456789ab"
	cfg.AlarmActions = []string{"arn:aws:sns:us-east-1:123456789012:alerts"}
	return cfg
}

// TestVariableCasesCoverEveryVariable fails when the stack gains a variable that the
// cases do not set, or loses one that they do.
func TestVariableCasesCoverEveryVariable(t *testing.T) {
	vars := synthesized["prod"].block("variable")
	require.NotEmpty(t, vars, "prod stack has no variable block")
	assert.ElementsMatch(t, slices.Collect(maps.Keys(variableGoField)), slices.Collect(maps.Keys(vars)),
		"every stack variable needs a Config field in variableGoField and cases in variableCases")
	assert.ElementsMatch(t, slices.Collect(maps.Keys(variableGoField)), slices.Collect(maps.Keys(baseVariableValues())))
	refused := map[string]bool{}
	for _, c := range variableCases {
		refused[c.refused] = true
	}
	for name := range vars {
		assert.True(t, refused[name], "no case refuses %s", name)
	}
}

// TestConfigValidateMatchesVariableCases puts the case values, as literals, through
// Config.Validate: a case that the variables refuse must be refused on the matching Go
// field, and only on it; a valid case must pass.
func TestConfigValidateMatchesVariableCases(t *testing.T) {
	base := validationStackConfig(t)
	for _, c := range variableCases {
		t.Run(c.name, func(t *testing.T) {
			cfg := base
			for name, v := range c.values() {
				f, ok := variableGoField[name]
				require.True(t, ok, "unknown variable %s", name)
				if f.set == nil {
					require.NotEmpty(t, f.stackOnly, "variable %s fills no Config field: say why in stackOnly", name)
					continue
				}
				f.set(&cfg, v)
			}
			err := cfg.Validate()
			if c.refused == "" || c.stackRule != "" || variableGoField[c.refused].set == nil {
				assert.NoError(t, err, "Config.Validate refuses values that Terraform accepts")
				return
			}
			require.Error(t, err, "Config.Validate accepts values that Terraform must refuse (%s)", c.refused)
			want := variableGoField[c.refused].field
			for _, fe := range fieldErrors(t, err) {
				field, _, _ := strings.Cut(fe.Field, "[")
				assert.Equal(t, want, field, "error on another field: %v", fe)
			}
		})
	}
}

// fieldErrors unpacks Config.Validate's joined error.
func fieldErrors(t *testing.T, err error) []*kafkaefs.FieldError {
	t.Helper()
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	out := make([]*kafkaefs.FieldError, 0, len(errs))
	for _, e := range errs {
		var fe *kafkaefs.FieldError
		require.True(t, errors.As(e, &fe), "not a FieldError: %v", e)
		out = append(out, fe)
	}
	return out
}

// TestTerraformVariableValidation puts the prod stack's variable block, exactly as cdktf
// synthesized it, into a module of its own (no provider, so it inits and plans offline)
// and calls that module once per case with the case's values, all in one configuration:
// one terraform plan checks every call's input variables against their validation blocks
// and reports each failure on the module block of the call. Valid cases must draw no
// error; the others must be refused by the validation of the variable the case breaks,
// with its error message, and by no other.
func TestTerraformVariableValidation(t *testing.T) {
	tf := terraformBinary(t)
	vars := synthesized["prod"].block("variable")
	require.NotEmpty(t, vars, "prod stack has no variable block")

	messages := map[string]string{} // variable -> error_message
	outputs := map[string]any{}
	for name, v := range vars {
		validation, _ := v.(map[string]any)["validation"].([]any)
		require.Len(t, validation, 1, "variable %s", name)
		msg, _ := validation[0].(map[string]any)["error_message"].(string)
		require.NotEmpty(t, msg, "variable %s has no error_message", name)
		messages[name] = msg
		// An output per variable, so that each one is evaluated however Terraform prunes.
		outputs[name] = map[string]any{"value": "${var." + name + "}"}
	}

	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "vars"), 0o700))
	writeJSON(t, filepath.Join(dir, "vars", "main.tf.json"), map[string]any{"variable": vars, "output": outputs})
	root, caseLines := caseModules(t, "./vars", func(variableCase) bool { return true })
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf.json"), root, 0o600))
	cliConfig := filepath.Join(dir, "terraformrc")
	require.NoError(t, os.WriteFile(cliConfig, nil, 0o600))
	env := terraformEnv(cliConfig)

	start := time.Now()
	if out, code := runTerraform(t, tf, dir, env, "init", "-input=false", "-backend=false", "-no-color"); code != 0 {
		t.Fatalf("terraform init failed (exit %d):\n%s", code, out)
	}
	out, code := runTerraform(t, tf, dir, env, "plan", "-input=false", "-lock=false", "-refresh=false", "-json")
	t.Logf("terraform init and 1 plan of %d cases took %s", len(variableCases), time.Since(start).Round(time.Millisecond))

	diags := caseDiagnostics(t, out, messages, caseLines)
	assert.Empty(t, diags.other, "diagnostics that no case's module block carries:\n%s", out)
	// Some cases are refused, so the plan must fail; which ones is asserted case by case.
	assert.NotEqual(t, 0, code, "terraform plans although some cases must be refused:\n%s", out)

	// The shared plan fails on purpose, so it cannot show that a case passed. A second plan
	// of the valid cases alone must succeed: a positive verdict for each of them.
	t.Run("valid cases plan", func(t *testing.T) {
		validDir := filepath.Join(dir, "valid")
		require.NoError(t, os.Mkdir(validDir, 0o700))
		valid, lines := caseModules(t, "../vars", func(c variableCase) bool { return c.refused == "" })
		require.NotEmpty(t, lines)
		require.NoError(t, os.WriteFile(filepath.Join(validDir, "main.tf.json"), valid, 0o600))
		if out, code := runTerraform(t, tf, validDir, env, "init", "-input=false", "-backend=false", "-no-color"); code != 0 {
			t.Fatalf("terraform init failed (exit %d):\n%s", code, out)
		}
		out, code := runTerraform(t, tf, validDir, env, "plan", "-input=false", "-lock=false", "-refresh=false", "-no-color")
		assert.Equal(t, 0, code, "terraform refuses values of the valid cases:\n%s", out)
	})

	t.Run("plan", func(t *testing.T) {
		for i, c := range variableCases {
			t.Run(c.name, func(t *testing.T) {
				refused, other := diags.refused[i], diags.caseOther[i]
				slices.Sort(refused)
				assert.Empty(t, other, "diagnostics other than variable validation on module.%s", caseModule(i))
				if c.refused == "" {
					assert.Empty(t, refused, "terraform refuses valid values: validation failed")
					return
				}
				require.NotEmpty(t, refused, "terraform accepts values that Config.Validate refuses: %s's validation block lacks a rule of %s", c.refused, variableGoField[c.refused].field)
				assert.Equal(t, []string{c.refused}, refused,
					"want only %s's validation to fail, with %q", c.refused, messages[c.refused])
			})
		}
	})
}

// caseModule names the module call that holds variableCases[i].
func caseModule(i int) string { return fmt.Sprintf("case%02d", i) }

// caseModules returns the root configuration: a module block per case, calling source with
// the case's values, each block on a line of its own so that a diagnostic's line names its
// case. lines maps each case's line (1-based) to its index in variableCases.
func caseModules(t *testing.T, source string, keep func(variableCase) bool) (root []byte, lines map[int]int) {
	t.Helper()
	lines = map[int]int{}
	var b bytes.Buffer
	b.WriteString("{\"module\": {\n")
	for i, c := range variableCases {
		if !keep(c) {
			continue
		}
		args := map[string]any{"source": source}
		for name, v := range c.values() {
			args[name] = escapeTemplates(v)
		}
		block, err := json.Marshal(args) // one line: json.Marshal escapes newlines in strings
		require.NoError(t, err)
		if len(lines) > 0 {
			b.WriteString(",\n")
		}
		lines[len(lines)+2] = i
		fmt.Fprintf(&b, "%q: %s", caseModule(i), block)
	}
	b.WriteString("\n}}\n")
	require.Len(t, strings.Split(b.String(), "\n"), len(lines)+3, "a module block spans lines")
	return b.Bytes(), lines
}

// escapeTemplates escapes the template sequences of the strings in v: Terraform reads every
// string of a .tf.json file as a template, where a variables file holds plain strings.
func escapeTemplates(v any) any {
	switch v := v.(type) {
	case string:
		return strings.NewReplacer("${", "$${", "%{", "%%{").Replace(v)
	case []string:
		out := make([]string, len(v))
		for i, s := range v {
			out[i] = escapeTemplates(s).(string)
		}
		return out
	default:
		panic(fmt.Sprintf("no template escaping for %T", v))
	}
}

// terraformBinary returns the path of terraform, failing the test when it is missing unless
// KAFKA_EFS_SKIP_TERRAFORM=1 explicitly allows a skip.
func terraformBinary(t *testing.T) string {
	t.Helper()
	tf, err := exec.LookPath("terraform")
	if err == nil {
		return tf
	}
	if os.Getenv("KAFKA_EFS_SKIP_TERRAFORM") == "1" {
		t.Skip("SKIPPED, NOT PASSED: terraform is not on PATH and KAFKA_EFS_SKIP_TERRAFORM=1; the variables' validation blocks were not run")
	}
	t.Fatalf("terraform is not on PATH (%v): install Terraform >= 1.10 (see README) to run the variables' validation blocks, or set KAFKA_EFS_SKIP_TERRAFORM=1 to skip this test", err)
	return ""
}

// terraformEnv is the environment with every TF_* and CHECKPOINT_* variable of the caller
// removed (TF_CLI_ARGS, TF_VAR_*, TF_DATA_DIR, TF_WORKSPACE would change the run), no CLI
// configuration file, and no version check over the network.
func terraformEnv(cliConfig string) []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "TF_") || strings.HasPrefix(kv, "CHECKPOINT_")
	})
	return append(env,
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"CHECKPOINT_DISABLE=1",
	)
}

// runTerraform runs terraform in dir and returns its combined output and exit code.
func runTerraform(t *testing.T, tf, dir string, env []string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tf, args...)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return out.String(), cmd.ProcessState.ExitCode()
}

// planDiagnostics is the error diagnostics of a plan, by case.
type planDiagnostics struct {
	refused   map[int][]string // case -> variables whose validation failed (by error message)
	caseOther map[int][]string // case -> text of its other error diagnostics
	other     []string         // text of error diagnostics on no case's line, and non-JSON output
}

// caseDiagnostics reads the -json output of a plan. An error diagnostic belongs to the case
// whose module block its range starts on in main.tf.json (and, where it carries a snippet,
// whose module the snippet's context names).
func caseDiagnostics(t *testing.T, out string, messages map[string]string, caseLines map[int]int) planDiagnostics {
	t.Helper()
	d := planDiagnostics{refused: map[int][]string{}, caseOther: map[int][]string{}}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line struct {
			Type       string `json:"type"`
			Diagnostic struct {
				Severity, Summary, Detail string
				Range                     *struct {
					Filename string
					Start    struct{ Line int }
				}
				Snippet *struct{ Context *string }
			} `json:"diagnostic"`
		}
		if json.Unmarshal(sc.Bytes(), &line) != nil {
			d.other = append(d.other, sc.Text()) // not -json output: terraform failed early
			continue
		}
		diag := line.Diagnostic
		if line.Type != "diagnostic" || diag.Severity != "error" {
			continue
		}
		text := diag.Summary + ": " + diag.Detail
		i, ok := -1, false
		if r := diag.Range; r != nil && r.Filename == "main.tf.json" {
			i, ok = caseLines[r.Start.Line]
		}
		if ok && diag.Snippet != nil && diag.Snippet.Context != nil && *diag.Snippet.Context != "module."+caseModule(i) {
			ok = false
		}
		if !ok {
			d.other = append(d.other, text)
			continue
		}
		name := ""
		for v, msg := range messages {
			if diag.Summary == "Invalid value for variable" && (diag.Detail == msg || strings.HasPrefix(diag.Detail, msg+"\n")) {
				name = v
			}
		}
		if name == "" {
			d.caseOther[i] = append(d.caseOther[i], text)
			continue
		}
		d.refused[i] = append(d.refused[i], name)
	}
	require.NoError(t, sc.Err())
	return d
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, b, 0o600))
}
