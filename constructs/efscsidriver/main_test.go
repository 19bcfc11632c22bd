package efscsidriver

import (
	"testing"

	"github.com/kafka-efs/kafka-efs/internal/jsiitest"
)

// TestMain closes jsii after the tests, so the binary leaves no jsii-runtime folder.
func TestMain(m *testing.M) { jsiitest.Main(m) }
