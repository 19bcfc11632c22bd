package kafkaefs

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// PriceList is one region's AWS list prices that the estimate uses, in US dollars, for a
// Regional (multi-AZ) file system. "GB" and "MB/s" are AWS's billing units as its price
// pages write them.
type PriceList struct {
	// Region is the AWS region the prices are listed for.
	Region string
	// Read is the day the prices were read from their sources, YYYY-MM-DD.
	Read string

	StandardPerGBMonth float64 // EFS Standard storage
	// EFS prices Infrequent Access storage by throughput mode: Elastic file systems pay
	// IAElasticPerGBMonth, bursting and provisioned ones ("legacy throughput modes" on
	// the pricing page) IALegacyPerGBMonth.
	IAElasticPerGBMonth float64
	IALegacyPerGBMonth  float64
	ArchivePerGBMonth   float64 // EFS Archive storage (Elastic only: Validate refuses it otherwise)
	IAReadPerGB         float64 // data read from IA, on top of any Elastic read charge
	IATieringPerGB      float64 // data lifecycle management moves into IA
	ArchiveReadPerGB    float64 // data read from Archive, on top of the Elastic read charge
	ArchiveTieringPerGB float64 // data lifecycle management moves into Archive
	ElasticReadPerGB    float64 // data read with Elastic throughput, every storage class
	ElasticWritePerGB   float64 // data written with Elastic throughput, every storage class
	// ProvisionedPerMBpsMonth is charged only for throughput above what the Standard
	// storage includes (see IncludedThroughputMBps).
	ProvisionedPerMBpsMonth float64
	BackupWarmPerGBMonth    float64 // AWS Backup warm storage of EFS recovery points
	BackupRestorePerGB      float64 // AWS Backup full restore of an EFS recovery point from warm storage
	// InterRegionTransferPerGB is what AWS Backup bills per GB a copy job moves from this
	// region to another one.
	InterRegionTransferPerGB float64
}

// PriceLists are the regions whose prices the estimate knows, by region name. A stack in
// any other region is estimated at DefaultPriceRegion's prices, and the estimate says so.
//
// us-east-1, read 2026-12-01 through the stored copies of these pages (AWS renders its
// price tables with JavaScript, so its own pages show the text and examples around them):
//   - EFS: https://aws.amazon.com/efs/pricing/ (Standard $0.30/GB-month and its storage
//     example). The tables of its "Regional (Multi-AZ) with Elastic Throughput" and "with
//     legacy throughput modes" tabs as quoted for us-east-1 by blog.gslin.org (archives,
//     tag "tiering"): IA $0.016 (Elastic) and $0.025 (legacy), Archive $0.008, reads $0.03
//     and writes $0.06 per GB (Elastic), IA reads and tiering $0.01 per GB, Archive reads
//     and tiering $0.03 per GB, provisioned throughput $6.00 per MB/s-month. The same
//     figures are quoted in 2026 by factualminds.com (June 2026: $0.30, IA $0.025 and
//     $0.01 per GB read, Elastic $0.03/$0.06) and vantage.sh (Archive 97% under Standard).
//     infracost's golden test efs_file_system_test (us-east-1) agrees: 100 GB IA $2.50,
//     50 GB IA reads $0.50.
//   - AWS Backup: https://aws.amazon.com/backup/pricing/ (EFS warm $0.05/GB-month as quoted
//     by cloudburn.io, February 2026, and factualminds.com, June 2026; cross-region copy
//     transfer $0.02/GB, factualminds.com). The EFS restore price is in a table neither
//     copy shows: every regional copy we read lists it at 0.4 x the warm storage price
//     ($0.022 beside $0.055 on datahunter.org, $0.024 beside $0.06 in infracost's
//     backup_vault_test golden file), so $0.02 for us-east-1's $0.05.
//   - Inter-region transfer: the AWS Backup page's "Cross-region data transfer pricing"
//     table (not in the stored copy) as quoted by factualminds.com (June 2026: "$0.02/GB
//     transfer"), which matches the $0.02/GB that EC2 data transfer pricing lists from
//     US East to another region (not read on AWS's own page: a 2026 study guide,
//     open-exam-prep.com, gives "cross-Region about $0.02/GB").
var PriceLists = map[string]PriceList{
	"us-east-1": {
		Region: "us-east-1", Read: "2026-12-01",
		StandardPerGBMonth:  0.30,
		IAElasticPerGBMonth: 0.016, IALegacyPerGBMonth: 0.025,
		ArchivePerGBMonth: 0.008,
		IAReadPerGB:       0.01, IATieringPerGB: 0.01,
		ArchiveReadPerGB: 0.03, ArchiveTieringPerGB: 0.03,
		ElasticReadPerGB: 0.03, ElasticWritePerGB: 0.06,
		ProvisionedPerMBpsMonth:  6.00,
		BackupWarmPerGBMonth:     0.05,
		BackupRestorePerGB:       0.02,
		InterRegionTransferPerGB: 0.02,
	},
}

