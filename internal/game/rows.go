package game

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// This file evaluates rows in the format of formula-vectors.json,
// {"fn": name, "in": {...}}, so that tests and "bbctl calc --jsonl" share one
// decoder. The rows describe 2.6.1 behaviour, so they are evaluated with V261
// rules.

// Number is a float64 that encodes as JavaScript prints numbers: the
// shortest decimal that round-trips, and the strings "Infinity",
// "-Infinity" and "NaN" for non-finite values. It decodes from both forms.
type Number float64

// MarshalJSON implements json.Marshaler.
func (x Number) MarshalJSON() ([]byte, error) {
	f := float64(x)
	switch {
	case math.IsNaN(f):
		return []byte(`"NaN"`), nil
	case math.IsInf(f, 1):
		return []byte(`"Infinity"`), nil
	case math.IsInf(f, -1):
		return []byte(`"-Infinity"`), nil
	}
	return []byte(FormatNumber(f)), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (x *Number) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case `"NaN"`:
		*x = Number(math.NaN())
		return nil
	case `"Infinity"`:
		*x = Number(math.Inf(1))
		return nil
	case `"-Infinity"`:
		*x = Number(math.Inf(-1))
		return nil
	}
	if len(b) == 0 || (b[0] != '-' && (b[0] < '0' || b[0] > '9')) {
		return fmt.Errorf("not a number: %s", b)
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("not a number: %s", b)
	}
	*x = Number(f)
	return nil
}

// FormatNumber formats a finite f as JavaScript's String(f) does: the
// shortest digits that round-trip, in plain notation from 1e-6 up to 1e21
// and as 1.5e-7 or 1e+21 outside.
func FormatNumber(f float64) string {
	if f == 0 {
		return "0" // also for -0, as JavaScript prints it
	}
	a := math.Abs(f)
	if a >= 1e-6 && a < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	s := strconv.FormatFloat(f, 'e', -1, 64) // e.g. 1e+21, 1.5e-08
	mant, exp, _ := strings.Cut(s, "e")
	sign := exp[0]
	exp = strings.TrimLeft(exp[1:], "0")
	return mant + "e" + string(sign) + exp
}

// rowIn holds every input field any row function reads. Pointers tell a
// missing field from a zero one.
type rowIn struct {
	Server   json.RawMessage `json:"server"`
	Person   json.RawMessage `json:"person"`
	BN       json.RawMessage `json:"bn"`
	Metadata json.RawMessage `json:"metadata"`
	Hostname *string         `json:"hostname"`
	Rolls    *string         `json:"rolls"`

	Threads      *Number `json:"threads"`
	Cores        *Number `json:"cores"`
	Growth       *Number `json:"growth"`
	TargetMoney  *Number `json:"targetMoney"`
	StartMoney   *Number `json:"startMoney"`
	Intelligence *Number `json:"intelligence"`
	Weight       *Number `json:"weight"`
	Exp          *Number `json:"exp"`
	Skill        *Number `json:"skill"`
	Mult         *Number `json:"mult"`
	Level        *Number `json:"level"`
	RAM          *Number `json:"ram"`
	StartLevel   *Number `json:"startLevel"`
	StartRAM     *Number `json:"startRam"`
	StartCores   *Number `json:"startCores"`
	Levels       *Number `json:"levels"`
	CostMult     *Number `json:"costMult"`
	N            *Number `json:"n"`
	CurrentRAM   *Number `json:"currentRam"`
	CurrentCores *Number `json:"currentCores"`
}

// rowEval reads what a row function needs; its first error sticks.
type rowEval struct {
	in  rowIn
	err error
}

func (r *rowEval) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

func (r *rowEval) num(name string, p *Number) float64 {
	if p == nil {
		r.fail(fmt.Errorf("missing in.%s", name))
		return 0
	}
	return float64(*p)
}

