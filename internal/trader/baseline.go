package trader

import (
	"math"
	"sort"

	"bbctl/internal/market"
	"bbctl/internal/tracker"
)

// SeedRule is the trader of the system bbctl grew from: long only, buy
// when the price's z-score over the window is below −2 and the price is at
// or below the window's 10th percentile, sell when z > 2 at or above the
// 90th, at most MaxShares shares per stock, and a cooldown of 60 s (10
// updates) per stock after each trade.
type SeedRule struct {
	track    *tracker.Tracker
	last     map[string]int64
	MaxHeld  float64
	Cooldown int64
}

// NewSeedRule returns the seed rule with its historical settings: a window
// of window updates, 1,000 shares, 10 updates' cooldown.
func NewSeedRule(syms []string, window int) (*SeedRule, error) {
	tr, err := tracker.New(syms, window)
	if err != nil {
		return nil, err
	}
	return &SeedRule{track: tr, last: map[string]int64{}, MaxHeld: 1000, Cooldown: 10}, nil
}

// Name returns "seed_rule".
func (s *SeedRule) Name() string { return "seed_rule" }

// Decide applies the rule to every stock.
func (s *SeedRule) Decide(v View) []Action {
	prices := make([]float64, len(v.Quotes))
	for i, q := range v.Quotes {
		prices[i] = q.Price
	}
	_ = s.track.Record(tracker.Sample{Update: v.Update, Prices: prices})
	if s.track.Len() < s.track.Window() {
		return nil
	}
	var acts []Action
	cash := v.Cash
	for _, q := range v.Quotes {
		if last, ok := s.last[q.Symbol]; ok && v.Update-last < s.Cooldown {
			continue
		}
		z, err := s.track.Z(q.Symbol)
		if err != nil || math.Abs(z) <= 2 {
			continue
		}
		in, err := s.track.Indicators(q.Symbol)
		if err != nil {
			continue
		}
		switch {
		case in.Z < -2 && q.Price <= in.P10 && q.Long < s.MaxHeld:
			n := s.MaxHeld - q.Long
			if cost := n*q.Ask + market.Commission; cost <= cash {
				acts = append(acts, Action{q.Symbol, market.Long, true, n, "z < −2 at the 10th percentile"})
				cash -= cost
				s.last[q.Symbol] = v.Update
			}
		case in.Z > 2 && q.Price >= in.P90 && q.Long > 0:
			acts = append(acts, Action{q.Symbol, market.Long, false, q.Long, "z > 2 at the 90th percentile"})
			s.last[q.Symbol] = v.Update
		}
	}
	return acts
}

// Common4S is the rule most published 4S traders use: long when the
// forecast is above 0.55, short below 0.45 where shorts are allowed, exit
// when it crosses 0.5. New positions go to the strongest forecasts first,
// each as large as the cash and the stock's share limit allow.
type Common4S struct{}

// Name returns "common_4s".
func (Common4S) Name() string { return "common_4s" }

// Decide applies the rule.
func (Common4S) Decide(v View) []Action {
	var acts []Action
	cash := v.Cash
	for _, q := range v.Quotes {
		if q.Long > 0 && q.Forecast < 0.5 {
			acts = append(acts, Action{q.Symbol, market.Long, false, q.Long, "forecast below 0.5"})
			cash += q.Long*q.Bid - market.Commission
		}
		if q.Short > 0 && q.Forecast > 0.5 {
			acts = append(acts, Action{q.Symbol, market.Short, false, q.Short, "forecast above 0.5"})
			cash += q.Short*(2*q.ShortAvg-q.Ask) - market.Commission
		}
	}
	for _, i := range strongestFirst(v.Quotes) {
		q := v.Quotes[i]
		if isClosing(acts, q.Symbol) {
			continue
		}
		var side market.Pos
		var price float64
		switch {
		case q.Forecast > 0.55:
			side, price = market.Long, q.Ask
		case q.Forecast < 0.45 && v.Shorts:
			side, price = market.Short, q.Bid
		default:
			continue
		}
		n := math.Floor(math.Min((cash-market.Commission)/price, q.MaxShares-q.Long-q.Short))
		if n <= 0 || n*price < market.Commission {
			continue
		}
		acts = append(acts, Action{q.Symbol, side, true, n, "forecast beyond 0.55/0.45"})
		cash -= n*price + market.Commission
	}
	return acts
}

// strongestFirst returns the indices of qs ordered by how far their
// forecast is from 0.5, strongest first (ties in the given order).
func strongestFirst(qs []Quote) []int {
	order := make([]int, len(qs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return math.Abs(qs[order[a]].Forecast-0.5) > math.Abs(qs[order[b]].Forecast-0.5)
	})
	return order
}
