package economy

import (
	"math"
	"strings"
	"testing"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

func bn9(t testing.TB) *game.BitNodeMults {
	t.Helper()
	bn, err := game.BitNodeMultipliers(9, 1)
	if err != nil {
		t.Fatal(err)
	}
	return &bn
}

// hashServers returns hacknet servers with the default multipliers, each
// given as level, RAM, cores and RAM used.
func hashServers(nodes ...[4]float64) world.Hacknet {
	h := world.Hacknet{Servers: true, MaxNodes: 20, Mults: world.DefaultHacknetMults()}
	for i, n := range nodes {
		h.Nodes = append(h.Nodes, world.HacknetNode{Level: int(n[0]), RAM: n[1], Cores: int(n[2]), RAMUsed: n[3],
			Host: game.HacknetServerPrefix + string(rune('0'+i)), Cache: 1})
	}
	return h
}

// TestHashServerCandidates checks the hacknet servers' candidates against
// hand-computed costs and gains. A hash sells for $1m / 4 = $250,000; a
// server makes 0.001·level·1.07^log2(RAM)·(1 + (cores−1)/5)·(1 − used/RAM)
// hashes/s (BitNode 9's hacknet money multiplier is 1).
func TestHashServerCandidates(t *testing.T) {
	type want struct {
		kind       Kind
		node       int
		cost, gain float64
	}
	for _, tt := range []struct {
		name string
		h    world.Hacknet
		want []want
	}{
		// The first server: $50,000 for 0.001 h/s = $250/s (200 s).
		{"none yet", hashServers(), []want{{KindHacknetNode, 0, 50000, 250}}},
		{"one new server", hashServers([4]float64{1, 1, 1, 0}), []want{
			{KindHacknetNode, 1, 50000 * 3.2, 250},   // the second: 50,000·3.2
			{KindHacknetLevel, 0, 500000 * 1.1, 250}, // 10·50,000·1.1^1; 0.001 h/s more
			{KindHacknetRAM, 0, 200000, 250 * 0.07},  // 1·200,000·1.4^0; ×1.07
			{KindHacknetCores, 0, 1e6, 250 * 0.2},    // 1e6·1.55^0; ×(1 + 1/5)
		}},
		// Level 10, 8 GB with 4 GB used by the player's scripts, 2 cores:
		// 0.01·1.07³·1.2·0.5 = 0.0073503 h/s. RAM to 16 GB:
		// 0.01·1.07⁴·1.2·0.75 = 0.0117972 h/s, +$1,111.73/s for
		// 8·200,000·1.4³ = $4,390,400.
		{"scripts use half its RAM", hashServers([4]float64{10, 8, 2, 4}), []want{
			{KindHacknetNode, 1, 160000, 250},
			{KindHacknetLevel, 0, 500000 * math.Pow(1.1, 10), 0.001 * math.Pow(1.07, 3) * 1.2 * 0.5 * 250000},
			{KindHacknetRAM, 0, 4390400, (0.01*math.Pow(1.07, 4)*1.2*0.75 - 0.01*math.Pow(1.07, 3)*1.2*0.5) * 250000},
			{KindHacknetCores, 0, 1e6 * 1.55, 0.01 * math.Pow(1.07, 3) * 0.2 * 0.5 * 250000},
		}},
		// At the limits: no 21st server, no level past 300, no RAM past
		// 8192 GB, no core past 128.
		{"at the limits", func() world.Hacknet {
			h := hashServers([4]float64{300, 8192, 128, 0})
			for len(h.Nodes) < 20 {
				h.Nodes = append(h.Nodes, h.Nodes[0])
			}
			h.Nodes = h.Nodes[:20]
			return h
		}(), nil},
	} {
		got := HacknetCandidates(tt.h, bn9(t), game.V3)
		if len(got) != len(tt.want) {
			t.Errorf("%s: %d candidates %+v, want %d", tt.name, len(got), got, len(tt.want))
			continue
		}
		for i, w := range tt.want {
			c := got[i]
			if c.Kind != w.kind || c.Node != w.node || !c.HacknetServer ||
				math.Abs(c.Cost-w.cost) > 1e-9*w.cost || math.Abs(c.Gain-w.gain) > 1e-9*w.gain ||
				math.Abs(c.Payback-w.cost/w.gain) > 1e-6*c.Payback {
				t.Errorf("%s: candidate %d = %+v, want %+v", tt.name, i, c, w)
			}
		}
	}
}

func TestHashServerNames(t *testing.T) {
	for _, tt := range []struct {
		c    Candidate
		want string
	}{
		{Candidate{Kind: KindHacknetNode, HacknetServer: true}, "a hacknet server"},
		{Candidate{Kind: KindHacknetLevel, Node: 3, HacknetServer: true}, "a level for hacknet server 3"},
		{Candidate{Kind: KindHacknetRAM, Node: 1, HacknetServer: true}, "RAM for hacknet server 1"},
		{Candidate{Kind: KindHacknetCores, Node: 0, HacknetServer: true}, "a core for hacknet server 0"},
		{Candidate{Kind: KindHacknetLevel, Node: 3}, "a level for hacknet node 3"},
	} {
		if got := tt.c.What(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.c, got, tt.want)
		}
	}
	c := HacknetCandidates(hashServers(), bn9(t), game.V3)[0]
	if s := c.String(); !strings.HasPrefix(s, "buy a hacknet server ($50.000k): +$250.00/s, pays back in 3m20s") {
		t.Errorf("String() = %q", s)
	}
}

