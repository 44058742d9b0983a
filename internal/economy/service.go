package economy

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"

	"bbctl/internal/game"
	"bbctl/internal/hacking"
	"bbctl/internal/logline"
	"bbctl/internal/memory"
	"bbctl/internal/world"
)

// Config configures a Service. The zero value of a field means its default.
type Config struct {
	Policy   Policy // default: Spender with Settings
	Settings Settings
	// Memory, MaxProcesses and SpacingMS are the controller's: the income
	// model plans with the same limits (default: the controller's
	// defaults, 40,000 processes and 20 ms).
	Memory       memory.Config
	MaxProcesses int
	SpacingMS    float64
	Version      game.Version
	// IntervalMS is how often the service decides (default 10 s).
	IntervalMS world.Time
	// ModelMS is how long an income model is used while only the hacking
	// level changes (default 5 min); RAM, home and openers that change
	// rebuild it at once.
	ModelMS world.Time
	// Prefix names new purchased servers (default "bbctl-").
	Prefix string
	// MaxBuys bounds the purchases of one step (default 50).
	MaxBuys int
	// AdviceGraceMS is how long the money is kept for advice the player
	// could afford but has not bought (default 15 min); after it the
	// spender spends as if the advice were not there, until the advice
	// changes.
	AdviceGraceMS world.Time
	// Yield, if set, says what following an advice yields on the farm f:
	// the change ch's difference to the income the controller earns there
	// (simrun.Yield runs it on the simulator). ok is false when it is
	// not worked out (a farm too large to simulate cheaply, or not yet);
	// it is asked again at the next step. It is asked for the top advice
	// once the player can afford it.
	Yield func(ctx context.Context, f Farm, ch Change) (yield float64, ok bool, err error)
}

// Purchase is one purchase made, for the timeline.
type Purchase struct {
	At world.Time `json:"at"` // game time, ms
	By string     `json:"by"` // "bbctl" or "player"
	Candidate
}

// LogLine is one line of the service's log, as the controller's.
type LogLine = logline.Line

// Service runs a spending policy on a world: every IntervalMS it reads the
// money, the hacknet and the purchased servers, decides, and buys. It
// never spends the reserve or what other services hold on its Account,
// never deletes a server (it upgrades in place), and keeps the advice of
// what only the player can buy up to date.
type Service struct {
	cfg      Config
	account  Account
	next     world.Time
	model    *IncomeModel
	modelKey modelKey
	modelAt  world.Time
	decision Decision
	timeline []Purchase
	logs     []LogLine
	noEcon   bool          // the world has no economy calls (said once)
	hacknet  world.Hacknet // as last read
	sells    bool          // hashes are sold (Settings.Hashes, and a policy that acts)
	sold     int           // lots of hashes sold so far
	sellErr  bool          // a sale failed (said once, until a sale succeeds)
	lastTop  string
	failed   string // the last purchase failure logged, until a purchase succeeds
	heedKey  string // the advice the money is kept for, affordable since heedFrom
	heedFrom world.Time
	worth    []sample             // money on hand plus money spent, at each step of the income window
	yields   map[string]*float64  // the top advice's yield by What, once worked out
	yieldAt  world.Time           // when yields were last cleared
	cols     *hacking.ColumnCache // the targets' batches, kept from one income model to the next
}

// yieldMS is how long a worked-out yield is kept while the farm changes
// (a yield costs two simulated runs; a spender buying servers changes the
// farm every few steps).
const yieldMS = 10 * 60000

// sample is the account's worth (money on hand plus everything spent) at
// a moment.
type sample struct {
	at    world.Time
	worth float64
}

// incomeWindow is how far back the measured income looks.
const incomeWindow = 10 * 60000

// minPurchase is the cheapest thing the spender can buy: the first
// hacknet node without augmentations.
const minPurchase = 1000

// modelKey is what makes an income model stale at once.
type modelKey struct {
	ram      game.RAM // rooted RAM
	homeRAM  game.RAM
	cores    int
	programs int
}

