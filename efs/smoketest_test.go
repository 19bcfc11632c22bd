package efs

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
)

// smokeTestCases are the access point sets a stack can create that the tests render the
// Job for: each access point alone, and all of them.
func smokeTestCases() map[string][]AccessPoint {
	cases := map[string][]AccessPoint{"all": accessPoints}
	for _, ap := range accessPoints {
		cases[ap.Key] = []AccessPoint{ap}
	}
	return cases
}

// TestSmokeTestJobManifest decodes the Job strictly and pins what makes it a safe and
// conclusive test: the restricted security context, one volume and one mount per claim,
// the script's arguments, the deadline, no retries, resources and the image.
func TestSmokeTestJobManifest(t *testing.T) {
	for name, aps := range smokeTestCases() {
		t.Run(name, func(t *testing.T) {
			out, err := k8sTest.SmokeTestJobManifest(aps)
			require.NoError(t, err)
			job := decodeStrict[batchv1.Job](t, out)
			checkMeta(t, job.TypeMeta, job.ObjectMeta, "batch/v1", "Job", k8sTest.SmokeTestJobName(), "kafka-test", "smoke-test")

			spec := job.Spec
			require.NotNil(t, spec.ActiveDeadlineSeconds)
			assert.EqualValues(t, 300, *spec.ActiveDeadlineSeconds, "activeDeadlineSeconds")
			require.NotNil(t, spec.BackoffLimit)
			assert.EqualValues(t, 0, *spec.BackoffLimit, "backoffLimit: a failure is a finding, not retried")
			assert.Nil(t, spec.TTLSecondsAfterFinished, "no ttlSecondsAfterFinished: Argo CD and Flux would create the deleted Job again and again")
			assert.Equal(t, map[string]string{
				"argocd.argoproj.io/hook":               "PostSync",
				"argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation",
				"kustomize.toolkit.fluxcd.io/force":     "enabled",
			}, job.Annotations, "GitOps annotations")
			assert.Empty(t, spec.Template.Annotations, "the hook annotations belong to the Job, not its pod")

			pod := spec.Template.Spec
			assertRestricted(t, pod)
			assert.Equal(t, corev1.RestartPolicyNever, pod.RestartPolicy)
			require.NotNil(t, pod.AutomountServiceAccountToken)
			assert.False(t, *pod.AutomountServiceAccountToken, "the test calls no Kubernetes API")
			psc := pod.SecurityContext
			require.NotNil(t, psc)
			assert.Equal(t, int64(1000), deref(t, psc.RunAsUser), "pod runAsUser")
			assert.Equal(t, int64(1000), deref(t, psc.RunAsGroup), "pod runAsGroup")
			assert.True(t, deref(t, psc.RunAsNonRoot), "pod runAsNonRoot")
			require.NotNil(t, psc.SeccompProfile)
			assert.Equal(t, corev1.SeccompProfileTypeRuntimeDefault, psc.SeccompProfile.Type)
			assert.Nil(t, psc.FSGroup, "no fsGroup: the access point owns the files")

			require.Len(t, pod.Containers, 1)
			require.Empty(t, pod.InitContainers)
			c := pod.Containers[0]
			assert.Equal(t, DefaultSmokeTestImage, c.Image)
			assert.Equal(t, []string{"/bin/sh", "-c", smokeTestScript, k8sTest.SmokeTestJobName()}, c.Command)
			assert.Equal(t, corev1.TerminationMessageFallbackToLogsOnError, c.TerminationMessagePolicy)
			sc := c.SecurityContext
			require.NotNil(t, sc)
			assert.Equal(t, int64(1000), deref(t, sc.RunAsUser), "container runAsUser")
			assert.Equal(t, int64(1000), deref(t, sc.RunAsGroup), "container runAsGroup")
			assert.True(t, deref(t, sc.RunAsNonRoot), "container runAsNonRoot")
			assert.False(t, deref(t, sc.Privileged), "privileged")
			assert.False(t, deref(t, sc.AllowPrivilegeEscalation), "allowPrivilegeEscalation")
			assert.True(t, deref(t, sc.ReadOnlyRootFilesystem), "readOnlyRootFilesystem")
			require.NotNil(t, sc.Capabilities)
			assert.Equal(t, []corev1.Capability{"ALL"}, sc.Capabilities.Drop)
			assert.Empty(t, sc.Capabilities.Add)

			for _, kind := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
				req, lim := c.Resources.Requests[kind], c.Resources.Limits[kind]
				assert.False(t, req.IsZero(), "%s request", kind)
				assert.False(t, lim.IsZero(), "%s limit", kind)
				assert.LessOrEqual(t, req.Cmp(lim), 0, "%s request above its limit", kind)
			}
			assert.Equal(t, "32Mi", c.Resources.Limits.Memory().String())

			assert.Equal(t, []corev1.EnvVar{
				{Name: "POD_NAME", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.name"}}},
				{Name: "EXPECTED_OWNER", Value: "1000:1000"},
				{Name: "DYNAMIC_CLAIM", Value: "acme-test-efs-smoke-test-pvc"},
				{Name: "STORAGE_CLASS", Value: "acme-test-efs-sc"},
			}, c.Env)

			// One volume per claim, each mounted once at /mnt/<path>, and handed to the
			// script as a "<claim> <path>" pair; the dynamic claim last, at /mnt/dynamic.
			require.Len(t, pod.Volumes, len(aps)+1)
			require.Len(t, c.VolumeMounts, len(aps)+1)
			var wantArgs []string
			for i, ap := range aps {
				v := pod.Volumes[i]
				require.NotNil(t, v.PersistentVolumeClaim, v.Name)
				assert.Equal(t, k8sTest.ClaimName(ap.Key), v.PersistentVolumeClaim.ClaimName)
				assert.False(t, v.PersistentVolumeClaim.ReadOnly)
				assert.Equal(t, corev1.VolumeMount{Name: v.Name, MountPath: "/mnt" + ap.Path}, c.VolumeMounts[i])
				wantArgs = append(wantArgs, k8sTest.ClaimName(ap.Key), "/mnt"+ap.Path)
			}
			dynamic := pod.Volumes[len(aps)]
			require.NotNil(t, dynamic.PersistentVolumeClaim)
			assert.Equal(t, "acme-test-efs-smoke-test-pvc", dynamic.PersistentVolumeClaim.ClaimName)
			assert.Equal(t, corev1.VolumeMount{Name: dynamic.Name, MountPath: "/mnt/dynamic"}, c.VolumeMounts[len(aps)])
			wantArgs = append(wantArgs, "acme-test-efs-smoke-test-pvc", "/mnt/dynamic")
			assert.Equal(t, wantArgs, c.Args)
		})
	}
}

