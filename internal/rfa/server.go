package rfa

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// DefaultReadLimit is the largest frame bbctl accepts from the game: a save
// file of several MB arrives as one frame about twice the gzip size.
const DefaultReadLimit = 256 << 20

// UntrustedReadLimit caps a frame from a connection not yet trusted as the
// game (Origin null): bbctl only pushes files to it, whose answers are
// small.
const UntrustedReadLimit = 1 << 20

// Server accepts the game's Remote API connections. Mount it at "/": the
// game connects to ws://host:port with no path. A new connection replaces
// the previous one, as the game itself closes its old socket first.
type Server struct {
	// Logf receives one line per notable happening. Nil discards.
	Logf func(format string, args ...any)
	// OnConnect, if set, runs in its own goroutine for each new connection.
	OnConnect func(ctx context.Context, c *Conn)
	// Origins are extra allowed Origin patterns (see OriginAllowed).
	Origins []string
	// ReadLimit caps a frame's size; 0 means DefaultReadLimit.
	ReadLimit int64
	// Timeout is the default per-request timeout; 0 means DefaultTimeout.
	Timeout time.Duration
	// TrustOpaque accepts a connection whose Origin is "null" as the game
	// at once. Otherwise such a connection — the Steam game, but also a
	// sandboxed frame on any web page — is served (OnConnect runs) but
	// neither Current nor Conn returns it until Conn.Trust is called, and
	// it cannot replace a trusted connection that is still alive.
	TrustOpaque bool

	mu      sync.Mutex
	cur     *Conn
	changed chan struct{} // closed and replaced when cur changes
}

func (s *Server) logf(format string, args ...any) {
	if s.Logf != nil {
		s.Logf(format, args...)
	}
}

// ServeHTTP upgrades the game's request to a WebSocket and serves it until
// it closes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if origin := r.Header.Get("Origin"); !OriginAllowed(origin, s.Origins) {
		s.logf("rfa: refused a connection from %s with Origin %q (allow it with --origin)", r.RemoteAddr, origin)
		http.Error(w, "origin not allowed", http.StatusForbidden)
		return
	}
	opaque := OriginOpaque(r.Header.Get("Origin")) && !s.TrustOpaque
	if opaque && s.trustedAlive(r.Context()) {
		s.logf("rfa: refused a connection from %s with Origin \"null\": the game is connected (a web page posing as the game?)", r.RemoteAddr)
		http.Error(w, "the game is already connected", http.StatusConflict)
		return
	}
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true}) // origin checked above
	if err != nil {
		s.logf("rfa: websocket upgrade from %s failed: %v", r.RemoteAddr, err)
		return
	}
	limit := s.ReadLimit
	if limit <= 0 {
		limit = DefaultReadLimit
	}
	c := newConn(ws, s.logf, s.Timeout)
	c.trusted, c.limit = !opaque, limit
	if opaque {
		// Until it proves to be the game, it is asked nothing whose
		// answer is large.
		limit = UntrustedReadLimit
	}
	ws.SetReadLimit(limit)
	c.onTrust = func() {
		s.mu.Lock()
		s.notifyLocked()
		s.mu.Unlock()
	}
	old := s.swap(c)
	if old != nil {
		s.logf("rfa: a new game connection from %s replaces the previous one", r.RemoteAddr)
		old.Close()
	} else {
		s.logf("rfa: game connected from %s", r.RemoteAddr)
	}
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	if s.OnConnect != nil {
		go s.OnConnect(ctx, c)
	}
	c.readLoop(ctx)
	s.logf("rfa: game connection from %s ended: %v", r.RemoteAddr, c.Err())
	s.mu.Lock()
	if s.cur == c {
		s.cur = nil
		s.notifyLocked()
	}
	s.mu.Unlock()
	ws.CloseNow()
}

// trustedAlive reports whether a trusted connection is open and answers a
// ping within a second (the game closes its old socket before opening a
// new one, but bbctl may not have noticed yet).
func (s *Server) trustedAlive(ctx context.Context) bool {
	s.mu.Lock()
	c := s.cur
	s.mu.Unlock()
	if c == nil || c.Err() != nil || !c.Trusted() {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return c.ws.Ping(ctx) == nil
}

func (s *Server) swap(c *Conn) *Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.cur
	s.cur = c
	s.notifyLocked()
	return old
}

func (s *Server) notifyLocked() {
	if s.changed != nil {
		close(s.changed)
	}
	s.changed = make(chan struct{})
}

// Current returns the open connection, or nil when the game is not
// connected or its connection is not yet trusted.
func (s *Server) Current() *Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur != nil && (s.cur.Err() != nil || !s.cur.Trusted()) {
		return nil
	}
	return s.cur
}

// Conn waits until the game is connected, over a trusted connection, and
// returns the connection.
func (s *Server) Conn(ctx context.Context) (*Conn, error) {
	for {
		s.mu.Lock()
		c := s.cur
		if s.changed == nil {
			s.changed = make(chan struct{})
		}
		ch := s.changed
		s.mu.Unlock()
		if c != nil && c.Err() == nil && c.Trusted() {
			return c, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for the game to connect to the Remote API: %w", ctx.Err())
		}
	}
}

// knownOrigins are the pages the game is served from.
var knownOrigins = []string{
	"https://bitburner-official.github.io",
	"https://danielyxie.github.io",
	"file://", // the Steam (Electron) build
	"null",    // the Steam build too; but see OriginOpaque
}

// OriginOpaque reports whether origin is the opaque "null": the Steam
// (Electron) game sends it, but so does a sandboxed frame on any web page,
// so it says nothing about who connects. bbctl allows it and trusts it
// with nothing until the connection proves to be the game.
func OriginOpaque(origin string) bool { return strings.EqualFold(origin, "null") }

// CheckOriginPattern reports what is wrong with an extra Origin pattern,
// or nil: it must be a valid path.Match pattern naming a host
// ("example.com", "*.example.com") or a whole origin
// ("https://*.example.com").
func CheckOriginPattern(p string) error {
	if p == "" {
		return errors.New("empty origin pattern")
	}
	if _, err := path.Match(p, ""); err != nil {
		return fmt.Errorf("origin pattern %q: malformed (%v)", p, err)
	}
	if strings.ContainsAny(p, " /") && !strings.Contains(p, "://") {
		return fmt.Errorf("origin pattern %q: want a host (example.com, *.example.com) or an origin (https://*.example.com)", p)
	}
	if i := strings.Index(p, "://"); i >= 0 && strings.Contains(p[i+3:], "/") {
		return fmt.Errorf("origin pattern %q: an origin has no path (want scheme://host[:port])", p)
	}
	return nil
}

// OriginAllowed reports whether a WebSocket handshake with this Origin
// header may proceed: no Origin (not a browser), a page served from the
// loopback interface, the game's own pages, or one of the extra patterns,
// matched with path.Match against the whole origin ("https://*.example.com")
// or its host ("example.com").
func OriginAllowed(origin string, extra []string) bool {
	if origin == "" {
		return true
	}
	o := strings.ToLower(origin)
	for _, k := range knownOrigins {
		if o == k {
			return true
		}
	}
	u, err := url.Parse(o)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return true
	}
	for _, p := range extra {
		p = strings.ToLower(p)
		if ok, _ := path.Match(p, o); ok {
			return true
		}
		if ok, _ := path.Match(p, u.Host); ok {
			return true
		}
	}
	return false
}
