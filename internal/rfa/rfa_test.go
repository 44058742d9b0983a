package rfa_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"bbctl/internal/game"
	"bbctl/internal/gameemu"
	"bbctl/internal/rfa"
)

// logSink collects log lines for assertions.
type logSink struct {
	mu    sync.Mutex
	lines []string
}

func (l *logSink) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, strings.TrimSpace(strings.ReplaceAll(format, "%", "")))
	_ = args
}

func (l *logSink) has(sub string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, s := range l.lines {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func TestFileMethods(t *testing.T) {
	for _, v3 := range []bool{false, true} {
		_, c, g := gameemu.StartWithRFA(t, gameemu.Config{V3: v3})
		ctx := context.Background()
		if err := c.PushFile(ctx, "home", "lib/x.js", "export async function main(ns) { ns.exec('a.js','home'); }"); err != nil {
			t.Fatalf("v3=%v PushFile: %v", v3, err)
		}
		if s, ok := g.File("home", "lib/x.js"); !ok || !strings.Contains(s, "ns.exec") {
			t.Errorf("pushed file not in the game: %q %v", s, ok)
		}
		got, err := c.GetFile(ctx, "home", "lib/x.js")
		if err != nil || !strings.Contains(got, "ns.exec") {
			t.Errorf("GetFile = %q, %v", got, err)
		}
		names, err := c.GetFileNames(ctx, "home")
		if err != nil || len(names) != 1 || names[0] != "lib/x.js" {
			t.Errorf("GetFileNames = %v, %v", names, err)
		}
		all, err := c.GetAllFiles(ctx, "home")
		if err != nil || len(all) != 1 || all[0].Filename != "lib/x.js" {
			t.Errorf("GetAllFiles = %v, %v", all, err)
		}
		ram, err := c.CalculateRAM(ctx, "home", "lib/x.js")
		if err != nil || ram != game.GB(2.9) {
			t.Errorf("CalculateRAM = %v, %v; want 2.9GB", ram, err)
		}
		servers, err := c.GetAllServers(ctx)
		if err != nil || len(servers) != 5 || servers[0].Hostname != "home" || !servers[0].HasAdminRights {
			t.Errorf("GetAllServers = %v, %v", servers, err)
		}
		if v3 {
			if _, err := c.GetFileMetadata(ctx, "home", "lib/x.js"); err != nil {
				t.Errorf("GetFileMetadata: %v", err)
			}
			if ms, err := c.GetAllFileMetadata(ctx, "home"); err != nil || len(ms) != 1 {
				t.Errorf("GetAllFileMetadata = %v, %v", ms, err)
			}
		}
		if err := c.DeleteFile(ctx, "home", "lib/x.js"); err != nil {
			t.Errorf("DeleteFile: %v", err)
		}
		if _, ok := g.File("home", "lib/x.js"); ok {
			t.Error("deleted file still there")
		}
	}
}

func TestGameErrors(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		v3   bool
		call func(c *rfa.Conn) error
		want string
	}{
		{false, func(c *rfa.Conn) error { return c.PushFile(ctx, "home", "x.exe", "") }, "Invalid file extension"},
		{true, func(c *rfa.Conn) error { return c.PushFile(ctx, "home", "x.exe", "") }, "Invalid file extension. Filename: x.exe"},
		{false, func(c *rfa.Conn) error { return c.PushFile(ctx, "home", "a b.js", "") }, "Invalid file path"},
		{true, func(c *rfa.Conn) error { return c.PushFile(ctx, "nowhere", "a.js", "") }, "Invalid hostname: nowhere"},
		{false, func(c *rfa.Conn) error { _, err := c.GetFile(ctx, "home", "none.js"); return err }, "File doesn't exist"},
		{true, func(c *rfa.Conn) error { _, err := c.GetFile(ctx, "home", "none.js"); return err }, "File does not exist. Filename: none.js"},
		{false, func(c *rfa.Conn) error { return c.Call(ctx, "frobnicate", nil, nil) }, "Unknown message received"},
		{false, func(c *rfa.Conn) error { _, err := c.GetAllFileMetadata(ctx, "home"); return err }, "Unknown message received"},
	} {
		_, conn, _ := gameemu.StartWithRFA(t, gameemu.Config{V3: c.v3})
		err := c.call(conn)
		var ge *rfa.Error
		if !errors.As(err, &ge) || ge.Message != c.want {
			t.Errorf("v3=%v: got %v, want the game's error %q", c.v3, err, c.want)
		}
	}
}

func TestSaveFileAndDefinitions(t *testing.T) {
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	save := `{"ctor":"BitburnerSaveObject","data":{"x":"` + strings.Repeat("é€", 300000) + `"}}`
	zw.Write([]byte(save))
	zw.Close()
	if zb.Len() < 1000 {
		t.Fatalf("test save too small: %d", zb.Len())
	}
	_, c, _ := gameemu.StartWithRFA(t, gameemu.Config{Save: zb.Bytes(), Definitions: "interface NS { cloud: Cloud; }\ninterface Cloud {}\nhasTixApiAccess(): boolean;"})
	ctx := context.Background()
	sf, err := c.GetSaveFile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !sf.Binary || !bytes.Equal(sf.Data, zb.Bytes()) {
		t.Fatalf("save bytes differ: binary=%v, %d bytes, want %d", sf.Binary, len(sf.Data), zb.Len())
	}
	js, err := sf.JSON()
	if err != nil || string(js) != save {
		t.Fatalf("save JSON: %v (%d bytes)", err, len(js))
	}
	defs, err := c.GetDefinitionFile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if api := rfa.DetectAPI(defs); !api.V3 || !api.Cloud || api.Version() != "3.x" {
		t.Errorf("DetectAPI = %+v, want v3", api)
	}
	if api := rfa.DetectAPI("interface NS { hasTIXAPIAccess(): boolean; ramOverride(ram?: number): number }"); api.V3 || !api.RAMOverride {
		t.Errorf("DetectAPI(2.6) = %+v", api)
	}
}

func TestDecodeBinaryString(t *testing.T) {
	all := make([]byte, 256)
	var sb strings.Builder
	for i := range all {
		all[i] = byte(i)
		sb.WriteRune(rune(i))
	}
	got, err := rfa.DecodeBinaryString(sb.String())
	if err != nil || !bytes.Equal(got, all) {
		t.Fatalf("DecodeBinaryString = %v, %v", got, err)
	}
	if _, err := rfa.DecodeBinaryString("ab\u0100"); err == nil || !strings.Contains(err.Error(), "character 2") {
		t.Errorf("want an error naming character 2, got %v", err)
	}
}

// rawGame connects to srv as a scripted game: answer decides each reply.
func rawGame(t *testing.T, srv *rfa.Server, origin string, answer func(ctx context.Context, ws *websocket.Conn, req []byte)) (*rfa.Conn, error) {
	t.Helper()
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	h := http.Header{}
	if origin != "" {
		h.Set("Origin", origin)
	}
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(hs.URL, "http"), &websocket.DialOptions{HTTPHeader: h})
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { ws.CloseNow() })
	go func() {
		for {
			_, b, err := ws.Read(ctx)
			if err != nil {
				return
			}
			answer(ctx, ws, b)
		}
	}()
	wctx, wcancel := context.WithTimeout(ctx, 5*time.Second)
	defer wcancel()
	return srv.Conn(wctx)
}

