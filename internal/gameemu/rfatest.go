package gameemu

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"bbctl/internal/rfa"
)

// StartWithRFA starts an emulated game from cfg and a Remote API server on
// a test HTTP server, connects the game to it as the real game does, and
// returns the server, its connection to the game and the game. Everything
// stops when tb's test ends.
func StartWithRFA(tb testing.TB, cfg Config) (*rfa.Server, *rfa.Conn, *Game) {
	tb.Helper()
	srv := &rfa.Server{Logf: tb.Logf}
	hs := httptest.NewServer(srv)
	tb.Cleanup(hs.Close)
	g, err := New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(g.Close)
	ctx, cancel := context.WithCancel(context.Background())
	tb.Cleanup(cancel)
	go g.ConnectRFA(ctx, "ws"+strings.TrimPrefix(hs.URL, "http"))
	wctx, wcancel := context.WithTimeout(ctx, 5*time.Second)
	defer wcancel()
	c, err := srv.Conn(wctx)
	if err != nil {
		tb.Fatal(err)
	}
	return srv, c, g
}
