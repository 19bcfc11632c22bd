package efs

import "testing"

// TestMountCommand checks the exact host command: tls always (the file system policy
// refuses plain NFS), iam only when asked, the file system root mounted at MountPoint,
// and a cdktf token ID copied through unchanged.
func TestMountCommand(t *testing.T) {
	tests := []struct {
		name string
		fsID string
		iam  bool
		want string
	}{
		{"tls", "fs-0123456789abcdef0", false,
			"sudo mkdir -p /mnt/efs && sudo mount -t efs -o tls fs-0123456789abcdef0:/ /mnt/efs"},
		{"tls+iam", "fs-0123456789abcdef0", true,
			"sudo mkdir -p /mnt/efs && sudo mount -t efs -o tls,iam fs-0123456789abcdef0:/ /mnt/efs"},
		{"token", "${TfToken[TOKEN.12]}", true,
			"sudo mkdir -p /mnt/efs && sudo mount -t efs -o tls,iam ${TfToken[TOKEN.12]}:/ /mnt/efs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MountCommand(tt.fsID, tt.iam); got != tt.want {
				t.Errorf("MountCommand(%q, %v) =\n%s\nwant\n%s", tt.fsID, tt.iam, got, tt.want)
			}
		})
	}
}
