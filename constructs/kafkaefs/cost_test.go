package kafkaefs

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// wantLine is the part of a LineItem a cost test pins down: the charge, its quantity in
// its unit, the unit price and its cost to the cent.
type wantLine struct {
	name     string
	quantity float64
	price    float64
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
		if it.Name != w.name || math.Abs(it.Quantity-w.quantity) > 1e-3 || it.UnitPriceUSD != w.price || it.CostUSD != w.cost {
			t.Errorf("item %d = %q %v %s x $%v = $%v, want %q %v x $%v = $%v", i, it.Name, it.Quantity, it.Unit,
				it.UnitPriceUSD, it.CostUSD, w.name, w.quantity, w.price, w.cost)
		}
	}
	if got.Total != wantTotal {
		t.Errorf("total = $%v, want $%v\n%s", got.Total, wantTotal, got)
	}
}

// costCase is one estimate and what it must be: its lines, its total and, when set, one of
// its notes.
type costCase struct {
	name      string
	cfg       Config
	usage     Usage
	want      []wantLine
	wantTotal float64
	wantNote  string
}

// runCostCases checks each case as a subtest. No line of any case may charge requests:
// EFS bills none.
func runCostCases(t *testing.T, cases []costCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			got := EstimateMonthlyCost(tt.cfg, tt.usage)
			checkEstimate(t, got, tt.want, tt.wantTotal)
			if tt.wantNote != "" && !slices.Contains(got.Notes, tt.wantNote) {
				t.Errorf("notes = %q, want one %q", got.Notes, tt.wantNote)
			}
			for _, it := range got.Items {
				if strings.Contains(strings.ToLower(it.Name), "request") {
					t.Errorf("line %q: EFS bills no requests", it.Name)
				}
			}
		})
	}
}

// The spec's three scenarios as stacks/environments.go configures them: only the fields
// the estimate reads. TestEstimateSpecScenarios prices them by hand.
var (
	devScenario = Config{
		ThroughputMode: ThroughputBursting, TransitionToIA: "AFTER_7_DAYS",
		TransitionToPrimaryStorageClass: TransitionOnFirstAccess,
	}
	prodScenario = Config{
		ThroughputMode: ThroughputElastic, TransitionToIA: "AFTER_30_DAYS",
		TransitionToPrimaryStorageClass: TransitionOnFirstAccess, BackupPlan: &BackupPlan{},
	}
	highPerformanceScenario = Config{
		PerformanceMode: PerformanceMaxIO, ThroughputMode: ThroughputProvisioned,
		ProvisionedThroughputInMibps: 200, BackupPlan: &BackupPlan{},
	}
)

