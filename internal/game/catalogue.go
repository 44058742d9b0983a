package game

import "math"

// Range is a catalogue value: a fixed value has Min == Max, a random one is
// a uniform integer in [Min, Max] drawn when the servers are built. The zero
// Range means absent; the game treats a catalogue 0 as absent too.
type Range struct{ Min, Max float64 }

// IsZero reports whether r is absent.
func (r Range) IsZero() bool { return r.Min == 0 && r.Max == 0 }

// Fixed reports whether r needs no random draw.
func (r Range) Fixed() bool { return r.Min == r.Max }

// ServerSpec is one server definition of the game's catalogue
// (src/Server/data/servers.ts), before its ranges are rolled.
type ServerSpec struct {
	Index                int // position in the catalogue, which is also the build order
	Hostname             string
	Organization         string
	SpecialName          string // the location, company or faction the server belongs to
	RequiredHackingSkill Range
	HackDifficulty       Range // base security before BitNode scaling
	MoneyAvailable       Range // base money before BitNode scaling
	ServerGrowth         Range
	RAMExponent          Range // RAM is 2^RAMExponent GB; absent means no RAM (no server has exponent 0)
	NumOpenPortsRequired int
	NetworkLayer         int // depth in the network, 1..15; 0 = not linked at creation
	Literature           []string
}

// Catalogue returns the game's 71 server definitions in source order.
// The caller may modify the returned slice.
func Catalogue() []ServerSpec {
	out := make([]ServerSpec, len(catalogue))
	copy(out, catalogue[:])
	for i := range out {
		out[i].Literature = append([]string(nil), out[i].Literature...)
	}
	return out
}

// catalogueSpec returns the catalogue's definition of host.
func catalogueSpec(host string) (ServerSpec, bool) {
	for _, s := range catalogue {
		if s.Hostname == host {
			return s, true
		}
	}
	return ServerSpec{}, false
}

// Special hostnames.
const (
	HomeHostname        = "home"
	DarkwebHostname     = "darkweb"
	WorldDaemonHostname = "w0r1d_d43m0n"
)

// NetworkLayers is the number of layer buckets of the network.
const NetworkLayers = 15

// Construct builds the server spec describes, the way the game does at a
// new game, an augmentation install or a BitNode change (servers.json
// construction_rules). roll(lo, hi) must return a uniform integer in
// [lo, hi]; it is called once per ranged field, in the game's order: RAM
// exponent, security, money, required level, growth. The server has 1 core
// and no root.
func Construct(spec ServerSpec, roll func(lo, hi int64) int64, bn *BitNodeMults) Server {
	resolve := func(r Range) float64 {
		if r.Fixed() {
			return r.Min
		}
		return float64(roll(int64(r.Min), int64(r.Max)))
	}
	s := Server{
		Hostname:             spec.Hostname,
		Organization:         spec.Organization,
		NumOpenPortsRequired: spec.NumOpenPortsRequired,
		Cores:                1,
	}
	if !spec.RAMExponent.IsZero() {
		s.MaxRAM = GB(math.Ldexp(1, int(resolve(spec.RAMExponent))))
	}
	sec := resolve(spec.HackDifficulty)
	money := resolve(spec.MoneyAvailable)
	req := resolve(spec.RequiredHackingSkill)
	growth := resolve(spec.ServerGrowth)

	real := 1.0
	if sec != 0 {
		real = sec * bn.ServerStartingSecurity
	}
	s.HackDifficulty = math.Min(real, 100)
	s.BaseDifficulty = s.HackDifficulty
	s.MinDifficulty = math.Min(math.Max(1, jsRound(real/3)), 100)

	s.MoneyAvailable = money * bn.ServerStartingMoney
	s.MoneyMax = 25 * money * bn.ServerMaxMoney

	s.ServerGrowth = growth
	if growth == 0 {
		s.ServerGrowth = 1
	}
	if req == 0 {
		req = 1
	}
	if spec.Hostname == WorldDaemonHostname {
		// The game does not round this; levels are integers, so the
		// level needed is the ceiling.
		req = math.Ceil(req * bn.WorldDaemonDifficulty)
	}
	s.RequiredHackingSkill = int(req)
	return s
}

