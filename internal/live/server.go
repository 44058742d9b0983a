package live

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"bbctl/internal/live/js"
	"bbctl/internal/rfa"
	"bbctl/internal/savefile"
	"bbctl/internal/world"
)

// Server is bbctl's end of a live game: the Remote API at "/", the agent
// at "/agent", the scripts pushed on every game connection and the
// controller run on the live world.
type Server struct {
	// Token is the agent's secret; required.
	Token string
	// AgentURL is where the pushed agent connects; empty means
	// ws://<listener address>/agent, with 127.0.0.1 for a wildcard address.
	AgentURL string
	// Origins are extra allowed WebSocket Origin patterns.
	Origins []string
	// Logf receives log lines; Notef receives what the player must read
	// (the command to type). Nil discards.
	Logf, Notef func(format string, args ...any)
	// Run is the controller: it starts once, when the agent first connects,
	// and runs on the live world until it returns or ctx ends. While the
	// game or agent is away the world pauses it. Nil runs no controller.
	Run func(ctx context.Context, w world.World) error
	// RunName says what Run is in the log ("the controller" when empty).
	RunName string
	// OnConnect, if set, runs after the scripts are pushed on each game
	// connection (file sync hooks in here).
	OnConnect func(ctx context.Context, c *rfa.Conn)
	// SaveEvery is how often the game's save is read again, for the
	// BitNode and the servers' cores (default 5 minutes; see World.SetFacts).
	SaveEvery time.Duration
	// The parts, built by Handler or Serve (whichever comes first).
	RFA    *rfa.Server
	Bridge *Bridge
	World  *World

	mu    sync.Mutex
	asked bool // the player was asked to press Connect since the game last connected

	savedAt  time.Time     // when a save was last read
	noSave   bool          // the game has no getSaveFile: the facts module reads what it would say
	factsNow chan struct{} // wakes watchFacts
}

func (s *Server) logf(format string, args ...any) {
	if s.Logf != nil {
		s.Logf(format, args...)
	}
}

func (s *Server) notef(format string, args ...any) {
	if s.Notef != nil {
		s.Notef(format, args...)
	} else {
		s.logf(format, args...)
	}
}

// init builds the parts; it is idempotent.
func (s *Server) init() {
	if s.RFA != nil {
		return
	}
	s.factsNow = make(chan struct{}, 1)
	s.RFA = &rfa.Server{Logf: s.Logf, Origins: s.Origins, OnConnect: s.onGame}
	// Without a controller nobody takes the reports from the world: the
	// bridge acknowledges them as they come, so the agent does not keep them.
	s.Bridge = &Bridge{Token: s.Token, Logf: s.Logf, Origins: s.Origins, AckOnReceipt: s.Run == nil}
	s.World = NewWorld(s.Bridge, func() Files {
		if c := s.RFA.Current(); c != nil {
			return c
		}
		return nil
	})
	s.World.OnNoRFA = s.askConnect
	s.World.SetSource(func(name string) (string, error) {
		// Modules started beyond home are pushed over a trusted
		// connection (World uses RFA.Current): with the token.
		files, err := s.Scripts(s.AgentURL, true)
		if err != nil {
			return "", err
		}
		if src, ok := files[name]; ok {
			return src, nil
		}
		return "", fmt.Errorf("%s is not a script bbctl pushes", name)
	})
}

// Handler returns the HTTP handler: the Remote API at "/" and the agent at
// "/agent".
func (s *Server) Handler() http.Handler {
	s.init()
	mux := http.NewServeMux()
	mux.Handle("/agent", s.Bridge)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		s.RFA.ServeHTTP(w, r)
	})
	return mux
}

