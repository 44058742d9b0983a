//go:build !unix

package sim

import "time"

// cpuTime is not available here; benchmarks then report no CPU figure.
func cpuTime() time.Duration { return 0 }
