package gameemu

import (
	"context"
	"fmt"
	"strings"

	"bbctl/internal/game"
)

// version is the game.Version whose RAM rules the emulated game follows.
func (g *Game) version() game.Version {
	if g.cfg.V3 {
		return game.V3
	}
	return game.V261
}

// StaticRAM computes a script's RAM per thread with the game's static
// checker rules (game.ScriptRAM).
func (g *Game) StaticRAM(src string) (game.RAM, error) {
	return g.ramAt(src, 0)
}

// playerRAM is StaticRAM as the game counts it for its player, whose
// Source-File 4 level sets what Singularity functions cost. It runs on the
// loop.
func (g *Game) playerRAM(src string) (game.RAM, error) {
	level := 0
	if g.sim != nil {
		p, err := g.sim.w.Player(context.Background())
		if err != nil {
			return 0, err
		}
		level = p.Singularity
	}
	return g.ramAt(src, level)
}

// ramAt is a script's RAM per thread at the Singularity API's level.
func (g *Game) ramAt(src string, level int) (game.RAM, error) {
	if !strings.Contains(src, "function main") {
		return 0, fmt.Errorf("no main function")
	}
	return game.ScriptRAMAt(src, g.version(), level)
}

// functionRAM is the dynamic RAM charge of the Netscript function name.
func (g *Game) functionRAM(name string) float64 {
	c, _ := game.FunctionRAM(name, g.version())
	return c
}

// scriptRAM is StaticRAM with a cache, for exec.
func (g *Game) scriptRAM(src string) (game.RAM, error) {
	if r, ok := g.ramCache[src]; ok {
		return r, nil
	}
	r, err := g.playerRAM(src)
	if err == nil {
		g.ramCache[src] = r
	}
	return r, err
}