// deref returns *p, failing the test on a nil pointer.
func deref[T any](t *testing.T, p *T) T {
	t.Helper()
	require.NotNil(t, p)
	return *p
}

// assertRestricted checks the pod against the controls of the Pod Security Standard
// "restricted" (kubernetes.io/docs/concepts/security/pod-security-standards) that a pod
// spec decides: runAsNonRoot true and no uid 0 (pod or container), seccomp
// RuntimeDefault or Localhost (pod or container), and for each container
// allowPrivilegeEscalation false, capabilities dropping ALL and adding nothing but
// NET_BIND_SERVICE, not privileged; no host namespaces; volumes of the allowed kinds.
func assertRestricted(t require.TestingT, pod corev1.PodSpec) {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
	psc := pod.SecurityContext
	if psc == nil {
		psc = &corev1.PodSecurityContext{}
	}
	assert.False(t, pod.HostNetwork || pod.HostPID || pod.HostIPC, "host namespaces")
	for _, v := range pod.Volumes {
		assert.True(t, v.PersistentVolumeClaim != nil || v.ConfigMap != nil || v.Secret != nil || v.EmptyDir != nil ||
			v.Projected != nil || v.DownwardAPI != nil || v.CSI != nil || v.Ephemeral != nil, "volume %s of a kind restricted refuses", v.Name)
	}
	containers := append(slices.Clone(pod.InitContainers), pod.Containers...)
	require.NotEmpty(t, containers)
	for _, c := range containers {
		sc := c.SecurityContext
		require.NotNil(t, sc, "container %s has no securityContext", c.Name)
		nonRoot := sc.RunAsNonRoot
		if nonRoot == nil {
			nonRoot = psc.RunAsNonRoot
		}
		assert.True(t, nonRoot != nil && *nonRoot, "container %s: runAsNonRoot", c.Name)
		for _, uid := range []*int64{psc.RunAsUser, sc.RunAsUser} {
			assert.True(t, uid == nil || *uid != 0, "container %s runs as uid 0", c.Name)
		}
		seccomp := sc.SeccompProfile
		if seccomp == nil {
			seccomp = psc.SeccompProfile
		}
		assert.True(t, seccomp != nil && (seccomp.Type == corev1.SeccompProfileTypeRuntimeDefault || seccomp.Type == corev1.SeccompProfileTypeLocalhost),
			"container %s: seccompProfile RuntimeDefault or Localhost", c.Name)
		assert.True(t, sc.AllowPrivilegeEscalation != nil && !*sc.AllowPrivilegeEscalation, "container %s: allowPrivilegeEscalation false", c.Name)
		assert.True(t, sc.Privileged == nil || !*sc.Privileged, "container %s: privileged", c.Name)
		require.NotNil(t, sc.Capabilities, "container %s: capabilities", c.Name)
		assert.Contains(t, sc.Capabilities.Drop, corev1.Capability("ALL"), "container %s: drop ALL", c.Name)
		for _, add := range sc.Capabilities.Add {
			assert.Equal(t, corev1.Capability("NET_BIND_SERVICE"), add, "container %s adds a capability", c.Name)
		}
	}
}

