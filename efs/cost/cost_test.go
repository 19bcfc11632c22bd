package cost

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/kafka-efs/kafka-efs/efs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	cfg       efs.Config
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
			got := Monthly(tt.cfg, tt.usage)
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
	devScenario = efs.Config{
		ThroughputMode: efs.ThroughputBursting, TransitionToIA: "AFTER_7_DAYS",
		TransitionToPrimaryStorageClass: efs.TransitionOnFirstAccess,
	}
	prodScenario = efs.Config{
		Environment: "prod", ThroughputMode: efs.ThroughputElastic, TransitionToIA: "AFTER_30_DAYS",
		TransitionToPrimaryStorageClass: efs.TransitionOnFirstAccess, BackupPlan: &efs.BackupPlan{}, CreateCloudwatchAlarms: true,
		AlarmActions: []string{"arn:aws:sns:us-east-1:123456789012:alerts"},
	}
	highPerformanceScenario = efs.Config{
		PerformanceMode: efs.PerformanceMaxIO, ThroughputMode: efs.ThroughputProvisioned,
		ProvisionedThroughputInMibps: 200, BackupPlan: &efs.BackupPlan{}, CreateCloudwatchAlarms: true,
	}
)

// month is the estimate's month in days, 365/12; defaultPlanSpanMonths is how far the
// default plan's changes reach, in months: from its newest point, a daily one half a day
// old, to its oldest, a monthly one 11.5 months old (each point at the middle of its
// interval, 12 monthly points kept 365 days). With a month's churn at most the stored
// data, no gap between two points holds more than a full copy, so the vault holds a full
// copy plus churn x defaultPlanSpanMonths.
const (
	month                 = 365.0 / 12
	defaultPlanSpanMonths = (11.5*month - 0.5) / month
)

// restoreTestGBMonths is the GB-months of Standard that a monthly restore test of gb GB
// keeps for the default plan's validation window (1 test a month of 730 hours).
func restoreTestGBMonths(gb float64) float64 {
	return gb * float64(efs.BackupPlan{}.RestoreTestingOrDefault().ValidationWindowHours) / 730
}

// usd rounds an amount to the cent, as each line is.
func usd(x float64) float64 { return math.Round(x*100) / 100 }

