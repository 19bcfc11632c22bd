package stacks

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// plannedChange is one resource a plan acts on, read from `terraform plan -no-color`.
type plannedChange struct {
	address string
	action  string // update, create, delete, replace or read
	// attrs are the top-level attributes and nested blocks an update changes.
	attrs []string
}

// The text `terraform plan -no-color` prints (Terraform 1.11's renderer, command/jsonformat):
// a header comment per resource, the resource block with a marker on each changed
// top-level attribute or nested block (six spaces in; unchanged ones are eight spaces in,
// unmarked), and the summary.
var (
	planActions = regexp.MustCompile(`(?m)^Terraform will perform the following actions:$`)
	planHeader  = regexp.MustCompile(`^  # (\S+) (will be updated in-place|will be created|will be destroyed|must be replaced|will be read during apply|will be replaced, as requested)$`)
	planChanged = regexp.MustCompile(`^      (?:[~+-]|-/\+|\+/-) ([A-Za-z0-9_]+)(?: +=| \{$)`)
	planSummary = regexp.MustCompile(`(?m)^Plan: (\d+) to add, (\d+) to change, (\d+) to destroy\.$`)
	headerVerbs = map[string]string{
		"will be updated in-place":       "update",
		"will be created":                "create",
		"will be destroyed":              "delete",
		"must be replaced":               "replace",
		"will be replaced, as requested": "replace",
		"will be read during apply":      "read",
	}
)

