package scenario

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

// WhatIf is a change to a scenario's world: something a player could buy
// or reach. Its zero value changes nothing.
type WhatIf struct {
	Hacking    int             // the hacking level; 0: unchanged
	AddServers []Servers       // purchased servers added
	HomeRAM    game.RAM        // home's RAM; 0: unchanged
	HomeCores  int             // home's cores; 0: unchanged
	Openers    []world.Program // the port openers owned; nil: unchanged
}

// IsZero reports whether c changes nothing.
func (c WhatIf) IsZero() bool {
	return c.Hacking == 0 && len(c.AddServers) == 0 && c.HomeRAM == 0 && c.HomeCores == 0 && c.Openers == nil
}

// String writes c as the flags that ask for it: "--add-servers 25x1TB".
func (c WhatIf) String() string {
	var parts []string
	if c.Hacking > 0 {
		parts = append(parts, "--hacking "+strconv.Itoa(c.Hacking))
	}
	for _, g := range c.AddServers {
		parts = append(parts, fmt.Sprintf("--add-servers %dx%s", g.Count, game.FormatRAM(game.RAM(g.RAM))))
	}
	if c.HomeRAM > 0 {
		parts = append(parts, "--home-ram "+game.FormatRAM(c.HomeRAM))
	}
	if c.HomeCores > 0 {
		parts = append(parts, "--home-cores "+strconv.Itoa(c.HomeCores))
	}
	if c.Openers != nil {
		parts = append(parts, "--openers "+FormatOpeners(c.Openers))
	}
	return strings.Join(parts, " ")
}

// FormatOpeners writes a list of port openers as --openers takes it.
func FormatOpeners(ps []world.Program) string {
	if len(ps) == 0 {
		return "none"
	}
	if slices.Equal(ps, world.AllPrograms()) {
		return "all"
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = strings.TrimSuffix(p.String(), ".exe")
	}
	return strings.Join(names, ",")
}

// ParseServers reads COUNTxRAM ("25x1TB", "4x256GB").
func ParseServers(s string) (Servers, error) {
	n, r, ok := strings.Cut(strings.ToLower(s), "x")
	count, err := strconv.Atoi(n)
	if !ok || err != nil {
		return Servers{}, fmt.Errorf("%q: want COUNTxRAM, such as 25x1TB", s)
	}
	ram, err := game.ParseRAM(strings.ToUpper(r))
	if err != nil {
		return Servers{}, fmt.Errorf("%q: want COUNTxRAM, such as 25x1TB", s)
	}
	if count < 1 {
		return Servers{}, fmt.Errorf("%q: want a count ≥ 1", s)
	}
	if !powerOfTwoGB(ram) {
		return Servers{}, fmt.Errorf("%q: a purchased server's RAM is a power of two GB", s)
	}
	return Servers{RAM: RAM(ram), Count: count}, nil
}

// ParseOpeners reads a comma-separated list of port openers, "all" or
// "none".
func ParseOpeners(s string) ([]world.Program, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "all":
		return world.AllPrograms(), nil
	case "none", "":
		return []world.Program{}, nil
	}
	var out []world.Program
	for _, name := range strings.Split(s, ",") {
		p, err := world.ParseProgram(strings.TrimSpace(name))
		if err != nil {
			return nil, err
		}
		if slices.Contains(out, p) {
			return nil, fmt.Errorf("%v listed twice", p)
		}
		out = append(out, p)
	}
	slices.Sort(out)
	return out, nil
}

// HomeRAM is home's RAM in s: the home field, else the listed home's.
func (s Scenario) HomeRAM() game.RAM {
	if s.Home.RAM != 0 {
		return game.RAM(s.Home.RAM)
	}
	if h := s.listedHome(); h != nil {
		return game.RAM(h.RAM)
	}
	return 8 * game.GiB
}

// HomeCores is home's cores in s: the home field, else the listed home's.
func (s Scenario) HomeCores() int {
	if s.Home.Cores != 0 {
		return s.Home.Cores
	}
	if h := s.listedHome(); h != nil {
		return h.Cores
	}
	return 1
}

func (s Scenario) listedHome() *Server {
	for i := range s.Servers {
		if s.Servers[i].Hostname == game.HomeHostname {
			return &s.Servers[i]
		}
	}
	return nil
}