// TestEstimateSpecScenarios: the line items of the spec's three scenarios, each computed
// by hand from the us-east-1 prices (docs/cost.md sets them beside the spec's figures).
// The backup lines follow from the scenario's churn and the default plan's retention
// (35 daily points, 12 monthly), not from a backup size of their own.
func TestEstimateSpecScenarios(t *testing.T) {
	prodVault := 500 + 500*defaultPlanSpanMonths // 6,241.781 GB: 500 GB written a month, every GB a change
	hpVault := 2000 + 2000*defaultPlanSpanMonths // 24,967.123 GB: 2,000 GB written a month
	tests := []costCase{
		{
			name:  "dev: bursting, IA after 7 days, no backups, no alarms",
			cfg:   devScenario,
			usage: Usage{StorageGB: 50, IAFraction: 0.4, Tiering: TieringAccess{IAReadGB: 5}, Region: "us-east-1"},
			want: []wantLine{
				{"Storage (Standard)", 30, 0.30, 9.00},  // 50 GB x 0.6 = 30 GB x $0.30
				{"Storage (IA)", 20, 0.025, 0.50},       // 50 GB x 0.4 = 20 GB x $0.025 (bursting IA price)
				{"IA reads", 5, 0.01, 0.05},             // 5 GB x $0.01
				{"IA tiering", 5, 0.01, 0.05},           // the 5 GB read back return to Standard and tier again
				{"CloudWatch dashboard", 1, 3.00, 3.00}, // the stack's dashboard
			},
			wantTotal: 9.00 + 0.50 + 0.05 + 0.05 + 3.00, // $12.60; the spec's ~$15 adds $5.00 of "requests"
		},
		{
			name: "prod: elastic, IA after 30 days, backup plan copied to us-west-2, monthly restore test, two keys",
			cfg:  prodScenario,
			usage: Usage{StorageGB: 500, IAFraction: 0.3,
				ElasticDataAccess: DataAccess{ReadGB: 500, WriteGB: 500}, Tiering: TieringAccess{IAReadGB: 15},
				Region: "us-east-1", BackupCopyRegion: "us-west-2", CustomerManagedKeys: 2},
			want: []wantLine{
				{"Storage (Standard)", 350, 0.30, 105.00},                          // 500 GB x 0.7 = 350 GB x $0.30
				{"Storage (IA)", 150, 0.016, 2.40},                                 // 500 GB x 0.3 = 150 GB x $0.016 (Elastic IA price)
				{"IA reads", 15, 0.01, 0.15},                                       // 15 GB x $0.01
				{"IA tiering", 15, 0.01, 0.15},                                     // the 15 GB read back, tiered again
				{"Elastic throughput reads", 500, 0.03, 15.00},                     // 500 GB x $0.03
				{"Elastic throughput writes", 500, 0.06, 30.00},                    // 500 GB x $0.06
				{"Backup storage (warm)", prodVault, 0.05, 312.09},                 // 6,241.781 GB x $0.05 = $312.089
				{"Backup copy storage (warm, us-west-2)", prodVault, 0.05, 312.09}, // the same in the copy vault
				{"Backup copy transfer to us-west-2", 500, 0.02, 10.00},            // 500 GB changed a month x $0.02
				{"Restore test file system (Standard)", restoreTestGBMonths(500), 0.30, usd(restoreTestGBMonths(500) * 0.30)},
				{"Restore test restores (AWS Backup)", 500, 0.02, 10.00}, // 500 GB restored once x $0.02
				{"CloudWatch dashboard", 1, 3.00, 3.00},                  // the stack's dashboard
				// client_connections 1, clients_gone 1, metered_throughput 1, metered_data 4 (no
				// io_limit under Elastic); backup_completed 1, event_delivery 1 per event rule
				// (backup_job, backup_job_issues, restore_job, restore_cleanup, vault_change: 5),
				// event_dead_letters 1, restore_check_failed 1
				{"CloudWatch alarm metrics", 15, 0.10, 1.50},
				{"KMS keys (customer-managed, rotated yearly)", 6, 1.00, 6.00}, // 2 keys x (1 + 2 billed rotations)
			},
			// the spec's ~$159 has $50.00 of "requests" and nothing else
			wantTotal: usd(105.00 + 2.40 + 0.15 + 0.15 + 15.00 + 30.00 + 312.09 + 312.09 + 10.00 +
				usd(restoreTestGBMonths(500)*0.30) + 10.00 + 3.00 + 1.50 + 6.00),
		},
		{
			name:  "high performance: provisioned 200 MiB/s on 2,000 GB, backup plan, monthly restore test, one key",
			cfg:   highPerformanceScenario,
			usage: Usage{StorageGB: 2000, ChurnGB: 2000, Region: "us-east-1", CustomerManagedKeys: 1},
			want: []wantLine{
				{"Storage (Standard)", 2000, 0.30, 600.00},                     // 2,000 GB x $0.30
				{"Provisioned throughput (above included)", 100, 6.00, 600.00}, // 200 MiB/s - 2,000 GB / 20 = 100 MB/s x $6.00
				{"Backup storage (warm)", hpVault, 0.05, 1248.36},              // 24,967.123 GB x $0.05 = $1,248.356
				{"Restore test file system (Standard)", restoreTestGBMonths(2000), 0.30, usd(restoreTestGBMonths(2000) * 0.30)},
				{"Restore test restores (AWS Backup)", 2000, 0.02, 40.00}, // 2,000 GB x $0.02
				{"CloudWatch dashboard", 1, 3.00, 3.00},
				{"CloudWatch alarm metrics", 3, 0.10, 0.30},                    // client_connections 1, throughput_utilization 2
				{"KMS keys (customer-managed, rotated yearly)", 3, 1.00, 3.00}, // 1 key x (1 + 2 billed rotations)
			},
			// $2,514.39 with a 24-hour validation window; the spec's ~$2,000 bills all 200 MiB/s and $200 of "requests"
			wantTotal: usd(600.00 + 600.00 + 1248.36 + usd(restoreTestGBMonths(2000)*0.30) + 40.00 + 3.00 + 0.30 + 3.00),
		},
	}
	runCostCases(t, tests)

	prod := Monthly(tests[1].cfg, tests[1].usage)
	require.Len(t, prod.OneTime, 1)
	assert.Equal(t, LineItem{Name: "First full backup copy to us-west-2 (one-time)", Quantity: 500, Unit: "GB", UnitPriceUSD: 0.02, CostUSD: 10,
		Basis: "the first copy of a file system is a full copy"}, prod.OneTime[0], "500 GB copied once x $0.02")
	assert.Equal(t, 10.0, prod.OneTimeTotal)
	for _, it := range prod.Items {
		assert.NotContains(t, it.Name, "one-time", "a one-time charge is not a monthly line")
	}
	for _, tt := range []costCase{tests[0], tests[2]} {
		assert.Empty(t, Monthly(tt.cfg, tt.usage).OneTime, "%s: no copy, nothing paid once", tt.name)
	}
}

