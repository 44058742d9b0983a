// Package sim is a deterministic, in-memory Bitburner: the hacking side of
// the game with a virtual clock and an event queue. *World implements
// world.World, so everything bbctl does to the live game it can do here, at
// the speed of the CPU.
//
// All game mechanics (durations, chances, effects, exp and levels, the
// network) come from package game; this package adds what the game's
// runtime does around them: processes and RAM, worker calls and timers,
// ports, and injected faults. docs/simulator.md describes the mapping to the
// game in full.
package sim

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

// World is a simulated game. It is not safe for concurrent use: one driver
// loop owns it, as for every world.World.
type World struct {
	ver          game.Version
	bn           game.BitNodeMults
	bitNode      int
	bnLevel      int
	latency      world.Time
	jitter       world.Time
	perProc      float64    // ms of launch latency per running process
	timerLate    world.Time // operation timers fire up to this late
	killRate     float64    // random kills per game-ms
	faultPending bool       // a random kill is queued
	portCap      int
	freezeExp    bool

	now world.Time
	seq uint64

	servers []server
	byName  map[string]int32

	// The player.
	exp       float64
	person    game.Person
	levelMult float64 // Mults.Hacking × BN.HackingLevelMultiplier
	money     float64
	programs  []world.Program
	tor       bool // the TOR router is owned
	sf4       int  // the Source-File 4 level

	// Hacknet: the nodes (or hacknet servers), the player's hacknet
	// multipliers, and the last game cycle whose production was credited.
	hacknet []hacknetNode
	hnMults world.HacknetMults
	hnCycle int64
	// Hacknet servers (BitNode 9 or Source-File 9) replace the nodes: the
	// hashes stored and the most the servers' caches hold.
	hnServers bool
	sf9       int
	hashes    float64
	hashCap   float64

	procs   []proc
	free    []int32       // free slots of procs
	byPID   pidIndex      // pid → slot of every live process
	nextPID int           // the game's pid counter
	workers []int32       // slots of live worker processes, for fault kills
	q       queue         // internal events
	ready   []world.Event // visible events waiting for Next, in order
	readyAt int           // index of the first waiting event in ready
	ports   map[int]*Port // ports created so far

	hackRNG  *rand.Rand     // hack rolls
	faultRNG *rand.Rand     // jitter and random kills
	cct      *contractState // coding contracts (nil: none appear)
	stocks   *stockState    // the stock market (nil: the world has none)

	stats Stats
	hash  uint64
	log   io.Writer

	// Pacing for Speed > 0.
	speed  float64
	clock  Clock
	paced  bool
	wall0  time.Time
	virt0  world.Time
	logBuf []byte
	logErr error
}

// server is a server of the simulated network.
type server struct {
	game.Server
	links   []int32             // neighbours in scan order
	files   map[string]game.RAM // files other than the worker scripts, with their RAM per thread
	workers uint8               // bit op-1 set: that worker script is on the server
	ports   uint8               // bit p-1 set: port opener p has been run here
	deleted bool                // a purchased server that was deleted
	hacknet bool                // a hacknet server: its RAM used sets its hash rate
	first   int32               // first process on the server, or -1
	last    int32               // last process on the server, or -1
	nprocs  int                 // processes on the server
}

// Process states.
const (
	procFree    uint8 = iota // the slot is unused
	procIdle                 // a non-worker script: holds RAM until killed
	procCalling              // a worker before its call
	procRunning              // a worker whose operation is in flight
)

// proc is one process, kept in the World's slab.
type proc struct {
	pid     int
	gen     uint32
	state   uint8
	op      world.Op // 0 for non-worker scripts
	argsOK  bool     // the worker's arguments parsed
	temp    bool
	host    int32
	target  int32 // -1 when the target is not a known server
	prev    int32 // neighbours in the host's process list
	next    int32
	widx    int32 // index in World.workers, or -1
	nargs   int32
	threads int
	ram     game.RAM // per thread
	landAt  world.Time
	dur     float64    // the owner's expected duration, ms
	startBy world.Time // the latest call the owner allows; 0 for none
	start   world.Time
	script  string
	args    [6]string // the arguments when there are at most 6
	extra   []string  // the arguments when there are more
}

