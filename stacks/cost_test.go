package stacks

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kafka-efs/kafka-efs/constructs/kafkaefs"
)

// costPin is what a stack's estimated_monthly_cost must say: its total, its line items in
// order, its one-time total, and the copy region and key count the stack passed in.
type costPin struct {
	total      float64
	items      []string
	oneTime    float64
	copyRegion string
	keys       int
}

// usd rounds an amount to the cent, as each line of an estimate is.
func usd(x float64) float64 { return math.Round(x*100) / 100 }

// restoreTestUSD is the monthly restore test's restored file system of gb GB in Standard
// ($0.30/GB-month), kept for the default validation window of a 730-hour month.
func restoreTestUSD(gb float64) float64 {
	return usd(gb * float64(kafkaefs.DefaultRestoreTestingValidationWindowHours) / 730 * 0.30)
}

// wantCost pins the shipped stacks' estimates: the hand-computed totals of
// kafkaefs.TestEstimateSpecScenarios (docs/cost.md shows the lines).
var wantCost = map[string]costPin{
	// 30 GB Standard $9.00, 20 GB IA $0.50, 5 GB IA reads $0.05 and their re-tiering
	// $0.05, the dashboard $3.00.
	"dev": {total: 12.60, items: []string{"Storage (Standard)", "Storage (IA)", "IA reads", "IA tiering", "CloudWatch dashboard"}},
	// Storage $107.40, IA reads and re-tiering $0.30, Elastic $45.00, the vault and its
	// copy $312.09 each (6,241.781 GB: TestProdBackupLinesFromChurn), the copy transfer
	// $10.00, the restore test ($10.00 + its file system), dashboard $3.00, 16 alarm
	// metrics $1.60 (7 of the file system's alarms, 9 of the backup side: one for each of
	// its 6 event rules, backup_completed, event_dead_letters, restore_check_failed), 2
	// keys with 2 billed rotations $6.00; once: the first full copy, $10.
	"prod": {total: usd(807.48 + restoreTestUSD(500)), oneTime: 10.00, copyRegion: "us-west-2", keys: 2, items: []string{
		"Storage (Standard)", "Storage (IA)", "IA reads", "IA tiering", "Elastic throughput reads", "Elastic throughput writes",
		"Backup storage (warm)", "Backup copy storage (warm, us-west-2)", "Backup copy transfer to us-west-2",
		"Restore test file system (Standard)", "Restore test restores (AWS Backup)",
		"CloudWatch dashboard", "CloudWatch alarm metrics", "KMS keys (customer-managed, rotated yearly)",
	}},
	// Storage $600.00, provisioned $600.00, the vault $1,248.36 (24,967.123 GB), the
	// restore test ($40.00 + its file system), dashboard $3.00, 12 alarm metrics $1.20
	// (client_connections, clients_gone, throughput_utilization's 2; the backup side's
	// 8: 5 event rules, backup_completed, event_dead_letters, restore_check_failed), 1
	// key $3.00.
	"prod-high-performance": {total: usd(2495.56 + restoreTestUSD(2000)), keys: 1, items: []string{
		"Storage (Standard)", "Provisioned throughput (above included)", "Backup storage (warm)",
		"Restore test file system (Standard)", "Restore test restores (AWS Backup)",
		"CloudWatch dashboard", "CloudWatch alarm metrics", "KMS keys (customer-managed, rotated yearly)",
	}},
}

// usageOf is the usage the stack name hands the estimate: its Environment's, with the
// regions and key count the stack fills in.
func usageOf(t *testing.T, name string, w expected) kafkaefs.Usage {
	t.Helper()
	env := environment(t, name)
	usage := env.Usage
	usage.Region, usage.BackupCopyRegion = testSettings.Region, w.backupCopyRegion
	if env.CustomerManagedKey {
		usage.CustomerManagedKeys++
	}
	if w.backupCopyRegion != "" {
		usage.CustomerManagedKeys++
	}
	return usage
}

