package efs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// Every Kubernetes name the manifests use comes from here. The cluster-scoped ones (the
// StorageClass and the volumes) and the claims carry Config.Name(), so the manifests of
// any number of file systems apply to one cluster side by side.

// DefaultKubernetesNamespace is the namespace of the claims when
// Config.KubernetesNamespaceName is empty.
const DefaultKubernetesNamespace = "kafka"

// KubernetesNamespace is the namespace of the Kafka workloads and of every
// PersistentVolumeClaim the manifests declare: KubernetesNamespaceName or
// DefaultKubernetesNamespace.
func (c Config) KubernetesNamespace() string {
	if c.KubernetesNamespaceName == "" {
		return DefaultKubernetesNamespace
	}
	return c.KubernetesNamespaceName
}

// StorageClassName names the StorageClass for dynamically provisioned volumes on this
// file system: "<project>-<environment>-efs-sc".
func (c Config) StorageClassName() string { return c.Name() + "-efs-sc" }

// VolumeName names the static PersistentVolume of the access point key (kafka_backups,
// kafka_connect, shared_logs): "<project>-<environment>-kafka-backups-pv". Empty for an
// unknown key.
func (c Config) VolumeName(key string) string {
	if ap, ok := accessPointByKey(key); ok {
		return c.Name() + "-" + ap.Volume
	}
	return ""
}

// ClaimName names the PersistentVolumeClaim (in KubernetesNamespace) bound to the access
// point key's volume: "<project>-<environment>-kafka-backups-pvc", what Kafka's pods
// mount. Empty for an unknown key.
func (c Config) ClaimName(key string) string {
	if ap, ok := accessPointByKey(key); ok {
		return c.Name() + "-" + ap.Claim
	}
	return ""
}

// efsCSIDriver is the name of the AWS EFS CSI driver, as provisioner and as CSI driver.
const efsCSIDriver = "efs.csi.aws.com"

// The manifests follow the forms that aws-efs-csi-driver v3 documents; the release and
// files each choice was read from are named beside it (kubernetes-sigs/aws-efs-csi-driver,
// tag v3.4.1, the newest v3 release, 2026-07-23).

// volumeHandle is the CSI volume handle of a static volume on access point
// accessPointID of file system fileSystemID: "efs:<fs-id>::<fsap-id>", the form the
// driver's v3 documents for access points
// (https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/v3.4.1/examples/kubernetes/efs/access_points/README.md
// and specs/example.yaml; the node parses it in pkg/driver/node.go, parseVolumeId, "NEW FORMAT
// {fsType}:{fileSystemID}:{mountPath}:{accessPointID}", since v3.0.0). The empty
// middle field is the optional subpath: the access point already roots the volume at
// its own directory. The driver mounts an access point with TLS whatever the mount
// options say (node.go appends "tls" with "accesspoint=").
//
// v3 still reads the v2 form "<fs-id>::<fsap-id>", but v2 drivers refuse the "efs:"
// prefix (v2.3.1 pkg/driver/node.go: the volume ID must start with "fs-"): these
// volumes need driver v3.0.0 or later.
func volumeHandle(fileSystemID, accessPointID string) string {
	return "efs:" + fileSystemID + "::" + accessPointID
}

// volumeCapacity is the capacity the static volumes and their claims declare. The
// Kubernetes API requires one, but EFS does not enforce it: the file system grows
// without limit. A claim binds only a volume at least as large as it requests, so both
// sides use the same value.
var volumeCapacity = resource.MustParse("100Gi")

