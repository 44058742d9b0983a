package dashboard

import (
	"bbctl/internal/controller"
	"bbctl/internal/logline"
)

// sample is the money gained by a game second.
type sample struct {
	t int64   // game seconds
	g float64 // money gained since the run began
}

// Income series sizes: the last hour at one sample every hourStep game
// seconds, and the whole run in at most maxRunSamples, thinned by halves.
const (
	hourStep      = 5
	hourSpan      = 3600
	maxRunSamples = 720
	rateWindow    = 60 // seconds a point's rate is averaged over, at least
	runSmooth     = 150
)

// incomeSeries records the money gained over game time.
type incomeSeries struct {
	last   int64    // last game second seen; -1 before the first
	hour   []sample // every hourStep seconds, the last hour and a window more
	run    []sample // every stride seconds since the start
	stride int64
}

func newIncomeSeries() incomeSeries {
	return incomeSeries{last: -1, stride: hourStep}
}

// lastSec returns the last game second add saw.
func (s *incomeSeries) lastSec() int64 { return s.last }

// add records that g was gained by game second sec; it reports whether a
// sample was kept.
func (s *incomeSeries) add(sec int64, g float64) bool {
	if sec <= s.last {
		return false
	}
	s.last = sec
	if n := len(s.hour); n > 0 && sec-s.hour[n-1].t < hourStep {
		return false
	}
	x := sample{sec, g}
	s.hour = append(s.hour, x)
	// Keep the hour and one rate window before it; trim in bulk.
	keep := (hourSpan+rateWindow)/hourStep + 1
	if len(s.hour) > 2*keep {
		s.hour = append(s.hour[:0], s.hour[len(s.hour)-keep:]...)
	}
	if n := len(s.run); n == 0 || sec-s.run[n-1].t >= s.stride {
		s.run = append(s.run, x)
		if len(s.run) > maxRunSamples {
			s.run = thin(s.run)
			s.stride *= 2
		}
	}
	return true
}

// thin keeps the first sample and every other one after it, in place.
func thin(ss []sample) []sample {
	n := 0
	for i := 0; i < len(ss); i += 2 {
		ss[n] = ss[i]
		n++
	}
	return ss[:n]
}

// now returns the income per second over the last rate window.
func (s *incomeSeries) now() float64 {
	n := len(s.hour)
	if n < 2 {
		return 0
	}
	last := s.hour[n-1]
	i := n - 2
	for i > 0 && last.t-s.hour[i].t < rateWindow {
		i--
	}
	return (last.g - s.hour[i].g) / float64(last.t-s.hour[i].t)
}

// Point is a point of the income chart: game seconds and $/s.
type Point [2]float64

// hourPoints returns the income rate over the last hour.
func (s *incomeSeries) hourPoints() []Point {
	if len(s.hour) == 0 {
		return []Point{}
	}
	from := s.hour[len(s.hour)-1].t - hourSpan
	return rates(s.hour, rateWindow, from)
}

// runPoints returns the income rate over the whole run, each point
// averaged over a minute, its stride, or 1/runSmooth of the run, whichever
// is longest.
func (s *incomeSeries) runPoints() []Point {
	w := max(rateWindow, s.stride)
	if n := len(s.run); n > 1 {
		w = max(w, (s.run[n-1].t-s.run[0].t)/runSmooth)
	}
	return rates(s.run, w, -1)
}

// rates turns samples into rates, each averaged over the window (or what
// there is of it at the start), for the samples after from.
func rates(ss []sample, window, from int64) []Point {
	ps := make([]Point, 0, len(ss))
	j := 0
	for k := 1; k < len(ss); k++ {
		for j+1 < k && ss[k].t-ss[j+1].t >= window {
			j++
		}
		if ss[k].t <= from {
			continue
		}
		dt := ss[k].t - ss[j].t
		ps = append(ps, Point{float64(ss[k].t), (ss[k].g - ss[j].g) / float64(dt)})
	}
	return ps
}

// LogEntry is a line of the log as the page gets it.
type LogEntry struct {
	Seq   uint64        `json:"seq"`
	At    float64       `json:"at"`    // game seconds
	Clock string        `json:"clock"` // at as the page shows it
	Level logline.Level `json:"level"`
	Msg   string        `json:"msg"`
}

// logRing keeps the last lines of the log.
type logRing struct {
	lines []LogEntry
	start int    // index of the oldest line once full
	seq   uint64 // Seq of the newest line
}

func newLogRing(n int) logRing { return logRing{lines: make([]LogEntry, 0, n)} }

func (r *logRing) add(l controller.LogLine, clock string) {
	r.seq++
	e := LogEntry{Seq: r.seq, At: l.At.Seconds(), Clock: clock, Level: l.Level, Msg: l.Msg}
	if len(r.lines) < cap(r.lines) {
		r.lines = append(r.lines, e)
		return
	}
	r.lines[r.start] = e
	r.start = (r.start + 1) % len(r.lines)
}

// since returns the kept lines newer than seq that keep reports true
// for, oldest first, at most limit of them (the newest).
func (r *logRing) since(seq uint64, limit int, keep func(*LogEntry) bool) []LogEntry {
	out := []LogEntry{}
	n := len(r.lines)
	for i := n - 1; i >= 0 && len(out) < limit; i-- {
		e := &r.lines[(r.start+i)%n]
		if e.Seq <= seq {
			break
		}
		if keep == nil || keep(e) {
			out = append(out, *e)
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}
