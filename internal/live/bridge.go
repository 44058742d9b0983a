package live

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/coder/websocket"

	"bbctl/internal/live/js"
	"bbctl/internal/rfa"
	"bbctl/internal/world"
)

// Errors of the bridge. Both wrap world.ErrDisconnected.
var (
	// ErrAgentLost means the agent went away before answering a call;
	// whether the call took effect is unknown.
	ErrAgentLost = fmt.Errorf("agent disconnected before answering: %w", world.ErrDisconnected)
	// ErrCallTimeout means the agent did not answer in time.
	ErrCallTimeout = fmt.Errorf("agent did not answer in time: %w", world.ErrDisconnected)
)

// Close codes bbctl sends the agent.
const (
	closeTokenRefused = js.TokenRefused
	closeBusy         = js.AgentBusy
	closeBadHello     = 4003
)

// Bridge accepts the in-game agent's WebSocket (mount it at /agent),
// relays batches of Netscript calls to it and collects the worker reports
// it forwards. One agent at a time; its methods are safe for concurrent
// use.
type Bridge struct {
	// Token is the secret the agent must present; required.
	Token string
	// Logf receives one line per notable happening. Nil discards.
	Logf func(format string, args ...any)
	// Origins are extra allowed Origin patterns (rfa.OriginAllowed).
	Origins []string
	// CallTimeout bounds one batch; 0 means 30 s.
	CallTimeout time.Duration
	// AckOnReceipt acknowledges worker reports as they arrive instead of
	// when TakeNotes hands them on (for a bridge nobody takes notes from).
	AckOnReceipt bool
	// HelloTimeout bounds the wait for a connection's hello; 0 means 5 s.
	HelloTimeout time.Duration
	// MaxUnauthenticated bounds the connections that have not yet said a
	// valid hello; more are refused with 503. 0 means 8.
	MaxUnauthenticated int

	mu      sync.Mutex
	agent   *agentConn
	modules map[string]*agentConn // module scripts, by name
	gen     int                   // counts agents accepted
	changed chan struct{}         // closed and replaced when the agent comes or goes
	notes   []Note
	noteCh  chan struct{}    // signalled when notes arrive
	lastSeq map[string]int64 // per agent run: the last events seq received
	acked   map[string]int64 // per agent run: the last events seq acknowledged
	unauth  int              // connections waiting for their hello
	// refused and refusedAt: connections refused by admit since the last
	// log line about them, and when it was written.
	refused   int
	refusedAt time.Time
}

// Frame limits: a hello is small, and nothing larger is read before the
// token is checked; an authenticated agent's frames may be large (a ps of
// a busy server, a batch of reports).
const (
	maxHelloFrame = 4 << 10
	maxAgentFrame = 64 << 20
)

// admit counts a connection waiting for its hello, or reports false when
// MaxUnauthenticated are already waiting.
func (b *Bridge) admit() bool {
	max := b.MaxUnauthenticated
	if max <= 0 {
		max = 8
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.unauth >= max {
		return false
	}
	b.unauth++
	return true
}

// refusedBusy counts a connection refused by admit and returns how many
// to report now: a flood of them makes one log line a second, not one
// each.
func (b *Bridge) refusedBusy() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refused++
	if now := time.Now(); now.Sub(b.refusedAt) >= time.Second {
		n := b.refused
		b.refused, b.refusedAt = 0, now
		return n
	}
	return 0
}

// unadmit uncounts a connection that said its hello (or failed to), and
// reports the refusals not yet logged once their second has passed.
func (b *Bridge) unadmit() {
	b.mu.Lock()
	b.unauth--
	n := 0
	if b.refused > 0 && time.Since(b.refusedAt) >= time.Second {
		n, b.refused, b.refusedAt = b.refused, 0, time.Now()
	}
	b.mu.Unlock()
	if n > 0 {
		b.logf("agent: refused %d more connection(s): too many connections had not said hello yet", n)
	}
}

