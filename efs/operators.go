package efs

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// The Kafka Connect wiring: fragments of the two common operators' Connect resources that
// mount the stack's claims. A fragment holds only the fields that mount; the user merges
// it into their own resource (the lists are appended to theirs). The Go types below
// declare only those fields, with the JSON names of the operators' CRDs.
//
// Which operator loads plugins from the file system:
//   - Confluent for Kubernetes can: plugin.path is an ordinary worker property, set through
//     spec.configOverrides.server, so a mounted folder of plugins shared by every worker
//     works.
//   - Strimzi cannot: it refuses plugin.path in spec.config and writes
//     plugin.path=/opt/kafka/plugins itself; plugins come from spec.build (built into a
//     new image), spec.plugins (Strimzi 0.47 and later: OCI images of type "image"
//     mounted as Kubernetes image volumes; "Support for Kubernetes Image Volumes to mount
//     custom plugins" under 0.47.0 in
//     https://github.com/strimzi/strimzi-kafka-operator/blob/1.2.0/CHANGELOG.md, and
//     041-Crd-kafkaconnect.yaml at 1.2.0) or
//     the image. Its volumes serve backups and shared files, mounted under /mnt only.

// Confluent for Kubernetes (CFK), the version the Connect fragment is written for, and
// where its fields are shown: Confluent's examples mount a claim with
// spec.mountedVolumes and extend plugin.path through spec.configOverrides.server in
// hybrid/ccloud-JDBC-mysql-mountedVolumes/kafka-connect.yaml (CFK 2.11), and use the same
// spec.mountedVolumes shape with CFK 3.2.0 in
// kraft/dynamic-quorum/greenfield/secured/resources/kraftcontroller.yaml, both in
// confluentinc/confluent-kubernetes-examples (master, commit 887857b7).
const (
	confluentAPIVersion = "platform.confluent.io/v1beta1"
	ConfluentOperator   = "Confluent for Kubernetes 3.2"
	confluentSource     = "https://github.com/confluentinc/confluent-kubernetes-examples/blob/887857b7943b9cf76790db2c29abe5851e8babb3/hybrid/ccloud-JDBC-mysql-mountedVolumes/kafka-connect.yaml"
	// confluentConnectName is the fragment's metadata.name, CFK's usual "connect":
	// rename it to your Connect resource.
	confluentConnectName = "connect"
)

// confluentDefaultPluginPath is every folder CFK's Connect workers load plugins from: an
// override replaces the whole property, so the fragment keeps them all and appends the
// volume.
//   - /usr/share/java and /usr/share/confluent-hub-components: the plugin.path of
//     Confluent's Connect images, which Confluent's mounted-volume example keeps
//     (hybrid/ccloud-JDBC-mysql-mountedVolumes/kafka-connect.yaml);
//   - /mnt/plugins: where CFK installs the connectors of spec.build.type onDemand
//     (Confluent Hub or URL), one folder per plugin, as Confluent's replicator example
//     shows with /mnt/plugins/confluentinc-kafka-connect-replicator/lib/...
//     (connector/replicator-with-monitoring/components-destination.yaml); without it,
//     merging the fragment would hide every on-demand connector.
//
// Both files in confluentinc/confluent-kubernetes-examples at commit 887857b7.
var confluentDefaultPluginPath = []string{"/usr/share/java", "/usr/share/confluent-hub-components", confluentOnDemandPluginDir}

// confluentOnDemandPluginDir is where CFK installs build.onDemand connectors.
const confluentOnDemandPluginDir = "/mnt/plugins"

// Strimzi, the version the KafkaConnect fragment is written for, and where its fields
// are: the KafkaConnect CRD (packaging/install/cluster-operator/041-Crd-kafkaconnect.yaml,
// version v1) defines spec.template.pod.volumes[].persistentVolumeClaim.claimName and
// spec.template.connectContainer.volumeMounts[]; the operator refuses a mount path that
// does not start with /mnt (cluster-operator/.../model/TemplateUtils.java,
// ALLOWED_MOUNT_PATH) and plugin.path in spec.config (api/.../connect/KafkaConnectSpec.java,
// FORBIDDEN_PREFIXES), all at tag 1.2.0 of strimzi/strimzi-kafka-operator.
const (
	strimziAPIVersion = "kafka.strimzi.io/v1"
	StrimziOperator   = "Strimzi 1.2.0"
	strimziSource     = "https://github.com/strimzi/strimzi-kafka-operator/blob/1.2.0/packaging/install/cluster-operator/041-Crd-kafkaconnect.yaml"
	// strimziConnectName is the fragment's metadata.name, the name of Strimzi's
	// examples: rename it to your KafkaConnect resource.
	strimziConnectName = "my-connect-cluster"
)