// TestProvisionedThroughputPricingPageExample: the EFS pricing page's example of
// provisioned throughput (100 GB in Standard, 10 MB/s provisioned for the month: 5 MB/s
// billed, $30.00), and the rule it shows, that only throughput above 1 MB/s per 20 GB of
// Standard storage is billed.
func TestProvisionedThroughputPricingPageExample(t *testing.T) {
	provisioned := func(mibps float64) efs.Config {
		return efs.Config{ThroughputMode: efs.ThroughputProvisioned, ProvisionedThroughputInMibps: mibps, TransitionToIA: "AFTER_30_DAYS"}
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
				{"CloudWatch dashboard", 1, 3.00, 3.00},
			},
			wantTotal: 30.00 + 30.00 + 3.00,
		},
		{
			name:  "230 GB, 100 MB/s: 88.5 MB/s billed (infracost's golden test agrees)",
			cfg:   provisioned(100),
			usage: Usage{StorageGB: 230},
			want: []wantLine{
				{"Storage (Standard)", 230, 0.30, 69.00},
				{"Storage (IA)", 0, 0.025, 0},
				{"Provisioned throughput (above included)", 88.5, 6.00, 531.00}, // 100 - 230 / 20 = 88.5 x $6.00
				{"CloudWatch dashboard", 1, 3.00, 3.00},
			},
			wantTotal: 69.00 + 531.00 + 3.00,
		},
		{
			name:  "only Standard counts: half of 2,000 GB in IA includes 50 MB/s",
			cfg:   provisioned(100),
			usage: Usage{StorageGB: 2000, IAFraction: 0.5},
			want: []wantLine{
				{"Storage (Standard)", 1000, 0.30, 300.00},
				{"Storage (IA)", 1000, 0.025, 25.00},
				{"Provisioned throughput (above included)", 50, 6.00, 300.00}, // 100 - 1,000 / 20
				{"CloudWatch dashboard", 1, 3.00, 3.00},
			},
			wantTotal: 300.00 + 25.00 + 300.00 + 3.00,
		},
		{
			name:  "storage includes more than provisioned: nothing billed",
			cfg:   provisioned(100),
			usage: Usage{StorageGB: 4000},
			want: []wantLine{
				{"Storage (Standard)", 4000, 0.30, 1200.00},
				{"Storage (IA)", 0, 0.025, 0},
				{"Provisioned throughput (above included)", 0, 6.00, 0}, // 4,000 / 20 = 200 > 100
				{"CloudWatch dashboard", 1, 3.00, 3.00},
			},
			wantTotal: 1200.00 + 3.00,
		},
	}
	runCostCases(t, tests)
	if got := IncludedThroughputMBps(100); got != 5 {
		t.Errorf("IncludedThroughputMBps(100 GB) = %v MB/s, want 5 (50 KB/s per GB)", got)
	}
	got := Monthly(provisioned(10), Usage{StorageGB: 100}).Items[2].Basis
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
			cfg:   efs.Config{ThroughputMode: efs.ThroughputElastic, TransitionToIA: "AFTER_30_DAYS", TransitionToArchive: "AFTER_90_DAYS"},
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
				{"CloudWatch dashboard", 1, 3.00, 3.00},
			},
			wantTotal: 7.50 + 0.80 + 0.20 + 0.40 + 0.20 + 0.30 + 0.15 + 30.00 + 15.00 + 3.00,
		},
		{
			name:  "bursting: no data access charge, IA at the bursting price, IA reads still billed",
			cfg:   efs.Config{ThroughputMode: efs.ThroughputBursting, TransitionToIA: "AFTER_30_DAYS"},
			usage: access,
			want: []wantLine{
				{"Storage (Standard)", 50, 0.30, 15.00},
				{"Storage (IA)", 50, 0.025, 1.25},
				{"IA reads", 40, 0.01, 0.40},
				{"IA tiering", 20, 0.01, 0.20},
				{"CloudWatch dashboard", 1, 3.00, 3.00},
			},
			wantTotal: 15.00 + 1.25 + 0.40 + 0.20 + 3.00,
		},
		{
			name:  "archive share is at most what IA leaves",
			cfg:   efs.Config{ThroughputMode: efs.ThroughputElastic, TransitionToIA: "AFTER_30_DAYS", TransitionToArchive: "AFTER_90_DAYS"},
			usage: Usage{StorageGB: 100, IAFraction: 0.8, ArchiveFraction: 0.5},
			want: []wantLine{
				{"Storage (Standard)", 0, 0.30, 0},
				{"Storage (IA)", 80, 0.016, 1.28},
				{"Storage (Archive)", 20, 0.008, 0.16},
				{"CloudWatch dashboard", 1, 3.00, 3.00},
			},
			wantTotal: 1.28 + 0.16 + 3.00,
		},
		{
			name:      "negative, NaN and infinite usage count as 0",
			cfg:       efs.Config{ThroughputMode: efs.ThroughputElastic, TransitionToIA: "AFTER_30_DAYS"},
			usage:     Usage{StorageGB: 10, IAFraction: math.NaN(), ElasticDataAccess: DataAccess{ReadGB: -5, WriteGB: math.Inf(1)}},
			want:      []wantLine{{"Storage (Standard)", 10, 0.30, 3.00}, {"Storage (IA)", 0, 0.016, 0}, {"CloudWatch dashboard", 1, 3.00, 3.00}},
			wantTotal: 3.00 + 3.00,
		},
		{
			name:  "sub-cent lines round to the cent, the total sums the rounded lines",
			cfg:   efs.Config{ThroughputMode: efs.ThroughputElastic},
			usage: Usage{ElasticDataAccess: DataAccess{ReadGB: 0.2, WriteGB: 0.1}},
			want: []wantLine{{"Storage (Standard)", 0, 0.30, 0}, {"Elastic throughput reads", 0.2, 0.03, 0.01}, {"Elastic throughput writes", 0.1, 0.06, 0.01},
				{"CloudWatch dashboard", 1, 3.00, 3.00}},
			wantTotal: 3.02, // not round($0.006 + $0.006) = $0.01 on top of the dashboard
		},
	}
	runCostCases(t, tests)
}