// integer reads a field that must be a whole number in int range.
func (r *rowEval) integer(name string, p *Number) int {
	f := r.num(name, p)
	if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		r.fail(fmt.Errorf("in.%s = %v: want a whole number", name, f))
		return 0
	}
	return int(f)
}

// rounded reads a count the game rounds with Math.round (hacknet levels).
func (r *rowEval) rounded(name string, p *Number) int {
	f := jsRound(r.num(name, p))
	if math.IsNaN(f) || math.Abs(f) > 1<<53 {
		r.fail(fmt.Errorf("in.%s: want a number of levels", name))
		return 0
	}
	return int(f)
}

func (r *rowEval) server() *Server {
	if r.in.Server == nil {
		r.fail(errors.New("missing in.server"))
		return &Server{}
	}
	var s Server
	if err := strictDecode(r.in.Server, &s); err != nil {
		r.fail(fmt.Errorf("in.server: %w", err))
	}
	return &s
}

func (r *rowEval) person() *Person {
	p := Person{Hacking: 1, Mults: DefaultMultipliers()}
	if r.in.Person == nil {
		r.fail(errors.New("missing in.person"))
		return &p
	}
	if err := strictDecode(r.in.Person, &p); err != nil {
		r.fail(fmt.Errorf("in.person: %w", err))
	}
	if p.Hacking < 1 {
		r.fail(fmt.Errorf("in.person.hacking = %d: want a level of at least 1", p.Hacking))
	}
	return &p
}

// bn returns the row's BitNode multipliers: those of in.bn.bitnode ("12.3"
// is BitNode 12 at level 3; BitNode 1 if absent), overridden by every
// multiplier in.bn lists.
func (r *rowEval) bn() *BitNodeMults {
	m := DefaultBitNodeMults()
	if r.in.BN == nil {
		return &m
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(r.in.BN, &fields); err != nil {
		r.fail(fmt.Errorf("in.bn: %w", err))
		return &m
	}
	if label, ok := fields["bitnode"]; ok {
		var s string
		if err := json.Unmarshal(label, &s); err != nil {
			r.fail(fmt.Errorf("in.bn.bitnode: want a string such as \"5\" or \"12.2\""))
			return &m
		}
		base, err := ParseBitNode(s)
		if err != nil {
			r.fail(fmt.Errorf("in.bn.bitnode: %w", err))
			return &m
		}
		m = base
		delete(fields, "bitnode")
	}
	rest, _ := json.Marshal(fields)
	if err := strictDecode(rest, &m); err != nil {
		r.fail(fmt.Errorf("in.bn: %w", err))
	}
	return &m
}

// ParseBitNode parses a BitNode label, "N" or "N.L" (BitNode N at level L),
// and returns its multipliers.
func ParseBitNode(label string) (BitNodeMults, error) {
	num, lvl, hasLevel := strings.Cut(label, ".")
	n, err := strconv.Atoi(num)
	if err != nil {
		return BitNodeMults{}, fmt.Errorf("BitNode %q: want a number from 1 to 14, optionally with a level as in 12.2", label)
	}
	level := 1
	if hasLevel {
		if level, err = strconv.Atoi(lvl); err != nil {
			return BitNodeMults{}, fmt.Errorf("BitNode %q: level %q is not a whole number", label, lvl)
		}
	}
	return BitNodeMultipliers(n, level)
}

func strictDecode(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data")
	}
	return nil
}

// RowFunctions returns the function names EvalRow knows, in the order of
// formula-vectors.json's about.fns.
func RowFunctions() []string {
	return []string{
		"hackChance", "hackPercent", "hackTime", "growTime", "weakenTime", "hackExp", "intBonus",
		"calculateSkill", "calculateExp", "coreBonus", "growthLog", "serverGrowth", "growMoney",
		"numCycleForGrowth", "numCycleForGrowthCorrected", "weakenEffect", "hacknetMoneyGainRate",
		"hacknetLevelUpgradeCost", "hacknetLevelUpgradeCost_2_6_2", "hacknetRamUpgradeCost",
		"hacknetCoreUpgradeCost", "hacknetNodeCost", "purchasedServerCost", "purchasedServerLimit",
		"purchasedServerMaxRam", "homeRamUpgradeCost", "homeCoreUpgradeCost", "serverConstruction",
	}
}

