// Package cost estimates what a KafkaEfs file system costs a month at AWS list prices
// (efs.PriceLists): storage by class, tiering and Elastic data access, provisioned
// throughput, backups and their copies, restore tests, the dashboard, alarms and keys.
// docs/cost.md explains each line. Plain Go: no jsii.
package cost

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/kafka-efs/kafka-efs/efs"
)

// KMSBilledRotations is how many rotations of a key KMS bills, each at the price of a key
// (KMS pricing since April 2024): a key rotated yearly costs $1 a month in its first
// year, $2 in its second and $3 from its third on, which the estimate counts, as it counts
// the backups once the plan's year of monthly recovery points is full.
const KMSBilledRotations = 2

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

// daysPerMonth is the average month in days, 365/12.
const daysPerMonth = 365.0 / 12

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
	// unless efs.Config.TransitionToIA is set.
	IAFraction float64
	// ArchiveFraction is the share (0 to 1) of StorageGB in Archive, at most what IA leaves.
	// It is ignored unless efs.Config.TransitionToArchive is set.
	ArchiveFraction float64
	// ElasticDataAccess is all the data read and written in the month, every storage class,
	// charged per GB with Elastic throughput (bursting and provisioned bill none).
	ElasticDataAccess DataAccess
	// Tiering is the data read from, and moved into, IA and Archive in the month. With
	// efs.Config.TransitionToPrimaryStorageClass, data read from IA returns to Standard and is
	// tiered again once it ages: the estimate adds IAReadGB to IATieredGB itself.
	Tiering TieringAccess
	// ChurnGB is the data that changes in a month, in GB: written new or rewritten, and so
	// captured by the next incremental backup. It drives the backup lines: the recovery
	// points the plan keeps hold one full copy and every change between them. 0 means
	// ElasticDataAccess.WriteGB: every GB written is a changed GB (Kafka writes new
	// segments and deletes old ones; it does not rewrite a block twice a day).
	ChurnGB float64

	// Region is the stack's AWS region (stacks.Settings.Region): the prices are its own
	// when efs.PriceLists has them. Empty means efs.DefaultPriceRegion.
	Region string
	// BackupCopyRegion is where the stack copies the recovery points of efs.Config.BackupPlan
	// ("" for no copy): the copy is stored, and billed, there. The stacks package decides it.
	BackupCopyRegion string
	// CustomerManagedKeys is how many customer-managed KMS keys, rotated yearly, the stack
	// creates for the file system (its own, the copy region's). The stacks package counts
	// them; the construct creates none.
	CustomerManagedKeys int
}

// churn is the month's changed data in GB: ChurnGB, or what is written when it is 0.
func (u Usage) churn() (gb float64, basis string) {
	if c := nonNegative(u.ChurnGB); c > 0 {
		return c, "Usage.ChurnGB"
	}
	return nonNegative(u.ElasticDataAccess.WriteGB), "all data written, Usage.ElasticDataAccess.WriteGB"
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
	IATieredGB      float64 // data lifecycle management moved into IA as it aged
	ArchiveReadGB   float64 // data read from Archive
	ArchiveTieredGB float64 // data lifecycle management moved into Archive
}

// LineItem is one charge of an estimate: Quantity of Unit at UnitPriceUSD each.
type LineItem struct {
	// Name says what is charged, e.g. "Storage (Standard)".
	Name string
	// Quantity is how many Units are charged.
	Quantity float64
	// Unit is what Quantity counts: "GB-month", "GB", "MB/s-month", "dashboard-month",
	// "alarm-metric-month" or "key-month".
	Unit string
	// UnitPriceUSD is the price of one Unit, in USD.
	UnitPriceUSD float64
	// CostUSD is Quantity x UnitPriceUSD rounded to the cent, in USD (per month for a
	// monthly item, once for a one-time item).
	CostUSD float64
	// Basis says where Quantity comes from, when it is not a usage figure as such.
	Basis string
}

