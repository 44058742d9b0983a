// Package scenario reads scenario files: a JSON description of a simulated
// world (seed, BitNode, player, home, purchased servers, faults) and of the
// run (duration, landing spacing, process limit). The built-in scenarios
// early, mid, late, faults, fresh and fresh-bn9 are embedded.
package scenario

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"bbctl/internal/economy"
	"bbctl/internal/game"
	"bbctl/internal/input"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

// Defaults for fields a scenario leaves out.
const (
	DefaultSpacingMS    = 20
	DefaultMaxProcesses = 40000 // past ~50k the game's browser tab freezes
)

// Scenario fixes a simulated world and a run on it.
type Scenario struct {
	Name         string `json:"name"`
	Description  string `json:"description,omitempty"`
	Seed         uint64 `json:"seed"`
	BitNode      int    `json:"bitnode"`
	BitNodeLevel int    `json:"bitnode_level,omitempty"`
	Player       Player `json:"player"`
	Home         Home   `json:"home,omitzero"`
	// Servers, if not empty, is the network, instead of the one Seed rolls.
	Servers   ServerList `json:"servers,omitempty"`
	Purchased []Servers  `json:"purchased,omitempty"`
	Duration  Duration   `json:"duration"`
	// PlanHorizon is how far ahead the controller's horizon plan counts
	// money while it prepares its best targets (default 1h).
	PlanHorizon  Duration `json:"plan_horizon,omitempty"`
	SpacingMS    float64  `json:"spacing_ms"`
	MaxProcesses int      `json:"max_processes"`
	Prepped      bool     `json:"prepped,omitempty"`
	Faults       Faults   `json:"faults"`
	// ContractsPerHour is how many coding contracts appear per game hour.
	ContractsPerHour float64 `json:"contracts_per_hour,omitempty"`
	// Spender names the spending policy: bbctl, old or none (the
	// default, so that a benchmark measures the batcher on a fixed world).
	Spender string `json:"spender,omitempty"`
	// Economy tunes the spender and the simulated player.
	Economy Economy `json:"economy,omitempty"`
}

// Economy tunes the spender (docs/economy.md) and the simulated player.
type Economy struct {
	SpendFraction float64  `json:"spend_fraction,omitempty"` // default 1
	Horizon       Duration `json:"horizon,omitempty"`        // payback horizon, default 1h
	Reserve       float64  `json:"reserve,omitempty"`        // $ never spent
	// Hashes says what becomes of the hacknet servers' hashes: "sell"
	// (the default) or "keep".
	Hashes string `json:"hashes,omitempty"`
	// FollowAdvice makes the simulated player buy what bbctl advises
	// (home upgrades, TOR, programs), AdviceDelay after it is advised and
	// affordable.
	FollowAdvice bool     `json:"follow_advice,omitempty"`
	AdviceDelay  Duration `json:"advice_delay,omitempty"` // default 5m
}

// DefaultAdviceDelay is how long the simulated player takes to follow
// advice.
const DefaultAdviceDelay = Duration(5 * time.Minute)

// Settings returns the spender's settings.
func (e Economy) Settings() economy.Settings {
	return economy.Settings{SpendFraction: e.SpendFraction, Horizon: time.Duration(e.Horizon), Reserve: e.Reserve, Hashes: e.Hashes}
}

// Player is the player at the start of a scenario. Give either Hacking (a
// level; exp is the least that reaches it) or Exp.
type Player struct {
	Hacking      int               `json:"hacking,omitempty"`
	Exp          float64           `json:"exp,omitempty"`
	Intelligence int               `json:"intelligence,omitempty"`
	Mults        *game.Multipliers `json:"mults,omitempty"` // nil: all 1
	FreezeExp    bool              `json:"freeze_exp,omitempty"`
	Money        float64           `json:"money,omitempty"`
	Openers      []world.Program   `json:"openers"`
	// SourceFile4 is the Source-File 4 level (0–3): with it (or in BitNode
	// 4) the Singularity API is open and the spender buys home upgrades and
	// programs itself instead of advising them.
	SourceFile4 int `json:"source_file_4,omitempty"`
	// SourceFile9 is the Source-File 9 level (0–3): with it (or in BitNode
	// 9) hacknet servers, which make hashes, replace hacknet nodes.
	SourceFile9 int `json:"source_file_9,omitempty"`
}

// Home is the player's home computer.
type Home struct {
	RAM   RAM `json:"ram"`
	Cores int `json:"cores"`
}

// Servers is a group of identical purchased servers.
type Servers struct {
	RAM   RAM `json:"ram"`
	Count int `json:"count"`
}

