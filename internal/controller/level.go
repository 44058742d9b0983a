package controller

import (
	"sort"

	"bbctl/internal/game"
	"bbctl/internal/hacking"
	"bbctl/internal/world"
)

// A hack takes its share of the money at the level the player has when it
// lands, not when it was called (MECHANICS §3 item 2): a level-up while it runs
// makes it steal more than the grow behind it was sized for. With a large
// share (RAM to spare makes the plan take 95–99 % of a target's money) one
// level can halve the money left, the grow restores only half, and the
// target drifts. So a hack is sized at its launch for the level the player
// will likely have when it lands, forecast from the recent exp rate.

// expSpan is the span over which the exp rate is measured: between one and
// two of them.
const expSpan world.Time = 30_000

// expMargin is how much faster than its recent rate the exp is assumed to
// grow until a hack lands (a new server, a larger share of hacks
// succeeding).
const expMargin = 1.5

// expTrend measures the rate at which the player gains hacking exp from
// the readings of the player.
type expTrend struct {
	ref, mid expSample // the oldest sample kept and a newer one that replaces it
	last     expSample
}

type expSample struct {
	at    world.Time
	exp   float64
	level int // the hacking level read with it
	ok    bool
}

// add records the exp and level read at now.
func (e *expTrend) add(now world.Time, exp float64, level int) {
	s := expSample{at: now, exp: exp, level: level, ok: true}
	if e.last.ok && exp < e.last.exp {
		*e = expTrend{} // exp fell: a new BitNode or an augmentation reset
	}
	e.last = s
	switch {
	case !e.ref.ok:
		e.ref = s
	case !e.mid.ok && now-e.ref.at >= expSpan:
		e.mid = s
	case e.mid.ok && now-e.mid.at >= expSpan:
		e.ref, e.mid = e.mid, s
	}
}

// rate returns the exp gained per ms lately (0 before a span has passed).
func (e *expTrend) rate() float64 {
	if !e.ref.ok || e.last.at-e.ref.at < expSpan {
		return 0
	}
	return (e.last.exp - e.ref.exp) / float64(e.last.at-e.ref.at)
}

// levelAt returns the highest hacking level the player will likely have
// at the given time: while the exp grows, the level of the last reading
// plus the levels that the exp gained since, at expMargin times the recent
// rate, adds, and one more (the rate may rise faster than the margin: a
// new target's batches start landing); never less than the level now.
func (c *Controller) levelAt(at world.Time) int {
	lvl, last := c.player.Hacking, c.exp.last
	r := c.exp.rate()
	mult := c.player.Mults.Hacking * c.bn.HackingLevelMultiplier
	if r <= 0 || at <= c.now || mult <= 0 {
		return lvl
	}
	exp := last.exp + r*expMargin*float64(at-last.at)
	return max(lvl, last.level+game.SkillFromExp(exp, mult)-game.SkillFromExp(last.exp, mult)) + 1
}

// hackShareAt returns the share of t's money one hack thread steals at the
// level the player will likely have at the given time (at least today's).
func (c *Controller) hackShareAt(t *target, at world.Time) float64 {
	env := c.env
	env.Person.Hacking = max(env.Person.Hacking, c.levelAt(at))
	return hacking.HackShare(t.srv, env)
}

// levelUp takes in a new hacking level. A worker's duration is fixed by
// the level at its call, and bbctl passed it the duration at the level of
// its launch: one whose call may have come after the level-up (launched
// within the longest recent exec latency) lands early, out of its batch's
// order, by a quarter of a percent of its duration per level. Such harvest
// workers are killed and their batches lose what depends on them, as for
// any lost worker; the next batches are planned at the new level.
func (c *Controller) levelUp(level int) {
	c.player.Hacking = level
	c.env.Person.Hacking = level
	var suspect []*op
	for _, o := range c.byPID {
		if o.b.kind == harvestBatch && o.level < level && c.now-o.launchedAt <= c.execLatency() {
			suspect = append(suspect, o)
		}
	}
	sort.Slice(suspect, func(i, j int) bool { return suspect[i].seq < suspect[j].seq })
	for _, o := range suspect {
		if o.state != opRunning {
			continue // gone with a partner killed before it
		}
		c.stats.LevelUpKills++
		c.abort(o)
		c.failBatch(o.b, o.role, "")
	}
}
