package main

import (
	"context"
	"flag"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/dashboard"
	"bbctl/internal/economy"
	"bbctl/internal/game"
	"bbctl/internal/world"
)

// spendFlags are the spender's flags of serve.
type spendFlags struct {
	spender  *string
	fraction *float64
	horizon  *time.Duration
	reserve  *string
	hashes   *string
}

func addSpendFlags(fs *flag.FlagSet) spendFlags {
	return spendFlags{
		spender:  fs.String("spender", "bbctl", "who spends the money: bbctl (buys purchased servers and hacknet nodes by payback) or none (advice only)"),
		fraction: fs.Float64("spend-fraction", economy.DefaultSpendFraction, "share of the free money one purchase may use, in (0, 1]"),
		horizon:  fs.Duration("payback", economy.DefaultHorizon, "buy only what pays back within this time"),
		reserve:  fs.String("reserve", "0", "money the spender never touches, e.g. 10m"),
		hashes:   fs.String("hashes", economy.DefaultHashes, "the hacknet servers' hashes: sell (for money, at every step) or keep (yours to spend; the game sells what overflows); --spender none keeps them"),
	}
}

// policy checks the flags and returns the policy and settings they name.
func (f spendFlags) policy() (economy.Policy, economy.Settings, error) {
	if *f.spender != "bbctl" && *f.spender != "none" {
		return nil, economy.Settings{}, usageError("--spender %q: want bbctl or none", *f.spender)
	}
	reserve, err := parseMoney(*f.reserve, 0)
	if err != nil {
		return nil, economy.Settings{}, usageError("--reserve: %v", err)
	}
	s := economy.Settings{SpendFraction: *f.fraction, Horizon: *f.horizon, Reserve: reserve, Hashes: *f.hashes}
	if *f.horizon <= 0 {
		return nil, s, usageError("--payback %v: want a positive duration", *f.horizon)
	}
	if s.Hashes != economy.HashesSell && s.Hashes != economy.HashesKeep {
		return nil, s, usageError("--hashes %q: want %s or %s", s.Hashes, economy.HashesSell, economy.HashesKeep)
	}
	p, err := economy.Policies(*f.spender, s)
	if err != nil {
		return nil, s, usageError("%v", err)
	}
	return p, s, nil
}

// liveSpender runs the economy service beside the live controller: it
// reads the game every 10 seconds, buys, and shows the advice in the log
// and on the dashboard.
type liveSpender struct {
	svc     *economy.Service
	log     *logger
	hub     *dashboard.Hub
	lastErr string
	reserve float64 // the spender's reserve, which the stock trader leaves alone too
}

func newLiveSpender(p economy.Policy, s economy.Settings, log *logger, hub *dashboard.Hub) (*liveSpender, error) {
	svc, err := economy.NewService(economy.Config{Policy: p, Settings: s, Version: game.V3, Yield: newBackgroundYield().yield})
	if err != nil {
		return nil, err
	}
	return &liveSpender{svc: svc, log: log, hub: hub, reserve: s.Reserve}, nil
}

// held is the money the spender keeps from the stock trader: its holds and
// its reserve.
func (l *liveSpender) held() float64 {
	if l == nil {
		return 0
	}
	return l.svc.Account().Held() + l.reserve
}

// step runs the service when it is due. Its errors (the module has no
// room yet, the agent went away) are logged once each and do not stop the
// controller.
func (l *liveSpender) step(ctx context.Context, w world.World, c *controller.Controller, earned float64) {
	if l == nil || !l.svc.Due(w.Now()) {
		return
	}
	snap, err := controller.Read(ctx, w)
	if err == nil {
		err = l.svc.Step(ctx, w, snap.Player, snap.Servers)
	}
	for _, line := range l.svc.Logs() {
		l.log.line(line.Level, line.Level.String()+" "+line.Msg)
		if l.hub != nil {
			l.hub.Log(line)
		}
	}
	if err != nil {
		if msg := err.Error(); msg != l.lastErr {
			l.lastErr = msg
			l.log.logf("WARN economy: %v", err)
		}
		return
	}
	l.lastErr = ""
	if l.hub != nil {
		l.svc.Account().SetEarned(economy.SourceHacking, earned)
		l.hub.SetEconomy(l.svc.Report())
	}
}
