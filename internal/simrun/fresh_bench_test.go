package simrun

import (
	"context"
	"testing"
	"time"

	"bbctl/internal/scenario"
)

// BenchmarkFresh runs the first three game-hours of the fresh scenario with
// the bbctl spender: the first two buy the farm (the spender's ceilings
// weigh every purchase), the third runs 25 × 1 PB at the process cap, as
// the rest of the 8-hour bench does. One op is the whole run (about a
// minute of CPU); profile it with -cpuprofile:
//
//	go test -run '^$' -bench BenchmarkFresh -benchtime 1x -cpuprofile cpu.out ./internal/simrun
func BenchmarkFresh(b *testing.B) {
	sc, err := scenario.Load("fresh")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		sum, err := Run(context.Background(), Options{Scenario: sc, Duration: 3 * time.Hour})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sum.Hacks), "hacks/op")
	}
}