// Server is one server of an explicit network. Its fields are those of a
// server in "bbctl world --json", which is why Depth and Parent are here:
// they are accepted, checked against the links and otherwise unused.
type Server struct {
	Hostname        string   `json:"hostname"`
	Organization    string   `json:"organization,omitempty"`
	Depth           int      `json:"depth"`            // hops from home; 0 for home and unlinked servers
	Parent          string   `json:"parent,omitempty"` // the neighbour one hop closer to home
	Links           []string `json:"links"`            // neighbours in scan() order
	Root            bool     `json:"root,omitempty"`
	Purchased       bool     `json:"purchased,omitempty"`
	RequiredHacking int      `json:"required_hacking"`
	Ports           int      `json:"ports"` // ports to open before nuke
	RAM             RAM      `json:"ram"`
	RAMUsed         RAM      `json:"ram_used,omitempty"` // held by scripts other than bbctl's (the player's own)
	Cores           int      `json:"cores"`
	MoneyMax        float64  `json:"money_max"`
	Money           float64  `json:"money"`
	MinSecurity     float64  `json:"min_security"`
	Security        float64  `json:"security"`
	BaseSecurity    float64  `json:"base_security,omitempty"` // 0: the same as security (as the game creates a server)
	Growth          float64  `json:"growth"`
}

// Faults are the faults injected into a run.
type Faults struct {
	ExecJitterMS float64    `json:"exec_jitter_ms,omitempty"`
	KillsPerHour float64    `json:"kills_per_hour,omitempty"`
	RestartAt    []Duration `json:"restart_at,omitempty"` // game times of controller restarts
}

// RAM is an amount of RAM written in JSON as a number of GB or a string
// such as "256GB" or "1TB".
type RAM game.RAM

// UnmarshalJSON accepts a number of GB or a string with a unit.
func (r *RAM) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var x float64
		if err := json.Unmarshal(b, &x); err != nil {
			return fmt.Errorf("RAM %s: want a number of GB or a string such as \"1TB\"", b)
		}
		s = fmt.Sprint(x)
	}
	v, err := game.ParseRAM(s)
	if err != nil {
		return err
	}
	*r = RAM(v)
	return nil
}

// MarshalJSON writes r exactly, as a string such as "256GB" or "1TB".
func (r RAM) MarshalJSON() ([]byte, error) { return json.Marshal(game.FormatRAM(game.RAM(r))) }

// Duration is a time.Duration written in JSON as a Go duration string.
type Duration time.Duration

// UnmarshalJSON accepts a Go duration string such as "3h" or "90s".
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("duration %s: want a string such as \"2h\" or \"30m\"", b)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("duration %q: %w", s, err)
	}
	*d = Duration(v)
	return nil
}

// MarshalJSON writes d as a Go duration string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

//go:embed builtin/*.json
var builtin embed.FS

// Builtin returns the names of the embedded scenarios.
func Builtin() []string {
	entries, _ := builtin.ReadDir("builtin")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".json"))
	}
	sort.Strings(names)
	return names
}

// Load returns the built-in scenario called name, or else reads the file
// name.
func Load(name string) (Scenario, error) {
	if b, err := builtin.ReadFile(path.Join("builtin", name+".json")); err == nil {
		return Parse(b, name)
	}
	b, err := input.ReadFile(name, input.MaxConfig)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Scenario{}, fmt.Errorf("scenario %q: no built-in scenario of that name (have %s) and no such file", name, strings.Join(Builtin(), ", "))
		}
		var tl *input.TooLarge
		if errors.As(err, &tl) {
			return Scenario{}, fmt.Errorf("scenario %w", err)
		}
		return Scenario{}, fmt.Errorf("scenario: %w", err)
	}
	return Parse(b, name)
}

// Parse decodes and validates a scenario; source names it in errors.
func Parse(b []byte, source string) (Scenario, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	// Multipliers a scenario leaves out are 1, as docs/scenarios.md says:
	// decode over the defaults.
	def := game.DefaultMultipliers()
	s := Scenario{Player: Player{Mults: &def}}
	if err := dec.Decode(&s); err != nil {
		return Scenario{}, fmt.Errorf("scenario %s: %w", source, input.JSONError(b, err))
	}
	if dec.More() {
		return Scenario{}, fmt.Errorf("scenario %s: trailing data after the JSON object", source)
	}
	if s.Player.Mults != nil && *s.Player.Mults == game.DefaultMultipliers() {
		s.Player.Mults = nil
	}
	s.applyDefaults()
	if err := s.Validate(); err != nil {
		return Scenario{}, fmt.Errorf("scenario %s: %w", source, err)
	}
	return s, nil
}

