package hclrender

import (
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder is an Overrider that keeps what it was given.
type recorder struct {
	paths  []string
	values []any
}

func (r *recorder) AddOverride(path *string, value any) {
	r.paths = append(r.paths, *path)
	r.values = append(r.values, value)
}

// TestLifecycle: in HCL, the conditions become block lists the renderer writes as
// `precondition { ... }` and `postcondition { ... }` blocks; in JSON, and without
// conditions, nothing is added.
func TestLifecycle(t *testing.T) {
	pre := &cdktf.Precondition{Condition: jsii.String("${length(var.x) > 1}"), ErrorMessage: jsii.String("two at least")}
	post := &cdktf.Postcondition{Condition: jsii.String("${length(self.arns) == 1}"), ErrorMessage: jsii.String("deploy the cluster stack first")}
	l := &cdktf.TerraformResourceLifecycle{Precondition: &[]*cdktf.Precondition{pre}, Postcondition: &[]*cdktf.Postcondition{post}}

	var json recorder
	Lifecycle(false, &json, l)
	assert.Empty(t, json.paths, "the JSON rendering writes the conditions right: no override")
	var empty recorder
	Lifecycle(true, &empty, &cdktf.TerraformResourceLifecycle{PreventDestroy: jsii.Bool(true)})
	Lifecycle(true, &empty, nil)
	assert.Empty(t, empty.paths, "no condition, no override")

	var hcl recorder
	Lifecycle(true, &hcl, l)
	require.Equal(t, []string{"lifecycle"}, hcl.paths)
	value := hcl.values[0].(map[string]any)["value"].(map[string]any)
	for kind, want := range map[string]map[string]any{
		"precondition":  {"condition": pre.Condition, "error_message": pre.ErrorMessage},
		"postcondition": {"condition": post.Condition, "error_message": post.ErrorMessage},
	} {
		block := value[kind].(map[string]any)
		assert.Equal(t, true, block["isBlock"], "%s written as blocks, not as an attribute", kind)
		assert.Equal(t, "list", block["type"], kind)
		assert.Equal(t, []map[string]any{want}, block["value"], kind)
	}
}
