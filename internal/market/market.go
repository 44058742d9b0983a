// Package market is the game's stock market (the World Stock Exchange) as
// pure, deterministic Go: the catalogue, the update cycle, price, forecast
// and volatility moves, the 75-update flip cycle, soft caps, commission and
// spread, how trades weaken a forecast, limit and stop orders, shorts,
// hack/grow influence and the access tiers.
//
// It follows ../shared/game/STOCKS.md step by step, evaluating every
// expression in the game's order, so that with the same random draws it
// reproduces the game's own numbers bit for bit. Randomness comes from an
// injected Rand; money from an injected Wallet. Nothing here reads a clock.
package market

import (
	"fmt"
	"math"
)

// Constants of the game (data/Constants.ts and the stock code).
const (
	MsPerUpdate      = 6000 // normal time between updates
	MsPerUpdateMin   = 4000 // the shortest gap while bonus time is stored
	TicksPerCycle    = 75   // updates between two flip rolls
	CyclesPerUpdate  = 30   // game cycles (200 ms) per update
	Commission       = 100000
	WSECost          = 200e6
	TIXCost          = 5e9
	Data4SCost       = 1e9  // times the BitNode's FourSigmaMarketDataCost
	API4SCost        = 25e9 // times the BitNode's FourSigmaMarketDataApiCost
	flipChance       = 0.45
	forecastPerMove  = 0.006 // forecastChangePerPriceMovement
	hackInfluence    = 0.1   // forecastForecastChangeFromHack
	workInfluence    = 0.001 // forecastForecastChangeFromCompanyWork
	influenceFloorMg = 5     // StockForecastInfluenceLimit: trades never take m below it
)

// Rand is a uniform source on [0, 1): the game's Math.random. *rand.Rand of
// math/rand/v2 and Mulberry32 satisfy it.
type Rand interface{ Float64() float64 }

// Wallet is the player's money as the market moves it.
type Wallet interface {
	Money() float64
	// Add adds delta (negative for a payment) to the money.
	Add(delta float64)
}

// Purse is a Wallet holding a plain amount.
type Purse struct{ Amount float64 }

// Money returns the amount held.
func (p *Purse) Money() float64 { return p.Amount }

// Add adds delta to the amount.
func (p *Purse) Add(delta float64) { p.Amount += delta }

// Stock is one stock's state. Field names follow STOCKS.md §0; the game's
// names are in the comments.
type Stock struct {
	Symbol string
	Name   string

	Price     float64 // price
	LastPrice float64 // lastPrice: the price before the latest move
	Bull      bool    // b
	Mag       float64 // otlkMag: forecast magnitude in percentage points, [0, 50]
	Target    float64 // otlkMagForecast: the second-order forecast F, [0, 100]

	MV     float64 // mv: maximum move per update, in percent
	Spread float64 // spreadPerc: half-spread, in percent
	Cap    float64 // soft price cap

	TxPerMove   float64 // shareTxForMovement
	TxUntilMove float64 // shareTxUntilMovement

	TotalShares float64
	MaxShares   float64 // limit on long + short shares together

	Long, LongAvg   float64 // playerShares, playerAvgPx
	Short, ShortAvg float64 // playerShortShares, playerAvgShortPx
}

// Forecast is the probability of an up move at the next update, as
// getForecast reports it: A/100.
func (s *Stock) Forecast() float64 {
	if s.Bull {
		return (50 + s.Mag) / 100
	}
	return (50 - s.Mag) / 100
}

// absolute returns A, the forecast on the 0–100 scale.
func (s *Stock) absolute() float64 {
	if s.Bull {
		return 50 + s.Mag
	}
	return 50 - s.Mag
}

// Volatility is getVolatility: the largest fractional move per update.
func (s *Stock) Volatility() float64 { return s.MV / 100 }

// Ask is the price a long buys and a short closes at.
func (s *Stock) Ask() float64 { return s.Price * (1 + s.Spread/100) }

// Bid is the price a long sells and a short opens at.
func (s *Stock) Bid() float64 { return s.Price * (1 - s.Spread/100) }

// Market is the whole exchange: the 33 stocks in catalogue order, the cycle
// counter, the clock and the order book.
type Market struct {
	stocks []*Stock
	index  map[string]int
	orders [][]Order // per stock, in placement order
	rand   Rand

	// TicksUntilCycle is K: updates left until the next flip roll.
	TicksUntilCycle int
	// StoredCycles counts game cycles not yet spent on updates (bonus time).
	StoredCycles int
	// LastUpdate is the time of the last update, in milliseconds.
	LastUpdate int64
}

// New builds the market as initStockMarket does (§1.2), drawing 166 numbers
// from r, and keeps r for the updates and influence rolls that follow.
func New(r Rand) *Market {
	m := &Market{rand: r, index: make(map[string]int, len(catalogue))}
	for i, sp := range catalogue {
		s := &Stock{Symbol: sp.Symbol, Name: sp.Name, Bull: sp.Bull, Mag: sp.Mag}
		s.Price = float64(randInt(r, sp.Price.Min, sp.Price.Max))
		s.MV = float64(randInt(r, sp.MV.Min, sp.MV.Max)) / 100
		s.Target = s.absolute()
		s.Cap = float64(randInt(r, 1000*int(s.Price), 25000*int(s.Price)))
		s.Spread = float64(randInt(r, sp.Spread.Min, sp.Spread.Max)) / 10
		s.TxPerMove = float64(randInt(r, sp.Tx.Min, sp.Tx.Max))
		s.TxUntilMove = s.TxPerMove
		s.TotalShares = jsRound(sp.MarketCap/s.Price/1e5) * 1e5
		s.MaxShares = jsRound(s.TotalShares*0.2/1e5) * 1e5
		s.LastPrice = s.Price
		m.stocks = append(m.stocks, s)
		m.index[s.Symbol] = i
	}
	m.orders = make([][]Order, len(m.stocks))
	m.TicksUntilCycle = randInt(r, 1, TicksPerCycle)
	return m
}