// ack acknowledges the agent's events messages up to seq, in the
// background (the write must not hold up the caller).
func (b *Bridge) ack(a *agentConn, seq int64) {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		msg := fmt.Sprintf(`{"type":"ack","seq":%d}`, seq)
		if err := a.ws.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
			b.logf("agent: acknowledging reports up to %d: %v", seq, err)
		}
	}()
}

type agentConn struct {
	ws    *websocket.Conn
	hello Hello
	gen   int

	mu       sync.Mutex
	nextID   int64
	pending  map[int64]chan Result
	done     chan struct{}
	replaced chan struct{} // closed when a new connection of the same agent takes over
}

func (b *Bridge) logf(format string, args ...any) {
	if b.Logf != nil {
		b.Logf(format, args...)
	}
}

func (b *Bridge) init() {
	if b.changed == nil {
		b.changed = make(chan struct{})
	}
	if b.noteCh == nil {
		b.noteCh = make(chan struct{}, 1)
	}
}

func (b *Bridge) notifyLocked() {
	b.init()
	close(b.changed)
	b.changed = make(chan struct{})
}

// ServeHTTP accepts an agent connection and serves it until it closes.
func (b *Bridge) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if origin := r.Header.Get("Origin"); !rfa.OriginAllowed(origin, b.Origins) {
		b.logf("agent: refused a connection from %s with Origin %q", r.RemoteAddr, origin)
		http.Error(w, "origin not allowed", http.StatusForbidden)
		return
	}
	if !b.admit() {
		if n := b.refusedBusy(); n > 0 {
			b.logf("agent: refused %d connection(s), the last from %s: too many connections have not said hello yet", n, r.RemoteAddr)
		}
		http.Error(w, "too many connections awaiting authentication", http.StatusServiceUnavailable)
		return
	}
	f, ws, ok := b.authenticate(w, r)
	b.unadmit()
	if !ok {
		return
	}
	defer ws.CloseNow()
	ws.SetReadLimit(maxAgentFrame)
	ctx := r.Context()

	slot := f.Hello.Module
	what := "agent"
	if slot == js.RetiredSingularityModule {
		// An older bbctl's module for every purchase, which holds up to
		// 161.6 GB: it exits when told to.
		b.logf("agent: told an older bbctl's %s module (pid %d) to exit", slot, f.Hello.PID)
		ws.Write(ctx, websocket.MessageText, []byte(`{"type":"exit"}`))
		ws.Close(websocket.StatusNormalClosure, "retired module")
		return
	}
	if slot != "" {
		what = slot + " module"
		if !knownModule(slot) {
			b.logf("agent: refused pid %d: unknown module %q", f.Hello.PID, slot)
			ws.Close(closeBadHello, "unknown module")
			return
		}
	}
	a := &agentConn{ws: ws, hello: f.Hello, pending: map[int64]chan Result{}, done: make(chan struct{}), replaced: make(chan struct{})}
	b.mu.Lock()
	b.init()
	if cur := b.conn(slot); cur != nil {
		if cur.hello.PID != f.Hello.PID {
			b.mu.Unlock()
			b.logf("agent: refused a second %s (pid %d) while pid %d is connected", what, f.Hello.PID, cur.hello.PID)
			ws.Close(closeBusy, "another "+what+" is connected")
			return
		}
		// The same script again: its old socket is dead but not yet noticed.
		b.logf("agent: %s pid %d reconnected; dropping its old connection", what, f.Hello.PID)
		go cur.ws.Close(websocket.StatusGoingAway, "replaced by a new connection")
		close(cur.replaced)
	}
	if slot == "" {
		b.gen++
		a.gen = b.gen
	}
	b.setConn(slot, a)
	b.notifyLocked()
	b.mu.Unlock()
	if slot == "" {
		b.logf("agent: pid %d connected from %s (game %s)", f.Hello.PID, r.RemoteAddr, map[bool]string{false: "2.x", true: "3.x"}[f.Hello.V3])
	} else {
		b.logf("agent: %s pid %d connected", what, f.Hello.PID)
	}

	err := ws.Write(ctx, websocket.MessageText, []byte(`{"type":"welcome"}`))
	if err == nil {
		err = b.readLoop(ctx, a)
	}
	b.mu.Lock()
	if b.conn(slot) == a {
		b.setConn(slot, nil)
		b.notifyLocked()
	}
	b.mu.Unlock()
	a.mu.Lock()
	close(a.done)
	a.mu.Unlock()
	b.logf("agent: %s pid %d disconnected: %v", what, a.hello.PID, err)
}

