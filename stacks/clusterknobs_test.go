package stacks

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCheckNamesClusterKnobs: an error of a cluster stack names the setting or the
// Cluster field that fixes it, and a bad KAFKA_EFS_CSI_DRIVER_ADDON_VERSION is reported
// once, as the setting, not again per cluster stack.
func TestCheckNamesClusterKnobs(t *testing.T) {
	s := testSettings
	s.ProjectName, s.DriverAddonVersion = "Bad_Name", "v1.0"
	err := Check(Environments(), s)
	require.Error(t, err)
	lines := strings.Split(err.Error(), "\n")
	var version, clusterProject int
	for _, l := range lines {
		if strings.Contains(l, `"v1.0"`) {
			version++
			assert.True(t, strings.HasPrefix(l, `cdktf.json context.csiDriverAddonVersion = "v1.0": `), l)
		}
		if strings.HasPrefix(l, "stack cluster-") && strings.Contains(l, `ProjectName = "Bad_Name"`) {
			clusterProject++
			assert.True(t, strings.HasSuffix(l, "; the stack fills ProjectName from cdktf.json context.project (or KAFKA_EFS_PROJECT): fix it there"), l)
		}
	}
	assert.Equal(t, 1, version, "the bad add-on version is reported once:\n%v", err)
	assert.Equal(t, len(ClusterStacks(Clusters(), s)), clusterProject, "each cluster stack names KAFKA_EFS_PROJECT:\n%v", err)
}

// TestCheckRefusesTwins: two stacks of one name, or two environments of one
// Config.Environment (one creation token, so one file system to EFS), are refused with
// one line each naming the field.
func TestCheckRefusesTwins(t *testing.T) {
	envs := Environments()
	twin := envs[0]
	err := Check(append(slices.Clone(envs), twin), testSettings)
	require.Error(t, err)
	assert.Contains(t, err.Error(), fmt.Sprintf("Stack = %q: another stack has this name", twin.Stack))
	assert.Contains(t, err.Error(), fmt.Sprintf("Config.Environment = %q: stack %s has it too", twin.Config.Environment, twin.Stack))

	renamed := twin
	renamed.Stack = unusedName("twin")
	err = Check(append(slices.Clone(envs), renamed), testSettings)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "another stack has this name")
	assert.Contains(t, err.Error(), "stack "+renamed.Stack+": Config.Environment = ")
	assert.NoError(t, Check(envs, testSettings), "the shipped stacks are unique")
}
