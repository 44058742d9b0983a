package dashboard

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/scenario"
	"bbctl/internal/sim"
	"bbctl/internal/simrun"
	"bbctl/internal/world"
)

// lateState is a controller in the thick of the late scenario: 45 game
// minutes in, tens of thousands of processes running.
var lateState struct {
	once  sync.Once
	c     *controller.Controller
	steps int     // hook calls to get there
	wall  float64 // seconds the run took
	err   error
}

var errEnough = errors.New("enough")

func lateController(b *testing.B) *controller.Controller {
	b.Helper()
	lateState.once.Do(func() {
		sc, err := scenario.Load("late")
		if err != nil {
			lateState.err = err
			return
		}
		start := time.Now()
		_, err = simrun.Run(context.Background(), simrun.Options{
			Scenario: sc, Duration: 46 * time.Minute,
			Hook: func(c *controller.Controller, w *sim.World) error {
				lateState.steps++
				if c.Now() >= world.Time(45*time.Minute/time.Millisecond) {
					lateState.c = c
					return errEnough
				}
				return nil
			},
		})
		lateState.wall = time.Since(start).Seconds()
		if !errors.Is(err, errEnough) {
			lateState.err = err
		}
	})
	if lateState.err != nil || lateState.c == nil {
		b.Fatalf("late scenario: %v", lateState.err)
	}
	return lateState.c
}

// BenchmarkPublishLate measures one frame (the controller's status and
// every worker's RAM, taken in the run loop) at the late scenario's scale,
// and the share of the loop's time that four frames a wall second take.
func BenchmarkPublishLate(b *testing.B) {
	c := lateController(b)
	hub := New(Options{PublishEvery: time.Nanosecond})
	st := c.Status()
	for b.Loop() {
		hub.Step(c, 0)
	}
	per := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(per*1e6, "µs/frame")
	b.ReportMetric(100*4*per, "%loop@4fps")
	b.ReportMetric(float64(st.Processes), "processes")
	b.ReportMetric(float64(len(st.Targets)), "targets")
}

// BenchmarkStepLate measures a step that publishes nothing (the common
// case: the hook runs after every step of the loop), against the loop's
// own mean step time in the same run.
func BenchmarkStepLate(b *testing.B) {
	c := lateController(b)
	hub := New(Options{PublishEvery: time.Hour})
	hub.Step(c, 0)
	for b.Loop() {
		hub.Step(c, 0)
	}
	per := b.Elapsed().Seconds() / float64(b.N)
	loop := lateState.wall / float64(lateState.steps)
	b.ReportMetric(per*1e9, "ns/step")
	b.ReportMetric(100*per/loop, "%of-loop-step")
}

// BenchmarkStatusJSON measures encoding a frame for the page (done in the
// HTTP handlers, off the loop) at the late scenario's scale.
func BenchmarkStatusJSON(b *testing.B) {
	c := lateController(b)
	hub := New(Options{})
	hub.Step(c, 0)
	var n int
	for b.Loop() {
		var buf []byte
		for _, v := range []any{hub.statusView(), hub.memoryView()} {
			x, err := json.Marshal(v)
			if err != nil {
				b.Fatal(err)
			}
			buf = append(buf, x...)
		}
		n = len(buf)
	}
	b.ReportMetric(float64(n)/1024, "KiB/frame")
}
