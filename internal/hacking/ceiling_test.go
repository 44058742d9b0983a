package hacking

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"bbctl/internal/game"
)

// testEnv is a BitNode-1 player at the given hacking level.
func testEnv(level int) Env {
	bn := game.DefaultBitNodeMults()
	return Env{
		Person:  game.Person{Hacking: level, Mults: game.DefaultMultipliers()},
		BN:      &bn,
		Version: game.V3,
	}
}

// joesguns and n00dles as the game builds them (the rolled instance of
// ../shared/game/servers.json has these fixed values).
func joesguns() game.Server {
	return game.Server{
		Hostname: "joesguns", HasAdminRights: true,
		HackDifficulty: 15, MinDifficulty: 5, BaseDifficulty: 15,
		RequiredHackingSkill: 10, MoneyAvailable: 2.5e6, MoneyMax: 62.5e6, ServerGrowth: 20,
		Cores: 1,
	}
}

func n00dles() game.Server {
	return game.Server{
		Hostname: "n00dles", HasAdminRights: true,
		HackDifficulty: 1, MinDifficulty: 1, BaseDifficulty: 1,
		RequiredHackingSkill: 1, MoneyAvailable: 70000, MoneyMax: 1.75e6, ServerGrowth: 3000,
		Cores: 1,
	}
}

func TestHWGWShape(t *testing.T) {
	env := testEnv(100)
	p := Prepared(joesguns())
	b, ok := HWGW(&p, 10, 1, env)
	if !ok {
		t.Fatal("HWGW(joesguns, 10) not ok")
	}
	// 10 hack threads raise security by 0.02: one weaken thread (0.05).
	if b.Hack != 10 || b.Weaken1 != 1 {
		t.Errorf("hack/weaken1 = %d/%d, want 10/1", b.Hack, b.Weaken1)
	}
	pct := game.HackPercent(&p, &env.Person, env.BN)
	start := p.MoneyMax * (1 - 10*pct)
	wantG := game.GrowThreads(&p, p.MoneyMax, start, &env.Person, 1, env.BN)
	if float64(b.Grow) != wantG {
		t.Errorf("grow = %d, want %v", b.Grow, wantG)
	}
	if want := int(math.Ceil(0.004 * wantG / 0.05)); b.Weaken2 != want {
		t.Errorf("weaken2 = %d, want %d", b.Weaken2, want)
	}
	// Grow threads must really restore the money from the hacked state.
	s := p
	s.MoneyAvailable = start
	if got := game.GrowMoney(&s, float64(b.Grow), &env.Person, 1, env.BN); got < p.MoneyMax {
		t.Errorf("grow of %d threads reaches %v < max %v", b.Grow, got, p.MoneyMax)
	}
	chance := game.HackChance(&p, &env.Person, env.Version)
	if want := 10 * pct * p.MoneyMax * chance; math.Abs(b.Money-want) > 1e-9*want {
		t.Errorf("money = %v, want %v", b.Money, want)
	}
	ht := game.HackTime(&p, &env.Person, env.BN)
	wantRAM := 1.7*10*ht + 1.75*float64(b.Grow)*3.2*ht + 1.75*float64(b.Weaken1+b.Weaken2)*4*ht
	if math.Abs(b.RAMSeconds-wantRAM) > 1e-9*wantRAM {
		t.Errorf("RAM-seconds = %v, want %v", b.RAMSeconds, wantRAM)
	}
	if want := ht * (1 + 3.2 + 4 + 4); math.Abs(b.ProcSeconds-want) > 1e-9*want {
		t.Errorf("process-seconds = %v, want %v", b.ProcSeconds, want)
	}
	// More cores: fewer grow threads.
	b4, _ := HWGW(&p, 10, 4, env)
	if b4.Grow >= b.Grow {
		t.Errorf("4-core grow %d not below 1-core grow %d", b4.Grow, b.Grow)
	}
}