// authenticate upgrades the request and reads its hello, within the
// pre-authentication bounds: a frame of maxHelloFrame bytes at most, and
// HelloTimeout. It reports false, having closed the connection, when the
// hello is missing, malformed or carries the wrong token.
func (b *Bridge) authenticate(w http.ResponseWriter, r *http.Request) (frame, *websocket.Conn, bool) {
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true}) // origin checked by the caller
	if err != nil {
		b.logf("agent: websocket upgrade from %s failed: %v", r.RemoteAddr, err)
		return frame{}, nil, false
	}
	ws.SetReadLimit(maxHelloFrame)
	timeout := b.HelloTimeout
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	hctx, cancel := context.WithTimeout(r.Context(), timeout)
	_, msg, err := ws.Read(hctx)
	cancel()
	if err != nil {
		b.logf("agent: no hello from %s: %v", r.RemoteAddr, err)
		ws.CloseNow()
		return frame{}, nil, false
	}
	f, err := decodeFrame(msg)
	if err != nil || f.Type != "hello" {
		b.logf("agent: refused %s: first message is not a valid hello (%v)", r.RemoteAddr, err)
		ws.Close(closeBadHello, "expected hello")
		return frame{}, nil, false
	}
	if b.Token == "" || subtle.ConstantTimeCompare([]byte(f.Hello.Token), []byte(b.Token)) != 1 {
		b.logf("agent: refused agent pid %d from %s: wrong token (an agent pushed by another bbctl?)", f.Hello.PID, r.RemoteAddr)
		ws.Close(closeTokenRefused, "token refused")
		return frame{}, nil, false
	}
	return f, ws, true
}

// knownModule reports whether name is a module script that may connect
// besides the agent.
func knownModule(name string) bool {
	switch name {
	case ModuleContracts, ModuleFacts, ModuleStocks, ModuleEconomy:
		return true
	}
	for _, s := range js.Shops() {
		if name == s.Module() {
			return true
		}
	}
	return false
}

// The modules: coding contracts, the stock market, the economy (purchases)
// and the facts module (the BitNode, its level and the servers' cores,
// where the game's save does not say); besides them one singularity module
// for each purchase only the player could make (js.Shop.Module), for a
// player with Source-File 4.
const (
	ModuleContracts = "contracts"
	ModuleFacts     = "facts"
	ModuleStocks    = "stocks"
	ModuleEconomy   = "economy"
)

// conn returns the connection in slot ("" for the agent, else a module
// name). The caller holds b.mu.
func (b *Bridge) conn(slot string) *agentConn {
	if slot == "" {
		return b.agent
	}
	return b.modules[slot]
}

// setConn sets the connection in slot. The caller holds b.mu.
func (b *Bridge) setConn(slot string, a *agentConn) {
	if slot == "" {
		b.agent = a
		return
	}
	if b.modules == nil {
		b.modules = map[string]*agentConn{}
	}
	if a == nil {
		delete(b.modules, slot)
	} else {
		b.modules[slot] = a
	}
}

// ModuleConnected reports whether the module name is connected.
func (b *Bridge) ModuleConnected(name string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.modules[name] != nil
}