// TestHashServerApply: a new server is level 1, 1 GB, 1 core, cache 1 (64
// hashes more capacity), and production is hashes/s, which Production
// counts at $250,000 a hash.
func TestHashServerApply(t *testing.T) {
	h := hashServers()
	h = Apply(h, Candidate{Kind: KindHacknetNode, HacknetServer: true}, bn9(t))
	n := h.Nodes[0]
	if len(h.Nodes) != 1 || n.Level != 1 || n.RAM != 1 || n.Cores != 1 || n.Cache != 1 || n.Host != "hacknet-server-0" ||
		math.Abs(n.Production-0.001) > 1e-15 || h.HashCapacity != 64 {
		t.Fatalf("after buying a server: %+v", h)
	}
	h = Apply(h, Candidate{Kind: KindHacknetRAM, HacknetServer: true}, bn9(t))
	h = Apply(h, Candidate{Kind: KindHacknetCores, HacknetServer: true}, bn9(t))
	h = Apply(h, Candidate{Kind: KindHacknetLevel, HacknetServer: true}, bn9(t))
	if want := 0.002 * 1.07 * 1.2; math.Abs(h.Nodes[0].Production-want) > 1e-15 || math.Abs(Production(h)-want*250000) > 1e-9 {
		t.Errorf("level 2, 2 GB, 2 cores: %v h/s, $%v/s; want %v h/s", h.Nodes[0].Production, Production(h), want)
	}
}

// TestHashServerPlan: $2m in BitNode 9 with an hour's horizon buys three
// servers ($50k, 200 s; $160k, 640 s; $512k, 2,048 s — the fourth, $1.64m,
// repays in 6,554 s) and then a level for each of the first two ($550k,
// 2,200 s each); the third level ($550k) no longer fits the $178k left.
func TestHashServerPlan(t *testing.T) {
	plan := HacknetPlan(hashServers(), 2e6, 3600, bn9(t), game.V3)
	var got []string
	spent := 0.0
	for _, c := range plan {
		got = append(got, c.What())
		spent += c.Cost
	}
	want := []string{"a hacknet server", "a hacknet server", "a hacknet server",
		"a level for hacknet server 0", "a level for hacknet server 1"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Fatalf("plan %q, want %q", got, want)
	}
	if want := 50000 + 160000 + 512000 + 2*550000.0; math.Abs(spent-want) > 1e-6 {
		t.Errorf("spent %v, want %v", spent, want)
	}
	if p := HacknetPlan(hashServers(), 49999, 3600, bn9(t), game.V3); len(p) != 0 {
		t.Errorf("$49,999 buys %v", p)
	}
}

func TestHacknetEarned(t *testing.T) {
	nodes := world.Hacknet{Nodes: []world.HacknetNode{{Total: 100}, {Total: 50}}}
	if got := HacknetEarned(nodes); got != 150 {
		t.Errorf("nodes: %v, want 150", got)
	}
	// 30 hashes made, 6 still stored: 24 sold at $250,000.
	servers := world.Hacknet{Servers: true, Hashes: 6, Nodes: []world.HacknetNode{{Total: 20}, {Total: 10}}}
	if got := HacknetEarned(servers); got != 24*250000 {
		t.Errorf("servers: %v, want 6e6", got)
	}
}

func TestSettingsHashes(t *testing.T) {
	s, err := Settings{}.WithDefaults()
	if err != nil || s.Hashes != HashesSell {
		t.Errorf("default hashes %q, %v; want sell", s.Hashes, err)
	}
	if s, err := (Settings{Hashes: HashesKeep}).WithDefaults(); err != nil || s.Hashes != HashesKeep {
		t.Errorf("keep: %+v, %v", s, err)
	}
	if _, err := (Settings{Hashes: "spend"}).WithDefaults(); err == nil || !strings.Contains(err.Error(), `hashes "spend"`) {
		t.Errorf("hashes spend: %v", err)
	}
}