// costOf returns what the stack name's estimate must say: its pin in wantCost, or, for a
// stack without one, kafkaefs.EstimateMonthlyCost of its Environment with the regions and
// keys the stack passes in (the arithmetic itself is kafkaefs's to test).
func costOf(t *testing.T, name string, w expected) costPin {
	t.Helper()
	if pin, ok := wantCost[name]; ok {
		return pin
	}
	usage := usageOf(t, name, w)
	e := kafkaefs.EstimateMonthlyCost(environment(t, name).Config, usage)
	pin := costPin{total: e.Total, oneTime: e.OneTimeTotal, copyRegion: w.backupCopyRegion, keys: usage.CustomerManagedKeys}
	for _, it := range e.Items {
		pin.items = append(pin.items, it.Name)
	}
	return pin
}

// costOutput returns the value of the stack's estimated_monthly_cost output.
func costOutput(t *testing.T, s stackJSON) map[string]any {
	t.Helper()
	o, ok := s.block("output")["estimated_monthly_cost"].(map[string]any)
	require.True(t, ok, "estimated_monthly_cost missing")
	return o["value"].(map[string]any)
}

// lineItems returns the output's items of a list ("line_items" or "one_time_items") by name.
func lineItems(t *testing.T, v map[string]any, list string) (names []string, byName map[string]map[string]any, sum float64) {
	t.Helper()
	byName = map[string]map[string]any{}
	items, ok := v[list].([]any)
	require.True(t, ok, "%s missing", list)
	for _, li := range items {
		item := li.(map[string]any)
		name := item["name"].(string)
		names = append(names, name)
		byName[name] = item
		sum += item["cost_usd"].(float64)
	}
	return names, byName, sum
}

// TestCostEstimateOutput checks estimated_monthly_cost of every stack, and pins the
// shipped ones: the stack's region, copy region and keys reach the estimate, whose total,
// line items and one-time charges are the spec's scenarios priced at us-east-1's list
// prices.
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
		v := costOutput(t, s)
		assert.Equal(t, want.total, v["total_usd"])
		assert.Equal(t, want.oneTime, v["one_time_total_usd"])
		assert.Equal(t, "us-east-1", v["price_region"])
		assert.Equal(t, "2026-12-01", v["prices_read"])
		usage := v["usage"].(map[string]any)
		assert.Equal(t, "us-east-1", usage["region"], "Settings.Region reaches the estimate")
		assert.Equal(t, want.copyRegion, usage["backup_copy_region"], "Environment.BackupCopyRegion reaches the estimate")
		assert.Equal(t, float64(want.keys), usage["customer_managed_keys"], "the stack's keys reach the estimate")
		names, _, sum := lineItems(t, v, "line_items")
		assert.Equal(t, want.items, names)
		assert.InDelta(t, want.total, sum, 0.005, "the line items add up to the total")
		_, _, onceSum := lineItems(t, v, "one_time_items")
		assert.InDelta(t, want.oneTime, onceSum, 0.005, "the one-time items add up to their total")
		breakdown := joinedText(t, v["breakdown"])
		assert.Contains(t, breakdown, "Note: prices: us-east-1 list prices, read 2026-12-01\n")
		assert.Contains(t, breakdown, "\nTotal: $"+money(want.total)+"/month")
	})
}

