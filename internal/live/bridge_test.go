package live_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"bbctl/internal/gameemu"
	"bbctl/internal/live"
	"bbctl/internal/world"
)

// TestBridgeBadAgent plays a misbehaving agent by hand: malformed frames,
// a result nobody asked for, and a disconnect in the middle of a call.
func TestBridgeBadAgent(t *testing.T) {
	l := newLines(t)
	b := &live.Bridge{Token: token, Logf: l.logf, CallTimeout: 5 * time.Second}
	url, ctx := serveBridge(t, b)
	ws := dialAgent(t, ctx, url, `"pid":9`)
	if _, msg, err := ws.Read(ctx); err != nil || !strings.Contains(string(msg), "welcome") {
		t.Fatalf("no welcome: %s, %v", msg, err)
	}
	for _, f := range []string{
		`{"type":"results","results":[{"id":424242,"value":1}]}`,
		`{"type":"launch"}`,
		`not json`,
		`{"type":"events","events":[{"bbctl":1,"pid":1,"op":"share"}]}`,
	} {
		ws.Write(ctx, websocket.MessageText, []byte(f))
	}
	ws.Write(ctx, websocket.MessageBinary, []byte{0, 1})
	done := make(chan error, 1)
	go func() {
		_, err := b.Call(ctx, []live.Call{{Fn: "scan", Args: []any{"home"}}})
		done <- err
	}()
	// Read the call, then vanish without answering.
	if _, msg, err := ws.Read(ctx); err != nil || !strings.Contains(string(msg), `"fn":"scan"`) {
		t.Fatalf("no call: %s, %v", msg, err)
	}
	ws.Close(websocket.StatusGoingAway, "bye")
	err := <-done
	if !errors.Is(err, live.ErrAgentLost) || !errors.Is(err, world.ErrDisconnected) {
		t.Errorf("Call = %v, want ErrAgentLost wrapping world.ErrDisconnected", err)
	}
	for _, want := range []string{"not awaiting one", "malformed frame", "binary frame"} {
		if !l.has(want) {
			t.Errorf("no log line with %q", want)
		}
	}
}

func TestBridgeOversizedFrame(t *testing.T) {
	l := newLines(t)
	b := &live.Bridge{Token: token, Logf: l.logf}
	url, ctx := serveBridge(t, b)
	ws := dialAgent(t, ctx, url, `"pid":9`)
	ws.SetReadLimit(1 << 30)
	ws.Read(ctx)
	ws.Write(ctx, websocket.MessageText, []byte(`{"type":"events","events":[],"pad":"`+strings.Repeat("x", 65<<20)+`"}`))
	waitFor(t, "an oversized frame to end the connection", 5*time.Second, func() bool { _, _, ok := b.Connected(); return !ok })
	waitFor(t, "a log line about the disconnect", 5*time.Second, func() bool { return l.has("disconnected") })
}

func TestUnknownFunction(t *testing.T) {
	r := newRig(t, gameemu.Config{})
	res, err := r.srv.Bridge.Call(r.ctx(), []live.Call{{Fn: "frobnicate", Args: []any{}}, {Fn: "scan", Args: []any{"home"}}})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Error == nil || !strings.Contains(*res[0].Error, "unknown function frobnicate") {
		t.Errorf("unknown function: %+v", res[0])
	}
	if res[1].Err() != nil {
		t.Errorf("the call after it failed: %v", res[1].Err())
	}
}

// TestBridgeSameAgentReconnects: a second connection from the same agent
// (same pid) replaces the first, whose socket died unnoticed.
func TestBridgeSameAgentReconnects(t *testing.T) {
	l := newLines(t)
	b := &live.Bridge{Token: token, Logf: l.logf}
	url, ctx := serveBridge(t, b)
	first := dialAgent(t, ctx, url, `"pid":9`)
	first.Read(ctx) // welcome
	other := dialAgent(t, ctx, url, `"pid":10`)
	if _, _, err := other.Read(ctx); websocket.CloseStatus(err) != 4002 {
		t.Errorf("another agent: %v, want close 4002", err)
	}
	again := dialAgent(t, ctx, url, `"pid":9`)
	if _, msg, err := again.Read(ctx); err != nil || !strings.Contains(string(msg), "welcome") {
		t.Fatalf("the same agent again: %s, %v", msg, err)
	}
	if _, _, err := first.Read(ctx); err == nil {
		t.Error("the replaced connection stayed open")
	}
	if h, _, ok := b.Connected(); !ok || h.PID != 9 {
		t.Errorf("Connected = %+v, %v", h, ok)
	}
}