// Scripts returns the files bbctl pushes to home: the agent, the
// contracts, facts, stocks and economy modules (set to connect to agentURL, with the server's token
// when withToken is set) and the workers. Without the token the scripts
// take it from their first argument or js.TokenFile on home.
func (s *Server) Scripts(agentURL string, withToken bool) (map[string]string, error) {
	tok := ""
	if withToken {
		tok = s.Token
	}
	agent, err := js.Agent(agentURL, tok)
	if err != nil {
		return nil, err
	}
	mod, err := js.Contracts(agentURL, tok)
	if err != nil {
		return nil, err
	}
	facts, err := js.Facts(agentURL, tok)
	if err != nil {
		return nil, err
	}
	stocks, err := js.Stocks(agentURL, tok)
	if err != nil {
		return nil, err
	}
	econ, err := js.Economy(agentURL, tok)
	if err != nil {
		return nil, err
	}
	files := js.Workers()
	for _, shop := range js.Shops() {
		src, err := js.Singularity(shop, agentURL, tok)
		if err != nil {
			return nil, err
		}
		files[shop.Script()] = src
	}
	files[js.EconomyScript] = econ
	files[js.StocksScript] = stocks
	files[js.AgentScript] = agent
	files[js.ContractsScript] = mod
	files[js.FactsScript] = facts
	// The mark that home holds the current workers, for copies from home
	// without the Remote API (World.Copy).
	files[js.WorkersMark()] = "bbctl's workers of this version are here\n"
	return files, nil
}

// askConnect asks the player, once until the game connects again, to
// connect the game's Remote API: a 2.x game does not reconnect it by itself
// when bbctl restarts, and copies to new servers need it.
func (s *Server) askConnect() {
	s.mu.Lock()
	asked := s.asked
	s.asked = true
	s.mu.Unlock()
	if !asked {
		s.notef("bbctl needs the game's Remote API to copy its workers to new servers: in the game, press Options → Remote API → Connect")
	}
}

