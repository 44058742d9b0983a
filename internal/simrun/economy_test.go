package simrun

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"bbctl/internal/economy"
	"bbctl/internal/game"
	"bbctl/internal/scenario"
)

// checkOneAccount checks that the money is one account in the run name's
// summary: the money at the end is start plus what was earned by every
// source less what was spent on every kind.
func checkOneAccount(t *testing.T, name string, start float64, sum Summary) {
	t.Helper()
	earned, spent := 0.0, 0.0
	for _, v := range sum.Earned {
		earned += v
	}
	for _, v := range sum.Spent {
		spent += v
	}
	if want := start + earned - spent; math.Abs(sum.MoneyEnd-want) > 1e-6*math.Max(1, want) {
		t.Errorf("%s: money at the end %v, want %v + earned %v − spent %v = %v", name, sum.MoneyEnd, start, earned, spent, want)
	}
}

// TestFreshEconomy runs the first 40 minutes of fresh with each spender:
// the money is one account (the money at the end is the start plus what
// was earned less what was spent), bbctl and old buy, none buys nothing
// itself, the advice-following player buys programs in every run, and
// the summary has the economy's keys.
func TestFreshEconomy(t *testing.T) {
	t.Parallel() // seconds of CPU: runs beside the package's other tests
	sc := load(t, "fresh")
	for _, name := range Spenders {
		sum, err := Run(context.Background(), Options{Scenario: sc, Duration: 40 * time.Minute, Spender: name})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkOneAccount(t, name, sc.Player.Money, sum)
		bought := sum.Purchases[string(economy.KindHacknetNode)] + sum.Purchases[string(economy.KindServer)]
		switch {
		case name == "none" && bought != 0:
			t.Errorf("none bought %v", sum.Purchases)
		case name != "none" && bought == 0:
			t.Errorf("%s bought nothing: %v", name, sum.Purchases)
		}
		if sum.Spender != name || len(sum.RAMOwned) != 1 || sum.RAMOwned[0] != 8 || sum.HackingLevel.End <= 1 {
			t.Errorf("%s: summary %+v", name, sum)
		}
		if name == "bbctl" && sum.Purchases[string(economy.KindProgram)] == 0 {
			t.Errorf("bbctl: the player followed no advice: %v", sum.Purchases)
		}
		b, err := json.Marshal(sum)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{`"money_end"`, `"income_last_hour"`, `"earned"`, `"spent"`, `"ram_owned"`, `"purchases"`, `"hacknet"`, `"programs"`} {
			if !strings.Contains(string(b), k) {
				t.Errorf("%s: the JSON summary has no %s", name, k)
			}
		}
	}
}

