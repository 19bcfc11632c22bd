package stacks

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kafka-efs/kafka-efs/constructs/kafkaefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	"sigs.k8s.io/yaml"

	"github.com/kafka-efs/kafka-efs/internal/kafkaefstest"
	"github.com/kafka-efs/kafka-efs/internal/tfjson"
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
	tfjson.DecodeStrict(t, doc, obj)
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
			handle := regexp.MustCompile(`volumeHandle: efs:(\S+)::(\S+)`).FindStringSubmatch(text)
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
			assert.Equal(t, "efs:fs-0123456789abcdef0::fsap-0123456789abcdef0", pv.Spec.CSI.VolumeHandle)
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

// claimsOf reads, from a stack's PersistentVolume outputs, the claim of each access point
// the stack creates, by root directory path, and the namespace they share: the smoke test
// and the Kafka fragments must name exactly these.
func claimsOf(t *testing.T, s stackJSON, paths []string) (claims map[string]string, namespace string) {
	t.Helper()
	claims = map[string]string{}
	for _, p := range paths {
		output, ok := kafkaefstest.VolumeOutputs[p]
		require.True(t, ok, "no volume output known for %s", p)
		docs := strings.Split(resolve(t, s.output(t, output).(string)), "---\n")
		require.Len(t, docs, 2, output)
		var pvc corev1.PersistentVolumeClaim
		decodeStrict(t, docs[1], &pvc)
		claims[p] = pvc.Name
		if namespace == "" {
			namespace = pvc.Namespace
		}
		require.Equal(t, namespace, pvc.Namespace, "claims in one namespace")
	}
	require.NotEmpty(t, namespace)
	return claims, namespace
}