func TestBadReplies(t *testing.T) {
	var log logSink
	srv := &rfa.Server{Logf: log.logf, Timeout: 300 * time.Millisecond}
	c, err := rawGame(t, srv, "", func(ctx context.Context, ws *websocket.Conn, req []byte) {
		for _, f := range []string{
			`not json`,
			`{"jsonrpc":"2.0","id":99999,"result":"OK"}`,
			`{"jsonrpc":"2.0","id":"x","result":"OK"}`,
			`{"jsonrpc":"1.0","id":1,"result":"OK"}`,
			`{"jsonrpc":"2.0","method":"pushFile","id":1}`,
		} {
			ws.Write(ctx, websocket.MessageText, []byte(f))
		}
		ws.Write(ctx, websocket.MessageBinary, []byte{1, 2, 3})
		// and never a real answer
	})
	if err != nil {
		t.Fatal(err)
	}
	err = c.PushFile(context.Background(), "home", "a.js", "x")
	if !errors.Is(err, rfa.ErrTimeout) {
		t.Fatalf("got %v, want ErrTimeout", err)
	}
	for _, want := range []string{"malformed frame", "not awaiting an answer", "binary frame"} {
		if !log.has(want) {
			t.Errorf("no log line about %q: %q", want, log.lines)
		}
	}
}

