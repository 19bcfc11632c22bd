package stacks

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafka-efs/kafka-efs/constructs/kafkaefs"
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
	{name: "two roles", set: map[string]any{"efs_client_role_arns": []string{testRoleArnPrefix + "efs-csi", testRoleArnPrefix + "kafka"}}},

	// vpc_id.
	{name: "vpc bad prefix", refused: "vpc_id", set: map[string]any{"vpc_id": "vpx-0123456789abcdef0"}},
	{name: "vpc given a subnet ID", refused: "vpc_id", set: map[string]any{"vpc_id": "subnet-0123456789abcdef0"}},
	{name: "vpc upper-case hex", refused: "vpc_id", set: map[string]any{"vpc_id": "vpc-0123456789ABCDEF0"}},
	{name: "vpc letters beyond hex", refused: "vpc_id", set: map[string]any{"vpc_id": "vpc-0123456789abcdxyz"}},
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
	// The stack always names the cluster's node role (looked up, or a variable), so the
	// policy never admits any principal.
	cfg.NodeRoleArn = "arn:aws:iam::123456789012:role/kafka-prod-efs-csi-node"
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
			if c.refused == "" || variableGoField[c.refused].set == nil {
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

// TestVariablesTFTestIsGenerated fails when the committed variables file of the Terraform
// tier is not what variableCases generate: the cases are one table, in Go.
// UPDATE_TFTEST=true rewrites the file; read the diff and commit it.
func TestVariablesTFTestIsGenerated(t *testing.T) {
	path := filepath.Join(tftestDir, variablesTFTestDir, variablesTFTestFile)
	want := variablesTFTest(t)
	if os.Getenv("UPDATE_TFTEST") == "true" {
		require.NoError(t, os.WriteFile(path, want, 0o644))
		t.Logf("wrote %s", path)
		return
	}
	got, err := os.ReadFile(path)
	require.NoError(t, err, "regenerate with UPDATE_TFTEST=true go test ./stacks/ -run TestVariablesTFTestIsGenerated")
	require.Equal(t, string(want), string(got),
		"%s is not what variableCases generate: regenerate with UPDATE_TFTEST=true go test ./stacks/ -run TestVariablesTFTestIsGenerated, read the diff, commit it", path)
}

// variablesTFTest renders variableCases as a terraform test file: one plan per case, each
// refused case expecting its variable's validation to fail (and nothing else), each valid
// case planning without error. The file runs beside the stack's variable blocks alone
// (testVariables): Terraform evaluates the validations as synthesized, and a run costs a
// few milliseconds, so every case has a run of its own and a failure names its case.
func variablesTFTest(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString(`# GENERATED from variableCases in stacks/variables_test.go: do not edit. Regenerate with
#   UPDATE_TFTEST=true go test ./stacks/ -run TestVariablesTFTestIsGenerated
#
# Every deploy-time variable refuses bad input: a refused case expects exactly its
# variable's validation to fail, a valid case plans cleanly. The comment above each run
# names its case. Config.Validate agrees on the same cases
# (TestConfigValidateMatchesVariableCases). The tier runs this file beside the variable
# blocks of the ` + variablesTFTestStack + ` stack alone (no resource, no provider), as synthesized;
# it declares every variable and the other stacks declare theirs the same way
# (TestVariablesIdenticalInEveryStack).
`)
	b.WriteString("\nvariables {\n")
	writeHCLAttributes(&b, "  ", baseVariableValues())
	b.WriteString("}\n")
	runs := map[string]bool{}
	for _, c := range variableCases {
		verdict := "valid"
		if c.refused != "" {
			verdict = "refused"
		}
		name := verdict + "_" + strings.Trim(nonIdentifier.ReplaceAllString(strings.ToLower(c.name), "_"), "_")
		require.False(t, runs[name], "two cases make run %q: rename one", name)
		runs[name] = true
		fmt.Fprintf(&b, "\n# %s\nrun %q {\n  command = plan\n", c.name, name)
		if len(c.set) > 0 {
			b.WriteString("\n  variables {\n")
			writeHCLAttributes(&b, "    ", c.set)
			b.WriteString("  }\n")
		}
		if c.refused != "" {
			fmt.Fprintf(&b, "\n  expect_failures = [var.%s]\n", c.refused)
		}
		b.WriteString("}\n")
	}
	return b.Bytes()
}

var nonIdentifier = regexp.MustCompile(`[^a-z0-9]+`)

// writeHCLAttributes writes name = value lines, sorted by name, aligned like terraform fmt.
func writeHCLAttributes(b *bytes.Buffer, indent string, values map[string]any) {
	names := slices.Sorted(maps.Keys(values))
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	for _, n := range names {
		fmt.Fprintf(b, "%s%-*s = %s\n", indent, width, n, hclValue(values[n]))
	}
}

// hclValue renders a case value as an HCL literal: a quoted string with Terraform's
// escapes (and template sequences escaped, so a value is never read as one), or a list.
func hclValue(v any) string {
	switch v := v.(type) {
	case string:
		return `"` + hclLiteralEscaper.Replace(v) + `"`
	case bool:
		return strconv.FormatBool(v)
	case []string:
		quoted := make([]string, len(v))
		for i, s := range v {
			quoted[i] = hclValue(s)
		}
		return "[" + strings.Join(quoted, ", ") + "]"
	default:
		panic(fmt.Sprintf("no HCL rendering for %T", v))
	}
}

var hclLiteralEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`, "${", "$${", "%{", "%%{")
