// Package tracker records every stock's price at each market update and
// derives what a trader and the dashboard read from the history: the seed
// system's indicators (mean, median, σ, SMA, EMA, z-score, rate of change,
// Bollinger bands, percentiles, drawdown, correlations) and, for a player
// without 4S data, estimates of each stock's volatility (recovered exactly,
// STOCKS.md §6.2) and forecast (a Bayesian filter over the up-probability
// that knows the market's 75-update flip cycle).
//
// A Tracker is a plain value: it reads no clock and does no I/O. The
// history it keeps can be saved and restored (Samples, Restore) so a
// restart does not lose the window a trader without 4S needs.
package tracker

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// Sample is one market update as a script sees it: the price of every
// stock, in the tracker's symbol order.
type Sample struct {
	Update int64     `json:"update"` // a counter of updates; consecutive samples differ by 1
	Prices []float64 `json:"prices"`
}

// Tracker keeps a window of prices per symbol and the no-4S estimates.
type Tracker struct {
	syms   []string
	index  map[string]int
	window int
	hist   []Sample // oldest first, at most window long
	est    *Estimator
}

// New returns a tracker for syms (the market's symbols, in a fixed order)
// keeping the last window updates.
func New(syms []string, window int) (*Tracker, error) {
	if window < 2 {
		return nil, fmt.Errorf("tracker: window %d is shorter than 2 updates", window)
	}
	t := &Tracker{syms: append([]string(nil), syms...), index: map[string]int{}, window: window}
	for i, s := range syms {
		if _, dup := t.index[s]; dup {
			return nil, fmt.Errorf("tracker: symbol %q listed twice", s)
		}
		t.index[s] = i
	}
	t.est = NewEstimator(syms)
	return t, nil
}

// Symbols returns the tracked symbols in order.
func (t *Tracker) Symbols() []string { return t.syms }

// Window returns the number of updates kept.
func (t *Tracker) Window() int { return t.window }

// ErrShape is returned for a sample with the wrong number of prices or a
// price that is not a positive number.
var ErrShape = errors.New("tracker: malformed sample")

// Record adds one update's prices. A sample that is not the update after
// the previous one is recorded too, but the estimator learns nothing from
// the gap (a missed update breaks the pair, §6.2).
func (t *Tracker) Record(s Sample) error {
	if len(s.Prices) != len(t.syms) {
		return fmt.Errorf("%w: %d prices for %d symbols", ErrShape, len(s.Prices), len(t.syms))
	}
	for i, p := range s.Prices {
		if !(p > 0) || math.IsInf(p, 0) {
			return fmt.Errorf("%w: %s price %v", ErrShape, t.syms[i], p)
		}
	}
	if n := len(t.hist); n > 0 {
		last := t.hist[n-1]
		if s.Update <= last.Update {
			return fmt.Errorf("%w: update %d after %d", ErrShape, s.Update, last.Update)
		}
		if s.Update == last.Update+1 {
			t.est.Observe(last.Prices, s.Prices)
		} else {
			t.est.Gap()
		}
	}
	s.Prices = append([]float64(nil), s.Prices...)
	t.hist = append(t.hist, s)
	if len(t.hist) > t.window {
		t.hist = append(t.hist[:0:0], t.hist[len(t.hist)-t.window:]...)
	}
	return nil
}

// Samples returns the window, oldest first.
func (t *Tracker) Samples() []Sample { return t.hist }

// Restore replays saved samples (oldest first) into an empty tracker, so
// the indicators and estimates are what they were.
func (t *Tracker) Restore(samples []Sample) error {
	for _, s := range samples {
		if err := t.Record(s); err != nil {
			return err
		}
	}
	return nil
}

// Len returns the number of samples held.
func (t *Tracker) Len() int { return len(t.hist) }

// Estimator returns the no-4S estimator.
func (t *Tracker) Estimator() *Estimator { return t.est }

// Prices returns sym's prices over the window, oldest first.
func (t *Tracker) Prices(sym string) ([]float64, error) {
	i, ok := t.index[sym]
	if !ok {
		return nil, fmt.Errorf("tracker: unknown symbol %q", sym)
	}
	out := make([]float64, len(t.hist))
	for j, s := range t.hist {
		out[j] = s.Prices[i]
	}
	return out, nil
}

