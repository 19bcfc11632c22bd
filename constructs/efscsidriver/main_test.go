package efscsidriver

import (
	"os"
	"testing"

	"github.com/aws/jsii-runtime-go"
)

// TestMain closes the jsii runtime, which the cdktf packages unpack into the temp folder
// when they initialize, even in a test binary that never starts the kernel: without it
// every run leaves a jsii-runtime.* folder behind.
func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}
