package kafkaefs

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsaccesspoint"
	"github.com/kafka-efs/kafka-efs/efs"
)

// newAccessPoints adds the access points the Config asks for. Each one enforces the
// POSIX identity 1000:1000 on every request and creates its root directory owned by it.
func (k *KafkaEfs) newAccessPoints() {
	k.AccessPoints = map[string]efsaccesspoint.EfsAccessPoint{}
	for _, ap := range k.Config.EnabledAccessPoints() {
		k.AccessPoints[ap.Key] = efsaccesspoint.NewEfsAccessPoint(k.Construct, jsii.String("access-point-"+ap.Key), &efsaccesspoint.EfsAccessPointConfig{
			FileSystemId: k.FileSystem.Id(),
			PosixUser: &efsaccesspoint.EfsAccessPointPosixUser{
				Uid: jsii.Number(efs.PosixUID),
				Gid: jsii.Number(efs.PosixGID),
			},
			RootDirectory: &efsaccesspoint.EfsAccessPointRootDirectory{
				Path: jsii.String(ap.Path),
				CreationInfo: &efsaccesspoint.EfsAccessPointRootDirectoryCreationInfo{
					OwnerUid:    jsii.Number(efs.PosixUID),
					OwnerGid:    jsii.Number(efs.PosixGID),
					Permissions: jsii.String(efs.AccessPointPermissions),
				},
			},
			Tags: k.tags(k.Config.Name() + "-" + ap.Key),
		})
	}
}
