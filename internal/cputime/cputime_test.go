package cputime

import (
	"runtime"
	"testing"
	"time"
)

// TestProcessGrowsWithWork: the process's CPU time grows by what a busy
// loop spends. The loop runs until 20 ms of CPU are counted, with a long
// wall-clock limit, so that a machine busy with other work (which gives
// this process a small share of a core) slows the test but cannot fail it.
func TestProcessGrowsWithWork(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" || runtime.GOOS == "js" {
		t.Skip("no CPU time on", runtime.GOOS)
	}
	before := Process()
	deadline := time.Now().Add(30 * time.Second)
	x := 0.0
	for Process()-before < 20*time.Millisecond {
		if time.Now().After(deadline) {
			t.Fatalf("30 s of a busy loop counted %v of CPU", Process()-before)
		}
		for i := 0; i < 1_000_000; i++ {
			x++
		}
	}
	if x == 0 {
		t.Error("the loop did no work")
	}
}