// TestAssertRestrictedFails proves assertRestricted can fail: each control broken
// alone in the Job's pod is reported.
func TestAssertRestrictedFails(t *testing.T) {
	out, err := k8sTest.SmokeTestJobManifest(accessPoints)
	require.NoError(t, err)
	for name, breakIt := range map[string]func(*corev1.PodSpec){
		"runAsNonRoot": func(p *corev1.PodSpec) {
			p.SecurityContext.RunAsNonRoot, p.Containers[0].SecurityContext.RunAsNonRoot = nil, nil
		},
		"seccomp":                  func(p *corev1.PodSpec) { p.SecurityContext.SeccompProfile = nil },
		"allowPrivilegeEscalation": func(p *corev1.PodSpec) { p.Containers[0].SecurityContext.AllowPrivilegeEscalation = nil },
		"capabilities":             func(p *corev1.PodSpec) { p.Containers[0].SecurityContext.Capabilities = &corev1.Capabilities{} },
		"hostPath": func(p *corev1.PodSpec) {
			p.Volumes = append(p.Volumes, corev1.Volume{Name: "h", VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/"}}})
		},
	} {
		pod := decodeStrict[batchv1.Job](t, out).Spec.Template.Spec
		breakIt(&pod)
		rec := &failRecorder{}
		done := make(chan struct{})
		go func() { defer close(done); assertRestricted(rec, pod) }()
		<-done
		assert.True(t, rec.Failed(), "assertRestricted passed a pod without %s", name)
	}
}

// failRecorder is a require.TestingT that records a failure instead of reporting it;
// FailNow ends the goroutine it runs in, as testing.T's does.
type failRecorder struct{ failed bool }

func (r *failRecorder) Errorf(string, ...any) { r.failed = true }
func (r *failRecorder) FailNow()              { r.failed = true; runtime.Goexit() }
func (r *failRecorder) Failed() bool          { return r.failed }

func TestSmokeTestJobNeedsAnAccessPoint(t *testing.T) {
	_, err := k8sTest.SmokeTestJobManifest(nil)
	assert.ErrorContains(t, err, "no access point")
}

// smokeTestSteps are the steps the FAIL line can name, as docs/kubernetes.md explains them.
var smokeTestSteps = []string{"arguments", "mount", "write", "sync", "read", "owner", "delete"}

// TestSmokeTestScriptFailsOnOneLine reads the script: its only exit 1 is in fail, whose
// line names the claim, the mount path and the step, and every step it fails at is one
// the docs explain.
func TestSmokeTestScriptFailsOnOneLine(t *testing.T) {
	assert.Equal(t, 1, strings.Count(smokeTestScript, "exit 1"), "exactly one exit 1, in fail()")
	assert.NotContains(t, smokeTestScript, "exit 2")
	assert.Contains(t, smokeTestScript,
		`printf 'FAIL claim %s at %s: step %s: %s%s\n' "$claim" "$dir" "$1" "$(printf '%s' "$2" | tr '\n' ' ')" "$hint"
  exit 1`)
	calls := regexp.MustCompile(`fail ([a-z]+) `).FindAllStringSubmatch(smokeTestScript, -1)
	var steps []string
	for _, m := range calls {
		if !slices.Contains(steps, m[1]) {
			steps = append(steps, m[1])
		}
	}
	assert.Equal(t, smokeTestSteps, steps, "steps in script order")
}

// TestManifestsHoldNoTerraformTemplate checks that no rendered text holds "${" or "%{":
// the manifests travel as Terraform output values, where both start a template.
func TestManifestsHoldNoTerraformTemplate(t *testing.T) {
	job, err := k8sTest.SmokeTestJobManifest(accessPoints)
	require.NoError(t, err)
	cfk, err := k8sTest.ConfluentConnectFragment(accessPoints[1])
	require.NoError(t, err)
	strimzi, err := k8sTest.StrimziKafkaConnectFragment(StrimziAccessPoints(accessPoints))
	require.NoError(t, err)
	for name, text := range map[string]string{"job": job, "confluent": cfk, "strimzi": strimzi} {
		assert.NotContains(t, text, "${", name)
		assert.NotContains(t, text, "%{", name)
	}
}

// smokeTestShell is a shell to run the script with: argv before "-c", and the PATH that
// holds the commands the script calls.
type smokeTestShell struct {
	argv []string
	path string
}

// smokeTestShells returns the shells at hand: the system's POSIX sh (dash here), and
// busybox's ash with busybox's own applets only, as in the Job's image, when busybox is
// installed (Debian's package: apt-get install busybox).
func smokeTestShells(t *testing.T) map[string]smokeTestShell {
	shells := map[string]smokeTestShell{}
	if sh, err := exec.LookPath("sh"); err == nil {
		shells["sh"] = smokeTestShell{argv: []string{sh}, path: os.Getenv("PATH")}
	}
	if bb, err := exec.LookPath("busybox"); err == nil {
		applets := t.TempDir()
		for _, name := range []string{"awk", "cat", "date", "dd", "rm", "stat", "tr"} {
			require.NoError(t, os.Symlink(bb, filepath.Join(applets, name)))
		}
		shells["busybox"] = smokeTestShell{argv: []string{bb, "sh"}, path: applets}
	}
	if _, ok := shells["busybox"]; !ok && os.Getenv("CI") != "" {
		t.Fatal("no busybox on PATH: CI runs the script under busybox, the shell of the Job's image (.ci/run installs Debian's busybox)")
	}
	if len(shells) == 0 {
		t.Skip("neither sh nor busybox on PATH")
	}
	return shells
}

// runSmokeTest runs the script with shell against dirs, with /proc/mounts replaced by a
// file listing the dirs in nfsDirs as NFS mounts. fault, when set, is a command (dd,
// cat, rm) replaced by a wrapper that fails the way EFS would when given the test file,
// and runs the real command otherwise. It returns the combined output and the exit code.
func runSmokeTest(t *testing.T, shell smokeTestShell, expectedOwner, fault string, nfsDirs []string, args ...string) (string, int) {
	t.Helper()
	mounts := filepath.Join(t.TempDir(), "mounts")
	var table strings.Builder
	table.WriteString("proc /proc proc rw 0 0\n")
	for _, d := range nfsDirs {
		table.WriteString("127.0.0.1:/ " + d + " nfs4 rw,relatime,vers=4.1 0 0\n")
	}
	require.NoError(t, os.WriteFile(mounts, []byte(table.String()), 0o600))
	script := strings.Replace(smokeTestScript, " /proc/mounts ", " "+mounts+" ", 1)
	require.NotEqual(t, smokeTestScript, script, "the script no longer reads /proc/mounts")

	path := shell.path
	if fault != "" {
		real := lookPathIn(t, shell.path, fault)
		bin := t.TempDir()
		wrapper := "#!" + strings.Join(shell.argv, " ") + "\n" + fmt.Sprintf(faults[fault], real)
		require.NoError(t, os.WriteFile(filepath.Join(bin, fault), []byte(wrapper), 0o755))
		path = bin + string(os.PathListSeparator) + path
	}
	argv := append(append(slices.Clone(shell.argv[1:]), "-c", script, k8sTest.SmokeTestJobName()), args...)
	cmd := exec.Command(shell.argv[0], argv...)
	cmd.Env = []string{"PATH=" + path, "POD_NAME=kafka-efs-smoke-test-abcde", "EXPECTED_OWNER=" + expectedOwner,
		"DYNAMIC_CLAIM=" + testDynamicClaim, "STORAGE_CLASS=" + testStorageClass}
	out, err := cmd.CombinedOutput()
	if exit, ok := err.(*exec.ExitError); ok {
		return string(out), exit.ExitCode()
	}
	require.NoError(t, err)
	return string(out), 0
}

// The dynamic claim and its class as the Job's environment names them to the script.
const testDynamicClaim, testStorageClass = "acme-test-efs-smoke-test-pvc", "acme-test-efs-sc"

// dynamicHint is the end of a FAIL line on the dynamic claim: it names the class and the
// controller's identity.
const dynamicHint = " (dynamic volume of StorageClass " + testStorageClass +
	": its access point was created by the EFS CSI controller; check the StorageClass and the controller's permissions, kube-system/efs-csi-controller-sa)"

// lookPathIn returns the first file called name in the folders of path.
func lookPathIn(t *testing.T, path, name string) string {
	t.Helper()
	for _, dir := range filepath.SplitList(path) {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return filepath.Join(dir, name)
		}
	}
	t.Fatalf("no %s in %s", name, path)
	return ""
}

// faults are the wrappers runSmokeTest can put in front of a command (%[1]s is the real
// one): each fails only on the smoke test's file, with the error an NFS client reports.
var faults = map[string]string{
	"dd": `case "$*" in *.kafka-efs-smoke-test-*) echo "dd: fsync: Input/output error" >&2; exit 1;; esac
exec %[1]s "$@"
`,
	"cat": `case "$*" in *.kafka-efs-smoke-test-*) echo "cat: can't open '$1': Stale file handle" >&2; exit 1;; esac
exec %[1]s "$@"
`,
	"rm": `case "$1" in -f) exec %[1]s "$@";; esac
echo "rm: can't remove '$1': Permission denied" >&2; exit 1
`,
}

// TestSmokeTestScriptRuns runs the script for real: it passes on writable NFS-listed
// directories and leaves nothing behind, and each planted fault ends the run with exit 1
// and exactly one FAIL line naming the claim, the path and the step.
func TestSmokeTestScriptRuns(t *testing.T) {
	for name, shell := range smokeTestShells(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel() // each shell runs in folders of its own
			testSmokeTestScriptRuns(t, shell)
		})
	}
}

