// Package economy is bbctl's spending: one money account, the candidates
// money can buy (purchased servers, hacknet nodes, and what only the player
// can buy: home RAM and cores, the TOR router, port openers), each with its
// cost and the income it adds, and the spender's policy that ranks them by
// payback time. It is pure: time and the world's state are parameters, and
// the driver (package simrun, cmd/bbctl serve) carries the decisions out.
//
// docs/economy.md explains the policy with a worked example.
package economy

import (
	"maps"
	"slices"
)

// Money sources, as Account.Earned names them.
const (
	SourceHacking   = "hacking"
	SourceContracts = "contracts"
	SourceHacknet   = "hacknet"
)

// Account is bbctl's view of the player's one money account: the money on
// hand, what other services hold of it, and what was earned by source and
// spent by kind. Every service that spends draws on the same account.
//
// A service that needs money for later (a stock trader's position, a
// running plan) holds it with Hold; the spender spends only Free money.
// The zero value is an empty account, ready to use.
type Account struct {
	money  float64
	holds  map[string]float64
	earned map[string]float64
	spent  map[string]float64
}

// Observe sets the money on hand, as the world reports it.
func (a *Account) Observe(money float64) { a.money = money }

// Money returns the money on hand.
func (a *Account) Money() float64 { return a.money }

// Hold sets the money owner keeps for itself; 0 releases it. Holds are not
// taken from the money on hand: they only keep the spender off it.
func (a *Account) Hold(owner string, amount float64) {
	if amount <= 0 || amount != amount {
		delete(a.holds, owner)
		return
	}
	if a.holds == nil {
		a.holds = map[string]float64{}
	}
	a.holds[owner] = amount
}

// Held returns the money all owners hold.
func (a *Account) Held() float64 {
	t := 0.0
	if len(a.holds) <= 1 { // one order only (the run asks after every step)
		for _, v := range a.holds {
			t += v
		}
		return t
	}
	for _, k := range slices.Sorted(maps.Keys(a.holds)) { // a fixed order: a deterministic sum
		t += a.holds[k]
	}
	return t
}

// Free returns the money the spender may use: on hand, less the holds and
// less reserve; never negative.
func (a *Account) Free(reserve float64) float64 {
	return max(0, a.money-a.Held()-reserve)
}

// SetEarned records the money earned from source (SourceHacking, …) so
// far, as the world or the service that earns it counts it.
func (a *Account) SetEarned(source string, total float64) {
	if a.earned == nil {
		a.earned = map[string]float64{}
	}
	a.earned[source] = total
}

// Spend records money spent on kind (KindServer, …) and takes it from the
// money on hand.
func (a *Account) Spend(kind string, amount float64) {
	if a.spent == nil {
		a.spent = map[string]float64{}
	}
	a.spent[kind] += amount
	a.money -= amount
}

// Earned returns the money earned by source.
func (a *Account) Earned() map[string]float64 { return maps.Clone(a.earned) }

// Spent returns the money spent by kind.
func (a *Account) Spent() map[string]float64 { return maps.Clone(a.spent) }