// Apply returns s with c made, validated; errors name the flag.
func (c WhatIf) Apply(s Scenario) (Scenario, error) {
	bn, err := game.BitNodeMultipliers(s.BitNode, s.BitNodeLevel)
	if err != nil {
		return s, err
	}
	if c.Hacking < 0 {
		return s, fmt.Errorf("--hacking %d: want a level ≥ 1", c.Hacking)
	}
	if c.Hacking > 0 {
		s.Player.Hacking, s.Player.Exp = c.Hacking, 0
	}
	if len(c.AddServers) > 0 {
		maxGB := game.PurchasedServerMaxRAM(&bn)
		for _, g := range c.AddServers {
			if game.RAM(g.RAM).GB() > maxGB {
				return s, fmt.Errorf("--add-servers %dx%s: BitNode %d sells servers of at most %s", g.Count, game.FormatRAM(game.RAM(g.RAM)), s.BitNode, game.FormatRAM(game.GB(maxGB)))
			}
		}
		s.Purchased = append(slices.Clone(s.Purchased), c.AddServers...)
		if have, limit := s.purchasedCount(), game.PurchasedServerLimit(&bn); have > limit {
			return s, fmt.Errorf("--add-servers: %d purchased servers in all, BitNode %d allows %d", have, s.BitNode, limit)
		}
	}
	if c.HomeRAM != 0 {
		if !powerOfTwoGB(c.HomeRAM) || c.HomeRAM.GB() > game.HomeMaxRAM {
			return s, fmt.Errorf("--home-ram %s: want a power of two GB up to %s", game.FormatRAM(c.HomeRAM), game.FormatRAM(game.GB(game.HomeMaxRAM)))
		}
		s.Home.RAM = RAM(c.HomeRAM)
	}
	if c.HomeCores != 0 {
		if c.HomeCores < 1 || c.HomeCores > game.HomeMaxCores {
			return s, fmt.Errorf("--home-cores %d: want 1..%d", c.HomeCores, game.HomeMaxCores)
		}
		s.Home.Cores = c.HomeCores
	}
	if c.Openers != nil {
		s.Player.Openers = slices.Clone(c.Openers)
	}
	if err := s.Validate(); err != nil {
		return s, fmt.Errorf("%s: %w", c, err)
	}
	return s, nil
}

// purchasedCount counts the purchased servers of s, listed and in groups.
func (s Scenario) purchasedCount() int {
	n := 0
	for _, sv := range s.Servers {
		if sv.Purchased && sv.Hostname != game.HomeHostname {
			n++
		}
	}
	for _, g := range s.Purchased {
		n += g.Count
	}
	return n
}

// Cost is what a change costs, by the game's price formulas.
type Cost struct {
	Money float64    `json:"money"` // dollars, summed over Items
	Items []CostItem `json:"items"`
	// Exp is the hacking exp still to gain for a higher level: a cost in
	// time, not money (0 when the level is not raised).
	Exp float64 `json:"exp,omitempty"`
}

// CostItem is one purchase of a change.
type CostItem struct {
	What  string  `json:"what"`
	Money float64 `json:"money"`
}

// Cost prices c against s: purchased servers at the BitNode's prices, home
// RAM doubling by doubling and cores one by one from what home has, port
// openers not yet owned at the dark web's prices (the TOR router, $200k,
// not counted), and the exp a raised hacking level needs. Making something
// smaller than it is costs nothing.
func (c WhatIf) Cost(s Scenario) (Cost, error) {
	bn, err := game.BitNodeMultipliers(s.BitNode, s.BitNodeLevel)
	if err != nil {
		return Cost{}, err
	}
	var out Cost
	add := func(what string, money float64) {
		out.Items = append(out.Items, CostItem{What: what, Money: money})
		out.Money += money
	}
	for _, g := range c.AddServers {
		each := game.PurchasedServerCost(game.RAM(g.RAM).GB(), &bn)
		add(fmt.Sprintf("%d × %s server", g.Count, game.FormatRAM(game.RAM(g.RAM))), float64(g.Count)*each)
	}
	if from := s.HomeRAM(); c.HomeRAM > from {
		total := 0.0
		for r := from.GB(); r < c.HomeRAM.GB(); r *= 2 {
			total += game.HomeRAMUpgradeCost(r, &bn)
		}
		add(fmt.Sprintf("home RAM %s → %s", game.FormatRAM(from), game.FormatRAM(c.HomeRAM)), total)
	}
	if from := s.HomeCores(); c.HomeCores > from {
		total := 0.0
		for k := from; k < c.HomeCores; k++ {
			total += game.HomeCoreUpgradeCost(k)
		}
		add(fmt.Sprintf("home cores %d → %d", from, c.HomeCores), total)
	}
	for _, p := range c.Openers {
		if !slices.Contains(s.Player.Openers, p) {
			add(p.String(), world.ProgramCost(p))
		}
	}
	if c.Hacking > 0 {
		mult := 1.0
		if m := s.Player.Mults; m != nil {
			mult = m.Hacking
		}
		mult *= bn.HackingLevelMultiplier
		now := s.Player.Exp
		if s.Player.Hacking > 0 {
			now = game.ExpForSkillExact(s.Player.Hacking, mult)
		}
		out.Exp = max(0, game.ExpForSkillExact(c.Hacking, mult)-now)
		if math.IsInf(out.Exp, 0) || math.IsNaN(out.Exp) {
			return Cost{}, errors.New("--hacking: the level needs more exp than a number holds")
		}
	}
	return out, nil
}
