package kafkaefs

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestExpressionLiteral: the three characters cdktf leaves unescaped inside an expression
// are escaped as HCL reads them; tokens, newlines and ${ (cdktf's own) are left alone.
func TestExpressionLiteral(t *testing.T) {
	for in, want := range map[string]string{
		`directoryPerms: "700"`:      `directoryPerms: \"700\"`,
		`storageClassName: ""`:       `storageClassName: \"\"`,
		`C:\path`:                    `C:\\path`,
		`%{if x}`:                    `%%{if x}`,
		"a\nb":                       "a\nb",
		"${TfToken[TOKEN.1]}":        "${TfToken[TOKEN.1]}",
		`Storage: 30 GB x $0.30`:     `Storage: 30 GB x $0.30`,
		`"quoted" \ and %{ together`: `\"quoted\" \\ and %%{ together`,
	} {
		assert.Equal(t, want, expressionLiteral(in), in)
	}
}

// TestEscapeLiterals walks a decoded JSON document: every string and object key is
// escaped, numbers, booleans and nulls pass as they are.
func TestEscapeLiterals(t *testing.T) {
	in := map[string]any{
		`a"b`: []any{`say "hi"`, 1.5, true, nil, map[string]any{"k": `%{x}`}},
	}
	want := map[string]any{
		`a\"b`: []any{`say \"hi\"`, 1.5, true, nil, map[string]any{"k": `%%{x}`}},
	}
	assert.Equal(t, want, escapeLiterals(in))
}