func TestDisconnectMidCall(t *testing.T) {
	srv := &rfa.Server{Logf: t.Logf}
	c, err := rawGame(t, srv, "", func(ctx context.Context, ws *websocket.Conn, req []byte) {
		ws.Close(websocket.StatusGoingAway, "page closed")
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetFileNames(context.Background(), "home")
	if !errors.Is(err, rfa.ErrClosed) {
		t.Fatalf("got %v, want ErrClosed", err)
	}
	if err := c.PushFile(context.Background(), "home", "a.js", ""); !errors.Is(err, rfa.ErrClosed) {
		t.Fatalf("call after close: got %v, want ErrClosed", err)
	}
}

func TestOversizedFrame(t *testing.T) {
	srv := &rfa.Server{Logf: t.Logf, ReadLimit: 1 << 10}
	c, err := rawGame(t, srv, "", func(ctx context.Context, ws *websocket.Conn, req []byte) {
		ws.Write(ctx, websocket.MessageText, []byte(`{"jsonrpc":"2.0","id":1,"result":"`+strings.Repeat("x", 4<<10)+`"}`))
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetFile(context.Background(), "home", "a.js")
	if !errors.Is(err, rfa.ErrClosed) {
		t.Fatalf("got %v, want ErrClosed after an oversized frame", err)
	}
}

func TestOriginRefused(t *testing.T) {
	srv := &rfa.Server{Logf: t.Logf}
	if _, err := rawGame(t, srv, "https://evil.example", func(context.Context, *websocket.Conn, []byte) {}); err == nil {
		t.Fatal("a cross-site origin was accepted")
	}
}

func TestOriginAllowed(t *testing.T) {
	for _, c := range []struct {
		origin string
		extra  []string
		want   bool
	}{
		{"", nil, true},
		{"https://bitburner-official.github.io", nil, true},
		{"http://localhost:8000", nil, true},
		{"http://127.0.0.1", nil, true},
		{"http://[::1]:3000", nil, true},
		{"file://", nil, true},
		{"null", nil, true},
		{"https://evil.example", nil, false},
		{"https://localhost.evil.example", nil, false},
		{"https://my.host", []string{"my.host"}, true},
		{"https://a.my.host", []string{"https://*.my.host"}, true},
		{"http://a.my.host", []string{"https://*.my.host"}, false},
		{"::::", nil, false},
	} {
		if got := rfa.OriginAllowed(c.origin, c.extra); got != c.want {
			t.Errorf("OriginAllowed(%q, %q) = %v, want %v", c.origin, c.extra, got, c.want)
		}
	}
}

func TestCheckOriginPattern(t *testing.T) {
	for _, c := range []struct {
		p  string
		ok bool
	}{
		{"example.com", true},
		{"*.example.com", true},
		{"https://*.example.com", true},
		{"http://localhost:8000", true},
		{"[", false},
		{"https://[a", false},
		{"", false},
		{"https://example.com/game", false},
		{"example.com/game", false},
	} {
		if err := rfa.CheckOriginPattern(c.p); (err == nil) != c.ok {
			t.Errorf("CheckOriginPattern(%q) = %v, want ok %v", c.p, err, c.ok)
		}
	}
}

func TestNewConnectionReplacesOld(t *testing.T) {
	srv, first, _ := gameemu.StartWithRFA(t, gameemu.Config{})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	g, _ := gameemu.New(gameemu.Config{})
	t.Cleanup(g.Close)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go g.ConnectRFA(ctx, "ws"+strings.TrimPrefix(hs.URL, "http"))
	select {
	case <-first.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the old connection stayed open")
	}
	c, err := srv.Conn(ctx)
	if err != nil || c == first {
		t.Fatalf("Conn = %p, %v; want the new connection", c, err)
	}
}

// TestOpaqueOrigin checks how a connection with Origin null is served: it
// runs OnConnect but is not the game (Current, Conn) until trusted, and
// once trusted no other connection with Origin null replaces it.
func TestOpaqueOrigin(t *testing.T) {
	connected := make(chan *rfa.Conn, 2)
	srv := &rfa.Server{Logf: t.Logf, OnConnect: func(_ context.Context, c *rfa.Conn) { connected <- c }}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	h := http.Header{}
	h.Set("Origin", "null")
	url := "ws" + strings.TrimPrefix(hs.URL, "http")
	ws, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPHeader: h})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.CloseNow() })
	go func() {
		for {
			if _, _, err := ws.Read(ctx); err != nil {
				return
			}
		}
	}()
	c := <-connected
	if c.Trusted() || srv.Current() != nil {
		t.Fatal("a connection with Origin null is the game before it is trusted")
	}
	wctx, wcancel := context.WithTimeout(ctx, 100*time.Millisecond)
	if _, err := srv.Conn(wctx); err == nil {
		t.Error("Conn returned a connection that is not trusted")
	}
	wcancel()
	c.Trust()
	if got, err := srv.Conn(ctx); err != nil || got != c || srv.Current() != c {
		t.Fatalf("after Trust: Conn = %v, %v", got, err)
	}
	if _, resp, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPHeader: h}); err == nil || resp == nil || resp.StatusCode != http.StatusConflict {
		t.Errorf("a second connection with Origin null while the game is connected: %v, want 409", err)
	}
	// Before it is trusted, a connection with Origin null may not send
	// large frames.
	srv3 := &rfa.Server{Logf: t.Logf, OnConnect: func(_ context.Context, c *rfa.Conn) { connected <- c }}
	hs3 := httptest.NewServer(srv3)
	t.Cleanup(hs3.Close)
	ws3, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(hs3.URL, "http"), &websocket.DialOptions{HTTPHeader: h})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws3.CloseNow() })
	c3 := <-connected
	ws3.Write(ctx, websocket.MessageText, []byte(`{"jsonrpc":"2.0","id":1,"result":"`+strings.Repeat("x", 2<<20)+`"}`))
	select {
	case <-c3.Done():
	case <-time.After(5 * time.Second):
		t.Error("an untrusted connection sent a 2 MB frame and stayed")
	}
	// With TrustOpaque (bbctl sync), it is the game at once.
	srv2 := &rfa.Server{Logf: t.Logf, TrustOpaque: true}
	if _, err := rawGame(t, srv2, "null", func(context.Context, *websocket.Conn, []byte) {}); err != nil {
		t.Errorf("TrustOpaque: %v", err)
	}
}
