package dashboard

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/logline"
	"bbctl/internal/store"
	"bbctl/internal/world"
)

func TestIncomeSeries(t *testing.T) {
	for _, c := range []struct {
		name  string
		until int64
		rate  float64
	}{
		{"ten minutes", 600, 250},
		{"five hours", 5 * 3600, 1e6},
		{"a week", 7 * 24 * 3600, 3.5e9},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newIncomeSeries()
			for sec := int64(0); sec <= c.until; sec++ {
				s.add(sec, c.rate*float64(sec))
			}
			if got := s.now(); math.Abs(got-c.rate) > 1e-9*c.rate {
				t.Errorf("now %g, want %g", got, c.rate)
			}
			hour := s.hourPoints()
			if len(hour) == 0 || hour[len(hour)-1][0] != float64(c.until) {
				t.Fatalf("hour: %d points, last %v", len(hour), hour[len(hour)-1])
			}
			if span := hour[len(hour)-1][0] - hour[0][0]; span >= hourSpan {
				t.Errorf("hour spans %g s", span)
			}
			run := s.runPoints()
			if len(run) > maxRunSamples {
				t.Errorf("run has %d points, want at most %d", len(run), maxRunSamples)
			}
			if len(run) == 0 || run[len(run)-1][0] < float64(c.until)-float64(s.stride) {
				t.Errorf("run ends at %v, want near %d", run[len(run)-1], c.until)
			}
			for _, ps := range [][]Point{hour, run} {
				for i, p := range ps {
					if math.Abs(p[1]-c.rate) > 1e-9*c.rate {
						t.Fatalf("point %d: %v, want rate %g", i, p, c.rate)
					}
					if i > 0 && p[0] <= ps[i-1][0] {
						t.Fatalf("points %d, %d out of order: %v %v", i-1, i, ps[i-1], p)
					}
				}
			}
		})
	}
}

func TestIncomeWindow(t *testing.T) {
	// $1000 at once at second 100: the rate over the minute after is
	// 1000/60, and 0 once it has passed.
	s := newIncomeSeries()
	for sec := int64(0); sec <= 400; sec++ {
		g := 0.0
		if sec >= 100 {
			g = 1000
		}
		s.add(sec, g)
	}
	if got := s.now(); got != 0 {
		t.Errorf("now %g long after the step, want 0", got)
	}
	for _, p := range s.hourPoints() {
		want := 0.0
		if p[0] >= 100 && p[0] < 160 {
			want = 1000.0 / 60
		}
		if p[0] > 60 && math.Abs(p[1]-want) > 1e-9 {
			t.Errorf("at %g s: %g, want %g", p[0], p[1], want)
		}
	}
	if s.add(400, 5) || s.add(10, 5) {
		t.Error("add kept a sample for a second already seen")
	}
}

func TestLogRing(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		size := 1 + r.IntN(50)
		n := r.IntN(200)
		ring := newLogRing(size)
		for i := range n {
			ring.add(controller.LogLine{Level: logline.Levels()[i%4], Msg: "x"}, "")
		}
		got := ring.since(0, 1<<30, nil)
		if want := min(n, size); len(got) != want {
			t.Fatalf("size %d after %d lines: kept %d, want %d", size, n, len(got), want)
		}
		for i, e := range got {
			if want := uint64(n - len(got) + i + 1); e.Seq != want {
				t.Fatalf("size %d after %d lines: line %d has seq %d, want %d", size, n, i, e.Seq, want)
			}
		}
		since := uint64(r.IntN(n + 1))
		limit := 1 + r.IntN(60)
		part := ring.since(since, limit, nil)
		if len(part) > limit {
			t.Fatalf("limit %d: %d lines", limit, len(part))
		}
		for i, e := range part {
			if e.Seq <= since || (i > 0 && e.Seq != part[i-1].Seq+1) {
				t.Fatalf("since %d limit %d: %v", since, limit, part)
			}
		}
		if len(part) > 0 && part[len(part)-1].Seq != uint64(n) {
			t.Fatalf("since %d: last line %d, want the newest %d", since, part[len(part)-1].Seq, n)
		}
	}
}