// TestOldRulesBuyHashServers: the old hacknet buyer buys hacknet servers
// where they exist, by the same rule (the best payback within 60 minutes
// that the money buys).
func TestOldRulesBuyHashServers(t *testing.T) {
	h := hashServers([4]float64{1, 1, 1, 0})
	for _, tt := range []struct {
		free float64
		want string
	}{
		{1e6, "a hacknet server"},  // $160k, 640 s
		{100e3, ""},                // nothing fits
		{50e6, "a hacknet server"}, // still the best payback
	} {
		d := OldRules{}.Decide(Inputs{Free: tt.free, Hacknet: h, BN: bn9(t), Version: game.V3})
		got := ""
		if d.Buy != nil {
			got = d.Buy.What()
			if d.Buy.Cost != 160000 {
				t.Errorf("$%v: bought %+v", tt.free, d.Buy)
			}
		}
		if got != tt.want {
			t.Errorf("$%v: bought %q, want %q", tt.free, got, tt.want)
		}
	}
	// With three servers the fourth ($1.64m, 6,554 s) is past 60 minutes:
	// a level ($550k, 2,200 s) is bought.
	h = hashServers([4]float64{1, 1, 1, 0}, [4]float64{1, 1, 1, 0}, [4]float64{1, 1, 1, 0})
	if d := (OldRules{}).Decide(Inputs{Free: 5e6, Hacknet: h, BN: bn9(t), Version: game.V3}); d.Buy == nil || d.Buy.What() != "a level for hacknet server 0" {
		t.Errorf("with three servers: bought %+v", d.Buy)
	}
}

// TestFollowups: with three servers, the fourth costs 50,000·3.2³ =
// $1,638,400 for $250/s: 6,554 s alone, past the hour. The upgrades a lone
// new server gets within the hour, best first — levels at $550k, $605k,
// $665.5k, RAM at $200k, … — bring it to level 10, 4 GB and 3 cores after
// 13 of them, where the whole pays back fastest: 0.001·10·1.07²·1.4 h/s =
// $4,007.15/s for $12.42m, 3,099 s. So the spender weighs the server at
// 3,099 s; the old rules, at 6,554 s, never buy it.
func TestFollowups(t *testing.T) {
	h := hashServers([4]float64{1, 1, 1, 0}, [4]float64{1, 1, 1, 0}, [4]float64{1, 1, 1, 0})
	cs := Followups(HacknetCandidates(h, bn9(t), game.V3), h, 3600, bn9(t), game.V3)
	c := cs[0]
	if c.Kind != KindHacknetNode || math.Abs(c.Cost-1638400) > 1e-6 || c.Gain != 250 || c.With == nil {
		t.Fatalf("the fourth server: %+v", c)
	}
	gain := 0.001 * 10 * 1.07 * 1.07 * 1.4 * 250000
	if w := c.With; w.Upgrades != 13 || math.Abs(w.Gain-gain) > 1e-6 || math.Abs(c.Payback-w.Cost/w.Gain) > 1e-9 ||
		math.Abs(c.Payback-3098.739) > 0.001 {
		t.Errorf("with %+v, payback %v; want 13 upgrades, $%v/s, 3,098.739 s", *w, c.Payback, gain)
	}
	for _, o := range cs[1:] {
		if o.With != nil {
			t.Errorf("an upgrade has followups: %+v", o)
		}
	}
	if s := c.String(); !strings.Contains(s, "with the 13 upgrades on it that follow, $12.417m for +$4.007k/s, pays back in 51m39s") {
		t.Errorf("String() = %q", s)
	}
	// The first server pays back best alone; nodes are weighed alone.
	if c := Followups(HacknetCandidates(hashServers(), bn9(t), game.V3), hashServers(), 3600, bn9(t), game.V3)[0]; c.With != nil || c.Payback != 200 {
		t.Errorf("the first server: %+v", c)
	}
	nodes := world.Hacknet{Mults: world.DefaultHacknetMults()}
	if c := Followups(HacknetCandidates(nodes, bn1(t), game.V3), nodes, 3600, bn1(t), game.V3)[0]; c.With != nil {
		t.Errorf("a node: %+v", c)
	}
	// Servers at level 12, 4 GB, 4 cores: the best upgrade is a level,
	// 500,000·1.1¹² = $1.569m for 0.001·1.07²·1.6 h/s = $457.96/s, 3,426 s.
	// With $1.7m the spender buys the fourth server (3,099 s); the old
	// rules buy the level.
	in := Inputs{Free: 1.7e6, BN: bn9(t), Version: game.V3,
		Hacknet: hashServers([4]float64{12, 4, 4, 0}, [4]float64{12, 4, 4, 0}, [4]float64{12, 4, 4, 0})}
	if d := (Spender{}).Decide(in); d.Buy == nil || d.Buy.Kind != KindHacknetNode {
		t.Errorf("the spender bought %v", d.Buy)
	}
	if d := (OldRules{}).Decide(in); d.Buy == nil || d.Buy.Kind != KindHacknetLevel {
		t.Errorf("the old rules bought %v", d.Buy)
	}
}
