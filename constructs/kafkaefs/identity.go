package kafkaefs

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsiampolicydocument"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawspartition"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsregion"

	"github.com/kafka-efs/kafka-efs/efs"
	"github.com/kafka-efs/kafka-efs/internal/policydoc"
)

// Who mounts: the EFS CSI driver's identities belong to the cluster that serves the file
// system (package efscsidriver, one stack per cluster), never to the file system, because
// EKS allows one Pod Identity association per service account and one add-on of a name
// per cluster. The file system's side of the grant is its policy (filesystem.go), which
// names the cluster's node role (Config.NodeRoleArn) and ClientRoleArns.

// iamDocument adds an aws_iam_policy_document of the statements (policydoc.New).
func (k *KafkaEfs) iamDocument(id string, statements []efs.Statement) dataawsiampolicydocument.DataAwsIamPolicyDocument {
	return policydoc.New(k.Construct, id, statements)
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