func TestHWGWRejects(t *testing.T) {
	env := testEnv(100)
	p := Prepared(joesguns())
	if _, ok := HWGW(&p, 0, 1, env); ok {
		t.Error("h = 0 accepted")
	}
	broke := p
	broke.MoneyMax = 0
	if _, ok := HWGW(&broke, 1, 1, env); ok {
		t.Error("a server without money accepted")
	}
	low := testEnv(5) // below joesguns' requirement of 10
	if _, ok := HWGW(&p, 1, 1, low); ok {
		t.Error("a target above the hacking level accepted")
	}
}

// allBatches lists every batch the ceiling considers for one target.
func allBatches(s game.Server, cores int, env Env) []Batch {
	p := Prepared(s)
	var bs []Batch
	for h := 1; h <= MaxHack(&p, env); h++ {
		if b, ok := HWGW(&p, h, cores, env); ok {
			bs = append(bs, b)
		}
	}
	return bs
}

// With one target, one core count and only the RAM limit binding, the
// optimum is the batch with the most money per RAM-second, run as often as
// the RAM allows: income = RAM × max(money / RAM-seconds).
func TestCeilingRAMBound(t *testing.T) {
	env := testEnv(100)
	capy := Capacity{RAMByCores: map[int]game.RAM{1: 64 * game.GiB}, MaxProcesses: 1e9, SpacingMS: 0.001}
	c, err := ComputeCeiling([]game.Server{joesguns()}, capy, env, Options{})
	if err != nil {
		t.Fatal(err)
	}
	best := 0.0
	for _, b := range allBatches(joesguns(), 1, env) {
		best = math.Max(best, b.Money/b.RAMSeconds)
	}
	want := 64 * best
	if math.Abs(c.IncomePerSec-want) > 1e-9*want {
		t.Errorf("income = %v, want %v", c.IncomePerSec, want)
	}
	if len(c.Binding) != 1 || c.Binding[0] != "ram" {
		t.Errorf("binding = %v, want [ram]", c.Binding)
	}
}

