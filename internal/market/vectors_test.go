package market

import (
	"encoding/json"
	"math"
	"strconv"
	"testing"

	"bbctl/internal/refdata"
)

// num is a vector number: a JSON number, or "NaN"/"Infinity"/"-Infinity".
type num float64

func (n *num) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		s, err := strconv.Unquote(string(b))
		if err != nil {
			return err
		}
		f, err := strconv.ParseFloat(s, 64)
		*n = num(f)
		return err
	}
	f, err := strconv.ParseFloat(string(b), 64)
	*n = num(f)
	return err
}

type stockRow struct {
	Symbol      string `json:"symbol"`
	Price       num    `json:"price"`
	LastPrice   num    `json:"lastPrice"`
	MV          num    `json:"mv"`
	Cap         num    `json:"cap"`
	Spread      num    `json:"spreadPerc"`
	TxPer       num    `json:"shareTxForMovement"`
	TxUntil     *num   `json:"shareTxUntilMovement"`
	TotalShares num    `json:"totalShares"`
	MaxShares   num    `json:"maxShares"`
	B           *bool  `json:"b"`
	Mag         *num   `json:"otlkMag"`
	Target      *num   `json:"otlkMagForecast"`
	Ask         num    `json:"askPrice"`
	Bid         num    `json:"bidPrice"`
	Forecast    *num   `json:"forecast"`
	Volatility  num    `json:"volatility"`
	Draws       []num  `json:"draws"`
	T           int    `json:"t"`
	Cycle       bool   `json:"cycle"`
	Up          bool   `json:"up"`
	CapHit      bool   `json:"capHit"`
	Delta       num    `json:"otlkMagChange"`
	Money       num    `json:"moneyDelta"`
	Book        [][]any
	Position    []num `json:"position"`
}

type vectors struct {
	Prng struct {
		Seed         uint32 `json:"seed"`
		FirstOutputs []num  `json:"first_outputs"`
	} `json:"prng"`
	Initial struct {
		Market struct {
			K    int `json:"ticksUntilCycle"`
			Syms []string
		} `json:"market"`
		Rows []stockRow `json:"rows"`
	} `json:"initial_instance"`
	Ticks struct {
		Table []struct {
			T         int  `json:"t"`
			DrawStart int  `json:"draw_start"`
			Cycle     bool `json:"cycle"`
			KAfter    int  `json:"ticksUntilCycle_after"`
			V         num  `json:"v"`
		} `json:"tick_table"`
		Series map[string][]stockRow `json:"series"`
		Final  []stockRow            `json:"final_all_stocks"`
	} `json:"ticks"`
	CapScenario struct {
		Sym  string     `json:"sym"`
		Rows []stockRow `json:"rows"`
	} `json:"cap_scenario"`
	Orders struct {
		Sym        string `json:"sym"`
		Placements []struct {
			Shares num    `json:"shares"`
			Price  num    `json:"price"`
			Type   string `json:"type"`
			Pos    string `json:"pos"`
			Money  num    `json:"moneyDelta"`
			Book   [][]any
			Pos4   []num `json:"position"`
			Mag    num   `json:"otlkMag"`
		} `json:"placements"`
		Rows []stockRow `json:"rows"`
	} `json:"orders_scenario"`
	Trading struct {
		Grid []struct {
			Sym      string `json:"sym"`
			Price    num    `json:"price"`
			AvgShort num    `json:"playerAvgShortPx"`
			Shares   num    `json:"shares"`
			Ask      num    `json:"ask"`
			Bid      num    `json:"bid"`
			BuyLong  *num   `json:"buyLong"`
			BuyShort *num   `json:"buyShort"`
			SellLong *num   `json:"sellLong"`
			SellShrt *num   `json:"sellShort"`
		} `json:"pure_grid"`
		Movement []struct {
			Sym    string `json:"sym"`
			Shares num    `json:"shares"`
			Before fcast  `json:"before"`
			After  fcast  `json:"after"`
		} `json:"forecast_movement"`
		Sequences []struct {
			Name  string `json:"name"`
			Sym   string `json:"sym"`
			Start struct {
				Price   num `json:"price"`
				Spread  num `json:"spreadPerc"`
				MV      num `json:"mv"`
				Max     num `json:"maxShares"`
				TxPer   num `json:"shareTxForMovement"`
				TxUntil num `json:"shareTxUntilMovement"`
				Mag     num `json:"otlkMag"`
				Target  num `json:"otlkMagForecast"`
				Money   num `json:"money"`
			} `json:"start"`
			Steps []struct {
				Op       string `json:"op"`
				Shares   num    `json:"shares"`
				SetPrice *num   `json:"setPrice"`
				OK       bool   `json:"ok"`
				Money    num    `json:"money"`
				Long     num    `json:"playerShares"`
				LongAvg  num    `json:"playerAvgPx"`
				Short    num    `json:"playerShortShares"`
				ShortAvg num    `json:"playerAvgShortPx"`
				Mag      num    `json:"otlkMag"`
				Target   num    `json:"otlkMagForecast"`
				TxUntil  num    `json:"shareTxUntilMovement"`
			} `json:"steps"`
		} `json:"sequences"`
		NS []struct {
			Fn     string          `json:"fn"`
			Args   []any           `json:"args"`
			Result json.RawMessage `json:"result"`
		} `json:"ns_layer"`
	} `json:"trading"`
	Influence struct {
		Rows []struct {
			Fn       string `json:"fn"`
			Org      string `json:"org"`
			MoneyMax num    `json:"moneyMax"`
			Amount   num    `json:"amount"`
			Perf     num    `json:"performanceMult"`
			Cycles   int    `json:"cycles"`
			Draws    []num  `json:"draws"`
			Before   *num   `json:"before"`
			After    *num   `json:"after"`
		} `json:"rows"`
	} `json:"influence"`
}

