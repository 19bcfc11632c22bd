package efs

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	"sigs.k8s.io/yaml"
)

// TestStorageClassReclaimPolicy: the StorageClass retains by default and deletes only
// with StorageClassReclaimDelete; the static volumes retain either way.
func TestStorageClassReclaimPolicy(t *testing.T) {
	for _, tc := range []struct {
		del  bool
		want corev1.PersistentVolumeReclaimPolicy
	}{{false, corev1.PersistentVolumeReclaimRetain}, {true, corev1.PersistentVolumeReclaimDelete}} {
		c := manifestConfig
		c.StorageClassReclaimDelete = tc.del
		out, err := c.StorageClassManifest(testFileSystemID, true)
		if err != nil {
			t.Fatal(err)
		}
		var sc storagev1.StorageClass
		if err := yaml.UnmarshalStrict([]byte(out), &sc); err != nil {
			t.Fatal(err)
		}
		if sc.ReclaimPolicy == nil || *sc.ReclaimPolicy != tc.want {
			t.Errorf("StorageClassReclaimDelete %v: reclaimPolicy = %v, want %s", tc.del, sc.ReclaimPolicy, tc.want)
		}
		if got := c.storageClassReclaimPolicy(); got == c.storageClassReclaimPolicy() {
			t.Error("each call must return its own pointer: the manifest must not share a mutable value")
		}
	}
	if retainPolicy != corev1.PersistentVolumeReclaimRetain {
		t.Errorf("the static volumes' policy is %s, want Retain", retainPolicy)
	}
}
