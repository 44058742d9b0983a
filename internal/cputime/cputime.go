// Package cputime reads the CPU time the process has used. Benchmarks
// report it next to wall time because the machine they run on is shared:
// CPU time per operation does not grow when other processes take the cores.
package cputime

import "time"

// Process returns the CPU time (user + system) the process has used, or 0
// where it cannot be read.
func Process() time.Duration { return process() }
