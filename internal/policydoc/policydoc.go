// Package policydoc turns IAM statements kept as plain data (efs.Statement) into an
// aws_iam_policy_document: the one place where both constructs' policies become
// provider types, so the statements themselves are built and tested without jsii.
package policydoc

import (
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsiampolicydocument"

	"github.com/kafka-efs/kafka-efs/efs"
)

// New adds, under scope, an aws_iam_policy_document named id holding the statements, in
// order. Empty Resources, Principals and Conditions leave their element out.
func New(scope constructs.Construct, id string, statements []efs.Statement) dataawsiampolicydocument.DataAwsIamPolicyDocument {
	st := make([]*dataawsiampolicydocument.DataAwsIamPolicyDocumentStatement, len(statements))
	for i, s := range statements {
		out := &dataawsiampolicydocument.DataAwsIamPolicyDocumentStatement{
			Sid: jsii.String(s.Sid), Effect: jsii.String(s.Effect), Actions: jsii.Strings(s.Actions...),
		}
		if len(s.Resources) > 0 {
			out.Resources = jsii.Strings(s.Resources...)
		}
		if len(s.Principals) > 0 {
			out.Principals = &[]*dataawsiampolicydocument.DataAwsIamPolicyDocumentStatementPrincipals{{
				Type: jsii.String(s.PrincipalType), Identifiers: jsii.Strings(s.Principals...),
			}}
		}
		if len(s.Conditions) > 0 {
			conds := make([]*dataawsiampolicydocument.DataAwsIamPolicyDocumentStatementCondition, len(s.Conditions))
			for j, c := range s.Conditions {
				conds[j] = &dataawsiampolicydocument.DataAwsIamPolicyDocumentStatementCondition{
					Test: jsii.String(c.Test), Variable: jsii.String(c.Variable), Values: jsii.Strings(c.Values...),
				}
			}
			out.Condition = &conds
		}
		st[i] = out
	}
	return dataawsiampolicydocument.NewDataAwsIamPolicyDocument(scope, jsii.String(id),
		&dataawsiampolicydocument.DataAwsIamPolicyDocumentConfig{Statement: &st})
}