// DefaultPriceRegion is the region whose prices stand in for a region PriceLists lacks.
const DefaultPriceRegion = "us-east-1"

// IncludedGBPerMBps is the Standard storage, in GB, that includes 1 MB/s of throughput:
// EFS includes 50 KB/s per GB stored in Standard (the EFS pricing page), and bills
// provisioned throughput only above it. The EFS pricing page's example: 100 GB in Standard
// for a 31-day month is 74,400 GB-hours, which include 74,400 / 20 = 3,720 MB/s-hours;
// 10 MB/s provisioned is 7,440 MB/s-hours, so 3,720 MB/s-hours = 5 MB/s-months are billed,
// $30.00 at $6.00 (TestProvisionedThroughputPricingPageExample).
const IncludedGBPerMBps = 20

// hoursPerMonth converts hours to months: AWS bills GB-hours and MB/s-hours, and its
// examples divide by the month's hours; the estimate's month is the average one, 8,760/12.
const hoursPerMonth = 730

// IncludedThroughputMBps is the throughput, in MB/s, that standardGB of Standard storage
// includes at no charge.
func IncludedThroughputMBps(standardGB float64) float64 {
	return nonNegative(standardGB) / IncludedGBPerMBps
}

// Usage is the monthly usage an estimate is made for, and where the stack runs. Negative,
// NaN and infinite amounts count as 0, so an estimate is always finite and never negative.
// EFS bills no requests: there is no request count (the spec's "$0.01 per 1,000 requests"
// is not an AWS charge).
type Usage struct {
	// StorageGB is the average amount of data stored over the month, in GB, every class.
	StorageGB float64
	// IAFraction is the share (0 to 1) of StorageGB in Infrequent Access. It is ignored
	// unless Config.TransitionToIA is set.
	IAFraction float64
	// ArchiveFraction is the share (0 to 1) of StorageGB in Archive, at most what IA leaves.
	// It is ignored unless Config.TransitionToArchive is set.
	ArchiveFraction float64
	// ElasticDataAccess is all the data read and written in the month, every storage class,
	// charged per GB with Elastic throughput (bursting and provisioned bill none).
	ElasticDataAccess DataAccess
	// Tiering is the data read from, and moved into, IA and Archive in the month.
	Tiering TieringAccess
	// BackupStorageGB is the average warm storage of the file system's recovery points in
	// the stack's vault, in GB. AWS Backup stores the first backup in full and then what
	// changed, for as long as the rules keep each point; AWS Backup's console shows the
	// figure. 0 with backups on counts one full copy (StorageGB), the least it can be.
	BackupStorageGB float64
	// BackupChangeGB is the data the month's incremental backups add, in GB: what the copy
	// jobs move to BackupCopyRegion each month.
	BackupChangeGB float64

	// Region is the stack's AWS region (stacks.Settings.Region): the prices are its own
	// when PriceLists has them. Empty means DefaultPriceRegion.
	Region string
	// BackupCopyRegion is where the stack copies the recovery points of Config.BackupPlan
	// ("" for no copy): the copy is stored, and billed, there. The stacks package decides it.
	BackupCopyRegion string
}

// DataAccess is an amount of data transferred in a month, in GB.
type DataAccess struct {
	// ReadGB is the data read, in GB.
	ReadGB float64
	// WriteGB is the data written, in GB.
	WriteGB float64
}

