package main

import (
	"os"
	"runtime/debug"
)

// simGCPercent is the collector's target for the commands that run the
// simulator as fast as it goes (bench, economy). Such a run allocates
// gigabytes over a live heap of tens of megabytes: at Go's default target
// (100 %) it collects every few tens of megabytes allocated, and the
// collector took about a sixth of the CPU of the 8-hour fresh bench; at
// 400 % that bench takes 13 % less CPU, for a peak of about 320 MB instead
// of 140 MB (docs/performance.md, "Wall time").
const simGCPercent = 400

// tuneGC sets the collector's target to simGCPercent, unless the GOGC
// environment variable sets it.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(simGCPercent)
	}
}
