package kafkaefs

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestEnabledAlarmsByMode checks which alarms each mode combination gets: PercentIOLimit
// only for generalPurpose, BurstCreditBalance only for bursting, connections and
// throughput utilization always; none at all with alarms off. (maxIO + elastic is refused
// by Validate, but enabledAlarms only looks at the modes.)
func TestEnabledAlarmsByMode(t *testing.T) {
	tests := []struct {
		performance, throughput string
		want                    []string
	}{
		{"", "", []string{"io_limit", "burst_credits", "client_connections", "throughput_utilization"}},
		{PerformanceGeneralPurpose, ThroughputBursting, []string{"io_limit", "burst_credits", "client_connections", "throughput_utilization"}},
		{PerformanceGeneralPurpose, ThroughputElastic, []string{"io_limit", "client_connections", "throughput_utilization"}},
		{PerformanceGeneralPurpose, ThroughputProvisioned, []string{"io_limit", "client_connections", "throughput_utilization"}},
		{PerformanceMaxIO, ThroughputBursting, []string{"burst_credits", "client_connections", "throughput_utilization"}},
		{PerformanceMaxIO, ThroughputElastic, []string{"client_connections", "throughput_utilization"}},
		{PerformanceMaxIO, ThroughputProvisioned, []string{"client_connections", "throughput_utilization"}},
	}
	for _, tt := range tests {
		t.Run(tt.performance+"+"+tt.throughput, func(t *testing.T) {
			c := Config{PerformanceMode: tt.performance, ThroughputMode: tt.throughput, CreateCloudwatchAlarms: true}
			var got []string
			for _, a := range c.enabledAlarms() {
				got = append(got, a.Key)
			}
			assert.Equal(t, tt.want, got)

			c.CreateCloudwatchAlarms = false
			assert.Empty(t, c.enabledAlarms(), "alarms off")
		})
	}
}