// EvalRow evaluates the function fn of formula-vectors.json on the input in
// (a JSON object) with the 2.6.1 rules the vectors were made with. The result
// is a Number, or a ConstructedServer for serverConstruction. An unknown fn
// or a missing or malformed input is an error naming it.
func EvalRow(fn string, in json.RawMessage) (any, error) {
	var r rowEval
	if len(in) == 0 {
		return nil, errors.New("missing in")
	}
	if err := strictDecode(in, &r.in); err != nil {
		return nil, fmt.Errorf("in: %w", err)
	}
	out, err := r.eval(fn)
	if err != nil {
		return nil, err
	}
	if r.err != nil {
		return nil, fmt.Errorf("%s: %w", fn, r.err)
	}
	return out, nil
}

func (r *rowEval) eval(fn string) (any, error) {
	in := &r.in
	var v float64
	switch fn {
	case "hackChance":
		v = HackChance(r.server(), r.person(), V261)
	case "hackPercent":
		v = HackPercent(r.server(), r.person(), r.bn())
	case "hackTime":
		v = HackTime(r.server(), r.person(), r.bn())
	case "growTime":
		v = GrowTime(r.server(), r.person(), r.bn())
	case "weakenTime":
		v = WeakenTime(r.server(), r.person(), r.bn())
	case "hackExp":
		v = HackExp(r.server(), r.person(), r.bn())
	case "intBonus":
		v = IntBonus(r.num("intelligence", in.Intelligence), r.num("weight", in.Weight))
	case "calculateSkill":
		v = float64(SkillFromExp(r.num("exp", in.Exp), r.num("mult", in.Mult)))
	case "calculateExp":
		v = ExpForSkill(r.integer("skill", in.Skill), r.num("mult", in.Mult))
	case "coreBonus":
		v = CoreBonus(r.integer("cores", in.Cores))
	case "growthLog":
		v = GrowthLog(r.server(), r.num("threads", in.Threads), r.person(), r.integer("cores", in.Cores), r.bn())
	case "serverGrowth":
		v = GrowthFactor(r.server(), r.num("threads", in.Threads), r.person(), r.integer("cores", in.Cores), r.bn())
	case "growMoney":
		v = GrowMoney(r.server(), r.num("threads", in.Threads), r.person(), r.integer("cores", in.Cores), r.bn())
	case "numCycleForGrowth":
		v = GrowThreadsSimple(r.server(), r.num("growth", in.Growth), r.person(), r.integer("cores", in.Cores), r.bn())
	case "numCycleForGrowthCorrected":
		v = GrowThreads(r.server(), r.num("targetMoney", in.TargetMoney), r.num("startMoney", in.StartMoney),
			r.person(), r.integer("cores", in.Cores), r.bn())
	case "weakenEffect":
		v = WeakenEffect(r.num("threads", in.Threads), r.integer("cores", in.Cores), r.bn())
	case "hacknetMoneyGainRate":
		v = HacknetMoneyRate(r.integer("level", in.Level), r.num("ram", in.RAM), r.integer("cores", in.Cores),
			r.num("mult", in.Mult), r.bn())
	case "hacknetLevelUpgradeCost":
		v = HacknetLevelCost(r.integer("startLevel", in.StartLevel), r.rounded("levels", in.Levels),
			r.num("costMult", in.CostMult), V261)
	case "hacknetLevelUpgradeCost_2_6_2":
		// 2.6.2's exponent without v3's maximum-level check (#2696).
		v = hacknetLevelCost(r.integer("startLevel", in.StartLevel), r.rounded("levels", in.Levels),
			r.num("costMult", in.CostMult), -1, false)
	case "hacknetRamUpgradeCost":
		v = HacknetRAMCost(r.num("startRam", in.StartRAM), r.rounded("levels", in.Levels), r.num("costMult", in.CostMult))
	case "hacknetCoreUpgradeCost":
		v = HacknetCoreCost(r.integer("startCores", in.StartCores), r.rounded("levels", in.Levels), r.num("costMult", in.CostMult))
	case "hacknetNodeCost":
		v = HacknetNodeCost(r.integer("n", in.N), r.num("mult", in.Mult))
	case "purchasedServerCost":
		v = PurchasedServerCost(r.num("ram", in.RAM), r.bn())
	case "purchasedServerLimit":
		v = float64(PurchasedServerLimit(r.bn()))
	case "purchasedServerMaxRam":
		v = PurchasedServerMaxRAM(r.bn())
	case "homeRamUpgradeCost":
		v = HomeRAMUpgradeCost(r.num("currentRam", in.CurrentRAM), r.bn())
	case "homeCoreUpgradeCost":
		v = HomeCoreUpgradeCost(r.integer("currentCores", in.CurrentCores))
	case "serverConstruction":
		return r.construction()
	default:
		return nil, fmt.Errorf("unknown fn %q (known: %s)", fn, strings.Join(RowFunctions(), ", "))
	}
	return Number(v), nil
}

