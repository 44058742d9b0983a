package economy

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

func bn1(t testing.TB) *game.BitNodeMults {
	t.Helper()
	bn, err := game.BitNodeMultipliers(1, 1)
	if err != nil {
		t.Fatal(err)
	}
	return &bn
}

func TestAccount(t *testing.T) {
	var a Account
	a.Observe(1000)
	if got := a.Free(100); got != 900 {
		t.Errorf("Free(100) = %v, want 900", got)
	}
	a.Hold("stocks", 600)
	a.Hold("other", 250)
	if got := a.Free(100); got != 50 {
		t.Errorf("Free(100) with 850 held = %v, want 50", got)
	}
	if got := a.Free(200); got != 0 {
		t.Errorf("Free never goes negative: got %v", got)
	}
	a.Hold("stocks", 0)
	if got := a.Held(); got != 250 {
		t.Errorf("Held after a release = %v, want 250", got)
	}
	a.Spend(SpentServers, 300)
	a.SetEarned(SourceHacknet, 12)
	if a.Money() != 700 || a.Spent()[SpentServers] != 300 || a.Earned()[SourceHacknet] != 12 {
		t.Errorf("account %+v", a)
	}
}

func TestHacknetCandidatesFresh(t *testing.T) {
	h := world.Hacknet{Mults: world.DefaultHacknetMults()}
	cs := HacknetCandidates(h, bn1(t), game.V3)
	if len(cs) != 1 || cs[0].Kind != KindHacknetNode || cs[0].Cost != 1000 || cs[0].Gain != 1.5 {
		t.Fatalf("candidates of an empty hacknet = %+v", cs)
	}
	if math.Abs(cs[0].Payback-1000/1.5) > 1e-9 {
		t.Errorf("payback %v, want 666.67 s", cs[0].Payback)
	}
	h = Apply(h, cs[0], bn1(t))
	cs = HacknetCandidates(h, bn1(t), game.V3)
	// The second node costs 1000·1.85 = 1850 for 1.5/s; a level costs
	// 500 for 1.5/s; a RAM doubling 1·30000·1.28^0 = 30000 for
	// 1.5·(1.035−1) = 0.0525/s; a core 500000 for 1.5·(7/6 − 1) = 0.25/s.
	want := map[Kind][2]float64{
		KindHacknetNode:  {1850, 1.5},
		KindHacknetLevel: {500, 1.5},
		KindHacknetRAM:   {30000, 1.5 * 0.035},
		KindHacknetCores: {500000, 0.25},
	}
	for _, c := range cs {
		w := want[c.Kind]
		if math.Abs(c.Cost-w[0]) > 1e-9*w[0] || math.Abs(c.Gain-w[1]) > 1e-9 {
			t.Errorf("%s: cost %v gain %v, want %v", c.Kind, c.Cost, c.Gain, w)
		}
	}
}

// TestChoose checks the rule on hand-made candidates.
func TestChoose(t *testing.T) {
	a := Candidate{Kind: KindHacknetLevel, Cost: 100, Gain: 1}.withPayback()     // 100 s
	b := Candidate{Kind: KindServer, Cost: 10000, Gain: 200}.withPayback()       // 50 s
	c := Candidate{Kind: KindHacknetNode, Cost: 5000, Gain: 1}.withPayback()     // 5000 s
	p := Candidate{Kind: KindProgram, Cost: 2000, Gain: 100}.withPayback()       // 20 s
	slow := Candidate{Kind: KindHacknetRAM, Cost: 10, Gain: 0.001}.withPayback() // 10000 s
	// player: the Singularity API makes the player's purchases bbctl's.
	for _, tt := range []struct {
		name        string
		cands       []Candidate
		budget, inc float64
		player      bool
		buy, wait   *Candidate
	}{
		{"best affordable", []Candidate{a, b}, 20000, 1, false, &b, nil},
		// b needs 9,000 more at 10/s: 900 s; a repays in 100 s.
		{"cheap one repays before the best", []Candidate{a, b}, 1000, 10, false, &a, &b},
		// at 1000/s, b is 9 s away; a's 100 s is too long.
		{"wait for the best", []Candidate{a, b}, 1000, 1000, false, nil, &b},
		{"nothing within the horizon", []Candidate{c, slow}, 1e9, 1, false, nil, nil},
		// the player's purchase is best and affordable: keep the money.
		{"hold for the player", []Candidate{a, p}, 5000, 1, false, nil, &p},
		// the player's purchase needs 1,900 more at 1/s; a repays in 100 s.
		{"buy while the player saves", []Candidate{a, p}, 100, 1, false, &a, &p},
		{"no income, nothing affordable", []Candidate{b}, 10, 0, false, nil, &b},
		{"Singularity API: the player's purchase, bought", []Candidate{a, p}, 5000, 1, true, &p, nil},
		{"Singularity API: bought while saving for the player's", []Candidate{a, p}, 100, 1, true, &a, &p},
		{"Singularity API: the player's, best of all, before a server", []Candidate{b, p}, 20000, 1, true, &p, nil},
	} {
		d := Choose(tt.cands, tt.budget, tt.inc, 3600, tt.player)
		if !same(d.Buy, tt.buy) || !same(d.Wait, tt.wait) {
			t.Errorf("%s: buy %v wait %v, want buy %v wait %v", tt.name, d.Buy, d.Wait, tt.buy, tt.wait)
		}
	}
}

