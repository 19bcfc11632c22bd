package kafkaefs

import (
	"fmt"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchdashboard"
)

// newDashboard adds the aws_cloudwatch_dashboard of the file system.
func (k *KafkaEfs) newDashboard() error {
	arns := map[string]string{}
	for key, a := range k.Alarms {
		arns[key] = *a.Arn()
	}
	body, err := k.Config.DashboardJSON(*k.FileSystem.Id(), *k.region().Name(), arns)
	if err != nil {
		return err
	}
	encoded, err := jsonencoded(body)
	if err != nil {
		return fmt.Errorf("dashboard body: %w", err)
	}
	k.Dashboard = cloudwatchdashboard.NewCloudwatchDashboard(k.Construct, jsii.String("dashboard"), &cloudwatchdashboard.CloudwatchDashboardConfig{
		DashboardName: jsii.String(k.Config.DashboardName()),
		DashboardBody: encoded,
	})
	return nil
}
