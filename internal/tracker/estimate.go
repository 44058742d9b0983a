package tracker

import (
	"math"

	"bbctl/internal/market"
)

// The forecast filter's grid: the up-probability q takes one of bins
// values, the centres of equal cells of [0, 1].
const (
	bins       = 60
	diffusion  = 0.01        // chance per update that q moves one cell either way
	hazardBase = 0.45 / 75.0 // flip chance per update while the cycle phase is unknown
	hazardOff  = 0.0005      // flip chance off the known cycle updates (robustness)
	flipChance = 0.45
	cycleLen   = market.TicksPerCycle

	invWindow   = 35 // moves on each side of a candidate cycle update (under half a cycle)
	phaseMinObs = 2  // cycles of evidence before the phase is trusted
)

// Estimate is what the estimator believes of one stock.
type Estimate struct {
	Forecast   float64 `json:"forecast"`   // posterior mean of the up-probability
	Std        float64 `json:"std"`        // its posterior standard deviation
	PUp        float64 `json:"p_up"`       // posterior probability that q > 0.5
	Volatility float64 `json:"volatility"` // mv/100, 0 while unknown
	Moves      int     `json:"moves"`      // moves observed since the last gap
	FlipRisk   float64 `json:"flip_risk"`  // chance the next update flips this stock
	ToCycle    int     `json:"to_cycle"`   // updates until the next cycle update, −1 if unknown
	Confidence float64 `json:"confidence"` // max(PUp, 1 − PUp)
}

// Estimator infers, from prices alone, what 4S data would tell: every
// stock's volatility (exactly, from the shared move size of each update)
// and its forecast (a grid Bayes filter over q, mirrored at the market's
// cycle updates once their phase is found from simultaneous inversions).
type Estimator struct {
	n     int
	specs []market.Spec // catalogue entries by index; Symbol "" when unknown
	post  [][bins]float64
	grid  [bins]float64

	// volatility recovery
	cands  []int     // candidate k (mv·100) of the reference stock
	ref    int       // index of the reference stock, -1 if none
	k      []float64 // mv·100 per stock once known
	maxAv  []float64 // largest move seen, the fallback estimate
	update int64     // moves observed (a running index)

	// cycle phase
	moves      [][]int8 // per stock, +1/−1 per move, since the last gap (capped)
	phaseScore [cycleLen]float64
	phaseObs   [cycleLen]int
	phase      int // update index mod 75 of cycle updates, −1 while unknown
	sinceGap   int
}

// NewEstimator returns an estimator for the given symbols; symbols of the
// game's catalogue get exact volatility recovery.
func NewEstimator(syms []string) *Estimator {
	cat := map[string]market.Spec{}
	for _, s := range market.Catalogue() {
		cat[s.Symbol] = s
	}
	e := &Estimator{n: len(syms), ref: -1, phase: -1}
	for i := range e.grid {
		e.grid[i] = (float64(i) + 0.5) / bins
	}
	e.post = make([][bins]float64, e.n)
	for i := range e.post {
		e.resetPost(i)
	}
	e.specs = make([]market.Spec, e.n)
	e.k = make([]float64, e.n)
	e.maxAv = make([]float64, e.n)
	e.moves = make([][]int8, e.n)
	for i, s := range syms {
		if sp, ok := cat[s]; ok {
			e.specs[i] = sp
			if e.ref < 0 {
				e.ref = i
			}
		}
	}
	if e.ref >= 0 {
		r := e.specs[e.ref].MV
		for k := r.Min; k <= r.Max; k++ {
			e.cands = append(e.cands, k)
		}
	}
	return e
}

func (e *Estimator) resetPost(i int) {
	for j := range e.post[i] {
		e.post[i][j] = 1.0 / bins
	}
}

// Gap tells the estimator an update was missed: the pair is broken and the
// filter forgets the cycle alignment of its move history.
func (e *Estimator) Gap() {
	for i := range e.moves {
		e.moves[i] = e.moves[i][:0]
	}
	e.sinceGap = 0
	e.phase = -1
	e.phaseScore = [cycleLen]float64{}
	e.phaseObs = [cycleLen]int{}
	for i := range e.post {
		// A gap of unknown length may hide a cycle: mix fully.
		e.mix(i, flipChance)
	}
}

// Observe learns from one update: prev and cur are consecutive samples.
func (e *Estimator) Observe(prev, cur []float64) {
	e.update++
	t := e.update
	av := make([]float64, e.n)
	up := make([]bool, e.n)
	for i := range cur {
		up[i] = cur[i] > prev[i]
		if up[i] {
			av[i] = cur[i]/prev[i] - 1
		} else {
			av[i] = prev[i]/cur[i] - 1
		}
		e.maxAv[i] = math.Max(e.maxAv[i], av[i])
	}
	e.recoverVolatility(av)

	cycle := e.phase >= 0 && int(t%cycleLen) == e.phase
	for i := range cur {
		switch {
		case e.phase < 0:
			e.mix(i, hazardBase)
		case cycle:
			e.mix(i, flipChance)
		default:
			e.mix(i, hazardOff)
		}
		e.diffuse(i)
		e.likelihood(i, up[i])
		d := int8(-1)
		if up[i] {
			d = 1
		}
		e.moves[i] = append(e.moves[i], d)
		if len(e.moves[i]) > 4*cycleLen {
			e.moves[i] = append(e.moves[i][:0], e.moves[i][len(e.moves[i])-3*cycleLen:]...)
		}
	}
	e.sinceGap++
	e.scorePhase(t)
}