// Shared settings of the manifests, as variables because the API takes pointers.
var (
	// retainPolicy keeps the data when a claim is deleted: Kafka backups and plugins must
	// survive a mistaken kubectl delete, and the file system has its own backups.
	retainPolicy = corev1.PersistentVolumeReclaimRetain
	// filesystemMode mounts the volume as a directory, the only mode EFS supports.
	filesystemMode = corev1.PersistentVolumeFilesystem
	// immediateBinding provisions as soon as a claim exists: EFS is reachable from every
	// availability zone through its mount targets, so waiting for a pod's node gains
	// nothing.
	immediateBinding = storagev1.VolumeBindingImmediate
	// readWriteMany: EFS volumes are shared by every Kafka pod, on any node.
	readWriteMany = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteMany}
)

// StorageClassManifest renders the StorageClass StorageClassName(), with which the EFS CSI
// driver provisions a volume per claim as an access point of the file system
// fileSystemID. iam adds the iam mount option; pass Config.IAMAuthorization().
// fileSystemID may be a cdktf token: it is copied into the YAML unchanged.
//
// Choices beyond the spec:
//   - uid/gid are PosixUID/PosixGID, the identity of the static access points, and
//     directoryPerms "700" keeps each volume private to that identity.
//   - basePath "/dynamic" keeps the driver's per-claim directories apart from the static
//     access point roots (/kafka-backups, ...), so a dynamic volume can never be created
//     inside, or collide with, a directory Kafka already uses.
//   - reclaimPolicy Retain: with the CSI default Delete, deleting a claim deletes its
//     access point (though not its data), leaving the data orphaned and unreachable from
//     Kubernetes; Retain keeps the volume for an operator to reuse or clean up, which is
//     the safer default for Kafka backups.
//   - enableTagging "true", the driver's default since v3.4.0 (#1916 in
//     https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/v3.4.1/CHANGELOG-3.x.md, and
//     https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/v3.4.1/docs/parameters.md), spelled out because the controller's IAM policy
//     allows CreateAccessPoint only with the driver's tag efs.csi.aws.com/cluster in the
//     request: "false" would create untagged access points, which that policy denies.
//     Drivers before v3.4.0 ignore parameters they do not know.
func (c Config) StorageClassManifest(fileSystemID string, iam bool) (string, error) {
	sc := storagev1.StorageClass{
		TypeMeta:    metav1.TypeMeta{APIVersion: "storage.k8s.io/v1", Kind: "StorageClass"},
		ObjectMeta:  objectMeta(c.StorageClassName(), "", "storage-class"),
		Provisioner: efsCSIDriver,
		// Parameter values must be strings; the driver parses them.
		Parameters: map[string]string{
			"provisioningMode": "efs-ap",
			"fileSystemId":     fileSystemID,
			"directoryPerms":   "700",
			"uid":              strconv.Itoa(PosixUID),
			"gid":              strconv.Itoa(PosixGID),
			"basePath":         "/dynamic",
			"enableTagging":    "true",
		},
		ReclaimPolicy:     c.storageClassReclaimPolicy(),
		VolumeBindingMode: &immediateBinding,
		MountOptions:      mountOptions(iam),
	}
	out, err := marshalManifest(&sc)
	if err != nil {
		return "", fmt.Errorf("storage class %s: %w", c.StorageClassName(), err)
	}
	return out, nil
}

