package world

import (
	"context"
	"fmt"

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