// TestEstimateSpecScenarios: the line items of the spec's three scenarios, each computed
// by hand from the us-east-1 prices (docs/cost.md sets them beside the spec's figures).
func TestEstimateSpecScenarios(t *testing.T) {
	tests := []costCase{
		{
			name:  "dev: bursting, IA after 7 days, no backups",
			cfg:   devScenario,
			usage: Usage{StorageGB: 50, IAFraction: 0.4, Tiering: TieringAccess{IAReadGB: 5}, Region: "us-east-1"},
			want: []wantLine{
				{"Storage (Standard)", 30, 0.30, 9.00}, // 50 GB x 0.6 = 30 GB x $0.30
				{"Storage (IA)", 20, 0.025, 0.50},      // 50 GB x 0.4 = 20 GB x $0.025 (bursting IA price)
				{"IA reads", 5, 0.01, 0.05},            // 5 GB x $0.01
			},
			wantTotal: 9.00 + 0.50 + 0.05, // $9.55; the spec's ~$15 adds $5.00 of "requests"
		},
		{
			name: "prod: elastic, IA after 30 days, backup plan copied to us-west-2, monthly restore test",
			cfg:  prodScenario,
			usage: Usage{StorageGB: 500, IAFraction: 0.3,
				ElasticDataAccess: DataAccess{ReadGB: 500, WriteGB: 500}, Tiering: TieringAccess{IAReadGB: 15},
				BackupStorageGB: 600, BackupChangeGB: 100, Region: "us-east-1", BackupCopyRegion: "us-west-2"},
			want: []wantLine{
				{"Storage (Standard)", 350, 0.30, 105.00},                   // 500 GB x 0.7 = 350 GB x $0.30
				{"Storage (IA)", 150, 0.016, 2.40},                          // 500 GB x 0.3 = 150 GB x $0.016 (Elastic IA price)
				{"IA reads", 15, 0.01, 0.15},                                // 15 GB x $0.01
				{"Elastic throughput reads", 500, 0.03, 15.00},              // 500 GB x $0.03
				{"Elastic throughput writes", 500, 0.06, 30.00},             // 500 GB x $0.06
				{"Backup storage (warm)", 600, 0.05, 30.00},                 // 600 GB x $0.05
				{"Backup copy storage (warm, us-west-2)", 600, 0.05, 30},    // the same 600 GB in the copy vault
				{"Backup copy transfer to us-west-2", 100, 0.02, 2.00},      // 100 GB of new backups x $0.02
				{"Restore test file system (Standard)", 16.438, 0.30, 4.93}, // 500 GB x 24 h / 730 h = 16.438 GB-month x $0.30 = $4.9315
				{"Restore test restores (AWS Backup)", 500, 0.02, 10.00},    // 500 GB restored once x $0.02
			},
			wantTotal: 105.00 + 2.40 + 0.15 + 15.00 + 30.00 + 30.00 + 30.00 + 2.00 + 4.93 + 10.00, // $229.48; the spec's ~$159 has $50.00 of "requests" and nothing else
		},
		{
			name:  "high performance: provisioned 200 MiB/s on 2,000 GB, backup plan, monthly restore test",
			cfg:   highPerformanceScenario,
			usage: Usage{StorageGB: 2000, BackupStorageGB: 2400, Region: "us-east-1"},
			want: []wantLine{
				{"Storage (Standard)", 2000, 0.30, 600.00},                     // 2,000 GB x $0.30
				{"Provisioned throughput (above included)", 100, 6.00, 600.00}, // 200 MiB/s - 2,000 GB / 20 = 100 MB/s x $6.00
				{"Backup storage (warm)", 2400, 0.05, 120.00},                  // 2,400 GB x $0.05
				{"Restore test file system (Standard)", 65.753, 0.30, 19.73},   // 2,000 GB x 24 h / 730 h = 65.753 GB-month x $0.30 = $19.726
				{"Restore test restores (AWS Backup)", 2000, 0.02, 40.00},      // 2,000 GB x $0.02
			},
			wantTotal: 600.00 + 600.00 + 120.00 + 19.73 + 40.00, // $1,379.73; the spec's ~$2,000 bills all 200 MiB/s and $200 of "requests"
		},
	}
	runCostCases(t, tests)
}

// TestProvisionedThroughputPricingPageExample: the EFS pricing page's example of
// provisioned throughput (100 GB in Standard, 10 MB/s provisioned for the month: 5 MB/s
// billed, $30.00), and the rule it shows, that only throughput above 1 MB/s per 20 GB of
// Standard storage is billed.
func TestProvisionedThroughputPricingPageExample(t *testing.T) {
	provisioned := func(mibps float64) Config {
		return Config{ThroughputMode: ThroughputProvisioned, ProvisionedThroughputInMibps: mibps, TransitionToIA: "AFTER_30_DAYS"}
	}
	tests := []costCase{
		{
			name:  "pricing page: 100 GB, 10 MB/s",
			cfg:   provisioned(10),
			usage: Usage{StorageGB: 100},
			want: []wantLine{
				{"Storage (Standard)", 100, 0.30, 30.00}, // 100 GB-months x $0.30
				{"Storage (IA)", 0, 0.025, 0},
				// 74,400 GB-hours / 20 = 3,720 MB/s-hours included; 7,440 - 3,720 = 3,720
				// MB/s-hours = 5 MB/s-months x $6.00.
				{"Provisioned throughput (above included)", 5, 6.00, 30.00},
			},
			wantTotal: 30.00 + 30.00,
		},
		{
			name:  "230 GB, 100 MB/s: 88.5 MB/s billed (infracost's golden test agrees)",
			cfg:   provisioned(100),
			usage: Usage{StorageGB: 230},
			want: []wantLine{
				{"Storage (Standard)", 230, 0.30, 69.00},
				{"Storage (IA)", 0, 0.025, 0},
				{"Provisioned throughput (above included)", 88.5, 6.00, 531.00}, // 100 - 230 / 20 = 88.5 x $6.00
			},
			wantTotal: 69.00 + 531.00,
		},
		{
			name:  "only Standard counts: half of 2,000 GB in IA includes 50 MB/s",
			cfg:   provisioned(100),
			usage: Usage{StorageGB: 2000, IAFraction: 0.5},
			want: []wantLine{
				{"Storage (Standard)", 1000, 0.30, 300.00},
				{"Storage (IA)", 1000, 0.025, 25.00},
				{"Provisioned throughput (above included)", 50, 6.00, 300.00}, // 100 - 1,000 / 20
			},
			wantTotal: 300.00 + 25.00 + 300.00,
		},
		{
			name:  "storage includes more than provisioned: nothing billed",
			cfg:   provisioned(100),
			usage: Usage{StorageGB: 4000},
			want: []wantLine{
				{"Storage (Standard)", 4000, 0.30, 1200.00},
				{"Storage (IA)", 0, 0.025, 0},
				{"Provisioned throughput (above included)", 0, 6.00, 0}, // 4,000 / 20 = 200 > 100
			},
			wantTotal: 1200.00,
		},
	}
	runCostCases(t, tests)
	if got := IncludedThroughputMBps(100); got != 5 {
		t.Errorf("IncludedThroughputMBps(100 GB) = %v MB/s, want 5 (50 KB/s per GB)", got)
	}
	got := EstimateMonthlyCost(provisioned(10), Usage{StorageGB: 100}).Items[2].Basis
	if want := "10 MiB/s provisioned - 5 MB/s included with 100 GB in Standard, 1 MB/s per 20 GB"; got != want {
		t.Errorf("basis = %q, want %q", got, want)
	}
}

