package market

// The player's influence on forecasts (§5). Each acts on the second-order
// forecast F only, takes one draw when a stock has the organisation's name
// (none otherwise) and moves F by a fixed step, clamped to [0, 100].

// InfluenceHack is a successful hack(host, {stock: true}) of a server of
// organisation org that removed drained (before the BitNode money
// multiplier) of its moneyMax: F falls by 0.1 with chance drained/moneyMax.
func (m *Market) InfluenceHack(org string, drained, moneyMax float64) {
	if s := m.ByName(org); s != nil && org != "" {
		if m.rand.Float64() < drained/moneyMax {
			s.Target = clamp100(s.Target - hackInfluence)
		}
	}
}

// InfluenceGrow is grow(host, {stock: true}) adding grown to a server of
// organisation org: F rises by 0.1 with chance grown/moneyMax.
func (m *Market) InfluenceGrow(org string, grown, moneyMax float64) {
	if s := m.ByName(org); s != nil && org != "" {
		if m.rand.Float64() < grown/moneyMax {
			s.Target = clamp100(s.Target + hackInfluence)
		}
	}
}

// InfluenceWork is company work for org over cycles game cycles with the
// given reputation per cycle (performance multiplier): F rises by 0.001 of
// it with chance 0.002 per cycle.
func (m *Market) InfluenceWork(org string, perCycle float64, cycles int) {
	if s := m.ByName(org); s != nil && org != "" {
		if m.rand.Float64() < 0.002*float64(cycles) {
			s.Target = clamp100(s.Target + workInfluence*perCycle)
		}
	}
}
