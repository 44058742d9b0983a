package economy

import (
	"fmt"
	"math"
	"sort"
	"time"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

// Settings tune the spender. The zero value of a field means its default.
type Settings struct {
	// SpendFraction is the share of the free money (on hand, less holds
	// and the reserve) one purchase may use (default 1).
	SpendFraction float64 `json:"spend_fraction"`
	// Horizon is the longest payback time worth buying (default 1 h).
	Horizon time.Duration `json:"horizon"`
	// Reserve is money never spent ($, default 0).
	Reserve float64 `json:"reserve"`
	// Hashes says what becomes of the hacknet servers' hashes: HashesSell
	// (the default) sells every whole lot for money at each step;
	// HashesKeep leaves them to the player (the game still sells what
	// would overflow the capacity).
	Hashes string `json:"hashes"`
}

// What the service does with the hacknet servers' hashes (Settings.Hashes).
const (
	HashesSell = "sell"
	HashesKeep = "keep"
)

// Defaults of Settings.
const (
	DefaultSpendFraction = 1.0
	DefaultHorizon       = time.Hour
	DefaultHashes        = HashesSell
)

// WithDefaults returns s with its zero fields set to the defaults, or an
// error naming a bad field.
func (s Settings) WithDefaults() (Settings, error) {
	if s.SpendFraction == 0 {
		s.SpendFraction = DefaultSpendFraction
	}
	if s.Horizon == 0 {
		s.Horizon = DefaultHorizon
	}
	if s.Hashes == "" {
		s.Hashes = DefaultHashes
	}
	switch {
	case math.IsNaN(s.SpendFraction) || s.SpendFraction < 0 || s.SpendFraction > 1:
		return s, fmt.Errorf("spend fraction %v: want a number in (0, 1]", s.SpendFraction)
	case s.Horizon < 0:
		return s, fmt.Errorf("payback horizon %v: want a positive duration", s.Horizon)
	case math.IsNaN(s.Reserve) || math.IsInf(s.Reserve, 0) || s.Reserve < 0:
		return s, fmt.Errorf("reserve %v: want an amount of money ≥ 0", s.Reserve)
	case s.Hashes != HashesSell && s.Hashes != HashesKeep:
		return s, fmt.Errorf("hashes %q: want %s or %s", s.Hashes, HashesSell, HashesKeep)
	}
	return s, nil
}

// Inputs are what a policy decides from.
type Inputs struct {
	// Free is the money the spender may use: on hand, less what other
	// services hold and less the reserve (Account.Free).
	Free float64
	// Income is the income now from every source, $/s.
	Income  float64
	Hacknet world.Hacknet
	Servers world.PurchasedServers
	BN      *game.BitNodeMults
	Version game.Version
	// Model evaluates what RAM and the player's purchases add to the
	// hacking income; nil leaves servers and advice out.
	Model *IncomeModel
	// Prefix names new purchased servers (default "bbctl-").
	Prefix string
	// Unheeded is true when the player has left the advice unbought for
	// long after it was affordable: the money is no longer kept for it.
	Unheeded bool
	// Singularity is true when bbctl may buy what only the player can
	// otherwise (the Singularity API is open, and the world offers
	// world.PlayerShop): those purchases are bought, not advised.
	Singularity bool
}

// Decision is what a policy wants now.
type Decision struct {
	// Buy is the purchase to make now; nil for none.
	Buy *Candidate `json:"buy,omitempty"`
	// Wait is the better purchase the money is kept for, when one is.
	Wait *Candidate `json:"wait,omitempty"`
	// Advice is what only the player can buy, best payback first.
	Advice []Candidate `json:"advice"`
}

// Policy is a way of spending: bbctl's (Spender) or a baseline.
type Policy interface {
	// Name names the policy as --spender does.
	Name() string
	// Decide returns what to buy now.
	Decide(in Inputs) Decision
}

// Policies returns the policy called name: "bbctl", "old" or "none".
func Policies(name string, s Settings) (Policy, error) {
	s, err := s.WithDefaults()
	if err != nil {
		return nil, err
	}
	switch name {
	case "bbctl":
		return Spender{Settings: s}, nil
	case "old":
		return OldRules{}, nil
	case "none":
		return NoSpending{}, nil
	}
	return nil, fmt.Errorf("unknown spender %q (want bbctl, none or old)", name)
}

// Spender is bbctl's policy. It ranks every purchase — hacknet, purchased
// servers, and what only the player can buy — by payback time (cost ÷
// income added) and buys the best one that fits the budget. When the best
// one does not fit yet, it buys a cheaper one only if that one pays for
// itself before the best becomes affordable (so buying it delays nothing);
// otherwise it waits. When the best is the player's to buy, the money is
// kept for it and the advice says so — or, with the Singularity API, it is
// bought like the rest.
type Spender struct{ Settings Settings }

// Name returns "bbctl".
func (Spender) Name() string { return "bbctl" }

// Decide implements Policy.
func (p Spender) Decide(in Inputs) Decision {
	s, _ := p.Settings.WithDefaults()
	horizon := s.Horizon.Seconds()
	budget := in.Free * s.SpendFraction
	reach := in.Free + max(0, in.Income)*horizon
	cands := Followups(HacknetCandidates(in.Hacknet, in.BN, in.Version), in.Hacknet, horizon, in.BN, in.Version)
	var advice []Candidate
	if in.Model != nil {
		cands = append(cands, ServerCandidates(in.Servers, in.BN, in.Model, reach, prefix(in))...)
		advice = worth(PlayerCandidates(in.Model, reach), horizon)
		if !in.Unheeded {
			cands = append(cands, advice...)
		}
	}
	d := Choose(cands, budget, in.Income, horizon, in.Singularity)
	if !in.Singularity {
		d.Advice = rank(advice)
	}
	return d
}

func prefix(in Inputs) string {
	if in.Prefix == "" {
		return "bbctl-"
	}
	return in.Prefix
}

// Choose is the spender's rule over candidates: among those that pay back
// within horizon seconds, the best payback is bought if it fits budget and
// is not the player's (unless player, the Singularity API, says bbctl may
// buy those too); otherwise the first affordable one (by payback) that
// repays itself before the best is affordable at income $/s is bought;
// otherwise nothing is, and Wait names the best.
func Choose(cands []Candidate, budget, income, horizon float64, player bool) Decision {
	elig := rank(worth(cands, horizon))
	if len(elig) == 0 {
		return Decision{}
	}
	mine := func(c Candidate) bool { return player || !c.Kind.PlayerOnly() }
	best := elig[0]
	if best.Cost <= budget && mine(best) {
		return Decision{Buy: &best}
	}
	wait := 0.0 // until the best is affordable
	if best.Cost > budget {
		wait = math.Inf(1)
		if income > 0 {
			wait = (best.Cost - budget) / income
		}
	}
	for _, c := range elig[1:] {
		if mine(c) && c.Cost <= budget && c.Payback <= wait {
			return Decision{Buy: &c, Wait: &best}
		}
	}
	return Decision{Wait: &best}
}

// rank sorts candidates by payback, then cost, keeping their order
// otherwise.
func rank(cs []Candidate) []Candidate {
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].Payback != cs[j].Payback {
			return cs[i].Payback < cs[j].Payback
		}
		return cs[i].Cost < cs[j].Cost
	})
	return cs
}

