package efs

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"
)

// decodeGeneric decodes a YAML document into nested maps, to pin field paths as the
// operators' CRDs name them, independently of the Go types that rendered them.
func decodeGeneric(t *testing.T, doc string) map[string]any {
	t.Helper()
	j, err := yaml.YAMLToJSONStrict([]byte(doc))
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(j, &m))
	return m
}

// decodeFragment decodes a fragment strictly into its Go type: every field must be one
// the type declares.
func decodeFragment[T any](t *testing.T, doc string) T {
	t.Helper()
	j, err := yaml.YAMLToJSONStrict([]byte(doc))
	require.NoError(t, err)
	dec := json.NewDecoder(bytes.NewReader(j))
	dec.DisallowUnknownFields()
	var obj T
	require.NoError(t, dec.Decode(&obj))
	return obj
}

// path returns the value at a dotted path of nested maps; "[0]" steps into a list.
func path(t *testing.T, m any, keys ...any) any {
	t.Helper()
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			obj, ok := m.(map[string]any)
			require.True(t, ok, "not an object at %q: %v", k, m)
			m, ok = obj[k]
			require.True(t, ok, "no field %q in %v", k, obj)
		case int:
			list, ok := m.([]any)
			require.True(t, ok && k < len(list), "no element %d in %v", k, m)
			m = list[k]
		}
	}
	return m
}

// checkFragmentHead checks a fragment's header comment (operator version, API, source
// of the fields), its type and its metadata (namespace "kafka-test", k8sTest's), and returns its
// spec as decoded maps.
func checkFragmentHead(t *testing.T, out, operator, apiVersion, kind, source, name string) map[string]any {
	t.Helper()
	assert.True(t, strings.HasPrefix(out, "# "+operator+" "+kind+" ("+apiVersion+") fragment"), out)
	assert.Contains(t, out, "# Fields: "+source)
	m := decodeGeneric(t, out)
	assert.Equal(t, apiVersion, m["apiVersion"])
	assert.Equal(t, kind, m["kind"])
	assert.Equal(t, map[string]any{"name": name, "namespace": "kafka-test"}, m["metadata"])
	return path(t, m, "spec").(map[string]any)
}

// TestConfluentConnectFragment pins the CFK Connect fragment by the CRD's field paths:
// the plugins claim as spec.mountedVolumes.volumes[0], mounted read-only by
// spec.mountedVolumes.volumeMounts[0], and plugin.path in spec.configOverrides.server
// keeping CFK's folders and adding the mount.
func TestConfluentConnectFragment(t *testing.T) {
	ap := accessPoints[1]
	require.Equal(t, "kafka_connect", ap.Key)
	out, err := k8sTest.ConfluentConnectFragment(ap)
	require.NoError(t, err)

	spec := checkFragmentHead(t, out, "Confluent for Kubernetes 3.2", "platform.confluent.io/v1beta1", "Connect",
		"https://github.com/confluentinc/confluent-kubernetes-examples/blob/", "connect")
	assert.Len(t, spec, 2, "spec holds configOverrides and mountedVolumes only")
	assert.Equal(t, []any{"plugin.path=/usr/share/java,/usr/share/confluent-hub-components,/mnt/plugins,/mnt/kafka-connect-plugins"},
		path(t, spec, "configOverrides", "server"))
	// Every folder CFK loads from stays: its image's two and /mnt/plugins, where it
	// installs build.onDemand connectors; merging the fragment must hide none of them.
	pluginPath := strings.Split(strings.TrimPrefix(path(t, spec, "configOverrides", "server", 0).(string), "plugin.path="), ",")
	for _, dir := range []string{"/usr/share/java", "/usr/share/confluent-hub-components", "/mnt/plugins", "/mnt/kafka-connect-plugins"} {
		assert.Contains(t, pluginPath, dir, "plugin.path")
	}
	assert.Len(t, path(t, spec, "configOverrides"), 1, "server overrides only")
	assert.Equal(t, map[string]any{"name": "kafka-connect", "persistentVolumeClaim": map[string]any{"claimName": k8sTest.ClaimName(ap.Key)}},
		path(t, spec, "mountedVolumes", "volumes", 0))
	assert.Len(t, path(t, spec, "mountedVolumes", "volumes"), 1)
	assert.Equal(t, map[string]any{"name": "kafka-connect", "mountPath": "/mnt/kafka-connect-plugins", "readOnly": true},
		path(t, spec, "mountedVolumes", "volumeMounts", 0))
	assert.Len(t, path(t, spec, "mountedVolumes", "volumeMounts"), 1)

	c := decodeFragment[ConfluentConnect](t, out)
	assert.Equal(t, c.Spec.MountedVolumes.Volumes[0].Name, c.Spec.MountedVolumes.VolumeMounts[0].Name, "the mount names the volume")
}