// NewService returns a service with cfg, or an error naming a bad setting.
func NewService(cfg Config) (*Service, error) {
	s, err := cfg.Settings.WithDefaults()
	if err != nil {
		return nil, fmt.Errorf("economy: %w", err)
	}
	cfg.Settings = s
	if cfg.Policy == nil {
		cfg.Policy = Spender{Settings: s}
	}
	if _, none := cfg.Policy.(NoSpending); none {
		// Buying nothing, bbctl touches nothing: the hashes are the
		// player's (the game sells what would overflow).
		cfg.Settings.Hashes = HashesKeep
	}
	if cfg.IntervalMS == 0 {
		cfg.IntervalMS = 10000
	}
	if cfg.MaxProcesses == 0 {
		cfg.MaxProcesses = 40000
	}
	if cfg.SpacingMS == 0 {
		cfg.SpacingMS = 20
	}
	if cfg.ModelMS == 0 {
		cfg.ModelMS = 5 * 60000
	}
	if cfg.MaxBuys == 0 {
		cfg.MaxBuys = 50
	}
	if cfg.AdviceGraceMS == 0 {
		cfg.AdviceGraceMS = 15 * 60000
	}
	if cfg.IntervalMS < 0 || cfg.ModelMS < 0 || cfg.MaxBuys < 0 {
		return nil, errors.New("economy: interval, model time and purchases per step must be positive")
	}
	return &Service{cfg: cfg, sells: cfg.Settings.Hashes == HashesSell}, nil
}

// Account returns the service's money account, on which other services
// hold money (Account.Hold) that the spender must not use.
func (s *Service) Account() *Account { return &s.account }

// Due reports whether the service wants to decide at now.
func (s *Service) Due(now world.Time) bool { return now >= s.next }

// Decision returns the last decision: what was bought, what the money is
// kept for and the advice.
func (s *Service) Decision() Decision { return s.decision }

// Advice returns what only the player can buy, best payback first.
func (s *Service) Advice() []Candidate { return s.decision.Advice }

// Timeline returns the purchases made so far, in order.
func (s *Service) Timeline() []Purchase { return append([]Purchase(nil), s.timeline...) }

// Logs returns and clears the log lines written since the last call.
func (s *Service) Logs() []LogLine {
	l := s.logs
	s.logs = nil
	return l
}

func (s *Service) log(at world.Time, level logline.Level, format string, args ...any) {
	s.logs = append(s.logs, LogLine{At: at, Level: level, Msg: fmt.Sprintf(format, args...)})
}

// Record adds a purchase someone else made (the player following the
// advice) to the timeline and the account.
func (s *Service) Record(at world.Time, by string, c Candidate) {
	s.timeline = append(s.timeline, Purchase{At: at, By: by, Candidate: c})
	s.account.Spend(c.Kind.Group(), c.Cost)
	s.log(at, logline.Success, "the player bought %s (%s), as advised", c.What(), game.FormatMoney(c.Cost))
}