// testSmokeTestScriptRuns is TestSmokeTestScriptRuns with one shell.
func testSmokeTestScriptRuns(t *testing.T, shell smokeTestShell) {
	owner := strings.TrimSpace(mustRun(t, "id", "-u") + ":" + mustRun(t, "id", "-g"))
	t.Run("pass", func(t *testing.T) {
		t.Parallel()
		a, b, dyn := t.TempDir(), t.TempDir(), t.TempDir()
		out, code := runSmokeTest(t, shell, owner, "", []string{a, b, dyn}, "a-pvc", a, "b-pvc", b, testDynamicClaim, dyn)
		assert.Equal(t, 0, code, out)
		assert.Equal(t, []string{
			"ok claim a-pvc at " + a + ": mount, write, sync, read, owner " + owner + ", delete",
			"ok claim b-pvc at " + b + ": mount, write, sync, read, owner " + owner + ", delete",
			"ok claim " + testDynamicClaim + " at " + dyn + ": mount, write, sync, read, owner " + owner + ", delete",
			"PASS 3 volumes",
		}, strings.Split(strings.TrimSpace(out), "\n"))
		for _, d := range []string{a, b, dyn} {
			entries, err := os.ReadDir(d)
			require.NoError(t, err)
			assert.Empty(t, entries, "the test file must be deleted")
		}
	})

	// Each fault runs in folders of its own, side by side (the shells' processes wait on
	// fork and exec more than they compute).
	type smokeFault struct {
		name         string
		owner, fault string
		nfs, args    []string
		want         string // the FAIL line's start: claim, path and step
		detail       string // a part of the detail after it
		dynamic      bool   // the failing claim is the dynamic one: the line ends with dynamicHint
	}
	faults := func(a, b, dyn, missing string) []smokeFault {
		return []smokeFault{
			{"not an NFS mount", owner, "", []string{a}, []string{"a-pvc", a, "b-pvc", b},
				"FAIL claim b-pvc at " + b + ": step mount: ", "is not an NFS mount", false},
			{"cannot write", owner, "", []string{missing}, []string{"gone-pvc", missing},
				"FAIL claim gone-pvc at " + missing + ": step write: ", "gone", false},
			{"cannot sync", owner, "dd", []string{a}, []string{"a-pvc", a},
				"FAIL claim a-pvc at " + a + ": step sync: ", "Input/output error", false},
			{"cannot read", owner, "cat", []string{a}, []string{"a-pvc", a},
				"FAIL claim a-pvc at " + a + ": step read: ", "Stale file handle", false},
			{"wrong owner", "4242:4242", "", []string{a}, []string{"a-pvc", a},
				"FAIL claim a-pvc at " + a + ": step owner: ", "file owned by " + owner + ", want 4242:4242", false},
			{"cannot delete", owner, "rm", []string{a}, []string{"a-pvc", a},
				"FAIL claim a-pvc at " + a + ": step delete: ", "Permission denied", false},
			{"odd arguments", owner, "", nil, []string{"a-pvc"},
				"FAIL claim none at none: step arguments: ", "got 1 arguments", false},
			{"no arguments", owner, "", nil, nil,
				"FAIL claim none at none: step arguments: ", "got 0 arguments", false},
			{"dynamic claim not an NFS mount", owner, "", []string{a}, []string{"a-pvc", a, testDynamicClaim, dyn},
				"FAIL claim " + testDynamicClaim + " at " + dyn + ": step mount: ", "is not an NFS mount", true},
			{"dynamic claim wrong owner", "4242:4242", "", []string{dyn}, []string{testDynamicClaim, dyn},
				"FAIL claim " + testDynamicClaim + " at " + dyn + ": step owner: ", "want 4242:4242", true},
			{"dynamic claim cannot write", owner, "", []string{missing}, []string{testDynamicClaim, missing},
				"FAIL claim " + testDynamicClaim + " at " + missing + ": step write: ", "gone", true},
		}
	}
	for i, tc := range faults("a", "b", "dyn", "missing") {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, b, dyn := t.TempDir(), t.TempDir(), t.TempDir()
			tc := faults(a, b, dyn, filepath.Join(t.TempDir(), "gone"))[i]
			out, code := runSmokeTest(t, shell, tc.owner, tc.fault, tc.nfs, tc.args...)
			assert.Equal(t, 1, code, out)
			var fails []string
			for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
				if strings.HasPrefix(line, "FAIL") {
					fails = append(fails, line)
				} else {
					assert.True(t, strings.HasPrefix(line, "ok claim "), "unexpected output line %q", line)
				}
			}
			require.Len(t, fails, 1, out)
			assert.True(t, strings.HasPrefix(fails[0], tc.want), "FAIL line %q, want it to start with %q", fails[0], tc.want)
			assert.Contains(t, fails[0], tc.detail)
			if tc.dynamic {
				assert.True(t, strings.HasSuffix(fails[0], dynamicHint), "FAIL line on the dynamic claim %q, want it to end with %q", fails[0], dynamicHint)
			} else {
				assert.NotContains(t, fails[0], "StorageClass", "a static claim's FAIL line names no StorageClass")
			}
			for _, d := range []string{a, dyn} {
				entries, err := os.ReadDir(d)
				require.NoError(t, err)
				assert.Empty(t, entries, "a failed run must remove the file it wrote")
			}
		})
	}
}

