package kafkaefs

import (
	"github.com/kafka-efs/kafka-efs/efs"
	"github.com/kafka-efs/kafka-efs/efs/cost"
)

// The construct's inputs, their rules, the cost model and the manifests are plain Go in
// package efs and its package efs/cost, which never start jsii. The names below keep this
// package's API as docs/reuse.md shows it: each is the same name there.

// Inputs of New and their parts (efs.Config and the types it holds).
type (
	Config         = efs.Config
	AlarmTuning    = efs.AlarmTuning
	BackupPlan     = efs.BackupPlan
	BackupRule     = efs.BackupRule
	VaultLock      = efs.VaultLock
	RestoreTesting = efs.RestoreTesting
	FieldError     = efs.FieldError
)

// The cost model (package efs/cost) and its price lists.
type (
	Usage         = cost.Usage
	DataAccess    = cost.DataAccess
	TieringAccess = cost.TieringAccess
	Estimate      = cost.Estimate
	LineItem      = cost.LineItem
	PriceList     = efs.PriceList
)

// The Kafka operator fragments (efs.Config.ConfluentConnectFragment and
// StrimziKafkaConnectFragment).
type (
	ConfluentConnect    = efs.ConfluentConnect
	StrimziKafkaConnect = efs.StrimziKafkaConnect
)

// Allowed values, defaults and bounds of the Config (see efs).
const (
	PerformanceGeneralPurpose = efs.PerformanceGeneralPurpose
	PerformanceMaxIO          = efs.PerformanceMaxIO
	ThroughputBursting        = efs.ThroughputBursting
	ThroughputElastic         = efs.ThroughputElastic
	ThroughputProvisioned     = efs.ThroughputProvisioned
	TransitionOnFirstAccess   = efs.TransitionOnFirstAccess

	DefaultLogRetentionDays                    = efs.DefaultLogRetentionDays
	DefaultSmokeTestImage                      = efs.DefaultSmokeTestImage
	DefaultPriceRegion                         = efs.DefaultPriceRegion
	DefaultRestoreTestingValidationWindowHours = efs.DefaultRestoreTestingValidationWindowHours

	MinPrivateSubnets      = efs.MinPrivateSubnets
	MaxPrivateSubnets      = efs.MaxPrivateSubnets
	VpcIDPattern           = efs.VpcIDPattern
	SubnetIDPattern        = efs.SubnetIDPattern
	SecurityGroupIDPattern = efs.SecurityGroupIDPattern
	IAMRoleArnPattern      = efs.IAMRoleArnPattern

	SidNodeRoleNeedsAccessPoint = efs.SidNodeRoleNeedsAccessPoint
)

// PriceLists are efs.PriceLists, the list prices by region.
var PriceLists = efs.PriceLists

// ClientConditionKeys are efs.ClientConditionKeys, the only condition keys the file
// system policy may use.
var ClientConditionKeys = efs.ClientConditionKeys

// List is efs.List: a jsii string list as a Config list field takes it.
func List(l *[]*string) []string { return efs.List(l) }

// IsToken is efs.IsToken: whether s holds an unresolved cdktf token.
func IsToken(s string) bool { return efs.IsToken(s) }

// IsRegion is efs.IsRegion: whether s has the form of an AWS region name.
func IsRegion(s string) bool { return efs.IsRegion(s) }

// CheckRunbookBaseURL is efs.CheckRunbookBaseURL.
func CheckRunbookBaseURL(v string) error { return efs.CheckRunbookBaseURL(v) }

// DefaultBackupRules is efs.DefaultBackupRules.
func DefaultBackupRules() []BackupRule { return efs.DefaultBackupRules() }

// EstimateMonthlyCost is cost.Monthly: the monthly cost of cfg under usage.
func EstimateMonthlyCost(cfg Config, usage Usage) Estimate {
	return cost.Monthly(cfg, usage)
}