// TestEstimateBackups: which backup lines each backup setting adds, how the vault follows
// from the storage, the churn and the rules' retention, and the notes.
func TestEstimateBackups(t *testing.T) {
	weeklyTest := &efs.BackupPlan{RestoreTesting: efs.RestoreTesting{Schedule: "cron(0 8 ? * SUN *)", ValidationWindowHours: 73}}
	weeklyRule := &efs.BackupPlan{Rules: []efs.BackupRule{{Name: "weekly", Schedule: "cron(0 5 ? * SUN *)", DeleteAfterDays: 28}}}
	cold := &efs.BackupPlan{Rules: []efs.BackupRule{{Name: "yearly", Schedule: "cron(0 5 1 1 ? *)", DeleteAfterDays: 400, ColdStorageAfterDays: 30}}}
	dashboard := wantLine{"CloudWatch dashboard", 1, 3.00, 3.00}
	restoreTest := func(gb float64) []wantLine {
		return []wantLine{
			{"Restore test file system (Standard)", restoreTestGBMonths(gb), 0.30, usd(restoreTestGBMonths(gb) * 0.30)},
			{"Restore test restores (AWS Backup)", gb, 0.02, usd(gb * 0.02)},
		}
	}
	restoreTestUSD := func(gb float64) float64 { return usd(restoreTestGBMonths(gb)*0.30) + usd(gb*0.02) }
	tests := []costCase{
		{
			name:      "AWS's default plan without churn: one full copy, no copy lines without the construct's plan",
			cfg:       efs.Config{EnableAutomaticBackups: true},
			usage:     Usage{StorageGB: 100, BackupCopyRegion: "us-west-2"},
			want:      []wantLine{{"Storage (Standard)", 100, 0.30, 30.00}, {"Backup storage (warm)", 100, 0.05, 5.00}, dashboard},
			wantTotal: 30.00 + 5.00 + 3.00,
		},
		{
			// 35 daily points 0.5 to 34.5 days old: a full copy plus 34 days of change.
			name:      "AWS's default plan, 1 GB changed a day: 100 GB + 34 GB",
			cfg:       efs.Config{EnableAutomaticBackups: true},
			usage:     Usage{StorageGB: 100, ChurnGB: month},
			want:      []wantLine{{"Storage (Standard)", 100, 0.30, 30.00}, {"Backup storage (warm)", 134, 0.05, 6.70}, dashboard},
			wantTotal: 30.00 + 6.70 + 3.00,
		},
		{
			// The weekly rule keeps 4 points, 3.5 to 24.5 days old: 21 days of change.
			name:      "a weekly rule kept 28 days, 1 GB changed a day: 100 GB + 21 GB",
			cfg:       efs.Config{BackupPlan: weeklyRule},
			usage:     Usage{StorageGB: 100, ChurnGB: month},
			want:      append(append([]wantLine{{"Storage (Standard)", 100, 0.30, 30.00}, {"Backup storage (warm)", 121, 0.05, 6.05}}, restoreTest(100)...), dashboard),
			wantTotal: usd(30.00 + 6.05 + restoreTestUSD(100) + 3.00),
		},
		{
			// Three times the data a month: each day adds 9.863 GB; the gap from the oldest
			// daily point (34.5 days) to the monthly one 45.6 days old, and each of the 10
			// gaps between the 11 monthly points older still, would hold more than the
			// data: a full copy each.
			name:  "the default plan with churn above the data: gaps hold a full copy at most",
			cfg:   efs.Config{BackupPlan: &efs.BackupPlan{}},
			usage: Usage{StorageGB: 100, ChurnGB: 300},
			want: append(append([]wantLine{{"Storage (Standard)", 100, 0.30, 30.00},
				{"Backup storage (warm)", 100 + 34*300/month + 11*100, 0.05, 76.77}}, restoreTest(100)...), dashboard), // 1,535.342 GB
			wantTotal: usd(30.00 + 76.77 + restoreTestUSD(100) + 3.00),
		},
		{
			name:  "weekly restore test kept 73 hours: 365/7/12 tests a month",
			cfg:   efs.Config{BackupPlan: weeklyTest},
			usage: Usage{StorageGB: 730},
			want: []wantLine{
				{"Storage (Standard)", 730, 0.30, 219.00},
				{"Backup storage (warm)", 730, 0.05, 36.50},                   // no churn: one full copy
				{"Restore test file system (Standard)", 317.202, 0.30, 95.16}, // 730 GB x 365/84 x 73 h / 730 h = 317.202 GB-month x $0.30
				{"Restore test restores (AWS Backup)", 3172.024, 0.02, 63.44}, // 730 GB x 365/84 = 3,172.024 GB x $0.02
				dashboard,
			},
			wantTotal: 219.00 + 36.50 + 95.16 + 63.44 + 3.00,
		},
		{
			name:  "copy to a region the price table lacks: priced at us-east-1's, and said so",
			cfg:   efs.Config{BackupPlan: &efs.BackupPlan{}},
			usage: Usage{StorageGB: 73, ChurnGB: 10, BackupCopyRegion: "ap-southeast-2"},
			want: append(append([]wantLine{
				{"Storage (Standard)", 73, 0.30, 21.90},
				{"Backup storage (warm)", 73 + 10*defaultPlanSpanMonths, 0.05, 9.39},                      // 187.836 GB
				{"Backup copy storage (warm, ap-southeast-2)", 73 + 10*defaultPlanSpanMonths, 0.05, 9.39}, // the same
				{"Backup copy transfer to ap-southeast-2", 10, 0.02, 0.20},                                // the month's 10 GB of change
			}, restoreTest(73)...), dashboard),
			wantTotal: usd(21.90 + 9.39 + 9.39 + 0.20 + restoreTestUSD(73) + 3.00),
			wantNote:  "backup copy in ap-southeast-2 priced at us-east-1's prices: the price table has none for ap-southeast-2",
		},
		{
			// A yearly rule kept 400 days keeps 1 point.
			name:      "cold storage rule: priced warm, and said so",
			cfg:       efs.Config{BackupPlan: cold},
			usage:     Usage{StorageGB: 10, ChurnGB: 5},
			want:      append(append([]wantLine{{"Storage (Standard)", 10, 0.30, 3.00}, {"Backup storage (warm)", 10, 0.05, 0.50}}, restoreTest(10)...), dashboard),
			wantTotal: usd(3.00 + 0.50 + restoreTestUSD(10) + 3.00),
			wantNote:  "rule yearly moves recovery points to cold storage: the estimate prices them warm, an upper bound",
		},
		{
			name:      "replica: not estimated, and said so",
			cfg:       efs.Config{ReplicationRegion: "us-west-2"},
			usage:     Usage{StorageGB: 10},
			want:      []wantLine{{"Storage (Standard)", 10, 0.30, 3.00}, dashboard},
			wantTotal: 3.00 + 3.00,
			wantNote:  "not estimated: the replica file system in us-west-2 (ReplicationRegion), billed there like a file system of its own plus the transfer",
		},
	}
	runCostCases(t, tests)

	copied := Monthly(tests[5].cfg, tests[5].usage)
	assert.Equal(t, []LineItem{{Name: "First full backup copy to ap-southeast-2 (one-time)", Quantity: 73, Unit: "GB", UnitPriceUSD: 0.02, CostUSD: 1.46,
		Basis: "the first copy of a file system is a full copy"}}, copied.OneTime)
	assert.Equal(t, "1 full copy of 73 GB + the changes between 47 recovery points, the oldest 349.792 days old, at 10 GB changed a month (Usage.ChurnGB); at most a full copy between two points",
		copied.Items[1].Basis)
	written := Monthly(efs.Config{BackupPlan: &efs.BackupPlan{}, ThroughputMode: efs.ThroughputElastic},
		Usage{StorageGB: 73, ElasticDataAccess: DataAccess{WriteGB: 10}})
	assert.Equal(t, copied.Items[1].Quantity, written.Items[2].Quantity, "without ChurnGB, what is written is the churn")
	assert.Contains(t, written.Items[2].Basis, "(all data written, Usage.ElasticDataAccess.WriteGB)")

	// A daily copy moves at most the whole file system: 3,000 GB changed a month in 10 GB
	// is 98.6 GB a day, but each day's copy moves 10 GB, 304.167 GB a month.
	churning := Monthly(efs.Config{BackupPlan: &efs.BackupPlan{}}, Usage{StorageGB: 10, ChurnGB: 3000, BackupCopyRegion: "us-east-1"})
	transfer := churning.Items[3]
	assert.Equal(t, "Backup copy transfer to us-east-1", transfer.Name)
	assert.InDelta(t, 10*month, transfer.Quantity, 1e-9)
}

