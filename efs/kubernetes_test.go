package efs

import (
	"maps"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

const (
	testFileSystemID  = "fs-0123456789abcdef0"
	testAccessPointID = "fsap-0123456789abcdef0"
)

// manifestConfig is the Config the manifests are rendered from: its names and namespace.
var manifestConfig = Config{ProjectName: "kafka", Environment: "prod", KubernetesNamespaceName: "streaming"}

// decodeStrict decodes one YAML document into a Kubernetes API type, failing the test on
// any field the type does not know, so that a misspelt or misplaced field in a manifest
// cannot pass unnoticed (kubectl would reject or silently drop it).
func decodeStrict[T any](t *testing.T, doc string) T {
	t.Helper()
	var obj T
	if err := yaml.UnmarshalStrict([]byte(doc), &obj); err != nil {
		t.Fatalf("strict decode into %T: %v\n%s", obj, err, doc)
	}
	return obj
}

// splitVolumeManifest renders VolumeManifest and returns its two documents.
func splitVolumeManifest(t *testing.T, ap AccessPoint, fsID, apID string, iam bool) (pv, pvc string) {
	t.Helper()
	out, err := manifestConfig.VolumeManifest(ap, fsID, apID, iam)
	if err != nil {
		t.Fatalf("VolumeManifest(%s): %v", ap.Key, err)
	}
	docs := strings.Split(out, "---\n")
	if len(docs) != 2 {
		t.Fatalf("VolumeManifest(%s) has %d documents, want 2:\n%s", ap.Key, len(docs), out)
	}
	return docs[0], docs[1]
}

// checkMeta checks the type, name, namespace and labels every manifest shares.
func checkMeta(t *testing.T, tm metav1.TypeMeta, om metav1.ObjectMeta, apiVersion, kind, name, namespace, component string) {
	t.Helper()
	if tm.APIVersion != apiVersion || tm.Kind != kind {
		t.Errorf("type = %s %s, want %s %s", tm.APIVersion, tm.Kind, apiVersion, kind)
	}
	if om.Name != name || om.Namespace != namespace {
		t.Errorf("%s name = %q/%q, want %q/%q", kind, om.Namespace, om.Name, namespace, name)
	}
	wantLabels := map[string]string{
		"app.kubernetes.io/name":       "kafka-efs",
		"app.kubernetes.io/component":  component,
		"app.kubernetes.io/managed-by": "cdktf",
	}
	if !maps.Equal(om.Labels, wantLabels) {
		t.Errorf("%s %s labels = %v, want %v", kind, name, om.Labels, wantLabels)
	}
}

// wantMountOptions is the expected mount option list of the manifests: iam on request,
// never tls (the driver encrypts in transit by default and warns that tls is deprecated).
func wantMountOptions(iam bool) []string {
	if iam {
		return []string{"iam"}
	}
	return nil
}

// TestStorageClassManifest decodes the StorageClass strictly and checks every field the
// EFS CSI driver reads, with and without IAM authorization.
func TestStorageClassManifest(t *testing.T) {
	for _, iam := range []bool{false, true} {
		t.Run(map[bool]string{false: "no-iam", true: "iam"}[iam], func(t *testing.T) {
			out, err := manifestConfig.StorageClassManifest(testFileSystemID, iam)
			if err != nil {
				t.Fatal(err)
			}
			sc := decodeStrict[storagev1.StorageClass](t, out)
			checkMeta(t, sc.TypeMeta, sc.ObjectMeta, "storage.k8s.io/v1", "StorageClass", "kafka-prod-efs-sc", "", "storage-class")
			if sc.Provisioner != "efs.csi.aws.com" {
				t.Errorf("provisioner = %q", sc.Provisioner)
			}
			wantParams := map[string]string{
				"provisioningMode": "efs-ap",
				"fileSystemId":     testFileSystemID,
				"directoryPerms":   "700",
				"uid":              "1000",
				"gid":              "1000",
				"basePath":         "/dynamic",
				"enableTagging":    "true",
			}
			if !maps.Equal(sc.Parameters, wantParams) {
				t.Errorf("parameters = %v, want %v", sc.Parameters, wantParams)
			}
			if sc.ReclaimPolicy == nil || *sc.ReclaimPolicy != corev1.PersistentVolumeReclaimRetain {
				t.Errorf("reclaimPolicy = %v, want Retain", sc.ReclaimPolicy)
			}
			if sc.VolumeBindingMode == nil || *sc.VolumeBindingMode != storagev1.VolumeBindingImmediate {
				t.Errorf("volumeBindingMode = %v, want Immediate", sc.VolumeBindingMode)
			}
			if !slices.Equal(sc.MountOptions, wantMountOptions(iam)) {
				t.Errorf("mountOptions = %v, want %v", sc.MountOptions, wantMountOptions(iam))
			}
		})
	}
}

// TestVolumeManifest decodes, for every access point of the table, the volume and claim
// strictly and checks the CSI source, access, reclaim policy, mount options and that the
// two name each other, so that exactly this claim binds exactly this volume.
func TestVolumeManifest(t *testing.T) {
	for _, ap := range accessPoints {
		for _, iam := range []bool{false, true} {
			t.Run(ap.Key+map[bool]string{false: "/no-iam", true: "/iam"}[iam], func(t *testing.T) {
				pvDoc, pvcDoc := splitVolumeManifest(t, ap, testFileSystemID, testAccessPointID, iam)
				component := strings.ReplaceAll(ap.Key, "_", "-")

				pv := decodeStrict[corev1.PersistentVolume](t, pvDoc)
				checkMeta(t, pv.TypeMeta, pv.ObjectMeta, "v1", "PersistentVolume", "kafka-prod-"+ap.Volume, "", component)
				csi := pv.Spec.CSI
				if csi == nil {
					t.Fatalf("volume %s has no CSI source:\n%s", ap.Volume, pvDoc)
				}
				if csi.Driver != "efs.csi.aws.com" {
					t.Errorf("driver = %q", csi.Driver)
				}
				if want := "efs:" + testFileSystemID + "::" + testAccessPointID; csi.VolumeHandle != want {
					t.Errorf("volumeHandle = %q, want %q", csi.VolumeHandle, want)
				}
				if got := pv.Spec.Capacity[corev1.ResourceStorage]; got.String() != "100Gi" {
					t.Errorf("capacity = %s, want 100Gi", got.String())
				}
				if pv.Spec.VolumeMode == nil || *pv.Spec.VolumeMode != corev1.PersistentVolumeFilesystem {
					t.Errorf("volume volumeMode = %v, want Filesystem", pv.Spec.VolumeMode)
				}
				if !slices.Equal(pv.Spec.AccessModes, []corev1.PersistentVolumeAccessMode{corev1.ReadWriteMany}) {
					t.Errorf("volume accessModes = %v", pv.Spec.AccessModes)
				}
				if pv.Spec.PersistentVolumeReclaimPolicy != corev1.PersistentVolumeReclaimRetain {
					t.Errorf("reclaim policy = %q, want Retain", pv.Spec.PersistentVolumeReclaimPolicy)
				}
				if pv.Spec.StorageClassName != "" {
					t.Errorf("volume storageClassName = %q, want empty", pv.Spec.StorageClassName)
				}
				if !slices.Equal(pv.Spec.MountOptions, wantMountOptions(iam)) {
					t.Errorf("mountOptions = %v, want %v", pv.Spec.MountOptions, wantMountOptions(iam))
				}
				ref := pv.Spec.ClaimRef
				if ref == nil || ref.Namespace != "streaming" || ref.Name != "kafka-prod-"+ap.Claim {
					t.Errorf("claimRef = %+v, want streaming/kafka-prod-%s", ref, ap.Claim)
				}

				pvc := decodeStrict[corev1.PersistentVolumeClaim](t, pvcDoc)
				checkMeta(t, pvc.TypeMeta, pvc.ObjectMeta, "v1", "PersistentVolumeClaim", "kafka-prod-"+ap.Claim, "streaming", component)
				if pvc.Spec.VolumeName != "kafka-prod-"+ap.Volume {
					t.Errorf("claim volumeName = %q, want kafka-prod-%s", pvc.Spec.VolumeName, ap.Volume)
				}
				if pvc.Spec.StorageClassName == nil || *pvc.Spec.StorageClassName != "" {
					t.Errorf("claim storageClassName = %v, want explicit empty string", pvc.Spec.StorageClassName)
				}
				if !slices.Equal(pvc.Spec.AccessModes, []corev1.PersistentVolumeAccessMode{corev1.ReadWriteMany}) {
					t.Errorf("claim accessModes = %v", pvc.Spec.AccessModes)
				}
				if pvc.Spec.VolumeMode == nil || *pvc.Spec.VolumeMode != corev1.PersistentVolumeFilesystem {
					t.Errorf("claim volumeMode = %v, want Filesystem", pvc.Spec.VolumeMode)
				}
				if got := pvc.Spec.Resources.Requests[corev1.ResourceStorage]; got.String() != "100Gi" {
					t.Errorf("claim request = %s, want 100Gi", got.String())
				}
			})
		}
	}
}

// TestManifestsKeepTokens renders with the cdktf token strings that stand for the IDs at
// synth time: cdktf replaces them in the output string later, so they must appear
// verbatim in the YAML text and decode back unchanged.
func TestManifestsKeepTokens(t *testing.T) {
	const fsToken, apToken = "${TfToken[TOKEN.12]}", "${TfToken[TOKEN.13]}"

	sc, err := manifestConfig.StorageClassManifest(fsToken, true)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sc, fsToken) {
		t.Errorf("storage class lost the token:\n%s", sc)
	}
	if got := decodeStrict[storagev1.StorageClass](t, sc).Parameters["fileSystemId"]; got != fsToken {
		t.Errorf("fileSystemId = %q, want %q", got, fsToken)
	}

	pvDoc, _ := splitVolumeManifest(t, accessPoints[0], fsToken, apToken, true)
	want := "efs:" + fsToken + "::" + apToken
	if !strings.Contains(pvDoc, want) {
		t.Errorf("volume YAML lacks %q verbatim:\n%s", want, pvDoc)
	}
	if got := decodeStrict[corev1.PersistentVolume](t, pvDoc).Spec.CSI.VolumeHandle; got != want {
		t.Errorf("volumeHandle = %q, want %q", got, want)
	}
}