// NoSpending is the baseline that buys nothing.
type NoSpending struct{}

// Name returns "none".
func (NoSpending) Name() string { return "none" }

// Decide implements Policy: nothing to buy, and the player's advice.
func (NoSpending) Decide(in Inputs) Decision { return Decision{Advice: adviceOf(in)} }

// OldRules is the baseline of the scripts bbctl replaces: a hacknet buyer
// that buys whatever pays back within 60 minutes with all the money, and
// a server buyer that buys the largest purchased server affordable
// whenever one is (at the limit, it upgrades the smallest server to the
// largest size affordable).
type OldRules struct{}

// Name returns "old".
func (OldRules) Name() string { return "old" }

// Decide implements Policy.
func (OldRules) Decide(in Inputs) Decision {
	d := Decision{Advice: adviceOf(in)}
	if c, ok := largestServer(in); ok {
		d.Buy = &c
		return d
	}
	var best *Candidate
	for _, c := range HacknetCandidates(in.Hacknet, in.BN, in.Version) {
		if c.Cost <= in.Free && c.Payback <= 3600 && (best == nil || c.Payback < best.Payback) {
			best = &c
		}
	}
	d.Buy = best
	return d
}

// largestServer is the old server buyer's pick: the largest server the
// money buys, new while the limit allows, else the smallest one upgraded.
func largestServer(in Inputs) (Candidate, bool) {
	ps := in.Servers
	if ps.Limit <= 0 || ps.MaxRAM <= 0 {
		return Candidate{}, false
	}
	cost := func(r game.RAM) float64 { return game.PurchasedServerCost(float64(r/game.GiB), in.BN) }
	base, c := game.RAM(0), Candidate{Kind: KindServer, Host: freeName(ps, prefix(in))}
	if len(ps.Hosts) >= ps.Limit {
		small := ps.Hosts[0]
		for _, h := range ps.Hosts {
			if h.RAM < small.RAM {
				small = h
			}
		}
		base, c = small.RAM, Candidate{Kind: KindServerUpgrade, Host: small.Host}
	}
	for r := ps.MaxRAM; r > base && r >= 2*game.GiB; r /= 2 {
		if k := cost(r) - costOr0(cost, base); k <= in.Free {
			c.RAM, c.Cost = r, k
			if in.Model != nil {
				c.Gain = in.Model.Gain(Change{ExtraRAM: r - base})
			}
			return c.withPayback(), true
		}
	}
	return Candidate{}, false
}

func costOr0(cost func(game.RAM) float64, r game.RAM) float64 {
	if r == 0 {
		return 0
	}
	return cost(r)
}

// adviceOf returns the player's purchases, best payback first.
func adviceOf(in Inputs) []Candidate {
	if in.Model == nil {
		return nil
	}
	h := DefaultHorizon.Seconds()
	return rank(worth(PlayerCandidates(in.Model, in.Free+max(0, in.Income)*h), h))
}

// worth returns the candidates that add income and pay back within
// horizon seconds.
func worth(cs []Candidate, horizon float64) []Candidate {
	var out []Candidate
	for _, c := range cs {
		if c.Gain > 0 && c.Payback <= horizon {
			out = append(out, c)
		}
	}
	return out
}