// TestEstimateCloudWatchAndKMS: the dashboard is always there; alarm metrics count one per
// metric alarm and one per metric of a metric math alarm; customer-managed keys are billed
// with their first two rotations.
func TestEstimateCloudWatchAndKMS(t *testing.T) {
	for _, tt := range []struct {
		cfg          efs.Config
		alarmMetrics float64 // 0: no line
	}{
		{efs.Config{ThroughputMode: efs.ThroughputBursting}, 0},
		{efs.Config{ThroughputMode: efs.ThroughputBursting, CreateCloudwatchAlarms: true}, 1 + 1 + 1 + 2}, // io_limit, burst_credits, client_connections, throughput_utilization (2 metrics)
		{efs.Config{ThroughputMode: efs.ThroughputElastic, CreateCloudwatchAlarms: true}, 1 + 1 + 4},      // client_connections, metered_throughput, metered_data (4 metrics); no io_limit under Elastic
		// With a backup plan and an alarm topic: backup_completed, event_delivery (one metric
		// per event rule: backup_job, backup_job_issues, restore_job, restore_cleanup,
		// vault_change), event_dead_letters and restore_check_failed.
		{efs.Config{ThroughputMode: efs.ThroughputElastic, CreateCloudwatchAlarms: true, BackupPlan: &efs.BackupPlan{},
			AlarmActions: []string{"arn:aws:sns:us-east-1:123456789012:alerts"}}, 1 + 1 + 4 + 1 + 5 + 1 + 1},
	} {
		e := Monthly(tt.cfg, Usage{CustomerManagedKeys: 3})
		byName := map[string]LineItem{}
		for _, it := range e.Items {
			byName[it.Name] = it
		}
		assert.Equal(t, 3.0, byName["CloudWatch dashboard"].CostUSD, "one dashboard at $3.00")
		am, ok := byName["CloudWatch alarm metrics"]
		assert.Equal(t, tt.alarmMetrics > 0, ok, "%+v", tt.cfg)
		assert.Equal(t, tt.alarmMetrics, am.Quantity)
		assert.Equal(t, usd(tt.alarmMetrics*0.10), am.CostUSD)
		kms := byName["KMS keys (customer-managed, rotated yearly)"]
		assert.Equal(t, 9.0, kms.Quantity, "3 keys x (1 + 2 billed rotations)")
		assert.Equal(t, 9.0, kms.CostUSD)
		assert.Equal(t, "3 keys, each billed for itself and its first 2 rotations: $3.00 a month from its third year", kms.Basis)
	}
	for _, it := range Monthly(efs.Config{}, Usage{}).Items {
		assert.NotContains(t, it.Name, "KMS", "no customer-managed key, no KMS line")
	}
}