// TestProdBackupLinesFromChurn recomputes prod's backup lines from its scenario and its
// plan's retention, without the estimate's model: EFS backups are incremental, so the
// vault holds one full copy and every change from its newest recovery point to its
// oldest. The default rules keep 35 daily points (the newest half a day old, on average
// over a day) and 12 monthly ones, the oldest 11.5 months old on average. prod writes its
// size a month, so no gap between two points holds more than a full copy, and the change
// between the newest and the oldest is the churn of those 11.5 months less half a day.
// The copy vault holds as much; the copy jobs move the month's change; the first copy,
// once, is the full file system.
func TestProdBackupLinesFromChurn(t *testing.T) {
	env := environment(t, "prod")
	w := expectationOf(t, "prod")
	require.NotNil(t, env.Config.BackupPlan)
	require.Empty(t, env.Config.BackupPlan.Rules, "prod keeps the default rules")
	rules := kafkaefs.DefaultBackupRules()
	require.Equal(t, []int{35, 365}, []int{rules[0].DeleteAfterDays, rules[1].DeleteAfterDays}, "daily kept 35 days, monthly kept a year")
	require.Zero(t, env.Usage.ChurnGB, "prod's churn is what it writes")

	stored, churn := env.Usage.StorageGB, env.Usage.ElasticDataAccess.WriteGB
	require.LessOrEqual(t, churn, stored, "the closed form below needs at most a full copy of change a month")
	const daysPerMonth = 365.0 / 12
	monthlyPoints := 365 / daysPerMonth                // 12
	oldestDays := (monthlyPoints - 0.5) * daysPerMonth // 349.79 days
	newestDays := 0.5                                  // the daily point, half a day old
	vaultGB := stored + churn*(oldestDays-newestDays)/daysPerMonth
	assert.InDelta(t, 6241.781, vaultGB, 0.001, "500 GB + 500 GB x 11.48 months")

	p := kafkaefs.PriceLists[testSettings.Region]
	copyPrices, ok := kafkaefs.PriceLists[w.backupCopyRegion]
	if !ok {
		copyPrices = kafkaefs.PriceLists[kafkaefs.DefaultPriceRegion]
	}
	want := map[string][2]float64{ // quantity, cost
		"Backup storage (warm)":                                  {vaultGB, usd(vaultGB * p.BackupWarmPerGBMonth)},
		"Backup copy storage (warm, " + w.backupCopyRegion + ")": {vaultGB, usd(vaultGB * copyPrices.BackupWarmPerGBMonth)},
		"Backup copy transfer to " + w.backupCopyRegion:          {churn, usd(churn * p.InterRegionTransferPerGB)},
	}
	_, items, _ := lineItems(t, costOutput(t, synthesized["prod"]), "line_items")
	for name, qc := range want {
		it, ok := items[name]
		if assert.True(t, ok, "no line %q", name) {
			assert.InDelta(t, qc[0], it["quantity"], 1e-6, name)
			assert.Equal(t, qc[1], it["cost_usd"], name)
		}
	}
	_, once, _ := lineItems(t, costOutput(t, synthesized["prod"]), "one_time_items")
	first := once["First full backup copy to "+w.backupCopyRegion+" (one-time)"]
	require.NotNil(t, first, "the first full copy is a one-time line")
	assert.Equal(t, stored, first["quantity"])
	assert.Equal(t, usd(stored*p.InterRegionTransferPerGB), first["cost_usd"])
}

// The generated parts of docs/cost.md: each between a begin and an end marker, written by
// TestCostDoc from the estimates of the shipped stacks (UPDATE_COST_DOC=true rewrites them).
const (
	costDoc         = "../docs/cost.md"
	costDocBegin    = "<!-- generated by stacks.TestCostDoc: %s -->"
	costDocEnd      = "<!-- end of %s -->"
	sensitivityPart = "prod-sensitivity"
)

// sensitivityStorageGB and sensitivityChurn are the axes of the prod sensitivity table:
// the data stored, and the data changed a month as a share of it.
var (
	sensitivityStorageGB = []float64{250, 500, 1000, 2000}
	sensitivityChurn     = []float64{0.1, 0.25, 0.5, 1, 2}
)

// costConfig is env's Config with what New fills in and the estimate reads: the alarm
// topic as AlarmActions (the backup side's alarms and rules are billed with it) and the
// copy vault of CopyBackups (its copy rule). TestCostEstimateOutput checks the stacks'
// outputs against wantCost, so the two cannot drift apart unnoticed.
func costConfig(env Environment) kafkaefs.Config {
	cfg := env.Config
	if env.AlarmTopic != "" && env.CustomerManagedKey {
		cfg.AlarmActions = []string{"arn:aws:sns:us-east-1:123456789012:" + env.AlarmTopic}
	}
	if env.CopyBackups && cfg.BackupPlan != nil {
		plan := *cfg.BackupPlan
		plan.CopyDestinationVaultArn = "arn:aws:backup:us-west-2:123456789012:backup-vault:copy"
		cfg.BackupPlan = &plan
	}
	return cfg
}

