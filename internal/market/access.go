package market

import "errors"

// Access is what the player has bought or been granted (§4.6).
type Access struct {
	WSE    bool `json:"wse"`     // WSE account: the market exists and ticks
	TIX    bool `json:"tix"`     // TIX API: ns.stock prices, positions, trades
	Data4S bool `json:"data_4s"` // 4S market data (the UI's forecast signs)
	API4S  bool `json:"api_4s"`  // 4S market data TIX API: getForecast, getVolatility
	Shorts bool `json:"shorts"`  // BitNode 8 or Source-File 8 level 2
	Orders bool `json:"orders"`  // BitNode 8 or Source-File 8 level 3
}

// Errors of access, with the game's texts.
var (
	ErrNoWSE = errors.New("you don't have WSE access")
	ErrNoTIX = errors.New("you don't have TIX API access")
	ErrNo4S  = errors.New("you don't have 4S Market Data TIX API access")
	ErrNoSF8 = errors.New("you must either be in BitNode-8 or have Source-File 8 (level 2 for shorts, 3 for orders)")
)

// AccessFor returns the grants of a BitNode and Source-File 8 level: BN8
// or SF8 give WSE and TIX, level 2 shorts, level 3 orders (BN8 gives all).
func AccessFor(bitNode, sf8 int) Access {
	var a Access
	if bitNode == 8 || sf8 >= 1 {
		a.WSE, a.TIX = true, true
	}
	a.Shorts = bitNode == 8 || sf8 >= 2
	a.Orders = bitNode == 8 || sf8 >= 3
	return a
}

// Trading reports why scripts may not use prices, positions and trades,
// or nil: 2.x needs WSE and TIX, 3.x TIX only.
func (a Access) Trading(v3 bool) error {
	if !v3 && !a.WSE {
		return ErrNoWSE
	}
	if !a.TIX {
		return ErrNoTIX
	}
	return nil
}

// Costs are the prices of the four purchases for a BitNode's 4S
// multipliers (game.BitNodeMults' FourSigmaMarketDataCost and ...ApiCost).
type Costs struct {
	WSE, TIX, Data4S, API4S float64
}

// CostsFor returns the purchase prices under the given 4S multipliers.
func CostsFor(data4SMult, api4SMult float64) Costs {
	return Costs{WSE: WSECost, TIX: TIXCost, Data4S: Data4SCost * data4SMult, API4S: API4SCost * api4SMult}
}