// TestWorkloadOutputs decodes, for every stack, the smoke-test Job strictly into
// batchv1.Job and the Kafka Connect fragments strictly into their types, and checks that
// each exists exactly when the stack creates an access point it mounts and names the
// claims and the namespace of the stack's volume outputs.
func TestWorkloadOutputs(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		outputs := s.block("output")
		claims, namespace := claimsOf(t, s, w.accessPoints)

		claim, job := smokeTestObjects(t, s)
		assert.Equal(t, namespace, claim.Namespace)
		require.NotNil(t, claim.Spec.StorageClassName)
		assert.Equal(t, testSettings.ProjectName+"-"+name+"-efs-sc", *claim.Spec.StorageClassName, "the smoke test's claim goes through the stack's StorageClass")
		assert.Equal(t, "Job", job.Kind)
		assert.Equal(t, namespace, job.Namespace)
		assert.Equal(t, testSettings.ProjectName+"-"+name+"-efs-smoke-test", job.Name, "one Job per file system")
		pod := job.Spec.Template.Spec
		require.Len(t, pod.Containers, 1)
		c := pod.Containers[0]
		assert.Equal(t, kafkaefs.DefaultSmokeTestImage, c.Image)
		require.NotNil(t, pod.SecurityContext.RunAsUser)
		assert.EqualValues(t, 1000, *pod.SecurityContext.RunAsUser)
		require.NotNil(t, job.Spec.ActiveDeadlineSeconds)
		require.Len(t, pod.Volumes, len(w.accessPoints)+1)
		require.Len(t, c.VolumeMounts, len(w.accessPoints)+1)
		last := pod.Volumes[len(w.accessPoints)]
		require.NotNil(t, last.PersistentVolumeClaim)
		assert.Equal(t, claim.Name, last.PersistentVolumeClaim.ClaimName, "the Job mounts its dynamic claim last")
		for i, p := range w.accessPoints {
			require.NotNil(t, pod.Volumes[i].PersistentVolumeClaim, p)
			assert.Equal(t, claims[p], pod.Volumes[i].PersistentVolumeClaim.ClaimName, p)
			assert.Equal(t, "/mnt"+p, c.VolumeMounts[i].MountPath, p)
			assert.Equal(t, pod.Volumes[i].Name, c.VolumeMounts[i].Name, p)
		}

		plugins, hasPlugins := claims["/kafka-connect-plugins"]
		_, hasCFK := outputs["confluent_connect_fragment"]
		require.Equal(t, hasPlugins, hasCFK, "confluent_connect_fragment exists exactly with the plugins access point")
		if hasCFK {
			var cfk kafkaefs.ConfluentConnect
			decodeStrict(t, s.output(t, "confluent_connect_fragment").(string), &cfk)
			assert.Equal(t, "platform.confluent.io/v1beta1", cfk.APIVersion)
			assert.Equal(t, namespace, cfk.Metadata.Namespace)
			mv := cfk.Spec.MountedVolumes
			require.Len(t, mv.Volumes, 1)
			require.NotNil(t, mv.Volumes[0].PersistentVolumeClaim)
			assert.Equal(t, plugins, mv.Volumes[0].PersistentVolumeClaim.ClaimName)
			require.Len(t, mv.VolumeMounts, 1)
			assert.Equal(t, []string{"plugin.path=/usr/share/java,/usr/share/confluent-hub-components,/mnt/plugins," + mv.VolumeMounts[0].MountPath},
				cfk.Spec.ConfigOverrides.Server, "CFK's folders, /mnt/plugins (build.onDemand) included, and the volume")
		}

		var strimziClaims []string
		for _, p := range []string{"/kafka-backups", "/shared-logs"} {
			if claim, ok := claims[p]; ok {
				strimziClaims = append(strimziClaims, claim)
			}
		}
		_, hasStrimzi := outputs["strimzi_kafka_connect_fragment"]
		require.Equal(t, len(strimziClaims) > 0, hasStrimzi, "strimzi_kafka_connect_fragment exists exactly with backups or shared logs")
		if hasStrimzi {
			fragment := s.output(t, "strimzi_kafka_connect_fragment").(string)
			assert.NotContains(t, fragment, "plugin.path")
			var strimzi kafkaefs.StrimziKafkaConnect
			decodeStrict(t, fragment, &strimzi)
			assert.Equal(t, "kafka.strimzi.io/v1", strimzi.APIVersion)
			assert.Equal(t, namespace, strimzi.Metadata.Namespace)
			var got []string
			for _, v := range strimzi.Spec.Template.Pod.Volumes {
				require.NotNil(t, v.PersistentVolumeClaim, v.Name)
				got = append(got, v.PersistentVolumeClaim.ClaimName)
			}
			assert.Equal(t, strimziClaims, got)
			require.Len(t, strimzi.Spec.Template.ConnectContainer.VolumeMounts, len(strimziClaims))
			for _, m := range strimzi.Spec.Template.ConnectContainer.VolumeMounts {
				assert.True(t, strings.HasPrefix(m.MountPath, "/mnt/"), m.MountPath)
			}
		}
	})
}

// smokeTestObjects decodes a stack's kubernetes_smoke_test_job output strictly: the
// smoke test's claim, then its Job.
func smokeTestObjects(t *testing.T, s stackJSON) (corev1.PersistentVolumeClaim, batchv1.Job) {
	t.Helper()
	docs := strings.Split(s.output(t, "kubernetes_smoke_test_job").(string), "---\n")
	require.Len(t, docs, 2, "kubernetes_smoke_test_job holds the claim and the Job")
	var claim corev1.PersistentVolumeClaim
	var job batchv1.Job
	decodeStrict(t, docs[0], &claim)
	decodeStrict(t, docs[1], &job)
	require.Equal(t, "PersistentVolumeClaim", claim.Kind)
	require.Equal(t, "Job", job.Kind)
	return claim, job
}