// TieringAccess is the month's traffic of the lower-cost storage classes, in GB.
type TieringAccess struct {
	IAReadGB        float64 // data read from IA
	IATieredGB      float64 // data lifecycle management moved into IA
	ArchiveReadGB   float64 // data read from Archive
	ArchiveTieredGB float64 // data lifecycle management moved into Archive
}

// LineItem is one charge of an estimate: Quantity of Unit at UnitPriceUSD each.
type LineItem struct {
	// Name says what is charged, e.g. "Storage (Standard)".
	Name string
	// Quantity is how many Units are charged.
	Quantity float64
	// Unit is what Quantity counts: "GB-month", "GB" or "MB/s-month".
	Unit string
	// UnitPriceUSD is the price of one Unit, in USD.
	UnitPriceUSD float64
	// CostUSD is Quantity x UnitPriceUSD rounded to the cent, in USD per month.
	CostUSD float64
	// Basis says where Quantity comes from, when it is not a usage figure as such.
	Basis string
}

// Estimate is a monthly cost estimate: its line items, their total and whose prices.
type Estimate struct {
	// Items are the charges that apply, in a fixed order: storage by class, IA and Archive
	// access, Elastic reads and writes, provisioned throughput, backup storage, the backup
	// copy's storage and transfer, the restore test's file system and restore.
	Items []LineItem
	// Total is the sum of the items' CostUSD, in USD per month. Each item is rounded to
	// the cent before summing, so Total is exactly the sum a reader adds up by hand.
	Total float64
	// PriceRegion is the region whose list prices were used, PricesRead the day they
	// were read.
	PriceRegion, PricesRead string
	// Notes say what the estimate assumed or left out, the price region first.
	Notes []string
}

// EstimateMonthlyCost estimates the monthly AWS bill, in USD, of a file system built from
// cfg under the given usage: what EFS and AWS Backup charge for it at the list prices of
// usage.Region (or of DefaultPriceRegion, and then a note says so). It is plain Go: it
// never starts the jsii kernel.
func EstimateMonthlyCost(cfg Config, usage Usage) Estimate {
	p, e := pricesFor(usage.Region)
	var totalCents float64
	add := func(name string, quantity float64, unit string, price float64, basis string) {
		// Money is kept in whole cents (float64 holds integers exactly up to 2^53, far
		// beyond any bill), so the total is the exact sum of the rounded lines.
		cents := math.Round(quantity * price * 100)
		totalCents += cents
		e.Items = append(e.Items, LineItem{
			Name: name, Quantity: quantity, Unit: unit, UnitPriceUSD: price, CostUSD: cents / 100, Basis: basis,
		})
	}
	perGB := func(name string, gb, price float64) {
		if gb = nonNegative(gb); gb > 0 {
			add(name, gb, "GB", price, "")
		}
	}

	storage := nonNegative(usage.StorageGB)
	ia, archive := 0.0, 0.0
	if cfg.TransitionToIA != "" {
		ia = storage * math.Min(nonNegative(usage.IAFraction), 1)
	}
	if cfg.TransitionToArchive != "" {
		archive = math.Min(storage*math.Min(nonNegative(usage.ArchiveFraction), 1), storage-ia)
	}
	standard := storage - ia - archive
	elastic := cfg.throughputMode() == ThroughputElastic

	add("Storage (Standard)", standard, "GB-month", p.StandardPerGBMonth, "")
	if cfg.TransitionToIA != "" {
		price, mode := p.IALegacyPerGBMonth, "bursting and provisioned"
		if elastic {
			price, mode = p.IAElasticPerGBMonth, "Elastic"
		}
		add("Storage (IA)", ia, "GB-month", price, "IA price of "+mode+" file systems")
	}
	if cfg.TransitionToArchive != "" {
		add("Storage (Archive)", archive, "GB-month", p.ArchivePerGBMonth, "")
	}
	if cfg.TransitionToIA != "" {
		perGB("IA reads", usage.Tiering.IAReadGB, p.IAReadPerGB)
		perGB("IA tiering", usage.Tiering.IATieredGB, p.IATieringPerGB)
	}
	if cfg.TransitionToArchive != "" {
		perGB("Archive reads", usage.Tiering.ArchiveReadGB, p.ArchiveReadPerGB)
		perGB("Archive tiering", usage.Tiering.ArchiveTieredGB, p.ArchiveTieringPerGB)
	}
	if elastic {
		perGB("Elastic throughput reads", usage.ElasticDataAccess.ReadGB, p.ElasticReadPerGB)
		perGB("Elastic throughput writes", usage.ElasticDataAccess.WriteGB, p.ElasticWritePerGB)
	}
	if cfg.throughputMode() == ThroughputProvisioned {
		provisioned := nonNegative(cfg.ProvisionedThroughputInMibps)
		included := IncludedThroughputMBps(standard)
		add("Provisioned throughput (above included)", math.Max(provisioned-included, 0), "MB/s-month",
			p.ProvisionedPerMBpsMonth, fmt.Sprintf("%s MiB/s provisioned - %s MB/s included with %s GB in Standard, 1 MB/s per %d GB",
				formatQuantity(provisioned), formatQuantity(included), formatQuantity(standard), IncludedGBPerMBps))
	}

	if cfg.BackupPlan != nil || cfg.EnableAutomaticBackups {
		backup, basis := nonNegative(usage.BackupStorageGB), ""
		if backup == 0 {
			backup, basis = storage, "one full copy of StorageGB: Usage.BackupStorageGB not given"
		}
		add("Backup storage (warm)", backup, "GB-month", p.BackupWarmPerGBMonth, basis)
		if cfg.BackupPlan != nil {
			e.backupPlanItems(cfg, usage, p, backup, storage, add)
		}
	}
	if cfg.ReplicationRegion != "" {
		e.Notes = append(e.Notes, fmt.Sprintf("not estimated: the replica file system in %s (ReplicationRegion), billed there like a file system of its own plus the transfer", cfg.ReplicationRegion))
	}
	e.Total = totalCents / 100
	return e
}