// randInt is the game's getRandomInt (2.6.1): floor(r·(hi − lo + 1)) + lo.
func randInt(r Rand, lo, hi int) int {
	return int(math.Floor(r.Float64()*float64(hi-lo+1))) + lo
}

// jsRound is JavaScript's Math.round: halves go up.
func jsRound(x float64) float64 {
	f := math.Floor(x)
	if x-f >= 0.5 {
		return f + 1
	}
	return f
}

// Stocks returns the stocks in catalogue order. They are the market's own:
// a caller that changes one changes the market.
func (m *Market) Stocks() []*Stock { return m.stocks }

// Stock returns the stock with symbol sym.
func (m *Market) Stock(sym string) (*Stock, error) {
	i, ok := m.index[sym]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrSymbol, sym)
	}
	return m.stocks[i], nil
}

// ByName returns the stock whose organisation is name, or nil.
func (m *Market) ByName(name string) *Stock {
	for _, s := range m.stocks {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Fill is one order executed during an update or on placement.
type Fill struct {
	Order Order
	Price float64 // the ask or bid it traded at
}

// UpdateInfo tells what one update did.
type UpdateInfo struct {
	Cycle bool    // the flip roll ran
	V     float64 // the shared move draw
	Fills []Fill  // orders executed, in execution order
}

// Process is processStockPrices (§2.1): it adds n game cycles at time now
// (ms) and performs at most one update when enough have accrued and the
// last update is at least MsPerUpdateMin old. It reports whether an
// update ran.
func (m *Market) Process(n int, now int64, w Wallet) (UpdateInfo, bool) {
	m.StoredCycles += n
	if m.StoredCycles < CyclesPerUpdate || now-m.LastUpdate < MsPerUpdateMin {
		return UpdateInfo{}, false
	}
	m.LastUpdate = now
	m.StoredCycles -= CyclesPerUpdate
	return m.Update(w), true
}

// BonusTime is getBonusTime in milliseconds: round(storedCycles/5)·1000
// in 2.x, storedCycles·200 in 3.x.
func (m *Market) BonusTime(v3 bool) float64 {
	if v3 {
		return float64(m.StoredCycles) * 200
	}
	return jsRound(float64(m.StoredCycles)/5) * 1000
}

// Update performs one market update (§2.3): the flip roll when the cycle
// counter runs out, one shared move draw, then for each stock its price
// move, the orders that move may trigger, the forecast step and the
// second-order step. Orders trade with w.
func (m *Market) Update(w Wallet) UpdateInfo {
	var info UpdateInfo
	m.TicksUntilCycle--
	if m.TicksUntilCycle <= 0 {
		for _, s := range m.stocks {
			if m.rand.Float64() < flipChance {
				s.Bull = !s.Bull
				s.Target = 100 - s.Target
			}
		}
		m.TicksUntilCycle = TicksPerCycle
		info.Cycle = true
	}
	v := m.rand.Float64()
	info.V = v
	for i, s := range m.stocks {
		av := (v * s.MV) / 100
		if math.IsNaN(av) {
			av = 0.02
		}
		var q float64
		if s.Bull {
			q = (50 + s.Mag) / 100
		} else {
			q = (50 - s.Mag) / 100
		}
		if math.IsNaN(q) {
			q = 0.5
		}
		if s.Price >= s.Cap {
			q = 0.1
			s.Bull = false
		}
		c := m.rand.Float64()
		s.LastPrice = s.Price
		if c < q {
			s.Price = s.Price * (1 + av)
			info.Fills = m.checkOrders(i, upChecks, w, info.Fills)
		} else {
			s.Price = s.Price / (1 + av)
			info.Fills = m.checkOrders(i, downChecks, w, info.Fills)
		}
		delta := s.Mag * av
		if s.Mag < 5 {
			if s.Mag <= 1 {
				delta = 1
			} else {
				delta *= 10
			}
		}
		m.forecastStep(s, delta)
		m.targetStep(s, delta/2)
		s.TxUntilMove = math.Min(s.TxUntilMove+10, s.TxPerMove)
	}
	return info
}

// forecastStep moves A by delta toward or away from F (cycleForecast).
func (m *Market) forecastStep(s *Stock, delta float64) {
	diff := s.Target - s.absolute()
	g := (50 + math.Min(math.Max(diff, -45), 45)) / 100
	rises := m.rand.Float64() < g // A rises: m grows for a bull, shrinks for a bear
	if rises == s.Bull {
		s.Mag += delta
	} else {
		s.Mag -= delta
	}
	s.Mag = math.Min(s.Mag, 50)
	if s.Mag < 0 {
		s.Mag *= -1
		s.Bull = !s.Bull
	}
}

// targetStep is F's unbiased walk (cycleForecastForecast).
func (m *Market) targetStep(s *Stock, d float64) {
	if m.rand.Float64() < 0.5 {
		s.Target += d
	} else {
		s.Target -= d
	}
	s.Target = clamp100(s.Target)
}

func clamp100(x float64) float64 { return math.Min(math.Max(x, 0), 100) }
