package rfa

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// Errors of the connection, wrapped with the method that failed.
var (
	// ErrTimeout means the game sent no reply within the request's timeout.
	ErrTimeout = errors.New("no reply from the game in time")
	// ErrClosed means the connection to the game is gone.
	ErrClosed = errors.New("game connection closed")
)

// Error is an error the game answered with. Message is the game's own text,
// e.g. "Invalid file extension. Filename: x.exe".
type Error struct {
	Method  string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("game refused %s: %s", e.Method, e.Message) }

// DefaultTimeout is how long a request waits for its reply unless the
// connection or the method says otherwise.
const DefaultTimeout = 15 * time.Second

// slowTimeout is for the methods whose answer is large (definitions, save).
const slowTimeout = 2 * time.Minute

// Conn is one Remote API connection from the game. bbctl sends requests and
// the game answers them. Its methods are safe for concurrent use.
type Conn struct {
	ws      *websocket.Conn
	logf    func(format string, args ...any)
	timeout time.Duration

	mu      sync.Mutex
	nextID  int64
	pending map[int64]chan reply
	closed  chan struct{}
	err     error  // why it closed, set before closed is closed
	trusted bool   // known to be the game (see Server.TrustOpaque)
	limit   int64  // the frame size cap once trusted
	onTrust func() // tells the server that trusted changed
}

// Trusted reports whether the connection is known to be the game: it came
// from an Origin a web page cannot send, or Trust was called.
func (c *Conn) Trusted() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.trusted
}

// Trust marks a connection from an opaque Origin ("null") as the game,
// once the game proved it some other way (live.Server asks the agent to
// read a file pushed over it). Server.Current and Server.Conn then return
// it.
func (c *Conn) Trust() {
	c.mu.Lock()
	c.trusted = true
	f := c.onTrust
	if c.limit > 0 {
		c.ws.SetReadLimit(c.limit)
	}
	c.mu.Unlock()
	if f != nil {
		f()
	}
}

func newConn(ws *websocket.Conn, logf func(string, ...any), timeout time.Duration) *Conn {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &Conn{ws: ws, logf: logf, timeout: timeout, pending: make(map[int64]chan reply), closed: make(chan struct{})}
}

// Done is closed when the connection ends.
func (c *Conn) Done() <-chan struct{} { return c.closed }

// Err returns why the connection ended, or nil while it is open.
func (c *Conn) Err() error {
	select {
	case <-c.closed:
		return c.err
	default:
		return nil
	}
}

// Close ends the connection; pending calls fail with ErrClosed.
func (c *Conn) Close() error {
	c.shut(ErrClosed)
	return c.ws.Close(websocket.StatusNormalClosure, "bbctl closing")
}

func (c *Conn) shut(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case <-c.closed:
		return
	default:
	}
	c.err = err
	close(c.closed)
}

// readLoop delivers replies to their callers until the connection fails.
func (c *Conn) readLoop(ctx context.Context) {
	for {
		typ, b, err := c.ws.Read(ctx)
		if err != nil {
			c.shut(fmt.Errorf("%w: %v", ErrClosed, err))
			return
		}
		if typ != websocket.MessageText {
			c.logf("rfa: ignoring a binary frame of %d bytes from the game", len(b))
			continue
		}
		r, err := decodeReply(b)
		if err != nil {
			c.logf("rfa: ignoring a malformed frame from the game: %v (%s)", err, excerpt(b))
			continue
		}
		c.mu.Lock()
		ch, ok := c.pending[r.ID]
		delete(c.pending, r.ID)
		c.mu.Unlock()
		if !ok {
			c.logf("rfa: ignoring a reply to id %d, which is not awaiting an answer (never sent or timed out)", r.ID)
			continue
		}
		ch <- r
	}
}

func excerpt(b []byte) string {
	const n = 120
	if len(b) > n {
		return fmt.Sprintf("%q…", b[:n])
	}
	return fmt.Sprintf("%q", b)
}

// Call sends method with params (an empty object when nil) and decodes the
// result into out (when out is not nil). It waits at most the connection's
// timeout, or less if ctx says so.
func (c *Conn) Call(ctx context.Context, method string, params, out any) error {
	return c.call(ctx, c.timeout, method, params, out)
}

func (c *Conn) call(ctx context.Context, timeout time.Duration, method string, params, out any) error {
	if params == nil {
		params = struct{}{}
	}
	ch := make(chan reply, 1)
	c.mu.Lock()
	select {
	case <-c.closed:
		err := c.err
		c.mu.Unlock()
		return fmt.Errorf("rfa %s: %w", method, err)
	default:
	}
	c.nextID++
	id := c.nextID
	c.pending[id] = ch
	c.mu.Unlock()
	forget := func() {
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
	}

	b, err := json.Marshal(request{JSONRPC: "2.0", ID: id, Method: method, Params: params})
	if err != nil {
		forget()
		return fmt.Errorf("rfa %s: encode params: %w", method, err)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := c.ws.Write(ctx, websocket.MessageText, b); err != nil {
		forget()
		return fmt.Errorf("rfa %s: send: %w", method, errors.Join(ErrClosed, err))
	}
	select {
	case r := <-ch:
		if r.IsErr {
			return fmt.Errorf("rfa %s: %w", method, &Error{Method: method, Message: r.Err})
		}
		if out == nil {
			return nil
		}
		if r.Result == nil {
			return fmt.Errorf("rfa %s: the reply has no result", method)
		}
		if err := json.Unmarshal(r.Result, out); err != nil {
			return fmt.Errorf("rfa %s: unexpected result %s: %w", method, excerpt(r.Result), err)
		}
		return nil
	case <-c.closed:
		forget()
		return fmt.Errorf("rfa %s: %w", method, c.err)
	case <-ctx.Done():
		forget()
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return fmt.Errorf("rfa %s (id %d): %w after %v", method, id, ErrTimeout, timeout)
		}
		return fmt.Errorf("rfa %s: %w", method, ctx.Err())
	}
}
