package sim

import (
	"context"
	"strconv"
	"testing"

	"bbctl/internal/cputime"
	"bbctl/internal/game"
	"bbctl/internal/world"
)

// load is a small driver that keeps a steady load on a simulated world:
// every step it launches rate·step/1000 one-thread workers (hack, grow and
// weaken in turn, over four targets, round-robin over the purchased
// servers), each landing life ms after its launch, so that about
// rate·life/1000 processes run at once.
type load struct {
	w       *World
	hosts   []string
	targets []string
	perStep int
	step    world.Time
	life    world.Time
	next    world.Time // time of the next launch step
	n       int        // launches so far

	reqs []world.ExecRequest
	dur  [3][4]string // expected duration per op and target, as args
	ops  int64        // launches + completions simulated
	jobs int64
}

var loadTargets = []string{"n00dles", "foodnstuff", "sigma-cosmetics", "joesguns"}

func newLoad(tb testing.TB, rate int, life world.Time) *load {
	const servers = 25
	w, err := New(Config{
		Seed:      1,
		Prepped:   true,
		Player:    PlayerConfig{Hacking: 3000, FreezeExp: true},
		Purchased: []PurchasedConfig{{RAM: 1 << 20 * game.GiB, Count: servers}},
	})
	if err != nil {
		tb.Fatal(err)
	}
	l := &load{w: w, targets: loadTargets, step: 10, life: life}
	l.perStep = rate * int(l.step) / 1000
	for i := range servers {
		h := "pserv-" + strconv.Itoa(i)
		if err := w.Copy(context.Background(), h, world.WorkerScripts()...); err != nil {
			tb.Fatal(err)
		}
		l.hosts = append(l.hosts, h)
	}
	for _, t := range l.targets {
		if err := w.Nuke(context.Background(), t); err != nil {
			tb.Fatal(err)
		}
	}
	l.reqs = make([]world.ExecRequest, l.perStep)
	for i := range l.reqs {
		l.reqs[i] = world.ExecRequest{Threads: 1, Args: make([]string, 4), Temporary: true}
	}
	return l
}

// predict sets the expected durations from the targets' state now.
func (l *load) predict() {
	w := l.w
	for op := range 3 {
		for ti, t := range l.targets {
			s := &w.servers[w.byName[t]].Server
			l.dur[op][ti] = strconv.FormatFloat(w.opTime(world.Op(op+1), s)*1000, 'f', -1, 64)
		}
	}
}

// launch starts one step's workers.
func (l *load) launch(tb testing.TB) {
	w := l.w
	if l.n%(100*l.perStep) == 0 { // predict durations every 100 steps
		l.predict()
	}
	landAt := strconv.FormatInt(int64(w.now+l.life), 10)
	for i := range l.reqs {
		op := l.n % 3
		ti := (l.n / 3) % len(l.targets)
		r := &l.reqs[i]
		r.Script = world.Op(op + 1).Script()
		r.Host = l.hosts[l.n%len(l.hosts)]
		r.Args[0], r.Args[1], r.Args[2], r.Args[3] = l.targets[ti], landAt, l.dur[op][ti], "bench"
		l.n++
	}
	for _, res := range w.Exec(context.Background(), l.reqs) {
		if res.Err != nil {
			tb.Fatal(res.Err)
		}
	}
	l.ops += int64(len(l.reqs))
}

// run simulates until at least ops operations are done or the clock
// reaches end.
func (l *load) run(tb testing.TB, ops int64, end world.Time) {
	ctx := context.Background()
	for l.ops < ops && l.w.now < end {
		ev, err := l.w.Next(ctx, l.next)
		if err != nil {
			tb.Fatal(err)
		}
		switch e := ev.(type) {
		case world.Tick:
			l.launch(tb)
			l.next += l.step
		case world.JobDone:
			if e.Misfire {
				tb.Fatalf("misfire: %+v", e.Report)
			}
			l.ops++
			l.jobs++
		default:
			tb.Fatalf("unexpected event %#v", ev)
		}
	}
}

// BenchmarkHeavyLoad is the simulator's bar: 20,000 concurrent workers over
// four targets, 2,000 launches per game-second, for 10 game-minutes. It
// reports simulated operations (launches + completions) per wall-second.
func BenchmarkHeavyLoad(b *testing.B) {
	var ops int64
	cpu0 := cputime.Process()
	for b.Loop() {
		l := newLoad(b, 2000, 10000)
		l.run(b, 1<<62, 10*60*1000)
		ops += l.ops
		if st := l.w.Stats(); st.MaxConcurrent < 19000 || st.MaxConcurrent > 21000 {
			b.Fatalf("max concurrency %d, want about 20,000", st.MaxConcurrent)
		}
	}
	cpu := cputime.Process() - cpu0
	b.ReportMetric(float64(ops)/b.Elapsed().Seconds(), "ops/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(ops), "ns/simop")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(ops), "cpu-ns/simop")
	}
}

// BenchmarkConcurrency measures the cost of one simulated operation at a
// steady 1k, 10k and 100k concurrent workers (ns/op is per simulated
// operation); it must stay flat.
func BenchmarkConcurrency(b *testing.B) {
	for _, c := range []struct {
		name string
		rate int
	}{{"1k", 100}, {"10k", 1000}, {"100k", 10000}} {
		b.Run(c.name, func(b *testing.B) {
			const life = 10000
			l := newLoad(b, c.rate, life)
			l.run(b, 1<<62, 2*life) // reach the steady state
			if got, want := l.w.Stats().Running, c.rate*life/1000; got < want*9/10 || got > want*11/10 {
				b.Fatalf("%d running, want about %d", got, want)
			}
			l.ops = 0
			b.ResetTimer()
			cpu0 := cputime.Process()
			l.run(b, int64(b.N), 1<<62)
			cpu := cputime.Process() - cpu0
			b.StopTimer()
			b.ReportMetric(float64(l.ops)/b.Elapsed().Seconds(), "ops/s")
			if cpu > 0 {
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(l.ops), "cpu-ns/op")
			}
		})
	}
}