// VolumeManifest renders, for one access point, a static PersistentVolume and the
// PersistentVolumeClaim bound to it, as two YAML documents separated by "---\n".
//
// The volume mounts access point accessPointID of file system fileSystemID (see
// volumeHandle: "efs:<fs-id>::<fsap-id>", driver v3.0.0 or later); both may be cdktf
// tokens, copied into the YAML unchanged. iam adds the iam mount option; pass
// Config.IAMAuthorization().
//
// The pair binds only to each other: the volume's claimRef names the claim, and the
// claim's volumeName names the volume. Both have storage class "" (no class): the claim
// states it explicitly, since a claim without one gets the cluster's default
// StorageClass and a newly provisioned volume; the volume's empty class is omitted from
// the YAML (the field is omitempty), which means the same.
func (c Config) VolumeManifest(ap AccessPoint, fileSystemID, accessPointID string, iam bool) (string, error) {
	component := componentName(ap)
	noClass := ""
	volume, claim, namespace := c.VolumeName(ap.Key), c.ClaimName(ap.Key), c.KubernetesNamespace()

	pv := corev1.PersistentVolume{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "PersistentVolume"},
		ObjectMeta: objectMeta(volume, "", component),
		Spec: corev1.PersistentVolumeSpec{
			Capacity:                      corev1.ResourceList{corev1.ResourceStorage: volumeCapacity},
			VolumeMode:                    &filesystemMode,
			AccessModes:                   readWriteMany,
			PersistentVolumeReclaimPolicy: retainPolicy,
			StorageClassName:              noClass,
			MountOptions:                  mountOptions(iam),
			PersistentVolumeSource: corev1.PersistentVolumeSource{
				CSI: &corev1.CSIPersistentVolumeSource{
					Driver:       efsCSIDriver,
					VolumeHandle: volumeHandle(fileSystemID, accessPointID),
				},
			},
			ClaimRef: &corev1.ObjectReference{Namespace: namespace, Name: claim},
		},
	}
	pvc := corev1.PersistentVolumeClaim{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "PersistentVolumeClaim"},
		ObjectMeta: objectMeta(claim, namespace, component),
		Spec: corev1.PersistentVolumeClaimSpec{
			AccessModes:      readWriteMany,
			StorageClassName: &noClass,
			VolumeMode:       &filesystemMode,
			VolumeName:       volume,
			Resources: corev1.VolumeResourceRequirements{
				Requests: corev1.ResourceList{corev1.ResourceStorage: volumeCapacity},
			},
		},
	}

	pvYAML, err := marshalManifest(&pv)
	if err != nil {
		return "", fmt.Errorf("persistent volume %s: %w", volume, err)
	}
	pvcYAML, err := marshalManifest(&pvc)
	if err != nil {
		return "", fmt.Errorf("persistent volume claim %s/%s: %w", namespace, claim, err)
	}
	return pvYAML + "---\n" + pvcYAML, nil
}

// keepAnnotations keep an object that GitOps tools would otherwise delete: Argo CD
// neither prunes it when it leaves the repository nor deletes it with its Application
// (sync options Prune=false and Delete=false, comma-separated as
// https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/ allows), and Flux's kustomize-controller leaves it out
// of garbage collection (kustomize.toolkit.fluxcd.io/prune: disabled). The Namespace
// carries them: deleting it would delete every Kafka pod and claim inside.
var keepAnnotations = map[string]string{
	"argocd.argoproj.io/sync-options":   "Prune=false,Delete=false",
	"kustomize.toolkit.fluxcd.io/prune": "disabled",
}

// NamespaceManifest renders the Namespace KubernetesNamespace(), with keepAnnotations:
// a GitOps tool creates it but never deletes it.
func (c Config) NamespaceManifest() (string, error) {
	meta := objectMeta(c.KubernetesNamespace(), "", "namespace")
	meta.Annotations = keepAnnotations
	ns := corev1.Namespace{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Namespace"},
		ObjectMeta: meta,
	}
	out, err := marshalManifest(&ns)
	if err != nil {
		return "", fmt.Errorf("namespace %s: %w", c.KubernetesNamespace(), err)
	}
	return out, nil
}

