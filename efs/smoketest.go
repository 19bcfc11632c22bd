package efs

import (
	"fmt"
	"strconv"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// DefaultSmokeTestImage is the image of the smoke-test Job when Config.SmokeTestImage is
// empty: the Docker Official Image busybox 1.37.0, pinned by the digest of its
// multi-platform index as docker-library/repo-info lists it
// (https://github.com/docker-library/repo-info/blob/01a7054230d50b3dccaf8d579f161c522be8c9f0/repos/busybox/remote/1.37.0.md,
// layers of 2026-05-22). The tag says what it is, the digest makes the pull
// reproducible: a node pulls exactly this index, whatever the tag points at later. The
// registry is named in full so that runtimes that refuse short names (CRI-O with
// short-name enforcing) pull it too. Its shell is ash, and it has awk, stat -c, dd
// conv=fsync and date, all the script needs.
const DefaultSmokeTestImage = "docker.io/library/busybox:1.37.0@sha256:9db7b59979c38555a39def84a31fb98b5296952f9e3afd4f6f11f05b07adfab0"

// SmokeTestJobName names the smoke-test Job: "<project>-<environment>-efs-smoke-test",
// unique per file system like the claims it mounts, so that two file systems' Jobs can
// run side by side in one namespace, and fixed, so that the after-deploy steps can delete
// the previous run and wait for this one by name. Validate keeps it within the 63
// characters of the job-name label Kubernetes puts on the Job's pods.
func (c Config) SmokeTestJobName() string { return c.Name() + "-efs-smoke-test" }

// SmokeTestClaimName names the smoke test's own claim, provisioned dynamically through
// StorageClassName: "<project>-<environment>-efs-smoke-test-pvc". The name is fixed so
// that every run reuses the one volume: the StorageClass retains volumes, and a new
// claim per run would leave an access point behind each time.
func (c Config) SmokeTestClaimName() string { return c.SmokeTestJobName() + "-pvc" }

// smokeTestDynamicPath is where the Job mounts SmokeTestClaimName, beside the static
// volumes under podMountRoot; "dynamic" like the StorageClass's basePath.
const smokeTestDynamicPath = podMountRoot + "/dynamic"

// smokeTestClaimCapacity is what the smoke test's claim requests: the API needs a size,
// EFS enforces none.
var smokeTestClaimCapacity = resource.MustParse("1Gi")

// Limits of the smoke-test Job.
const (
	// smokeTestDeadlineSeconds bounds the whole Job, pod scheduling, image pull and
	// mounts included: a mount that never succeeds (security group, policy, identity)
	// leaves the pod in ContainerCreating, and the deadline turns that into a failed Job
	// (reason DeadlineExceeded) instead of one that waits forever.
	smokeTestDeadlineSeconds = 300
)

// smokeTestGitOpsAnnotations make the Job one that a GitOps tool runs once per sync and
// does not fight over. The Job has no ttlSecondsAfterFinished: a Job that deletes itself
// is missing from the cluster at the next reconciliation, and Argo CD or Flux create it
// again, forever. The finished Job stays instead (its log with it) until the next run
// replaces it:
//   - Argo CD runs it as a PostSync hook, once every resource of the sync is healthy
//     (the claims Bound), and deletes the previous run just before it creates the next
//     one (hook-delete-policy BeforeHookCreation):
//     https://argo-cd.readthedocs.io/en/stable/user-guide/resource_hooks/.
//   - Flux's kustomize-controller applies it like any object: unchanged, it is left
//     alone; changed, the API refuses the update of a Job's template, and the force
//     annotation makes the controller delete and create it anew, which runs it again
//     (https://fluxcd.io/flux/use-cases/running-jobs/, and the force annotation of
//     fluxcd/kustomize-controller #787).
//
// kubectl ignores all three; the after-deploy steps delete the previous run themselves.
var smokeTestGitOpsAnnotations = map[string]string{
	"argocd.argoproj.io/hook":               "PostSync",
	"argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation",
	"kustomize.toolkit.fluxcd.io/force":     "enabled",
}

// smokeTestScript is the Job's program, POSIX sh as busybox ash runs it. Its arguments
// are pairs "<claim> <mount path>", one pair per volume; POD_NAME, EXPECTED_OWNER
// ("<uid>:<gid>"), DYNAMIC_CLAIM (the claim provisioned through the StorageClass) and
// STORAGE_CLASS (its class) come from the environment. For each volume, in order, it checks that
// the path is an NFS mount (step mount), writes a file holding a unique token (write),
// flushes that file to the server (sync), reads it back (read), checks its owner
// (owner) and deletes it (delete). The first failure prints one line,
//
//	FAIL claim <claim> at <path>: step <step>: <detail>
//
// and exits 1; the file it wrote, if any, is removed on the way out. When the claim is
// DYNAMIC_CLAIM, the line goes on with
//
//	(dynamic volume of StorageClass <class>: ...)
//
// naming the class and pointing at the EFS CSI controller, which created the volume's
// access point under its own permissions. A passing volume
// prints "ok claim <claim> at <path>: ...", and the end "PASS <n> volumes". The token
// (pod name, UTC time, a kernel UUID) cannot collide with a file of another run, or of
// another pod running at the same time.
//
// Each command's error text is captured, flattened to one line and put in the FAIL line,
// so that the last line of the log says it all (the container's
// terminationMessagePolicy copies the log's tail, which ends with it, into the pod's
// status).
//
// The sync step is an fsync(2) of the one file, through dd conv=fsync (busybox and GNU
// alike), which also reports the error of its close(2), where NFS returns a failed
// write. Not `sync FILE`: docker-library/busybox builds its images without
// CONFIG_FEATURE_SYNC_FANCY (latest/glibc/Dockerfile.builder, unsetConfs), and that
// sync ignores its arguments and flushes every file system of the node.
//
// The text holds no "${" and no "%{": the manifest travels as a Terraform output value,
// in which both would start an interpolation or a template directive.
const smokeTestScript = `set -u
file= claim=none dir=none
fail() {
  hint=
  if [ "$claim" = "$DYNAMIC_CLAIM" ]; then
    hint=" (dynamic volume of StorageClass $STORAGE_CLASS: its access point was created by the EFS CSI controller; check the StorageClass and the controller's permissions, kube-system/efs-csi-controller-sa)"
  fi
  printf 'FAIL claim %s at %s: step %s: %s%s\n' "$claim" "$dir" "$1" "$(printf '%s' "$2" | tr '\n' ' ')" "$hint"
  exit 1
}
trap 'if [ -n "$file" ]; then rm -f "$file"; fi' EXIT
if [ "$#" -eq 0 ] || [ $(($# % 2)) -ne 0 ]; then
  fail arguments "want pairs of claim and mount path, got $# arguments"
fi
volumes=$(($# / 2))
token="$POD_NAME-$(date -u +%Y%m%dT%H%M%SZ)-$(cat /proc/sys/kernel/random/uuid)"
while [ "$#" -gt 0 ]; do
  claim=$1 dir=$2
  shift 2
  awk -v d="$dir" '$2 == d && ($3 == "nfs4" || $3 == "nfs") { found = 1 } END { exit (found ? 0 : 1) }' /proc/mounts ||
    fail mount "$dir is not an NFS mount"
  file="$dir/.kafka-efs-smoke-test-$token"
  err=$( (printf '%s\n' "$token" >"$file") 2>&1 ) || fail write "$err"
  err=$(dd if=/dev/null of="$file" conv=notrunc,fsync 2>&1) || fail sync "$err"
  got=$(cat "$file" 2>&1) || fail read "$got"
  [ "$got" = "$token" ] || fail read "read back other content than was written"
  owner=$(stat -c %u:%g "$file" 2>&1) || fail owner "$owner"
  [ "$owner" = "$EXPECTED_OWNER" ] || fail owner "file owned by $owner, want $EXPECTED_OWNER"
  err=$(rm "$file" 2>&1) || fail delete "$err"
  [ ! -e "$file" ] || fail delete "file still exists after rm"
  file=
  printf 'ok claim %s at %s: mount, write, sync, read, owner %s, delete\n' "$claim" "$dir" "$owner"
done
printf 'PASS %d volumes\n' "$volumes"
`

// smokeTestResources is a few shell commands' worth. CPU and memory are limited so that
// the Job fits namespaces with a ResourceQuota and cannot starve a Kafka node.
var smokeTestResources = corev1.ResourceRequirements{
	Requests: corev1.ResourceList{
		corev1.ResourceCPU:    resource.MustParse("10m"),
		corev1.ResourceMemory: resource.MustParse("16Mi"),
	},
	Limits: corev1.ResourceList{
		corev1.ResourceCPU:    resource.MustParse("100m"),
		corev1.ResourceMemory: resource.MustParse("32Mi"),
	},
}

// SmokeTestManifest renders the smoke test as two YAML documents separated by "---\n":
// its own claim (SmokeTestClaimManifest) and the Job (SmokeTestJobManifest). This is
// the kubernetes_smoke_test_job output. The claim comes first, so that one `kubectl
// apply -f` creates it before the Job that mounts it; a second apply leaves it as it is.
func (c Config) SmokeTestManifest(aps []AccessPoint) (string, error) {
	claim, err := c.SmokeTestClaimManifest()
	if err != nil {
		return "", err
	}
	job, err := c.SmokeTestJobManifest(aps)
	if err != nil {
		return "", err
	}
	return claim + "---\n" + job, nil
}

// SmokeTestClaimManifest renders the PersistentVolumeClaim SmokeTestClaimName in
// KubernetesNamespace, provisioned by the EFS CSI driver through StorageClassName: a
// new access point under /dynamic, owned by the StorageClass's uid/gid (PosixUID,
// PosixGID). Its volume proves dynamic provisioning, hence the controller's identity
// and permissions, which the static volumes never exercise.
//
// Removing it: the StorageClass retains volumes, so deleting the claim leaves its
// PersistentVolume Released and its access point in place; docs/kubernetes.md says how
// to remove both.
func (c Config) SmokeTestClaimManifest() (string, error) {
	class, name, namespace := c.StorageClassName(), c.SmokeTestClaimName(), c.KubernetesNamespace()
	pvc := corev1.PersistentVolumeClaim{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "PersistentVolumeClaim"},
		ObjectMeta: objectMeta(name, namespace, "smoke-test"),
		Spec: corev1.PersistentVolumeClaimSpec{
			AccessModes:      readWriteMany,
			StorageClassName: &class,
			VolumeMode:       &filesystemMode,
			Resources: corev1.VolumeResourceRequirements{
				Requests: corev1.ResourceList{corev1.ResourceStorage: smokeTestClaimCapacity},
			},
		},
	}
	out, err := marshalManifest(&pvc)
	if err != nil {
		return "", fmt.Errorf("persistent volume claim %s/%s: %w", namespace, name, err)
	}
	return out, nil
}

