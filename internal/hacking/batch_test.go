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
