package market

// Mulberry32 is a small 32-bit generator (the one stock-vectors.json was
// made with). It is deterministic and cheap, which makes it the simulator's
// and the backtests' source of draws.
type Mulberry32 struct{ s uint32 }

// NewMulberry32 returns a generator seeded with seed.
func NewMulberry32(seed uint32) *Mulberry32 { return &Mulberry32{s: seed} }

// Float64 returns the next draw in [0, 1).
func (g *Mulberry32) Float64() float64 {
	g.s += 0x6D2B79F5
	t := (g.s ^ g.s>>15) * (g.s | 1)
	t = (t + (t^t>>7)*(t|61)) ^ t
	return float64(t^t>>14) / 4294967296
}
