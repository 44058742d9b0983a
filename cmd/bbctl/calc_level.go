package main

import (
	"context"
	"fmt"

	"bbctl/internal/game"
)

type levelReport struct {
	Mult      game.Number `json:"mult"` // level multiplier × BitNode level multiplier
	Exp       game.Number `json:"exp,omitempty"`
	Level     int         `json:"level,omitempty"`
	ExpNaive  game.Number `json:"exp_naive,omitempty"`  // the game's calculateExp
	ExpExact  game.Number `json:"exp_exact,omitempty"`  // the least exp that reaches the level
	NextLevel int         `json:"next_level,omitempty"` // with --exp: the next level
	ExpToNext game.Number `json:"exp_to_next,omitempty"`
}

func calcLevel(_ context.Context, e env, args []string) error {
	c := newCalcEnv(e, "level", "--exp EXP | --level N [--level-mult M] [flags]", false)
	exp := c.fs.Float64("exp", 0, "hacking `exp`: print the level")
	level := c.fs.Int("level", 0, "hacking `level`: print the exp it needs")
	mult := c.fs.Float64("level-mult", 1, "your hacking level multiplier (the BitNode's is applied too)")
	if err := c.parse(args); err != nil {
		return err
	}
	hasExp := flagSet(c.fs, "exp")
	if hasExp == flagSet(c.fs, "level") {
		return usageError("give exactly one of --exp and --level")
	}
	if hasExp && !(*exp >= 0) {
		return usageError("--exp %v: want a number ≥ 0", *exp)
	}
	if !hasExp && *level < 1 {
		return usageError("--level %d: want ≥ 1", *level)
	}
	if !(*mult > 0) {
		return usageError("--level-mult %v: want a number > 0", *mult)
	}
	m := *mult * c.bn.HackingLevelMultiplier
	r := levelReport{Mult: game.Number(m)}
	if hasExp {
		r.Exp = game.Number(*exp)
		r.Level = game.SkillFromExp(*exp, m)
		r.NextLevel = r.Level + 1
		r.ExpToNext = game.Number(game.ExpForSkillExact(r.NextLevel, m) - *exp)
	} else {
		r.Level = *level
		r.ExpNaive = game.Number(game.ExpForSkill(*level, m))
		r.ExpExact = game.Number(game.ExpForSkillExact(*level, m))
	}
	if c.jsonOut {
		return writeJSON(e.stdout, r)
	}
	if hasExp {
		fmt.Fprintf(e.stdout, "exp %s gives hacking level %d (multiplier %s); level %d needs %s more exp\n",
			formatFloat(*exp), r.Level, formatFloat(m), r.NextLevel, formatFloat(float64(r.ExpToNext)))
		return nil
	}
	fmt.Fprintf(e.stdout, "hacking level %d needs %s exp (multiplier %s)", r.Level, exact(float64(r.ExpExact)), formatFloat(m))
	if r.ExpExact != r.ExpNaive {
		fmt.Fprintf(e.stdout, "; the game's calculateExp says %s, which falls just short", exact(float64(r.ExpNaive)))
	}
	fmt.Fprintln(e.stdout)
	return nil
}