func (b *Bridge) readLoop(ctx context.Context, a *agentConn) error {
	for {
		typ, msg, err := a.ws.Read(ctx)
		if err != nil {
			return err
		}
		if typ != websocket.MessageText {
			b.logf("agent: ignoring a binary frame of %d bytes", len(msg))
			continue
		}
		f, err := decodeFrame(msg)
		if err != nil {
			b.logf("agent: ignoring a malformed frame: %v", err)
			continue
		}
		switch f.Type {
		case "results":
			a.mu.Lock()
			for _, r := range f.Results {
				ch, ok := a.pending[r.ID]
				if !ok {
					b.logf("agent: ignoring a result for call %d, which is not awaiting one", r.ID)
					continue
				}
				delete(a.pending, r.ID)
				ch <- r
			}
			a.mu.Unlock()
		case "events":
			b.mu.Lock()
			b.init()
			// A message resent after a lost acknowledgement has a seq this
			// agent run already delivered.
			if b.lastSeq == nil {
				b.lastSeq = map[string]int64{}
			}
			if f.Seq == 0 || f.Seq > b.lastSeq[a.hello.Inst] {
				b.lastSeq[a.hello.Inst] = f.Seq
				b.notes = append(b.notes, f.Notes...)
				for _, n := range f.Notes {
					if n.Failure != "" {
						b.logf("WARN worker pid %d (%s %s) failed in the game: %s", n.PID, n.Op, n.Target, n.Failure)
					}
				}
			}
			b.mu.Unlock()
			select {
			case b.noteCh <- struct{}{}:
			default:
			}
			if f.Seq > 0 && b.AckOnReceipt {
				b.ack(a, f.Seq)
			}
		case "hello":
			b.logf("agent: ignoring a second hello")
		}
	}
}

// Connected reports whether an agent is connected, and which one: the
// generation counts agents accepted since the bridge started.
func (b *Bridge) Connected() (Hello, int, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.agent == nil {
		return Hello{}, b.gen, false
	}
	return b.agent.hello, b.agent.gen, true
}

// Changed returns a channel closed when an agent connects or disconnects.
func (b *Bridge) Changed() <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.init()
	return b.changed
}

// Notes returns a channel signalled when worker reports arrive.
func (b *Bridge) Notes() <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.init()
	return b.noteCh
}

// TakeNotes returns and forgets the worker reports received so far, and
// acknowledges them to the agent: the agent keeps every report until
// acknowledged and sends the rest again to the next bbctl it meets, so a
// report is not lost when bbctl stops between receiving and using it.
func (b *Bridge) TakeNotes() []Note {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := b.notes
	b.notes = nil
	if a := b.agent; a != nil && !b.AckOnReceipt {
		inst := a.hello.Inst
		if seq := b.lastSeq[inst]; seq > b.acked[inst] {
			if b.acked == nil {
				b.acked = map[string]int64{}
			}
			b.acked[inst] = seq
			b.ack(a, seq)
		}
	}
	return n
}

// waitAgent returns the connected agent, waiting for one.
func (b *Bridge) waitAgent(ctx context.Context) (*agentConn, error) { return b.waitConn(ctx, "") }

// waitConn returns the connection in slot, waiting for one.
func (b *Bridge) waitConn(ctx context.Context, slot string) (*agentConn, error) {
	for {
		b.mu.Lock()
		b.init()
		a, ch := b.conn(slot), b.changed
		b.mu.Unlock()
		if a != nil {
			return a, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			what := "the agent"
			if slot != "" {
				what = "the " + slot + " module"
			}
			return nil, fmt.Errorf("waiting for %s: %w (%w)", what, ctx.Err(), world.ErrDisconnected)
		}
	}
}

// Call sends calls to the agent as one batch and returns their results in
// the same order. It waits for an agent when none is connected (the
// controller pauses); it fails with ErrAgentLost if the agent goes away
// before answering.
func (b *Bridge) Call(ctx context.Context, calls []Call) ([]Result, error) {
	return b.callOn(ctx, "", calls)
}

