package kafkaefs

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsiampolicydocument"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawspartition"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsregion"
	"github.com/kafka-efs/kafka-efs/efs"
)

// Who mounts: the EFS CSI driver's identities belong to the cluster that serves the file
// system (package efscsidriver, one stack per cluster), never to the file system, because
// EKS allows one Pod Identity association per service account and one add-on of a name
// per cluster. The file system's side of the grant is its policy (filesystem.go), which
// names the cluster's node role (Config.NodeRoleArn) and ClientRoleArns.

// iamDocument adds an aws_iam_policy_document of the statements: the one place where
// efs's plain statements become provider types.
func (k *KafkaEfs) iamDocument(id string, statements []efs.Statement) dataawsiampolicydocument.DataAwsIamPolicyDocument {
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
	return dataawsiampolicydocument.NewDataAwsIamPolicyDocument(k.Construct, jsii.String(id),
		&dataawsiampolicydocument.DataAwsIamPolicyDocumentConfig{Statement: &st})
}

// partition returns the construct's aws_partition data source, created on first use.
func (k *KafkaEfs) partition() dataawspartition.DataAwsPartition {
	if k.partitionData == nil {
		k.partitionData = dataawspartition.NewDataAwsPartition(k.Construct, jsii.String("partition"), nil)
	}
	return k.partitionData
}

// region returns the construct's aws_region data source, created on first use.
func (k *KafkaEfs) region() dataawsregion.DataAwsRegion {
	if k.regionData == nil {
		k.regionData = dataawsregion.NewDataAwsRegion(k.Construct, jsii.String("region"), nil)
	}
	return k.regionData
}
