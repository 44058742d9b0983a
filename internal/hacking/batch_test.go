package hacking

import (
	"math"
	"testing"
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