// mustRun runs a command and returns its trimmed output.
func mustRun(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	require.NoError(t, err, "%s %v", name, args)
	return strings.TrimSpace(string(out))
}

// TestValidateSmokeTestImage checks which references SmokeTestImage accepts: pinned by a
// tag (not latest) or a digest, with or without a registry; and that each refusal names
// the field and the value.
func TestValidateSmokeTestImage(t *testing.T) {
	const digest = "@sha256:9db7b59979c38555a39def84a31fb98b5296952f9e3afd4f6f11f05b07adfab0"
	for _, ok := range []string{
		"", DefaultSmokeTestImage, "busybox:1.37.0", "busybox" + digest, "busybox:latest" + digest,
		"registry.example.com:5000/tools/busybox:1.37.0-musl", "123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror/busybox:1.37.0",
		"localhost/busybox:v1", "${TfToken[TOKEN.7]}",
	} {
		c := validConfig()
		c.SmokeTestImage = ok
		assert.NoError(t, c.Validate(), ok)
	}
	for bad, allowed := range map[string]string{
		"busybox":                         "neither tag nor digest",
		"registry.example.com:5000/tools": "neither tag nor digest",
		"busybox:latest":                  "latest moves",
		"BusyBox:1.37.0":                  "must be an image reference",
		"busybox:1.37.0@sha256:abc":       "must be an image reference",
		"busybox:1.37.0 ":                 "must be an image reference",
		"busybox@md5:0123":                "must be an image reference",
		strings.Repeat("a", 256) + ":1":   "at most 255 characters",
	} {
		c := validConfig()
		c.SmokeTestImage = bad
		errs := fieldErrorsOf(t, c.Validate())
		require.Len(t, errs, 1, bad)
		assert.Equal(t, "SmokeTestImage", errs[0].Field, bad)
		assert.Equal(t, bad, errs[0].Value)
		assert.Contains(t, errs[0].Allowed, allowed, bad)
	}
}