// KubernetesManifests renders, as one multi-document YAML (documents separated by
// "---\n"), every Kubernetes object the file system needs on the cluster: the Namespace
// (left out when OmitKubernetesNamespace is set), the StorageClass, and the
// PersistentVolume and claim of each access point the Config enables, in that order, so
// that `kubectl apply -f` creates the namespace before the claims in it. It is what a
// GitOps repository holds (docs/kubernetes.md, "GitOps"); the smoke test is apart
// (SmokeTestManifest), to be left out at will.
//
// accessPointIDs maps the key of each enabled access point to its ID; fileSystemID and
// the IDs may be cdktf tokens, copied into the YAML unchanged. iam adds the iam mount
// option; pass Config.IAMAuthorization().
func (c Config) KubernetesManifests(fileSystemID string, accessPointIDs map[string]string, iam bool) (string, error) {
	var docs []string
	if !c.OmitKubernetesNamespace {
		ns, err := c.NamespaceManifest()
		if err != nil {
			return "", err
		}
		docs = append(docs, ns)
	}
	sc, err := c.StorageClassManifest(fileSystemID, iam)
	if err != nil {
		return "", err
	}
	docs = append(docs, sc)
	for _, ap := range c.EnabledAccessPoints() {
		id, ok := accessPointIDs[ap.Key]
		if !ok {
			return "", fmt.Errorf("kubernetes manifests: no access point ID for %s", ap.Key)
		}
		pv, err := c.VolumeManifest(ap, fileSystemID, id, iam)
		if err != nil {
			return "", err
		}
		docs = append(docs, pv)
	}
	return strings.Join(docs, "---\n"), nil
}

// podMountRoot is the directory under which every pod the outputs describe (the smoke
// test, the Kafka Connect fragments) mounts a claim, at podMountPath: Strimzi mounts
// additional volumes under /mnt only, and one root for all keeps the paths the same in
// every output and in the docs.
const podMountRoot = "/mnt"

// podMountPath returns where a pod mounts an access point's claim: podMountRoot and the
// access point's root directory, /mnt/kafka-backups for /kafka-backups.
func podMountPath(ap AccessPoint) string { return podMountRoot + ap.Path }

// componentName returns an access point's table key as a DNS label (kafka-backups for
// kafka_backups): the app.kubernetes.io/component label of its manifests, and the name of
// its volume inside the pods that mount it.
func componentName(ap AccessPoint) string { return strings.ReplaceAll(ap.Key, "_", "-") }

// objectMeta returns the metadata shared by every manifest: the name, the namespace
// (empty for cluster-scoped objects) and the recommended app.kubernetes.io labels, so
// that `kubectl get pv,pvc,sc -l app.kubernetes.io/name=kafka-efs` lists them all.
func objectMeta(name, namespace, component string) metav1.ObjectMeta {
	return metav1.ObjectMeta{
		Name:      name,
		Namespace: namespace,
		Labels: map[string]string{
			"app.kubernetes.io/name":       "kafka-efs",
			"app.kubernetes.io/component":  component,
			"app.kubernetes.io/managed-by": "cdktf",
		},
	}
}

// marshalManifest renders a Kubernetes object as one YAML document, without the fields
// a human would never write in a manifest to apply:
//   - status: the API types' status structs are tagged omitempty, which encoding/json
//     ignores for structs, so every object would carry "status: {}";
//   - metadata.creationTimestamp: recent apimachinery versions omit a zero timestamp
//     (omitzero), older ones write "creationTimestamp: null"; it is removed either way;
//   - an empty spec, "spec: {}" (a Namespace's), for the same reason as status.
//
// The object goes through JSON (as sigs.k8s.io/yaml does anyway) into a generic map,
// loses those keys and is converted to YAML. Numbers are kept as json.Number so that
// none is rewritten as a float; keys come out sorted, as with yaml.Marshal.
func marshalManifest(obj any) (string, error) {
	raw, err := json.Marshal(obj)
	if err != nil {
		return "", fmt.Errorf("encode JSON: %w", err)
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return "", fmt.Errorf("decode JSON: %w", err)
	}
	delete(m, "status")
	if spec, ok := m["spec"].(map[string]any); ok && len(spec) == 0 {
		delete(m, "spec")
	}
	if meta, ok := m["metadata"].(map[string]any); ok {
		delete(meta, "creationTimestamp")
	}
	out, err := yaml.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("encode YAML: %w", err)
	}
	return string(out), nil
}