type fcast struct {
	Mag     num `json:"otlkMag"`
	Target  num `json:"otlkMagForecast"`
	TxUntil num `json:"shareTxUntilMovement"`
}

// counter counts draws and records the last one.
type counter struct {
	g    *Mulberry32
	n    int
	last float64
}

func (c *counter) Float64() float64 { c.n++; c.last = c.g.Float64(); return c.last }

func load(t *testing.T) *vectors {
	t.Helper()
	var v vectors
	refdata.LoadJSON(t, "game/stock-vectors.json", &v)
	return &v
}

func eq(t *testing.T, what string, got float64, want num) {
	t.Helper()
	if got != float64(want) && !(math.IsNaN(got) && math.IsNaN(float64(want))) {
		t.Errorf("%s = %v, want %v", what, got, float64(want))
	}
}

func checkStock(t *testing.T, where string, s *Stock, r stockRow) {
	t.Helper()
	eq(t, where+" price", s.Price, r.Price)
	if r.LastPrice != 0 {
		eq(t, where+" lastPrice", s.LastPrice, r.LastPrice)
	}
	if r.B != nil && s.Bull != *r.B {
		t.Errorf("%s b = %v, want %v", where, s.Bull, *r.B)
	}
	if r.Mag != nil {
		eq(t, where+" otlkMag", s.Mag, *r.Mag)
	}
	if r.Target != nil {
		eq(t, where+" otlkMagForecast", s.Target, *r.Target)
	}
	if r.TxUntil != nil {
		eq(t, where+" shareTxUntilMovement", s.TxUntilMove, *r.TxUntil)
	}
	if r.Forecast != nil {
		eq(t, where+" forecast", s.Forecast(), *r.Forecast)
	}
}

// replay is the vectors' run up to the end of the ticks and scenarios.
type replay struct {
	v     *vectors
	r     *counter
	m     *Market
	purse *Purse
}

func start(t *testing.T) *replay {
	v := load(t)
	r := &counter{g: NewMulberry32(v.Prng.Seed)}
	return &replay{v: v, r: r, m: New(r), purse: &Purse{Amount: 1e12}}
}