// TestSmokeTestImageDefault checks the default applies only to an empty field, and that
// the default itself is pinned by both a tag and a digest.
func TestSmokeTestImageDefault(t *testing.T) {
	assert.Equal(t, DefaultSmokeTestImage, Config{}.smokeTestImage())
	assert.Equal(t, "mirror.example.com/busybox:1.37.0", Config{SmokeTestImage: "mirror.example.com/busybox:1.37.0"}.smokeTestImage())
	m := reImageReference.FindStringSubmatch(DefaultSmokeTestImage)
	require.NotNil(t, m)
	assert.Equal(t, "1.37.0", m[2], "tag")
	assert.Len(t, m[3], len("sha256:")+64, "digest")
}

// TestSmokeTestDocsExplainEveryStep checks that docs/kubernetes.md explains each step the
// FAIL line can name, and states the Job's image, deadline and resources as the code has
// them.
func TestSmokeTestDocsExplainEveryStep(t *testing.T) {
	raw, err := os.ReadFile("../docs/kubernetes.md")
	require.NoError(t, err)
	docs := string(raw)
	for _, step := range smokeTestSteps {
		assert.Contains(t, docs, "| `step "+step+": ", "docs/kubernetes.md has no row for step %s", step)
	}
	assert.Contains(t, docs, DefaultSmokeTestImage)
	assert.Contains(t, docs, strconv.Itoa(smokeTestDeadlineSeconds)+" s in all (`activeDeadlineSeconds`)")
	r := smokeTestResources
	assert.Contains(t, docs, "within "+r.Requests.Cpu().String()+"-"+r.Limits.Cpu().String()+" CPU")
	assert.Contains(t, docs, strings.TrimSuffix(r.Requests.Memory().String(), "Mi")+"-"+
		strings.TrimSuffix(r.Limits.Memory().String(), "Mi")+" MiB of memory")
}