// With unlimited RAM and processes, a target earns its richest batch once
// per 4 × spacing.
func TestCeilingSpacingBound(t *testing.T) {
	env := testEnv(100)
	capy := Capacity{RAMByCores: map[int]game.RAM{1: 1 << 40}, MaxProcesses: 1e9, SpacingMS: 20}
	c, err := ComputeCeiling([]game.Server{joesguns(), n00dles()}, capy, env, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := 0.0
	for _, s := range []game.Server{joesguns(), n00dles()} {
		best := 0.0
		for _, b := range allBatches(s, 1, env) {
			best = math.Max(best, b.Money)
		}
		want += best * 1000 / 80
	}
	if math.Abs(c.IncomePerSec-want) > 1e-9*want {
		t.Errorf("income = %v, want %v", c.IncomePerSec, want)
	}
	if len(c.Targets) != 2 || c.Targets[0].Host != "joesguns" {
		t.Errorf("targets = %+v", c.Targets)
	}
}

// With RAM and processes both binding, the optimum mixes at most two
// batches: check it against every single batch and every pair.
func TestCeilingTwoLimits(t *testing.T) {
	env := testEnv(100)
	capy := Capacity{RAMByCores: map[int]game.RAM{1: 512 * game.GiB}, MaxProcesses: 200, SpacingMS: 0.001}
	c, err := ComputeCeiling([]game.Server{joesguns()}, capy, env, Options{})
	if err != nil {
		t.Fatal(err)
	}
	bs := allBatches(joesguns(), 1, env)
	R, P := 512.0, 200.0
	best := 0.0
	for i, a := range bs {
		x := math.Min(R/a.RAMSeconds, P/a.ProcSeconds)
		best = math.Max(best, x*a.Money)
		for _, b := range bs[i+1:] {
			// Solve xa·a + xb·b = (R, P) for both limits tight.
			det := a.RAMSeconds*b.ProcSeconds - b.RAMSeconds*a.ProcSeconds
			if det == 0 {
				continue
			}
			xa := (R*b.ProcSeconds - b.RAMSeconds*P) / det
			xb := (a.RAMSeconds*P - R*a.ProcSeconds) / det
			if xa >= 0 && xb >= 0 {
				best = math.Max(best, xa*a.Money+xb*b.Money)
			}
		}
	}
	if math.Abs(c.IncomePerSec-best) > 1e-7*best {
		t.Errorf("income = %v, want %v", c.IncomePerSec, best)
	}
}

// Grow and weaken of a batch planned for c cores must fit in the RAM of the
// c-core workers: a tiny 8-core home cannot carry the whole income.
func TestCeilingCores(t *testing.T) {
	env := testEnv(100)
	small := Capacity{RAMByCores: map[int]game.RAM{1: 64 * game.GiB, 8: 8 * game.GiB}, MaxProcesses: 1e9, SpacingMS: 0.001}
	all8 := Capacity{RAMByCores: map[int]game.RAM{8: 72 * game.GiB}, MaxProcesses: 1e9, SpacingMS: 0.001}
	all1 := Capacity{RAMByCores: map[int]game.RAM{1: 72 * game.GiB}, MaxProcesses: 1e9, SpacingMS: 0.001}
	got := func(c Capacity) float64 {
		ceil, err := ComputeCeiling([]game.Server{joesguns()}, c, env, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return ceil.IncomePerSec
	}
	mixed, best, worst := got(small), got(all8), got(all1)
	if !(worst < mixed && mixed < best) {
		t.Errorf("want all-1-core %v < mixed %v < all-8-core %v", worst, mixed, best)
	}
}

// Column generation must reach the optimum of the full programme.
func TestCeilingMatchesFullProgramme(t *testing.T) {
	env := testEnv(300)
	capy := Capacity{RAMByCores: map[int]game.RAM{1: 300 * game.GiB, 4: 100 * game.GiB}, MaxProcesses: 500, SpacingMS: 20}
	targets := []game.Server{joesguns(), n00dles()}
	c, err := ComputeCeiling(targets, capy, env, Options{})
	if err != nil {
		t.Fatal(err)
	}
	full, err := fullProgramme(targets, capy, env)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(c.IncomePerSec-full) > 1e-7*full {
		t.Errorf("column generation %v, full programme %v", c.IncomePerSec, full)
	}
	grid, err := ComputeCeiling(targets, capy, env, Options{Step: 1.1})
	if err != nil {
		t.Fatal(err)
	}
	if grid.IncomePerSec > c.IncomePerSec*(1+1e-9) || grid.IncomePerSec < 0.95*c.IncomePerSec {
		t.Errorf("grid plan %v vs exact %v", grid.IncomePerSec, c.IncomePerSec)
	}
}

func TestCeilingErrors(t *testing.T) {
	env := testEnv(100)
	ok := Capacity{RAMByCores: map[int]game.RAM{1: 100}, MaxProcesses: 10, SpacingMS: 20}
	for name, c := range map[string]Capacity{
		"spacing":   {RAMByCores: ok.RAMByCores, MaxProcesses: 10},
		"processes": {RAMByCores: ok.RAMByCores, SpacingMS: 20},
		"cores":     {RAMByCores: map[int]game.RAM{0: 100}, MaxProcesses: 10, SpacingMS: 20},
		"ram":       {RAMByCores: map[int]game.RAM{1: -1}, MaxProcesses: 10, SpacingMS: 20},
	} {
		if _, err := ComputeCeiling([]game.Server{joesguns()}, c, env, Options{}); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
	c, err := ComputeCeiling(nil, ok, env, Options{})
	if err != nil || c.IncomePerSec != 0 {
		t.Errorf("no targets: %v, %v", c, err)
	}
}

// The ceiling is a deterministic function of its inputs: with several
// targets sharing the RAM, the total income is the same float in every
// call (a sum taken in map order was not, and the spender's decisions at
// a threshold differed between runs of the same scenario).
func TestCeilingDeterministic(t *testing.T) {
	env := testEnv(300)
	capy := Capacity{RAMByCores: map[int]game.RAM{1: 20000 * game.GiB, 4: 5000 * game.GiB}, MaxProcesses: 50000, SpacingMS: 2000}
	var targets []game.Server
	for i := range 6 {
		s := joesguns()
		if i%2 == 1 {
			s = n00dles()
		}
		s.Hostname = fmt.Sprintf("%s-%d", s.Hostname, i)
		s.MoneyMax *= 1 + 0.37*float64(i)
		s.ServerGrowth += float64(i)
		targets = append(targets, s)
	}
	first, err := ComputeCeiling(targets, capy, env, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Targets) < 3 {
		t.Fatalf("want at least 3 targets in the plan, got %d", len(first.Targets))
	}
	for range 100 {
		c, err := ComputeCeiling(targets, capy, env, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if c.IncomePerSec != first.IncomePerSec {
			t.Fatalf("income %v, then %v: the same inputs gave two ceilings", first.IncomePerSec, c.IncomePerSec)
		}
	}
}

// A ColumnCache changes no ceiling: one cache used for a sequence of
// programmes — other capacities, other target sets, another level, another
// grid, HGW batches offered and not, the first level again — gives each the
// ceiling computed without it.
func TestCeilingColumnCache(t *testing.T) {
	var targets []game.Server
	for i := range 5 {
		s := joesguns()
		if i%2 == 1 {
			s = n00dles()
		}
		s.Hostname = fmt.Sprintf("%s-%d", s.Hostname, i)
		s.MoneyMax *= 1 + 0.29*float64(i)
		targets = append(targets, s)
	}
	var cache ColumnCache
	for i, tc := range []struct {
		level, n int
		step     float64
		merge    bool
		ram      map[int]game.RAM
	}{
		{300, 5, 1.25, false, map[int]game.RAM{1: 2000 * game.GiB}},
		{300, 5, 1.25, false, map[int]game.RAM{1: 4000 * game.GiB}},
		{300, 3, 1.25, false, map[int]game.RAM{1: 4000 * game.GiB, 2: 64 * game.GiB}},
		{300, 5, 1.25, false, map[int]game.RAM{1: 4000 * game.GiB, 2: 64 * game.GiB}},
		{310, 5, 1.25, false, map[int]game.RAM{1: 4000 * game.GiB}},
		{310, 5, 0, false, map[int]game.RAM{1: 4000 * game.GiB}},
		{30, 2, 0, true, map[int]game.RAM{1: 50 * game.GiB}},
		{30, 2, 0, false, map[int]game.RAM{1: 50 * game.GiB}},
		{300, 5, 1.25, false, map[int]game.RAM{1: 2000 * game.GiB}},
	} {
		env := testEnv(tc.level)
		capy := Capacity{RAMByCores: tc.ram, MaxProcesses: 40000, SpacingMS: 20}
		want, err := ComputeCeiling(targets[:tc.n], capy, env, Options{Step: tc.step, Merge: tc.merge})
		if err != nil {
			t.Fatal(err)
		}
		got, err := ComputeCeiling(targets[:tc.n], capy, env, Options{Step: tc.step, Merge: tc.merge, Columns: &cache})
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("case %d: with the cache %+v\nwithout %+v", i, got, want)
		}
	}
}

// bestPriced picks the same columns as sorting them all best first and
// keeping the first k: on random reduced costs with many ties, for every k.
func TestBestPriced(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2))
	for round := range 300 {
		n := rng.IntN(60)
		ps := make([]priced, n)
		for i := range ps {
			ps[i] = priced{j: rng.IntN(1000), rc: float64(rng.IntN(8))}
		}
		for k := 1; k <= n+1; k++ {
			sorted := slices.Clone(ps)
			slices.SortFunc(sorted, func(a, b priced) int {
				if better(a, b) {
					return -1
				}
				if better(b, a) {
					return 1
				}
				return 0
			})
			want := sorted[:min(k, n)]
			got := bestPriced(slices.Clone(ps), k)
			slices.SortFunc(got, func(a, b priced) int {
				if better(a, b) {
					return -1
				}
				if better(b, a) {
					return 1
				}
				return 0
			})
			if !slices.Equal(got, want) {
				t.Fatalf("round %d, k %d of %d: %v, want %v", round, k, n, got, want)
			}
		}
	}
}