// Which access points each operator mounts, by table key: CFK the plugins, Strimzi the
// backups and the shared logs.
var (
	confluentPluginsKey = "kafka_connect"
	strimziKeys         = []string{"kafka_backups", "shared_logs"}
)

// FragmentMeta is the metadata of a fragment: the resource it merges into.
type FragmentMeta struct {
	Name      string `json:"name"`
	Namespace string `json:"namespace"`
}

// ConfluentConnect is the part of a CFK Connect resource (platform.confluent.io/v1beta1)
// that mounts a volume and loads plugins from it.
type ConfluentConnect struct {
	APIVersion string               `json:"apiVersion"`
	Kind       string               `json:"kind"`
	Metadata   FragmentMeta         `json:"metadata"`
	Spec       ConfluentConnectSpec `json:"spec"`
}

// ConfluentConnectSpec holds the Connect spec fields the fragment sets.
type ConfluentConnectSpec struct {
	// ConfigOverrides.Server lines are key=value worker properties, appended to CFK's.
	ConfigOverrides ConfluentConfigOverrides `json:"configOverrides"`
	// MountedVolumes adds Kubernetes volumes to the Connect pods and mounts them in the
	// Connect container.
	MountedVolumes ConfluentMountedVolumes `json:"mountedVolumes"`
}

// ConfluentConfigOverrides is spec.configOverrides.
type ConfluentConfigOverrides struct {
	Server []string `json:"server"`
}

// ConfluentMountedVolumes is spec.mountedVolumes: core Kubernetes volumes and mounts.
type ConfluentMountedVolumes struct {
	Volumes      []corev1.Volume      `json:"volumes"`
	VolumeMounts []corev1.VolumeMount `json:"volumeMounts"`
}

// StrimziKafkaConnect is the part of a Strimzi KafkaConnect resource (kafka.strimzi.io/v1)
// that mounts volumes. It has no spec.config: plugin.path is not Strimzi's to take.
type StrimziKafkaConnect struct {
	APIVersion string                  `json:"apiVersion"`
	Kind       string                  `json:"kind"`
	Metadata   FragmentMeta            `json:"metadata"`
	Spec       StrimziKafkaConnectSpec `json:"spec"`
}

// StrimziKafkaConnectSpec holds spec.template only.
type StrimziKafkaConnectSpec struct {
	Template StrimziKafkaConnectTemplate `json:"template"`
}

// StrimziKafkaConnectTemplate is spec.template: the pod's volumes and the Connect
// container's mounts of them.
type StrimziKafkaConnectTemplate struct {
	Pod              StrimziPodTemplate       `json:"pod"`
	ConnectContainer StrimziContainerTemplate `json:"connectContainer"`
}

// StrimziPodTemplate is spec.template.pod, volumes only.
type StrimziPodTemplate struct {
	Volumes []StrimziAdditionalVolume `json:"volumes"`
}

// StrimziAdditionalVolume is one of spec.template.pod.volumes: a name and exactly one
// source; the fragment uses persistentVolumeClaim (claimName, readOnly), whose fields
// match the core type's.
type StrimziAdditionalVolume struct {
	Name                  string                                    `json:"name"`
	PersistentVolumeClaim *corev1.PersistentVolumeClaimVolumeSource `json:"persistentVolumeClaim"`
}

// StrimziContainerTemplate is spec.template.connectContainer, volume mounts only (the
// CRD takes the core VolumeMount fields).
type StrimziContainerTemplate struct {
	VolumeMounts []corev1.VolumeMount `json:"volumeMounts"`
}

