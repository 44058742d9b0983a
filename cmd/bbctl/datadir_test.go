package main

import (
	"context"
	"testing"

	"bbctl/internal/controller"
)

// TestPersisterIncome: the money earned counts on across controllers and
// across runs (a reopened data directory), as the dashboard's chart shows it.
func TestPersisterIncome(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	logf := func(format string, args ...any) { t.Logf(format, args...) }
	p, err := openPersister(dir, "live", logf)
	if err != nil {
		t.Fatal(err)
	}
	// What controllers report is counted on across them.
	c1, _ := controller.New(controller.Config{}, 60000)
	c2, _ := controller.New(controller.Config{}, 120000) // a restarted controller counts from 0
	for _, step := range []struct {
		c           *controller.Controller
		hacked, sum float64
	}{{c1, 40, 40}, {c1, 100, 100}, {c2, 0, 100}, {c2, 50, 150}} {
		if got := p.earned(step.c, step.hacked); got != step.sum {
			t.Errorf("earned(%v) = %v, want %v", step.hacked, got, step.sum)
		}
	}
	p.base, p.ctl, p.ctlLast = 150, nil, 0 // as if 150 had been earned before
	p.save(ctx, c1)                        // an income point at 60 s: c1 earned nothing itself
	p.save(ctx, c1)                        // not due again yet
	p.save(ctx, c2)                        // 120 s
	p.Close()
	p, err = openPersister(dir, "live", logf)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	pts := p.income(ctx, 0)
	if len(pts) != 2 || pts[0].AtMs != 60000 || pts[1].AtMs != 120000 || pts[1].Earned != 150 {
		t.Fatalf("income history %+v", pts)
	}
	if p.base != 150 {
		t.Errorf("reopened: base %v, want 150 (the last point's)", p.base)
	}
	if q, err := openPersister("off", "live", logf); q != nil || err != nil {
		t.Errorf("off: %v %v", q, err)
	}
}
