package main

import (
	"context"
	"fmt"
	"math"

	"bbctl/internal/game"
	"bbctl/internal/hacking"
)

type weakenReport struct {
	Threads  game.Number `json:"threads"`
	Cores    int         `json:"cores"`
	Removed  game.Number `json:"removed"`    // security removed by Threads
	PerThrd  game.Number `json:"per_thread"` // security per thread
	Remove   game.Number `json:"remove,omitempty"`
	Required game.Number `json:"threads_to_remove,omitempty"`
}

func calcWeaken(_ context.Context, e env, args []string) error {
	c := newCalcEnv(e, "weaken", "[--threads N] [--remove SECURITY] [--cores N] [flags]", false)
	threads := c.fs.Float64("threads", 1, "weaken `threads`")
	remove := c.fs.Float64("remove", 0, "security to remove: print the threads it takes")
	cores := c.fs.Int("cores", 1, "cores of the host running the weaken")
	if err := c.parse(args); err != nil {
		return err
	}
	if *cores < 1 || !(*threads > 0) || math.IsInf(*threads, 0) || *remove < 0 || math.IsInf(*remove, 0) {
		return usageError("--cores, --threads and --remove must be positive (--remove may be 0)")
	}
	per := game.WeakenEffect(1, *cores, &c.bn)
	r := weakenReport{Threads: game.Number(*threads), Cores: *cores,
		Removed: game.Number(game.WeakenEffect(*threads, *cores, &c.bn)), PerThrd: game.Number(per)}
	if *remove > 0 {
		r.Remove = game.Number(*remove)
		r.Required = game.Number(hacking.WeakenThreads(*remove, *cores, hacking.Env{BN: &c.bn}))
	}
	if c.jsonOut {
		return writeJSON(e.stdout, r)
	}
	fmt.Fprintf(e.stdout, "%s thread(s) on %d core(s) remove %s security (%s per thread, BitNode %s)\n",
		formatFloat(*threads), *cores, formatFloat(float64(r.Removed)), formatFloat(per), c.bnNumber)
	if *remove > 0 {
		fmt.Fprintf(e.stdout, "removing %s security takes %s thread(s)\n", formatFloat(*remove), formatFloat(float64(r.Required)))
	}
	return nil
}