// recoverVolatility narrows the reference stock's mv to the one integer
// that makes every stock's mv an integer in its catalogue range (§6.2).
func (e *Estimator) recoverVolatility(av []float64) {
	if e.ref < 0 || len(e.cands) <= 1 || av[e.ref] < 1e-9 {
		if len(e.cands) == 1 {
			e.setK(e.cands[0], av)
		}
		return
	}
	keep := e.cands[:0]
	for _, c := range e.cands {
		if e.fits(c, av) {
			keep = append(keep, c)
		}
	}
	e.cands = keep
	if len(e.cands) == 1 {
		e.setK(e.cands[0], av)
	}
}

func (e *Estimator) fits(c int, av []float64) bool {
	for i, sp := range e.specs {
		if sp.Symbol == "" {
			continue
		}
		x := av[i] / av[e.ref] * float64(c)
		r := math.Round(x)
		if math.Abs(x-r) > 1e-6*x || int(r) < sp.MV.Min || int(r) > sp.MV.Max {
			return false
		}
	}
	return true
}

func (e *Estimator) setK(c int, av []float64) {
	if av[e.ref] < 1e-9 {
		return
	}
	for i, sp := range e.specs {
		if sp.Symbol != "" && e.k[i] == 0 {
			e.k[i] = math.Round(av[i] / av[e.ref] * float64(c))
		}
	}
}

// mix applies a flip with chance h: p(q) ← (1−h)·p(q) + h·p(1−q).
func (e *Estimator) mix(i int, h float64) {
	p := &e.post[i]
	var out [bins]float64
	for j := range p {
		out[j] = (1-h)*p[j] + h*p[bins-1-j]
	}
	*p = out
}

func (e *Estimator) diffuse(i int) {
	p := &e.post[i]
	var out [bins]float64
	for j := range p {
		out[j] = p[j] * (1 - 2*diffusion)
		if j > 0 {
			out[j] += diffusion * p[j-1]
		} else {
			out[j] += diffusion * p[j]
		}
		if j < bins-1 {
			out[j] += diffusion * p[j+1]
		} else {
			out[j] += diffusion * p[j]
		}
	}
	*p = out
}

func (e *Estimator) likelihood(i int, up bool) {
	p := &e.post[i]
	var sum float64
	for j := range p {
		q := e.grid[j]
		if !up {
			q = 1 - q
		}
		p[j] *= q
		sum += p[j]
	}
	for j := range p {
		p[j] /= sum
	}
}

// scorePhase looks back invWindow moves: the update that started the
// current after-window is a candidate cycle update, scored by how far the
// stocks' up-frequencies before and after it sit on opposite sides of 0.5
// (−4·(before − ½)(after − ½) summed over stocks: positive for inversions,
// negative for stocks that kept their side).
func (e *Estimator) scorePhase(t int64) {
	if e.sinceGap < 2*invWindow {
		return
	}
	cand := t - invWindow + 1 // first move of the after-window
	var score float64
	for i := range e.moves {
		m := e.moves[i]
		n := len(m)
		before := frac(m[n-2*invWindow : n-invWindow])
		after := frac(m[n-invWindow:])
		score -= 4 * (before - 0.5) * (after - 0.5)
	}
	ph := int(cand % cycleLen)
	e.phaseScore[ph] += score
	e.phaseObs[ph]++
	e.choosePhase()
}

func frac(m []int8) float64 {
	ups := 0
	for _, d := range m {
		if d > 0 {
			ups++
		}
	}
	return float64(ups) / float64(len(m))
}

// choosePhase picks the phase whose mean score is highest once every
// phase has been scored phaseMinObs times, if it stands clearly above the
// average (a real cycle inverts about 15 of 33 stocks).
func (e *Estimator) choosePhase() {
	best, bestMean := -1, math.Inf(-1)
	var sum float64
	var cnt int
	for ph := range e.phaseScore {
		if e.phaseObs[ph] == 0 {
			continue
		}
		mean := e.phaseScore[ph] / float64(e.phaseObs[ph])
		sum += mean
		cnt++
		if mean > bestMean {
			best, bestMean = ph, mean
		}
	}
	if best < 0 || cnt < cycleLen {
		return
	}
	for _, o := range e.phaseObs {
		if o < phaseMinObs {
			return
		}
	}
	if bestMean >= sum/float64(cnt)+0.5 {
		e.phase = best
	}
}

// Phase returns the update index (mod 75) of cycle updates and whether it
// is known.
func (e *Estimator) Phase() (int, bool) { return e.phase, e.phase >= 0 }

// VolatilityKnown reports whether every catalogue stock's mv is pinned.
func (e *Estimator) VolatilityKnown() bool { return len(e.cands) == 1 && e.ref >= 0 && e.k[e.ref] > 0 }

// Estimate returns the estimator's belief about stock i.
func (e *Estimator) Estimate(i int) Estimate {
	p := &e.post[i]
	var mean, sq, pup float64
	for j, w := range p {
		q := e.grid[j]
		mean += w * q
		sq += w * q * q
		if q > 0.5 {
			pup += w
		}
	}
	est := Estimate{Forecast: mean, Std: math.Sqrt(math.Max(0, sq-mean*mean)), PUp: pup, Moves: len(e.moves[i]), ToCycle: -1}
	est.Confidence = math.Max(pup, 1-pup)
	if e.k[i] > 0 {
		est.Volatility = e.k[i] / 100 / 100
	} else {
		est.Volatility = e.maxAv[i]
	}
	est.FlipRisk = hazardBase
	if e.phase >= 0 {
		next := e.update + 1
		d := (int64(e.phase) - next%cycleLen + cycleLen) % cycleLen
		est.ToCycle = int(d)
		est.FlipRisk = hazardOff
		if d == 0 {
			est.FlipRisk = flipChance
		}
	}
	return est
}
