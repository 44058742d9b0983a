package sim

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

// checkRAM fails t unless every server's RAMUsed is what its processes
// hold.
func checkRAM(t *testing.T, w *World) {
	t.Helper()
	for _, h := range w.Hosts() {
		ps, err := w.Ps(bg, h)
		if err != nil {
			t.Fatal(err)
		}
		var sum game.RAM
		for _, p := range ps {
			sum += p.RAM * game.RAM(p.Threads)
		}
		if s := srv(t, w, h); s.RAMUsed != sum {
			t.Fatalf("%s: RAMUsed %d, processes hold %d", h, s.RAMUsed, sum)
		}
	}
}

// FuzzExec feeds arbitrary exec requests, worker arguments included, to a
// world and runs it: nothing may panic and RAM must balance.
func FuzzExec(f *testing.F) {
	f.Add("home", world.HackScript, 1, "n00dles", "5000", "100", "tag", int64(0))
	f.Add("home", world.GrowScript, 3, "n00dles", "-1", "1e308", "", int64(50))
	f.Add("pserv-0", world.WeakenScript, 2, "pserv-0", "99999999999", "0", "x", int64(7))
	f.Add("home", "mine.js", 1, "a", "b", "c", "d", int64(1))
	f.Add("n00dles", world.HackScript, -1, "", "", "", "", int64(-5))
	f.Fuzz(func(t *testing.T, host, script string, threads int, a0, a1, a2, a3 string, until int64) {
		w := newWorld(t, Config{Seed: 1, LaunchLatency: 5, Purchased: []PurchasedConfig{{RAM: 64 * game.GiB, Count: 1}}})
		mustNuke(t, w, "n00dles")
		if err := w.AddScript("home", "mine.js", 250); err != nil {
			t.Fatal(err)
		}
		w.Copy(bg, "pserv-0", world.WorkerScripts()...)
		reqs := []world.ExecRequest{
			{Script: script, Host: host, Threads: threads, Args: []string{a0, a1, a2, a3}},
			{Script: script, Host: host, Threads: threads, Args: []string{a0, a1, a2}},
		}
		for _, r := range w.Exec(bg, reqs) {
			if r.Err != nil {
				var oe *world.OpError
				if !errors.As(r.Err, &oe) {
					t.Fatalf("exec error %v is not an *world.OpError", r.Err)
				}
			}
		}
		checkRAM(t, w)
		for range 10 {
			if _, err := w.Next(bg, world.Time(until)); err != nil {
				t.Fatal(err)
			}
			checkRAM(t, w)
		}
		w.Kill(bg, []int{1, 2, 3})
		drain(t, w, math.MaxInt64)
		checkRAM(t, w)
	})
}