// backupPlanItems adds the charges of the construct's own backup plan beyond its vault's
// storage: the copy in another region and the restore tests.
func (e *Estimate) backupPlanItems(cfg Config, usage Usage, p PriceList, backupGB, storageGB float64,
	add func(name string, quantity float64, unit string, price float64, basis string)) {
	for _, r := range cfg.BackupPlan.rules() {
		if r.ColdStorageAfterDays > 0 {
			e.Notes = append(e.Notes, fmt.Sprintf("rule %s moves recovery points to cold storage: the estimate prices them warm, an upper bound", r.Name))
		}
	}
	if copyRegion := usage.BackupCopyRegion; copyRegion != "" {
		cp, ok := PriceLists[copyRegion]
		if !ok {
			cp = PriceLists[DefaultPriceRegion]
			e.Notes = append(e.Notes, fmt.Sprintf("backup copy in %s priced at %s's prices: the price table has none for %s", copyRegion, cp.Region, copyRegion))
		}
		// A copy is kept as long as its source (BackupPlan.CopyDestinationVaultArn), so the
		// copy vault holds as much as the stack's vault.
		add("Backup copy storage (warm, "+copyRegion+")", backupGB, "GB-month", cp.BackupWarmPerGBMonth, "as much as the stack's vault")
		add("Backup copy transfer to "+copyRegion, nonNegative(usage.BackupChangeGB), "GB", p.InterRegionTransferPerGB,
			"the month's incremental backups, Usage.BackupChangeGB")
	}

	// Each test restores the latest recovery point in full into a new file system, all of
	// it in Standard (EFS user guide, "Backing up EFS file systems"), and deletes it after
	// the validation window.
	t := cfg.BackupPlan.restoreTesting()
	tests, scheduleBasis := restoreTestsPerMonth(t.Schedule)
	add("Restore test file system (Standard)", storageGB*tests*float64(t.ValidationWindowHours)/hoursPerMonth, "GB-month",
		p.StandardPerGBMonth, fmt.Sprintf("%s GB kept %d h, %s, of a %d-hour month",
			formatQuantity(storageGB), t.ValidationWindowHours, scheduleBasis, hoursPerMonth))
	add("Restore test restores (AWS Backup)", storageGB*tests, "GB", p.BackupRestorePerGB,
		fmt.Sprintf("%s GB restored, %s", formatQuantity(storageGB), scheduleBasis))
}

