package snapshot

import (
	"context"
	"strings"
	"testing"
	"time"

	"bbctl/internal/game"
	"bbctl/internal/scenario"
	"bbctl/internal/sim"
	"bbctl/internal/simrun"
	"bbctl/internal/world"
)

// TestTakeSim: a snapshot of a simulated world, written and read back,
// simulates to the same world: every server and the player.
func TestTakeSim(t *testing.T) {
	for _, name := range []string{"early", "late"} {
		sc, err := scenario.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		w, err := sim.New(sc.SimConfig())
		if err != nil {
			t.Fatal(err)
		}
		snap, err := Take(context.Background(), w, Options{Name: "mine", Taken: time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		b, err := Marshal(snap)
		if err != nil {
			t.Fatal(err)
		}
		back, err := scenario.Parse(b, "mine.json")
		if err != nil {
			t.Fatal(err)
		}
		if back.Name != "mine" || time.Duration(back.Duration) != time.Hour || !strings.Contains(back.Description, "2026-12-06 10:00 UTC") {
			t.Errorf("%s: %q %v %q", name, back.Name, back.Duration, back.Description)
		}
		again, err := sim.New(back.SimConfig())
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		for _, h := range w.Hosts() {
			a, _ := w.Server(ctx, h)
			b, err := again.Server(ctx, h)
			if err != nil || a != b {
				t.Errorf("%s: %s:\n got %+v (%v)\nwant %+v", name, h, b, err, a)
			}
			la, _ := w.Scan(ctx, h)
			lb, _ := again.Scan(ctx, h)
			if strings.Join(la, ",") != strings.Join(lb, ",") {
				t.Errorf("%s: %s links %v, want %v", name, h, lb, la)
			}
		}
		pa, _ := w.Player(ctx)
		pb, _ := again.Player(ctx)
		if pa.Hacking != pb.Hacking || pa.HackingExp != pb.HackingExp || len(pa.Programs) != len(pb.Programs) || pa.Mults != pb.Mults {
			t.Errorf("%s: player %+v, want %+v", name, pb, pa)
		}
	}
}

// unknownBitNode is a world whose BitNode is not known (a live game
// before 2.8.1 without the save).
type unknownBitNode struct{ *sim.World }

func (u unknownBitNode) Player(ctx context.Context) (world.Player, error) {
	p, err := u.World.Player(ctx)
	p.BitNode, p.BitNodeLevel = 0, 0
	return p, err
}

func TestTakeUnknownBitNode(t *testing.T) {
	w, err := sim.New(sim.Config{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Take(context.Background(), unknownBitNode{w}, Options{Notes: []string{"no save"}})
	if err != nil {
		t.Fatal(err)
	}
	if sc.BitNode != 1 || sc.Name != "snapshot" || !strings.Contains(sc.Description, "No save; the BitNode was not known: BitNode 1 assumed.") {
		t.Errorf("BitNode %d, %q", sc.BitNode, sc.Description)
	}
}

// TestTakeKeepsOthersRAM: the RAM that scripts other than bbctl's workers
// hold is kept, the workers' is not, and the simulated controller runs
// beside the held RAM without touching it.
func TestTakeKeepsOthersRAM(t *testing.T) {
	sc, err := scenario.Load("mid")
	if err != nil {
		t.Fatal(err)
	}
	w, err := sim.New(sc.SimConfig())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := w.AddScript("home", "mine.js", 32*game.GiB); err != nil {
		t.Fatal(err)
	}
	if err := w.Copy(ctx, "pserv-0", "bbctl/w.js"); err != nil {
		t.Fatal(err)
	}
	for _, r := range w.Exec(ctx, []world.ExecRequest{
		{Script: "mine.js", Host: "home", Threads: 2},
		{Script: "bbctl/w.js", Host: "pserv-0", Threads: 10, Args: world.WorkerArgs{Target: "n00dles", LandAt: 1e6, Duration: 1000}.Args()},
	}) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	snap, err := Take(ctx, w, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range snap.Servers {
		want := game.RAM(0)
		if s.Hostname == "home" {
			want = 64 * game.GiB
		}
		if game.RAM(s.RAMUsed) != want {
			t.Errorf("%s: ram_used %v, want %v", s.Hostname, game.RAM(s.RAMUsed), want)
		}
	}
	snap.Player.FreezeExp = true
	sum, err := simrun.Run(ctx, simrun.Options{Scenario: snap, Duration: 40 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if !sum.LeakCheck.OK || sum.MoneyGained <= 0 {
		t.Errorf("run beside held RAM: %+v", sum)
	}
	again, _ := sim.New(snap.SimConfig())
	ps, _ := again.Ps(ctx, "home")
	if len(ps) != 1 || ps[0].Filename != sim.HeldScript || ps[0].RAM*game.RAM(ps[0].Threads) != 64*game.GiB {
		t.Errorf("home's processes in the snapshot's world: %+v", ps)
	}
}