// TestAfterDeployStepsMatchDocs reads help's after-deploy block: every command there is in
// docs/kubernetes.md, in the same order; every output it reads exists in the prod stack;
// the smoke-test commands name the Job and namespace of its output, and wait longer than
// the Job's deadline, so that a timeout means a failed Job, never a slow one.
func TestAfterDeployStepsMatchDocs(t *testing.T) {
	help, err := os.ReadFile("../help")
	require.NoError(t, err)
	docs, err := os.ReadFile("../docs/kubernetes.md")
	require.NoError(t, err)
	_, block, ok := strings.Cut(string(help), "\n  After deploying")
	require.True(t, ok, "help has no After deploying block")
	block, _, ok = strings.Cut(block, "\n  Other outputs")
	require.True(t, ok, "help's After deploying block has no Other outputs part")

	claim, job := smokeTestObjects(t, synthesized["prod"])
	outputs := synthesized["prod"].block("output")
	annotation := regexp.MustCompile(`\s{3,}`)
	rest := string(docs)
	var commands int
	for _, line := range strings.Split(block, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "terraform ") && !strings.HasPrefix(line, "kubectl ") {
			continue
		}
		command := annotation.Split(line, 2)[0]
		commands++
		i := strings.Index(rest, command)
		require.GreaterOrEqual(t, i, 0, "help's command is not in docs/kubernetes.md after the previous one:\n%s", command)
		rest = rest[i+len(command):]

		if m := regexp.MustCompile(`output -raw (\w+)`).FindStringSubmatch(command); m != nil {
			assert.Contains(t, outputs, m[1], "help reads an output the prod stack lacks")
		}
		switch {
		case strings.Contains(command, claim.Name):
			assert.Contains(t, command, "-n "+claim.Namespace+" ", command)
			assert.Regexp(t, ` `+regexp.QuoteMeta(claim.Name)+`( |$)`, command)
		case strings.Contains(command, job.Name):
			assert.Contains(t, command, "-n "+job.Namespace+" ", command)
			assert.Regexp(t, `(job/| |job-name=)`+regexp.QuoteMeta(job.Name)+`( |$)`, command)
		}
		if m := regexp.MustCompile(`wait .*--timeout=(\d+)s`).FindStringSubmatch(command); m != nil {
			timeout, err := strconv.Atoi(m[1])
			require.NoError(t, err)
			require.NotNil(t, job.Spec.ActiveDeadlineSeconds)
			assert.Greater(t, int64(timeout), *job.Spec.ActiveDeadlineSeconds, "kubectl wait must outlast the Job's deadline")
			assert.Contains(t, command, "--for=condition=complete job/"+job.Name+" ", "wait for the Job of the output, by name")
		}
	}
	assert.GreaterOrEqual(t, commands, 15, "help's after-deploy block lost its commands")
	assert.Contains(t, block, "kubectl create namespace kafka --dry-run=client -o yaml | kubectl apply -f -",
		"the namespace command must succeed on a second run")
	deleteJob := "kubectl -n " + job.Namespace + " delete job " + job.Name + " --ignore-not-found"
	assert.Contains(t, block, deleteJob, "a second run must delete the first Job")
	assert.NotContains(t, block, "kubectl delete -f efs-smoke-test.yaml", "deleting by file would delete the smoke test's claim, and a new volume would be provisioned each run")
	assert.Regexp(t, `output -raw kubernetes_smoke_test_job > efs-smoke-test.yaml\n\s*`+regexp.QuoteMeta(deleteJob)+`\n\s*kubectl apply -f efs-smoke-test.yaml\n`,
		block, "the Job is rendered, its previous run deleted, then applied")
	assert.Contains(t, block, "output -raw kubernetes_manifests > ", "help names the one-output form")
	for name := range outputs {
		if strings.HasPrefix(name, "kubernetes_pv_") {
			assert.Contains(t, block, "output -raw "+name+" ", "help must apply every volume output")
		}
	}
}

// gitOpsDir is the Kustomize directory of docs/kubernetes.md's GitOps section.
const gitOpsDir = "gitops/kafka-efs/prod"

// docBlock returns the fenced block of docs/kubernetes.md whose first line is marker,
// up to its closing fence.
func docBlock(t *testing.T, docs, marker string) string {
	t.Helper()
	_, rest, ok := strings.Cut(docs, "```yaml\n"+marker+"\n")
	require.True(t, ok, "docs/kubernetes.md has no yaml block starting with %q", marker)
	block, _, ok := strings.Cut(rest, "```")
	require.True(t, ok)
	return block
}

