package hclrender

import (
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder is an Overrider that keeps what it was given.
type recorder struct {
	paths  []string
	values []interface{}
}

func (r *recorder) AddOverride(path *string, value interface{}) {
	r.paths = append(r.paths, *path)
	r.values = append(r.values, value)
}

// TestLifecycleConditions: in HCL, the conditions become a block list the renderer writes
// as `postcondition { ... }` blocks; in JSON, and without conditions, nothing is added.
func TestLifecycleConditions(t *testing.T) {
	conds := []Condition{{Condition: jsii.String("${length(self.arns) == 1}"), ErrorMessage: jsii.String("deploy the cluster stack first")}}

	var json recorder
	LifecycleConditions(false, &json, "postcondition", conds)
	assert.Empty(t, json.paths, "the JSON rendering writes the conditions right: no override")
	var empty recorder
	LifecycleConditions(true, &empty, "postcondition", nil)
	assert.Empty(t, empty.paths)

	var hcl recorder
	LifecycleConditions(true, &hcl, "postcondition", conds)
	require.Equal(t, []string{"lifecycle"}, hcl.paths)
	block := hcl.values[0].(map[string]any)["value"].(map[string]any)["postcondition"].(map[string]any)
	assert.Equal(t, true, block["isBlock"], "written as blocks, not as an attribute")
	assert.Equal(t, "list", block["type"])
	assert.Equal(t, []map[string]any{{"condition": conds[0].Condition, "error_message": conds[0].ErrorMessage}}, block["value"])
}
