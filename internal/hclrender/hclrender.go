// Package hclrender works around what cdktf 0.20.12's HCL renderer (cdktf synth --hcl)
// writes wrong, for the constructs and stacks of this module. The JSON rendering needs
// none of it.
package hclrender

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// Condition is one lifecycle precondition or postcondition: its condition expression and
// its error message.
type Condition struct {
	// Condition is a *string or a token: cdktf types it interface{}.
	Condition    interface{}
	ErrorMessage *string
}

// Overrider is a resource or data source: anything whose synthesized block can be
// overridden.
type Overrider interface {
	AddOverride(path *string, value interface{})
}

// LifecycleConditions makes the HCL rendering of r write its lifecycle conditions of the
// kind block ("precondition" or "postcondition") as blocks. cdktf's renderer writes them as
// an attribute (`precondition = [...]`), which Terraform refuses ("An argument named
// "precondition" is not expected here"); it writes a value of the form {value, isBlock,
// type} as blocks, and merges overrides into what it reads. Nothing is added unless hcl
// says the app renders HCL, since the JSON rendering would write the override as it is.
func LifecycleConditions(hcl bool, r Overrider, block string, conditions []Condition) {
	if !hcl || len(conditions) == 0 {
		return
	}
	var blocks []map[string]any
	for _, c := range conditions {
		blocks = append(blocks, map[string]any{"condition": c.Condition, "error_message": c.ErrorMessage})
	}
	r.AddOverride(jsii.String("lifecycle"), map[string]any{
		"value": map[string]any{
			block: map[string]any{"value": blocks, "isBlock": true, "type": "list", "storageClassType": "object"},
		},
	})
}

// Preconditions returns cdktf preconditions as Conditions.
func Preconditions(p *[]*cdktf.Precondition) []Condition {
	if p == nil {
		return nil
	}
	var out []Condition
	for _, c := range *p {
		out = append(out, Condition{c.Condition, c.ErrorMessage})
	}
	return out
}

// Postconditions returns cdktf postconditions as Conditions.
func Postconditions(p *[]*cdktf.Postcondition) []Condition {
	if p == nil {
		return nil
	}
	var out []Condition
	for _, c := range *p {
		out = append(out, Condition{c.Condition, c.ErrorMessage})
	}
	return out
}