// Step decides and buys at w's time, given the player and every server of
// the network as the controller last read them (home first).
func (s *Service) Step(ctx context.Context, w world.World, p world.Player, servers []game.Server) error {
	now := w.Now()
	s.next = now + s.cfg.IntervalMS
	econ, ok := w.(world.Economy)
	if !ok && !s.noEcon {
		s.noEcon = true
		s.log(now, logline.Warn, "economy: this world has no purchase calls; only advice is given")
	}
	// Below the cheapest purchase there is nothing to read — the live
	// world's economy module starts only once there is money to spend —
	// unless hacknet servers have hashes to sell.
	ok = ok && (p.Money >= minPurchase || s.hashServers() || slices.ContainsFunc(servers, func(sv game.Server) bool {
		return game.IsHacknetServer(sv.Hostname)
	}))
	if err := s.refreshModel(now, p, servers); err != nil {
		return err
	}
	bn, err := game.BitNodeMultipliers(max(p.BitNode, 1), max(p.BitNodeLevel, 1))
	if err != nil {
		return fmt.Errorf("economy: %w", err)
	}
	for buys := 0; ; buys++ {
		in := Inputs{BN: &bn, Version: s.cfg.Version, Model: s.model, Prefix: s.cfg.Prefix}
		if ok {
			if in.Hacknet, err = econ.Hacknet(ctx); err != nil {
				return fmt.Errorf("economy: read hacknet: %w", err)
			}
			// The hashes are sold before anything is decided: their
			// money is part of the budget.
			if err := s.sellHashes(ctx, now, econ, &in.Hacknet); err != nil {
				return err
			}
			s.hacknet = in.Hacknet
			if in.Servers, err = econ.PurchasedServers(ctx); err != nil {
				return fmt.Errorf("economy: read purchased servers: %w", err)
			}
			if p, err = w.Player(ctx); err != nil {
				return fmt.Errorf("economy: read player: %w", err)
			}
		}
		s.account.Observe(p.Money)
		if ok {
			s.account.SetEarned(SourceHacknet, HacknetEarned(in.Hacknet))
		}
		in.Free = s.account.Free(s.cfg.Settings.Reserve)
		in.Income = s.income(now)
		in.Unheeded = s.heedKey != "" && now-s.heedFrom > s.cfg.AdviceGraceMS
		_, shop := w.(world.PlayerShop)
		in.Singularity = ok && shop && p.Singularity > 0
		d := s.cfg.Policy.Decide(in)
		s.heed(now, d, in.Free)
		if d.Buy != nil && (!ok || buys >= s.cfg.MaxBuys) {
			d.Buy = nil
		}
		if err := s.simulateAdvice(ctx, now, &d, in.Free); err != nil {
			return err
		}
		s.decision = d
		s.noteAdvice(now)
		if d.Buy == nil {
			return nil
		}
		if err := s.buy(ctx, w, econ, *d.Buy); err != nil {
			// A purchase that keeps failing (a module that finds no
			// room, say) is said once, not at every step.
			if msg := fmt.Sprintf("economy: could not buy %s: %v", d.Buy.What(), err); msg != s.failed {
				s.failed = msg
				s.log(now, logline.Warn, "%s", msg)
			}
			return nil
		}
		s.failed = ""
		s.timeline = append(s.timeline, Purchase{At: now, By: "bbctl", Candidate: *d.Buy})
		s.account.Spend(d.Buy.Kind.Group(), d.Buy.Cost)
		if d.Buy.Kind == KindServer || d.Buy.Kind == KindServerUpgrade || d.Buy.Kind.PlayerOnly() {
			s.log(now, logline.Success, "economy: bought %s", d.Buy)
			s.model = nil // the RAM changed: the next step rebuilds the model
			s.next = now  // and decides again at once
			return nil
		}
	}
}

// hashServers reports whether the hacknet, as last read, has hacknet
// servers.
func (s *Service) hashServers() bool { return s.hacknet.Servers && len(s.hacknet.Nodes) > 0 }

// sellHashes sells every whole lot of h's hashes for money when the
// settings say so, and takes them from h. A sale that fails is logged
// once, until one succeeds; it stops nothing.
func (s *Service) sellHashes(ctx context.Context, now world.Time, econ world.Economy, h *world.Hacknet) error {
	if !s.sells || !h.Servers {
		return nil
	}
	lots := math.Floor(h.Hashes / game.HashesPerSale)
	if !(lots >= 1) { // NaN too
		return nil
	}
	lots = min(lots, 1e15) // a whole number the count's int holds exactly
	if err := econ.SellHashes(ctx, int(lots)); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("economy: sell hashes: %w", err)
		}
		if !s.sellErr {
			s.sellErr = true
			s.log(now, logline.Warn, "economy: could not sell %.0f hashes: %v", lots*game.HashesPerSale, err)
		}
		return nil
	}
	s.sellErr = false
	s.sold += int(lots)
	h.Hashes -= lots * game.HashesPerSale
	return nil
}

// HacknetEarned returns the money h has earned: what its nodes made, or
// for hacknet servers the hashes made and no longer stored at the price
// they sell for — sold by bbctl, or by the game when they would overflow
// (with Settings.Hashes keep, hashes the player spent otherwise count at
// that price too).
func HacknetEarned(h world.Hacknet) float64 {
	total := 0.0
	for _, n := range h.Nodes {
		total += n.Total
	}
	if h.Servers {
		return max(0, total-h.Hashes) * HashMoney
	}
	return total
}