// TestBridgeResentEvents: an events message resent after a lost ack (the
// same agent run, the same seq) is delivered once; a new run's seq 1 is new.
func TestBridgeResentEvents(t *testing.T) {
	b := &live.Bridge{Token: token, Logf: t.Logf, AckOnReceipt: true}
	url, ctx := serveBridge(t, b)
	ev := `{"type":"events","seq":1,"events":[{"bbctl":1,"pid":5,"op":"hack","target":"n00dles","tag":"t","landAt":1,"start":1,"end":1,"misfire":false,"value":2}]}`
	send := func(inst string) {
		ws := dialAgent(t, ctx, url, `"pid":9,"inst":"`+inst+`"`)
		ws.Read(ctx) // welcome
		ws.Write(ctx, websocket.MessageText, []byte(ev))
		if _, msg, err := ws.Read(ctx); err != nil || string(msg) != `{"type":"ack","seq":1}` {
			t.Fatalf("ack: %s, %v", msg, err)
		}
		ws.Close(websocket.StatusNormalClosure, "")
		waitFor(t, "the bridge to drop the closed agent", 5*time.Second, func() bool { _, _, ok := b.Connected(); return !ok })
	}
	send("run-a")
	send("run-a")
	if n := len(b.TakeNotes()); n != 1 {
		t.Errorf("after a resend: %d reports, want 1", n)
	}
	send("run-b")
	if n := len(b.TakeNotes()); n != 1 {
		t.Errorf("a new agent run's first message: %d reports, want 1", n)
	}
}

// dialAgent connects to the bridge served at url as a hand-played agent
// and says hello with the right token and the given fields (the pid, and
// the agent run if any). The connection closes when the test ends.
func dialAgent(t *testing.T, ctx context.Context, url, fields string) *websocket.Conn {
	t.Helper()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.CloseNow() })
	ws.Write(ctx, websocket.MessageText, []byte(`{"type":"hello","token":"`+token+`","agent":1,`+fields+`}`))
	return ws
}

// serveBridge serves b on a test HTTP server until the test ends, and
// returns its URL and a context for the test's calls.
func serveBridge(t *testing.T, b *live.Bridge) (string, context.Context) {
	t.Helper()
	hs := httptest.NewServer(b)
	t.Cleanup(hs.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return hs.URL, ctx
}

// TestBridgePreAuthBounds checks what an unauthenticated client can make
// the bridge hold: a hello larger than a hello is refused unread, a client
// that never says hello is dropped after HelloTimeout, and connections
// beyond MaxUnauthenticated are refused before the upgrade.
func TestBridgePreAuthBounds(t *testing.T) {
	l := newLines(t)
	b := &live.Bridge{Token: token, Logf: l.logf, HelloTimeout: 300 * time.Millisecond, MaxUnauthenticated: 3}
	url, ctx := serveBridge(t, b)
	wsURL := "ws" + strings.TrimPrefix(url, "http")

	big, _, err := websocket.Dial(ctx, wsURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer big.CloseNow()
	big.Write(ctx, websocket.MessageText, []byte(`{"type":"hello","token":"`+token+`","pad":"`+strings.Repeat("x", 1<<20)+`"}`))
	if _, _, err := big.Read(ctx); err == nil {
		t.Error("a 1 MB hello was answered")
	}
	if _, _, ok := b.Connected(); ok {
		t.Error("a 1 MB hello was accepted")
	}
	waitFor(t, "the oversized hello to be refused", 2*time.Second, func() bool { return l.has("no hello") })
	time.Sleep(50 * time.Millisecond) // its slot is freed just after the log line

	var idle []*websocket.Conn
	for i := 0; i < 3; i++ {
		ws, _, err := websocket.Dial(ctx, wsURL, nil)
		if err != nil {
			t.Fatalf("idle connection %d: %v", i, err)
		}
		defer ws.CloseNow()
		idle = append(idle, ws)
	}
	if _, resp, err := websocket.Dial(ctx, wsURL, nil); err == nil || resp == nil || resp.StatusCode != 503 {
		t.Errorf("a fourth connection without hello: %v (want 503)", err)
	}
	// A flood of refusals makes a line a second, not a line each.
	for i := 0; i < 30; i++ {
		websocket.Dial(ctx, wsURL, nil)
	}
	refusals := 0
	l.mu.Lock()
	for _, s := range l.s {
		if strings.Contains(s, "too many connections") {
			refusals++
		}
	}
	l.mu.Unlock()
	if refusals > 2 {
		t.Errorf("31 refused connections made %d log lines", refusals)
	}
	start := time.Now()
	for _, ws := range idle {
		if _, _, err := ws.Read(ctx); err == nil {
			t.Error("an idle connection got a frame")
		}
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("idle connections dropped after %v, want about 300ms", d)
	}
	// Once they are gone, an agent gets in.
	waitFor(t, "the slots to free", 2*time.Second, func() bool {
		ws, _, err := websocket.Dial(ctx, wsURL, nil)
		if err != nil {
			return false
		}
		ws.CloseNow()
		return true
	})
	ws := dialAgent(t, ctx, url, `"pid":9`)
	if _, msg, err := ws.Read(ctx); err != nil || !strings.Contains(string(msg), "welcome") {
		t.Fatalf("no welcome after the bounds: %s, %v", msg, err)
	}
}