// TestManifestsOmitServerFields checks that no manifest carries the fields the API types
// add but a human never writes: status and metadata.creationTimestamp.
func TestManifestsOmitServerFields(t *testing.T) {
	sc, err := manifestConfig.StorageClassManifest(testFileSystemID, false)
	if err != nil {
		t.Fatal(err)
	}
	ns, err := manifestConfig.NamespaceManifest()
	if err != nil {
		t.Fatal(err)
	}
	docs := []string{sc, ns}
	for _, ap := range accessPoints {
		pv, pvc := splitVolumeManifest(t, ap, testFileSystemID, testAccessPointID, false)
		docs = append(docs, pv, pvc)
	}
	for _, doc := range docs {
		for _, field := range []string{"status", "creationTimestamp", "null", "{}"} {
			if strings.Contains(doc, field) {
				t.Errorf("manifest contains %q:\n%s", field, doc)
			}
		}
	}
}

// TestManifestStrictDecodingRejectsUnknownField proves that the strict decoding the other tests
// rely on does catch an unknown field, which a lenient decode would drop silently.
func TestManifestStrictDecodingRejectsUnknownField(t *testing.T) {
	pvDoc, _ := splitVolumeManifest(t, accessPoints[0], testFileSystemID, testAccessPointID, false)
	tampered := strings.Replace(pvDoc, "\nspec:\n", "\nspec:\n  volumeHandel: typo\n", 1)
	if tampered == pvDoc {
		t.Fatalf("could not tamper with:\n%s", pvDoc)
	}
	var pv corev1.PersistentVolume
	if err := yaml.Unmarshal([]byte(tampered), &pv); err != nil {
		t.Fatalf("lenient decode failed, so the tampering broke more than strictness: %v", err)
	}
	err := yaml.UnmarshalStrict([]byte(tampered), &pv)
	if err == nil || !strings.Contains(err.Error(), "volumeHandel") {
		t.Errorf("strict decode of an unknown field: err = %v, want an error naming volumeHandel", err)
	}
}