// TestElasticDataAccess: Elastic bills every GB read and written, every storage class;
// reads from IA and Archive add their own per-GB charge on top; the other modes bill no
// data access but still bill IA reads.
func TestElasticDataAccess(t *testing.T) {
	access := Usage{StorageGB: 100, IAFraction: 0.5, ArchiveFraction: 0.25,
		ElasticDataAccess: DataAccess{ReadGB: 1000, WriteGB: 250},
		Tiering:           TieringAccess{IAReadGB: 40, IATieredGB: 20, ArchiveReadGB: 10, ArchiveTieredGB: 5}}
	tests := []costCase{
		{
			name:  "elastic with IA and Archive",
			cfg:   Config{ThroughputMode: ThroughputElastic, TransitionToIA: "AFTER_30_DAYS", TransitionToArchive: "AFTER_90_DAYS"},
			usage: access,
			want: []wantLine{
				{"Storage (Standard)", 25, 0.30, 7.50}, // 100 - 50 - 25
				{"Storage (IA)", 50, 0.016, 0.80},      // Elastic IA price
				{"Storage (Archive)", 25, 0.008, 0.20}, // 100 GB x 0.25
				{"IA reads", 40, 0.01, 0.40},           // on top of the Elastic read charge
				{"IA tiering", 20, 0.01, 0.20},         // moved into IA
				{"Archive reads", 10, 0.03, 0.30},      // on top of the Elastic read charge
				{"Archive tiering", 5, 0.03, 0.15},     // moved into Archive
				{"Elastic throughput reads", 1000, 0.03, 30.00},
				{"Elastic throughput writes", 250, 0.06, 15.00},
			},
			wantTotal: 7.50 + 0.80 + 0.20 + 0.40 + 0.20 + 0.30 + 0.15 + 30.00 + 15.00,
		},
		{
			name:  "bursting: no data access charge, IA at the bursting price, IA reads still billed",
			cfg:   Config{ThroughputMode: ThroughputBursting, TransitionToIA: "AFTER_30_DAYS"},
			usage: access,
			want: []wantLine{
				{"Storage (Standard)", 50, 0.30, 15.00},
				{"Storage (IA)", 50, 0.025, 1.25},
				{"IA reads", 40, 0.01, 0.40},
				{"IA tiering", 20, 0.01, 0.20},
			},
			wantTotal: 15.00 + 1.25 + 0.40 + 0.20,
		},
		{
			name:  "archive share is at most what IA leaves",
			cfg:   Config{ThroughputMode: ThroughputElastic, TransitionToIA: "AFTER_30_DAYS", TransitionToArchive: "AFTER_90_DAYS"},
			usage: Usage{StorageGB: 100, IAFraction: 0.8, ArchiveFraction: 0.5},
			want: []wantLine{
				{"Storage (Standard)", 0, 0.30, 0},
				{"Storage (IA)", 80, 0.016, 1.28},
				{"Storage (Archive)", 20, 0.008, 0.16},
			},
			wantTotal: 1.28 + 0.16,
		},
		{
			name:      "negative, NaN and infinite usage count as 0",
			cfg:       Config{ThroughputMode: ThroughputElastic, TransitionToIA: "AFTER_30_DAYS"},
			usage:     Usage{StorageGB: 10, IAFraction: math.NaN(), ElasticDataAccess: DataAccess{ReadGB: -5, WriteGB: math.Inf(1)}},
			want:      []wantLine{{"Storage (Standard)", 10, 0.30, 3.00}, {"Storage (IA)", 0, 0.016, 0}},
			wantTotal: 3.00,
		},
		{
			name:      "sub-cent lines round to the cent, the total sums the rounded lines",
			cfg:       Config{ThroughputMode: ThroughputElastic},
			usage:     Usage{ElasticDataAccess: DataAccess{ReadGB: 0.2, WriteGB: 0.1}},
			want:      []wantLine{{"Storage (Standard)", 0, 0.30, 0}, {"Elastic throughput reads", 0.2, 0.03, 0.01}, {"Elastic throughput writes", 0.1, 0.06, 0.01}},
			wantTotal: 0.02, // not round($0.006 + $0.006) = $0.01
		},
	}
	runCostCases(t, tests)
}