// TestFreshBN9Economy runs the whole of fresh-bn9 (eight game hours of a
// fresh BitNode 9 from $50,000, where hacknet servers make hashes) with
// each spender, and with bbctl keeping the hashes: the money is one
// account; bbctl and the old rules buy hacknet servers at once (the first,
// $50,000), each purchase paying back within the hour; selling, they sell
// the hashes themselves (the game's overflow sells none) and the account
// counts them as hacknet money as the simulator does; keeping them, bbctl
// sells none; none buys and sells nothing. bbctl, weighing a new server
// with the upgrades that follow it, ends with more money and income than
// the old rules, which stop at three servers; and hacknet servers lift the
// last hour's income far above what hacking alone earns.
func TestFreshBN9Economy(t *testing.T) {
	t.Parallel() // seconds of CPU: runs beside the package's other tests
	sc := load(t, "fresh-bn9")
	keep := sc
	keep.Economy.Hashes = economy.HashesKeep
	sums := map[string]Summary{}
	for _, run := range []struct {
		name, spender string
		sc            scenario.Scenario
	}{{"bbctl", "bbctl", sc}, {"old", "old", sc}, {"none", "none", sc}, {"keep", "bbctl", keep}} {
		var last economy.Report
		sum, err := Run(context.Background(), Options{Scenario: run.sc, Spender: run.spender, Economy: func(r economy.Report) { last = r }})
		if err != nil {
			t.Fatalf("%s: %v", run.name, err)
		}
		sums[run.name] = sum
		checkOneAccount(t, run.name, sc.Player.Money, sum)
		h := sum.Hashes
		if h == nil {
			t.Fatalf("%s: no hashes in the summary", run.name)
		}
		if math.Abs(sum.Earned[economy.SourceHacknet]-h.Sold*economy.HashMoney) > 1e-6*math.Max(1, h.Sold*economy.HashMoney) {
			t.Errorf("%s: hacknet earned %v for %v hashes sold", run.name, sum.Earned[economy.SourceHacknet], h.Sold)
		}
		servers := 0
		for _, p := range sum.Timeline {
			if p.Kind.Group() == economy.SpentHacknet {
				if !p.HacknetServer || p.Payback > 3600 {
					t.Errorf("%s: bought %+v", run.name, p)
				}
				if p.Kind == economy.KindHacknetNode {
					servers++
				}
			}
		}
		switch run.name {
		case "none":
			if servers != 0 || h.Made != 0 || sum.Spent[economy.SpentHacknet] != 0 {
				t.Errorf("none: %d servers, hashes %+v", servers, h)
			}
			continue
		case "keep":
			// The hashes are the player's: they pile up (only what would
			// overflow is sold, by the game), and no hash money buys more.
			if h.Sold != h.Overflow || h.Stored+h.Sold < h.Made-1e-6 || sum.Earned[economy.SourceHacknet] != h.Overflow*economy.HashMoney {
				t.Errorf("keep: bbctl sold %v hashes (%+v); want only the game's overflow sold", h.Sold-h.Overflow, h)
			}
			if servers == 0 {
				t.Errorf("keep: no server bought")
			}
			continue
		default:
			// Sold every 10 s, the hashes never fill the caches.
			if h.Made < 100 || h.Made-h.Sold >= game.HashesPerSale || h.Overflow != 0 {
				t.Errorf("%s: hashes %+v: want all sold by the spender", run.name, h)
			}
			// The account's hacknet money (hashes made and not stored, as
			// the live world counts it) is the simulator's, to the last
			// step's 10 s.
			if got, want := last.Earned[economy.SourceHacknet], sum.Earned[economy.SourceHacknet]; math.Abs(got-want) > 0.01*want {
				t.Errorf("%s: the account's hacknet money %v, the simulator's %v", run.name, got, want)
			}
			if last.Hashes == nil || last.Hashes.Use != economy.HashesSell || last.Hashes.Sold == 0 {
				t.Errorf("%s: the report's hashes %+v", run.name, last.Hashes)
			}
		}
		if first := sum.Timeline[0]; servers < 3 || first.What() != "a hacknet server" || first.At != 0 || first.Cost != 50000 {
			t.Errorf("%s: %d servers bought; timeline %v", run.name, servers, sum.Timeline)
		}
	}
	b, o, n := sums["bbctl"], sums["old"], sums["none"]
	if b.MoneyEnd < 1.2*o.MoneyEnd || b.IncomeLastHour < 1.2*o.IncomeLastHour || b.Purchases[string(economy.KindHacknetNode)] <= o.Purchases[string(economy.KindHacknetNode)] {
		t.Errorf("bbctl: %v on hand, %v/s, %d servers; old: %v, %v/s, %d servers; want bbctl 1.2× ahead with more servers",
			b.MoneyEnd, b.IncomeLastHour, b.Purchases[string(economy.KindHacknetNode)], o.MoneyEnd, o.IncomeLastHour, o.Purchases[string(economy.KindHacknetNode)])
	}
	if b.IncomeLastHour < 100*n.IncomeLastHour {
		t.Errorf("income over the last hour: bbctl %v, none %v; want hacknet servers to make it ≥ 100×", b.IncomeLastHour, n.IncomeLastHour)
	}
}