// income returns the income measured over the last incomeWindow: what the
// account's worth (money on hand plus money spent) grew by, per second.
func (s *Service) income(now world.Time) float64 {
	w := s.account.Money()
	for _, k := range slices.Sorted(maps.Keys(s.account.spent)) { // a fixed order: a deterministic sum
		w += s.account.spent[k]
	}
	if n := len(s.worth); n == 0 || s.worth[n-1].at < now {
		s.worth = append(s.worth, sample{now, w})
	} else {
		s.worth[n-1].worth = w
	}
	for len(s.worth) > 2 && s.worth[1].at <= now-incomeWindow {
		s.worth = s.worth[1:]
	}
	first := s.worth[0]
	if now <= first.at {
		return 0
	}
	return max(0, (w-first.worth)/(now-first.at).Seconds())
}

// Report is the economy as the dashboard shows it.
type Report struct {
	Policy string             `json:"policy"`
	Money  float64            `json:"money"`  // on hand
	Held   float64            `json:"held"`   // held by other services
	Income float64            `json:"income"` // $/s over the last 10 minutes, every source
	Earned map[string]float64 `json:"earned"` // by source
	Spent  map[string]float64 `json:"spent"`  // by kind
	// Wait is the purchase the money is kept for, if any.
	Wait      *Candidate  `json:"wait,omitempty"`
	Advice    []Candidate `json:"advice"`
	Purchases int         `json:"purchases"` // made so far
	Recent    []Purchase  `json:"recent"`    // the last few, newest first
	// Hashes are the hacknet servers' hashes; nil where there are none.
	Hashes *HashReport `json:"hashes,omitempty"`
}

// HashReport is the state of the hacknet servers' hashes.
type HashReport struct {
	Stored   float64 `json:"stored"`   // hashes stored, as last read (after the step's sale)
	Capacity float64 `json:"capacity"` // the most the servers' caches hold
	Rate     float64 `json:"rate"`     // hashes/s the servers make
	Value    float64 `json:"value"`    // $/s the rate fetches when sold
	Use      string  `json:"use"`      // Settings.Hashes: "sell" or "keep"
	Sold     float64 `json:"sold"`     // hashes bbctl sold so far
	Money    float64 `json:"money"`    // $ they fetched
}

// maxRecent is how many purchases a Report lists.
const maxRecent = 20

// Report returns the economy's state for display.
func (s *Service) Report() Report {
	r := Report{Policy: s.cfg.Policy.Name(), Money: s.account.Money(), Held: s.account.Held(),
		Earned: s.account.Earned(), Spent: s.account.Spent(), Wait: s.decision.Wait,
		Advice: append([]Candidate{}, s.decision.Advice...), Purchases: len(s.timeline), Recent: []Purchase{}}
	if n := len(s.worth); n > 1 {
		first, last := s.worth[0], s.worth[n-1]
		if last.at > first.at {
			r.Income = max(0, (last.worth-first.worth)/(last.at-first.at).Seconds())
		}
	}
	if r.Earned == nil {
		r.Earned = map[string]float64{}
	}
	if r.Spent == nil {
		r.Spent = map[string]float64{}
	}
	for i := len(s.timeline) - 1; i >= 0 && len(r.Recent) < maxRecent; i-- {
		r.Recent = append(r.Recent, s.timeline[i])
	}
	if h := s.hacknet; h.Servers {
		sold := float64(s.sold) * game.HashesPerSale
		r.Hashes = &HashReport{Stored: h.Hashes, Capacity: h.HashCapacity, Value: Production(h),
			Rate: Production(h) / HashMoney, Use: s.cfg.Settings.Hashes, Sold: sold, Money: sold * HashMoney}
	}
	return r
}

// heed follows how long the player's purchase the money is kept for has
// been affordable.
func (s *Service) heed(now world.Time, d Decision, free float64) {
	key := ""
	if len(d.Advice) > 0 && d.Advice[0].Cost <= free {
		key = d.Advice[0].What()
	}
	if key != s.heedKey {
		s.heedKey, s.heedFrom = key, now
	}
}

// noteAdvice logs the advice when its top changes.
func (s *Service) noteAdvice(now world.Time) {
	top := ""
	if len(s.decision.Advice) > 0 {
		top = s.decision.Advice[0].String()
	}
	if top != "" && top != s.lastTop {
		s.log(now, logline.Info, "advice: %s", top)
	}
	s.lastTop = top
}

