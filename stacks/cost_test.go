package stacks

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafka-efs/kafka-efs/constructs/kafkaefs"
)

// costPin is what a stack's estimated_monthly_cost must say: its total, its line items in
// order, and the copy region the stack passed in.
type costPin struct {
	total      float64
	items      []string
	copyRegion string
}

// wantCost pins the shipped stacks' estimates: the hand-computed totals of
// kafkaefs.TestEstimateSpecScenarios (docs/cost.md shows the arithmetic).
var wantCost = map[string]costPin{
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

// costOf returns what the stack name's estimate must say: its pin in wantCost, or, for a
// stack without one, kafkaefs.EstimateMonthlyCost of its Environment with the regions the
// stack passes in (the arithmetic itself is kafkaefs's to test).
func costOf(t *testing.T, name string, w expected) costPin {
	t.Helper()
	if pin, ok := wantCost[name]; ok {
		return pin
	}
	env := environment(t, name)
	usage := env.Usage
	usage.Region, usage.BackupCopyRegion = testSettings.Region, w.backupCopyRegion
	e := kafkaefs.EstimateMonthlyCost(env.Config, usage)
	pin := costPin{total: e.Total, copyRegion: w.backupCopyRegion}
	for _, it := range e.Items {
		pin.items = append(pin.items, it.Name)
	}
	return pin
}

// TestCostEstimateOutput checks estimated_monthly_cost of every stack, and pins the
// shipped ones: the stack's region and copy region reach the estimate, whose total and
// line items are the spec's scenarios priced at us-east-1's list prices.
func TestCostEstimateOutput(t *testing.T) {
	for name := range wantCost {
		_, ok := environmentOf(name)
		assert.True(t, ok, "stack %s has a pin in wantCost (stacks/cost_test.go) but no environment: remove the pin", name)
	}
	forEachStack(t, func(t *testing.T, name string, s stackJSON, w expected) {
		want := costOf(t, name, w)
		assert.Positive(t, want.total, "stack %s: a file system costs something", name)
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