// TestEstimateBackups: which backup lines each backup setting adds, and the notes.
func TestEstimateBackups(t *testing.T) {
	weekly := &BackupPlan{RestoreTesting: RestoreTesting{Schedule: "cron(0 8 ? * SUN *)", ValidationWindowHours: 73}}
	cold := &BackupPlan{Rules: []BackupRule{{Name: "yearly", Schedule: "cron(0 5 1 1 ? *)", DeleteAfterDays: 400, ColdStorageAfterDays: 30}}}
	tests := []costCase{
		{
			name:      "AWS's default plan: warm storage only, one full copy when the usage names none",
			cfg:       Config{EnableAutomaticBackups: true},
			usage:     Usage{StorageGB: 100, BackupCopyRegion: "us-west-2"},
			want:      []wantLine{{"Storage (Standard)", 100, 0.30, 30.00}, {"Backup storage (warm)", 100, 0.05, 5.00}},
			wantTotal: 30.00 + 5.00,
		},
		{
			name:  "weekly restore test kept 73 hours: 52/12 tests a month",
			cfg:   Config{BackupPlan: weekly},
			usage: Usage{StorageGB: 730, BackupStorageGB: 1000},
			want: []wantLine{
				{"Storage (Standard)", 730, 0.30, 219.00},
				{"Backup storage (warm)", 1000, 0.05, 50.00},
				{"Restore test file system (Standard)", 316.333, 0.30, 94.90}, // 730 GB x 52/12 x 73 h / 730 h = 316.333 GB-month x $0.30
				{"Restore test restores (AWS Backup)", 3163.333, 0.02, 63.27}, // 730 GB x 52/12 = 3,163.333 GB x $0.02
			},
			wantTotal: 219.00 + 50.00 + 94.90 + 63.27,
		},
		{
			name:  "copy to a region the price table lacks: priced at us-east-1's, and said so",
			cfg:   Config{BackupPlan: &BackupPlan{}},
			usage: Usage{StorageGB: 73, BackupStorageGB: 100, BackupChangeGB: 10, BackupCopyRegion: "ap-southeast-2"},
			want: []wantLine{
				{"Storage (Standard)", 73, 0.30, 21.90},
				{"Backup storage (warm)", 100, 0.05, 5.00},
				{"Backup copy storage (warm, ap-southeast-2)", 100, 0.05, 5.00},
				{"Backup copy transfer to ap-southeast-2", 10, 0.02, 0.20},
				{"Restore test file system (Standard)", 2.4, 0.30, 0.72}, // 73 GB x 24 h / 730 h
				{"Restore test restores (AWS Backup)", 73, 0.02, 1.46},
			},
			wantTotal: 21.90 + 5.00 + 5.00 + 0.20 + 0.72 + 1.46,
			wantNote:  "backup copy in ap-southeast-2 priced at us-east-1's prices: the price table has none for ap-southeast-2",
		},
		{
			name:  "cold storage rule: priced warm, and said so",
			cfg:   Config{BackupPlan: cold},
			usage: Usage{StorageGB: 0, BackupStorageGB: 10},
			want: []wantLine{
				{"Storage (Standard)", 0, 0.30, 0},
				{"Backup storage (warm)", 10, 0.05, 0.50},
				{"Restore test file system (Standard)", 0, 0.30, 0},
				{"Restore test restores (AWS Backup)", 0, 0.02, 0},
			},
			wantTotal: 0.50,
			wantNote:  "rule yearly moves recovery points to cold storage: the estimate prices them warm, an upper bound",
		},
		{
			name:      "replica: not estimated, and said so",
			cfg:       Config{ReplicationRegion: "us-west-2"},
			usage:     Usage{StorageGB: 10},
			want:      []wantLine{{"Storage (Standard)", 10, 0.30, 3.00}},
			wantTotal: 3.00,
			wantNote:  "not estimated: the replica file system in us-west-2 (ReplicationRegion), billed there like a file system of its own plus the transfer",
		},
	}
	runCostCases(t, tests)
}