func TestStepThrottles(t *testing.T) {
	now := time.Unix(1000, 0)
	hub := New(Options{Now: func() time.Time { return now }, PublishEvery: 250 * time.Millisecond})
	c, err := controller.New(controller.Config{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	// 1000 steps over one wall second: four or five frames, not 1000.
	for range 1000 {
		hub.Step(c, 0)
		now = now.Add(time.Millisecond)
	}
	hub.mu.Lock()
	frames := hub.ver.status
	hub.mu.Unlock()
	if frames < 4 || frames > 5 {
		t.Errorf("%d frames in a wall second, want 4 or 5", frames)
	}
	// A command makes the next step publish at once.
	done := make(chan error)
	go func() {
		_, err := hub.ask(nil, reqPause, "")
		done <- err
	}()
	for !hub.waiting.Load() {
		time.Sleep(time.Millisecond)
	}
	hub.Step(c, 0)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	hub.mu.Lock()
	paused, after := hub.status.Paused, hub.ver.status
	hub.mu.Unlock()
	if !paused || after != frames+1 {
		t.Errorf("after pause: paused %v, frames %d → %d", paused, frames, after)
	}
}

// TestTimeLabels checks how the page is told the time: game time since the
// start in a simulation; in a live game, whose clock is the wall's Unix ms,
// the time of day and the time since the run began.
func TestTimeLabels(t *testing.T) {
	began := world.Time(time.Date(2026, 12, 6, 14, 3, 22, 0, time.UTC).UnixMilli())
	for _, c := range []struct {
		name          string
		opt           Options
		start         world.Time
		header, logAt string
		wallClock     bool
	}{
		{"sim", Options{}, 0, "game time 0:12:05", "0:00:05", false},
		{"live", Options{WallClock: true, Location: time.UTC}, began, "14:15:27 · running 0:12:05", "14:03:27", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			now := time.Unix(1000, 0)
			c.opt.Now = func() time.Time { return now }
			hub := New(c.opt)
			ctl, err := controller.New(controller.Config{}, c.start)
			if err != nil {
				t.Fatal(err)
			}
			hub.Step(ctl, 0)
			ctl.Step(world.Tick{At: c.start + 725_000})
			now = now.Add(time.Second)
			hub.Step(ctl, 0)
			hub.Log(controller.LogLine{At: c.start + 5000, Level: logline.Info, Msg: "x"})
			st := hub.statusView()
			if st.Clock != c.header || st.WallClock != c.wallClock {
				t.Errorf("header %q (wall clock %v), want %q (%v)", st.Clock, st.WallClock, c.header, c.wallClock)
			}
			if l := hub.logView(0, 10, nil).Lines; len(l) != 1 || l[0].Clock != c.logAt {
				t.Errorf("log line times %+v, want %q", l, c.logAt)
			}
		})
	}
}

// TestPreload: an earlier run's income history starts the chart, and the
// money gained counts on from it.
func TestPreload(t *testing.T) {
	h := New(Options{Title: "preload"})
	h.Preload([]store.IncomePoint{{AtMs: 0, Earned: 0}, {AtMs: 60000, Earned: 6000}, {AtMs: 120000, Earned: 12000}})
	v := h.incomeView()
	if len(v.Run) == 0 || v.Run[len(v.Run)-1][1] != 100 {
		t.Errorf("run points after preload: %v", v.Run)
	}
	if h.loop.base != 12000 {
		t.Errorf("base %v", h.loop.base)
	}
	h.Preload(nil) // nothing saved: nothing changes
	if h.loop.base != 12000 {
		t.Errorf("base after an empty preload %v", h.loop.base)
	}
}