func TestMulberry32(t *testing.T) {
	v := load(t)
	g := NewMulberry32(v.Prng.Seed)
	for i, want := range v.Prng.FirstOutputs {
		eq(t, "output "+strconv.Itoa(i), g.Float64(), want)
	}
}

func TestInitialInstance(t *testing.T) {
	rp := start(t)
	v := rp.v
	if rp.r.n != 166 {
		t.Fatalf("construction took %d draws, want 166", rp.r.n)
	}
	if rp.m.TicksUntilCycle != v.Initial.Market.K {
		t.Errorf("K = %d, want %d", rp.m.TicksUntilCycle, v.Initial.Market.K)
	}
	for i, r := range v.Initial.Rows {
		s := rp.m.Stocks()[i]
		w := r.Symbol
		if s.Symbol != r.Symbol {
			t.Fatalf("stock %d is %s, want %s", i, s.Symbol, r.Symbol)
		}
		checkStock(t, w, s, r)
		eq(t, w+" mv", s.MV, r.MV)
		eq(t, w+" cap", s.Cap, r.Cap)
		eq(t, w+" spread", s.Spread, r.Spread)
		eq(t, w+" T", s.TxPerMove, r.TxPer)
		eq(t, w+" totalShares", s.TotalShares, r.TotalShares)
		eq(t, w+" maxShares", s.MaxShares, r.MaxShares)
		eq(t, w+" ask", s.Ask(), r.Ask)
		eq(t, w+" bid", s.Bid(), r.Bid)
		eq(t, w+" volatility", s.Volatility(), r.Volatility)
	}
}