// TestStrimziKafkaConnectFragment pins the Strimzi fragment by the CRD's field paths for
// each set of access points it can mount, and the operator's two rules: every mount
// path under /mnt, and no plugin.path (nor spec.config at all).
func TestStrimziKafkaConnectFragment(t *testing.T) {
	backups, sharedLogs := accessPoints[0], accessPoints[2]
	require.Equal(t, []string{"kafka_backups", "shared_logs"}, []string{backups.Key, sharedLogs.Key})
	for name, aps := range map[string][]AccessPoint{
		"both": {backups, sharedLogs}, "backups": {backups}, "shared-logs": {sharedLogs},
	} {
		t.Run(name, func(t *testing.T) {
			out, err := k8sTest.StrimziKafkaConnectFragment(aps)
			require.NoError(t, err)
			assert.NotContains(t, out, "plugin.path")
			spec := checkFragmentHead(t, out, "Strimzi 1.2.0", "kafka.strimzi.io/v1", "KafkaConnect",
				"https://github.com/strimzi/strimzi-kafka-operator/blob/1.2.0/", "my-connect-cluster")
			assert.Equal(t, []string{"template"}, slices.Sorted(maps.Keys(spec)), "spec holds template only: no config, no plugin.path")
			template := path(t, spec, "template").(map[string]any)
			assert.Equal(t, []string{"connectContainer", "pod"}, slices.Sorted(maps.Keys(template)))
			volumes := path(t, template, "pod", "volumes").([]any)
			mounts := path(t, template, "connectContainer", "volumeMounts").([]any)
			require.Len(t, volumes, len(aps))
			require.Len(t, mounts, len(aps))
			for i, ap := range aps {
				component := strings.ReplaceAll(ap.Key, "_", "-")
				assert.Equal(t, map[string]any{"name": component, "persistentVolumeClaim": map[string]any{"claimName": k8sTest.ClaimName(ap.Key)}}, volumes[i])
				assert.Equal(t, map[string]any{"name": component, "mountPath": "/mnt" + ap.Path}, mounts[i])
				mountPath := mounts[i].(map[string]any)["mountPath"].(string)
				assert.True(t, strings.HasPrefix(mountPath, "/mnt/"), "Strimzi mounts only under /mnt: %s", mountPath)
			}

			c := decodeFragment[StrimziKafkaConnect](t, out)
			assert.Len(t, c.Spec.Template.Pod.Volumes, len(aps))
		})
	}
}

// TestStrimziKafkaConnectFragmentNeedsAnAccessPoint: an empty fragment would mount nothing.
func TestStrimziKafkaConnectFragmentNeedsAnAccessPoint(t *testing.T) {
	_, err := k8sTest.StrimziKafkaConnectFragment(nil)
	assert.ErrorContains(t, err, "no access point")
}

// TestOperatorAccessPoints checks which claims each operator gets: CFK the plugins
// (only when the stack creates them), Strimzi the backups and the shared logs, never
// the plugins (it cannot load them from a volume).
func TestOperatorAccessPoints(t *testing.T) {
	ap, ok := ConfluentPluginsAccessPoint(accessPoints)
	assert.True(t, ok)
	assert.Equal(t, "/kafka-connect-plugins", ap.Path)
	_, ok = ConfluentPluginsAccessPoint([]AccessPoint{accessPoints[0], accessPoints[2]})
	assert.False(t, ok, "no plugins access point, no CFK fragment")

	var paths []string
	for _, ap := range StrimziAccessPoints(accessPoints) {
		paths = append(paths, ap.Path)
	}
	assert.Equal(t, []string{"/kafka-backups", "/shared-logs"}, paths)
	assert.Empty(t, StrimziAccessPoints([]AccessPoint{accessPoints[1]}), "plugins only, no Strimzi fragment")
}

// TestFragmentsDecodeStrictlyRejectsUnknownField proves the strict fragment decoding
// catches a field its type does not declare, such as spec.config on Strimzi.
func TestFragmentsDecodeStrictlyRejectsUnknownField(t *testing.T) {
	out, err := k8sTest.StrimziKafkaConnectFragment(StrimziAccessPoints(accessPoints))
	require.NoError(t, err)
	tampered := strings.Replace(out, "\nspec:\n", "\nspec:\n  config:\n    plugin.path: /mnt/kafka-backups\n", 1)
	require.NotEqual(t, out, tampered)
	j, err := yaml.YAMLToJSON([]byte(tampered))
	require.NoError(t, err)
	dec := json.NewDecoder(bytes.NewReader(j))
	dec.DisallowUnknownFields()
	var c StrimziKafkaConnect
	assert.ErrorContains(t, dec.Decode(&c), "config")
}

// k8sTest is the Config whose names the manifest tests expect: every Kubernetes name
// carries its Name(), and its claims live in namespace kafka-test.
var k8sTest = Config{ProjectName: "acme", Environment: "test", KubernetesNamespaceName: "kafka-test"}

// TestWorkloadNamesPerFileSystem pins the names the Job and the fragments use: the
// claims of VolumeManifest and a Job name, each carrying the file system's Name(), so
// that two file systems' workloads apply side by side in one namespace.
func TestWorkloadNamesPerFileSystem(t *testing.T) {
	assert.Equal(t, "acme-test-efs-smoke-test", k8sTest.SmokeTestJobName())
	assert.Equal(t, "acme-test-kafka-connect-pvc", k8sTest.ClaimName("kafka_connect"))
	out, err := k8sTest.ConfluentConnectFragment(accessPoints[1])
	require.NoError(t, err)
	assert.Contains(t, out, "claimName: acme-test-kafka-connect-pvc")
	other := k8sTest
	other.Environment = "other"
	assert.NotEqual(t, k8sTest.SmokeTestJobName(), other.SmokeTestJobName())
}
