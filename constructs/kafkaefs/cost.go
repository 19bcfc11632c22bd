package kafkaefs

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Unit prices of the spec's cost model, in US dollars, us-east-1.
//
// Source: the EFS module spec this app realizes, its sections "Lifecycle Policies" and
// "Cost Analysis" (its scenarios: docs/examples.md), checked against AWS's EFS pricing
// page in November 2026. These are the spec's figures, kept so
// that the estimate reproduces the spec's worked examples; AWS's price list moves on:
//   - IA: $0.025 is the rate for bursting and provisioned file systems; with elastic
//     throughput AWS now lists $0.016, but the spec uses $0.025 for every mode.
//   - Provisioned throughput is priced per MB/s-month, yet the spec multiplies the
//     configured MiB/s by it (200 MiB/s x $6 = $1,200); the estimate follows the spec.
//   - Requests: $0.01 per 1,000 is the spec's own simplification of request and
//     data-access charges, not an AWS list price.
const (
	priceStandardPerGBMonth       = 0.30  // USD per GB-month of Standard storage
	priceIAPerGBMonth             = 0.025 // USD per GB-month of Infrequent Access storage
	priceProvisionedPerMiBpsMonth = 6.00  // USD per MiB/s-month of provisioned throughput
	pricePerThousandRequests      = 0.01  // USD per 1,000 requests
	requestsPerPriceUnit          = 1000  // requests that pricePerThousandRequests is charged for
)

// Unit price of AWS Backup warm storage for EFS recovery points, in US dollars, us-east-1:
// an AWS list price, not a spec figure. Source: https://aws.amazon.com/backup/pricing/
// (Backup storage pricing, Amazon EFS, warm storage, US East (N. Virginia)), as quoted in
// November 2026 by cloudburn.io/blog/aws-backup-pricing (February 2026) and
// factualminds.com/blog/aws-backup-pricing-vaults-cross-region-restores (June 2026); the
// AWS page itself renders its figures with JavaScript. Cold storage ($0.01), restores and
// cross-region copy transfer are not estimated.
const priceBackupWarmPerGBMonth = 0.05 // USD per GB-month of EFS backup warm storage

// Elastic throughput data access, in US dollars per GB transferred, us-east-1, Regional
// file systems. Source: AWS's price list, https://aws.amazon.com/efs/pricing/ (Elastic
// Throughput: reads $0.03/GB, writes $0.06/GB), checked 2026-11-26. Not in the spec: the
// estimate charges it only when Usage.ElasticDataAccess names the traffic, so the spec's
// worked examples keep their totals.
const (
	priceElasticReadPerGB  = 0.03 // USD per GB read with Elastic throughput
	priceElasticWritePerGB = 0.06 // USD per GB written with Elastic throughput
)

// Usage is the monthly usage an estimate is made for. Negative, NaN and infinite values
// count as 0, so an estimate is always finite and never negative.
type Usage struct {
	// StorageGB is the average amount of data stored over the month, in GB.
	StorageGB float64
	// IAFraction is the share (0 to 1) of StorageGB that lifecycle management has moved
	// to Infrequent Access. It is ignored unless Config.TransitionToIA is set, and
	// clamped to [0, 1].
	IAFraction float64
	// RequestsPerMonth is the number of file system requests in the month.
	RequestsPerMonth float64
	// BackupStorageGB is the average warm backup storage of the file system's recovery
	// points over the month, in GB (all vaults together: AWS Backup stores each recovery
	// point incrementally, so it is usually far less than StorageGB times the number of
	// points). 0 leaves backup storage out of the estimate.
	BackupStorageGB float64
	// ElasticDataAccess is the data read and written in the month, charged per GB with
	// Elastic throughput (and ignored in the other modes, which have no data-access
	// charge). Zero, the default, adds no line: the spec's scenarios do not name it.
	ElasticDataAccess DataAccess
}

// DataAccess is an amount of data transferred in a month, in GB.
type DataAccess struct {
	// ReadGB is the data read, in GB.
	ReadGB float64
	// WriteGB is the data written, in GB.
	WriteGB float64
}

// LineItem is one charge of an estimate: Quantity of Unit, each at UnitPriceUSD per month.
type LineItem struct {
	// Name says what is charged, e.g. "Storage (Standard)".
	Name string
	// Quantity is how many Units are charged.
	Quantity float64
	// Unit is what Quantity counts: "GB", "MiB/s" or "thousand requests".
	Unit string
	// UnitPriceUSD is the monthly price of one Unit, in USD.
	UnitPriceUSD float64
	// CostUSD is Quantity x UnitPriceUSD rounded to the cent, in USD per month.
	CostUSD float64
}

// Estimate is a monthly cost estimate: its line items and their total.
type Estimate struct {
	// Items are the charges that apply, in a fixed order: Standard storage (always),
	// IA storage (when lifecycle moves files to IA), provisioned throughput (in
	// provisioned mode), Elastic reads and writes (in elastic mode, when the usage names
	// them), requests (when there are any) and backup storage (when the usage names backup
	// GB).
	Items []LineItem
	// Total is the sum of the items' CostUSD, in USD per month. Each item is rounded to
	// the cent before summing, so Total is exactly the sum a reader adds up by hand.
	Total float64
}

// EstimateMonthlyCost estimates the monthly cost, in USD, of a file system built from cfg
// under the given usage, with the spec's cost model and prices (see the price table
// above). It is plain Go: it never starts the jsii kernel.
func EstimateMonthlyCost(cfg Config, usage Usage) Estimate {
	storage := nonNegative(usage.StorageGB)
	ia := 0.0
	if cfg.TransitionToIA != "" {
		ia = storage * math.Min(nonNegative(usage.IAFraction), 1)
	}

	var e Estimate
	var totalCents float64
	add := func(name string, quantity float64, unit string, price float64) {
		// Money is kept in whole cents (float64 holds integers exactly up to 2^53, far
		// beyond any bill), so the total is the exact sum of the rounded lines.
		cents := math.Round(quantity * price * 100)
		totalCents += cents
		e.Items = append(e.Items, LineItem{
			Name: name, Quantity: quantity, Unit: unit,
			UnitPriceUSD: price, CostUSD: cents / 100,
		})
	}

	add("Storage (Standard)", storage-ia, "GB", priceStandardPerGBMonth)
	if cfg.TransitionToIA != "" {
		add("Storage (IA)", ia, "GB", priceIAPerGBMonth)
	}
	if cfg.throughputMode() == ThroughputProvisioned {
		add("Provisioned throughput", nonNegative(cfg.ProvisionedThroughputInMibps), "MiB/s",
			priceProvisionedPerMiBpsMonth)
	}
	if cfg.throughputMode() == ThroughputElastic {
		if read := nonNegative(usage.ElasticDataAccess.ReadGB); read > 0 {
			add("Elastic throughput reads", read, "GB", priceElasticReadPerGB)
		}
		if write := nonNegative(usage.ElasticDataAccess.WriteGB); write > 0 {
			add("Elastic throughput writes", write, "GB", priceElasticWritePerGB)
		}
	}
	if requests := nonNegative(usage.RequestsPerMonth); requests > 0 {
		add("Requests", requests/requestsPerPriceUnit, "thousand requests",
			pricePerThousandRequests)
	}
	if backup := nonNegative(usage.BackupStorageGB); backup > 0 {
		add("Backup storage (warm)", backup, "GB", priceBackupWarmPerGBMonth)
	}
	e.Total = totalCents / 100
	return e
}

// String renders the estimate one line per item and a total line, e.g.
//
//	Storage (Standard): 350 GB x $0.30 = $105.00
//	Storage (IA): 150 GB x $0.025 = $3.75
//	Requests: 5,000 thousand requests x $0.01 = $50.00
//	Total: $158.75/month
func (e Estimate) String() string {
	var b strings.Builder
	for _, it := range e.Items {
		fmt.Fprintf(&b, "%s: %s %s x $%s = $%s\n", it.Name, formatQuantity(it.Quantity), it.Unit,
			formatPrice(it.UnitPriceUSD), formatUSD(it.CostUSD))
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