// ConstructedServer is the result of a serverConstruction row: the fields
// of a freshly built server, named as in the game.
type ConstructedServer struct {
	MoneyAvailable       Number `json:"moneyAvailable"`
	MoneyMax             Number `json:"moneyMax"`
	HackDifficulty       Number `json:"hackDifficulty"`
	BaseDifficulty       Number `json:"baseDifficulty"`
	MinDifficulty        Number `json:"minDifficulty"`
	ServerGrowth         Number `json:"serverGrowth"`
	RequiredHackingSkill Number `json:"requiredHackingSkill"`
	MaxRAM               Number `json:"maxRam"` // GB
	Cores                Number `json:"cpuCores"`
	NumOpenPortsRequired Number `json:"numOpenPortsRequired"`
}

// specJSON is a server definition as servers.json writes it: every ranged
// field either a number or {"min": a, "max": b}.
type specJSON struct {
	Index                int        `json:"index"`
	Hostname             string     `json:"hostname"`
	Organization         string     `json:"organizationName"`
	SpecialName          string     `json:"specialName"`
	RequiredHackingSkill *rangeJSON `json:"requiredHackingSkill"`
	NumOpenPortsRequired *int       `json:"numOpenPortsRequired"`
	HackDifficulty       *rangeJSON `json:"hackDifficulty"`
	MoneyAvailable       *rangeJSON `json:"moneyAvailable"`
	ServerGrowth         *rangeJSON `json:"serverGrowth"`
	MaxRAMExponent       *rangeJSON `json:"maxRamExponent"`
	NetworkLayer         int        `json:"networkLayer"`
	Literature           []string   `json:"literature"`
}

type rangeJSON Range

// UnmarshalJSON accepts a number (a fixed value) or {"min": a, "max": b}.
func (r *rangeJSON) UnmarshalJSON(b []byte) error {
	var f float64
	if err := json.Unmarshal(b, &f); err == nil {
		*r = rangeJSON{f, f}
		return nil
	}
	var mm struct{ Min, Max *float64 }
	if err := json.Unmarshal(b, &mm); err != nil || mm.Min == nil || mm.Max == nil {
		return fmt.Errorf("want a number or {\"min\":a,\"max\":b}, got %s", b)
	}
	if *mm.Min > *mm.Max || *mm.Min != math.Trunc(*mm.Min) || *mm.Max != math.Trunc(*mm.Max) ||
		math.Abs(*mm.Min) > 1<<53 || math.Abs(*mm.Max) > 1<<53 {
		return fmt.Errorf("range %s: want whole numbers with min <= max", b)
	}
	*r = rangeJSON{*mm.Min, *mm.Max}
	return nil
}

