package stacks

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVaultLockImport runs docs/backups.md's "Change the vault lock" procedure on a
// compliance-mode lock, with the real hashicorp/aws provider against moto's AWS Backup
// (which keeps a lock's bounds and lock date): prod's vault and lock as synthesized, the
// lock given changeable_for_days 3, applied; then, as the procedure says, the lock leaves
// the state (the state file edited as `terraform state rm` does) and `terraform import`
// adopts it by vault name; then `terraform plan` must show no change. The provider never reads changeable_for_days back and forces
// replacement on every argument, so without the lock's ignore_changes the same plan
// replaces the lock, which prevent_destroy refuses: the control run checks that too.
// Part of the Terraform tier (skipped under -short).
func TestVaultLockImport(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("the Terraform tier runs without -short")
	}
	tool, mirror := tierTools(t)
	m := startMoto(t)
	dir := t.TempDir()
	s := newTierSetup(t, tool, mirror, dir)

	prod := synthesized["prod"]
	vaultName, vault := vault(t, prod)
	lockName, lock := resourceNamed(t, prod, "aws_backup_vault_lock_configuration", "backup-vault-lock")
	vault = maps.Clone(vault)
	delete(vault, "//")
	delete(vault, "kms_key_arn") // the stack's key is not part of this test
	delete(vault, "tags")        // moto 5.2 does not keep the tags CreateBackupVault sets
	lock = maps.Clone(lock)
	delete(lock, "//")
	lock["changeable_for_days"] = 3 // compliance mode
	require.Equal(t, []any{"changeable_for_days"}, lock["lifecycle"].(map[string]any)["ignore_changes"])
	config := func(lock map[string]any) []byte {
		b, err := json.MarshalIndent(map[string]any{
			"terraform": map[string]any{"required_providers": prod.block("terraform")["required_providers"]},
			"provider": map[string]any{"aws": []any{map[string]any{
				"region": "us-east-1", "access_key": "test", "secret_key": "test",
				"skip_credentials_validation": true, "skip_requesting_account_id": true,
				"skip_metadata_api_check": true, "skip_region_validation": true,
			}}},
			"resource": map[string]any{
				"aws_backup_vault":                    map[string]any{vaultName: vault},
				"aws_backup_vault_lock_configuration": map[string]any{lockName: lock},
			},
		}, "", "  ")
		require.NoError(t, err)
		return b
	}
	work := filepath.Join(dir, "lock")
	require.NoError(t, os.MkdirAll(work, 0o700))
	main := filepath.Join(work, "main.tf.json")
	require.NoError(t, os.WriteFile(main, config(lock), 0o600))
	// The emulator's address comes from AWS_ENDPOINT_URL, as in the deploy tier: an
	// endpoints block in the provider costs about 2.7 s of CPU per provider instance (the
	// provider validates its hundreds of service attributes), and each command starts two
	// or three instances.
	env := append(s.env(work), "AWS_ENDPOINT_URL="+m.url)
	// One provider server for the test's Terraform processes (providerserver_test.go):
	// one configuration, configured by each command in turn, where each command would
	// start the provider two to four times (Terraform took 23.7 s of CPU, 7.5 with it, and
	// the server 3.4). The provider reads the emulator's address from its own
	// environment. `terraform init` then installs nothing (a reattached provider is not installed): the Terraform
	// tier's init proves the mirror.
	server, err := s.startProviderServer(env)
	require.NoError(t, err)
	t.Cleanup(server.stop)
	env = append(env, server.env)
	tf := func(want int, args ...string) string {
		t.Helper()
		s.slots <- struct{}{}
		out, code, err := runTerraformNice(t.Context(), batchNice, s.tool.path, work, env, args...)
		<-s.slots
		require.NoError(t, err)
		require.Equal(t, want, code, "terraform %v:\n%s", args, out)
		return out
	}
	tf(0, "init", "-input=false", "-no-color")
	tf(0, "apply", "-input=false", "-no-color", "-auto-approve")
	lockAddress := "aws_backup_vault_lock_configuration." + lockName
	// The procedure's step 3, after the bounds were set through the API: its `terraform
	// state rm`, done on the state file (stateRm) to spare a Terraform process.
	stateRm(t, filepath.Join(work, "terraform.tfstate"), lockAddress)
	tf(0, "import", "-input=false", "-no-color", lockAddress, vault["name"].(string))
	out := tf(0, "plan", "-input=false", "-no-color", "-detailed-exitcode")
	assert.Contains(t, out, "No changes", "the imported compliance-mode lock plans no change")

	// Control: the same state without ignore_changes plans a replacement of the lock,
	// which prevent_destroy refuses.
	unguarded := maps.Clone(lock)
	unguarded["lifecycle"] = map[string]any{"prevent_destroy": true}
	require.NoError(t, os.WriteFile(main, config(unguarded), 0o600))
	out = tf(1, "plan", "-input=false", "-no-color", "-detailed-exitcode")
	assert.Contains(t, out, "prevent_destroy", "without ignore_changes the import cannot finish")
}