// ConfluentPluginsAccessPoint returns the access point whose claim CFK mounts as a plugin
// folder, if aps holds it.
func ConfluentPluginsAccessPoint(aps []AccessPoint) (AccessPoint, bool) {
	i := slices.IndexFunc(aps, func(ap AccessPoint) bool { return ap.Key == confluentPluginsKey })
	if i < 0 {
		return AccessPoint{}, false
	}
	return aps[i], true
}

// StrimziAccessPoints returns the access points of aps whose claims Strimzi mounts.
func StrimziAccessPoints(aps []AccessPoint) []AccessPoint {
	var out []AccessPoint
	for _, ap := range aps {
		if slices.Contains(strimziKeys, ap.Key) {
			out = append(out, ap)
		}
	}
	return out
}

// ConfluentConnectFragment renders the CFK Connect fragment for KubernetesNamespace: ap's claim
// mounted read-only at /mnt/<access point path> in every Connect worker, and that folder
// appended to plugin.path. Read-only because a worker only loads plugins; they are
// copied onto the volume from another pod. The Connect resource must live in that
// namespace, the claim's.
func (c Config) ConfluentConnectFragment(ap AccessPoint) (string, error) {
	mountPath := podMountPath(ap)
	name := componentName(ap)
	connect := ConfluentConnect{
		APIVersion: confluentAPIVersion,
		Kind:       "Connect",
		Metadata:   FragmentMeta{Name: confluentConnectName, Namespace: c.KubernetesNamespace()},
		Spec: ConfluentConnectSpec{
			ConfigOverrides: ConfluentConfigOverrides{
				Server: []string{"plugin.path=" + strings.Join(append(slices.Clone(confluentDefaultPluginPath), mountPath), ",")},
			},
			MountedVolumes: ConfluentMountedVolumes{
				Volumes: []corev1.Volume{{
					Name: name,
					VolumeSource: corev1.VolumeSource{
						PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: c.ClaimName(ap.Key)},
					},
				}},
				VolumeMounts: []corev1.VolumeMount{{Name: name, MountPath: mountPath, ReadOnly: true}},
			},
		},
	}
	return renderFragment(&connect, ConfluentOperator, confluentAPIVersion, "Connect", confluentSource)
}

// StrimziKafkaConnectFragment renders the Strimzi KafkaConnect fragment for KubernetesNamespace:
// the claim of each access point in aps mounted read-write at
// /mnt/<access point path> (podMountPath; Strimzi
// refuses any other root) in the Connect container. It sets no
// plugin.path and no spec.config. The KafkaConnect must live in that namespace, the claims'.
func (c Config) StrimziKafkaConnectFragment(aps []AccessPoint) (string, error) {
	if len(aps) == 0 {
		return "", fmt.Errorf("strimzi KafkaConnect fragment: no access point to mount")
	}
	connect := StrimziKafkaConnect{
		APIVersion: strimziAPIVersion,
		Kind:       "KafkaConnect",
		Metadata:   FragmentMeta{Name: strimziConnectName, Namespace: c.KubernetesNamespace()},
	}
	tpl := &connect.Spec.Template
	for _, ap := range aps {
		name := componentName(ap)
		tpl.Pod.Volumes = append(tpl.Pod.Volumes, StrimziAdditionalVolume{
			Name:                  name,
			PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: c.ClaimName(ap.Key)},
		})
		tpl.ConnectContainer.VolumeMounts = append(tpl.ConnectContainer.VolumeMounts,
			corev1.VolumeMount{Name: name, MountPath: podMountPath(ap)})
	}
	return renderFragment(&connect, StrimziOperator, strimziAPIVersion, "KafkaConnect", strimziSource)
}

// renderFragment renders a fragment as YAML under a comment naming the operator, the
// API, the source of its fields and how to use it.
func renderFragment(obj any, operator, apiVersion, kind, source string) (string, error) {
	out, err := marshalManifest(obj)
	if err != nil {
		return "", fmt.Errorf("%s %s fragment: %w", operator, kind, err)
	}
	header := "# " + operator + " " + kind + " (" + apiVersion + ") fragment rendered by kafka-efs.\n" +
		"# Merge it into your " + kind + " (rename metadata.name; append the lists to yours).\n" +
		"# Fields: " + source + "\n"
	return header + out, nil
}