func same(a, b *Candidate) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// TestChooseNeverOverspends: whatever the candidates, a purchase fits the
// budget and is not the player's (unless the Singularity API is open).
func TestChooseNeverOverspends(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	kinds := []Kind{KindHacknetNode, KindServer, KindServerUpgrade, KindProgram, KindHomeRAM}
	for i := 0; i < 5000; i++ {
		var cs []Candidate
		for j := rng.IntN(8); j >= 0; j-- {
			cs = append(cs, Candidate{Kind: kinds[rng.IntN(len(kinds))], Cost: rng.Float64() * 1e6, Gain: rng.Float64() * 100}.withPayback())
		}
		budget, inc := rng.Float64()*1e6, rng.Float64()*100
		d := Choose(cs, budget, inc, 3600, false)
		if d.Buy != nil && (d.Buy.Cost > budget || d.Buy.Kind.PlayerOnly() || d.Buy.Payback > 3600) {
			t.Fatalf("bought %+v with budget %v", d.Buy, budget)
		}
		if d := Choose(cs, budget, inc, 3600, true); d.Buy != nil && (d.Buy.Cost > budget || d.Buy.Payback > 3600) {
			t.Fatalf("with the Singularity API, bought %+v with budget %v", d.Buy, budget)
		}
	}
}

func TestHacknetPlan(t *testing.T) {
	h := world.Hacknet{Mults: world.DefaultHacknetMults()}
	// $3,000 with a 1 h horizon: the first node ($1,000, 667 s), then
	// levels at $500, $520 (1.5/s each: 333 s, 347 s) — $2,020 — and
	// the $1,850 second node no longer fits, nor a $540.8 level… it does:
	// 3000 − 1000 − 500 − 520 = 980 ≥ 540.8.
	plan := HacknetPlan(h, 3000, 3600, bn1(t), game.V3)
	var kinds []Kind
	spent := 0.0
	for _, c := range plan {
		kinds = append(kinds, c.Kind)
		spent += c.Cost
	}
	want := []Kind{KindHacknetNode, KindHacknetLevel, KindHacknetLevel, KindHacknetLevel}
	if len(kinds) != len(want) {
		t.Fatalf("plan %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("plan %v, want %v", kinds, want)
		}
	}
	if want := 1000 + 500 + 520 + 540.8; math.Abs(spent-want) > 1e-6 {
		t.Errorf("spent %v, want %v", spent, want)
	}
	if p := HacknetPlan(h, 999, 3600, bn1(t), game.V3); len(p) != 0 {
		t.Errorf("$999 buys %v", p)
	}
	if p := HacknetPlan(h, 1e9, 600, bn1(t), game.V3); len(p) != 0 {
		t.Errorf("a 10-minute horizon buys %v (a node repays in 667 s)", p)
	}
}

func TestSettings(t *testing.T) {
	s, err := Settings{}.WithDefaults()
	if err != nil || s.SpendFraction != 1 || s.Horizon != DefaultHorizon {
		t.Errorf("defaults: %+v, %v", s, err)
	}
	for _, bad := range []Settings{{SpendFraction: 1.5}, {SpendFraction: -1}, {Horizon: -1}, {Reserve: -5}, {Reserve: math.NaN()}} {
		if _, err := bad.WithDefaults(); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	if _, err := Policies("sometimes", Settings{}); err == nil {
		t.Error("an unknown policy was accepted")
	}
}

func TestCandidateJSON(t *testing.T) {
	b, err := json.Marshal(Candidate{Kind: KindServer, Host: "bbctl-0", RAM: 8 * game.GiB, Cost: 440000}.withPayback())
	if err != nil {
		t.Fatal(err)
	}
	if got := string(b); !strings.Contains(got, `"payback":null`) || !strings.Contains(got, `"kind":"server"`) || !strings.Contains(got, `"host":"bbctl-0"`) {
		t.Errorf("JSON %s", got)
	}
	b, _ = json.Marshal(Candidate{Kind: KindHacknetNode, Cost: 1000, Gain: 1.5}.withPayback())
	if !strings.Contains(string(b), `"payback":666.66`) {
		t.Errorf("JSON %s", b)
	}
}