// ticks replays updates 1–200 and checks every row of the vectors.
func (rp *replay) ticks(t *testing.T) {
	v := rp.v
	for _, row := range v.Ticks.Table {
		if rp.r.n != row.DrawStart {
			t.Fatalf("update %d starts at draw %d, want %d", row.T, rp.r.n, row.DrawStart)
		}
		info := rp.m.Update(rp.purse)
		if info.Cycle != row.Cycle || rp.m.TicksUntilCycle != row.KAfter {
			t.Fatalf("update %d: cycle %v K %d, want %v %d", row.T, info.Cycle, rp.m.TicksUntilCycle, row.Cycle, row.KAfter)
		}
		eq(t, "v", info.V, row.V)
		for sym, series := range v.Ticks.Series {
			s, _ := rp.m.Stock(sym)
			checkStock(t, sym+" update "+strconv.Itoa(row.T), s, series[row.T-1])
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	for i, r := range v.Ticks.Final {
		checkStock(t, "final "+r.Symbol, rp.m.Stocks()[i], r)
	}
}

func TestTicks(t *testing.T) {
	rp := start(t)
	rp.ticks(t)
}

func (rp *replay) capScenario(t *testing.T) {
	cs := rp.v.CapScenario
	s, err := rp.m.Stock(cs.Sym)
	if err != nil {
		t.Fatal(err)
	}
	s.Price = s.Cap
	for _, row := range cs.Rows {
		rp.m.Update(rp.purse)
		checkStock(t, cs.Sym+" update "+strconv.Itoa(row.T), s, row)
	}
}

func TestCapScenario(t *testing.T) {
	rp := start(t)
	rp.ticks(t)
	rp.capScenario(t)
}

func bookOf(m *Market) [][]any {
	out := [][]any{}
	for _, o := range m.Orders() {
		out = append(out, []any{o.Type.String(), o.Pos.String(), o.Shares, o.Price})
	}
	return out
}

func checkBook(t *testing.T, where string, m *Market, want [][]any) {
	t.Helper()
	got, _ := json.Marshal(bookOf(m))
	w, _ := json.Marshal(want)
	if string(got) != string(w) {
		t.Errorf("%s: book %s, want %s", where, got, w)
	}
}

func checkPosition(t *testing.T, where string, s *Stock, want []num) {
	t.Helper()
	eq(t, where+" long", s.Long, want[0])
	eq(t, where+" long avg", s.LongAvg, want[1])
	eq(t, where+" short", s.Short, want[2])
	eq(t, where+" short avg", s.ShortAvg, want[3])
}

func TestOrdersScenario(t *testing.T) {
	rp := start(t)
	rp.ticks(t)
	rp.capScenario(t)
	os := rp.v.Orders
	s, _ := rp.m.Stock(os.Sym)
	for i, p := range os.Placements {
		where := "placement " + strconv.Itoa(i)
		typ, err := ParseOrderType(p.Type, true)
		if err != nil {
			t.Fatal(err)
		}
		pos, err := ParsePos(p.Pos, true)
		if err != nil {
			t.Fatal(err)
		}
		before := rp.purse.Amount
		if _, err := rp.m.Place(rp.purse, Order{Symbol: os.Sym, Shares: float64(p.Shares), Price: float64(p.Price), Type: typ, Pos: pos}); err != nil {
			t.Fatal(err)
		}
		eq(t, where+" money", rp.purse.Amount-before, p.Money)
		checkBook(t, where, rp.m, p.Book)
		checkPosition(t, where, s, p.Pos4)
		eq(t, where+" otlkMag", s.Mag, p.Mag)
	}
	for _, row := range os.Rows {
		where := "update " + strconv.Itoa(row.T)
		before := rp.purse.Amount
		rp.m.Update(rp.purse)
		eq(t, where+" money", rp.purse.Amount-before, row.Money)
		checkStock(t, os.Sym+" "+where, s, row)
		checkBook(t, where, rp.m, row.Book)
		checkPosition(t, where, s, row.Position)
		if t.Failed() {
			t.FailNow()
		}
	}
}

// stockFromInitial returns a copy of sym's stock as first rolled.
func stockFromInitial(t *testing.T, v *vectors, sym string) *Stock {
	t.Helper()
	m := New(NewMulberry32(v.Prng.Seed))
	s, err := m.Stock(sym)
	if err != nil {
		t.Fatal(err)
	}
	c := *s
	return &c
}

func near(got, want float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	if got == want {
		return true
	}
	return math.Abs(got-want) <= 1e-12*math.Abs(want)
}

func TestCostGainGrid(t *testing.T) {
	v := load(t)
	stocks := map[string]*Stock{}
	for _, g := range v.Trading.Grid {
		s := stocks[g.Sym]
		if s == nil {
			s = stockFromInitial(t, v, g.Sym)
			stocks[g.Sym] = s
		}
		s.Price = float64(g.Price)
		s.ShortAvg = float64(g.AvgShort)
		n := float64(g.Shares)
		where := g.Sym + " " + strconv.FormatFloat(n, 'g', -1, 64) + " @" + strconv.FormatFloat(s.Price, 'g', -1, 64)
		if !near(s.Ask(), float64(g.Ask)) || !near(s.Bid(), float64(g.Bid)) {
			t.Errorf("%s: ask/bid %v %v, want %v %v", where, s.Ask(), s.Bid(), g.Ask, g.Bid)
		}
		bl, blOK := PurchaseCost(s, n, Long)
		bs, bsOK := PurchaseCost(s, n, Short)
		sl, slOK := SaleGain(s, n, Long)
		ss, ssOK := SaleGain(s, n, Short)
		for _, c := range []struct {
			name string
			want *num
			got  float64
			ok   bool
		}{
			{"buy long", g.BuyLong, bl, blOK},
			{"buy short", g.BuyShort, bs, bsOK},
			{"sell long", g.SellLong, sl, slOK},
			{"sell short", g.SellShrt, ss, ssOK},
		} {
			if c.want == nil {
				if c.ok {
					t.Errorf("%s %s = %v, want invalid", where, c.name, c.got)
				}
				continue
			}
			if !c.ok || !near(c.got, float64(*c.want)) {
				t.Errorf("%s %s = %v (ok %v), want %v", where, c.name, c.got, c.ok, float64(*c.want))
			}
		}
	}
}

func TestForecastMovement(t *testing.T) {
	v := load(t)
	for i, r := range v.Trading.Movement {
		s := stockFromInitial(t, v, r.Sym)
		s.Mag, s.Target, s.TxUntilMove = float64(r.Before.Mag), float64(r.Before.Target), float64(r.Before.TxUntil)
		txMove(s, float64(r.Shares))
		w := "row " + strconv.Itoa(i)
		eq(t, w+" otlkMag", s.Mag, r.After.Mag)
		eq(t, w+" otlkMagForecast", s.Target, r.After.Target)
		eq(t, w+" U", s.TxUntilMove, r.After.TxUntil)
	}
}

func TestSequences(t *testing.T) {
	v := load(t)
	for _, q := range v.Trading.Sequences {
		s := stockFromInitial(t, v, q.Sym)
		st := q.Start
		s.Price, s.Spread, s.MV, s.MaxShares = float64(st.Price), float64(st.Spread), float64(st.MV), float64(st.Max)
		s.TxPerMove, s.TxUntilMove, s.Mag, s.Target = float64(st.TxPer), float64(st.TxUntil), float64(st.Mag), float64(st.Target)
		m := &Market{}
		p := &Purse{Amount: float64(st.Money)}
		for i, step := range q.Steps {
			w := q.Name + " step " + strconv.Itoa(i)
			if step.SetPrice != nil {
				s.Price = float64(*step.SetPrice)
			}
			var err error
			n := float64(step.Shares)
			switch step.Op {
			case "buy":
				_, err = m.Buy(p, s, n)
			case "short":
				_, err = m.BuyShort(p, s, n)
			case "sell":
				_, err = m.Sell(p, s, n)
			case "sellShort":
				_, err = m.SellShort(p, s, n)
			default:
				t.Fatalf("%s: unknown op %q", w, step.Op)
			}
			if (err == nil) != step.OK {
				t.Errorf("%s: err %v, want ok %v", w, err, step.OK)
			}
			eq(t, w+" money", p.Amount, step.Money)
			checkPosition(t, w, s, []num{step.Long, step.LongAvg, step.Short, step.ShortAvg})
			eq(t, w+" otlkMag", s.Mag, step.Mag)
			eq(t, w+" otlkMagForecast", s.Target, step.Target)
			eq(t, w+" U", s.TxUntilMove, step.TxUntil)
		}
	}
}

// TestNSLayer replays the ns.stock calls on the re-initialised market that
// follows the scenarios in the stream.
func TestNSLayerAndInfluence(t *testing.T) {
	rp := start(t)
	rp.ticks(t)
	rp.capScenario(t)
	// The orders scenario's 80 updates, with its orders, come next.
	for _, p := range rp.v.Orders.Placements {
		typ, _ := ParseOrderType(p.Type, true)
		pos, _ := ParsePos(p.Pos, true)
		rp.m.Place(rp.purse, Order{Symbol: rp.v.Orders.Sym, Shares: float64(p.Shares), Price: float64(p.Price), Type: typ, Pos: pos})
	}
	for range rp.v.Orders.Rows {
		rp.m.Update(rp.purse)
	}
	if rp.r.n != 28898 {
		t.Fatalf("the scenarios end at draw %d, want 28898", rp.r.n)
	}
	m := New(rp.r)
	purse := &Purse{Amount: 1e15}
	for i, c := range rp.v.Trading.NS {
		if c.Fn == "" {
			continue
		}
		w := "ns call " + strconv.Itoa(i) + " " + c.Fn
		got, err := callNS(m, purse, c.Fn, c.Args)
		var want any
		if err := json.Unmarshal(c.Result, &want); err != nil {
			t.Fatal(err)
		}
		e, isErr := want.(map[string]any)
		if isErr {
			_, isErr = e["error"]
		}
		if err == errSkip && !isErr {
			continue
		}
		if isErr {
			if err == nil {
				t.Errorf("%s: got %v, want error %v", w, got, e["error"])
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", w, err)
			continue
		}
		gb, _ := json.Marshal(got)
		wb, _ := json.Marshal(want)
		if string(gb) != string(wb) {
			t.Errorf("%s%v = %s, want %s", w, c.Args, gb, wb)
		}
	}
	for i, r := range rp.v.Influence.Rows {
		w := "influence " + strconv.Itoa(i)
		before := rp.r.n
		var s *Stock
		if r.Before != nil {
			s = m.ByName(r.Org)
			s.Target = float64(*r.Before)
		}
		switch r.Fn {
		case "hack":
			m.InfluenceHack(r.Org, float64(r.Amount), float64(r.MoneyMax))
		case "grow":
			m.InfluenceGrow(r.Org, float64(r.Amount), float64(r.MoneyMax))
		case "companyWork":
			m.InfluenceWork(r.Org, float64(r.Perf), r.Cycles)
		}
		if rp.r.n-before != len(r.Draws) {
			t.Errorf("%s took %d draws, want %d", w, rp.r.n-before, len(r.Draws))
			continue
		}
		if len(r.Draws) > 0 {
			eq(t, w+" draw", rp.r.last, r.Draws[0])
		}
		if s != nil {
			eq(t, w+" F", s.Target, *r.After)
		}
	}
}

// callNS is the part of the ns.stock layer the vectors exercise, as a
// script sees it (2.x parsing).
func callNS(m *Market, w Wallet, fn string, args []any) (any, error) {
	var sym string
	if len(args) > 0 {
		sym, _ = args[0].(string)
	}
	if fn == "getBonusTime" || fn == "getConstants" || fn == "getOrders" {
		switch fn {
		case "getOrders":
			out := map[string][]map[string]any{}
			for _, o := range m.Orders() {
				out[o.Symbol] = append(out[o.Symbol], map[string]any{"shares": o.Shares, "price": o.Price, "type": o.Type.String(), "position": o.Pos.String()})
			}
			return out, nil
		}
		return nil, errSkip
	}
	s, err := m.Stock(sym)
	if err != nil {
		return nil, err
	}
	shares := func(i int) (float64, error) {
		switch a := args[i].(type) {
		case float64:
			return a, nil
		case string:
			return strconv.ParseFloat(a, 64)
		}
		return 0, errSkip
	}
	switch fn {
	case "getPurchaseCost", "getSaleGain":
		n, err := shares(1)
		if err != nil || math.IsNaN(n) {
			return nil, errSkip
		}
		pos, err := ParsePos(args[2].(string), false)
		if fn == "getPurchaseCost" {
			if err != nil {
				return "Infinity", nil
			}
			c, ok := PurchaseCost(s, n, pos)
			if !ok {
				return "Infinity", nil
			}
			return c, nil
		}
		if err != nil {
			return 0, nil
		}
		g, _ := SaleGain(s, n, pos)
		return g, nil
	case "buyStock", "sellStock", "buyShort", "sellShort":
		n, _ := shares(1)
		var p float64
		switch fn {
		case "buyStock":
			p, err = m.Buy(w, s, n)
		case "sellStock":
			p, err = m.Sell(w, s, n)
		case "buyShort":
			p, err = m.BuyShort(w, s, n)
		default:
			p, err = m.SellShort(w, s, n)
		}
		return p, nil
	case "getPosition":
		return []float64{s.Long, s.LongAvg, s.Short, s.ShortAvg}, nil
	case "getForecast":
		return s.Forecast(), nil
	case "getVolatility":
		return s.Volatility(), nil
	case "getMaxShares":
		return s.MaxShares, nil
	case "getPrice":
		return s.Price, nil
	case "placeOrder", "cancelOrder":
		n, _ := shares(1)
		price := args[2].(float64)
		typ, err := ParseOrderType(args[3].(string), false)
		if err != nil {
			return nil, err
		}
		pos, err := ParsePos(args[4].(string), false)
		if err != nil {
			return nil, err
		}
		o := Order{Symbol: sym, Shares: n, Price: price, Type: typ, Pos: pos}
		if fn == "cancelOrder" {
			return m.Cancel(o), nil
		}
		_, err = m.Place(w, o)
		return err == nil, err
	}
	return nil, errSkip
}

var errSkip = errorString("not replayed")

type errorString string

func (e errorString) Error() string { return string(e) }
