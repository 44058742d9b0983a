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
	c1, _ := controller.New(controller.Config{}, 60000)
	p.save(ctx, c1, 5, 100)
	c2, _ := controller.New(controller.Config{}, 120000) // a restarted controller counts from 0
	p.save(ctx, c2, 6, 50)
	p.Close()
	p, err = openPersister(dir, "live", logf)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	pts := p.income(ctx, 0)
	if len(pts) != 2 || pts[0].Earned != 100 || pts[1].Earned != 150 || pts[1].Money != 6 {
		t.Fatalf("income history %+v", pts)
	}
	c3, _ := controller.New(controller.Config{}, 180000)
	p.save(ctx, c3, 7, 10)
	if pts := p.income(ctx, 0); len(pts) != 3 || pts[2].Earned != 160 {
		t.Errorf("after a restart of bbctl: %+v", pts)
	}
	if q, err := openPersister("off", "live", logf); q != nil || err != nil {
		t.Errorf("off: %v %v", q, err)
	}
}