// SmokeTestJobManifest renders the batch/v1 Job SmokeTestJobName in KubernetesNamespace
// that mounts the claim of every access point in aps (at podMountPath) and, last, the
// dynamically provisioned SmokeTestClaimName (at /mnt/dynamic), and runs smokeTestScript
// on them with the SmokeTestImage, as the access points' POSIX user. It carries
// smokeTestGitOpsAnnotations.
//
// The pod meets the Pod Security Standard "restricted": uid/gid PosixUID/PosixGID,
// runAsNonRoot, seccomp RuntimeDefault, no privilege escalation, every capability
// dropped, a read-only root file system (the script writes to the volumes only), no
// service account token (it calls no API). No fsGroup: the access point already makes
// every file 1000:1000, and a kubelet chown would be pointless.
//
// backoffLimit 0: a failed check is a finding about the deployment, and a retry would
// only bury its log line under a second pod. The Job runs at most
// smokeTestDeadlineSeconds; it is not deleted when it finishes (see
// smokeTestGitOpsAnnotations), so its log stays until the next run.
//
// The claim names and the namespace are those of VolumeManifest: the Job mounts exactly
// what the stack's PersistentVolume outputs declare.
func (c Config) SmokeTestJobManifest(aps []AccessPoint) (string, error) {
	jobName, namespace := c.SmokeTestJobName(), c.KubernetesNamespace()
	if len(aps) == 0 {
		return "", fmt.Errorf("smoke test job %s: no access point to test", jobName)
	}
	var volumes []corev1.Volume
	var mounts []corev1.VolumeMount
	var args []string
	for _, ap := range aps {
		// A pod's volume names are local to it: the component (kafka-backups) is a
		// DNS label whatever the claim is called.
		name := componentName(ap)
		volumes = append(volumes, corev1.Volume{
			Name: name,
			VolumeSource: corev1.VolumeSource{
				PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: c.ClaimName(ap.Key)},
			},
		})
		mounts = append(mounts, corev1.VolumeMount{Name: name, MountPath: podMountPath(ap)})
		args = append(args, c.ClaimName(ap.Key), podMountPath(ap))
	}
	volumes = append(volumes, corev1.Volume{
		Name: "dynamic",
		VolumeSource: corev1.VolumeSource{
			PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: c.SmokeTestClaimName()},
		},
	})
	mounts = append(mounts, corev1.VolumeMount{Name: "dynamic", MountPath: smokeTestDynamicPath})
	args = append(args, c.SmokeTestClaimName(), smokeTestDynamicPath)

	// The API takes these settings as pointers.
	uid, gid := int64(PosixUID), int64(PosixGID)
	deadline, backoffLimit := int64(smokeTestDeadlineSeconds), int32(0)
	yes, no := true, false

	meta := objectMeta(jobName, namespace, "smoke-test")
	meta.Annotations = smokeTestGitOpsAnnotations
	job := batchv1.Job{
		TypeMeta:   metav1.TypeMeta{APIVersion: "batch/v1", Kind: "Job"},
		ObjectMeta: meta,
		Spec: batchv1.JobSpec{
			BackoffLimit:          &backoffLimit,
			ActiveDeadlineSeconds: &deadline,
			Template: corev1.PodTemplateSpec{
				// Labels only: the annotations are the Job's, for the GitOps tools.
				ObjectMeta: metav1.ObjectMeta{Labels: meta.Labels},
				Spec: corev1.PodSpec{
					RestartPolicy:                corev1.RestartPolicyNever,
					AutomountServiceAccountToken: &no,
					SecurityContext: &corev1.PodSecurityContext{
						RunAsUser:      &uid,
						RunAsGroup:     &gid,
						RunAsNonRoot:   &yes,
						SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
					},
					Containers: []corev1.Container{{
						Name:            "smoke-test",
						Image:           c.smokeTestImage(),
						ImagePullPolicy: corev1.PullIfNotPresent,
						// $0 of the script names it in the shell's own messages.
						Command: []string{"/bin/sh", "-c", smokeTestScript, jobName},
						Args:    args,
						Env: []corev1.EnvVar{
							{Name: "POD_NAME", ValueFrom: &corev1.EnvVarSource{
								FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.name"},
							}},
							{Name: "EXPECTED_OWNER", Value: strconv.Itoa(PosixUID) + ":" + strconv.Itoa(PosixGID)},
							{Name: "DYNAMIC_CLAIM", Value: c.SmokeTestClaimName()},
							{Name: "STORAGE_CLASS", Value: c.StorageClassName()},
						},
						Resources:    smokeTestResources,
						VolumeMounts: mounts,
						// The log's tail, ending with the FAIL line, becomes the pod's
						// termination message, shown by kubectl describe and kept in the
						// pod status.
						TerminationMessagePolicy: corev1.TerminationMessageFallbackToLogsOnError,
						SecurityContext: &corev1.SecurityContext{
							RunAsUser:                &uid,
							RunAsGroup:               &gid,
							RunAsNonRoot:             &yes,
							Privileged:               &no,
							AllowPrivilegeEscalation: &no,
							ReadOnlyRootFilesystem:   &yes,
							Capabilities:             &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
						},
					}},
					Volumes: volumes,
				},
			},
		},
	}
	out, err := marshalManifest(&job)
	if err != nil {
		return "", fmt.Errorf("smoke test job %s/%s: %w", namespace, jobName, err)
	}
	return out, nil
}