// TestRunsPerMonth: how a schedule counts in an average month.
func TestRunsPerMonth(t *testing.T) {
	for schedule, want := range map[string]float64{
		efs.DefaultRestoreTestingSchedule: 1,
		"cron(0 8 ? * MON *)":             365.0 / 7 / 12,
		"cron(0 8 * * ? *)":               365.0 / 12,
		"cron(0 8 ? * * *)":               365.0 / 12,
		"cron(0 8 ? * MON-FRI *)":         1, // counted once, and the basis says so
		"cron(0 8 1 1 ? *)":               1.0 / 12,
		"cron(0 8 1 1,7 ? *)":             1, // counted once, and the basis says so
	} {
		if got, basis := runsPerMonth(schedule); got != want {
			t.Errorf("runsPerMonth(%q) = %v (%s), want %v", schedule, got, basis, want)
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
		got := Monthly(efs.Config{}, Usage{StorageGB: 10, Region: tt.region})
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
	for region, p := range efs.PriceLists {
		if p.Region != region || p.Read == "" {
			t.Errorf("PriceLists[%q] names region %q, read %q", region, p.Region, p.Read)
		}
	}
}

// TestEstimateString checks the human-readable breakdown: notes, units, prices with their
// significant decimals, thousands separators, bases and the total line.
func TestEstimateString(t *testing.T) {
	got := Monthly(
		efs.Config{TransitionToIA: "AFTER_30_DAYS", ThroughputMode: efs.ThroughputProvisioned, ProvisionedThroughputInMibps: 200},
		Usage{StorageGB: 2000, IAFraction: 0.3, Region: "us-east-1"},
	).String()
	want := "Note: prices: us-east-1 list prices, read 2026-12-01\n" +
		"Storage (Standard): 1,400 GB-month x $0.30 = $420.00\n" +
		"Storage (IA): 600 GB-month x $0.025 = $15.00 (IA price of bursting and provisioned file systems)\n" +
		"Provisioned throughput (above included): 130 MB/s-month x $6.00 = $780.00 (200 MiB/s provisioned - 70 MB/s included with 1,400 GB in Standard, 1 MB/s per 20 GB)\n" +
		"CloudWatch dashboard: 1 dashboard-month x $3.00 = $3.00 (the file system's dashboard; the free tier's 3 dashboards are the account's)\n" +
		"Total: $1,218.00/month"
	if got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}

	// One-time charges follow the monthly total, apart from it.
	got = Monthly(efs.Config{BackupPlan: &efs.BackupPlan{}}, Usage{StorageGB: 500, BackupCopyRegion: "us-east-1"}).String()
	wantEnd := "\nTotal: $" + formatUSD(Monthly(efs.Config{BackupPlan: &efs.BackupPlan{}}, Usage{StorageGB: 500, BackupCopyRegion: "us-east-1"}).Total) + "/month\n" +
		"Once: First full backup copy to us-east-1 (one-time): 500 GB x $0.02 = $10.00 (the first copy of a file system is a full copy)\n" +
		"One-time total: $10.00"
	if !strings.HasSuffix(got, wantEnd) {
		t.Errorf("String() =\n%s\nwant it to end with%s", got, wantEnd)
	}
}
