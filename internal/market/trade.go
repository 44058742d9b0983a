package market

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Errors of trades and lookups. Ordinary trade failures (money, share
// limits, nothing to sell) are what the game logs and answers 0 for; an
// unknown symbol is what it throws for.
var (
	ErrSymbol     = errors.New("invalid stock symbol")
	ErrShares     = errors.New("invalid share count")
	ErrMoney      = errors.New("not enough money")
	ErrMaxShares  = errors.New("long and short shares would exceed the stock's maximum")
	ErrNoPosition = errors.New("no shares to sell")
)

// Pos is a position type: long or short.
type Pos int

// The two position types.
const (
	Long Pos = iota
	Short
)

// String returns the game's enum value, "L" or "S".
func (p Pos) String() string {
	if p == Short {
		return "S"
	}
	return "L"
}

// ParsePos reads a position type as the game does: 3.x takes exactly "L"
// or "S"; 2.x lower-cases the text and takes it as long if it contains 'l',
// else short if it contains 's'.
func ParsePos(text string, v3 bool) (Pos, error) {
	if v3 {
		switch text {
		case "L":
			return Long, nil
		case "S":
			return Short, nil
		}
	} else {
		t := strings.ToLower(text)
		if strings.Contains(t, "l") {
			return Long, nil
		}
		if strings.Contains(t, "s") {
			return Short, nil
		}
	}
	return 0, fmt.Errorf("invalid position type: %q", text)
}

// Buy buys shares long at the ask (buyStock) and returns the ask.
func (m *Market) Buy(w Wallet, s *Stock, shares float64) (float64, error) {
	return m.open(w, s, shares, Long)
}

// BuyShort opens a short of shares at the bid (buyShort) and returns the bid.
func (m *Market) BuyShort(w Wallet, s *Stock, shares float64) (float64, error) {
	return m.open(w, s, shares, Short)
}

func (m *Market) open(w Wallet, s *Stock, shares float64, pos Pos) (float64, error) {
	n := jsRound(shares)
	if math.IsNaN(n) || n <= 0 {
		return 0, fmt.Errorf("%s %s: %w %v", opName(pos, true), s.Symbol, ErrShares, shares)
	}
	price := s.Ask()
	if pos == Short {
		price = s.Bid()
	}
	cost := math.Min(n, s.MaxShares)*price + Commission
	if w.Money() < cost {
		return 0, fmt.Errorf("%s %d %s: %w (need %.0f)", opName(pos, true), int64(n), s.Symbol, ErrMoney, cost)
	}
	if n+s.Long+s.Short > s.MaxShares {
		return 0, fmt.Errorf("%s %d %s: %w (%.0f)", opName(pos, true), int64(n), s.Symbol, ErrMaxShares, s.MaxShares)
	}
	w.Add(-cost)
	if pos == Long {
		s.LongAvg = (s.Long*s.LongAvg + cost - Commission) / (s.Long + n)
		s.Long += n
	} else {
		s.ShortAvg = (s.Short*s.ShortAvg + cost - Commission) / (s.Short + n)
		s.Short += n
	}
	txMove(s, n)
	return price, nil
}

// Sell sells shares of a long position at the bid (sellStock), at most what
// is held, and returns the bid.
func (m *Market) Sell(w Wallet, s *Stock, shares float64) (float64, error) {
	return m.close(w, s, shares, Long)
}

// SellShort closes shares of a short position at the ask (sellShort), at
// most what is held, and returns the ask.
func (m *Market) SellShort(w Wallet, s *Stock, shares float64) (float64, error) {
	return m.close(w, s, shares, Short)
}

func (m *Market) close(w Wallet, s *Stock, shares float64, pos Pos) (float64, error) {
	if math.IsNaN(shares) || shares < 0 {
		return 0, fmt.Errorf("%s %s: %w %v", opName(pos, false), s.Symbol, ErrShares, shares)
	}
	held := s.Long
	if pos == Short {
		held = s.Short
	}
	n := math.Min(jsRound(shares), held)
	if n == 0 {
		return 0, fmt.Errorf("%s %s: %w", opName(pos, false), s.Symbol, ErrNoPosition)
	}
	if pos == Long {
		bid := s.Bid()
		w.Add(math.Min(n, s.MaxShares)*bid - Commission)
		s.Long -= n
		if s.Long == 0 {
			s.LongAvg = 0
		}
		txMove(s, n)
		return bid, nil
	}
	ask := s.Ask()
	w.Add(n*s.ShortAvg + ((s.ShortAvg-ask)*n - Commission))
	s.Short -= n
	if s.Short == 0 {
		s.ShortAvg = 0
	}
	txMove(s, n)
	return ask, nil
}

func opName(pos Pos, open bool) string {
	switch {
	case pos == Long && open:
		return "buy"
	case pos == Long:
		return "sell"
	case open:
		return "short"
	}
	return "close short"
}

// PurchaseCost is getPurchaseCost (§4.3): what buying shares (rounded)
// costs, commission included. Like the game it prices at most maxShares,
// and it reports false for a count that rounds to ≤ 0 or is NaN (the game
// answers Infinity).
func PurchaseCost(s *Stock, shares float64, pos Pos) (float64, bool) {
	n := jsRound(shares)
	if math.IsNaN(n) || n <= 0 {
		return 0, false
	}
	price := s.Ask()
	if pos == Short {
		price = s.Bid()
	}
	return math.Min(n, s.MaxShares)*price + Commission, true
}

// SaleGain is getSaleGain (§4.3): what selling shares (rounded) would
// bring, commission deducted, whatever is held; a short uses the current
// average short price. It reports false where the game answers 0.
func SaleGain(s *Stock, shares float64, pos Pos) (float64, bool) {
	n := jsRound(shares)
	if math.IsNaN(n) || n <= 0 {
		return 0, false
	}
	n = math.Min(n, s.MaxShares)
	if pos == Long {
		return n*s.Bid() - Commission, true
	}
	return n*s.ShortAvg + ((s.ShortAvg-s.Ask())*n - Commission), true
}

// txMove is processTransactionForecastMovement (§4.4): every executed
// trade of n shares, whatever its direction, counts down the stock's
// movement counter and weakens the forecast once per threshold crossed.
func txMove(s *Stock, n float64) {
	n = math.Min(n, s.MaxShares)
	var k float64
	if n <= s.TxUntilMove {
		s.TxUntilMove -= n
		if s.TxUntilMove > 0 {
			return
		}
		s.TxUntilMove = s.TxPerMove
		k = 1
	} else {
		r := n - s.TxUntilMove
		rem := math.Mod(r, s.TxPerMove)
		if rem == 0 {
			k = r/s.TxPerMove + 1
			s.TxUntilMove = s.TxPerMove
		} else {
			k = math.Ceil(r / s.TxPerMove)
			s.TxUntilMove = s.TxPerMove - rem
		}
	}
	d := forecastPerMove * k
	if s.Mag > influenceFloorMg {
		s.Mag = math.Max(influenceFloorMg, s.Mag-d)
	}
	df := d * (s.MV / 100)
	if s.Target > 50 {
		s.Target = math.Max(50, s.Target-df)
	} else if s.Target < 50 {
		s.Target = math.Min(50, s.Target+df)
	}
}

// MarketValue is what the positions of s would bring if closed now at the
// bid (long) and ask (short), commissions not deducted.
func (s *Stock) MarketValue() float64 {
	v := s.Long * s.Bid()
	if s.Short > 0 {
		v += s.Short * (2*s.ShortAvg - s.Ask())
	}
	return v
}

// MarshalText writes "L" or "S".
func (p Pos) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText reads "L" or "S".
func (p *Pos) UnmarshalText(b []byte) error {
	v, err := ParsePos(string(b), true)
	*p = v
	return err
}
