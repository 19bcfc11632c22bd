package efs

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// FuzzValidate feeds arbitrary values into most Config fields. Properties: Validate never
// panics and is deterministic; every reported problem is a *FieldError naming a Config
// field, on one line, in struct order; a Config it accepts has names that fit AWS.
func FuzzValidate(f *testing.F) {
	v := validConfig()
	f.Add(v.ProjectName, v.Environment, v.VpcID, v.PrivateSubnetIDs[0], v.EksNodeSecurityGroupID, v.KmsKeyID,
		v.PerformanceMode, v.ThroughputMode, v.TransitionToIA, v.TransitionToPrimaryStorageClass, v.TransitionToArchive,
		v.AlarmActions[0], v.ClientRoleArns[0], v.ReplicationRegion, "team", "data-platform",
		0.0, 90, true, true, true, false)
	f.Add("kafka", "dev", "${TfToken[TOKEN.1]}", "#{TfToken[TOKEN.0]}", "sg-1a2b3c4d", "",
		"maxIO", "provisioned", "", "", "",
		"", "", "", "", "",
		200.0, 0, false, false, false, false)
	f.Add("Kafka--", "prod\n", "vpc-\x00", "subnet-0123456789abcdef0", "sg-0123456789abcdef0", "alias/x",
		"maxIO", "elastic", "AFTER_90_DAYS", "AFTER_1_ACCESS", "AFTER_30_DAYS",
		"arn:aws:sns", "arn:aws:iam::123456789012:user/x", "mars-north-9", "aws:x", "\xff",
		math.NaN(), -1, false, true, true, true)
	f.Add(strings.Repeat("k", 40), "prod-eu-west-1-blue-x", "vpc-deadbeef", "subnet-deadbeef", "sg-deadbeef",
		"arn:aws-us-gov:kms:us-gov-west-1:123456789012:alias/efs",
		"", "", "AFTER_1_DAY", "", "AFTER_1_DAY",
		"arn:aws:automate:us-east-1:ec2:stop", "", "us-gov-west-1", "Name", strings.Repeat("é", 257),
		math.Inf(-1), 3653, true, false, false, true)

	configType := reflect.TypeFor[Config]()
	fields := make(map[string]bool, configType.NumField())
	for i := range configType.NumField() {
		fields[configType.Field(i).Name] = true
	}

	f.Fuzz(func(t *testing.T, project, environment, vpcID, subnet, sgID, kmsKeyID,
		performance, throughput, toIA, toPrimary, toArchive,
		alarmAction, clientRole, region, tagKey, tagValue string,
		mibps float64, retention int, encryption, backups, alarms, disablePolicy bool) {
		c := Config{
			ProjectName:                      project,
			Environment:                      environment,
			VpcID:                            vpcID,
			PrivateSubnetIDs:                 []string{subnet, "subnet-0123456789abcdef0"},
			EksNodeSecurityGroupID:           sgID,
			EnableEncryption:                 encryption,
			KmsKeyID:                         kmsKeyID,
			PerformanceMode:                  performance,
			ThroughputMode:                   throughput,
			ProvisionedThroughputInMibps:     mibps,
			TransitionToIA:                   toIA,
			TransitionToPrimaryStorageClass:  toPrimary,
			TransitionToArchive:              toArchive,
			EnableAutomaticBackups:           backups,
			CreateCloudwatchAlarms:           alarms,
			LogRetentionDays:                 retention,
			AdditionalSourceSecurityGroupIDs: []string{"sg-0aaaaaaaaaaaaaaaa", sgID},
			DisableFileSystemPolicy:          disablePolicy,
			ReplicationRegion:                region,
			Tags:                             map[string]string{tagKey: tagValue},
		}
		if alarmAction != "" {
			c.AlarmActions = []string{alarmAction}
		}
		if clientRole != "" {
			c.ClientRoleArns = []string{clientRole}
		}

		err := c.Validate()
		if again := c.Validate(); reportText(err) != reportText(again) {
			t.Fatalf("Validate is not deterministic:\n%v\n---\n%v", err, again)
		}
		if err == nil {
			if n := len(c.CreationToken()); n > 64 {
				t.Fatalf("accepted a creation token of %d characters: %q", n, c.CreationToken())
			}
			if !reResourceName.MatchString(c.ProjectName) || !reResourceName.MatchString(c.Environment) {
				t.Fatalf("accepted names %q, %q", c.ProjectName, c.Environment)
			}
			return
		}
		joined, ok := err.(interface{ Unwrap() []error })
		if !ok {
			t.Fatalf("Validate returned %T, not an errors.Join result", err)
		}
		last := -1
		for _, e := range joined.Unwrap() {
			fe, ok := e.(*FieldError)
			if !ok {
				t.Fatalf("%T in the report: %v", e, e)
			}
			if !fields[configFieldName(fe.Field)] {
				t.Fatalf("Field %q does not start with a Config field name", fe.Field)
			}
			msg := fe.Error()
			if strings.ContainsAny(msg, "\n\r") {
				t.Fatalf("message spans lines: %q", msg)
			}
			if !strings.HasPrefix(msg, fe.Field+" = "+strconv.Quote(fe.Value)+": ") {
				t.Fatalf("message %q does not start with its field and value", msg)
			}
			if pos := configFieldPosition(fe.Field); pos < last {
				t.Fatalf("%s reported out of struct order:\n%v", fe.Field, err)
			} else {
				last = pos
			}
		}
	})
}

func reportText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