// buy carries out c on econ, or on w's player shop for what only the
// player can buy without the Singularity API.
func (s *Service) buy(ctx context.Context, w world.World, econ world.Economy, c Candidate) error {
	if shop, ok := w.(world.PlayerShop); ok && c.Kind.PlayerOnly() {
		return BuyForPlayer(ctx, shop, c)
	}
	switch c.Kind {
	case KindHacknetNode:
		_, err := econ.BuyHacknetNode(ctx)
		return err
	case KindHacknetLevel:
		return econ.UpgradeHacknet(ctx, c.Node, world.HacknetLevel, 1)
	case KindHacknetRAM:
		return econ.UpgradeHacknet(ctx, c.Node, world.HacknetRAM, 1)
	case KindHacknetCores:
		return econ.UpgradeHacknet(ctx, c.Node, world.HacknetCores, 1)
	case KindServer:
		_, err := econ.PurchaseServer(ctx, c.Host, c.RAM)
		return err
	case KindServerUpgrade:
		return econ.UpgradeServer(ctx, c.Host, c.RAM)
	}
	return fmt.Errorf("%s is the player's to buy", c.Kind)
}

// BuyForPlayer buys c, one of what only the player can buy without the
// Singularity API (Kind.PlayerOnly), at shop: a player following the
// advice does, and bbctl does where the Singularity API is open.
func BuyForPlayer(ctx context.Context, shop world.PlayerShop, c Candidate) error {
	switch c.Kind {
	case KindHomeRAM:
		return shop.UpgradeHomeRAM(ctx)
	case KindHomeCores:
		return shop.UpgradeHomeCores(ctx)
	case KindProgram:
		if c.TOR {
			if err := shop.BuyTOR(ctx); err != nil {
				return err
			}
		}
		return shop.BuyProgram(ctx, c.Program)
	}
	return fmt.Errorf("%s is not the player's to buy", c.Kind)
}

// refreshModel rebuilds the income model when the farm's RAM, home or
// openers changed, or when it is older than ModelMS.
func (s *Service) refreshModel(now world.Time, p world.Player, servers []game.Server) error {
	key := modelKey{programs: len(p.Programs)}
	for i, sv := range servers {
		if memory.IsWorker(sv) {
			key.ram += sv.MaxRAM
		}
		if i == 0 {
			key.homeRAM, key.cores = sv.MaxRAM, sv.Cores
		}
	}
	if s.model != nil && key == s.modelKey && now-s.modelAt < s.cfg.ModelMS {
		return nil
	}
	bn, err := game.BitNodeMultipliers(max(p.BitNode, 1), max(p.BitNodeLevel, 1))
	if err != nil {
		return fmt.Errorf("economy: %w", err)
	}
	if s.cols == nil {
		s.cols = &hacking.ColumnCache{}
	}
	m, err := newIncomeModel(Farm{Player: p, Servers: servers, BN: bn, Version: s.cfg.Version,
		Memory: s.cfg.Memory, MaxProcesses: s.cfg.MaxProcesses, SpacingMS: s.cfg.SpacingMS, Step: EstimateStep}, s.cols)
	if err != nil {
		return err
	}
	if s.yields == nil || now-s.yieldAt >= yieldMS {
		s.yields, s.yieldAt = map[string]*float64{}, now
	}
	s.model, s.modelKey, s.modelAt = m, key, now
	return nil
}

// simulateAdvice gives d's top advice what following it yields
// (Config.Yield) once the player can afford it (its cost within free), as
// it is then: worked out when it first does, and again at the first new
// income model yieldMS after.
func (s *Service) simulateAdvice(ctx context.Context, now world.Time, d *Decision, free float64) error {
	if s.cfg.Yield == nil || len(d.Advice) == 0 || s.model == nil {
		return nil
	}
	top := &d.Advice[0]
	y := s.yields[top.What()]
	if y == nil && top.Cost <= free {
		v, ok, err := s.cfg.Yield(ctx, *s.model.Farm(), top.change)
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("economy: what %s yields: %w", top.What(), err)
			}
			// The advice stands without it.
			s.log(now, logline.Warn, "economy: what %s yields: %v", top.What(), err)
			return nil
		}
		if ok {
			y = &v
			s.yields[top.What()] = y
		}
	}
	top.Yield = y
	return nil
}