// TestRestoreTestsPerMonth: how the restore test schedule counts.
func TestRestoreTestsPerMonth(t *testing.T) {
	for schedule, want := range map[string]float64{
		DefaultRestoreTestingSchedule: 1,
		"cron(0 8 ? * MON *)":         52.0 / 12,
		"cron(0 8 * * ? *)":           365.0 / 12,
		"cron(0 8 ? * * *)":           365.0 / 12,
		"cron(0 8 ? * MON-FRI *)":     1, // counted once, and the basis says so
		"cron(0 8 1 1 ? *)":           1,
	} {
		if got, basis := restoreTestsPerMonth(schedule); got != want {
			t.Errorf("restoreTestsPerMonth(%q) = %v (%s), want %v", schedule, got, basis, want)
		}
	}
}

// TestEstimatePriceRegion: the stack's region picks the prices; a region the table lacks
// is priced at us-east-1's, and the first note says so plainly.
func TestEstimatePriceRegion(t *testing.T) {
	tests := []struct {
		region, wantNote string
	}{
		{"us-east-1", "prices: us-east-1 list prices, read 2026-12-01"},
		{"", "prices: us-east-1 list prices, read 2026-12-01 (no stack region given)"},
		{"eu-west-1", "prices: us-east-1 list prices, read 2026-12-01, NOT eu-west-1's: the price table has none for eu-west-1, whose bill will differ (see docs/cost.md)"},
	}
	for _, tt := range tests {
		got := EstimateMonthlyCost(Config{}, Usage{StorageGB: 10, Region: tt.region})
		if got.PriceRegion != "us-east-1" || got.PricesRead != "2026-12-01" {
			t.Errorf("region %q: priced at %s read %s, want us-east-1 read 2026-12-01", tt.region, got.PriceRegion, got.PricesRead)
		}
		if len(got.Notes) == 0 || got.Notes[0] != tt.wantNote {
			t.Errorf("region %q: notes = %q, want first %q", tt.region, got.Notes, tt.wantNote)
		}
		if !strings.HasPrefix(got.String(), "Note: "+tt.wantNote+"\n") {
			t.Errorf("region %q: breakdown does not open with the price note:\n%s", tt.region, got)
		}
	}
	for region, p := range PriceLists {
		if p.Region != region || p.Read == "" {
			t.Errorf("PriceLists[%q] names region %q, read %q", region, p.Region, p.Read)
		}
	}
}

// TestEstimateString checks the human-readable breakdown: notes, units, prices with their
// significant decimals, thousands separators, bases and the total line.
func TestEstimateString(t *testing.T) {
	got := EstimateMonthlyCost(
		Config{TransitionToIA: "AFTER_30_DAYS", ThroughputMode: ThroughputProvisioned, ProvisionedThroughputInMibps: 200},
		Usage{StorageGB: 2000, IAFraction: 0.3, Region: "us-east-1"},
	).String()
	want := "Note: prices: us-east-1 list prices, read 2026-12-01\n" +
		"Storage (Standard): 1,400 GB-month x $0.30 = $420.00\n" +
		"Storage (IA): 600 GB-month x $0.025 = $15.00 (IA price of bursting and provisioned file systems)\n" +
		"Provisioned throughput (above included): 130 MB/s-month x $6.00 = $780.00 (200 MiB/s provisioned - 70 MB/s included with 1,400 GB in Standard, 1 MB/s per 20 GB)\n" +
		"Total: $1,215.00/month"
	if got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
}