// TestCostDoc: docs/cost.md shows each shipped stack's lines and prod's sensitivity to
// its stored size and churn as the code computes them today.
func TestCostDoc(t *testing.T) {
	raw, err := os.ReadFile(costDoc)
	require.NoError(t, err)
	doc := string(raw)
	parts := map[string]string{sensitivityPart: sensitivityTable(t)}
	for _, name := range []string{"dev", "prod", "prod-high-performance"} {
		w := expectationOf(t, name)
		parts[name] = estimateTable(kafkaefs.EstimateMonthlyCost(costConfig(environment(t, name)), usageOf(t, name, w)))
	}
	updated := doc
	for name, body := range parts {
		begin, end := fmt.Sprintf(costDocBegin, name), fmt.Sprintf(costDocEnd, name)
		i, j := strings.Index(updated, begin), strings.Index(updated, end)
		require.True(t, i >= 0 && j > i, "docs/cost.md lacks the markers %q and %q", begin, end)
		updated = updated[:i+len(begin)] + "\n" + body + updated[j:]
	}
	if updated == doc {
		return
	}
	if os.Getenv("UPDATE_COST_DOC") == "true" {
		require.NoError(t, os.WriteFile(costDoc, []byte(updated), 0o644))
		t.Log("docs/cost.md rewritten: read the diff")
		return
	}
	t.Errorf("docs/cost.md shows estimates the code no longer computes: run UPDATE_COST_DOC=true go test ./stacks/ -run TestCostDoc and read the diff")
}

// estimateTable renders an estimate's lines as a Markdown table, the one-time lines after
// the monthly total.
func estimateTable(e kafkaefs.Estimate) string {
	var b strings.Builder
	b.WriteString("| Line | Quantity | Price | Cost |\n|---|---:|---:|---:|\n")
	row := func(prefix string, it kafkaefs.LineItem) {
		fmt.Fprintf(&b, "| %s%s | %s %s | $%s | $%s |\n", prefix, it.Name, quantity(it.Quantity), it.Unit,
			price(it.UnitPriceUSD), money(it.CostUSD))
	}
	for _, it := range e.Items {
		row("", it)
	}
	fmt.Fprintf(&b, "| **Total a month** | | | **$%s** |\n", money(e.Total))
	for _, it := range e.OneTime {
		row("Once: ", it)
	}
	return b.String()
}

// sensitivityTable renders prod's monthly total for each stored size and monthly churn,
// every other figure as prod's scenario: what is written is the churn.
func sensitivityTable(t *testing.T) string {
	env := environment(t, "prod")
	base := usageOf(t, "prod", expectationOf(t, "prod"))
	var b strings.Builder
	b.WriteString("| Stored \\ changed a month |")
	for _, c := range sensitivityChurn {
		fmt.Fprintf(&b, " %s%% |", strconv.FormatFloat(c*100, 'f', -1, 64))
	}
	b.WriteString("\n|---|" + strings.Repeat("---:|", len(sensitivityChurn)) + "\n")
	for _, gb := range sensitivityStorageGB {
		fmt.Fprintf(&b, "| %s GB |", quantity(gb))
		for _, c := range sensitivityChurn {
			u := base
			u.StorageGB, u.ElasticDataAccess.WriteGB = gb, gb*c
			fmt.Fprintf(&b, " $%s |", money(kafkaefs.EstimateMonthlyCost(costConfig(env), u).Total))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// money writes dollars and cents with thousands separators, price a unit price with at
// least two decimals and no more than it has, quantity up to three decimals.
func money(usd float64) string { return thousands(strconv.FormatFloat(usd, 'f', 2, 64)) }

func price(usd float64) string {
	s := strconv.FormatFloat(usd, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i > 3 {
		return s
	}
	return money(usd)
}

func quantity(q float64) string {
	return thousands(strconv.FormatFloat(math.Round(q*1000)/1000, 'f', -1, 64))
}

func thousands(s string) string {
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
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
