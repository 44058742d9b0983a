package main

import (
	"context"
	"flag"

	"bbctl/internal/controller"
	"bbctl/internal/store"
	"bbctl/internal/tracker"
	"bbctl/internal/world"
)

// incomeEveryMs is how often an income point is saved.
const incomeEveryMs = 60000

// persister saves what a run must not lose (the stock tracker's price
// history and the income history) in the data directory's database, and
// gives the next run what the last one saved.
type persister struct {
	st      *store.Store
	source  string // "live", or the simulated world's name
	logf    func(format string, args ...any)
	lastInc world.Time
	failed  bool

	// Money earned counts on across runs and controllers: base is what
	// the earlier runs and this run's earlier controllers earned.
	base    float64
	ctl     *controller.Controller
	ctlLast float64
}

// addDataDirFlag adds --data-dir with the given default ("" means off).
func addDataDirFlag(fs *flag.FlagSet, def, what string) *string {
	return fs.String("data-dir", def, what)
}

// openPersister opens the database in dir ("" or "off": nothing is kept).
func openPersister(dir, source string, logf func(string, ...any)) (*persister, error) {
	if dir == "" || dir == "off" {
		return nil, nil
	}
	st, err := store.Open(dir)
	if err != nil {
		return nil, err
	}
	p := &persister{st: st, source: source, logf: logf}
	if pts, err := st.Income(context.Background(), source, 0); err == nil && len(pts) > 0 {
		p.base = pts[len(pts)-1].Earned
	}
	return p, nil
}

// Close closes the database.
func (p *persister) Close() error {
	if p == nil {
		return nil
	}
	return p.st.Close()
}

// restore gives c the price history the last run saved.
func (p *persister) restore(ctx context.Context, c *controller.Controller) {
	if p == nil {
		return
	}
	syms, saved, err := p.st.Samples(ctx, p.source, store.KeepSamples)
	if err != nil {
		p.logf("WARN stocks: saved price history unreadable: %v", err)
		return
	}
	samples := make([]tracker.Sample, len(saved))
	for i, s := range saved {
		samples[i] = tracker.Sample{Update: s.Update, Prices: s.Prices}
	}
	c.RestoreStockHistory(syms, samples)
}

// save writes the samples and an income point that are due (money on hand,
// and the money c's hacks earned, counted on from earlier runs). A failure
// is logged once and the run goes on: losing history is not worth stopping
// the game for. It is called after every step, so it reads the controller's
// status only when an income point is due.
func (p *persister) save(ctx context.Context, c *controller.Controller) {
	if p == nil || p.failed {
		return
	}
	var err error
	if syms, samples := c.StockSamples(); len(samples) > 0 {
		out := make([]store.Sample, len(samples))
		for i, s := range samples {
			out[i] = store.Sample{Update: s.Update, AtMs: int64(c.Now()), Prices: s.Prices}
		}
		err = p.st.AddSamples(ctx, p.source, syms, out)
	}
	if now := c.Now(); err == nil && now-p.lastInc >= incomeEveryMs {
		p.lastInc = now
		err = p.st.AddIncome(ctx, p.source, []store.IncomePoint{{AtMs: int64(now), Money: c.Status().Money, Earned: p.earned(c, c.Stats().Income)}})
	}
	if err != nil {
		p.failed = true
		p.logf("ERROR history not saved from now on: %v", err)
	}
}

// earned counts the money c's hacks earned (hacked) on from the earlier
// controllers and runs.
func (p *persister) earned(c *controller.Controller, hacked float64) float64 {
	if c != p.ctl {
		p.base += p.ctlLast
		p.ctl, p.ctlLast = c, 0
	}
	p.ctlLast = hacked
	return p.base + hacked
}

// income returns the income history saved since sinceMs.
func (p *persister) income(ctx context.Context, sinceMs int64) []store.IncomePoint {
	if p == nil {
		return nil
	}
	pts, err := p.st.Income(ctx, p.source, sinceMs)
	if err != nil {
		p.logf("WARN saved income history unreadable: %v", err)
	}
	return pts
}
