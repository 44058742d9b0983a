package tracker

import (
	"errors"
	"math"
	"testing"
)

func TestIndicators(t *testing.T) {
	ps := []float64{10, 12, 11, 13, 9, 10}
	in := Compute(ps)
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	near("mean", in.Mean, 65.0/6)
	near("median", in.Median, 10.5)
	var ss float64
	for _, p := range ps {
		ss += (p - 65.0/6) * (p - 65.0/6)
	}
	near("std", in.StdDev, math.Sqrt(ss/6))
	near("z", in.Z, (10-65.0/6)/math.Sqrt(ss/6))
	near("drawdown", in.Drawdown, 4.0/13)
	near("roc", in.ROC, 0) // the period covers the whole series: 10 → 10
	near("p10", in.P10, 9.5)
	near("p90", in.P90, 12.5)
	near("sma", in.SMA, in.Mean)
	near("band", in.BandUpper-in.SMA, 2*in.StdDev)
	if in.EMA <= 9 || in.EMA >= 13 {
		t.Errorf("ema %v out of range", in.EMA)
	}
	if got := Compute(nil); got.N != 0 {
		t.Errorf("empty: %+v", got)
	}
}

func TestRecordErrorsAndWindow(t *testing.T) {
	tr, err := New([]string{"A", "B"}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New([]string{"A", "A"}, 3); err == nil {
		t.Error("duplicate symbol accepted")
	}
	if _, err := New([]string{"A"}, 1); err == nil {
		t.Error("window 1 accepted")
	}
	for _, bad := range []Sample{{Update: 1, Prices: []float64{1}}, {Update: 1, Prices: []float64{1, math.NaN()}}, {Update: 1, Prices: []float64{1, -2}}} {
		if err := tr.Record(bad); !errors.Is(err, ErrShape) {
			t.Errorf("Record(%v) = %v", bad, err)
		}
	}
	for u := int64(1); u <= 5; u++ {
		if err := tr.Record(Sample{Update: u, Prices: []float64{float64(u), 2}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := tr.Record(Sample{Update: 5, Prices: []float64{1, 2}}); err == nil {
		t.Error("repeated update accepted")
	}
	ps, _ := tr.Prices("A")
	if len(ps) != 3 || ps[0] != 3 || ps[2] != 5 {
		t.Errorf("window %v", ps)
	}
	c, err := tr.Correlation("A", "B")
	if err != nil || !math.IsNaN(c) {
		t.Errorf("flat correlation %v %v", c, err)
	}
	if _, err := tr.Prices("C"); err == nil {
		t.Error("unknown symbol accepted")
	}
	// Restore rebuilds the same state.
	tr2, _ := New([]string{"A", "B"}, 3)
	if err := tr2.Restore(tr.Samples()); err != nil || tr2.Len() != 3 {
		t.Errorf("restore: %v, len %d", err, tr2.Len())
	}
}
