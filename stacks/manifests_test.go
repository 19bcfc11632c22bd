package stacks

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	"sigs.k8s.io/yaml"
)

// reference matches a Terraform interpolation such as ${aws_efs_file_system.x.id}.
var reference = regexp.MustCompile(`\$\{([a-z_]+)\.[^.}]+\.([a-z_]+)\}`)

// sampleIDs stands in for what Terraform resolves at apply, by resource type.
var sampleIDs = map[string]string{
	"aws_efs_file_system":  "fs-0123456789abcdef0",
	"aws_efs_access_point": "fsap-0123456789abcdef0",
}

// resolve replaces each reference to an ID with a sample ID, as a reviewer would.
func resolve(t *testing.T, s string) string {
	t.Helper()
	return reference.ReplaceAllStringFunc(s, func(ref string) string {
		m := reference.FindStringSubmatch(ref)
		id, ok := sampleIDs[m[1]]
		require.True(t, ok && m[2] == "id", "unexpected reference %s", ref)
		return id
	})
}

// decodeStrict decodes one YAML document into obj, failing on any unknown field, as
// kubectl apply's server-side validation would.
func decodeStrict(t *testing.T, doc string, obj any) {
	t.Helper()
	j, err := yaml.YAMLToJSONStrict([]byte(doc))
	require.NoError(t, err)
	dec := json.NewDecoder(bytes.NewReader(j))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(obj))
}

// TestManifestOutputsDecodeOnceResolved takes the prod stack's manifest outputs as
// synthesized, checks they refer to the file system and access points, resolves the
// references to sample IDs and decodes every object strictly into the Kubernetes types.
func TestManifestOutputsDecodeOnceResolved(t *testing.T) {
	s := synthesized["prod"]
	outputs := s.block("output")
	value := func(name string) string { return outputs[name].(map[string]any)["value"].(string) }
	fsRef := ref("aws_efs_file_system", nameOf(t, s, "aws_efs_file_system"), "id")

	sc := value("kubernetes_storage_class")
	assert.Contains(t, sc, "fileSystemId: "+fsRef)
	var class storagev1.StorageClass
	decodeStrict(t, resolve(t, sc), &class)
	assert.Equal(t, "confluent-kafka-prod-efs-sc", class.Name)
	assert.Equal(t, "efs.csi.aws.com", class.Provisioner)
	assert.Equal(t, "efs-ap", class.Parameters["provisioningMode"])
	assert.Equal(t, "fs-0123456789abcdef0", class.Parameters["fileSystemId"])
	assert.Equal(t, "1000", class.Parameters["uid"])
	assert.Equal(t, "1000", class.Parameters["gid"])

	accessPoints := s.resources("aws_efs_access_point")
	for output, claim := range map[string]string{
		"kubernetes_pv_kafka_backups": "confluent-kafka-prod-kafka-backups-pvc",
		"kubernetes_pv_kafka_connect": "confluent-kafka-prod-kafka-connect-pvc",
		"kubernetes_pv_shared_logs":   "confluent-kafka-prod-shared-logs-pvc",
	} {
		t.Run(output, func(t *testing.T) {
			text := value(output)
			// The handle names this stack's file system and one of its access points.
			handle := regexp.MustCompile(`volumeHandle: (\S+)::(\S+)`).FindStringSubmatch(text)
			require.NotNil(t, handle)
			assert.Equal(t, fsRef, handle[1])
			apName := strings.TrimSuffix(strings.TrimPrefix(handle[2], "${aws_efs_access_point."), ".id}")
			require.Contains(t, accessPoints, apName)

			docs := strings.Split(resolve(t, text), "---\n")
			require.Len(t, docs, 2)
			var pv corev1.PersistentVolume
			var pvc corev1.PersistentVolumeClaim
			decodeStrict(t, docs[0], &pv)
			decodeStrict(t, docs[1], &pvc)
			assert.Equal(t, "PersistentVolume", pv.Kind)
			assert.Equal(t, "fs-0123456789abcdef0::fsap-0123456789abcdef0", pv.Spec.CSI.VolumeHandle)
			assert.Equal(t, []corev1.PersistentVolumeAccessMode{corev1.ReadWriteMany}, pv.Spec.AccessModes)
			assert.Equal(t, corev1.PersistentVolumeReclaimRetain, pv.Spec.PersistentVolumeReclaimPolicy)
			assert.Equal(t, "PersistentVolumeClaim", pvc.Kind)
			assert.Equal(t, claim, pvc.Name)
			assert.Equal(t, "kafka", pvc.Namespace)
			assert.Equal(t, pv.Name, pvc.Spec.VolumeName)
			assert.Equal(t, claim, pv.Spec.ClaimRef.Name)
		})
	}
}
