package hacking

import (
	"math"
	"slices"
	"testing"

	"bbctl/internal/game"
)

func gb(n float64) game.RAM { return game.RAM(n * float64(game.GiB)) }

func TestPick(t *testing.T) {
	slow := Prospect{Host: "slow", ReadyIn: 1000, Holds: []Hold{{1000, gb(100)}}, Density: 10, MaxRAM: gb(1000)}
	quick := Prospect{Host: "quick", ReadyIn: 10, Holds: []Hold{{10, gb(50)}}, Density: 2, MaxRAM: gb(1000)}
	never := Prospect{Host: "never", ReadyIn: 5000, Holds: []Hold{{5000, gb(900)}}, Density: 11, MaxRAM: gb(1000)}
	ready := Prospect{Host: "ready", Density: 1, MaxRAM: gb(200)}
	for _, tt := range []struct {
		name    string
		ps      []Prospect
		horizon float64
		want    []string
	}{
		// The best target first; the quick one uses the RAM idle while
		// the slow one is prepared.
		{"quick while slow", []Prospect{quick, slow}, 3600, []string{"slow", "quick"}},
		// A target ready only after the horizon adds nothing.
		{"beyond the horizon", []Prospect{never, quick}, 3600, []string{"quick"}},
		// A goal is worked on even when it does not pay within the horizon.
		{"goal", []Prospect{func() Prospect { g := never; g.Goal = true; return g }(), quick}, 3600, []string{"never", "quick"}},
		// A ready target is harvested at once.
		{"ready", []Prospect{ready}, 60, []string{"ready"}},
	} {
		got, money := Pick(tt.ps, gb(1000), tt.horizon)
		var hosts []string
		for _, p := range got {
			hosts = append(hosts, p.Host)
		}
		if !slices.Equal(hosts, tt.want) {
			t.Errorf("%s: picked %v, want %v", tt.name, hosts, tt.want)
		}
		if money < 0 || math.IsNaN(money) {
			t.Errorf("%s: money %v", tt.name, money)
		}
	}
}

// TestHorizonMoney checks the model's money against a count by hand.
func TestHorizonMoney(t *testing.T) {
	ps := []Prospect{
		{Host: "a", ReadyIn: 100, Holds: []Hold{{100, gb(400)}}, Density: 3, MaxRAM: gb(1000)},
		{Host: "b", ReadyIn: 0, Density: 1, MaxRAM: gb(300)},
	}
	// 0–100 s: a's preparation holds 400 GB; b uses 300 GB at 1 $/GB·s.
	// 100–1000 s: a takes all 1000 GB at 3 $/GB·s, b gets nothing.
	want := 300*1*100.0 + 1000*3*900.0
	if got := horizonMoney(ps, []bool{true, true}, gb(1000), 1000); math.Abs(got-want) > 1e-6*want {
		t.Errorf("money %v, want %v", got, want)
	}
}

func TestBestDensity(t *testing.T) {
	env := testEnv(500)
	s := game.Server{Hostname: "x", MoneyMax: 1e9, MoneyAvailable: 1e7, MinDifficulty: 5, HackDifficulty: 15,
		BaseDifficulty: 15, RequiredHackingSkill: 10, ServerGrowth: 40, HasAdminRights: true}
	d, most, b, ok := BestDensity(s, 20, env, Options{})
	if !ok || d <= 0 || most <= 0 || b.Hack < 1 {
		t.Fatalf("density %v, RAM %v, batch %+v, ok %v", d, most, b, ok)
	}
	if want := b.Money / b.RAMSeconds; d != want {
		t.Errorf("density %v, want the batch's %v", d, want)
	}
	if _, _, _, ok := BestDensity(game.Server{Hostname: "empty"}, 20, env, Options{}); ok {
		t.Error("a server without money has a best batch")
	}
}

// A preparation that holds less RAM in a later span (a round of weakens,
// then one of grows) leaves the difference to the ready targets.
func TestHorizonMoneyHolds(t *testing.T) {
	ps := []Prospect{
		{Host: "a", ReadyIn: 100, Holds: []Hold{{40, gb(800)}, {90, gb(200)}}, Density: 3, MaxRAM: gb(1000)},
		{Host: "b", ReadyIn: 0, Density: 1, MaxRAM: gb(600)},
	}
	// 0–40 s: b gets 200 GB; 40–100 s: 600 GB (its most; the last span
	// lasts until a is ready); 100–1000 s: a takes all.
	want := 200*40.0 + 600*60.0 + 1000*3*900.0
	if got := horizonMoney(ps, []bool{true, true}, gb(1000), 1000); math.Abs(got-want) > 1e-6*want {
		t.Errorf("money %v, want %v", got, want)
	}
}

// TestPrepPays checks the cost and gain of a preparation against counts
// by hand: ready is a target harvesting now, p one whose preparation
// holds 400 GB for 100 s.
func TestPrepPays(t *testing.T) {
	ready := []Prospect{{Host: "ready", Density: 1, MaxRAM: gb(1000)}}
	p := Prospect{Host: "p", ReadyIn: 100, Holds: []Hold{{100, gb(400)}}, Density: 3, MaxRAM: gb(1000)}
	small := p
	small.MaxRAM = gb(300)
	for _, tt := range []struct {
		name       string
		p          Prospect
		window     float64
		gain, cost float64
	}{
		// Until p is ready, ready loses the 400 GB at 1 $/GB·s; then p
		// earns 3 $/GB·s in all 1000 GB instead of 1 for 900 s.
		{"pays", p, 1000, 2 * 1000 * 900, 400 * 100},
		// Not ready within the window: the cost of its first 50 s, no gain.
		{"beyond the window", p, 50, 0, 400 * 50},
		// p uses at most 300 GB: it adds 2 $/GB·s in those only.
		{"its most", small, 1000, 2 * 300 * 900, 400 * 100},
		// Ready already: nothing to weigh.
		{"ready", ready[0], 1000, 0, 0},
	} {
		gain, cost := PrepPays(tt.p, ready, gb(1000), tt.window)
		if math.Abs(gain-tt.gain) > 1e-6*max(1, tt.gain) || math.Abs(cost-tt.cost) > 1e-6*max(1, tt.cost) {
			t.Errorf("%s: gain %v, cost %v; want %v, %v", tt.name, gain, cost, tt.gain, tt.cost)
		}
	}
	// With nothing ready, a preparation displaces nothing.
	if gain, cost := PrepPays(p, nil, gb(1000), 1000); cost != 0 || gain != 3*1000*900 {
		t.Errorf("nothing ready: gain %v, cost %v", gain, cost)
	}
}
