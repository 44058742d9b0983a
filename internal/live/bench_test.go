package live_test

import (
	"context"
	"testing"
	"time"

	"bbctl/internal/cputime"
	"bbctl/internal/game"
	"bbctl/internal/gameemu"
	"bbctl/internal/world"
)

// BenchmarkExecThroughput measures execs per second through the whole
// live path (World.Exec → bridge → agent.js in the emulated game →
// ns.exec), in batches of 500, and then how fast the workers' reports come
// back (worker → port → agent → bridge → World.Next). cpu-µs/exec is the
// CPU time of both ends together (bbctl and the emulated game run in this
// process) per worker launched and reported.
func BenchmarkExecThroughput(b *testing.B) {
	servers := gameemu.DefaultServers()
	servers[0].MaxRAM = 1 << 40
	r := newRig(b, gameemu.Config{Servers: servers, HackTime: 10 * time.Millisecond})
	w := r.srv.World
	ctx := context.Background()
	if err := w.Nuke(ctx, "n00dles"); err != nil {
		b.Fatal(err)
	}
	const batch = 500
	b.ResetTimer()
	start, cpu0 := time.Now(), cputime.Process()
	sent := 0
	for sent < b.N {
		n := min(batch, b.N-sent)
		reqs := make([]world.ExecRequest, n)
		land := w.Now() + 200
		for i := range reqs {
			reqs[i] = world.ExecRequest{Script: world.HackScript, Host: "home", Threads: 1, Temporary: true,
				Args: world.WorkerArgs{Target: "n00dles", LandAt: land, Duration: 10, Tag: "b"}.Args()}
		}
		for i, res := range w.Exec(ctx, reqs) {
			if res.Err != nil {
				b.Fatalf("exec %d: %v", sent+i, res.Err)
			}
		}
		sent += n
	}
	execDone := time.Since(start)
	reports := 0
	deadline := time.Now().Add(time.Minute)
	for reports < b.N && time.Now().Before(deadline) {
		ev, err := w.Next(ctx, w.Now()+1000)
		if err != nil {
			b.Fatal(err)
		}
		if _, ok := ev.(world.JobDone); ok {
			reports++
		}
	}
	all, cpu := time.Since(start), cputime.Process()-cpu0
	b.StopTimer()
	if reports < b.N {
		b.Fatalf("only %d of %d reports arrived", reports, b.N)
	}
	b.ReportMetric(float64(b.N)/execDone.Seconds(), "execs/s")
	b.ReportMetric(float64(b.N)/all.Seconds(), "reports/s")
	if cpu > 0 {
		// Both ends (bbctl and the emulated game) run in this process.
		b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/exec")
	}
	// Only the agent stays: every worker ended after reporting.
	waitFor(b, "the workers to end", 5*time.Second, func() bool { return r.g.UsedRAM("home") <= 6*game.GiB })
}