var catalogue = [...]ServerSpec{
	{Index: 0, Hostname: "ecorp", Organization: "ECorp", SpecialName: "ECorp", RequiredHackingSkill: Range{1050, 1400}, HackDifficulty: Range{99, 99}, MoneyAvailable: Range{30000000000, 70000000000}, ServerGrowth: Range{99, 99}, NumOpenPortsRequired: 5, NetworkLayer: 15},
	{Index: 1, Hostname: "megacorp", Organization: "MegaCorp", SpecialName: "MegaCorp", RequiredHackingSkill: Range{1100, 1350}, HackDifficulty: Range{99, 99}, MoneyAvailable: Range{40000000000, 60000000000}, ServerGrowth: Range{99, 99}, NumOpenPortsRequired: 5, NetworkLayer: 15},
	{Index: 2, Hostname: "b-and-a", Organization: "Bachman & Associates", SpecialName: "Bachman & Associates", RequiredHackingSkill: Range{900, 1150}, HackDifficulty: Range{72, 88}, MoneyAvailable: Range{15000000000, 30000000000}, ServerGrowth: Range{60, 80}, NumOpenPortsRequired: 5, NetworkLayer: 14},
	{Index: 3, Hostname: "blade", Organization: "Blade Industries", SpecialName: "Blade Industries", RequiredHackingSkill: Range{900, 1200}, HackDifficulty: Range{88, 97}, MoneyAvailable: Range{10000000000, 40000000000}, ServerGrowth: Range{55, 85}, RAMExponent: Range{5, 9}, NumOpenPortsRequired: 5, NetworkLayer: 14, Literature: []string{"beyond-man.lit"}},
	{Index: 4, Hostname: "nwo", Organization: "NWO", SpecialName: "NWO", RequiredHackingSkill: Range{950, 1300}, HackDifficulty: Range{99, 99}, MoneyAvailable: Range{20000000000, 40000000000}, ServerGrowth: Range{65, 95}, NumOpenPortsRequired: 5, NetworkLayer: 14, Literature: []string{"the-hidden-world.lit"}},
	{Index: 5, Hostname: "clarkinc", Organization: "Clarke Incorporated", SpecialName: "Clarke Incorporated", RequiredHackingSkill: Range{950, 1250}, HackDifficulty: Range{45, 65}, MoneyAvailable: Range{15000000000, 25000000000}, ServerGrowth: Range{45, 75}, NumOpenPortsRequired: 5, NetworkLayer: 14, Literature: []string{"beyond-man.lit", "cost-of-immortality.lit"}},
	{Index: 6, Hostname: "omnitek", Organization: "OmniTek Incorporated", SpecialName: "OmniTek Incorporated", RequiredHackingSkill: Range{900, 1100}, HackDifficulty: Range{90, 99}, MoneyAvailable: Range{13000000000, 22000000000}, ServerGrowth: Range{95, 99}, RAMExponent: Range{7, 9}, NumOpenPortsRequired: 5, NetworkLayer: 13, Literature: []string{"coded-intelligence.lit", "history-of-synthoids.lit"}},
	{Index: 7, Hostname: "4sigma", Organization: "Four Sigma", SpecialName: "Four Sigma", RequiredHackingSkill: Range{900, 1250}, HackDifficulty: Range{55, 75}, MoneyAvailable: Range{15000000000, 25000000000}, ServerGrowth: Range{75, 99}, NumOpenPortsRequired: 5, NetworkLayer: 13},
	{Index: 8, Hostname: "kuai-gong", Organization: "KuaiGong International", SpecialName: "KuaiGong International", RequiredHackingSkill: Range{950, 1300}, HackDifficulty: Range{95, 99}, MoneyAvailable: Range{20000000000, 30000000000}, ServerGrowth: Range{90, 99}, NumOpenPortsRequired: 5, NetworkLayer: 13},
	{Index: 9, Hostname: "fulcrumtech", Organization: "Fulcrum Technologies", SpecialName: "Fulcrum Technologies", RequiredHackingSkill: Range{950, 1250}, HackDifficulty: Range{83, 97}, MoneyAvailable: Range{1400000000, 1800000000}, ServerGrowth: Range{80, 99}, RAMExponent: Range{7, 11}, NumOpenPortsRequired: 5, NetworkLayer: 12, Literature: []string{"simulated-reality.lit"}},
	{Index: 10, Hostname: "fulcrumassets", Organization: "Fulcrum Technologies", SpecialName: "fulcrumassets", RequiredHackingSkill: Range{1100, 1600}, HackDifficulty: Range{99, 99}, MoneyAvailable: Range{1000000, 1000000}, ServerGrowth: Range{1, 1}, NumOpenPortsRequired: 5, NetworkLayer: 15},
	{Index: 11, Hostname: "stormtech", Organization: "Storm Technologies", SpecialName: "Storm Technologies", RequiredHackingSkill: Range{875, 1075}, HackDifficulty: Range{78, 92}, MoneyAvailable: Range{1000000000, 1200000000}, ServerGrowth: Range{68, 92}, NumOpenPortsRequired: 5, NetworkLayer: 12},
	{Index: 12, Hostname: "defcomm", Organization: "DefComm", SpecialName: "DefComm", RequiredHackingSkill: Range{850, 1050}, HackDifficulty: Range{84, 96}, MoneyAvailable: Range{800000000, 950000000}, ServerGrowth: Range{47, 73}, NumOpenPortsRequired: 5, NetworkLayer: 9},
	{Index: 13, Hostname: "infocomm", Organization: "InfoComm", RequiredHackingSkill: Range{875, 950}, HackDifficulty: Range{70, 90}, MoneyAvailable: Range{600000000, 900000000}, ServerGrowth: Range{35, 75}, NumOpenPortsRequired: 5, NetworkLayer: 10},
	{Index: 14, Hostname: "helios", Organization: "Helios Labs", SpecialName: "Helios Labs", RequiredHackingSkill: Range{800, 900}, HackDifficulty: Range{85, 95}, MoneyAvailable: Range{550000000, 750000000}, ServerGrowth: Range{70, 80}, RAMExponent: Range{5, 8}, NumOpenPortsRequired: 5, NetworkLayer: 12, Literature: []string{"beyond-man.lit"}},
	{Index: 15, Hostname: "vitalife", Organization: "VitaLife", SpecialName: "VitaLife", RequiredHackingSkill: Range{775, 900}, HackDifficulty: Range{80, 90}, MoneyAvailable: Range{700000000, 800000000}, ServerGrowth: Range{60, 80}, RAMExponent: Range{4, 7}, NumOpenPortsRequired: 5, NetworkLayer: 12, Literature: []string{"A-Green-Tomorrow.lit"}},
	{Index: 16, Hostname: "icarus", Organization: "Icarus Microsystems", SpecialName: "Icarus Microsystems", RequiredHackingSkill: Range{850, 925}, HackDifficulty: Range{85, 95}, MoneyAvailable: Range{900000000, 1000000000}, ServerGrowth: Range{85, 95}, NumOpenPortsRequired: 5, NetworkLayer: 9},
	{Index: 17, Hostname: "univ-energy", Organization: "Universal Energy", SpecialName: "Universal Energy", RequiredHackingSkill: Range{800, 900}, HackDifficulty: Range{80, 90}, MoneyAvailable: Range{1100000000, 1200000000}, ServerGrowth: Range{80, 90}, RAMExponent: Range{4, 7}, NumOpenPortsRequired: 4, NetworkLayer: 9},
	{Index: 18, Hostname: "titan-labs", Organization: "Titan Laboratories", RequiredHackingSkill: Range{800, 875}, HackDifficulty: Range{70, 80}, MoneyAvailable: Range{750000000, 900000000}, ServerGrowth: Range{60, 80}, RAMExponent: Range{4, 7}, NumOpenPortsRequired: 5, NetworkLayer: 11, Literature: []string{"coded-intelligence.lit"}},
	{Index: 19, Hostname: "microdyne", Organization: "Microdyne Technologies", RequiredHackingSkill: Range{800, 875}, HackDifficulty: Range{65, 75}, MoneyAvailable: Range{500000000, 700000000}, ServerGrowth: Range{70, 90}, RAMExponent: Range{4, 6}, NumOpenPortsRequired: 5, NetworkLayer: 11, Literature: []string{"synthetic-muscles.lit"}},
	{Index: 20, Hostname: "taiyang-digital", Organization: "Taiyang Digital", RequiredHackingSkill: Range{850, 950}, HackDifficulty: Range{70, 80}, MoneyAvailable: Range{800000000, 900000000}, ServerGrowth: Range{70, 80}, NumOpenPortsRequired: 5, NetworkLayer: 10, Literature: []string{"A-Green-Tomorrow.lit", "brighter-than-the-sun.lit"}},
	{Index: 21, Hostname: "galactic-cyber", Organization: "Galactic Cybersystems", SpecialName: "Galactic Cybersystems", RequiredHackingSkill: Range{825, 875}, HackDifficulty: Range{55, 65}, MoneyAvailable: Range{750000000, 850000000}, ServerGrowth: Range{70, 90}, NumOpenPortsRequired: 5, NetworkLayer: 7},
	{Index: 22, Hostname: "aerocorp", Organization: "AeroCorp", SpecialName: "AeroCorp", RequiredHackingSkill: Range{850, 925}, HackDifficulty: Range{80, 90}, MoneyAvailable: Range{1000000000, 1200000000}, ServerGrowth: Range{55, 65}, NumOpenPortsRequired: 5, NetworkLayer: 7, Literature: []string{"man-and-machine.lit"}},
	{Index: 23, Hostname: "omnia", Organization: "Omnia Cybersystems", SpecialName: "Omnia Cybersystems", RequiredHackingSkill: Range{850, 950}, HackDifficulty: Range{85, 95}, MoneyAvailable: Range{900000000, 1000000000}, ServerGrowth: Range{60, 70}, RAMExponent: Range{4, 6}, NumOpenPortsRequired: 5, NetworkLayer: 8, Literature: []string{"history-of-synthoids.lit"}},
	{Index: 24, Hostname: "zb-def", Organization: "ZB Defense Industries", RequiredHackingSkill: Range{775, 825}, HackDifficulty: Range{55, 65}, MoneyAvailable: Range{900000000, 1100000000}, ServerGrowth: Range{65, 75}, NumOpenPortsRequired: 4, NetworkLayer: 10, Literature: []string{"synthetic-muscles.lit"}},
	{Index: 25, Hostname: "applied-energetics", Organization: "Applied Energetics", RequiredHackingSkill: Range{775, 850}, HackDifficulty: Range{60, 80}, MoneyAvailable: Range{700000000, 1000000000}, ServerGrowth: Range{70, 75}, NumOpenPortsRequired: 4, NetworkLayer: 11},
	{Index: 26, Hostname: "solaris", Organization: "Solaris Space Systems", SpecialName: "Solaris Space Systems", RequiredHackingSkill: Range{750, 850}, HackDifficulty: Range{70, 80}, MoneyAvailable: Range{700000000, 900000000}, ServerGrowth: Range{70, 80}, RAMExponent: Range{4, 7}, NumOpenPortsRequired: 5, NetworkLayer: 9, Literature: []string{"A-Green-Tomorrow.lit", "the-failed-frontier.lit"}},
	{Index: 27, Hostname: "deltaone", Organization: "DeltaOne", SpecialName: "DeltaOne", RequiredHackingSkill: Range{800, 900}, HackDifficulty: Range{75, 85}, MoneyAvailable: Range{1300000000, 1700000000}, ServerGrowth: Range{50, 70}, NumOpenPortsRequired: 5, NetworkLayer: 8},
	{Index: 28, Hostname: "global-pharm", Organization: "Global Pharmaceuticals", SpecialName: "Global Pharmaceuticals", RequiredHackingSkill: Range{750, 850}, HackDifficulty: Range{75, 85}, MoneyAvailable: Range{1500000000, 1750000000}, ServerGrowth: Range{80, 90}, RAMExponent: Range{3, 6}, NumOpenPortsRequired: 4, NetworkLayer: 7, Literature: []string{"A-Green-Tomorrow.lit"}},
	{Index: 29, Hostname: "nova-med", Organization: "Nova Medical", SpecialName: "Nova Medical", RequiredHackingSkill: Range{775, 850}, HackDifficulty: Range{60, 80}, MoneyAvailable: Range{1100000000, 1250000000}, ServerGrowth: Range{65, 85}, NumOpenPortsRequired: 4, NetworkLayer: 10},
	{Index: 30, Hostname: "zeus-med", Organization: "Zeus Medical", RequiredHackingSkill: Range{800, 850}, HackDifficulty: Range{70, 90}, MoneyAvailable: Range{1300000000, 1500000000}, ServerGrowth: Range{70, 80}, NumOpenPortsRequired: 5, NetworkLayer: 9},
	{Index: 31, Hostname: "unitalife", Organization: "UnitaLife Group", RequiredHackingSkill: Range{775, 825}, HackDifficulty: Range{70, 80}, MoneyAvailable: Range{1000000000, 1100000000}, ServerGrowth: Range{70, 80}, RAMExponent: Range{4, 6}, NumOpenPortsRequired: 4, NetworkLayer: 8},
	{Index: 32, Hostname: "lexo-corp", Organization: "LexoCorp", SpecialName: "LexoCorp", RequiredHackingSkill: Range{650, 750}, HackDifficulty: Range{60, 80}, MoneyAvailable: Range{700000000, 800000000}, ServerGrowth: Range{55, 65}, RAMExponent: Range{4, 7}, NumOpenPortsRequired: 4, NetworkLayer: 6},
	{Index: 33, Hostname: "rho-construction", Organization: "Rho Construction", SpecialName: "Rho Construction", RequiredHackingSkill: Range{475, 525}, HackDifficulty: Range{40, 60}, MoneyAvailable: Range{500000000, 700000000}, ServerGrowth: Range{40, 60}, RAMExponent: Range{4, 6}, NumOpenPortsRequired: 3, NetworkLayer: 6},
	{Index: 34, Hostname: "alpha-ent", Organization: "Alpha Enterprises", SpecialName: "Alpha Enterprises", RequiredHackingSkill: Range{500, 600}, HackDifficulty: Range{50, 70}, MoneyAvailable: Range{600000000, 750000000}, ServerGrowth: Range{50, 60}, RAMExponent: Range{4, 7}, NumOpenPortsRequired: 4, NetworkLayer: 6, Literature: []string{"sector-12-crime.lit"}},
	{Index: 35, Hostname: "aevum-police", Organization: "Aevum Police Headquarters", SpecialName: "Aevum Police Headquarters", RequiredHackingSkill: Range{400, 450}, HackDifficulty: Range{70, 80}, MoneyAvailable: Range{200000000, 400000000}, ServerGrowth: Range{30, 50}, RAMExponent: Range{4, 6}, NumOpenPortsRequired: 4, NetworkLayer: 6},
	{Index: 36, Hostname: "rothman-uni", Organization: "Rothman University", SpecialName: "Rothman University", RequiredHackingSkill: Range{370, 430}, HackDifficulty: Range{45, 55}, MoneyAvailable: Range{175000000, 250000000}, ServerGrowth: Range{35, 45}, RAMExponent: Range{4, 7}, NumOpenPortsRequired: 3, NetworkLayer: 5, Literature: []string{"secret-societies.lit", "the-failed-frontier.lit", "tensions-in-tech-race.lit"}},
	{Index: 37, Hostname: "zb-institute", Organization: "ZB Institute of Technology", SpecialName: "ZB Institute of Technology", RequiredHackingSkill: Range{725, 775}, HackDifficulty: Range{65, 85}, MoneyAvailable: Range{800000000, 1100000000}, ServerGrowth: Range{75, 85}, RAMExponent: Range{4, 7}, NumOpenPortsRequired: 5, NetworkLayer: 5},
	{Index: 38, Hostname: "summit-uni", Organization: "Summit University", SpecialName: "Summit University", RequiredHackingSkill: Range{425, 475}, HackDifficulty: Range{45, 65}, MoneyAvailable: Range{200000000, 350000000}, ServerGrowth: Range{40, 60}, RAMExponent: Range{4, 6}, NumOpenPortsRequired: 3, NetworkLayer: 5, Literature: []string{"secret-societies.lit", "the-failed-frontier.lit", "synthetic-muscles.lit"}},
	{Index: 39, Hostname: "syscore", Organization: "SysCore Securities", SpecialName: "SysCore Securities", RequiredHackingSkill: Range{550, 650}, HackDifficulty: Range{60, 80}, MoneyAvailable: Range{400000000, 600000000}, ServerGrowth: Range{60, 70}, NumOpenPortsRequired: 4, NetworkLayer: 5},
	{Index: 40, Hostname: "catalyst", Organization: "Catalyst Ventures", RequiredHackingSkill: Range{400, 450}, HackDifficulty: Range{60, 70}, MoneyAvailable: Range{300000000, 550000000}, ServerGrowth: Range{25, 55}, RAMExponent: Range{4, 7}, NumOpenPortsRequired: 3, NetworkLayer: 5, Literature: []string{"tensions-in-tech-race.lit"}},
	{Index: 41, Hostname: "the-hub", Organization: "The Hub", RequiredHackingSkill: Range{275, 325}, HackDifficulty: Range{35, 45}, MoneyAvailable: Range{150000000, 200000000}, ServerGrowth: Range{45, 55}, RAMExponent: Range{3, 6}, NumOpenPortsRequired: 2, NetworkLayer: 4},
	{Index: 42, Hostname: "computek", Organization: "CompuTek", SpecialName: "CompuTek", RequiredHackingSkill: Range{300, 400}, HackDifficulty: Range{55, 65}, MoneyAvailable: Range{220000000, 250000000}, ServerGrowth: Range{45, 65}, NumOpenPortsRequired: 3, NetworkLayer: 4, Literature: []string{"man-and-machine.lit"}},
	{Index: 43, Hostname: "netlink", Organization: "NetLink Technologies", SpecialName: "NetLink Technologies", RequiredHackingSkill: Range{375, 425}, HackDifficulty: Range{60, 80}, MoneyAvailable: Range{275000000, 275000000}, ServerGrowth: Range{45, 75}, RAMExponent: Range{4, 7}, NumOpenPortsRequired: 3, NetworkLayer: 4, Literature: []string{"simulated-reality.lit"}},
	{Index: 44, Hostname: "johnson-ortho", Organization: "Johnson Orthopedics", RequiredHackingSkill: Range{250, 300}, HackDifficulty: Range{35, 65}, MoneyAvailable: Range{70000000, 85000000}, ServerGrowth: Range{35, 65}, NumOpenPortsRequired: 2, NetworkLayer: 4},
	{Index: 45, Hostname: "n00dles", Organization: "Noodle Bar", SpecialName: "Noodle Bar", RequiredHackingSkill: Range{1, 1}, HackDifficulty: Range{1, 1}, MoneyAvailable: Range{70000, 70000}, ServerGrowth: Range{3000, 3000}, RAMExponent: Range{2, 2}, NumOpenPortsRequired: 0, NetworkLayer: 1, Literature: []string{}},
	{Index: 46, Hostname: "foodnstuff", Organization: "FoodNStuff", SpecialName: "FoodNStuff", RequiredHackingSkill: Range{1, 1}, HackDifficulty: Range{10, 10}, MoneyAvailable: Range{2000000, 2000000}, ServerGrowth: Range{5, 5}, RAMExponent: Range{4, 4}, NumOpenPortsRequired: 0, NetworkLayer: 1, Literature: []string{"sector-12-crime.lit"}},
	{Index: 47, Hostname: "sigma-cosmetics", Organization: "Sigma Cosmetics", RequiredHackingSkill: Range{5, 5}, HackDifficulty: Range{10, 10}, MoneyAvailable: Range{2300000, 2300000}, ServerGrowth: Range{10, 10}, RAMExponent: Range{4, 4}, NumOpenPortsRequired: 0, NetworkLayer: 1},
	{Index: 48, Hostname: "joesguns", Organization: "Joe's Guns", SpecialName: "Joe's Guns", RequiredHackingSkill: Range{10, 10}, HackDifficulty: Range{15, 15}, MoneyAvailable: Range{2500000, 2500000}, ServerGrowth: Range{20, 20}, RAMExponent: Range{4, 4}, NumOpenPortsRequired: 0, NetworkLayer: 1},
	{Index: 49, Hostname: "zer0", Organization: "ZER0 Nightclub", RequiredHackingSkill: Range{75, 75}, HackDifficulty: Range{25, 25}, MoneyAvailable: Range{7500000, 7500000}, ServerGrowth: Range{40, 40}, RAMExponent: Range{5, 5}, NumOpenPortsRequired: 1, NetworkLayer: 2},
	{Index: 50, Hostname: "nectar-net", Organization: "Nectar Nightclub Network", RequiredHackingSkill: Range{20, 20}, HackDifficulty: Range{20, 20}, MoneyAvailable: Range{2750000, 2750000}, ServerGrowth: Range{25, 25}, RAMExponent: Range{4, 4}, NumOpenPortsRequired: 0, NetworkLayer: 2},
	{Index: 51, Hostname: "neo-net", Organization: "Neo Nightclub Network", RequiredHackingSkill: Range{50, 50}, HackDifficulty: Range{25, 25}, MoneyAvailable: Range{5000000, 5000000}, ServerGrowth: Range{25, 25}, RAMExponent: Range{5, 5}, NumOpenPortsRequired: 1, NetworkLayer: 3, Literature: []string{"the-hidden-world.lit"}},
	{Index: 52, Hostname: "silver-helix", Organization: "Silver Helix", RequiredHackingSkill: Range{150, 150}, HackDifficulty: Range{30, 30}, MoneyAvailable: Range{45000000, 45000000}, ServerGrowth: Range{30, 30}, RAMExponent: Range{6, 6}, NumOpenPortsRequired: 2, NetworkLayer: 3, Literature: []string{"new-triads.lit"}},
	{Index: 53, Hostname: "hong-fang-tea", Organization: "HongFang Teahouse", RequiredHackingSkill: Range{30, 30}, HackDifficulty: Range{15, 15}, MoneyAvailable: Range{3000000, 3000000}, ServerGrowth: Range{20, 20}, RAMExponent: Range{4, 4}, NumOpenPortsRequired: 0, NetworkLayer: 1, Literature: []string{"brighter-than-the-sun.lit"}},
	{Index: 54, Hostname: "harakiri-sushi", Organization: "HaraKiri Sushi Bar Network", RequiredHackingSkill: Range{40, 40}, HackDifficulty: Range{15, 15}, MoneyAvailable: Range{4000000, 4000000}, ServerGrowth: Range{40, 40}, RAMExponent: Range{4, 4}, NumOpenPortsRequired: 0, NetworkLayer: 1},
	{Index: 55, Hostname: "phantasy", Organization: "Phantasy Club", RequiredHackingSkill: Range{100, 100}, HackDifficulty: Range{20, 20}, MoneyAvailable: Range{24000000, 24000000}, ServerGrowth: Range{35, 35}, RAMExponent: Range{5, 5}, NumOpenPortsRequired: 2, NetworkLayer: 3},
	{Index: 56, Hostname: "max-hardware", Organization: "Max Hardware Store", RequiredHackingSkill: Range{80, 80}, HackDifficulty: Range{15, 15}, MoneyAvailable: Range{10000000, 10000000}, ServerGrowth: Range{30, 30}, RAMExponent: Range{5, 5}, NumOpenPortsRequired: 1, NetworkLayer: 2},
	{Index: 57, Hostname: "omega-net", Organization: "Omega Software", SpecialName: "Omega Software", RequiredHackingSkill: Range{180, 220}, HackDifficulty: Range{25, 35}, MoneyAvailable: Range{60000000, 70000000}, ServerGrowth: Range{30, 40}, RAMExponent: Range{5, 5}, NumOpenPortsRequired: 2, NetworkLayer: 3, Literature: []string{"the-new-god.lit"}},
	{Index: 58, Hostname: "crush-fitness", Organization: "Crush Fitness", SpecialName: "Crush Fitness Gym", RequiredHackingSkill: Range{225, 275}, HackDifficulty: Range{35, 45}, MoneyAvailable: Range{40000000, 60000000}, ServerGrowth: Range{27, 33}, NumOpenPortsRequired: 2, NetworkLayer: 4},
	{Index: 59, Hostname: "iron-gym", Organization: "Iron Gym Network", SpecialName: "Iron Gym", RequiredHackingSkill: Range{100, 100}, HackDifficulty: Range{30, 30}, MoneyAvailable: Range{20000000, 20000000}, ServerGrowth: Range{20, 20}, RAMExponent: Range{5, 5}, NumOpenPortsRequired: 1, NetworkLayer: 1},
	{Index: 60, Hostname: "millenium-fitness", Organization: "Millenium Fitness Network", SpecialName: "Millenium Fitness Gym", RequiredHackingSkill: Range{475, 525}, HackDifficulty: Range{45, 55}, MoneyAvailable: Range{250000000, 250000000}, ServerGrowth: Range{25, 45}, RAMExponent: Range{4, 8}, NumOpenPortsRequired: 3, NetworkLayer: 6},
	{Index: 61, Hostname: "powerhouse-fitness", Organization: "Powerhouse Fitness", SpecialName: "Powerhouse Gym", RequiredHackingSkill: Range{950, 1100}, HackDifficulty: Range{55, 65}, MoneyAvailable: Range{900000000, 900000000}, ServerGrowth: Range{50, 60}, RAMExponent: Range{4, 6}, NumOpenPortsRequired: 5, NetworkLayer: 14},
	{Index: 62, Hostname: "snap-fitness", Organization: "Snap Fitness", SpecialName: "Snap Fitness Gym", RequiredHackingSkill: Range{675, 800}, HackDifficulty: Range{40, 60}, MoneyAvailable: Range{450000000, 450000000}, ServerGrowth: Range{40, 60}, NumOpenPortsRequired: 4, NetworkLayer: 7},
	{Index: 63, Hostname: "run4theh111z", Organization: "The Runners", SpecialName: "run4theh111z", RequiredHackingSkill: Range{505, 550}, RAMExponent: Range{5, 9}, NumOpenPortsRequired: 4, NetworkLayer: 11, Literature: []string{"simulated-reality.lit", "the-new-god.lit"}},
	{Index: 64, Hostname: "I.I.I.I", Organization: "I.I.I.I", SpecialName: "I.I.I.I", RequiredHackingSkill: Range{340, 365}, RAMExponent: Range{4, 8}, NumOpenPortsRequired: 3, NetworkLayer: 5, Literature: []string{"democracy-is-dead.lit"}},
	{Index: 65, Hostname: "avmnite-02h", Organization: "NiteSec", SpecialName: "avmnite-02h", RequiredHackingSkill: Range{202, 220}, RAMExponent: Range{4, 7}, NumOpenPortsRequired: 2, NetworkLayer: 4, Literature: []string{"democracy-is-dead.lit"}},
	{Index: 66, Hostname: ".", Organization: ".", SpecialName: ".", RequiredHackingSkill: Range{505, 550}, RAMExponent: Range{4, 4}, NumOpenPortsRequired: 4, NetworkLayer: 13},
	{Index: 67, Hostname: "CSEC", Organization: "CyberSec", SpecialName: "CSEC", RequiredHackingSkill: Range{51, 60}, RAMExponent: Range{3, 3}, NumOpenPortsRequired: 1, NetworkLayer: 2, Literature: []string{"democracy-is-dead.lit"}},
	{Index: 68, Hostname: "The-Cave", Organization: "Helios", SpecialName: "The-Cave", RequiredHackingSkill: Range{925, 925}, NumOpenPortsRequired: 5, NetworkLayer: 15, Literature: []string{"alpha-omega.lit"}},
	{Index: 69, Hostname: "w0r1d_d43m0n", Organization: "w0r1d_d43m0n", SpecialName: "w0r1d_d43m0n", RequiredHackingSkill: Range{3000, 3000}, NumOpenPortsRequired: 5},
	{Index: 70, Hostname: "darkweb", Organization: "darkweb", SpecialName: "darkweb", RequiredHackingSkill: Range{1, 1}, NumOpenPortsRequired: 5},
}
