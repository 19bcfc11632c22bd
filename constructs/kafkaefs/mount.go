package kafkaefs

import "strings"

// MountPoint is where MountCommand mounts the file system on a Linux host, and where the
// spec's test pod mounts its claim.
const MountPoint = "/mnt/efs"

// mountOptions returns the EFS mount options every client of the file system must use,
// on a host (MountCommand) as in Kubernetes (the StorageClass and PersistentVolumes):
//   - tls always: the file system policy denies connections without TLS
//     (aws:SecureTransport = false), so a plain NFS mount would be refused;
//   - iam when iam is true (Config.ClientRoleArns set): the policy then admits only the
//     listed roles, and the mount must authenticate with the client's IAM identity.
func mountOptions(iam bool) []string {
	if iam {
		return []string{"tls", "iam"}
	}
	return []string{"tls"}
}

// MountCommand returns the shell command that mounts the whole file system (its root,
// "<fs-id>:/") at MountPoint on a Linux host with amazon-efs-utils installed, e.g.
//
//	sudo mkdir -p /mnt/efs && sudo mount -t efs -o tls,iam fs-0123456789abcdef0:/ /mnt/efs
//
// iam adds the iam option; pass true when Config.ClientRoleArns is set. fileSystemID may
// be a cdktf token: it is copied into the command unchanged.
func MountCommand(fileSystemID string, iam bool) string {
	return "sudo mkdir -p " + MountPoint +
		" && sudo mount -t efs -o " + strings.Join(mountOptions(iam), ",") +
		" " + fileSystemID + ":/ " + MountPoint
}