// Estimate is a monthly cost estimate: its line items, their total, the one-time charges
// apart, and whose prices.
type Estimate struct {
	// Items are the monthly charges that apply, in a fixed order: storage by class, IA
	// and Archive access, Elastic reads and writes, provisioned throughput, backup
	// storage, the backup copy's storage and transfer, the restore test's file system and
	// restore, CloudWatch dashboard and alarm metrics, KMS keys.
	Items []LineItem
	// Total is the sum of the items' CostUSD, in USD per month. Each item is rounded to
	// the cent before summing, so Total is exactly the sum a reader adds up by hand.
	Total float64
	// OneTime are the charges paid once, not every month: the first full copy of the
	// backups to the copy region. OneTimeTotal is their sum, in USD.
	OneTime      []LineItem
	OneTimeTotal float64
	// PriceRegion is the region whose list prices were used, PricesRead the day they
	// were read.
	PriceRegion, PricesRead string
	// Notes say what the estimate assumed or left out, the price region first.
	Notes []string
}

// Monthly estimates the monthly AWS bill, in USD, of a file system built from
// cfg under the given usage: what EFS, AWS Backup, CloudWatch and KMS charge for it at the
// list prices of usage.Region (or of efs.DefaultPriceRegion, and then a note says so), once
// the backup plan's retention is full; the charges paid once are apart. It is plain Go: it
// never starts the jsii kernel.
func Monthly(cfg efs.Config, usage Usage) Estimate {
	p, e := pricesFor(usage.Region)
	var totalCents, oneTimeCents float64
	line := func(name string, quantity float64, unit string, price float64, basis string) (LineItem, float64) {
		// Money is kept in whole cents (float64 holds integers exactly up to 2^53, far
		// beyond any bill), so the total is the exact sum of the rounded lines.
		cents := math.Round(quantity * price * 100)
		return LineItem{Name: name, Quantity: quantity, Unit: unit, UnitPriceUSD: price, CostUSD: cents / 100, Basis: basis}, cents
	}
	add := func(name string, quantity float64, unit string, price float64, basis string) {
		it, cents := line(name, quantity, unit, price, basis)
		totalCents += cents
		e.Items = append(e.Items, it)
	}
	once := func(name string, quantity float64, unit string, price float64, basis string) {
		it, cents := line(name, quantity, unit, price, basis)
		oneTimeCents += cents
		e.OneTime = append(e.OneTime, it)
	}
	perGB := func(name string, gb, price float64, basis string) {
		if gb = nonNegative(gb); gb > 0 {
			add(name, gb, "GB", price, basis)
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
	elastic := cfg.ThroughputModeOrDefault() == efs.ThroughputElastic

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
		iaRead := nonNegative(usage.Tiering.IAReadGB)
		perGB("IA reads", iaRead, p.IAReadPerGB, "")
		tiered, basis := nonNegative(usage.Tiering.IATieredGB), ""
		if cfg.TransitionToPrimaryStorageClass != "" && iaRead > 0 {
			// Read from IA, data moves back to Standard (AFTER_1_ACCESS) and lifecycle
			// management tiers it again once it has aged TransitionToIA.
			basis = fmt.Sprintf("%s GB read back from IA returns to Standard on access and is tiered again", formatQuantity(iaRead))
			if tiered > 0 {
				basis += fmt.Sprintf(", + %s GB aging into IA (Usage.Tiering.IATieredGB)", formatQuantity(tiered))
			}
			tiered += iaRead
		}
		perGB("IA tiering", tiered, p.IATieringPerGB, basis)
	}
	if cfg.TransitionToArchive != "" {
		perGB("Archive reads", usage.Tiering.ArchiveReadGB, p.ArchiveReadPerGB, "")
		perGB("Archive tiering", usage.Tiering.ArchiveTieredGB, p.ArchiveTieringPerGB, "")
	}
	if elastic {
		perGB("Elastic throughput reads", usage.ElasticDataAccess.ReadGB, p.ElasticReadPerGB, "")
		perGB("Elastic throughput writes", usage.ElasticDataAccess.WriteGB, p.ElasticWritePerGB, "")
	}
	if cfg.ThroughputModeOrDefault() == efs.ThroughputProvisioned {
		provisioned := nonNegative(cfg.ProvisionedThroughputInMibps)
		included := IncludedThroughputMBps(standard)
		add("Provisioned throughput (above included)", math.Max(provisioned-included, 0), "MB/s-month",
			p.ProvisionedPerMBpsMonth, fmt.Sprintf("%s MiB/s provisioned - %s MB/s included with %s GB in Standard, 1 MB/s per %d GB",
				formatQuantity(provisioned), formatQuantity(included), formatQuantity(standard), IncludedGBPerMBps))
	}

	if rules := backupRules(cfg); len(rules) > 0 {
		churn, churnBasis := usage.churn()
		v := modelVault(rules, storage, churn)
		add("Backup storage (warm)", v.GB, "GB-month", p.BackupWarmPerGBMonth, v.basis(storage, churn, churnBasis))
		if cfg.BackupPlan != nil {
			e.backupPlanItems(cfg, usage, p, v, storage, add, once)
		}
	}

	dashboards := 1.0 // the construct's own, always created
	add("CloudWatch dashboard", dashboards, "dashboard-month", p.CloudWatchDashboardPerMonth,
		"the file system's dashboard; the free tier's 3 dashboards are the account's")
	if n, alarms := alarmMetrics(cfg); n > 0 {
		add("CloudWatch alarm metrics", float64(n), "alarm-metric-month", p.CloudWatchAlarmMetricPerMonth,
			fmt.Sprintf("%d alarms: a metric alarm reads 1 metric, a metric math alarm 1 per metric in its expression", alarms))
	}
	if keys := usage.CustomerManagedKeys; keys > 0 {
		add("KMS keys (customer-managed, rotated yearly)", float64(keys*(1+KMSBilledRotations)), "key-month", p.KMSKeyPerMonth,
			fmt.Sprintf("%d keys, each billed for itself and its first %d rotations: $%s a month from its third year",
				keys, KMSBilledRotations, formatUSD(float64(1+KMSBilledRotations)*p.KMSKeyPerMonth)))
	}

	if cfg.ReplicationRegion != "" {
		e.Notes = append(e.Notes, fmt.Sprintf("not estimated: the replica file system in %s (ReplicationRegion), billed there like a file system of its own plus the transfer", cfg.ReplicationRegion))
	}
	e.Total = totalCents / 100
	e.OneTimeTotal = oneTimeCents / 100
	return e
}

// backupRules returns the rules whose recovery points the vault keeps: the construct's
// plan, or the AWS default plan's one rule (daily, kept 35 days) for
// EnableAutomaticBackups, or none.
func backupRules(c efs.Config) []efs.BackupRule {
	switch {
	case c.BackupPlan != nil:
		return c.BackupPlan.RulesOrDefault()
	case c.EnableAutomaticBackups:
		return []efs.BackupRule{{Name: "aws-default", Schedule: "cron(0 5 ? * * *)", DeleteAfterDays: 35}}
	}
	return nil
}

// alarmMetrics counts the alarm metrics CloudWatch bills for the Config's alarms, those of
// the file system's table and those of the backup side (efs.BackupAlarms, created with the
// backup event rules): one for a metric alarm, one per metric of a metric math alarm
// (CloudWatch pricing); a PerRule alarm sums one metric per event rule.
func alarmMetrics(c efs.Config) (metrics, alarms int) {
	for _, a := range c.EnabledAlarms() {
		alarms++
		if a.Expression == "" {
			metrics++
		} else {
			metrics += len(a.Metrics)
		}
	}
	if rules := len(c.EnabledBackupEvents()); rules > 0 {
		for _, a := range efs.BackupAlarms {
			alarms++
			if a.PerRule {
				metrics += rules
			} else {
				metrics++
			}
		}
	}
	return metrics, alarms
}

// vault is the modelled warm storage of a vault's recovery points at steady state.
type vault struct {
	// GB is the average warm storage, in GB.
	GB float64
	// Points is how many recovery points the rules keep; OldestDays the average age of
	// the oldest, in days.
	Points     int
	OldestDays float64
	// MinIntervalDays is the most frequent rule's interval, in days: each copy job moves
	// what its point added, the change of that interval.
	MinIntervalDays float64
}

// modelVault models what a vault holds once the rules' retention is full. EFS backups
// are incremental (AWS Backup developer guide, "Creating a backup": the first backup of a
// file system is full, every later one copies what changed), and a point's data stays as
// long as any point needs it. So the vault holds one full copy (storageGB) plus, between
// each two consecutive points, the data that changed in between, at most a full copy.
// Each rule keeps retention/interval points, taken at the middle of their interval (the
// average over time: AWS bills GB-months), so a daily rule kept 35 days holds points
// 0.5 to 34.5 days old and a monthly one kept 365 days points 0.5 to 11.5 months old.
// Data changes at churnGB a month, evenly.
func modelVault(rules []efs.BackupRule, storageGB, churnGB float64) vault {
	var ages []float64
	v := vault{MinIntervalDays: math.Inf(1)}
	for _, r := range rules {
		perMonth, _ := runsPerMonth(r.Schedule)
		interval := daysPerMonth / perMonth
		n := max(int(math.Floor(float64(r.DeleteAfterDays)/interval+1e-9)), 1)
		for k := range n {
			ages = append(ages, (float64(k)+0.5)*interval)
		}
		v.MinIntervalDays = math.Min(v.MinIntervalDays, interval)
	}
	slices.Sort(ages)
	ages = slices.CompactFunc(ages, func(a, b float64) bool { return math.Abs(a-b) < 1e-9 })
	v.Points, v.OldestDays = len(ages), ages[len(ages)-1]
	if storageGB == 0 {
		return v
	}
	perDay := churnGB / daysPerMonth
	v.GB = storageGB
	for i := 1; i < len(ages); i++ {
		v.GB += math.Min((ages[i]-ages[i-1])*perDay, storageGB)
	}
	return v
}

// basis says how the vault's size was reached.
func (v vault) basis(storageGB, churnGB float64, churnBasis string) string {
	return fmt.Sprintf("1 full copy of %s GB + the changes between %d recovery points, the oldest %s days old, at %s GB changed a month (%s); at most a full copy between two points",
		formatQuantity(storageGB), v.Points, formatQuantity(v.OldestDays), formatQuantity(churnGB), churnBasis)
}

// backupPlanItems adds the charges of the construct's own backup plan beyond its vault's
// storage: the copy in another region (and its first full copy, once) and the restore
// tests.
func (e *Estimate) backupPlanItems(cfg efs.Config, usage Usage, p efs.PriceList, v vault, storageGB float64,
	add, once func(name string, quantity float64, unit string, price float64, basis string)) {
	for _, r := range cfg.BackupPlan.RulesOrDefault() {
		if r.ColdStorageAfterDays > 0 {
			e.Notes = append(e.Notes, fmt.Sprintf("rule %s moves recovery points to cold storage: the estimate prices them warm, an upper bound", r.Name))
		}
	}
	if copyRegion := usage.BackupCopyRegion; copyRegion != "" {
		cp, ok := efs.PriceLists[copyRegion]
		if !ok {
			cp = efs.PriceLists[efs.DefaultPriceRegion]
			e.Notes = append(e.Notes, fmt.Sprintf("backup copy in %s priced at %s's prices: the price table has none for %s", copyRegion, cp.Region, copyRegion))
		}
		// A copy is kept as long as its source (BackupPlan.CopyDestinationVaultArn), and
		// copies of EFS points are incremental after the first, so the copy vault holds
		// as much as the stack's vault.
		add("Backup copy storage (warm, "+copyRegion+")", v.GB, "GB-month", cp.BackupWarmPerGBMonth, "as much as the stack's vault")
		// A copy job moves at most a full copy, even when more changed since the last.
		moved, _ := usage.churn()
		if perCopy := moved / daysPerMonth * v.MinIntervalDays; perCopy > storageGB {
			moved = storageGB * daysPerMonth / v.MinIntervalDays
		}
		add("Backup copy transfer to "+copyRegion, moved, "GB", p.InterRegionTransferPerGB,
			"each copy job moves what its recovery point added: the month's changed data")
		once("First full backup copy to "+copyRegion+" (one-time)", storageGB, "GB", p.InterRegionTransferPerGB,
			"the first copy of a file system is a full copy")
	}

	// Each test restores the latest recovery point in full into a new file system, all of
	// it in Standard (EFS user guide, "Backing up EFS file systems"), and deletes it after
	// the validation window.
	t := cfg.BackupPlan.RestoreTestingOrDefault()
	tests, scheduleBasis := runsPerMonth(t.Schedule)
	add("Restore test file system (Standard)", storageGB*tests*float64(t.ValidationWindowHours)/hoursPerMonth, "GB-month",
		p.StandardPerGBMonth, fmt.Sprintf("%s GB kept %d h (the validation window; not the hours the restore takes), %s, of a %d-hour month",
			formatQuantity(storageGB), t.ValidationWindowHours, scheduleBasis, hoursPerMonth))
	add("Restore test restores (AWS Backup)", storageGB*tests, "GB", p.BackupRestorePerGB,
		fmt.Sprintf("%s GB restored, %s", formatQuantity(storageGB), scheduleBasis))
}

// runsPerMonth counts how often an AWS cron schedule (validated) runs in an average
// month, and says how it counted: a fixed day of a fixed month 1/12 times, a fixed day of
// the month once, a fixed day of the week 365/7/12 times, every day 365/12 times (several
// hours a day count once). Other schedules count once and say so.
func runsPerMonth(schedule string) (float64, string) {
	f := strings.Fields(strings.TrimSuffix(strings.TrimPrefix(schedule, "cron("), ")"))
	if len(f) != 6 {
		return 1, "counted as once a month"
	}
	dom, month, dow := f[2], f[3], f[4]
	_, domErr := strconv.Atoi(dom)
	_, monthErr := strconv.Atoi(month)
	switch {
	case domErr == nil && monthErr == nil && dow == "?":
		return 1.0 / 12, "yearly: 1/12 a month"
	case month != "*":
		return 1, "counted as once a month"
	case domErr == nil && dow == "?":
		return 1, "once a month"
	case dom == "?" && dow != "*" && !strings.ContainsAny(dow, ",-/#L"):
		return 365.0 / 7 / 12, "weekly: 365/7/12 a month"
	case (dom == "*" && dow == "?") || (dom == "?" && dow == "*"):
		return 365.0 / 12, "daily: 365/12 a month"
	}
	return 1, "counted as once a month"
}

// pricesFor returns the price list of region, or efs.DefaultPriceRegion's, and an estimate
// whose PriceRegion, PricesRead and first note say which.
func pricesFor(region string) (efs.PriceList, Estimate) {
	p, ok := efs.PriceLists[region]
	if !ok {
		p = efs.PriceLists[efs.DefaultPriceRegion]
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
//	Once: First full backup copy to us-west-2 (one-time): 500 GB x $0.02 = $10.00 (...)
//	One-time total: $10.00
//
// The "Once" lines and the one-time total follow only when there are one-time charges.
func (e Estimate) String() string {
	var b strings.Builder
	for _, n := range e.Notes {
		fmt.Fprintf(&b, "Note: %s\n", n)
	}
	item := func(it LineItem) {
		fmt.Fprintf(&b, "%s: %s %s x $%s = $%s", it.Name, formatQuantity(it.Quantity), it.Unit,
			efs.FormatPrice(it.UnitPriceUSD), formatUSD(it.CostUSD))
		if it.Basis != "" {
			fmt.Fprintf(&b, " (%s)", it.Basis)
		}
	}
	for _, it := range e.Items {
		item(it)
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "Total: $%s/month", formatUSD(e.Total))
	for _, it := range e.OneTime {
		b.WriteString("\nOnce: ")
		item(it)
	}
	if len(e.OneTime) > 0 {
		fmt.Fprintf(&b, "\nOne-time total: $%s", formatUSD(e.OneTimeTotal))
	}
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
	return efs.GroupThousands(strconv.FormatFloat(usd, 'f', 2, 64))
}

// formatQuantity formats a quantity with thousands separators and at most three
// decimals, hiding float noise such as 20.000000000000004.
func formatQuantity(q float64) string {
	return efs.GroupThousands(strconv.FormatFloat(math.Round(q*1000)/1000, 'f', -1, 64))
}
