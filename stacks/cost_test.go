package stacks

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wantCost is what each stack's estimated_monthly_cost must say: the hand-computed totals
// of kafkaefs.TestEstimateSpecScenarios (docs/cost.md shows the arithmetic), its line
// items in order, and the regions the stack passed in.
var wantCost = map[string]struct {
	total      float64
	items      []string
	copyRegion string
}{
	"dev": {total: 9.55, items: []string{"Storage (Standard)", "Storage (IA)", "IA reads"}},
	"prod": {total: 229.48, copyRegion: "us-west-2", items: []string{
		"Storage (Standard)", "Storage (IA)", "IA reads", "Elastic throughput reads", "Elastic throughput writes",
		"Backup storage (warm)", "Backup copy storage (warm, us-west-2)", "Backup copy transfer to us-west-2",
		"Restore test file system (Standard)", "Restore test restores (AWS Backup)",
	}},
	"prod-high-performance": {total: 1379.73, items: []string{
		"Storage (Standard)", "Provisioned throughput (above included)", "Backup storage (warm)",
		"Restore test file system (Standard)", "Restore test restores (AWS Backup)",
	}},
}

// TestCostEstimateOutput pins estimated_monthly_cost of every shipped stack: the stack's
// region and copy region reach the estimate, whose total and line items are the spec's
// scenarios priced at us-east-1's list prices.
func TestCostEstimateOutput(t *testing.T) {
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		want := wantCost[name]
		o, ok := s.block("output")["estimated_monthly_cost"].(map[string]any)
		require.True(t, ok, "estimated_monthly_cost missing")
		assert.Equal(t, "Estimated monthly AWS bill in USD for the stack's usage scenario, at us-east-1 list prices read 2026-12-01 (see docs/cost.md)", o["description"])
		v := o["value"].(map[string]any)
		assert.Equal(t, want.total, v["total_usd"])
		assert.Equal(t, "us-east-1", v["price_region"])
		assert.Equal(t, "2026-12-01", v["prices_read"])
		usage := v["usage"].(map[string]any)
		assert.Equal(t, "us-east-1", usage["region"], "Settings.Region reaches the estimate")
		assert.Equal(t, want.copyRegion, usage["backup_copy_region"], "Environment.BackupCopyRegion reaches the estimate")
		var names []string
		sum := 0.0
		for _, li := range v["line_items"].([]any) {
			item := li.(map[string]any)
			names = append(names, item["name"].(string))
			sum += item["cost_usd"].(float64)
		}
		assert.Equal(t, want.items, names)
		assert.InDelta(t, want.total, sum, 0.005, "the line items add up to the total")
		assert.Contains(t, joinedText(t, v["breakdown"]), "Note: prices: us-east-1 list prices, read 2026-12-01\n")
	})
}

// joinedText returns the text of a ${join("\n", [...])} expression, as the construct
// hands a multi-line string to Terraform (so the HCL rendering is valid too); its list
// is written as JSON strings.
func joinedText(t *testing.T, v any) string {
	t.Helper()
	expr, _ := v.(string)
	list, ok := strings.CutPrefix(expr, `${join("\n", `)
	require.True(t, ok, "not a join expression: %.80s", expr)
	list, ok = strings.CutSuffix(list, ")}")
	require.True(t, ok, "the join expression does not end: %.80s", expr)
	var lines []string
	require.NoError(t, json.Unmarshal([]byte(list), &lines), "the joined list is not JSON strings: %.200s", list)
	return strings.Join(lines, "\n")
}
