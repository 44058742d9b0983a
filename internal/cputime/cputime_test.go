package cputime

import (
	"runtime"
	"testing"
	"time"
)

func TestProcessGrowsWithWork(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" || runtime.GOOS == "js" {
		t.Skip("no CPU time on", runtime.GOOS)
	}
	before := Process()
	x := 0.0
	for end := time.Now().Add(50 * time.Millisecond); time.Now().Before(end); {
		x += 1
	}
	if after := Process(); after-before < 10*time.Millisecond || x == 0 {
		t.Errorf("50 ms of work used %v of CPU", after-before)
	}
}
