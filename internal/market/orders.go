package market

import (
	"fmt"
	"strings"
)

// OrderType is the kind of a limit or stop order.
type OrderType int

// The four order types.
const (
	LimitBuy OrderType = iota
	LimitSell
	StopBuy
	StopSell
)

var orderTypeNames = [...]string{"Limit Buy Order", "Limit Sell Order", "Stop Buy Order", "Stop Sell Order"}

// String returns the game's enum value, e.g. "Limit Buy Order".
func (t OrderType) String() string { return orderTypeNames[t] }

// ParseOrderType reads an order type as the game does: 3.x takes exactly
// the enum values; 2.x lower-cases the text, which must contain "limit" or
// "stop" and "buy" or "sell".
func ParseOrderType(text string, v3 bool) (OrderType, error) {
	if v3 {
		for i, n := range orderTypeNames {
			if text == n {
				return OrderType(i), nil
			}
		}
		return 0, fmt.Errorf("invalid order type: %s", text)
	}
	t := strings.ToLower(text)
	switch {
	case strings.Contains(t, "limit") && strings.Contains(t, "buy"):
		return LimitBuy, nil
	case strings.Contains(t, "limit") && strings.Contains(t, "sell"):
		return LimitSell, nil
	case strings.Contains(t, "stop") && strings.Contains(t, "buy"):
		return StopBuy, nil
	case strings.Contains(t, "stop") && strings.Contains(t, "sell"):
		return StopSell, nil
	}
	return 0, fmt.Errorf("invalid order type: %s", text)
}

// Order is a limit or stop order in the book. Shares are rounded only when
// it executes.
type Order struct {
	Symbol string    `json:"symbol"`
	Shares float64   `json:"shares"`
	Price  float64   `json:"price"`
	Type   OrderType `json:"type"`
	Pos    Pos       `json:"position"`
}

// triggered reports whether the mid price p satisfies o (§4.5's table).
func (o Order) triggered(p float64) bool {
	long := o.Pos == Long
	switch o.Type {
	case LimitBuy:
		return long && p <= o.Price || !long && p >= o.Price
	case LimitSell:
		return long && p >= o.Price || !long && p <= o.Price
	case StopBuy:
		return long && p >= o.Price || !long && p <= o.Price
	default: // StopSell
		return long && p <= o.Price || !long && p >= o.Price
	}
}

type check struct {
	t   OrderType
	pos Pos
}

// The (type, position) pairs a move can newly satisfy, in the game's order.
var (
	upChecks   = []check{{LimitBuy, Short}, {LimitSell, Long}, {StopBuy, Long}, {StopSell, Short}}
	downChecks = []check{{LimitBuy, Long}, {LimitSell, Short}, {StopBuy, Short}, {StopSell, Long}}
)

// Place adds an order to the book (placeOrder) and checks that stock's
// orders of the same type and position once, so an order already
// satisfied executes at once. It returns the orders that executed.
func (m *Market) Place(w Wallet, o Order) ([]Fill, error) {
	i, ok := m.index[o.Symbol]
	if !ok {
		return nil, fmt.Errorf("place order: %w: %q", ErrSymbol, o.Symbol)
	}
	m.orders[i] = append(m.orders[i], o)
	return m.checkOrders(i, []check{{o.Type, o.Pos}}, w, nil), nil
}

// Cancel removes the first order equal to o in every field (cancelOrder).
// Like the game it finds nothing when the shares or the price is 0.
func (m *Market) Cancel(o Order) bool {
	i, ok := m.index[o.Symbol]
	if !ok || o.Shares == 0 || o.Price == 0 {
		return false
	}
	for j, b := range m.orders[i] {
		if b == o {
			m.orders[i] = append(m.orders[i][:j:j], m.orders[i][j+1:]...)
			return true
		}
	}
	return false
}

// Orders returns a copy of the book: every order, by stock in catalogue
// order, each stock's in placement order.
func (m *Market) Orders() []Order {
	var out []Order
	for _, b := range m.orders {
		out = append(out, b...)
	}
	return out
}

// checkOrders walks stock i's book once per pair in cs and executes the
// satisfied orders of that pair. The walk reproduces the game's skip
// quirk: the book is edited while it is walked, so the order right after
// an executed one is passed over in that pass.
func (m *Market) checkOrders(i int, cs []check, w Wallet, fills []Fill) []Fill {
	s := m.stocks[i]
	for _, c := range cs {
		book := m.orders[i]
		for j := 0; j < len(book); j++ {
			o := book[j]
			if o.Type != c.t || o.Pos != c.pos || !o.triggered(s.Price) {
				continue
			}
			price, err := m.execute(w, s, o)
			if err != nil {
				continue // it stays in the book
			}
			fills = append(fills, Fill{Order: o, Price: price})
			book = append(book[:j:j], book[j+1:]...)
			// j++ now passes over the order that moved into slot j.
		}
		m.orders[i] = book
	}
	return fills
}

func (m *Market) execute(w Wallet, s *Stock, o Order) (float64, error) {
	buy := o.Type == LimitBuy || o.Type == StopBuy
	switch {
	case buy && o.Pos == Long:
		return m.Buy(w, s, o.Shares)
	case buy:
		return m.BuyShort(w, s, o.Shares)
	case o.Pos == Long:
		return m.Sell(w, s, o.Shares)
	default:
		return m.SellShort(w, s, o.Shares)
	}
}

// MarshalText writes the game's enum value.
func (t OrderType) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText reads the game's enum value.
func (t *OrderType) UnmarshalText(b []byte) error {
	v, err := ParseOrderType(string(b), true)
	*t = v
	return err
}