// kustomizeBuild writes files into a new directory, runs `kubectl kustomize` on it and
// returns "Kind namespace/name" for every object of the result, with the objects by that
// key. KAFKA_EFS_KUSTOMIZE names a standalone kustomize binary to run instead
// (`kustomize build`), the engine kubectl embeds (kubectl 1.32: kustomize v5.5.0), which
// .ci/run builds from the Go module proxy on a machine without kubectl. Without either
// the test is skipped, or fails under CI=true.
func kustomizeBuild(t *testing.T, files map[string]string) ([]string, map[string]map[string]any) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600))
	}
	var cmd *exec.Cmd
	if kustomize := os.Getenv("KAFKA_EFS_KUSTOMIZE"); kustomize != "" {
		cmd = exec.Command(kustomize, "build", dir)
	} else {
		kubectl, err := exec.LookPath("kubectl")
		if err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("kubectl is not on PATH and KAFKA_EFS_KUSTOMIZE is not set: CI must install one to build the GitOps directory: %v", err)
			}
			t.Skipf("SKIPPED, NOT PASSED: kubectl is not on PATH and KAFKA_EFS_KUSTOMIZE is not set: %v", err)
		}
		cmd = exec.Command(kubectl, "kustomize", dir)
	}
	cmd.Env = append(os.Environ(), "KUBECONFIG="+filepath.Join(dir, "no-kubeconfig"))
	out, err := cmd.Output()
	var stderr []byte
	if exit, ok := err.(*exec.ExitError); ok {
		stderr = exit.Stderr
	}
	require.NoError(t, err, "kubectl kustomize: %s", stderr)
	var keys []string
	objects := map[string]map[string]any{}
	for _, doc := range strings.Split(string(out), "\n---\n") {
		var obj map[string]any
		require.NoError(t, yaml.Unmarshal([]byte(doc), &obj), doc)
		meta, _ := obj["metadata"].(map[string]any)
		ns, _ := meta["namespace"].(string)
		key := fmt.Sprintf("%s %s/%s", obj["kind"], ns, meta["name"])
		require.NotContains(t, objects, key, "kustomize built %s twice", key)
		keys = append(keys, key)
		objects[key] = obj
	}
	return keys, objects
}

// TestGitOpsDirectoryBuilds builds, for every stack, the Kustomize directory that
// docs/kubernetes.md's GitOps section describes, from the stack's outputs (the
// references to the file system and access points resolved to sample IDs, as Terraform
// resolves them at apply) and the section's own kustomization.yaml, runs `kubectl
// kustomize` on it, and checks that every object comes out: the Namespace, the
// StorageClass, each volume and claim the stack's volume outputs declare, the smoke
// test's claim and its Job, hook annotations kept. The stacks' builds run side by side:
// each waits on a kubectl process (about half a second), and this test is the longest of
// go test -short's stacks package.
func TestGitOpsDirectoryBuilds(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../docs/kubernetes.md")
	require.NoError(t, err)
	docs := string(raw)
	kustomization := docBlock(t, docs, "# "+gitOpsDir+"/kustomization.yaml")
	for _, file := range []string{"manifests.yaml", "smoke-test.yaml"} {
		assert.Contains(t, kustomization, "  - "+file+"\n", "kustomization.yaml lists %s", file)
	}
	for output, file := range map[string]string{"kubernetes_manifests": "manifests.yaml", "kubernetes_smoke_test_job": "smoke-test.yaml"} {
		assert.Contains(t, docs, "output -raw "+output+" > "+gitOpsDir+"/"+file, "the docs write %s into %s", output, file)
	}

	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		t.Parallel()
		keys, objects := kustomizeBuild(t, map[string]string{
			"kustomization.yaml": kustomization,
			"manifests.yaml":     resolve(t, s.output(t, "kubernetes_manifests").(string)),
			"smoke-test.yaml":    resolve(t, s.output(t, "kubernetes_smoke_test_job").(string)),
		})
		claims, namespace := claimsOf(t, s, w.accessPoints)
		prefix := testSettings.ProjectName + "-" + name
		want := []string{"Namespace /" + namespace, "StorageClass /" + prefix + "-efs-sc"}
		for _, p := range w.accessPoints {
			volume := strings.TrimSuffix(claims[p], "-pvc") + "-pv"
			want = append(want, "PersistentVolume /"+volume, "PersistentVolumeClaim "+namespace+"/"+claims[p])
		}
		want = append(want, "PersistentVolumeClaim "+namespace+"/"+prefix+"-efs-smoke-test-pvc", "Job "+namespace+"/"+prefix+"-efs-smoke-test")
		assert.ElementsMatch(t, want, keys)
		assert.Equal(t, "Namespace /"+namespace, keys[0], "kustomize puts the Namespace first")

		job := objects["Job "+namespace+"/"+prefix+"-efs-smoke-test"]
		require.NotNil(t, job)
		annotations := path(job, "metadata", "annotations")
		assert.Equal(t, map[string]any{
			"argocd.argoproj.io/hook": "PostSync", "argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation",
			"kustomize.toolkit.fluxcd.io/force": "enabled",
		}, annotations)
		assert.Nil(t, path(job, "spec", "ttlSecondsAfterFinished"), "a self-deleting Job would be recreated by every sync")
		for _, p := range w.accessPoints {
			pv := objects["PersistentVolume /"+strings.TrimSuffix(claims[p], "-pvc")+"-pv"]
			assert.Equal(t, "efs:fs-0123456789abcdef0::fsap-0123456789abcdef0", path(pv, "spec", "csi", "volumeHandle"), p)
		}
	})

	// A namespace owned by another tool: the output leaves it out, and the directory still
	// builds with everything else. Rendered by the construct's pure functions with
	// literal IDs, as the stacks do with references.
	t.Run("namespace omitted", func(t *testing.T) {
		c := kafkaefs.Config{ProjectName: "acme", Environment: "gitops", KubernetesNamespaceName: "streaming",
			CreateKafkaBackupAccessPoint: true, OmitKubernetesNamespace: true}
		manifests, err := c.KubernetesManifests("fs-0123456789abcdef0", map[string]string{"kafka_backups": "fsap-0123456789abcdef0"}, true)
		require.NoError(t, err)
		keys, _ := kustomizeBuild(t, map[string]string{
			"kustomization.yaml": strings.Replace(kustomization, "  - smoke-test.yaml\n", "", 1),
			"manifests.yaml":     manifests,
		})
		assert.Equal(t, []string{"StorageClass /acme-gitops-efs-sc", "PersistentVolume /acme-gitops-kafka-backups-pv",
			"PersistentVolumeClaim streaming/acme-gitops-kafka-backups-pvc"}, keys)
	})
}

