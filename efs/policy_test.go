package efs

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFileSystemPolicy: TLS only, no root for anyone, mount and write through a mount
// target for the clients (anyone without), and the node role only through access points,
// on enforced condition keys alone.
func TestFileSystemPolicy(t *testing.T) {
	const fs, node = "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-1", "arn:aws:iam::123456789012:role/node"
	open := FileSystemPolicy(fs, nil, "")
	require.Len(t, open, 3)
	sids := func(sts []Statement) (out []string) {
		for _, s := range sts {
			out = append(out, s.Sid)
		}
		return out
	}
	assert.Equal(t, []string{"DenyNonSecureTransport", "DenyRootAccess", "AllowMountAndWriteViaMountTarget"}, sids(open))
	assert.Equal(t, []string{"*"}, open[2].Principals, "no client role: any principal, which Validate refuses unless AllowAnyPrincipal")
	assert.Equal(t, []Condition{{"Bool", KeySecureTransport, []string{"false"}}}, open[0].Conditions)
	assert.Equal(t, []string{ActionClientRootAccess}, open[1].Actions)

	withNode := FileSystemPolicy(fs, []string{node, "arn:aws:iam::123456789012:role/host"}, node)
	require.Len(t, withNode, 4)
	assert.Equal(t, []string{node, "arn:aws:iam::123456789012:role/host"}, withNode[2].Principals)
	deny := withNode[3]
	assert.Equal(t, SidNodeRoleNeedsAccessPoint, deny.Sid)
	assert.Equal(t, "Deny", deny.Effect)
	assert.Equal(t, []string{node}, deny.Principals)
	assert.Equal(t, []Condition{{"Null", KeyAccessPointArn, []string{"true"}}}, deny.Conditions)
	for _, s := range withNode {
		assert.Equal(t, []string{fs}, s.Resources, s.Sid)
		assert.Equal(t, "AWS", s.PrincipalType, s.Sid)
		for _, c := range s.Conditions {
			assert.True(t, slices.Contains(ClientConditionKeys, c.Variable), "%s: %s is no key EFS enforces", s.Sid, c.Variable)
		}
	}
}

// TestRestoreCheckMachinePermissions: the key statement only for a key ARN, never for an
// alias, which a policy resource cannot name.
func TestRestoreCheckMachinePermissions(t *testing.T) {
	c := Config{AlarmActions: []string{"arn:aws:sns:us-east-1:123456789012:alarms"}, KmsKeyID: "arn:aws:kms:us-east-1:123456789012:key/1234"}
	sts := c.RestoreCheckMachinePermissions()
	require.Len(t, sts, 3)
	assert.Equal(t, c.AlarmActions, sts[1].Resources)
	assert.Equal(t, []string{c.KmsKeyID}, sts[2].Resources)
	c.KmsKeyID = "arn:aws:kms:us-east-1:123456789012:alias/efs"
	assert.Len(t, c.RestoreCheckMachinePermissions(), 2)
}

// TestServiceTrustAndDeadLetterQueuePolicy: one service, sts:AssumeRole, the conditions
// given; the queue admits EventBridge for the rules named.
func TestServiceTrustAndDeadLetterQueuePolicy(t *testing.T) {
	tr := ServiceTrust("Sid", "backup.amazonaws.com")
	require.Len(t, tr, 1)
	assert.Equal(t, Statement{Sid: "Sid", Effect: "Allow", PrincipalType: "Service", Principals: []string{"backup.amazonaws.com"},
		Actions: []string{"sts:AssumeRole"}}, tr[0])
	q := DeadLetterQueuePolicy("arn:q", []string{"arn:r1", "arn:r2"})
	require.Len(t, q, 1)
	assert.Equal(t, []Condition{{"ArnEquals", "aws:SourceArn", []string{"arn:r1", "arn:r2"}}}, q[0].Conditions)
	assert.Equal(t, []string{"events.amazonaws.com"}, q[0].Principals)
}