// New builds a simulated game from cfg, or says which field of cfg is bad.
func New(cfg Config) (*World, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	ver, _ := game.ParseVersion(cfg.Version) // checked by withDefaults
	bn, err := game.BitNodeMultipliers(cfg.BitNode, cfg.BitNodeLevel)
	if err != nil {
		return nil, fmt.Errorf("sim config: BitNode %d level %d: %w", cfg.BitNode, cfg.BitNodeLevel, err)
	}
	w := &World{
		ver:       ver,
		bn:        bn,
		bitNode:   cfg.BitNode,
		bnLevel:   cfg.BitNodeLevel,
		latency:   cfg.LaunchLatency,
		jitter:    cfg.Faults.ExecJitter,
		perProc:   cfg.Faults.ExecPerProcess,
		timerLate: cfg.Faults.TimerLate,
		killRate:  cfg.Faults.KillsPerHour / 3.6e6,
		portCap:   cfg.PortCapacity,
		freezeExp: cfg.Player.FreezeExp,
		nextPID:   1,
		ports:     make(map[int]*Port),
		hackRNG:   rand.New(rand.NewPCG(cfg.Seed, 0x6861636b)),   // "hack"
		faultRNG:  rand.New(rand.NewPCG(cfg.Seed, 0x6661756c74)), // "fault"
		hash:      fnvOffset,
		log:       cfg.EventLog,
		speed:     cfg.Speed,
		clock:     cfg.Clock,
		money:     cfg.Player.Money,
		programs:  slices.Clone(cfg.Player.Programs),
		tor:       cfg.Player.TOR,
		sf4:       cfg.Player.SourceFile4,
		sf9:       cfg.Player.SourceFile9,
		hnServers: game.HasHacknetServers(cfg.BitNode, cfg.Player.SourceFile9),
		hnMults:   world.DefaultHacknetMults(),
	}
	w.person = game.Person{Intelligence: cfg.Player.Intelligence, Mults: cfg.Player.Mults}
	w.levelMult = cfg.Player.Mults.Hacking * bn.HackingLevelMultiplier
	switch {
	case cfg.Player.Hacking > 0:
		w.exp = game.ExpForSkillExact(cfg.Player.Hacking, w.levelMult)
		w.person.Hacking = cfg.Player.Hacking
		if !finite(w.exp) {
			return nil, fmt.Errorf("sim config: Player.Hacking %d needs more exp than a float64 holds at level multiplier %v", cfg.Player.Hacking, w.levelMult)
		}
	default:
		w.exp = cfg.Player.Exp
		w.person.Hacking = w.skill(w.exp)
	}
	if err := w.buildNetwork(cfg); err != nil {
		return nil, err
	}
	if cfg.ContractsPerHour > 0 {
		w.cct = newContractState(cfg.ContractsPerHour, cfg.Seed)
		w.scheduleContract()
	}
	if cfg.Stocks != nil {
		w.startStocks(cfg.Stocks, cfg.Seed)
	}
	return w, nil
}

// rolledNetwork is the network seed rolls, as the simulator plays it: home
// and every server linked into the network; darkweb (linked only once TOR
// is bought) and w0r1d_d43m0n (linked only after The Red Pill) are left
// out by addNetwork, being joined to nothing.
func rolledNetwork(seed uint64, bn *game.BitNodeMults, v game.Version) []ServerConfig {
	// The network RNG is the one every bbctl command uses for a seed, so
	// that "bbctl world" shows the network a simulation runs on.
	n := game.GenerateNetwork(game.NewNetworkRNG(seed), bn, v)
	if n == nil {
		return nil
	}
	out := make([]ServerConfig, len(n.Servers))
	for i, s := range n.Servers {
		out[i] = ServerConfig{Server: s.Server, Links: s.Links}
	}
	return out
}

// addNetwork adds the servers of net that a chain of links joins to home,
// in the order listed, with their links in order. Home comes first. It
// returns the RAM that other scripts hold on each server (by id), for
// holdRAM once the network is complete.
func (w *World) addNetwork(net []ServerConfig) map[int32]game.RAM {
	index := make(map[string]int, len(net))
	for i, s := range net {
		index[s.Hostname] = i
	}
	reach := make([]bool, len(net))
	queue := []int{index[game.HomeHostname]}
	reach[queue[0]] = true
	for len(queue) > 0 {
		s := net[queue[0]]
		queue = queue[1:]
		for _, l := range s.Links {
			if j, ok := index[l]; ok && !reach[j] {
				reach[j] = true
				queue = append(queue, j)
			}
		}
	}
	w.byName = make(map[string]int32, len(net)+32)
	order := []int{index[game.HomeHostname]}
	for i := range net {
		if reach[i] && net[i].Hostname != game.HomeHostname {
			order = append(order, i)
		}
	}
	held := map[int32]game.RAM{}
	for _, i := range order {
		s := server{Server: net[i].Server, first: -1, last: -1}
		if s.RAMUsed > 0 {
			held[int32(len(w.servers))] = s.RAMUsed
		}
		s.RAMUsed = 0
		w.byName[s.Hostname] = int32(len(w.servers))
		w.servers = append(w.servers, s)
	}
	for id, i := range order {
		for _, l := range net[i].Links {
			if lid, ok := w.byName[l]; ok {
				w.servers[id].links = append(w.servers[id].links, lid)
			}
		}
	}
	return held
}

// HeldScript is the script of the idle processes that hold the RAM other
// scripts use on an explicit network's servers (ServerConfig).
const HeldScript = "held-by-other-scripts.js"