func (s *Scenario) applyDefaults() {
	if s.BitNode == 0 {
		s.BitNode = 1
	}
	if s.BitNodeLevel == 0 {
		s.BitNodeLevel = 1
	}
	// With a servers list, a zero home field keeps the listed home's.
	if s.Home.RAM == 0 && len(s.Servers) == 0 {
		s.Home.RAM = RAM(8 * game.GiB)
	}
	if s.Home.Cores == 0 && len(s.Servers) == 0 {
		s.Home.Cores = 1
	}
	for i := range s.Servers {
		if s.Servers[i].Cores == 0 {
			s.Servers[i].Cores = 1
		}
		if s.Servers[i].BaseSecurity == 0 {
			s.Servers[i].BaseSecurity = s.Servers[i].Security
		}
	}
	if s.SpacingMS == 0 {
		s.SpacingMS = DefaultSpacingMS
	}
	if s.MaxProcesses == 0 {
		s.MaxProcesses = DefaultMaxProcesses
	}
	if s.Player.Hacking == 0 && s.Player.Exp == 0 {
		s.Player.Hacking = 1
	}
	if s.Spender == "" {
		s.Spender = "none"
	}
	if s.Economy.AdviceDelay == 0 {
		s.Economy.AdviceDelay = DefaultAdviceDelay
	}
}

// Validate checks every field and names the first bad one.
func (s *Scenario) Validate() error {
	switch {
	case s.BitNode < 1 || s.BitNode > 14:
		return fmt.Errorf("bitnode %d: want 1..14", s.BitNode)
	case s.BitNodeLevel < 1:
		return fmt.Errorf("bitnode_level %d: want ≥ 1", s.BitNodeLevel)
	case s.Player.Hacking < 0:
		return fmt.Errorf("player.hacking %d: want ≥ 1", s.Player.Hacking)
	case s.Player.Hacking > 0 && s.Player.Exp > 0:
		return errors.New("player: give hacking or exp, not both")
	case bad(s.Player.Exp) || s.Player.Exp < 0:
		return fmt.Errorf("player.exp %v: want a finite number ≥ 0", s.Player.Exp)
	case s.Player.Intelligence < 0:
		return fmt.Errorf("player.intelligence %d: want ≥ 0", s.Player.Intelligence)
	case bad(s.Player.Money) || s.Player.Money < 0:
		return fmt.Errorf("player.money %v: want a finite number ≥ 0", s.Player.Money)
	case (s.Home.RAM != 0 || len(s.Servers) == 0) && !powerOfTwoGB(game.RAM(s.Home.RAM)):
		return fmt.Errorf("home.ram %v: want a power of two GB", game.RAM(s.Home.RAM))
	case (s.Home.Cores != 0 || len(s.Servers) == 0) && (s.Home.Cores < 1 || s.Home.Cores > 8):
		return fmt.Errorf("home.cores %d: want 1..8", s.Home.Cores)
	case s.Duration <= 0:
		return fmt.Errorf("duration %v: want > 0", time.Duration(s.Duration))
	case s.PlanHorizon < 0 || (s.PlanHorizon > 0 && s.PlanHorizon < Duration(time.Minute)):
		return fmt.Errorf("plan_horizon %v: want at least 1m", time.Duration(s.PlanHorizon))
	case bad(s.SpacingMS) || s.SpacingMS < 1:
		return fmt.Errorf("spacing_ms %v: want ≥ 1", s.SpacingMS)
	case s.MaxProcesses < 1:
		return fmt.Errorf("max_processes %d: want ≥ 1", s.MaxProcesses)
	case bad(s.Faults.ExecJitterMS) || s.Faults.ExecJitterMS < 0:
		return fmt.Errorf("faults.exec_jitter_ms %v: want ≥ 0", s.Faults.ExecJitterMS)
	case bad(s.ContractsPerHour) || s.ContractsPerHour < 0 || s.ContractsPerHour > 3600:
		return fmt.Errorf("contracts_per_hour %v: want 0..3600", s.ContractsPerHour)
	case bad(s.Faults.KillsPerHour) || s.Faults.KillsPerHour < 0:
		return fmt.Errorf("faults.kills_per_hour %v: want ≥ 0", s.Faults.KillsPerHour)
	}
	if h := s.Economy.Hashes; h != "" && h != economy.HashesSell && h != economy.HashesKeep {
		return fmt.Errorf("economy.hashes %q: want %s or %s", h, economy.HashesSell, economy.HashesKeep)
	}
	spender := s.Spender
	if spender == "" {
		spender = "none"
	}
	if _, err := economy.Policies(spender, s.Economy.Settings()); err != nil {
		return fmt.Errorf("spender/economy: %w", err)
	}
	if s.Economy.AdviceDelay < 0 {
		return fmt.Errorf("economy.advice_delay %v: want ≥ 0", time.Duration(s.Economy.AdviceDelay))
	}
	if m := s.Player.Mults; m != nil {
		for name, v := range map[string]float64{
			"hacking": m.Hacking, "hacking_chance": m.HackingChance, "hacking_money": m.HackingMoney,
			"hacking_speed": m.HackingSpeed, "hacking_exp": m.HackingExp, "hacking_grow": m.HackingGrow,
		} {
			if bad(v) || v <= 0 {
				return fmt.Errorf("player.mults.%s %v: want a finite number > 0", name, v)
			}
		}
	}
	if s.Player.Hacking > 0 {
		bn, err := game.BitNodeMultipliers(s.BitNode, s.BitNodeLevel)
		mult := bn.HackingLevelMultiplier
		if s.Player.Mults != nil {
			mult *= s.Player.Mults.Hacking
		}
		if err == nil && math.IsInf(game.ExpForSkillExact(s.Player.Hacking, mult), 1) {
			return fmt.Errorf("player.hacking %d: no amount of exp reaches it (at level multiplier %v the most is about %d)",
				s.Player.Hacking, mult, game.SkillFromExp(math.MaxFloat64, mult))
		}
	}
	if s.Player.SourceFile4 < 0 || s.Player.SourceFile4 > 3 {
		return fmt.Errorf("player.source_file_4 %d: want a Source-File level from 0 to 3", s.Player.SourceFile4)
	}
	if s.Player.SourceFile9 < 0 || s.Player.SourceFile9 > 3 {
		return fmt.Errorf("player.source_file_9 %d: want a Source-File level from 0 to 3", s.Player.SourceFile9)
	}
	seen := map[world.Program]bool{}
	for _, p := range s.Player.Openers {
		if seen[p] {
			return fmt.Errorf("player.openers: %v listed twice", p)
		}
		seen[p] = true
	}
	if err := validateServers(s.Servers); err != nil {
		return err
	}
	total := 0
	for _, sv := range s.Servers {
		if sv.Purchased && sv.Hostname != game.HomeHostname {
			total++
		}
	}
	for i, p := range s.Purchased {
		if !powerOfTwoGB(game.RAM(p.RAM)) {
			return fmt.Errorf("purchased[%d].ram %v: want a power of two GB", i, game.RAM(p.RAM))
		}
		if p.Count < 1 {
			return fmt.Errorf("purchased[%d].count %d: want ≥ 1", i, p.Count)
		}
		total += p.Count
	}
	if total > 25 {
		// The BitNode's limit is checked by the simulator; 25 is BN1's.
		bn, err := game.BitNodeMultipliers(s.BitNode, s.BitNodeLevel)
		if err == nil && total > game.PurchasedServerLimit(&bn) {
			return fmt.Errorf("purchased: %d servers in all, BitNode %d allows %d", total, s.BitNode, game.PurchasedServerLimit(&bn))
		}
	}
	for i, d := range s.Faults.RestartAt {
		if d <= 0 || d >= s.Duration {
			return fmt.Errorf("faults.restart_at[%d] %v: want inside the run (0, %v)", i, time.Duration(d), time.Duration(s.Duration))
		}
	}
	return nil
}

