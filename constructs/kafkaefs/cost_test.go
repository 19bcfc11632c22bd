package kafkaefs

import (
	"math"
	"testing"
)

// wantLine is the part of a LineItem a cost test pins down: the charge, its quantity in
// its unit, and its cost to the cent.
type wantLine struct {
	name     string
	quantity float64
	cost     float64
}

// checkEstimate compares an estimate line by line and its total, exactly: money is
// cent-exact, so float equality is the right test.
func checkEstimate(t *testing.T, got Estimate, want []wantLine, wantTotal float64) {
	t.Helper()
	if len(got.Items) != len(want) {
		t.Fatalf("got %d items, want %d:\n%s", len(got.Items), len(want), got)
	}
	for i, w := range want {
		it := got.Items[i]
		if it.Name != w.name || math.Abs(it.Quantity-w.quantity) > 1e-9 || it.CostUSD != w.cost {
			t.Errorf("item %d = %q %v %s = $%v, want %q %v = $%v", i, it.Name, it.Quantity, it.Unit,
				it.CostUSD, w.name, w.quantity, w.cost)
		}
	}
	if got.Total != wantTotal {
		t.Errorf("total = $%v, want $%v\n%s", got.Total, wantTotal, got)
	}
}

// TestEstimateMonthlyCostSpecScenarios reproduces, line by line, every worked example of
// the spec's "Cost Analysis" and "Lifecycle Policies" sections.
func TestEstimateMonthlyCostSpecScenarios(t *testing.T) {
	lifecycle := Config{TransitionToIA: "AFTER_30_DAYS", TransitionToPrimaryStorageClass: TransitionOnFirstAccess}
	tests := []struct {
		name      string
		cfg       Config
		usage     Usage
		want      []wantLine
		wantTotal float64
	}{
		{
			name:  "dev",
			cfg:   Config{ThroughputMode: ThroughputElastic, TransitionToIA: "AFTER_30_DAYS"},
			usage: Usage{StorageGB: 50, IAFraction: 0.4, RequestsPerMonth: 500_000},
			want: []wantLine{
				{"Storage (Standard)", 30, 9.00},
				{"Storage (IA)", 20, 0.50},
				{"Requests", 500, 5.00},
			},
			wantTotal: 14.50,
		},
		{
			name:  "prod",
			cfg:   Config{ThroughputMode: ThroughputElastic, TransitionToIA: "AFTER_30_DAYS"},
			usage: Usage{StorageGB: 500, IAFraction: 0.3, RequestsPerMonth: 5_000_000},
			want: []wantLine{
				{"Storage (Standard)", 350, 105.00},
				{"Storage (IA)", 150, 3.75},
				{"Requests", 5000, 50.00},
			},
			wantTotal: 158.75,
		},
		{
			name: "high performance",
			cfg: Config{PerformanceMode: PerformanceMaxIO, ThroughputMode: ThroughputProvisioned,
				ProvisionedThroughputInMibps: 200},
			usage: Usage{StorageGB: 2000, RequestsPerMonth: 20_000_000},
			want: []wantLine{
				{"Storage (Standard)", 2000, 600.00},
				{"Provisioned throughput", 200, 1200.00},
				{"Requests", 20_000, 200.00},
			},
			wantTotal: 2000.00,
		},
		{
			name:      "lifecycle example without lifecycle",
			cfg:       Config{},
			usage:     Usage{StorageGB: 1000, IAFraction: 0.5},
			want:      []wantLine{{"Storage (Standard)", 1000, 300.00}},
			wantTotal: 300.00,
		},
		{
			name:  "lifecycle example with lifecycle",
			cfg:   lifecycle,
			usage: Usage{StorageGB: 1000, IAFraction: 0.5},
			want: []wantLine{
				{"Storage (Standard)", 500, 150.00},
				{"Storage (IA)", 500, 12.50},
			},
			wantTotal: 162.50,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkEstimate(t, EstimateMonthlyCost(tt.cfg, tt.usage), tt.want, tt.wantTotal)
		})
	}
}

