package kafkaefs

import (
	"encoding/json"
	"strings"

	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// The construct renders as Terraform JSON (cdktf synth) and as HCL (cdktf synth --hcl, the
// way out of cdktf). cdktf 0.20.12's HCL renderer (lib/hcl/render.js) escapes a literal
// string's quotes only when it holds no ${ (a JSON document holding a reference comes out
// with bare quotes), never escapes backslashes, writes a multi-line string inside an
// object as a quoted string over several lines, writes a multi-line value as a heredoc
// with backslashed quotes (kept literally there), and writes a lifecycle's preconditions
// as an attribute (precondition = [...]) where Terraform wants blocks. The helpers below
// hand such values to cdktf in a form both renderings write correctly and Terraform
// evaluates to the same value; docs/leaving-cdktf.md lists them and TestHCLRoute tests
// them.

// jsonencoded returns doc, a JSON document whose strings may hold tokens, as the Terraform
// expression jsonencode(<doc as an HCL value>). Both renderings write the expression as it
// is; Terraform evaluates it to doc with its object keys sorted and no insignificant
// space, a JSON-equivalent text. dashboard_body compares documents, not text: the
// provider stores it normalized and suppresses equivalent-JSON diffs
// (terraform-provider-aws internal/service/cloudwatch/dashboard.go: StateFunc
// structure.NormalizeJsonString, DiffSuppressFunc verify.SuppressEquivalentJSONDiffs), so a
// deployed dashboard plans no change. Numbers pass as float64 (JSON's and Terraform's).
func jsonencoded(doc string) (*string, error) {
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		return nil, err
	}
	return cdktf.Fn_Jsonencode(escapeLiterals(v)), nil
}

// escapeLiterals returns v with every string, object keys included, escaped by
// expressionLiteral.
func escapeLiterals(v any) any {
	switch v := v.(type) {
	case string:
		return expressionLiteral(v)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = escapeLiterals(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for key, e := range v {
			out[expressionLiteral(key)] = escapeLiterals(e)
		}
		return out
	}
	return v
}

// expressionLiteral escapes s for cdktf to write as a string literal inside a Terraform
// expression: cdktf (lib/tfExpression.js, escapeString) escapes newlines and ${ there
// but writes quotes, backslashes and %{ as they are, so the expression would end the
// literal early, start an escape or a directive. Tokens hold none of the three.
func expressionLiteral(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "%{", "%%{").Replace(s)
}

// joinedLines returns s, a string that may span lines and hold tokens, as the Terraform
// expression join("\n", [<its lines>]), which evaluates to s exactly (a trailing newline
// included). cdktf's HCL renderer writes a multi-line string inside an object as a quoted
// string over several lines, which Terraform refuses, and a multi-line output value as a
// heredoc with its quotes backslashed, which a heredoc keeps literally
// (storageClassName: \"\" in a manifest); both renderings write this expression as it is.
func joinedLines(s string) *string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = expressionLiteral(l)
	}
	return cdktf.Fn_Join(jsii.String("\n"), jsii.Strings(lines...))
}

// hclText returns value for an output: a string spanning lines becomes joinedLines when
// the app renders HCL, so the heredoc is never written; anything else, and every value in
// the JSON rendering, is returned as it is.
func hclText(hcl bool, value any) any {
	var s string
	switch v := value.(type) {
	case string:
		s = v
	case *string:
		if v == nil {
			return value
		}
		s = *v
	default:
		return value
	}
	if !hcl || !strings.Contains(s, "\n") {
		return value
	}
	return joinedLines(s)
}

// jsonDocument returns doc, a JSON document this package built whose strings may hold
// tokens (an event pattern naming the restore testing plan, a state machine definition),
// for a resource argument: as it is when the app writes JSON, and as jsonencoded under
// `cdktf synth --hcl`, whose renderer splits a JSON string holding a token into
// fragments that are no HCL. doc always parses (the package marshalled it), so an error
// here is a bug of this package.
func (k *KafkaEfs) jsonDocument(doc string) *string {
	if !k.hcl {
		return jsii.String(doc)
	}
	encoded, err := jsonencoded(doc)
	if err != nil {
		panic("kafkaefs: a JSON document of this package does not parse: " + err.Error())
	}
	return encoded
}