func bad(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }

func powerOfTwoGB(r game.RAM) bool {
	if r <= 0 || r%game.GiB != 0 {
		return false
	}
	gb := int64(r / game.GiB)
	return gb&(gb-1) == 0
}

// SimConfig returns the simulator configuration of the world s describes.
func (s Scenario) SimConfig() sim.Config {
	cfg := sim.Config{
		Seed:         s.Seed,
		BitNode:      s.BitNode,
		BitNodeLevel: s.BitNodeLevel,
		Player: sim.PlayerConfig{
			Hacking:      s.Player.Hacking,
			Exp:          s.Player.Exp,
			Intelligence: s.Player.Intelligence,
			Money:        s.Player.Money,
			Programs:     append([]world.Program(nil), s.Player.Openers...),
			FreezeExp:    s.Player.FreezeExp,
			SourceFile4:  s.Player.SourceFile4,
			SourceFile9:  s.Player.SourceFile9,
		},
		Home:             sim.HomeConfig{RAM: game.RAM(s.Home.RAM), Cores: s.Home.Cores},
		Prepped:          s.Prepped,
		ContractsPerHour: s.ContractsPerHour,
		Faults: sim.Faults{
			ExecJitter:   world.Time(math.Ceil(s.Faults.ExecJitterMS)),
			KillsPerHour: s.Faults.KillsPerHour,
		},
	}
	if s.Player.Mults != nil {
		cfg.Player.Mults = *s.Player.Mults
	}
	for _, sv := range s.Servers {
		cfg.Network = append(cfg.Network, sv.simConfig())
	}
	for _, p := range s.Purchased {
		cfg.Purchased = append(cfg.Purchased, sim.PurchasedConfig{RAM: game.RAM(p.RAM), Count: p.Count})
	}
	return cfg
}
