package live_test

import (
	"flag"
	"fmt"
	"os"
	"testing"
)

// waitingTests is how many of this package's tests run side by side
// unless -parallel says otherwise. Its parallel tests wait on the emulated
// game's time, not on the CPU (a paced game's clock waits for a starved
// test), so the default of one per core would only queue them.
const waitingTests = 16

func TestMain(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		if err := flag.Set("test.parallel", fmt.Sprint(waitingTests)); err != nil {
			fmt.Fprintln(os.Stderr, "live tests:", err)
			os.Exit(2)
		}
	}
	os.Exit(m.Run())
}