// TestKubernetesNames pins the names of one file system's Kubernetes objects and checks
// that two file systems of a project, which may share one cluster and namespace, share
// none of them.
func TestKubernetesNames(t *testing.T) {
	prod := Config{ProjectName: "kafka", Environment: "prod"}
	hp := Config{ProjectName: "kafka", Environment: "prod-high-performance"}
	if got := prod.KubernetesNamespace(); got != "kafka" {
		t.Errorf("default namespace = %q, want kafka", got)
	}
	want := map[string][2]string{
		"kafka_backups": {"kafka-prod-kafka-backups-pv", "kafka-prod-kafka-backups-pvc"},
		"kafka_connect": {"kafka-prod-kafka-connect-pv", "kafka-prod-kafka-connect-pvc"},
		"shared_logs":   {"kafka-prod-shared-logs-pv", "kafka-prod-shared-logs-pvc"},
	}
	seen := map[string]string{}
	for _, c := range []Config{prod, hp} {
		names := []string{c.StorageClassName()}
		for _, ap := range accessPoints {
			names = append(names, c.VolumeName(ap.Key), c.ClaimName(ap.Key))
		}
		for _, n := range names {
			if other, dup := seen[n]; dup {
				t.Errorf("%s and %s both name an object %s", other, c.Environment, n)
			}
			seen[n] = c.Environment
		}
	}
	if got := prod.StorageClassName(); got != "kafka-prod-efs-sc" {
		t.Errorf("StorageClassName = %q", got)
	}
	for key, w := range want {
		if got := [2]string{prod.VolumeName(key), prod.ClaimName(key)}; got != w {
			t.Errorf("%s: volume, claim = %v, want %v", key, got, w)
		}
	}
	if prod.ClaimName("nope") != "" || prod.VolumeName("nope") != "" {
		t.Error("an unknown access point key names no object")
	}
}

