package simrun

import (
	"context"
	"fmt"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/economy"
	"bbctl/internal/game"
	"bbctl/internal/scenario"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// Spenders names the spending policies a run can use.
var Spenders = []string{"bbctl", "none", "old"}

// spending is the economy of a run: the spending service and the simulated
// player who follows its advice.
type spending struct {
	svc     *economy.Service
	player  *advicePlayer // nil: the player buys nothing
	reserve float64       // the spender's reserve
}

// newSpending returns the economy of a run of sc with the named policy, or
// nil when there is nothing to do (no spending, no player).
func newSpending(sc scenario.Scenario, name string) (*spending, error) {
	if name == "none" && !sc.Economy.FollowAdvice {
		return nil, nil
	}
	pol, err := economy.Policies(name, sc.Economy.Settings())
	if err != nil {
		return nil, fmt.Errorf("simrun: %w", err)
	}
	svc, err := economy.NewService(economy.Config{Policy: pol, Settings: sc.Economy.Settings(), Version: game.V3,
		MaxProcesses: sc.MaxProcesses, SpacingMS: sc.SpacingMS, Yield: AdviceYield})
	if err != nil {
		return nil, fmt.Errorf("simrun: %w", err)
	}
	sp := &spending{svc: svc, reserve: sc.Economy.Settings().Reserve}
	if sc.Economy.FollowAdvice {
		sp.player = &advicePlayer{delay: world.Time(time.Duration(sc.Economy.AdviceDelay).Milliseconds())}
	}
	return sp, nil
}

// held is the money the spender keeps from other services: its holds and
// its reserve.
func (sp *spending) held() float64 {
	if sp == nil {
		return 0
	}
	return sp.svc.Account().Held() + sp.reserve
}

// step runs the service when it is due and lets the player act.
func (sp *spending) step(ctx context.Context, w *sim.World, log func(controller.LogLine), report func(economy.Report)) error {
	if sp == nil {
		return nil
	}
	now := w.Now()
	if !sp.svc.Due(now) {
		return nil
	}
	snap, err := controller.Read(ctx, w)
	if err != nil {
		return err
	}
	if err := sp.svc.Step(ctx, w, snap.Player, snap.Servers); err != nil {
		return err
	}
	if sp.player != nil {
		if c, ok, err := sp.player.step(ctx, w, now, sp.svc.Advice()); err != nil {
			return err
		} else if ok {
			sp.svc.Record(now, "player", c)
		}
	}
	for _, l := range sp.svc.Logs() {
		if log != nil {
			log(l)
		}
	}
	if report != nil {
		st := w.Stats()
		acc := sp.svc.Account()
		acc.SetEarned(economy.SourceHacking, st.MoneyGained)
		acc.SetEarned(economy.SourceContracts, st.ContractMoney)
		report(sp.svc.Report())
	}
	return nil
}

// advicePlayer is the simulated player of a scenario that follows advice:
// the advice at the top of the list is bought once it has been advised and
// affordable for delay.
type advicePlayer struct {
	delay world.Time
	item  string     // the advice being waited on
	since world.Time // when it was first advised and affordable
}

// step buys the top advice if it has been advised and affordable for the
// delay; it reports what it bought.
func (a *advicePlayer) step(ctx context.Context, w *sim.World, now world.Time, advice []economy.Candidate) (economy.Candidate, bool, error) {
	p, err := w.Player(ctx)
	if err != nil {
		return economy.Candidate{}, false, err
	}
	if len(advice) == 0 || advice[0].Cost > p.Money {
		a.item = ""
		return economy.Candidate{}, false, nil
	}
	top := advice[0]
	if key := top.What(); key != a.item {
		a.item, a.since = key, now
	}
	if now-a.since < a.delay {
		return economy.Candidate{}, false, nil
	}
	a.item = ""
	if !top.Kind.PlayerOnly() {
		return economy.Candidate{}, false, nil
	}
	if err := economy.BuyForPlayer(ctx, w, top); err != nil {
		return economy.Candidate{}, false, fmt.Errorf("simrun: the player following the advice: %w", err)
	}
	return top, true, nil
}

// summarizeEconomy fills in the economy's part of the summary.
func (r *run) summarizeEconomy(st sim.Stats) {
	sum := &r.sum
	sum.IncomeLastHour = rateOf(r.rec.total, r.w.Now(), 3600*1000)
	sum.Earned = map[string]float64{economy.SourceHacking: st.MoneyGained, economy.SourceContracts: st.ContractMoney, economy.SourceHacknet: st.HacknetMoney}
	sum.Spent = map[string]float64{economy.SpentServers: 0, economy.SpentHacknet: 0, economy.SpentHome: 0, economy.SpentPrograms: 0}
	for k, v := range st.Spent {
		sum.Spent[k] = v
	}
	sum.RAMOwned = r.rec.ram
	if h, err := r.w.Hacknet(context.Background()); err == nil && h.Servers {
		sum.Hashes = &Hashes{Made: st.HashesMade, Sold: st.HashesSold, Overflow: st.HashesOverflow, Stored: h.Hashes}
	}
	sum.Purchases = map[string]int{}
	if r.spend != nil {
		sum.Timeline = r.spend.svc.Timeline()
		for _, p := range sum.Timeline {
			sum.Purchases[string(p.Kind)]++
		}
	}
}

// ownedGB returns the RAM of home and the purchased servers, in GB.
func ownedGB(w *sim.World) float64 {
	ctx := context.Background()
	gb := 0.0
	if h, err := w.Server(ctx, game.HomeHostname); err == nil {
		gb += float64(h.MaxRAM) / float64(game.GiB)
	}
	if ps, err := w.PurchasedServers(ctx); err == nil {
		for _, s := range ps.Hosts {
			gb += float64(s.RAM) / float64(game.GiB)
		}
	}
	return gb
}

// onHand returns the player's money on hand.
func (r *recorder) onHand() float64 {
	p, _ := r.w.Player(context.Background())
	return p.Money
}
