package world

import (
	"context"
	"fmt"
	"math"

	"bbctl/internal/market"
)

// Stocks is what a world offers for the stock market. It is separate from
// World, like Contracts, because not every world has it: the live world
// needs the agent's stocks module (the stock API costs RAM) and the player
// needs a WSE account and TIX API access. A service type-asserts for it and
// reports its absence (ErrUnsupported) rather than faking it.
type Stocks interface {
	// StockMarket reads the market: the player's access, money, and every
	// stock's quote and position, with forecasts where the player has the
	// 4S TIX API. Without TIX access it returns the access only.
	StockMarket(ctx context.Context) (StockMarket, error)
	// StockTrade executes one market order and returns the price per share
	// it traded at; an order the game refuses (money, share limits,
	// nothing to sell, no shorts) is an error.
	StockTrade(ctx context.Context, o StockOrder) (float64, error)
}

// StockMarket is one reading of the market.
type StockMarket struct {
	Access market.Access `json:"access"`
	// Update counts the market's updates as the world has seen them:
	// consecutive updates differ by 1, a larger step means updates were
	// missed, and a smaller one that the market was rebuilt.
	Update int64          `json:"update"`
	At     Time           `json:"at"`
	Money  float64        `json:"money"`
	Quotes []market.Quote `json:"quotes"` // every stock, in catalogue order
}

// StockOrder is one market order: buy or sell shares of a long position,
// or open or close a short.
type StockOrder struct {
	Symbol string     `json:"symbol"`
	Pos    market.Pos `json:"position"`
	Open   bool       `json:"open"` // buy (long) or short; false sells or closes
	Shares float64    `json:"shares"`
}

// Verb names what o does: "buy", "sell", "short" or "close short".
func (o StockOrder) Verb() string {
	switch {
	case o.Pos == market.Long && o.Open:
		return "buy"
	case o.Pos == market.Long:
		return "sell"
	case o.Open:
		return "short"
	}
	return "close short"
}

// String describes o: "buy 1000 ECP".
func (o StockOrder) String() string { return fmt.Sprintf("%s %.0f %s", o.Verb(), o.Shares, o.Symbol) }

// Validate reports the first quote a sane market cannot have: a price,
// ask or bid that is not a positive finite number, an ask below the bid,
// share counts that are negative or not whole, or a symbol listed twice. A
// world reading a script's answers checks them with it before bbctl trades
// on them.
func (m StockMarket) Validate() error {
	seen := make(map[string]bool, len(m.Quotes))
	pos := func(x float64) bool { return x > 0 && !math.IsInf(x, 0) }
	whole := func(x float64) bool { return x >= 0 && x == math.Trunc(x) && !math.IsInf(x, 0) }
	if math.IsNaN(m.Money) || math.IsInf(m.Money, 0) {
		return fmt.Errorf("money %v", m.Money)
	}
	for i, q := range m.Quotes {
		switch {
		case q.Symbol == "":
			return fmt.Errorf("quote %d has no symbol", i)
		case seen[q.Symbol]:
			return fmt.Errorf("%s is listed twice", q.Symbol)
		case !pos(q.Price) || !pos(q.Ask) || !pos(q.Bid) || q.Ask < q.Bid:
			return fmt.Errorf("%s: price %v, ask %v, bid %v", q.Symbol, q.Price, q.Ask, q.Bid)
		case !whole(q.MaxShares) || !whole(q.Long) || !whole(q.Short):
			return fmt.Errorf("%s: max shares %v, long %v, short %v", q.Symbol, q.MaxShares, q.Long, q.Short)
		case math.IsNaN(q.LongAvg) || math.IsNaN(q.ShortAvg) || math.IsNaN(q.Forecast) || math.IsNaN(q.Volatility) ||
			q.Forecast < 0 || q.Forecast > 1 || q.Volatility < 0 || math.IsInf(q.Volatility, 0):
			return fmt.Errorf("%s: averages %v/%v, forecast %v, volatility %v", q.Symbol, q.LongAvg, q.ShortAvg, q.Forecast, q.Volatility)
		}
		seen[q.Symbol] = true
	}
	return nil
}
