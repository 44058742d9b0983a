package sim

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

// hashWorld is a world with hacknet servers through Source-File 9 in
// BitNode 1 (whose hacknet multipliers are 1) and money to spend.
func hashWorld(t *testing.T, money float64) *World {
	t.Helper()
	return newWorld(t, Config{Player: PlayerConfig{Money: money, SourceFile9: 1}})
}

func hacknet(t *testing.T, w *World) world.Hacknet {
	t.Helper()
	h, err := w.Hacknet(bg)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHacknetServerPurchase(t *testing.T) {
	for _, c := range []struct {
		name string
		cfg  Config
	}{
		{"BitNode 9", Config{BitNode: 9}},
		{"Source-File 9", Config{Player: PlayerConfig{SourceFile9: 3}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.cfg.Player.Money = 1e16
			w := newWorld(t, c.cfg)
			before := money(t, w)
			if i, err := w.BuyHacknetNode(bg); err != nil || i != 0 {
				t.Fatalf("BuyHacknetNode = %d, %v", i, err)
			}
			if got := before - money(t, w); got != 50000 {
				t.Errorf("the first hacknet server cost %v, want $50,000", got)
			}
			if ev, _ := w.Next(bg, 0); ev != (world.ServerChanged{At: 0, Host: "hacknet-server-0"}) {
				t.Errorf("event after the purchase = %#v", ev)
			}
			links, _ := w.Scan(bg, "home")
			if links[len(links)-1] != "hacknet-server-0" {
				t.Errorf("home's scan %v does not end with hacknet-server-0", links)
			}
			if back, _ := w.Scan(bg, "hacknet-server-0"); !slices.Equal(back, []string{"home"}) {
				t.Errorf("hacknet-server-0's scan = %v, want [home]", back)
			}
			s := srv(t, w, "hacknet-server-0")
			if s.MaxRAM != game.GiB || s.Cores != 1 || !s.HasAdminRights || !s.PurchasedByPlayer {
				t.Errorf("hacknet-server-0 = %+v", s)
			}
			before = money(t, w)
			if _, err := w.BuyHacknetNode(bg); err != nil {
				t.Fatal(err)
			}
			if got := before - money(t, w); !near(got, 160000) {
				t.Errorf("the second hacknet server cost %v, want 50,000·3.2 = $160,000", got)
			}
			h := hacknet(t, w)
			bn := &w.bn
			if !h.Servers || h.MaxNodes != 20 || len(h.Nodes) != 2 || h.HashCapacity != 128 || h.Hashes != 0 {
				t.Errorf("Hacknet = %+v", h)
			}
			want := world.HacknetNode{Level: 1, RAM: 1, Cores: 1, Host: "hacknet-server-1", Cache: 1,
				Production: game.HacknetHashRate(1, 0, 1, 1, 1, bn)}
			if h.Nodes[1] != want {
				t.Errorf("node 1 = %+v, want %+v", h.Nodes[1], want)
			}
			// Hacknet servers are not purchased servers: not listed, not
			// counted against the limit, not upgraded or deleted as one.
			ps, _ := w.PurchasedServers(bg)
			if len(ps.Hosts) != 0 {
				t.Errorf("PurchasedServers lists %+v", ps.Hosts)
			}
			if err := w.UpgradeServer(bg, "hacknet-server-0", 8*game.GiB); err == nil {
				t.Error("a hacknet server was upgraded as a purchased server")
			}
			if err := w.DeleteServer(bg, "hacknet-server-0"); err == nil {
				t.Error("a hacknet server was deleted")
			}
			for range 18 {
				if _, err := w.BuyHacknetNode(bg); err != nil {
					t.Fatal(err)
				}
			}
			spent := w.Stats().Spent[SpentHacknet]
			want20 := 0.0
			for n := 1; n <= 20; n++ {
				want20 += game.HacknetServerCost(n, 1)
			}
			if !near(spent, want20) {
				t.Errorf("20 hacknet servers cost %v, want %v", spent, want20)
			}
			if _, err := w.BuyHacknetNode(bg); err == nil {
				t.Error("a 21st hacknet server was sold")
			}
			if h := hacknet(t, w); len(h.Nodes) != 20 || h.HashCapacity != 20*64 {
				t.Errorf("20 servers: %d nodes, capacity %v", len(h.Nodes), h.HashCapacity)
			}
		})
	}
}

func TestHacknetServerUpgrades(t *testing.T) {
	w := hashWorld(t, 1e12)
	if _, err := w.BuyHacknetNode(bg); err != nil {
		t.Fatal(err)
	}
	drain(t, w, 0)
	for _, c := range []struct {
		part   world.HacknetPart
		n      int
		cost   float64 // by hand, from the game's formulas
		server game.Server
	}{
		{world.HacknetLevel, 1, 500000 * 1.1, game.Server{MaxRAM: game.GiB, Cores: 1}},
		{world.HacknetLevel, 2, 500000 * (1.1*1.1 + 1.1*1.1*1.1), game.Server{MaxRAM: game.GiB, Cores: 1}},
		{world.HacknetRAM, 1, 200000, game.Server{MaxRAM: 2 * game.GiB, Cores: 1}},
		{world.HacknetRAM, 2, 2*200000*1.4 + 4*200000*1.4*1.4, game.Server{MaxRAM: 8 * game.GiB, Cores: 1}},
		{world.HacknetCores, 1, 1e6, game.Server{MaxRAM: 8 * game.GiB, Cores: 2}},
		{world.HacknetCores, 2, 1e6 * (1.55 + 1.55*1.55), game.Server{MaxRAM: 8 * game.GiB, Cores: 4}},
	} {
		before := money(t, w)
		if err := w.UpgradeHacknet(bg, 0, c.part, c.n); err != nil {
			t.Fatalf("%v +%d: %v", c.part, c.n, err)
		}
		if got := before - money(t, w); !near(got, c.cost) {
			t.Errorf("%v +%d cost %v, want %v", c.part, c.n, got, c.cost)
		}
		s := srv(t, w, "hacknet-server-0")
		if s.MaxRAM != c.server.MaxRAM || s.Cores != c.server.Cores {
			t.Errorf("after %v +%d: RAM %v, cores %d; want %v, %d", c.part, c.n, s.MaxRAM, s.Cores, c.server.MaxRAM, c.server.Cores)
		}
		evs := drain(t, w, w.Now())
		if c.part != world.HacknetLevel && !slices.Equal(evs, []world.Event{world.ServerChanged{Host: "hacknet-server-0"}}) {
			t.Errorf("after %v +%d: events %v, want a ServerChanged", c.part, c.n, evs)
		}
		if c.part == world.HacknetLevel && len(evs) != 0 {
			t.Errorf("after a level: events %v", evs)
		}
	}
	h := hacknet(t, w).Nodes[0]
	if h.Level != 4 || h.RAM != 8 || h.Cores != 4 || !near(h.Production, game.HacknetHashRate(4, 0, 8, 4, 1, &w.bn)) {
		t.Errorf("node 0 = %+v", h)
	}
	if want := 0.001 * 4 * math.Pow(1.07, 3) * (1 + 3.0/5); !near(h.Production, want) {
		t.Errorf("production %v hashes/s, want %v by hand", h.Production, want)
	}
	st := w.Stats()
	if st.Spent[SpentHacknet] <= 50000 || w.Stats().ServersBought != 0 {
		t.Errorf("stats %+v", st)
	}
	before := money(t, w)
	for _, c := range []struct {
		index int
		part  world.HacknetPart
		n     int
	}{
		{0, world.HacknetLevel, 297}, // 4 + 297 > 300
		{0, world.HacknetRAM, 11},    // 8 GB · 2^11 > 8192 GB
		{0, world.HacknetCores, 125}, // 4 + 125 > 128
		{0, world.HacknetLevel, 0},
		{0, world.HacknetRAM, -1},
		{0, world.HacknetPart(9), 1},
		{1, world.HacknetLevel, 1},
		{-1, world.HacknetLevel, 1},
	} {
		if err := w.UpgradeHacknet(bg, c.index, c.part, c.n); err == nil {
			t.Errorf("UpgradeHacknet(%d, %v, %d) succeeded", c.index, c.part, c.n)
		}
	}
	if got := money(t, w); got != before {
		t.Errorf("refused upgrades took %v", before-got)
	}
	// Up to the maximum exactly is sold.
	if err := w.UpgradeHacknet(bg, 0, world.HacknetRAM, 10); err != nil {
		t.Errorf("8 GB → 8192 GB: %v", err)
	}
	poor := hashWorld(t, 50000)
	if _, err := poor.BuyHacknetNode(bg); err != nil {
		t.Fatal(err)
	}
	if err := poor.UpgradeHacknet(bg, 0, world.HacknetLevel, 1); !errors.Is(err, world.ErrNotEnoughMoney) {
		t.Errorf("a level with $0: %v", err)
	}
}

func TestHashSales(t *testing.T) {
	w := hashWorld(t, 50000)
	if _, err := w.BuyHacknetNode(bg); err != nil {
		t.Fatal(err)
	}
	at := func(ms world.Time) { t.Helper(); drain(t, w, ms) }
	at(10_000_100) // 50,000 cycles of 0.0002 hashes: 10
	if h := hacknet(t, w); !near(h.Hashes, 10) || !near(h.Nodes[0].Total, 10) || h.HashCapacity != 64 {
		t.Errorf("at 10,000 s: %v hashes (total %v) of %v, want 10 of 64", h.Hashes, h.Nodes[0].Total, h.HashCapacity)
	}
	for _, n := range []int{3, 0, -1} {
		if err := w.SellHashes(bg, n); err == nil {
			t.Errorf("SellHashes(%d) with 10 hashes succeeded", n)
		}
	}
	if got := money(t, w); got != 0 {
		t.Errorf("refused sales paid %v", got)
	}
	if err := w.SellHashes(bg, 2); err != nil {
		t.Fatal(err)
	}
	if h := hacknet(t, w); !near(h.Hashes, 2) || !near(money(t, w), 2e6) {
		t.Errorf("after 2 sales: %v hashes, $%v; want 2, $2m", h.Hashes, money(t, w))
	}
	// The cache fills: from 2 hashes, 62 more take 310,000 cycles; what
	// would overflow is sold at once, at $1m per 4 hashes.
	at(10_000_100 + 100_000_000) // 500,000 cycles: 100 hashes made, 38 over
	h := hacknet(t, w)
	if h.Hashes != 64 {
		t.Errorf("hashes %v, want the capacity 64", h.Hashes)
	}
	st := w.Stats()
	if !near(money(t, w), 2e6+38.0/4*1e6) || !near(st.HacknetMoney, 2e6+9.5e6) {
		t.Errorf("money %v, hacknet money %v; want $11.5m", money(t, w), st.HacknetMoney)
	}
	if !near(st.HashesMade, 110) || !near(st.HashesSold, 8+38) || !near(st.HashesOverflow, 38) {
		t.Errorf("hashes made %v, sold %v, overflow %v; want 110, 46, 38", st.HashesMade, st.HashesSold, st.HashesOverflow)
	}
	if err := w.SellHashes(bg, 16); err != nil {
		t.Fatal(err)
	}
	if err := w.SellHashes(bg, 1); err == nil {
		t.Error("sold 4 hashes of 0")
	}
	if st := w.Stats(); !near(st.HacknetMoney, 27.5e6) || st.Spent[SpentHacknet] != 50000 {
		t.Errorf("hacknet money %v, spent %v", st.HacknetMoney, st.Spent)
	}

	// Without hacknet servers there is nothing to sell; nodes work as before.
	nodes := newWorld(t, Config{Player: PlayerConfig{Money: 1000}})
	if err := nodes.SellHashes(bg, 1); !errors.Is(err, world.ErrUnsupported) {
		t.Errorf("SellHashes in BitNode 1: %v, want ErrUnsupported", err)
	}
	if i, err := nodes.BuyHacknetNode(bg); err != nil || i != 0 {
		t.Fatalf("BuyHacknetNode = %d, %v", i, err)
	}
	if h := hacknet(t, nodes); h.Servers || h.MaxNodes != 0 || h.HashCapacity != 0 || h.Nodes[0].Host != "" || h.Nodes[0].Production != 1.5 {
		t.Errorf("hacknet nodes: %+v", h)
	}
	if _, err := nodes.Server(bg, "hacknet-node-0"); err == nil {
		t.Error("a hacknet node is on the network")
	}
}

func TestHashRateWithRAMUsed(t *testing.T) {
	w := hashWorld(t, 1e9)
	if _, err := w.BuyHacknetNode(bg); err != nil {
		t.Fatal(err)
	}
	if err := w.UpgradeHacknet(bg, 0, world.HacknetRAM, 3); err != nil { // 8 GB
		t.Fatal(err)
	}
	if err := w.AddScript("home", "x.js", 200); err != nil {
		t.Fatal(err)
	}
	if err := w.Copy(bg, "hacknet-server-0", "x.js"); err != nil {
		t.Fatal(err)
	}
	full := game.HacknetHashRate(1, 0, 8, 1, 1, &w.bn)
	drain(t, w, 0)
	// 0–1,000 ms: 5 cycles at the full rate. At 1,100 ms a 2 GB script
	// starts (6 GB free: ¾ of the rate from the cycle at 1,200), at 2,050
	// another (½ from 2,200), at 3,000 the first is killed (¾ from 3,200).
	drain(t, w, 1100)
	pids := mustExec(t, w, world.ExecRequest{Script: "x.js", Host: "hacknet-server-0", Threads: 1})
	if got := hacknet(t, w).Nodes[0]; !near(got.Production, full*0.75) || got.RAMUsed != 2 {
		t.Errorf("with 2 of 8 GB used: %+v, want %v hashes/s", got, full*0.75)
	}
	drain(t, w, 2050)
	mustExec(t, w, world.ExecRequest{Script: "x.js", Host: "hacknet-server-0", Threads: 1})
	drain(t, w, 3000)
	w.Kill(bg, pids)
	drain(t, w, 4000)
	cycle := full * 0.2
	want := 5*cycle + 5*cycle*0.75 + 5*cycle*0.5 + 5*cycle*0.75
	if h := hacknet(t, w); !near(h.Hashes, want) {
		t.Errorf("hashes at 4 s = %v, want %v", h.Hashes, want)
	}
	// All the RAM used: no hashes.
	mustExec(t, w, world.ExecRequest{Script: "x.js", Host: "hacknet-server-0", Threads: 3})
	drain(t, w, 10_000)
	if h := hacknet(t, w); !near(h.Hashes, want) || h.Nodes[0].Production != 0 {
		t.Errorf("with all RAM used: %v hashes at %v/s, want %v at 0", h.Hashes, h.Nodes[0].Production, want)
	}
}

func TestHacknetServerRunsWorkers(t *testing.T) {
	w := hashWorld(t, 1e9)
	if _, err := w.BuyHacknetNode(bg); err != nil {
		t.Fatal(err)
	}
	if err := w.UpgradeHacknet(bg, 0, world.HacknetRAM, 2); err != nil { // 4 GB
		t.Fatal(err)
	}
	if err := w.UpgradeHacknet(bg, 0, world.HacknetCores, 1); err != nil {
		t.Fatal(err)
	}
	mustNuke(t, w, "n00dles")
	if err := w.Copy(bg, "hacknet-server-0", world.OpWeaken.Script()); err != nil {
		t.Fatal(err)
	}
	w.SetSecurity("n00dles", 50)
	mustExec(t, w, worker(world.OpWeaken, "hacknet-server-0", "n00dles", 2, w.Now(), 0, "w"))
	var done *world.JobDone
	for _, ev := range drain(t, w, 3_600_000) {
		if j, ok := ev.(world.JobDone); ok {
			done = &j
		}
	}
	if done == nil || done.Host != "hacknet-server-0" || done.Misfire {
		t.Fatalf("the weaken on the hacknet server: %+v", done)
	}
	// Two cores: 2 threads remove 0.05 · 2 · (1 + 1/16).
	if want := 0.05 * 2 * (1 + 1.0/16); !near(done.Result, want) {
		t.Errorf("weaken removed %v, want %v with 2 cores", done.Result, want)
	}
	if s := srv(t, w, "hacknet-server-0"); s.RAMUsed != 0 {
		t.Errorf("RAM used after the worker: %v", s.RAMUsed)
	}
}

// TestHashesPerCycle runs hours of virtual time with hacknet servers
// bought, upgraded and used by scripts and workers at random, and checks
// the lazily credited hashes against crediting every 200 ms cycle with the
// state of that cycle, as the game does.
func TestHashesPerCycle(t *testing.T) {
	for seed := range uint64(3) {
		rng := rand.New(rand.NewPCG(seed, 9))
		w := newWorld(t, Config{Seed: seed, BitNode: 9, Player: PlayerConfig{Money: 1e15, Hacking: 1000}})
		bn := w.bn
		if err := w.AddScript("home", "x.js", 160); err != nil {
			t.Fatal(err)
		}
		mustNuke(t, w, "n00dles")
		// The reference: per server level, RAM, cores and RAM used, read
		// after every change; hashes credited cycle by cycle.
		type state struct {
			level, cores int
			ram, used    float64
			total        float64
		}
		var ref []state
		var hashes, capacity, made, overflow float64
		cycle := int64(0)
		read := func() {
			h := hacknet(t, w)
			for i, n := range h.Nodes {
				if i == len(ref) {
					ref = append(ref, state{})
				}
				ref[i].level, ref[i].cores, ref[i].ram, ref[i].used = n.Level, n.Cores, n.RAM, n.RAMUsed
			}
			capacity = h.HashCapacity
		}
		advance := func(to world.Time) {
			for ; cycle < int64(to)/200; cycle++ {
				sum := 0.0
				for i := range ref {
					r := max(game.HacknetHashRate(ref[i].level, ref[i].used, ref[i].ram, ref[i].cores, 1, &bn), 0)
					ref[i].total += r * 0.2
					sum += r * 0.2
				}
				made += sum
				hashes += sum
				if hashes > capacity {
					overflow += hashes - capacity
					hashes = capacity
				}
			}
		}
		var pids []int
		for step := 0; step < 2000; step++ {
			switch k := rng.IntN(10); {
			case k == 0 && len(ref) < 20 && (len(ref) == 0 || rng.IntN(8) == 0):
				if _, err := w.BuyHacknetNode(bg); err != nil {
					t.Fatal(err)
				}
			case k == 1 && len(ref) > 0:
				i := rng.IntN(len(ref))
				part := world.HacknetPart(1 + rng.IntN(3))
				_ = w.UpgradeHacknet(bg, i, part, 1) // may be at the maximum
			case k <= 4 && len(ref) > 0:
				host := hacknet(t, w).Nodes[rng.IntN(len(ref))].Host
				if err := w.Copy(bg, host, "x.js", world.OpWeaken.Script()); err != nil {
					t.Fatal(err)
				}
				var r world.ExecRequest
				if rng.IntN(2) == 0 {
					r = world.ExecRequest{Script: "x.js", Host: host, Threads: 1 + rng.IntN(4)}
				} else {
					r = worker(world.OpWeaken, host, "n00dles", 1+rng.IntN(2), w.Now(), 0, "w")
				}
				if res := w.Exec(bg, []world.ExecRequest{r}); res[0].Err == nil {
					pids = append(pids, res[0].PID)
				}
			case k == 5 && len(pids) > 0:
				j := rng.IntN(len(pids))
				w.Kill(bg, pids[j:j+1]) // it may have ended already
				pids = slices.Delete(pids, j, j+1)
			case k == 6 && hashes >= 4:
				n := 1 + rng.IntN(min(int(hashes/4), 5))
				if err := w.SellHashes(bg, n); err != nil {
					t.Fatalf("step %d: SellHashes(%d) with %v hashes: %v", step, n, hashes, err)
				}
				hashes -= 4 * float64(n)
			default:
				// Let time pass, event by event: a worker's end frees
				// RAM at its moment.
				until := w.Now() + world.Time(rng.IntN(200_000))
				for {
					ev, err := w.Next(bg, until)
					if err != nil {
						t.Fatal(err)
					}
					advance(w.Now())
					read()
					if _, tick := ev.(world.Tick); tick {
						break
					}
				}
				continue
			}
			advance(w.Now())
			read()
		}
		h := hacknet(t, w)
		st := w.Stats()
		tol := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
		if !tol(h.Hashes, hashes) || !tol(st.HashesMade, made) || !tol(st.HashesOverflow, overflow) {
			t.Errorf("seed %d at %d ms: hashes %v, made %v, overflow %v; per cycle %v, %v, %v",
				seed, w.Now(), h.Hashes, st.HashesMade, st.HashesOverflow, hashes, made, overflow)
		}
		for i, n := range h.Nodes {
			if !tol(n.Total, ref[i].total) {
				t.Errorf("seed %d: server %d made %v, per cycle %v", seed, i, n.Total, ref[i].total)
			}
		}
		t.Logf("seed %d: %.0f hashes made, %.0f sold by overflow, over %v h", seed, made, overflow, float64(w.Now())/3.6e6)
		if made == 0 || overflow == 0 || w.Now() < 3_600_000 {
			t.Errorf("seed %d: a weak run: %v made, %v overflow over %d ms", seed, made, overflow, w.Now())
		}
	}
}

// TestListedHacknetServers: an explicit network (a snapshot) lists the
// player's hacknet servers among its servers. They are never purchased
// servers; where hacknet servers replace nodes they are the player's, in
// index order, at level 1 and cache 1 with their listed RAM and cores.
func TestListedHacknetServers(t *testing.T) {
	own := func(name string, ram game.RAM, cores int) ServerConfig {
		return ServerConfig{Server: game.Server{Hostname: name, HasAdminRights: true, PurchasedByPlayer: true, MaxRAM: ram, Cores: cores}, Links: []string{"home"}}
	}
	net := []ServerConfig{
		{Server: game.Server{Hostname: "home", MaxRAM: 64 * game.GiB, Cores: 1}, Links: []string{"hacknet-server-1", "pserv-0", "hacknet-server-0"}},
		own("hacknet-server-1", 2*game.GiB, 1),
		own("pserv-0", 8*game.GiB, 1),
		own("hacknet-server-0", 4*game.GiB, 2),
	}
	for _, c := range []struct {
		name    string
		bitNode int
		nodes   int
	}{{"BitNode 9", 9, 2}, {"BitNode 1", 1, 0}} {
		w := newWorld(t, Config{BitNode: c.bitNode, Network: net, Player: PlayerConfig{Money: 1e9}})
		ps, _ := w.PurchasedServers(bg)
		if c.bitNode == 1 && (len(ps.Hosts) != 1 || ps.Hosts[0].Host != "pserv-0") {
			t.Errorf("%s: purchased servers %+v, want pserv-0 only", c.name, ps.Hosts)
		}
		if err := w.UpgradeServer(bg, "hacknet-server-0", 8*game.GiB); err == nil {
			t.Errorf("%s: a hacknet server was upgraded as a purchased server", c.name)
		}
		h := hacknet(t, w)
		if len(h.Nodes) != c.nodes {
			t.Fatalf("%s: %d hacknet nodes, want %d", c.name, len(h.Nodes), c.nodes)
		}
		if c.nodes == 0 {
			continue
		}
		if h.Nodes[0].Host != "hacknet-server-0" || h.Nodes[0].RAM != 4 || h.Nodes[0].Cores != 2 || h.Nodes[0].Level != 1 ||
			h.Nodes[1].Host != "hacknet-server-1" || h.HashCapacity != 128 {
			t.Errorf("%s: Hacknet = %+v", c.name, h)
		}
		before := money(t, w)
		if i, err := w.BuyHacknetNode(bg); err != nil || i != 2 {
			t.Fatalf("%s: BuyHacknetNode = %d, %v", c.name, i, err)
		}
		if got := before - money(t, w); !near(got, game.HacknetServerCost(3, 1)) {
			t.Errorf("%s: the third server cost %v", c.name, got)
		}
		if err := w.UpgradeHacknet(bg, 0, world.HacknetRAM, 1); err != nil || srv(t, w, "hacknet-server-0").MaxRAM != 8*game.GiB {
			t.Errorf("%s: upgrading a listed hacknet server: %v", c.name, err)
		}
	}
}