// Indicators are the seed tracker's statistics of one symbol's window.
type Indicators struct {
	N         int     `json:"n"`
	Last      float64 `json:"last"`
	Mean      float64 `json:"mean"`
	Median    float64 `json:"median"`
	StdDev    float64 `json:"std_dev"`
	SMA       float64 `json:"sma"` // over the last SMAPeriod prices
	EMA       float64 `json:"ema"` // with α = 2/(SMAPeriod+1)
	Z         float64 `json:"z"`   // (last − mean)/σ, 0 when σ is 0
	ROC       float64 `json:"roc"` // rate of change over SMAPeriod updates, a fraction
	BandUpper float64 `json:"band_upper"`
	BandLower float64 `json:"band_lower"` // Bollinger: SMA ± 2σ of the same period
	P10       float64 `json:"p10"`
	P90       float64 `json:"p90"`
	Drawdown  float64 `json:"drawdown"` // largest fall from a running peak, a fraction
}

// SMAPeriod is the period of the moving averages, rate of change and bands.
const SMAPeriod = 20

// Indicators computes sym's statistics over the window.
func (t *Tracker) Indicators(sym string) (Indicators, error) {
	ps, err := t.Prices(sym)
	if err != nil {
		return Indicators{}, err
	}
	return Compute(ps), nil
}

// Compute returns the indicators of a price series, oldest first.
func Compute(ps []float64) Indicators {
	var in Indicators
	in.N = len(ps)
	if in.N == 0 {
		return in
	}
	in.Last = ps[in.N-1]
	in.Mean, in.StdDev = meanStd(ps)
	sorted := append([]float64(nil), ps...)
	sort.Float64s(sorted)
	in.Median = Percentile(sorted, 50)
	in.P10 = Percentile(sorted, 10)
	in.P90 = Percentile(sorted, 90)
	if in.StdDev > 0 {
		in.Z = (in.Last - in.Mean) / in.StdDev
	}
	k := min(SMAPeriod, in.N)
	tail := ps[in.N-k:]
	sma, sd := meanStd(tail)
	in.SMA = sma
	in.BandUpper, in.BandLower = sma+2*sd, sma-2*sd
	alpha := 2 / float64(SMAPeriod+1)
	in.EMA = ps[0]
	for _, p := range ps[1:] {
		in.EMA += alpha * (p - in.EMA)
	}
	in.ROC = in.Last/tail[0] - 1
	peak := ps[0]
	for _, p := range ps {
		peak = math.Max(peak, p)
		in.Drawdown = math.Max(in.Drawdown, (peak-p)/peak)
	}
	return in
}

func meanStd(xs []float64) (float64, float64) {
	var sum float64
	for _, x := range xs {
		sum += x
	}
	mean := sum / float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)))
}

// Percentile returns the p-th percentile (0–100) of sorted values by
// linear interpolation between closest ranks.
func Percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	r := p / 100 * float64(len(sorted)-1)
	lo := int(math.Floor(r))
	hi := min(lo+1, len(sorted)-1)
	return sorted[lo] + (r-float64(lo))*(sorted[hi]-sorted[lo])
}

// Correlation returns the Pearson correlation of the per-update returns of
// two symbols over the window (NaN with fewer than 3 samples or a flat
// series).
func (t *Tracker) Correlation(a, b string) (float64, error) {
	pa, err := t.Prices(a)
	if err != nil {
		return 0, err
	}
	pb, err := t.Prices(b)
	if err != nil {
		return 0, err
	}
	if len(pa) < 3 {
		return math.NaN(), nil
	}
	ra, rb := returns(pa), returns(pb)
	ma, sa := meanStd(ra)
	mb, sb := meanStd(rb)
	if sa == 0 || sb == 0 {
		return math.NaN(), nil
	}
	var cov float64
	for i := range ra {
		cov += (ra[i] - ma) * (rb[i] - mb)
	}
	return cov / float64(len(ra)) / (sa * sb), nil
}

func returns(ps []float64) []float64 {
	out := make([]float64, len(ps)-1)
	for i := 1; i < len(ps); i++ {
		out[i-1] = ps[i]/ps[i-1] - 1
	}
	return out
}

// Z returns the z-score of sym's last price over the window (0 when the
// window is flat or empty): the cheap part of Indicators.
func (t *Tracker) Z(sym string) (float64, error) {
	i, ok := t.index[sym]
	if !ok {
		return 0, fmt.Errorf("tracker: unknown symbol %q", sym)
	}
	n := len(t.hist)
	if n == 0 {
		return 0, nil
	}
	var sum, ss float64
	for _, s := range t.hist {
		sum += s.Prices[i]
	}
	mean := sum / float64(n)
	for _, s := range t.hist {
		d := s.Prices[i] - mean
		ss += d * d
	}
	sd := math.Sqrt(ss / float64(n))
	if sd == 0 {
		return 0, nil
	}
	return (t.hist[n-1].Prices[i] - mean) / sd, nil
}