// TestVolumeHandleIsDriverV3Form pins the handle to the form aws-efs-csi-driver v3
// documents for access points, "efs:<fs-id>::<fsap-id>": four colon-separated fields,
// the type efs, the file system, an empty subpath (the access point roots the volume)
// and the access point.
func TestVolumeHandleIsDriverV3Form(t *testing.T) {
	fields := strings.Split(volumeHandle(testFileSystemID, testAccessPointID), ":")
	if want := []string{"efs", testFileSystemID, "", testAccessPointID}; !slices.Equal(fields, want) {
		t.Errorf("volume handle fields = %q, want %q", fields, want)
	}
}

// TestNamespaceManifest decodes the Namespace strictly: the claims' namespace, the
// shared labels, and the annotations that keep Argo CD and Flux from deleting it.
func TestNamespaceManifest(t *testing.T) {
	out, err := manifestConfig.NamespaceManifest()
	if err != nil {
		t.Fatal(err)
	}
	ns := decodeStrict[corev1.Namespace](t, out)
	checkMeta(t, ns.TypeMeta, ns.ObjectMeta, "v1", "Namespace", "streaming", "", "namespace")
	want := map[string]string{
		"argocd.argoproj.io/sync-options":   "Prune=false,Delete=false",
		"kustomize.toolkit.fluxcd.io/prune": "disabled",
	}
	if !maps.Equal(ns.Annotations, want) {
		t.Errorf("annotations = %v, want %v", ns.Annotations, want)
	}
}

