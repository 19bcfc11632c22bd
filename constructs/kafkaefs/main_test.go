package kafkaefs

import (
	"os"
	"testing"

	"github.com/aws/jsii-runtime-go"
)

// TestMain closes jsii before the binary exits. The tests of this package are pure and
// never call into the kernel (the construct's synthesized variants are tested in package
// stacks, whose test binary starts the kernel anyway), but the bindings this package
// imports unpack the jsii runtime into a jsii-runtime.* folder of the temp folder as the
// binary starts; only jsii.Close removes it. The fuzz workers of FuzzValidate run this
// TestMain too.
func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}
