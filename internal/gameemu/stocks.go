package gameemu

import (
	"context"
	"errors"

	"github.com/dop251/goja"

	"bbctl/internal/market"
	"bbctl/internal/world"
)

// stockNS builds ns.stock for p: the calls the stocks module makes, backed
// by the simulator's market (sim.Config.Stocks), with the game's names for
// the version (3.x renamed the has* calls; the old names throw there) and
// its answers (0 for a refused trade, a thrown error without access).
func (pg *page) stockNS(p *process) *goja.Object {
	vm := pg.vm
	st := vm.NewObject()
	ctx := context.Background()
	def := pg.definer(p, st, "stock")
	read := func() world.StockMarket {
		if pg.g.sim == nil {
			pg.throw("no stock market in this emulated game")
		}
		m, err := pg.g.sim.w.StockMarket(ctx)
		if err != nil {
			pg.throw("%v", err)
		}
		return m
	}
	quote := func(c goja.FunctionCall) market.Quote {
		m := read()
		if len(m.Quotes) == 0 {
			pg.throw("You don't have TIX API Access! Cannot use %s()", "stock")
		}
		sym := c.Argument(0).String()
		for _, q := range m.Quotes {
			if q.Symbol == sym {
				return q
			}
		}
		pg.throw("Invalid stock symbol: '%s'", sym)
		return market.Quote{}
	}
	has := map[string]func(a market.Access) bool{
		"has4SData": func(a market.Access) bool { return a.Data4S },
	}
	if pg.g.cfg.V3 {
		has["hasWseAccount"] = func(a market.Access) bool { return a.WSE }
		has["hasTixApiAccess"] = func(a market.Access) bool { return a.TIX }
		has["has4SDataTixApi"] = func(a market.Access) bool { return a.API4S }
	} else {
		has["hasWSEAccount"] = func(a market.Access) bool { return a.WSE }
		has["hasTIXAPIAccess"] = func(a market.Access) bool { return a.TIX }
		has["has4SDataTIXAPI"] = func(a market.Access) bool { return a.API4S }
	}
	for name, f := range has {
		f := f
		def(name, func(goja.FunctionCall) any { return f(read().Access) })
	}
	def("getSymbols", func(goja.FunctionCall) any {
		m := read()
		var out []any
		for _, q := range m.Quotes {
			out = append(out, q.Symbol)
		}
		// The game's enum order has JGN before SGC.
		for i := 0; i+1 < len(out); i++ {
			if out[i] == "SGC" && out[i+1] == "JGN" {
				out[i], out[i+1] = out[i+1], out[i]
			}
		}
		return vm.NewArray(out...)
	})
	def("getPrice", func(c goja.FunctionCall) any { return quote(c).Price })
	def("getAskPrice", func(c goja.FunctionCall) any { return quote(c).Ask })
	def("getBidPrice", func(c goja.FunctionCall) any { return quote(c).Bid })
	def("getMaxShares", func(c goja.FunctionCall) any { return quote(c).MaxShares })
	def("getPosition", func(c goja.FunctionCall) any {
		q := quote(c)
		return vm.NewArray(q.Long, q.LongAvg, q.Short, q.ShortAvg)
	})
	fourS := func(c goja.FunctionCall) market.Quote {
		q := quote(c)
		if !read().Access.API4S {
			pg.throw("You don't have 4S Market Data TIX API Access!")
		}
		return q
	}
	def("getForecast", func(c goja.FunctionCall) any { return fourS(c).Forecast })
	def("getVolatility", func(c goja.FunctionCall) any { return fourS(c).Volatility })
	trade := func(pos market.Pos, open bool) func(c goja.FunctionCall) any {
		return func(c goja.FunctionCall) any {
			quote(c) // access and symbol checks throw as the game's do
			price, err := pg.g.sim.w.StockTrade(ctx, world.StockOrder{Symbol: c.Argument(0).String(), Pos: pos, Open: open, Shares: c.Argument(1).ToFloat()})
			if errors.Is(err, market.ErrNoSF8) {
				pg.throw("You must either be in BitNode-8 or you must have Source-File 8 Level 2.")
			}
			if err != nil {
				return 0 // the game logs ordinary failures and answers 0
			}
			return price
		}
	}
	def("buyStock", trade(market.Long, true))
	def("sellStock", trade(market.Long, false))
	def("buyShort", trade(market.Short, true))
	def("sellShort", trade(market.Short, false))
	return st
}