// TestSmokeTestClaimManifest decodes the smoke test's claim strictly: a fixed name, the
// claims' namespace, and provisioning through this file system's StorageClass, which a
// claim without storageClassName would not use (it would get the cluster's default).
func TestSmokeTestClaimManifest(t *testing.T) {
	out, err := k8sTest.SmokeTestClaimManifest()
	require.NoError(t, err)
	pvc := decodeStrict[corev1.PersistentVolumeClaim](t, out)
	checkMeta(t, pvc.TypeMeta, pvc.ObjectMeta, "v1", "PersistentVolumeClaim", "acme-test-efs-smoke-test-pvc", "kafka-test", "smoke-test")
	require.NotNil(t, pvc.Spec.StorageClassName)
	assert.Equal(t, k8sTest.StorageClassName(), *pvc.Spec.StorageClassName)
	assert.Empty(t, pvc.Spec.VolumeName, "bound by the provisioner, not to a static volume")
	assert.Equal(t, []corev1.PersistentVolumeAccessMode{corev1.ReadWriteMany}, pvc.Spec.AccessModes)
	assert.Equal(t, "1Gi", pvc.Spec.Resources.Requests.Storage().String())
	assert.Equal(t, k8sTest.SmokeTestJobName()+"-pvc", k8sTest.SmokeTestClaimName())
}