// path returns the value at a path of nested maps, nil when a step is missing.
func path(m map[string]any, keys ...string) any {
	var v any = m
	for _, k := range keys {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = obj[k]
	}
	return v
}

// TestGitOpsToolObjects decodes the Argo CD Application and the Flux Kustomization of
// docs/kubernetes.md and checks that both deploy the GitOps directory, and that Flux
// waits longer than the smoke test's deadline, so that a timeout means a failed test.
func TestGitOpsToolObjects(t *testing.T) {
	raw, err := os.ReadFile("../docs/kubernetes.md")
	require.NoError(t, err)
	docs := string(raw)
	var app, flux map[string]any
	require.NoError(t, yaml.UnmarshalStrict([]byte(docBlock(t, docs, "# Argo CD Application for "+gitOpsDir)), &app))
	require.NoError(t, yaml.UnmarshalStrict([]byte(docBlock(t, docs, "# Flux Kustomization for "+gitOpsDir)), &flux))

	assert.Equal(t, "argoproj.io/v1alpha1", app["apiVersion"])
	assert.Equal(t, "Application", app["kind"])
	assert.Equal(t, gitOpsDir, path(app, "spec", "source", "path"))
	assert.Equal(t, true, path(app, "spec", "syncPolicy", "automated", "prune"))

	assert.Equal(t, "kustomize.toolkit.fluxcd.io/v1", flux["apiVersion"])
	assert.Equal(t, "Kustomization", flux["kind"])
	assert.Equal(t, "./"+gitOpsDir, path(flux, "spec", "path"))
	assert.Equal(t, true, path(flux, "spec", "wait"), "wait: the Job's completion is the Kustomization's health")
	timeout, err := time.ParseDuration(path(flux, "spec", "timeout").(string))
	require.NoError(t, err)
	_, job := smokeTestObjects(t, synthesized["prod"])
	require.NotNil(t, job.Spec.ActiveDeadlineSeconds)
	assert.Greater(t, timeout, time.Duration(*job.Spec.ActiveDeadlineSeconds)*time.Second, "Flux must wait longer than the Job's deadline")
}
