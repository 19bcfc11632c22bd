// Package hclrender works around what cdktf 0.20.12's HCL renderer (cdktf synth --hcl)
// writes wrong, for the constructs and stacks of this module. The JSON rendering needs
// none of it.
package hclrender

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// Overrider is a resource or data source: anything whose synthesized block can be
// overridden.
type Overrider interface {
	AddOverride(path *string, value interface{})
}

// Lifecycle makes the HCL rendering of r write the preconditions and postconditions of
// its lifecycle l as blocks. cdktf's renderer writes them as attributes
// (`precondition = [...]`), which Terraform refuses ("An argument named "precondition" is
// not expected here"); it writes a value of the form {value, isBlock, type} as blocks, and
// merges overrides into what it reads. Nothing is added unless hcl says the app renders
// HCL, since the JSON rendering would write the override as it is.
func Lifecycle(hcl bool, r Overrider, l *cdktf.TerraformResourceLifecycle) {
	if !hcl || l == nil {
		return
	}
	value := map[string]any{}
	if b := blocks(l.Precondition, func(c *cdktf.Precondition) (any, *string) { return c.Condition, c.ErrorMessage }); b != nil {
		value["precondition"] = b
	}
	if b := blocks(l.Postcondition, func(c *cdktf.Postcondition) (any, *string) { return c.Condition, c.ErrorMessage }); b != nil {
		value["postcondition"] = b
	}
	if len(value) > 0 {
		r.AddOverride(jsii.String("lifecycle"), map[string]any{"value": value})
	}
}

// blocks returns conditions as the renderer's block list, or nil for none.
func blocks[T any](conditions *[]*T, fields func(*T) (condition any, message *string)) map[string]any {
	if conditions == nil || len(*conditions) == 0 {
		return nil
	}
	var list []map[string]any
	for _, c := range *conditions {
		condition, message := fields(c)
		list = append(list, map[string]any{"condition": condition, "error_message": message})
	}
	return map[string]any{"value": list, "isBlock": true, "type": "list", "storageClassType": "object"}
}
