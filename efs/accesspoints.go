package efs

// AccessPointPermissions is the mode of each access point's root directory when EFS
// creates it: owner and group read-write-execute, others nothing.
const AccessPointPermissions = "0770"

// AccessPoint describes one of the spec's access points and every name derived from it:
// Terraform addresses, outputs and the Kubernetes objects that mount it.
type AccessPoint struct {
	// Key names the access point in Terraform addresses and Name tags (kafka_backups).
	Key string
	// Path is the root directory the access point exposes, created owned by 1000:1000.
	Path string
	// IDOutput is the Terraform output holding the access point ID.
	IDOutput string
	// ManifestOutput is the Terraform output holding its PersistentVolume and claim.
	ManifestOutput string
	// Volume and Claim end the names of the static PersistentVolume and of its
	// PersistentVolumeClaim; Config.VolumeName and Config.ClaimName prefix them with the
	// file system's Name() (kubernetes.go).
	Volume, Claim string
	// enabled reports whether the Config asks for this access point.
	enabled func(Config) bool
}

// accessPoints is the spec's access point table, in output order.
var accessPoints = []AccessPoint{
	{
		Key: "kafka_backups", Path: "/kafka-backups",
		IDOutput: "kafka_backup_access_point_id", ManifestOutput: "kubernetes_pv_kafka_backups",
		Volume: "kafka-backups-pv", Claim: "kafka-backups-pvc",
		enabled: func(c Config) bool { return c.CreateKafkaBackupAccessPoint },
	},
	{
		Key: "kafka_connect", Path: "/kafka-connect-plugins",
		IDOutput: "kafka_connect_access_point_id", ManifestOutput: "kubernetes_pv_kafka_connect",
		Volume: "kafka-connect-pv", Claim: "kafka-connect-pvc",
		enabled: func(c Config) bool { return c.CreateKafkaConnectAccessPoint },
	},
	{
		Key: "shared_logs", Path: "/shared-logs",
		IDOutput: "shared_logs_access_point_id", ManifestOutput: "kubernetes_pv_shared_logs",
		Volume: "shared-logs-pv", Claim: "shared-logs-pvc",
		enabled: func(c Config) bool { return c.CreateSharedLogsAccessPoint },
	},
}

// accessPointByKey returns the table's access point of that key.
func accessPointByKey(key string) (AccessPoint, bool) {
	for _, ap := range accessPoints {
		if ap.Key == key {
			return ap, true
		}
	}
	return AccessPoint{}, false
}

// EnabledAccessPoints returns the access points the Config asks for, in table order.
func (c Config) EnabledAccessPoints() []AccessPoint {
	var out []AccessPoint
	for _, ap := range accessPoints {
		if ap.enabled(c) {
			out = append(out, ap)
		}
	}
	return out
}
