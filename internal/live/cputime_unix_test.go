//go:build unix

package live_test

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user + system) of the process, or 0 when it
// cannot be read. The benchmark reports CPU time per exec next to the wall
// rate, because the machine is shared.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
