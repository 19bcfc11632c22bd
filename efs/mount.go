package efs

import "strings"

// MountPoint is where MountCommand mounts the file system on a Linux host, and where the
// spec's test pod mounts its claim.
const MountPoint = "/mnt/efs"

// mountOptions returns the EFS CSI driver mount options of the StorageClass and the
// PersistentVolumes: iam when iam is true (IAMAuthorization), so that the driver's node
// mounts with its own IAM identity, the one the file system policy admits ("iam: Use
// the CSI Node Pod's IAM identity",
// https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/v3.4.1/docs/parameters.md).
//
// Never tls nor accesspoint=: the driver deprecates both in mountOptions and warns for
// each (pkg/driver/node.go at v3.4.1, NodePublishVolume): it encrypts in transit by
// default (volume attribute encryptInTransit, "true" unless set otherwise) and always
// with an access point, and the access point belongs in the volume handle (see
// volumeHandle).
func mountOptions(iam bool) []string {
	if iam {
		return []string{"iam"}
	}
	return nil
}

// hostMountOptions returns the options of MountCommand, where amazon-efs-utils needs tls
// spelled out: the file system policy denies connections without TLS
// (aws:SecureTransport = false), so a plain NFS mount would be refused.
func hostMountOptions(iam bool) []string {
	return append([]string{"tls"}, mountOptions(iam)...)
}

// MountCommand returns the shell command that mounts the whole file system (its root,
// "<fs-id>:/") at MountPoint on a Linux host with amazon-efs-utils installed, e.g.
//
//	sudo mkdir -p /mnt/efs && sudo mount -t efs -o tls,iam fs-0123456789abcdef0:/ /mnt/efs
//
// iam adds the iam option; pass Config.IAMAuthorization(). fileSystemID may
// be a cdktf token: it is copied into the command unchanged.
func MountCommand(fileSystemID string, iam bool) string {
	return "sudo mkdir -p " + MountPoint +
		" && sudo mount -t efs -o " + strings.Join(hostMountOptions(iam), ",") +
		" " + fileSystemID + ":/ " + MountPoint
}
