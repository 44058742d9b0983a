// Package longtest marks the system tests too slow for the default test
// run ("go test ./..." must stay under 90 s on a 2-core machine): they run
// when the environment variable BBCTL_LONG is set, as .ci/run sets it, and
// a fast test of the same behaviour runs always.
package longtest

import (
	"os"
	"testing"
)

// Env is the environment variable that turns the long tests on.
const Env = "BBCTL_LONG"

// Enabled reports whether the long tests run.
func Enabled() bool { return os.Getenv(Env) != "" }

// Skip skips t unless the long tests run.
func Skip(t testing.TB) {
	t.Helper()
	if !Enabled() {
		t.Skipf("a long system test; %s=1 runs it (CI does)", Env)
	}
}
