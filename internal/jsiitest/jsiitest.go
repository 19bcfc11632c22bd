// Package jsiitest holds the TestMain of this module's test binaries that import the
// cdktf packages without synthesizing.
package jsiitest

import (
	"os"
	"testing"

	"github.com/aws/jsii-runtime-go"
)

// Main runs the tests, then closes the jsii runtime, which the cdktf packages unpack into
// the temp folder when they initialize, even in a test binary that never starts the
// kernel: without it every run leaves a jsii-runtime.* folder behind. It exits with the
// tests' code.
func Main(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}