// CallModule is Call for the module name: it waits for the module to
// connect.
func (b *Bridge) CallModule(ctx context.Context, name string, calls []Call) ([]Result, error) {
	return b.callOn(ctx, name, calls)
}

func (b *Bridge) callOn(ctx context.Context, slot string, calls []Call) ([]Result, error) {
	if len(calls) == 0 {
		return nil, nil
	}
	a, err := b.waitConn(ctx, slot)
	if err != nil {
		return nil, err
	}
	chans := make([]chan Result, len(calls))
	a.mu.Lock()
	select {
	case <-a.done:
		a.mu.Unlock()
		return nil, ErrAgentLost
	default:
	}
	for i := range calls {
		a.nextID++
		calls[i].ID = a.nextID
		chans[i] = make(chan Result, 1)
		a.pending[a.nextID] = chans[i]
	}
	a.mu.Unlock()
	forget := func() {
		a.mu.Lock()
		for _, c := range calls {
			delete(a.pending, c.ID)
		}
		a.mu.Unlock()
	}
	msg, err := json.Marshal(struct {
		Type  string `json:"type"`
		Calls []Call `json:"calls"`
	}{"call", calls})
	if err != nil {
		forget()
		return nil, fmt.Errorf("agent call: encode: %w", err)
	}
	timeout := b.CallTimeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := a.ws.Write(ctx, websocket.MessageText, msg); err != nil {
		forget()
		return nil, fmt.Errorf("agent call: send: %w (%v)", ErrAgentLost, err)
	}
	out := make([]Result, len(calls))
	for i, ch := range chans {
		select {
		case out[i] = <-ch:
		case <-a.done:
			forget()
			return nil, fmt.Errorf("agent call %s: %w", calls[i].Fn, ErrAgentLost)
		case <-a.replaced:
			forget()
			return nil, fmt.Errorf("agent call %s: %w (its connection was replaced)", calls[i].Fn, ErrAgentLost)
		case <-ctx.Done():
			forget()
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				b.logf("agent: no answer to a batch of %d calls in %v", len(calls), timeout)
				return nil, fmt.Errorf("agent call %s: %w", calls[i].Fn, ErrCallTimeout)
			}
			return nil, fmt.Errorf("agent call %s: %w", calls[i].Fn, ctx.Err())
		}
	}
	return out, nil
}

// StopAgent tells the connected agent to exit. It returns nil when no agent
// is connected.
func (b *Bridge) StopAgent(ctx context.Context) error { return b.stop(ctx, "") }

// StopModule tells the module name to exit, if it is connected.
func (b *Bridge) StopModule(ctx context.Context, name string) error { return b.stop(ctx, name) }

func (b *Bridge) stop(ctx context.Context, slot string) error {
	_, err := b.tellExit(ctx, slot)
	return err
}

// tellExit tells the connection in slot to exit and returns it; nil when
// none is connected.
func (b *Bridge) tellExit(ctx context.Context, slot string) (*agentConn, error) {
	b.mu.Lock()
	a := b.conn(slot)
	b.mu.Unlock()
	if a == nil {
		return nil, nil
	}
	return a, a.ws.Write(ctx, websocket.MessageText, []byte(`{"type":"exit"}`))
}

// EndModule tells the module name to exit, if it is connected, and waits
// until it has disconnected, so that the next call for that module starts
// a new one. It returns the module's pid (0 when none was connected) and
// an error when ctx ends first.
func (b *Bridge) EndModule(ctx context.Context, name string) (int, error) {
	a, err := b.tellExit(ctx, name)
	if a == nil {
		return 0, err
	}
	if err == nil {
		select {
		case <-a.done:
		case <-ctx.Done():
			err = ctx.Err()
		}
	}
	if err != nil {
		return a.hello.PID, fmt.Errorf("the %s module (pid %d) did not exit: %w", name, a.hello.PID, err)
	}
	return a.hello.PID, nil
}
