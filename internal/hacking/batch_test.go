package hacking

import (
	"math"
	"testing"

	"bbctl/internal/game"
)

// HackValue is a batch's Money for its hack threads, whatever the state
// the server is read in.
func TestHackValueMatchesBatchMoney(t *testing.T) {
	env := testEnv(100)
	s := joesguns() // read at raised security and low money
	p := Prepared(s)
	for _, h := range []int{1, 10, 60, 5000} {
		b, ok := HWGW(&p, h, 1, env)
		if !ok {
			t.Fatalf("no batch of %d hacks", h)
		}
		if got := HackValue(s, h, env); math.Abs(got-b.Money) > 1e-9*b.Money || got <= 0 {
			t.Errorf("HackValue(%d threads) = %v, batch money %v", h, got, b.Money)
		}
	}
}

// OpTimes computes the hack time once; its grow and weaken times are
// exactly the game's GrowTime and WeakenTime, bit for bit.
func TestOpTimesMatchGame(t *testing.T) {
	s := joesguns()
	for _, level := range []int{1, 100, 517, 2500} {
		env := testEnv(level)
		for _, sec := range []float64{s.MinDifficulty, 7.3, 33.1, 100} {
			s.HackDifficulty = sec
			got := OpTimes(&s, env)
			want := Times{
				Hack:   game.HackTime(&s, &env.Person, env.BN) * 1000,
				Grow:   game.GrowTime(&s, &env.Person, env.BN) * 1000,
				Weaken: game.WeakenTime(&s, &env.Person, env.BN) * 1000,
			}
			if got != want {
				t.Errorf("level %d, security %v: OpTimes %+v, want %+v", level, sec, got, want)
			}
		}
	}
}

// An HGW batch, landed hack, grow, weaken on the prepared server, leaves
// it prepared again: the grow, landing at the security the hack raised,
// takes the money back to its maximum, and the one weaken takes the
// security back to its minimum. On n00dles's small batches it holds less
// RAM than the HWGW batch of as many hack threads.
func TestHGWRestores(t *testing.T) {
	hub := game.Server{ // a minimum security where growth is not capped
		Hostname: "the-hub", HasAdminRights: true,
		HackDifficulty: 13, MinDifficulty: 13, BaseDifficulty: 40,
		RequiredHackingSkill: 300, MoneyAvailable: 4e8, MoneyMax: 4e8, ServerGrowth: 60,
	}
	for _, s := range []game.Server{n00dles(), joesguns(), hub} {
		for _, level := range []int{10, 50, 400} {
			if level < s.RequiredHackingSkill {
				continue
			}
			env := testEnv(level)
			for _, h := range []int{1, 4, 9, 40, 200} {
				for _, cores := range []int{1, 4} {
					p := Prepared(s)
					b, ok := HGW(&p, h, cores, env)
					if !ok {
						t.Fatalf("%s level %d: no HGW batch of %d hacks", s.Hostname, level, h)
					}
					if b.Weaken1 != 0 || b.Hack != h || b.Weaken2 < 1 {
						t.Errorf("%s level %d h %d: shape %+v", s.Hostname, level, h, b)
					}
					x := p
					x.Hack(float64(h), true, &env.Person, env.BN)
					x.Grow(float64(b.Grow), cores, &env.Person, env.BN)
					if x.MoneyAvailable < x.MoneyMax*(1-1e-12) {
						t.Errorf("%s level %d h %d cores %d: money %v after the grow, want %v", s.Hostname, level, h, cores, x.MoneyAvailable, x.MoneyMax)
					}
					x.Weaken(float64(b.Weaken2), cores, &env.Person, env.BN)
					if x.HackDifficulty != x.MinDifficulty {
						t.Errorf("%s level %d h %d cores %d: security %v after the weaken, want %v", s.Hostname, level, h, cores, x.HackDifficulty, x.MinDifficulty)
					}
				}
			}
		}
	}
	env := testEnv(25)
	p := Prepared(n00dles())
	for h := 1; h <= 9; h++ {
		m, _ := HGW(&p, h, 1, env)
		b, _ := HWGW(&p, h, 1, env)
		if m.Money != b.Money || m.RAMSeconds >= b.RAMSeconds {
			t.Errorf("n00dles h %d: HGW $%v in %v GB·s, HWGW $%v in %v GB·s", h, m.Money, m.RAMSeconds, b.Money, b.RAMSeconds)
		}
	}
}

// The income programme offers HGW batches only when asked (Merge).
func TestCeilingMerge(t *testing.T) {
	env := testEnv(25)
	capy := Capacity{RAMByCores: map[int]game.RAM{1: 100 * game.GiB}, MaxProcesses: 1000, SpacingMS: 20}
	small := func(b Batch) bool { return b.Hack <= 9 }
	plain, err := ComputeCeiling([]game.Server{n00dles()}, capy, env, Options{Filter: small})
	if err != nil {
		t.Fatal(err)
	}
	merged, err := ComputeCeiling([]game.Server{n00dles()}, capy, env, Options{Filter: small, Merge: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range plain.Targets[0].Uses {
		if u.Weaken1 == 0 {
			t.Errorf("an HGW batch without Merge: %+v", u.Batch)
		}
	}
	for _, u := range merged.Targets[0].Uses {
		if u.Weaken1 != 0 {
			t.Errorf("an HWGW batch with Merge where HGW holds less RAM: %+v", u.Batch)
		}
	}
	if merged.IncomePerSec < 1.1*plain.IncomePerSec {
		t.Errorf("with Merge $%.0f/s, without $%.0f/s: want a tenth more at least", merged.IncomePerSec, plain.IncomePerSec)
	}
}

// TestTimesMemo checks that a TimesMemo answers as OpTimes does while each
// input of the hack time changes in turn, and the same inputs again.
func TestTimesMemo(t *testing.T) {
	bn, bn2 := game.DefaultBitNodeMults(), game.DefaultBitNodeMults()
	bn2.HackingSpeedMultiplier = 0.8
	s := game.Server{Hostname: "n", RequiredHackingSkill: 100, MinDifficulty: 10, HackDifficulty: 30, MoneyMax: 1e9}
	p := game.Person{Hacking: 200, Mults: game.DefaultMultipliers()}
	var m TimesMemo
	steps := []func(){
		func() {},
		func() { s.HackDifficulty = 31 }, // read from sec, not from s
		func() { s.RequiredHackingSkill = 120 },
		func() { p.Hacking = 201 },
		func() { p.Intelligence = 50 },
		func() { p.Mults.HackingSpeed = 1.2 },
		func() {},
	}
	for i, step := range steps {
		step()
		for _, sec := range []float64{s.MinDifficulty, 25, s.MinDifficulty} {
			for _, b := range []*game.BitNodeMults{&bn, &bn2} {
				env := Env{Person: p, BN: b, Version: game.V3}
				at := s
				at.HackDifficulty = sec
				if got, want := m.Of(&s, sec, env), OpTimes(&at, env); got != want {
					t.Fatalf("step %d, security %v: memo %+v, OpTimes %+v", i, sec, got, want)
				}
			}
		}
	}
}
