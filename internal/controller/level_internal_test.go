package controller

import (
	"math"
	"testing"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

// TestExpTrend checks the exp rate: none before a span has passed, the
// rate over the last one to two spans after, and a fresh start when the
// exp falls.
func TestExpTrend(t *testing.T) {
	var e expTrend
	for at := world.Time(0); at <= 20_000; at += 1000 {
		e.add(at, float64(at)*2, 100) // 2 exp per ms
	}
	if r := e.rate(); r != 0 {
		t.Fatalf("rate after 20 s = %v, want 0 (less than a span)", r)
	}
	for at := world.Time(21_000); at <= 100_000; at += 1000 {
		exp := 40_000 + float64(at-20_000)*5 // 5 exp per ms from 20 s on
		e.add(at, exp, 100)
	}
	if r := e.rate(); math.Abs(r-5) > 1e-9 {
		t.Fatalf("rate = %v, want 5 (the last spans only)", r)
	}
	e.add(101_000, 10, 1) // a new BitNode
	if r := e.rate(); r != 0 {
		t.Fatalf("rate after the exp fell = %v, want 0", r)
	}
}

// TestLevelAt checks the level forecast: the level now when the exp does
// not grow, else the level the exp reaches at expMargin times its rate,
// plus one.
func TestLevelAt(t *testing.T) {
	c := &Controller{bn: game.DefaultBitNodeMults()}
	c.player = world.Player{Hacking: 500, Mults: game.DefaultMultipliers()}
	exp := game.ExpForSkillExact(500, 1)
	c.player.HackingExp = exp
	c.exp.add(0, exp, 500)
	if got := c.levelAt(60_000); got != 500 {
		t.Fatalf("no rate yet: level %d, want 500", got)
	}
	// 500 exp per second: the exp of level 510 is reached after gap/500 s.
	gap := game.ExpForSkillExact(510, 1) - exp
	for at := world.Time(1000); at <= 40_000; at += 1000 {
		c.now = at
		c.player.HackingExp = exp + float64(at)/2
		c.exp.add(at, c.player.HackingExp, 500)
	}
	land := c.now + world.Time(gap/0.5/expMargin) + 1
	if got := c.levelAt(land); got != 511 {
		t.Errorf("level at %d = %d, want 511 (510 forecast, one more)", land, got)
	}
	if got := c.levelAt(c.now); got != 500 {
		t.Errorf("level now = %d, want 500", got)
	}
}