// restoreTestsPerMonth counts how often an AWS cron schedule (validated) runs in an
// average month, and says how it counted: a fixed day of the month once, a fixed day of
// the week 52/12 times, every day 365/12 times. Other schedules count once and say so.
func restoreTestsPerMonth(schedule string) (float64, string) {
	f := strings.Fields(strings.TrimSuffix(strings.TrimPrefix(schedule, "cron("), ")"))
	if len(f) != 6 || f[3] != "*" {
		return 1, "counted as 1 test a month"
	}
	dom, dow := f[2], f[4]
	_, domErr := strconv.Atoi(dom)
	switch {
	case domErr == nil && dow == "?":
		return 1, "1 test a month"
	case dom == "?" && dow != "*" && !strings.ContainsAny(dow, ",-/#L"):
		return 52.0 / 12, "weekly: 52/12 tests a month"
	case (dom == "*" && dow == "?") || (dom == "?" && dow == "*"):
		return 365.0 / 12, "daily: 365/12 tests a month"
	}
	return 1, "counted as 1 test a month"
}

// pricesFor returns the price list of region, or DefaultPriceRegion's, and an estimate
// whose PriceRegion, PricesRead and first note say which.
func pricesFor(region string) (PriceList, Estimate) {
	p, ok := PriceLists[region]
	if !ok {
		p = PriceLists[DefaultPriceRegion]
	}
	e := Estimate{PriceRegion: p.Region, PricesRead: p.Read}
	switch {
	case ok:
		e.Notes = []string{fmt.Sprintf("prices: %s list prices, read %s", p.Region, p.Read)}
	case region == "":
		e.Notes = []string{fmt.Sprintf("prices: %s list prices, read %s (no stack region given)", p.Region, p.Read)}
	default:
		e.Notes = []string{fmt.Sprintf("prices: %s list prices, read %s, NOT %s's: the price table has none for %s, whose bill will differ (see docs/cost.md)",
			p.Region, p.Read, region, region)}
	}
	return p, e
}

// String renders the estimate: its notes, one line per item and a total line, e.g.
//
//	Note: prices: us-east-1 list prices, read 2026-12-01
//	Storage (Standard): 2,000 GB-month x $0.30 = $600.00
//	Provisioned throughput (above included): 100 MB/s-month x $6.00 = $600.00 (200 MiB/s provisioned - ...)
//	Total: $1,200.00/month
func (e Estimate) String() string {
	var b strings.Builder
	for _, n := range e.Notes {
		fmt.Fprintf(&b, "Note: %s\n", n)
	}
	for _, it := range e.Items {
		fmt.Fprintf(&b, "%s: %s %s x $%s = $%s", it.Name, formatQuantity(it.Quantity), it.Unit,
			formatPrice(it.UnitPriceUSD), formatUSD(it.CostUSD))
		if it.Basis != "" {
			fmt.Fprintf(&b, " (%s)", it.Basis)
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "Total: $%s/month", formatUSD(e.Total))
	return b.String()
}

// nonNegative returns x, or 0 when x is negative, NaN or infinite.
func nonNegative(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 1) {
		return 0
	}
	return x
}

// formatUSD formats an amount as dollars and cents with thousands separators: 1,200.00.
func formatUSD(usd float64) string {
	return groupThousands(strconv.FormatFloat(usd, 'f', 2, 64))
}

// formatPrice formats a unit price with at least two decimals and no more than it has:
// 0.30, 0.025, 6.00.
func formatPrice(usd float64) string {
	s := strconv.FormatFloat(usd, 'f', -1, 64)
	switch i := strings.IndexByte(s, '.'); {
	case i < 0:
		s += ".00"
	case len(s)-i == 2:
		s += "0"
	}
	return groupThousands(s)
}

// formatQuantity formats a quantity with thousands separators and at most three
// decimals, hiding float noise such as 20.000000000000004.
func formatQuantity(q float64) string {
	return groupThousands(strconv.FormatFloat(math.Round(q*1000)/1000, 'f', -1, 64))
}

// groupThousands inserts commas into the integer part of a non-negative decimal number.
func groupThousands(s string) string {
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String() + frac
}