// TestEstimateMonthlyCostEdgeCases pins down which lines appear when, and that odd input
// never yields a negative, NaN or infinite amount.
func TestEstimateMonthlyCostEdgeCases(t *testing.T) {
	lifecycle := Config{TransitionToIA: "AFTER_7_DAYS"}
	tests := []struct {
		name      string
		cfg       Config
		usage     Usage
		want      []wantLine
		wantTotal float64
	}{
		{
			name:      "no storage: Standard line only, at zero",
			cfg:       Config{},
			usage:     Usage{},
			want:      []wantLine{{"Storage (Standard)", 0, 0}},
			wantTotal: 0,
		},
		{
			name:      "lifecycle with no storage: IA line at zero",
			cfg:       lifecycle,
			usage:     Usage{},
			want:      []wantLine{{"Storage (Standard)", 0, 0}, {"Storage (IA)", 0, 0}},
			wantTotal: 0,
		},
		{
			name:      "all IA",
			cfg:       lifecycle,
			usage:     Usage{StorageGB: 1000, IAFraction: 1},
			want:      []wantLine{{"Storage (Standard)", 0, 0}, {"Storage (IA)", 1000, 25.00}},
			wantTotal: 25.00,
		},
		{
			name:      "IA fraction above 1 is clamped to 1",
			cfg:       lifecycle,
			usage:     Usage{StorageGB: 1000, IAFraction: 1.5},
			want:      []wantLine{{"Storage (Standard)", 0, 0}, {"Storage (IA)", 1000, 25.00}},
			wantTotal: 25.00,
		},
		{
			name:      "negative IA fraction counts as 0",
			cfg:       lifecycle,
			usage:     Usage{StorageGB: 100, IAFraction: -0.5},
			want:      []wantLine{{"Storage (Standard)", 100, 30.00}, {"Storage (IA)", 0, 0}},
			wantTotal: 30.00,
		},
		{
			name:      "NaN IA fraction counts as 0",
			cfg:       lifecycle,
			usage:     Usage{StorageGB: 100, IAFraction: math.NaN()},
			want:      []wantLine{{"Storage (Standard)", 100, 30.00}, {"Storage (IA)", 0, 0}},
			wantTotal: 30.00,
		},
		{
			name:      "IA fraction without lifecycle: all Standard",
			cfg:       Config{},
			usage:     Usage{StorageGB: 100, IAFraction: 0.5},
			want:      []wantLine{{"Storage (Standard)", 100, 30.00}},
			wantTotal: 30.00,
		},
		{
			name:      "negative, NaN and infinite usage count as 0",
			cfg:       Config{},
			usage:     Usage{StorageGB: -10, RequestsPerMonth: math.Inf(1)},
			want:      []wantLine{{"Storage (Standard)", 0, 0}},
			wantTotal: 0,
		},
		{
			name:  "provisioned with no requests: no request line",
			cfg:   Config{ThroughputMode: ThroughputProvisioned, ProvisionedThroughputInMibps: 10},
			usage: Usage{StorageGB: 10},
			want: []wantLine{
				{"Storage (Standard)", 10, 3.00},
				{"Provisioned throughput", 10, 60.00},
			},
			wantTotal: 63.00,
		},
		{
			name:      "throughput ignored unless provisioned",
			cfg:       Config{ThroughputMode: ThroughputElastic, ProvisionedThroughputInMibps: 100},
			usage:     Usage{StorageGB: 10},
			want:      []wantLine{{"Storage (Standard)", 10, 3.00}},
			wantTotal: 3.00,
		},
		{
			name:  "backup storage: one warm line at AWS's price, after the others",
			cfg:   Config{ThroughputMode: ThroughputElastic, TransitionToIA: "AFTER_30_DAYS"},
			usage: Usage{StorageGB: 500, IAFraction: 0.3, RequestsPerMonth: 5_000_000, BackupStorageGB: 600},
			want: []wantLine{
				{"Storage (Standard)", 350, 105.00},
				{"Storage (IA)", 150, 3.75},
				{"Requests", 5000, 50.00},
				{"Backup storage (warm)", 600, 30.00},
			},
			wantTotal: 188.75,
		},
		{
			name:      "negative, NaN and infinite backup GB count as 0: no backup line",
			cfg:       Config{},
			usage:     Usage{StorageGB: 10, BackupStorageGB: math.NaN()},
			want:      []wantLine{{"Storage (Standard)", 10, 3.00}},
			wantTotal: 3.00,
		},
		{
			name:  "elastic data access: reads and writes at AWS's prices, before requests",
			cfg:   Config{ThroughputMode: ThroughputElastic},
			usage: Usage{StorageGB: 10, RequestsPerMonth: 1000, ElasticDataAccess: DataAccess{ReadGB: 1000, WriteGB: 250}},
			want: []wantLine{
				{"Storage (Standard)", 10, 3.00},
				{"Elastic throughput reads", 1000, 30.00},
				{"Elastic throughput writes", 250, 15.00},
				{"Requests", 1, 0.01},
			},
			wantTotal: 48.01,
		},
		{
			name:      "elastic writes only",
			cfg:       Config{ThroughputMode: ThroughputElastic},
			usage:     Usage{ElasticDataAccess: DataAccess{WriteGB: 0.5}},
			want:      []wantLine{{"Storage (Standard)", 0, 0}, {"Elastic throughput writes", 0.5, 0.03}},
			wantTotal: 0.03,
		},
		{
			name:      "data access ignored unless elastic",
			cfg:       Config{ThroughputMode: ThroughputBursting},
			usage:     Usage{StorageGB: 10, ElasticDataAccess: DataAccess{ReadGB: 1000, WriteGB: 1000}},
			want:      []wantLine{{"Storage (Standard)", 10, 3.00}},
			wantTotal: 3.00,
		},
		{
			name:      "negative and NaN data access count as 0",
			cfg:       Config{ThroughputMode: ThroughputElastic},
			usage:     Usage{ElasticDataAccess: DataAccess{ReadGB: -5, WriteGB: math.NaN()}},
			want:      []wantLine{{"Storage (Standard)", 0, 0}},
			wantTotal: 0,
		},
		{
			name:      "sub-cent lines round to the cent, total sums the rounded lines",
			cfg:       lifecycle,
			usage:     Usage{StorageGB: 0.28, IAFraction: 1, RequestsPerMonth: 700},
			want:      []wantLine{{"Storage (Standard)", 0, 0}, {"Storage (IA)", 0.28, 0.01}, {"Requests", 0.7, 0.01}},
			wantTotal: 0.02, // not round($0.014) = $0.01
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkEstimate(t, EstimateMonthlyCost(tt.cfg, tt.usage), tt.want, tt.wantTotal)
		})
	}
}

// TestEstimateMonthlyCostString checks the human-readable breakdown: units, prices with their
// significant decimals, thousands separators and the total line.
func TestEstimateMonthlyCostString(t *testing.T) {
	got := EstimateMonthlyCost(
		Config{TransitionToIA: "AFTER_30_DAYS", ThroughputMode: ThroughputProvisioned, ProvisionedThroughputInMibps: 200},
		Usage{StorageGB: 2000, IAFraction: 0.3, RequestsPerMonth: 20_000_000},
	).String()
	want := "Storage (Standard): 1,400 GB x $0.30 = $420.00\n" +
		"Storage (IA): 600 GB x $0.025 = $15.00\n" +
		"Provisioned throughput: 200 MiB/s x $6.00 = $1,200.00\n" +
		"Requests: 20,000 thousand requests x $0.01 = $200.00\n" +
		"Total: $1,835.00/month"
	if got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
}
