package sim_test

import (
	"context"
	"fmt"

	"bbctl/internal/game"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// A weaken worker launched to land at 120 s: it expects the weaken to take
// its true duration, so the game pads the call with additionalMsec and the
// job lands on time.
func Example() {
	ctx := context.Background()
	w, err := sim.New(sim.Config{Seed: 1, Player: sim.PlayerConfig{Hacking: 50}})
	if err != nil {
		panic(err)
	}
	if err := w.Nuke(ctx, "n00dles"); err != nil {
		panic(err)
	}
	target, _ := w.Server(ctx, "n00dles")
	p, _ := w.Player(ctx)
	bn := game.DefaultBitNodeMults()
	person := p.Person()
	expect := game.WeakenTime(&target, &person, &bn) * 1000 // ms

	args := world.WorkerArgs{Target: "n00dles", LandAt: 120000, Duration: expect, Tag: "demo"}
	res := w.Exec(ctx, []world.ExecRequest{{Script: world.WeakenScript, Host: "home", Threads: 2, Args: args.Args()}})
	fmt.Println("pid", res[0].PID, "error", res[0].Err)

	for {
		ev, err := w.Next(ctx, 200000)
		if err != nil {
			panic(err)
		}
		if j, ok := ev.(world.JobDone); ok {
			fmt.Printf("%s on %s landed at %d ms (planned %d), removed %.2f security\n", j.Op, j.Target, j.End, j.LandAt, j.Result)
			break
		}
	}
	// Output:
	// pid 1 error <nil>
	// weaken on n00dles landed at 120000 ms (planned 120000), removed 0.00 security
}
