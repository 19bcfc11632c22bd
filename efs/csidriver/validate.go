package csidriver

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/kafka-efs/kafka-efs/efs"
)

// Name limits: the project's as in kafkaefs; a cluster's like an environment's.
const (
	maxProjectNameLen = 40
	maxClusterLen     = 24
)

// Validate returns every problem of the Config at once (errors.Join), each naming the
// field, the value given and what is allowed, or nil. Tokens (Terraform references) in
// EksClusterName are left to the stack variable's validation block.
func (c Config) Validate() error {
	var errs []error
	bad := func(field, value, allowed string) {
		errs = append(errs, fmt.Errorf("%s = %q: %s", field, value, allowed))
	}
	const charset = "lower-case letters, digits and single hyphens, starting with a letter"
	namesOK := true
	for _, n := range []struct {
		field, value string
		max          int
	}{{"ProjectName", c.ProjectName, maxProjectNameLen}, {"Cluster", c.Cluster, maxClusterLen}} {
		switch {
		case efs.IsToken(n.value):
			bad(n.field, n.value, "must be a literal: role names are decided at synth time, so that file system stacks can find them")
			namesOK = false
		case n.value == "" || len(n.value) > n.max || !reName.MatchString(n.value):
			bad(n.field, n.value, fmt.Sprintf("must be 1 to %d %s", n.max, charset))
			namesOK = false
		}
	}
	switch {
	case efs.IsToken(c.Region):
		bad("Region", c.Region, "must be a literal: role names carry the region and are decided at synth time")
		namesOK = false
	case !reRegion.MatchString(c.Region):
		bad("Region", c.Region, "must be an AWS region name such as us-east-1: role names carry it, so that two regions never share one")
		namesOK = false
	}
	if namesOK {
		if name := c.ControllerRoleName(); len(name) > maxRoleNameLen {
			bad("Cluster", c.Cluster, fmt.Sprintf("with ProjectName %q and Region %q makes the IAM role name %q %d characters long; IAM allows at most %d: shorten ProjectName or Cluster by %d",
				c.ProjectName, c.Region, name, len(name), maxRoleNameLen, len(name)-maxRoleNameLen))
		}
	}
	switch v := c.EksClusterName; {
	case v == "":
		bad("EksClusterName", v, "required: the EKS cluster (1 to 100 letters, digits, hyphens and underscores)")
	case !efs.IsToken(v) && !reEksClusterName.MatchString(v):
		bad("EksClusterName", v, "must be an EKS cluster name: 1 to 100 letters, digits, hyphens and underscores, starting with a letter or digit")
	}
	mode := c.IdentityOrDefault()
	if mode != IdentityPodIdentity && mode != IdentityIRSA {
		bad("Identity", c.Identity, fmt.Sprintf("must be %s (default when empty) or %s", IdentityPodIdentity, IdentityIRSA))
	}
	if c.CreateDriverAddon && mode == IdentityIRSA {
		bad("CreateDriverAddon", "true", "not with Identity irsa: the EKS add-on takes one IRSA role for both service accounts, and the node needs its own; install the driver with Helm or use pod-identity")
	}
	if c.CreatePodIdentityAgentAddon && mode != IdentityPodIdentity {
		bad("CreatePodIdentityAgentAddon", "true", "only with Identity pod-identity: the agent serves Pod Identity associations only")
	}
	if v := c.DriverAddonVersion; v != "" {
		if !c.CreateDriverAddon {
			bad("DriverAddonVersion", v, "needs CreateDriverAddon: the version pins the add-on New installs")
		}
		if err := CheckDriverAddonVersion(v); err != nil {
			bad("DriverAddonVersion", v, err.Error())
		}
	}
	for _, k := range sortedKeys(c.Tags) {
		if k == "" || strings.HasPrefix(strings.ToLower(k), "aws:") || k == "Name" || len(k) > 128 || len(c.Tags[k]) > 256 {
			bad(fmt.Sprintf("Tags[%q]", k), c.Tags[k], "tag keys are 1 to 128 characters, not Name (set by New) and not aws:...; values at most 256 characters")
		}
	}
	return errors.Join(errs...)
}

// CheckDriverAddonVersion reports why v cannot be the driver add-on's version: it must be
// vX.Y.Z-eksbuild.N and at least MinDriverAddonVersion. The error says what is allowed.
func CheckDriverAddonVersion(v string) error {
	m := reAddonVersion.FindStringSubmatch(v)
	if m == nil {
		return fmt.Errorf("must be an EKS add-on version such as %s (aws eks describe-addon-versions --addon-name %s)", DefaultDriverAddonVersion, DriverAddon)
	}
	min := reAddonVersion.FindStringSubmatch(MinDriverAddonVersion + "-eksbuild.1")
	for i := 1; i <= 3; i++ {
		got, _ := strconv.Atoi(m[i])
		want, _ := strconv.Atoi(min[i])
		if got != want {
			if got < want {
				return fmt.Errorf("must be %s or later: before it, the driver refuses the static volumes' handle efs:<fs-id>::<fsap-id> (v2 reads only fs-...), and before v2.3.1 a dynamic claim whose CreateVolume is retried after AccessPointAlreadyExists stays Pending for good with this project's fixed uid/gid (kubernetes-sigs/aws-efs-csi-driver#1809)", MinDriverAddonVersion)
			}
			return nil
		}
	}
	return nil
}

// AddonVersionAtLeast is the Terraform expression that holds when the add-on version that
// ref names is v or later (efscsidriver.New's plan-time check of the pin against what EKS
// offers); v must be valid (CheckDriverAddonVersion). Versions compare as
// vMAJOR.MINOR.PATCH-eksbuild.N, each part below 1000.
func AddonVersionAtLeast(ref, v string) string {
	return fmt.Sprintf("%s >= %d", versionRank(ref), addonVersionRank(v))
}

// versionRank is the Terraform expression of an add-on version's rank (see
// addonVersionRank), 0 for a version of another form.
func versionRank(ref string) string {
	return fmt.Sprintf("try(sum([for i, p in regex(\"^v([0-9]+)[.]([0-9]+)[.]([0-9]+)-eksbuild[.]([0-9]+)$\", %s) : tonumber(p) * pow(1000, 3 - i)]), 0)", ref)
}

// addonVersionRank orders add-on versions vMAJOR.MINOR.PATCH-eksbuild.N as versionRank
// does in Terraform; v must be valid (CheckDriverAddonVersion).
func addonVersionRank(v string) int64 {
	m := reAddonBuild.FindStringSubmatch(v)
	var rank int64
	for _, p := range m[1:] {
		n, _ := strconv.ParseInt(p, 10, 64)
		rank = rank*1000 + n
	}
	return rank
}

// sortedKeys returns m's keys in order, so the report is stable.
func sortedKeys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }
