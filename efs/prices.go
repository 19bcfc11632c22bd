package efs

import (
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
	ElasticReadPerGB    float64 // data and metadata read with Elastic throughput, every storage class
	ElasticWritePerGB   float64 // data and metadata written with Elastic throughput, every storage class
	// ProvisionedPerMBpsMonth is charged only for throughput above what the Standard
	// storage includes (see IncludedThroughputMBps).
	ProvisionedPerMBpsMonth float64
	BackupWarmPerGBMonth    float64 // AWS Backup warm storage of EFS recovery points
	BackupRestorePerGB      float64 // AWS Backup full restore of an EFS recovery point from warm storage
	// InterRegionTransferPerGB is what AWS Backup bills per GB a copy job moves from this
	// region to another one.
	InterRegionTransferPerGB float64
	// CloudWatchDashboardPerMonth is one dashboard for a month; CloudWatchAlarmMetricPerMonth
	// one alarm metric of a standard-resolution alarm for a month (a metric math alarm
	// counts one per metric it reads).
	CloudWatchDashboardPerMonth   float64
	CloudWatchAlarmMetricPerMonth float64
	// KMSKeyPerMonth is one customer-managed KMS key for a month, and the same again for
	// each of its first KMSBilledRotations rotations.
	KMSKeyPerMonth float64
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
//   - CloudWatch: https://aws.amazon.com/cloudwatch/pricing/ (not in a stored copy):
//     dashboards $3.00 each a month as quoted by factualminds.com (June 2026, "dashboards
//     at $3 each"); standard-resolution alarms $0.10 per alarm metric a month as quoted by
//     c3x.dev's aws_cloudwatch_metric_alarm page. The free tier (3 dashboards of up to 50
//     metrics, 10 alarm metrics) is the account's, not a stack's: the estimate ignores it.
//   - KMS: https://aws.amazon.com/kms/pricing/ ("Each AWS KMS key that you create in KMS
//     costs $1/month"; "each newly generated backing key costs an additional $1/month").
//     AWS capped the rotation charge in April 2024 at the first and second rotation; the
//     stored copy of the page predates that, so the cap is as quoted by canglad.com's
//     update of April 2024 and cloudburn.io (March 2026, "including the May 2024 key
//     rotation pricing update").
var PriceLists = map[string]PriceList{
	"us-east-1": {
		Region: "us-east-1", Read: "2026-12-01",
		StandardPerGBMonth:  0.30,
		IAElasticPerGBMonth: 0.016, IALegacyPerGBMonth: 0.025,
		ArchivePerGBMonth: 0.008,
		IAReadPerGB:       0.01, IATieringPerGB: 0.01,
		ArchiveReadPerGB: 0.03, ArchiveTieringPerGB: 0.03,
		ElasticReadPerGB: 0.03, ElasticWritePerGB: 0.06,
		ProvisionedPerMBpsMonth:       6.00,
		BackupWarmPerGBMonth:          0.05,
		BackupRestorePerGB:            0.02,
		InterRegionTransferPerGB:      0.02,
		CloudWatchDashboardPerMonth:   3.00,
		CloudWatchAlarmMetricPerMonth: 0.10,
		KMSKeyPerMonth:                1.00,
	},
}

// DefaultPriceRegion is the region whose prices stand in for a region PriceLists lacks.
const DefaultPriceRegion = "us-east-1"

// FormatPrice formats a unit price with at least two decimals and no more than it has:
// 0.30, 0.025, 6.00.
func FormatPrice(usd float64) string {
	s := strconv.FormatFloat(usd, 'f', -1, 64)
	switch i := strings.IndexByte(s, '.'); {
	case i < 0:
		s += ".00"
	case len(s)-i == 2:
		s += "0"
	}
	return GroupThousands(s)
}

// GroupThousands inserts commas into the integer part of a non-negative decimal number.
func GroupThousands(s string) string {
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