// manifestKinds returns "Kind namespace/name" for each document of a multi-document
// YAML, decoding each strictly into its API type.
func manifestKinds(t *testing.T, out string) []string {
	t.Helper()
	var got []string
	for _, doc := range strings.Split(out, "---\n") {
		var tm metav1.TypeMeta
		if err := yaml.Unmarshal([]byte(doc), &tm); err != nil {
			t.Fatalf("decode kind: %v\n%s", err, doc)
		}
		var meta metav1.ObjectMeta
		switch tm.Kind {
		case "Namespace":
			meta = decodeStrict[corev1.Namespace](t, doc).ObjectMeta
		case "StorageClass":
			meta = decodeStrict[storagev1.StorageClass](t, doc).ObjectMeta
		case "PersistentVolume":
			meta = decodeStrict[corev1.PersistentVolume](t, doc).ObjectMeta
		case "PersistentVolumeClaim":
			meta = decodeStrict[corev1.PersistentVolumeClaim](t, doc).ObjectMeta
		default:
			t.Fatalf("unexpected kind %q:\n%s", tm.Kind, doc)
		}
		got = append(got, tm.Kind+" "+meta.Namespace+"/"+meta.Name)
	}
	return got
}

// TestKubernetesManifests checks the one-output form: the Namespace (unless omitted),
// the StorageClass, then each enabled access point's volume and claim, exactly the
// documents of the per-object renderings, and a refusal when an access point ID is
// missing.
func TestKubernetesManifests(t *testing.T) {
	ids := map[string]string{"kafka_backups": "fsap-0000000000000000a", "kafka_connect": "fsap-0000000000000000b", "shared_logs": "fsap-0000000000000000c"}
	for _, tc := range []struct {
		name string
		edit func(*Config)
		want []string
	}{
		{"all", func(c *Config) {
			c.CreateKafkaBackupAccessPoint, c.CreateKafkaConnectAccessPoint, c.CreateSharedLogsAccessPoint = true, true, true
		}, []string{
			"Namespace /streaming", "StorageClass /kafka-prod-efs-sc",
			"PersistentVolume /kafka-prod-kafka-backups-pv", "PersistentVolumeClaim streaming/kafka-prod-kafka-backups-pvc",
			"PersistentVolume /kafka-prod-kafka-connect-pv", "PersistentVolumeClaim streaming/kafka-prod-kafka-connect-pvc",
			"PersistentVolume /kafka-prod-shared-logs-pv", "PersistentVolumeClaim streaming/kafka-prod-shared-logs-pvc",
		}},
		{"namespace omitted", func(c *Config) {
			c.CreateKafkaConnectAccessPoint, c.OmitKubernetesNamespace = true, true
		}, []string{
			"StorageClass /kafka-prod-efs-sc",
			"PersistentVolume /kafka-prod-kafka-connect-pv", "PersistentVolumeClaim streaming/kafka-prod-kafka-connect-pvc",
		}},
		{"no access point", func(c *Config) {}, []string{"Namespace /streaming", "StorageClass /kafka-prod-efs-sc"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := manifestConfig
			tc.edit(&c)
			out, err := c.KubernetesManifests(testFileSystemID, ids, true)
			if err != nil {
				t.Fatal(err)
			}
			if got := manifestKinds(t, out); !slices.Equal(got, tc.want) {
				t.Errorf("objects = %q, want %q", got, tc.want)
			}
			// The bundle is the per-object renderings joined, byte for byte.
			sc, _ := c.StorageClassManifest(testFileSystemID, true)
			if !strings.Contains(out, sc) {
				t.Errorf("bundle lacks the StorageClass output:\n%s", out)
			}
			for _, ap := range c.EnabledAccessPoints() {
				pv, _ := c.VolumeManifest(ap, testFileSystemID, ids[ap.Key], true)
				if !strings.Contains(out, pv) {
					t.Errorf("bundle lacks the %s volume output", ap.Key)
				}
			}
		})
	}

	c := manifestConfig
	c.CreateSharedLogsAccessPoint = true
	_, err := c.KubernetesManifests(testFileSystemID, map[string]string{"kafka_backups": "fsap-0000000000000000a"}, false)
	if err == nil || !strings.Contains(err.Error(), "shared_logs") {
		t.Errorf("missing access point ID: err = %v, want one naming shared_logs", err)
	}
}