// FuzzConfig builds worlds from arbitrary configurations: New either
// returns an error or a world that runs.
func FuzzConfig(f *testing.F) {
	f.Add(uint64(1), 1, 1, "", 0, 0.0, 0.0, int64(0), 0, int64(0), int64(0), 0.0, 0.0, 0, int64(0), 0, 0)
	f.Add(uint64(9), 12, 3, "2.6.1", 500, 0.0, 1e9, int64(800), 4, int64(20), int64(5), 100.0, 0.0, 3, int64(1<<20*100), 2, 1)
	f.Add(uint64(9), 9, 1, "", 0, 0.0, 1e9, int64(0), 0, int64(0), int64(0), 0.0, 0.0, 0, int64(0), 0, 0)
	f.Add(uint64(0), 15, -1, "x", -1, math.NaN(), -1.0, int64(-1), 99, int64(-1), int64(-1), -1.0, math.Inf(1), -1, int64(3), -1, 4)
	f.Fuzz(func(t *testing.T, seed uint64, bitNode, level int, version string, hacking int, exp, money float64,
		homeRAM int64, cores int, latency, jitter int64, kills, speed float64, portCap int, pservRAM int64, pservCount int, sf9 int) {
		cfg := Config{
			Seed: seed, BitNode: bitNode, BitNodeLevel: level, Version: version,
			Player:        PlayerConfig{Hacking: hacking, Exp: exp, Money: money, SourceFile9: sf9},
			Home:          HomeConfig{RAM: game.RAM(homeRAM), Cores: cores},
			LaunchLatency: world.Time(latency),
			Faults:        Faults{ExecJitter: world.Time(jitter), KillsPerHour: kills},
			Speed:         speed,
			Clock:         &fakeClock{},
			PortCapacity:  portCap,
			Purchased:     []PurchasedConfig{{RAM: game.RAM(pservRAM), Count: pservCount}},
		}
		w, err := New(cfg)
		if err != nil {
			if w != nil {
				t.Fatalf("New returned a world and the error %v", err)
			}
			return
		}
		w.Nuke(bg, "n00dles")
		w.Exec(bg, []world.ExecRequest{{Script: world.WeakenScript, Host: "home", Threads: 1, Args: world.WorkerArgs{Target: "n00dles", LandAt: 1e6}.Args()}})
		if i, err := w.BuyHacknetNode(bg); err == nil { // a hacknet server where they replace nodes
			w.UpgradeHacknet(bg, i, world.HacknetRAM, 2)
			if h, _ := w.Hacknet(bg); h.Servers {
				host := h.Nodes[i].Host
				w.Copy(bg, host, world.WeakenScript)
				w.Exec(bg, []world.ExecRequest{{Script: world.WeakenScript, Host: host, Threads: 1, Args: world.WorkerArgs{Target: "n00dles", LandAt: 1e6}.Args()}})
			}
		}
		for range 5 {
			if _, err := w.Next(bg, 2e6); err != nil {
				t.Fatal(err)
			}
		}
		checkRAM(t, w)
		if h, _ := w.Hacknet(bg); h.Hashes < 0 || h.Hashes > h.HashCapacity || math.IsNaN(h.Hashes) {
			t.Fatalf("hashes %v of a capacity of %v", h.Hashes, h.HashCapacity)
		}
	})
}

// fakeClock is a wall clock that moves only when slept on.
type fakeClock struct {
	now   time.Time
	slept time.Duration
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.now = c.now.Add(d)
	c.slept += d
	return nil
}

func TestPacing(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1000, 0)}
	w := newWorld(t, Config{Seed: 1, Speed: 4, Clock: clock})
	mustNuke(t, w, "n00dles")
	if ev, err := w.Next(bg, 2000); err != nil || ev.When() != 2000 || clock.slept != 500*time.Millisecond {
		t.Fatalf("tick at 2000 game-ms: %#v %v after sleeping %v, want 500ms", ev, err, clock.slept)
	}
	end := predictedEnd(w, world.OpWeaken, "n00dles", 2000, 0)
	mustExec(t, w, worker(world.OpWeaken, "home", "n00dles", 1, end, float64(end-2000), ""))
	ev, err := w.Next(bg, 1e9)
	if err != nil || ev.When() != end {
		t.Fatalf("job: %#v %v", ev, err)
	}
	if want := time.Duration(end) * time.Millisecond / 4; clock.slept != want {
		t.Errorf("slept %v by game time %d, want %v", clock.slept, end, want)
	}
	// Time the driver spends between calls counts: a late driver does not
	// sleep until the simulation has caught up with the wall clock.
	clock.now = clock.now.Add(10 * time.Second)
	before := clock.slept
	if ev, _ := w.Next(bg, end+30000); ev.When() != end+30000 || clock.slept != before {
		t.Errorf("after 10 s of driver work, 30 game-s at speed 4 slept %v more", clock.slept-before)
	}
	w.Next(bg, end+50000)
	if clock.slept-before != 2500*time.Millisecond {
		t.Errorf("caught up, then 20 more game-s slept %v, want 2.5s", clock.slept-before)
	}
}

func TestPacingCancelled(t *testing.T) {
	w := newWorld(t, Config{Speed: 1}) // the real clock
	ctx, cancel := context.WithTimeout(bg, 20*time.Millisecond)
	defer cancel()
	if _, err := w.Next(ctx, 1e9); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Next = %v, want the deadline", err)
	}
	if w.Now() != 0 {
		t.Errorf("a cancelled Next moved the clock to %d", w.Now())
	}
}
