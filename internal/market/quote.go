package market

// Quote is one stock as a script sees it at an update: what ns.stock
// reports, with the forecast and volatility only where the player has the
// 4S TIX API.
type Quote struct {
	Symbol    string  `json:"symbol"`
	Price     float64 `json:"price"`
	Ask       float64 `json:"ask"`
	Bid       float64 `json:"bid"`
	MaxShares float64 `json:"max_shares"`
	Long      float64 `json:"long"`
	LongAvg   float64 `json:"long_avg"`
	Short     float64 `json:"short"`
	ShortAvg  float64 `json:"short_avg"`
	// With 4S data (TIX API): the true forecast and volatility; 0 without.
	Forecast   float64 `json:"forecast"`
	Volatility float64 `json:"volatility"`
}

// Value is what the quote's positions would bring if closed now, without
// commissions: longs at the bid, shorts at 2·avg − ask.
func (q Quote) Value() float64 {
	v := q.Long * q.Bid
	if q.Short > 0 {
		v += q.Short * (2*q.ShortAvg - q.Ask)
	}
	return v
}

// QuoteOf returns s as a script sees it; with4S adds the forecast and
// volatility.
func QuoteOf(s *Stock, with4S bool) Quote {
	q := Quote{Symbol: s.Symbol, Price: s.Price, Ask: s.Ask(), Bid: s.Bid(), MaxShares: s.MaxShares,
		Long: s.Long, LongAvg: s.LongAvg, Short: s.Short, ShortAvg: s.ShortAvg}
	if with4S {
		q.Forecast, q.Volatility = s.Forecast(), s.Volatility()
	}
	return q
}
