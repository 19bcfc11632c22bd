// Package tfjson reads synthesized cdktf stacks for tests: a stack's Terraform JSON
// decoded generically, its blocks by kind and type, references as cdktf writes them, IAM
// policy documents by statement, and Kubernetes manifests decoded strictly. The test
// packages that synthesize (stacks, and constructs/kafkaefs's external tests) share it;
// it never starts the jsii kernel itself except through Synth.
package tfjson

import (
	"bytes"
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"
)

// Doc is a synthesized stack, decoded generically.
type Doc map[string]any

// Synth synthesizes one stack and returns its JSON, as text and decoded. jsii reports
// errors as panics; so does Synth.
func Synth(stack cdktf.TerraformStack) (string, Doc) {
	raw := *cdktf.Testing_Synth(stack, jsii.Bool(false))
	var parsed Doc
	if err := json.Unmarshal([]byte(raw), &parsed); err != nil {
		panic(err)
	}
	return raw, parsed
}

// Block returns the object at path (e.g. "resource", "aws_efs_file_system"), or nil.
func (s Doc) Block(path ...string) map[string]any {
	var cur any = map[string]any(s)
	for _, p := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[p]
	}
	m, _ := cur.(map[string]any)
	return m
}

// Objects returns the blocks of one kind ("resource" or "data") and type, by logical name.
func (s Doc) Objects(kind, typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for name, r := range s.Block(kind, typ) {
		out[name] = r.(map[string]any)
	}
	return out
}

// Resources returns the resources of one type, by logical name.
func (s Doc) Resources(typ string) map[string]map[string]any {
	return s.Objects("resource", typ)
}

// Output returns the value of a Terraform output, failing the test if it is missing.
func (s Doc) Output(t *testing.T, name string) any {
	t.Helper()
	o, ok := s.Block("output")[name].(map[string]any)
	if !ok {
		t.Fatalf("output %s missing", name)
	}
	return o["value"]
}

// Only returns the single resource of a type, failing the test unless there is exactly one.
func (s Doc) Only(t *testing.T, typ string) map[string]any {
	t.Helper()
	rs := s.Resources(typ)
	if len(rs) != 1 {
		t.Fatalf("%d %s resources, want 1", len(rs), typ)
	}
	for _, r := range rs {
		return r
	}
	return nil
}

// Ref is the Terraform expression cdktf writes for a reference to an attribute.
func Ref(typ, name, attr string) string { return "${" + typ + "." + name + "." + attr + "}" }

// NameOf returns the logical name of the only resource of a type.
func NameOf(t *testing.T, s Doc, typ string) string {
	t.Helper()
	rs := s.Resources(typ)
	if len(rs) != 1 {
		t.Fatalf("%d %s resources, want 1", len(rs), typ)
	}
	for n := range rs {
		return n
	}
	return ""
}

// ResourceNamed returns the resource of a type with a logical name ending in the
// construct-path suffix, e.g. "backup-vault" for "kafka-efs_backup-vault_2F7A9756".
func ResourceNamed(t *testing.T, s Doc, typ, id string) (string, map[string]any) {
	t.Helper()
	re := regexp.MustCompile(`^(?:kafka-efs_)?` + regexp.QuoteMeta(id) + `(?:_[0-9A-F]{8})?$`)
	var found []string
	for name := range s.Resources(typ) {
		if re.MatchString(name) {
			found = append(found, name)
		}
	}
	require.Len(t, found, 1, "%s %s among %v", typ, id, slices.Collect(maps.Keys(s.Resources(typ))))
	return found[0], s.Resources(typ)[found[0]]
}

// Statements returns the statements of the policy document data source named name, by Sid.
func Statements(t *testing.T, s Doc, name string) map[string]map[string]any {
	t.Helper()
	doc, ok := s.Block("data", "aws_iam_policy_document")[name].(map[string]any)
	require.True(t, ok, "policy document %s", name)
	out := map[string]map[string]any{}
	for _, st := range doc["statement"].([]any) {
		m := st.(map[string]any)
		out[m["sid"].(string)] = m
	}
	return out
}

// PolicyDocumentOf returns the name of the policy document a resource's policy refers to.
func PolicyDocumentOf(t *testing.T, r map[string]any) string {
	t.Helper()
	p := r["policy"].(string)
	name := strings.TrimSuffix(strings.TrimPrefix(p, "${data.aws_iam_policy_document."), ".json}")
	require.NotEqual(t, p, name, "policy %q is not a policy document reference", p)
	return name
}

// Strings converts strings to the []any a decoded JSON list is.
func Strings(s ...string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// DecodeStrict decodes one YAML document into obj, failing on any unknown field, as
// kubectl apply's server-side validation would.
func DecodeStrict(t *testing.T, doc string, obj any) {
	t.Helper()
	j, err := yaml.YAMLToJSONStrict([]byte(doc))
	require.NoError(t, err)
	dec := json.NewDecoder(bytes.NewReader(j))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(obj))
}