// onGame pushes the scripts when the game connects and says what to do.
// A connection that may be a web page posing as the game (Origin null:
// the Steam game, or a sandboxed frame on any page) gets the scripts
// without the agent's token, and bbctl uses it for nothing else until the
// agent, which the player started with the token, proves it is the
// agent's game (prove).
func (s *Server) onGame(ctx context.Context, c *rfa.Conn) {
	s.mu.Lock()
	s.asked = false
	s.mu.Unlock()
	trusted := c.Trusted()
	files, err := s.Scripts(s.AgentURL, trusted)
	if err != nil {
		s.logf("ERROR cannot build the agent: %v", err)
		return
	}
	// The agent goes last, so that an agent on home (started by autoexec
	// the moment it appears) finds every module and worker beside it.
	names := make([]string, 0, len(files))
	for name := range files {
		if name != js.AgentScript {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range append(names, js.AgentScript) {
		if err := c.PushFile(ctx, "home", name, files[name]); err != nil {
			s.logf("ERROR pushing %s to home: %v", name, err)
			return
		}
	}
	if _, _, ok := s.Bridge.Connected(); !ok {
		if trusted {
			s.notef("In the game's terminal, type:  run %s", js.AgentScript)
		} else {
			s.logf("the game connected with Origin null (the Steam game does, but so can any web page): bbctl pushed the agent without its token")
			s.notef("In the game's terminal, type:  run %s %s", js.AgentScript, s.Token)
			s.notef("(the agent keeps the token in %s on home, for its later runs)", js.TokenFile)
		}
		s.notef("To start it on every load, set the Autoexec Script option (in the game's Options) to:  %s", js.AgentScript)
	}
	if !trusted && !s.prove(ctx, c) {
		return
	}
	if ram, err := c.CalculateRAM(ctx, "home", js.AgentScript); err == nil {
		s.logf("pushed %s (the game counts %v per thread) and the workers to home", js.AgentScript, ram)
		s.World.SetScriptRAM(js.AgentScript, ram)
	} else {
		s.logf("WARN pushed the scripts, but the game could not compute the agent's RAM: %v", err)
	}
	mods := []string{js.ContractsScript, js.FactsScript, js.StocksScript, js.EconomyScript}
	for _, shop := range js.Shops() {
		mods = append(mods, shop.Script())
	}
	for _, mod := range mods {
		if ram, err := c.CalculateRAM(ctx, "home", mod); err == nil {
			s.World.SetScriptRAM(mod, ram)
		}
	}
	if defs, err := c.GetDefinitionFile(ctx); err == nil {
		api := rfa.DetectAPI(defs)
		s.logf("game API %s (ns.cloud: %v, stock renames: %v)", api.Version(), api.Cloud, api.StockRenamed)
	}
	go s.readSaves(ctx, c)
	if s.OnConnect != nil {
		s.OnConnect(ctx, c)
	}
}

// proofFile is the file prove pushes and the agent reads.
const proofFile = "bbctl/proof.txt"

// prove waits until an agent is connected — one that said the token,
// which a web page cannot know — and checks that c is the agent's game:
// a random text pushed over c must be what the agent reads on home. It
// trusts c and reports true when it is, and false when c or ctx ends
// first.
func (s *Server) prove(ctx context.Context, c *rfa.Conn) bool {
	for {
		changed := s.Bridge.Changed()
		if _, _, ok := s.Bridge.Connected(); ok {
			err := s.challenge(ctx, c)
			if err == nil {
				c.Trust()
				s.logf("rfa: the connection with Origin null is the agent's game; bbctl uses it")
				return true
			}
			if ctx.Err() != nil || c.Err() != nil {
				return false
			}
			s.logf("WARN rfa: the connection with Origin null is not the agent's game (%v); bbctl does not use it", err)
		}
		select {
		case <-ctx.Done():
			return false
		case <-c.Done():
			return false
		case <-changed:
		}
	}
}

// challenge pushes a random text to home over c and has the agent read it.
func (s *Server) challenge(ctx context.Context, c *rfa.Conn) error {
	buf := make([]byte, 18)
	if _, err := rand.Read(buf); err != nil {
		return err
	}
	nonce := base64.RawURLEncoding.EncodeToString(buf)
	if err := c.PushFile(ctx, "home", proofFile, nonce); err != nil {
		return fmt.Errorf("pushing %s: %w", proofFile, err)
	}
	defer c.DeleteFile(ctx, "home", proofFile)
	res, err := s.Bridge.Call(ctx, []Call{{Fn: "readText", Args: []any{proofFile}}})
	if err != nil {
		return err
	}
	if err := res[0].Err(); err != nil {
		return err
	}
	var got string
	if err := json.Unmarshal(res[0].Value, &got); err != nil || got != nonce {
		return fmt.Errorf("the agent read %s on home and found something else", proofFile)
	}
	return nil
}

// readSaves reads the game's save on connection c at once, then every
// SaveEvery and whenever an agent connects, until the connection ends, and
// gives the world what it says. A game before 2.8.1 has no getSaveFile: the
// world keeps its defaults.
func (s *Server) readSaves(ctx context.Context, c *rfa.Conn) {
	every := s.saveEvery()
	for first := true; ; first = false {
		changed := s.Bridge.Changed()
		f, err := readFacts(ctx, c)
		switch {
		case err == nil:
			if first {
				s.logf("save: %s", describeFacts(f))
			}
			s.learnFacts(ctx, f)
			s.mu.Lock()
			s.savedAt = time.Now()
			s.mu.Unlock()
		case ctx.Err() != nil:
			return
		case errors.Is(err, ErrNoSave):
			s.logf("the game has no getSaveFile (it came with 2.8.1): bbctl reads the BitNode and the cores through %s", js.FactsScript)
			s.mu.Lock()
			s.noSave = true
			s.mu.Unlock()
			select {
			case s.factsNow <- struct{}{}:
			default:
			}
			return
		default:
			s.logf("WARN reading the game's save: %v", err)
		}
		if !s.waitSave(ctx, every, changed) {
			return
		}
	}
}

func (s *Server) saveEvery() time.Duration {
	if s.SaveEvery <= 0 {
		return 5 * time.Minute
	}
	return s.SaveEvery
}

// factsRetry is how soon the facts module is tried again after it failed
// (no server had room for it, say).
const factsRetry = 30 * time.Second

// watchFacts reads the BitNode, its level and the servers' cores through
// the facts module (World.ReadFacts) when the game's save cannot say: a
// game before 2.8.1, or no Remote API connected (a 2.x game does not
// reconnect it after bbctl restarts). It reads when an agent connects (a
// reload or a reset, which a new Source-File needs) and every SaveEvery,
// and says each failure once.
func (s *Server) watchFacts(ctx context.Context) {
	every := s.saveEvery()
	var last savefile.Facts
	readGen, told := 0, ""
	var due time.Time
	for {
		changed := s.Bridge.Changed()
		_, gen, connected := s.Bridge.Connected()
		if connected && (gen != readGen || !time.Now().Before(due)) && s.needFacts(every) {
			f, err := s.World.ReadFacts(ctx)
			switch {
			case err == nil:
				readGen, due, told = gen, time.Now().Add(every), ""
				if f.BitNode != last.BitNode || f.BitNodeLevel != last.BitNodeLevel || f.Cores["home"] != last.Cores["home"] {
					s.logf("facts: %s (read by %s)", describeFacts(f), js.FactsScript)
				}
				last = f
				s.learnFacts(ctx, f)
			case ctx.Err() != nil:
				return
			default:
				readGen, due = gen, time.Now().Add(factsRetry)
				if msg := err.Error(); msg != told {
					told = msg
					s.logf("WARN the BitNode and cores are not known yet (bbctl plans for BitNode 1 and one core per server): %v", err)
				}
			}
		}
		wait := time.Until(due)
		if !connected || wait <= 0 {
			wait = every
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		case <-changed:
		case <-s.factsNow:
		}
		t.Stop()
	}
}

// needFacts reports whether the facts must come from the facts module:
// the game has no getSaveFile, or no save was read lately and the Remote
// API is not connected.
func (s *Server) needFacts(every time.Duration) bool {
	away := s.RFA.Current() == nil
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.noSave || away && time.Since(s.savedAt) > every
}

// waitSave waits until the save is due again: every has passed, or an
// agent has connected since changed was taken (the game reset or reloaded,
// which kills every script; a new BitNode resets home's cores). It reports
// false when ctx ends.
func (s *Server) waitSave(ctx context.Context, every time.Duration, changed <-chan struct{}) bool {
	t := time.NewTimer(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
			return true
		case <-changed:
			if _, _, ok := s.Bridge.Connected(); ok {
				return true
			}
			changed = s.Bridge.Changed()
		}
	}
}

// ErrNoSave is the error of a game without getSaveFile (before 2.8.1).
var ErrNoSave = errors.New("the game has no getSaveFile (it came with 2.8.1)")

// ReadSave reads the game's save now, waiting up to wait for the game's
// Remote API connection, gives the world what it says (World.SetFacts)
// and returns it. A game before 2.8.1 gives ErrNoSave.
func (s *Server) ReadSave(ctx context.Context, wait time.Duration) (savefile.Facts, error) {
	s.init()
	wctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	c, err := s.RFA.Conn(wctx)
	if err != nil {
		return savefile.Facts{}, fmt.Errorf("the game's Remote API is not connected: %w", err)
	}
	f, err := readFacts(ctx, c)
	if err != nil {
		return f, err
	}
	s.learnFacts(ctx, f)
	return f, nil
}

// describeFacts says what f tells: "BitNode 12.3, 6 cores on home".
func describeFacts(f savefile.Facts) string {
	cores := "1 core"
	if n := f.Cores["home"]; n > 1 {
		cores = fmt.Sprintf("%d cores", n)
	}
	return fmt.Sprintf("BitNode %d.%d, %s on home", f.BitNode, f.BitNodeLevel, cores)
}

// learnFacts gives the world the facts f and the agent a copy to keep for
// the next bbctl (see World.KeepFacts).
func (s *Server) learnFacts(ctx context.Context, f savefile.Facts) {
	s.World.SetFacts(f)
	if _, _, ok := s.Bridge.Connected(); !ok {
		return // shareFacts gives them to the next agent
	}
	if err := s.World.KeepFacts(ctx, f); err != nil && ctx.Err() == nil {
		s.logf("WARN %v", err)
	}
}

// shareFacts keeps the world and the agent in step on the facts: each time
// an agent connects, it gives the agent the facts the world has, or, when
// the world has none yet (bbctl has just started: a 2.x game's Remote API
// does not reconnect by itself), takes those the agent kept for an earlier
// bbctl, until the save or the facts module reads them again.
func (s *Server) shareFacts(ctx context.Context) {
	seen := 0
	for {
		changed := s.Bridge.Changed()
		if _, gen, ok := s.Bridge.Connected(); ok && gen != seen {
			seen = gen
			s.syncFacts(ctx)
		}
		select {
		case <-ctx.Done():
			return
		case <-changed:
		}
	}
}

// syncFacts gives the connected agent the facts the world has, or takes
// those it kept when the world has none.
func (s *Server) syncFacts(ctx context.Context) {
	if f, known := s.World.Facts(); known {
		if err := s.World.KeepFacts(ctx, f); err != nil && ctx.Err() == nil {
			s.logf("WARN %v", err)
		}
		return
	}
	f, ok, err := s.World.RecallFacts(ctx)
	switch {
	case err != nil:
		if ctx.Err() == nil {
			s.logf("WARN %v", err)
		}
	case ok && s.World.setFactsIfUnknown(f):
		s.logf("facts: %s (kept by the agent from an earlier bbctl)", describeFacts(f))
	}
}

// readFacts downloads the game's save and reads the facts bbctl needs.
func readFacts(ctx context.Context, c *rfa.Conn) (savefile.Facts, error) {
	sf, err := c.GetSaveFile(ctx)
	var refused *rfa.Error
	if errors.As(err, &refused) && strings.Contains(refused.Message, "Unknown message") {
		return savefile.Facts{}, ErrNoSave
	}
	if err != nil {
		return savefile.Facts{}, err
	}
	text, err := sf.JSON()
	if err != nil {
		return savefile.Facts{}, err
	}
	return savefile.Parse(text)
}

// Serve serves on ln until ctx ends or the controller returns, and
// returns the controller's error, if any.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	s.init()
	if s.Token == "" {
		return errors.New("live server: no agent token")
	}
	if s.AgentURL == "" {
		s.AgentURL = agentURL(ln.Addr())
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Connections derive from ctx, so WebSockets (hijacked, beyond
	// Shutdown's reach) end with Serve.
	hs := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	errc := make(chan error, 2)
	go func() { errc <- hs.Serve(ln) }()
	go s.shareFacts(ctx)
	s.logf("listening on %s; in the game: Options → Remote API → port %d → Connect", ln.Addr(), port(ln.Addr()))
	go func() {
		if s.Run == nil {
			s.logf("WARN no controller: serve pushes the scripts and relays, but plays nothing")
			return
		}
		if _, err := s.Bridge.waitAgent(ctx); err != nil {
			return
		}
		what := s.RunName
		if what == "" {
			what = "the controller"
		}
		// The facts the agent kept, before the first plan: a bbctl
		// restarted without the Remote API plans with them at once.
		s.syncFacts(ctx)
		go s.watchFacts(ctx)
		s.logf("agent connected: starting %s on the live world", what)
		errc <- s.Run(ctx, s.World)
	}()
	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
		if err != nil {
			err = fmt.Errorf("live: %w", err)
		}
	}
	cancel()
	sctx, scancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer scancel()
	hs.Shutdown(sctx)
	hs.Close()
	return err
}

func agentURL(a net.Addr) string {
	host, p, err := net.SplitHostPort(a.String())
	if err != nil {
		return "ws://127.0.0.1:12525/agent"
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "ws://" + net.JoinHostPort(host, p) + "/agent"
}

func port(a net.Addr) int {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.Port
	}
	return 0
}
