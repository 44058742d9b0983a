package market

import (
	"encoding/json"
	"testing"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		text string
		v3   bool
		want OrderType
		ok   bool
	}{
		{"Limit Buy Order", true, LimitBuy, true},
		{"limit buy", true, 0, false},
		{"limit buy", false, LimitBuy, true},
		{"LIMITSELL", false, LimitSell, true},
		{"stop buy", false, StopBuy, true},
		{"Stop Sell Order", false, StopSell, true},
		{"market buy", false, 0, false},
		{"", false, 0, false},
	} {
		got, err := ParseOrderType(c.text, c.v3)
		if (err == nil) != c.ok || c.ok && got != c.want {
			t.Errorf("ParseOrderType(%q, %v) = %v, %v", c.text, c.v3, got, err)
		}
	}
	for _, c := range []struct {
		text string
		v3   bool
		want Pos
		ok   bool
	}{
		{"L", true, Long, true}, {"S", true, Short, true}, {"Long", true, 0, false},
		{"long", false, Long, true}, {"short", false, Short, true}, {"sell", false, Long, true}, {"x", false, 0, false},
	} {
		got, err := ParsePos(c.text, c.v3)
		if (err == nil) != c.ok || c.ok && got != c.want {
			t.Errorf("ParsePos(%q, %v) = %v, %v", c.text, c.v3, got, err)
		}
	}
}

func TestOrderJSON(t *testing.T) {
	o := Order{Symbol: "ECP", Shares: 10, Price: 5, Type: StopSell, Pos: Short}
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"symbol":"ECP","shares":10,"price":5,"type":"Stop Sell Order","position":"S"}` {
		t.Errorf("marshal: %s", b)
	}
	var back Order
	if err := json.Unmarshal(b, &back); err != nil || back != o {
		t.Errorf("unmarshal: %+v, %v", back, err)
	}
}

// TestProcessClock checks §2.1: one update per 30 cycles, at most one per
// call, at least 4 s apart, and bonus time draining at one update per 4 s.
func TestProcessClock(t *testing.T) {
	m := New(NewMulberry32(1))
	p := &Purse{}
	updates := 0
	now := int64(10000)
	step := func(n int) {
		if _, ok := m.Process(n, now, p); ok {
			updates++
		}
		now += 200 * int64(n)
	}
	for i := 0; i < 300; i++ { // one minute of play
		step(1)
	}
	if updates != 10 {
		t.Fatalf("one minute: %d updates, want 10", updates)
	}
	m.StoredCycles += 30 * 100 // 10 minutes offline, as bonus time
	updates = 0
	if m.BonusTime(true) != float64(m.StoredCycles)*200 {
		t.Errorf("3.x bonus time %v", m.BonusTime(true))
	}
	for i := 0; i < 300; i++ {
		step(1)
	}
	if updates != 15 { // one per 4 s while the backlog lasts
		t.Errorf("one minute with bonus time: %d updates, want 15", updates)
	}
}

func TestAccess(t *testing.T) {
	a := AccessFor(1, 0)
	if a.Trading(false) == nil || a.Trading(true) == nil {
		t.Error("no purchases should not trade")
	}
	a.TIX = true
	if a.Trading(false) == nil {
		t.Error("2.x needs WSE too")
	}
	if a.Trading(true) != nil {
		t.Error("3.x needs TIX only")
	}
	b := AccessFor(8, 0)
	if !b.WSE || !b.TIX || !b.Shorts || !b.Orders {
		t.Errorf("BN8: %+v", b)
	}
	c := AccessFor(1, 2)
	if !c.Shorts || c.Orders {
		t.Errorf("SF8.2: %+v", c)
	}
	if CostsFor(5, 4).API4S != 100e9 {
		t.Error("BN9 4S API cost")
	}
}