func (r *rangeJSON) get() Range {
	if r == nil {
		return Range{}
	}
	return Range(*r)
}

// SpecFromJSON decodes a server definition written as in servers.json.
func SpecFromJSON(b []byte) (ServerSpec, error) {
	var j specJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return ServerSpec{}, fmt.Errorf("server definition: %w", err)
	}
	ports := 5 // the game's default
	if j.NumOpenPortsRequired != nil {
		ports = *j.NumOpenPortsRequired
	}
	if j.NetworkLayer < 0 || j.NetworkLayer > NetworkLayers {
		return ServerSpec{}, fmt.Errorf("server definition %q: networkLayer %d out of 0..%d", j.Hostname, j.NetworkLayer, NetworkLayers)
	}
	if e := j.MaxRAMExponent.get(); e.Min < 0 || e.Max > 50 {
		return ServerSpec{}, fmt.Errorf("server definition %q: maxRamExponent out of 0..50", j.Hostname)
	}
	return ServerSpec{
		Index:                j.Index,
		Hostname:             j.Hostname,
		Organization:         j.Organization,
		SpecialName:          j.SpecialName,
		RequiredHackingSkill: j.RequiredHackingSkill.get(),
		HackDifficulty:       j.HackDifficulty.get(),
		MoneyAvailable:       j.MoneyAvailable.get(),
		ServerGrowth:         j.ServerGrowth.get(),
		RAMExponent:          j.MaxRAMExponent.get(),
		NumOpenPortsRequired: ports,
		NetworkLayer:         j.NetworkLayer,
		Literature:           j.Literature,
	}, nil
}

func (r *rowEval) construction() (any, error) {
	if r.in.Hostname == nil || r.in.Metadata == nil || r.in.Rolls == nil {
		return nil, errors.New("serverConstruction: want in.hostname, in.metadata and in.rolls")
	}
	spec, err := SpecFromJSON(r.in.Metadata)
	if err != nil {
		return nil, fmt.Errorf("serverConstruction: in.metadata: %w", err)
	}
	spec.Hostname = *r.in.Hostname
	var probe struct{ NumOpenPortsRequired *int }
	_ = json.Unmarshal(r.in.Metadata, &probe)
	if probe.NumOpenPortsRequired == nil {
		// The rows leave the port count out of the definition: it is
		// the catalogue's.
		if c, ok := catalogueSpec(spec.Hostname); ok {
			spec.NumOpenPortsRequired = c.NumOpenPortsRequired
		}
	}
	var roll func(lo, hi int64) int64
	switch *r.in.Rolls {
	case "min":
		roll = func(lo, hi int64) int64 { return lo }
	case "max":
		roll = func(lo, hi int64) int64 { return hi }
	default:
		return nil, fmt.Errorf("serverConstruction: in.rolls %q: want \"min\" or \"max\"", *r.in.Rolls)
	}
	bn := r.bn()
	if r.err != nil {
		return nil, fmt.Errorf("serverConstruction: %w", r.err)
	}
	s := Construct(spec, roll, bn)
	return ConstructedServer{
		MoneyAvailable:       Number(s.MoneyAvailable),
		MoneyMax:             Number(s.MoneyMax),
		HackDifficulty:       Number(s.HackDifficulty),
		BaseDifficulty:       Number(s.BaseDifficulty),
		MinDifficulty:        Number(s.MinDifficulty),
		ServerGrowth:         Number(s.ServerGrowth),
		RequiredHackingSkill: Number(s.RequiredHackingSkill),
		MaxRAM:               Number(s.MaxRAM.GB()),
		Cores:                Number(s.Cores),
		NumOpenPortsRequired: Number(s.NumOpenPortsRequired),
	}, nil
}
