package sim

import (
	"bbctl/internal/game"
	"bbctl/internal/world"
)

// This file is the simulator's only door to the game's formulas: every
// number the simulated game computes comes from package game.

// opTime returns the duration in seconds of op against s, from the state
// now.
func (w *World) opTime(op world.Op, s *game.Server) float64 {
	switch op {
	case world.OpHack:
		return game.HackTime(s, &w.person, &w.bn)
	case world.OpGrow:
		return game.GrowTime(s, &w.person, &w.bn)
	default:
		return game.WeakenTime(s, &w.person, &w.bn)
	}
}

// skill returns the hacking level for exp.
func (w *World) skill(exp float64) int {
	return game.SkillFromExp(exp, w.levelMult)
}