// TestSmokeTestManifest checks the output's two documents: the claim first, so that one
// apply creates it before the Job mounts it, then the Job.
func TestSmokeTestManifest(t *testing.T) {
	out, err := k8sTest.SmokeTestManifest(accessPoints)
	require.NoError(t, err)
	docs := strings.Split(out, "---\n")
	require.Len(t, docs, 2)
	claim, err := k8sTest.SmokeTestClaimManifest()
	require.NoError(t, err)
	job, err := k8sTest.SmokeTestJobManifest(accessPoints)
	require.NoError(t, err)
	assert.Equal(t, []string{claim, job}, docs)
	_, err = k8sTest.SmokeTestManifest(nil)
	assert.ErrorContains(t, err, "no access point")
}

// TestByHandPodIsRestricted reads the by-hand test pod of docs/kubernetes.md (the JSON
// of kubectl run's --overrides), decodes it strictly into a Pod and checks it against
// the "restricted" Pod Security Standard, and that it runs the Job's image as uid/gid
// 1000 on one of the stack's claims.
func TestByHandPodIsRestricted(t *testing.T) {
	raw, err := os.ReadFile("../docs/kubernetes.md")
	require.NoError(t, err)
	_, rest, ok := strings.Cut(string(raw), "kubectl -n kafka run efs-test ")
	require.True(t, ok, "docs/kubernetes.md has no by-hand pod")
	_, rest, ok = strings.Cut(rest, "--overrides='")
	require.True(t, ok, "the by-hand pod has no --overrides")
	overrides, _, ok := strings.Cut(rest, "'")
	require.True(t, ok)

	dec := json.NewDecoder(strings.NewReader(overrides))
	dec.DisallowUnknownFields()
	var pod corev1.Pod
	require.NoError(t, dec.Decode(&pod), overrides)
	assertRestricted(t, pod.Spec)
	require.Len(t, pod.Spec.Containers, 1)
	c := pod.Spec.Containers[0]
	assert.Equal(t, DefaultSmokeTestImage, c.Image)
	assert.Contains(t, string(raw), "--image="+DefaultSmokeTestImage+" --overrides=", "kubectl run's --image is the Job's")
	psc := pod.Spec.SecurityContext
	require.NotNil(t, psc)
	assert.Equal(t, int64(1000), deref(t, psc.RunAsUser))
	assert.Equal(t, int64(1000), deref(t, psc.RunAsGroup))
	require.Len(t, pod.Spec.Volumes, 1)
	require.NotNil(t, pod.Spec.Volumes[0].PersistentVolumeClaim)
	prod := Config{ProjectName: "confluent-kafka", Environment: "prod"}
	assert.Equal(t, prod.ClaimName("kafka_backups"), pod.Spec.Volumes[0].PersistentVolumeClaim.ClaimName)
}