// holdRAM starts, on each server in id order, one idle process of
// HeldScript holding the RAM held lists.
func (w *World) holdRAM(held map[int32]game.RAM) error {
	ids := make([]int32, 0, len(held))
	for id := range held {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		s := &w.servers[id]
		if s.files == nil {
			s.files = make(map[string]game.RAM)
		}
		s.files[HeldScript] = held[id]
		if _, err := w.start(&world.ExecRequest{Script: HeldScript, Host: s.Hostname, Threads: 1}); err != nil {
			return fmt.Errorf("sim config: Network: %s: the RAM other scripts hold: %w", s.Hostname, err)
		}
	}
	return nil
}

// addPurchased adds a purchased server of ram, linked to home, as the
// game creates one: root, one core, security 1, no money.
func (w *World) addPurchased(name string, ram game.RAM) {
	id := int32(len(w.servers))
	w.servers = append(w.servers, server{
		Server: game.Server{
			Hostname:             name,
			HasAdminRights:       true,
			PurchasedByPlayer:    true,
			HackDifficulty:       1,
			MinDifficulty:        1,
			BaseDifficulty:       1,
			RequiredHackingSkill: 1,
			ServerGrowth:         1,
			MaxRAM:               ram,
			Cores:                1,
		},
		links: []int32{0},
		first: -1,
		last:  -1,
	})
	w.byName[name] = id
	w.servers[0].links = append(w.servers[0].links, id)
}

// adoptHacknetServers marks the player's servers of an explicit network
// that are named as the game names hacknet servers (a snapshot lists them
// among the network) as hacknet servers, not purchased ones. Where hacknet
// servers replace nodes they become the player's hacknet servers, in the
// order of their index; the network does not say their level or cache, so
// they start at level 1 and cache 1 with the RAM and cores listed.
func (w *World) adoptHacknetServers() {
	var ids []int32
	for i := 1; i < len(w.servers); i++ {
		if s := &w.servers[i]; s.PurchasedByPlayer && game.IsHacknetServer(s.Hostname) {
			s.hacknet = true
			ids = append(ids, int32(i))
		}
	}
	if !w.hnServers {
		return
	}
	index := func(id int32) int {
		n, err := strconv.Atoi(strings.TrimPrefix(w.servers[id].Hostname, game.HacknetServerPrefix))
		if err != nil {
			return math.MaxInt
		}
		return n
	}
	slices.SortStableFunc(ids, func(a, b int32) int { return cmp.Compare(index(a), index(b)) })
	for _, id := range ids[:min(len(ids), game.HacknetServerMaxCount)] {
		name := w.servers[id].Hostname
		w.hacknet = append(w.hacknet, hacknetNode{HacknetNode: world.HacknetNode{Level: 1, Host: name, Cache: 1}, id: id})
		w.hashCap += game.HacknetServerHashCapacity(1)
	}
}

// buildNetwork creates the servers: the network (cfg.Network, or the one
// the seed rolls), then the purchased servers.
func (w *World) buildNetwork(cfg Config) error {
	net := cfg.Network
	if net == nil {
		net = rolledNetwork(cfg.Seed, &w.bn, w.ver)
		if len(net) == 0 || net[0].Hostname != game.HomeHostname {
			return fmt.Errorf("sim: the generated network does not start with home")
		}
	}
	held := w.addNetwork(net)
	home := &w.servers[0]
	home.HasAdminRights = true
	home.PurchasedByPlayer = true
	if cfg.Home.RAM != 0 {
		home.MaxRAM = cfg.Home.RAM
	}
	if cfg.Home.Cores != 0 {
		home.Cores = cfg.Home.Cores
	}
	home.workers = allWorkers
	w.adoptHacknetServers()

	limit, n := game.PurchasedServerLimit(&w.bn), 0
	for _, s := range w.servers[1:] {
		if s.PurchasedByPlayer && !s.hacknet {
			n++
		}
	}
	for _, p := range cfg.Purchased {
		if n += p.Count; p.Count > limit || n > limit {
			return fmt.Errorf("sim config: Purchased asks for more than the %d servers BitNode %d allows", limit, w.bitNode)
		}
	}
	maxGB := game.RAM(game.PurchasedServerMaxRAM(&w.bn))
	k := 0
	for i, p := range cfg.Purchased {
		if p.RAM > maxGB*game.GiB {
			return fmt.Errorf("sim config: Purchased[%d].RAM %v is more than BitNode %d allows (%v)", i, p.RAM, w.bitNode, maxGB*game.GiB)
		}
		for range p.Count {
			name := "pserv-" + strconv.Itoa(k)
			for k++; w.hostTaken(name); k++ {
				name = "pserv-" + strconv.Itoa(k) // a listed server has the name
			}
			w.addPurchased(name, p.RAM)
		}
	}
	if cfg.Prepped {
		for i := range w.servers {
			s := &w.servers[i].Server
			s.HackDifficulty = s.MinDifficulty
			s.MoneyAvailable = s.MoneyMax
		}
	}
	return w.holdRAM(held)
}