// planChanges reads what a plan that reported changes (-detailed-exitcode 2) acts on from
// its text: what `terraform show -json` of the saved plan gives, without that process,
// which loads the provider's schema (about 4 s of CPU). It refuses what it does not
// understand (a comment line it cannot read, an update with no marked attribute, counts
// that differ from the plan's summary), so a change it cannot read fails the deploy tier
// rather than passing it.
func planChanges(out string) ([]plannedChange, error) {
	loc := planActions.FindStringIndex(out)
	if loc == nil {
		return nil, fmt.Errorf("no %q in the plan's output", "Terraform will perform the following actions:")
	}
	body := out[loc[1]:]
	summary := planSummary.FindStringSubmatch(body)
	if summary == nil {
		return nil, fmt.Errorf("no summary line (Plan: N to add, N to change, N to destroy.) in the plan's output")
	}
	body = body[:strings.Index(body, summary[0])]
	var changes []plannedChange
	var current *plannedChange
	for line := range strings.SplitSeq(body, "\n") {
		switch {
		case strings.HasPrefix(line, "  # ("):
			// A reason under a header: "(depends on a resource ...)", "(moved from ...)".
		case strings.HasPrefix(line, "  # "):
			m := planHeader.FindStringSubmatch(line)
			if m == nil {
				return nil, fmt.Errorf("a plan line the tier does not read: %q", line)
			}
			changes = append(changes, plannedChange{address: m[1], action: headerVerbs[m[2]]})
			current = &changes[len(changes)-1]
		case current != nil:
			if m := planChanged.FindStringSubmatch(line); m != nil {
				current.attrs = append(current.attrs, m[1])
			}
		}
	}
	count := map[string]int{}
	for _, c := range changes {
		if c.action == "update" && len(c.attrs) == 0 {
			return nil, fmt.Errorf("%s: an update whose changed attributes the tier cannot read", c.address)
		}
		count[c.action]++
	}
	add, change, destroy := atoi(summary[1]), atoi(summary[2]), atoi(summary[3])
	if count["create"]+count["replace"] != add || count["update"] != change || count["delete"]+count["replace"] != destroy {
		return nil, fmt.Errorf("%q, but the tier read %d created, %d updated, %d destroyed and %d replaced", summary[0], count["create"], count["update"], count["delete"], count["replace"])
	}
	return changes, nil
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// A re-plan of the production workspace against moto (its text, shortened): tags the
// emulator does not keep, and a rule description it drops.
const samplePlan = `module.prod.aws_backup_plan.plan: Refreshing state... [id=8d9d62ba]

Terraform used the selected providers to generate the following execution
plan. Resource actions are indicated with the following symbols:
  ~ update in-place

Terraform will perform the following actions:

  # module.prod.aws_backup_plan.plan will be updated in-place
  ~ resource "aws_backup_plan" "plan" {
        id       = "8d9d62ba"
        name     = "confluent-kafka-prod-efs"
      ~ tags     = {
          + "Name"                         = "confluent-kafka-prod-efs"
        }
      ~ tags_all = {
          + "Name"                         = "confluent-kafka-prod-efs"
          + "project"                      = "confluent-kafka"
        }
        # (2 unchanged attributes hidden)

        # (2 unchanged blocks hidden)
    }

  # module.prod.aws_vpc_security_group_ingress_rule.nfs will be updated in-place
  ~ resource "aws_vpc_security_group_ingress_rule" "nfs" {
      + description                  = "NFS from the EKS node security group"
        id                           = "sgr-381ee293a0be69919"
        tags                         = {
            "Name"                         = "confluent-kafka-prod-nfs-from-eks-nodes"
        }
        # (8 unchanged attributes hidden)
    }

Plan: 0 to add, 2 to change, 0 to destroy.

Warning: Resource targeting is in effect
`

// TestPlanChanges reads the deploy tier's re-plan text as the tier does, and refuses the
// plans it must not forgive or cannot read.
func TestPlanChanges(t *testing.T) {
	changes, err := planChanges(samplePlan)
	require.NoError(t, err)
	assert.Equal(t, []plannedChange{
		{address: "module.prod.aws_backup_plan.plan", action: "update", attrs: []string{"tags", "tags_all"}},
		{address: "module.prod.aws_vpc_security_group_ingress_rule.nfs", action: "update", attrs: []string{"description"}},
	}, changes)

	replace := strings.Replace(samplePlan, "aws_backup_plan.plan will be updated in-place", "aws_backup_plan.plan must be replaced", 1)
	replace = strings.Replace(replace, "Plan: 0 to add, 2 to change, 0 to destroy.", "Plan: 1 to add, 1 to change, 1 to destroy.", 1)
	changes, err = planChanges(replace)
	require.NoError(t, err)
	assert.Equal(t, "replace", changes[0].action)

	nested := strings.Replace(samplePlan, "      + description ", "      ~ rule {\n          ~ cidr = \"a\" -> \"b\"\n        }\n        description ", 1)
	changes, err = planChanges(nested)
	require.NoError(t, err)
	assert.Equal(t, []string{"rule"}, changes[1].attrs, "a nested block's change names the block")

	for name, text := range map[string]string{
		"no actions":          strings.Replace(samplePlan, "Terraform will perform the following actions:", "", 1),
		"no summary":          strings.Replace(samplePlan, "Plan: 0 to add, 2 to change, 0 to destroy.", "", 1),
		"summary disagrees":   strings.Replace(samplePlan, "2 to change", "3 to change", 1),
		"unknown header":      strings.Replace(samplePlan, "will be updated in-place", "will be transmogrified", 1),
		"no attribute marked": strings.Replace(samplePlan, "      + description ", "        description ", 1),
	} {
		_, err := planChanges(text)
		assert.Error(t, err, name)
	}
	read := strings.Replace(samplePlan, "Plan: 0 to add", "  # module.prod.data.aws_iam_policy_document.trust will be read during apply\n  # (depends on a resource or a module with changes pending)\n <= data \"aws_iam_policy_document\" \"trust\" {\n      + id   = (known after apply)\n    }\n\nPlan: 0 to add", 1)
	changes, err = planChanges(read)
	require.NoError(t, err)
	require.Len(t, changes, 3)
	assert.Equal(t, plannedChange{address: "module.prod.data.aws_iam_policy_document.trust", action: "read", attrs: []string{"id"}}, changes[2])
}
