package dashboard

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/economy"
	"bbctl/internal/logline"
	"bbctl/internal/world"
)

// live starts a hub on a running simulation behind a test server, and
// waits for its first frame with targets.
func live(t *testing.T) (*Hub, *httptest.Server) {
	t.Helper()
	hub := New(Options{Title: "handler test"})
	srv := httptest.NewServer(hub.Handler())
	t.Cleanup(srv.Close)
	startRun(t, hub, 60)
	eventually(t, "a frame with targets", func() bool {
		var st StatusView
		get(t, srv, "/api/status", http.StatusOK, &st)
		return st.Started && len(st.Targets) > 0
	})
	return hub, srv
}

// eventually polls cond for up to 10 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// get GETs path, checks the status code and decodes the JSON body into v
// (when v is not nil).
func get(t *testing.T, srv *httptest.Server, path string, code int, v any) {
	t.Helper()
	res, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	check(t, "GET "+path, res, code, v)
}

// do sends a request with the given method, headers and body.
func do(t *testing.T, srv *httptest.Server, method, path, body string, hdr map[string]string, code int, v any) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, x := range hdr {
		req.Header.Set(k, x)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	check(t, method+" "+path, res, code, v)
}

func check(t *testing.T, what string, res *http.Response, code int, v any) {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != code {
		t.Fatalf("%s: status %d, want %d; body %s", what, res.StatusCode, code, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v; body %s", what, err, b)
		}
	}
	if code >= 400 {
		var e struct{ Error string }
		if json.Unmarshal(b, &e) != nil || e.Error == "" {
			t.Errorf("%s: error body %s, want {\"error\": ...}", what, b)
		}
	}
}

var same = map[string]string{csrfHeader: "1", "Content-Type": "application/json"}

func TestReadEndpoints(t *testing.T) {
	_, srv := live(t)

	var st StatusView
	get(t, srv, "/api/status", http.StatusOK, &st)
	if st.Title != "handler test" || !st.Running || st.RAMTotal <= 0 || st.Hacking <= 0 || st.Delay.TotalMS < 10 {
		t.Errorf("status: %+v", st)
	}
	var mem MemoryView
	get(t, srv, "/api/memory", http.StatusOK, &mem)
	if len(mem.Workers) == 0 {
		t.Error("memory: no workers")
	}
	for _, w := range mem.Workers {
		if w.Total < 0 || w.Allocated < 0 || w.Free < 0 {
			t.Errorf("memory: worker %+v", w)
		}
	}
	var inc IncomeView
	get(t, srv, "/api/income", http.StatusOK, &inc)
	if inc.Hour == nil || inc.Run == nil {
		t.Errorf("income: %+v", inc)
	}

	// The mid scenario has contracts: the controller's stats are
	// published as they change.
	var con ContractsView
	eventually(t, "contract stats", func() bool {
		get(t, srv, "/api/contracts", http.StatusOK, &con)
		return con.Running && con.Found > 0
	})
	if con.Contracts == nil || con.Solved+con.Failed+con.Skipped > con.Found || len(con.Recent) > con.Solved+con.Failed+con.Skipped {
		t.Errorf("contracts: %+v", con.Contracts)
	}

	// A target's detail and a worker's allocations come from the loop.
	host := st.Targets[0].Host
	var d controller.TargetDetail
	get(t, srv, "/api/target?host="+url.QueryEscape(host), http.StatusOK, &d)
	if d.Host != host {
		t.Errorf("target detail for %q: host %q", host, d.Host)
	}
	get(t, srv, "/api/target?host=no-such-host", http.StatusNotFound, nil)
	get(t, srv, "/api/target?host=%20", http.StatusBadRequest, nil)
	var wd WorkerDetail
	worker := mem.Workers[0].Host
	get(t, srv, "/api/worker?host="+url.QueryEscape(worker), http.StatusOK, &wd)
	if wd.Host != worker || wd.Total != len(wd.Allocations) && len(wd.Allocations) != maxAllocs {
		t.Errorf("worker detail for %q: host %q, %d of %d allocations", worker, wd.Host, len(wd.Allocations), wd.Total)
	}
	get(t, srv, "/api/worker?host=no-such-host", http.StatusNotFound, nil)

	// The page and its assets.
	res, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(b), "/static/app.js") {
		t.Errorf("GET /: %d %.80s", res.StatusCode, b)
	}
	for _, p := range []string{"/static/app.js", "/static/app.css"} {
		res, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", p, res.StatusCode)
		}
	}
	get(t, srv, "/api/target", http.StatusBadRequest, nil)
	get(t, srv, "/api/nothing", http.StatusNotFound, nil)
	res, err = http.Get(srv.URL + "/static/nothing.js")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("GET /static/nothing.js: %d", res.StatusCode)
	}
}

func TestContractsEndpoint(t *testing.T) {
	hub := New(Options{})
	srv := httptest.NewServer(hub.Handler())
	defer srv.Close()
	var con ContractsView
	get(t, srv, "/api/contracts", http.StatusOK, &con)
	if con.Running {
		t.Error("contracts running before any stats were published")
	}
	hub.SetContracts(Contracts{Found: 5, Solved: 3, Failed: 1, Recent: []ContractResult{{Host: "n00dles", Type: "Spiralize Matrix", OK: true}}})
	get(t, srv, "/api/contracts", http.StatusOK, &con)
	if !con.Running || con.Found != 5 || con.Solved != 3 || con.Failed != 1 || len(con.Recent) != 1 {
		t.Errorf("contracts after SetContracts: %+v", con)
	}
	// The controller's stats, newest first.
	cs := controller.ContractStats{Enabled: true, Found: 2, Solved: 2, Recent: []controller.ContractOutcome{
		{At: 1000, Host: "a", OK: true}, {At: 2000, Host: "b", OK: true},
	}}
	got, ok := hub.contractsOf(cs)
	if !ok || got.Found != 2 || len(got.Recent) != 2 || got.Recent[0].Host != "b" || got.Recent[0].At != 2 || got.Recent[0].Clock != "0:00:02" {
		t.Errorf("contractsOf: %+v, %v", got, ok)
	}
	if !sameContracts(&got, got) {
		t.Error("sameContracts(x, x) is false")
	}
	other, _ := hub.contractsOf(controller.ContractStats{Enabled: true, Found: 3})
	if sameContracts(&got, other) || sameContracts(nil, got) {
		t.Error("sameContracts does not tell different stats apart")
	}
	if _, ok := hub.contractsOf(controller.ContractStats{}); ok {
		t.Error("contractsOf a world without contracts: published")
	}
}

func TestLogEndpoint(t *testing.T) {
	hub := New(Options{LogLines: 100})
	srv := httptest.NewServer(hub.Handler())
	defer srv.Close()
	for i := range 150 {
		hub.Log(controller.LogLine{At: 1000, Level: logline.Levels()[i%4], Msg: "line " + strings.Repeat("x", i%3)})
	}
	var lv LogView
	get(t, srv, "/api/log", http.StatusOK, &lv)
	if len(lv.Lines) != 100 || lv.Last != 150 || lv.Lines[0].Seq != 51 || lv.Lines[99].Seq != 150 {
		t.Errorf("log: %d lines, last %d, first seq %d", len(lv.Lines), lv.Last, lv.Lines[0].Seq)
	}
	get(t, srv, "/api/log?since=140&limit=5", http.StatusOK, &lv)
	if len(lv.Lines) != 5 || lv.Lines[0].Seq != 146 {
		t.Errorf("since=140&limit=5: %+v", lv.Lines)
	}
	get(t, srv, "/api/log?level=error,warn", http.StatusOK, &lv)
	for _, l := range lv.Lines {
		if l.Level != logline.Error && l.Level != logline.Warn {
			t.Errorf("level=error,warn gave a %s line", l.Level)
		}
	}
	if len(lv.Lines) != 50 {
		t.Errorf("level=error,warn: %d lines, want 50", len(lv.Lines))
	}
	get(t, srv, "/api/log?q=XX", http.StatusOK, &lv)
	for _, l := range lv.Lines {
		if !strings.Contains(l.Msg, "xx") {
			t.Errorf("q=XX gave %q", l.Msg)
		}
	}
	for _, q := range []string{"since=-1", "since=x", "limit=0", "limit=1000001", "level=DEBUG", "level=INFO,"} {
		get(t, srv, "/api/log?"+q, http.StatusBadRequest, nil)
	}
}

func TestCommands(t *testing.T) {
	hub, srv := live(t)
	var st StatusView
	get(t, srv, "/api/status", http.StatusOK, &st)
	host := st.Targets[0].Host

	var res CommandResult
	do(t, srv, "POST", "/api/pause", "", same, http.StatusOK, &res)
	if !res.OK || !res.Paused {
		t.Errorf("pause: %+v", res)
	}
	eventually(t, "the status to say paused", func() bool {
		get(t, srv, "/api/status", http.StatusOK, &st)
		return st.Paused
	})
	do(t, srv, "POST", "/api/resume", "", same, http.StatusOK, &res)
	if !res.OK || res.Paused {
		t.Errorf("resume: %+v", res)
	}

	do(t, srv, "POST", "/api/exclude", `{"host":"`+host+`","exclude":true}`, same, http.StatusOK, &res)
	if !res.OK || !res.Excluded || res.Host != host {
		t.Errorf("exclude: %+v", res)
	}
	eventually(t, host+" to show as excluded", func() bool {
		get(t, srv, "/api/status", http.StatusOK, &st)
		for _, ts := range st.Targets {
			if ts.Host == host {
				return ts.Excluded
			}
		}
		return false
	})
	// Excluding while paused says paused, as pause and resume do.
	do(t, srv, "POST", "/api/pause", "", same, http.StatusOK, &res)
	res = CommandResult{}
	do(t, srv, "POST", "/api/exclude", `{"host":"`+host+`","exclude":false}`, same, http.StatusOK, &res)
	if !res.OK || !res.Paused || res.Excluded {
		t.Errorf("including while paused: %+v", res)
	}
	do(t, srv, "POST", "/api/resume", "", same, http.StatusOK, &res)
	do(t, srv, "POST", "/api/exclude", `{"host":"no-such-host","exclude":true}`, same, http.StatusNotFound, nil)

	// Refusals.
	for _, c := range []struct {
		name, method, path, body string
		hdr                      map[string]string
		code                     int
	}{
		{"GET a command", "GET", "/api/pause", "", same, http.StatusMethodNotAllowed},
		{"PUT a command", "PUT", "/api/resume", "", same, http.StatusMethodNotAllowed},
		{"POST a view", "POST", "/api/status", "", same, http.StatusMethodNotAllowed},
		{"POST a detail", "POST", "/api/target?host=x", "", same, http.StatusMethodNotAllowed},
		{"no header", "POST", "/api/pause", "", nil, http.StatusForbidden},
		{"wrong header", "POST", "/api/pause", "", map[string]string{csrfHeader: "yes"}, http.StatusForbidden},
		{"cross-site", "POST", "/api/pause", "", map[string]string{csrfHeader: "1", "Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"same-site", "POST", "/api/pause", "", map[string]string{csrfHeader: "1", "Sec-Fetch-Site": "same-site"}, http.StatusForbidden},
		{"other origin", "POST", "/api/exclude", `{"host":"x","exclude":true}`, map[string]string{csrfHeader: "1", "Origin": "http://evil.example"}, http.StatusForbidden},
		{"bad JSON", "POST", "/api/exclude", `{"host":`, same, http.StatusBadRequest},
		{"not an object", "POST", "/api/exclude", `[1]`, same, http.StatusBadRequest},
		{"unknown field", "POST", "/api/exclude", `{"host":"x","exclude":true,"force":1}`, same, http.StatusBadRequest},
		{"two values", "POST", "/api/exclude", `{"host":"x"}{"host":"y"}`, same, http.StatusBadRequest},
		{"no host", "POST", "/api/exclude", `{"exclude":true}`, same, http.StatusBadRequest},
		{"bad host", "POST", "/api/exclude", `{"host":"a b","exclude":true}`, same, http.StatusBadRequest},
		{"too long", "POST", "/api/exclude", `{"host":"` + strings.Repeat("a", 5000) + `"}`, same, http.StatusBadRequest},
	} {
		t.Run(c.name, func(t *testing.T) {
			do(t, srv, c.method, c.path, c.body, c.hdr, c.code, nil)
		})
	}
	get(t, srv, "/api/status", http.StatusOK, &st)
	if st.Paused {
		t.Error("a refused pause paused the controller")
	}
	// The page's own origin passes.
	do(t, srv, "POST", "/api/resume", "", map[string]string{csrfHeader: "1", "Origin": srv.URL, "Sec-Fetch-Site": "same-origin"}, http.StatusOK, &res)

	// Once the run has ended, commands fail at once.
	hub.Finish()
	do(t, srv, "POST", "/api/pause", "", same, http.StatusServiceUnavailable, nil)
	get(t, srv, "/api/target?host="+url.QueryEscape(host), http.StatusServiceUnavailable, nil)
	get(t, srv, "/api/status", http.StatusOK, &st)
	if st.Running {
		t.Error("status says running after Finish")
	}
}

func TestNoLoopTimesOut(t *testing.T) {
	hub := New(Options{RequestTimeout: 50 * time.Millisecond})
	srv := httptest.NewServer(hub.Handler())
	defer srv.Close()
	start := time.Now()
	do(t, srv, "POST", "/api/pause", "", same, http.StatusServiceUnavailable, nil)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("a command with no loop took %v", d)
	}
	hub.mu.Lock()
	n := len(hub.queue)
	hub.mu.Unlock()
	if n != 0 || hub.waiting.Load() {
		t.Errorf("a timed-out request stayed queued (%d)", n)
	}
}

func TestEvents(t *testing.T) {
	_, srv := live(t)
	res, err := http.Get(srv.URL + "/api/events")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("content type %q", ct)
	}
	seen := map[string]int{}
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	deadline := time.AfterFunc(10*time.Second, func() { res.Body.Close() })
	defer deadline.Stop()
	var last string
	for sc.Scan() {
		line := sc.Text()
		if name, ok := strings.CutPrefix(line, "event: "); ok {
			last = name
			seen[name]++
			continue
		}
		if data, ok := strings.CutPrefix(line, "data: "); ok && !json.Valid([]byte(data)) {
			t.Fatalf("event %s: invalid JSON %.100s", last, data)
		}
		// Wait for a second status frame: the stream is live.
		if seen["status"] >= 2 && seen["income"] >= 1 {
			break
		}
	}
	for _, name := range []string{"status", "memory", "log", "contracts", "income"} {
		if seen[name] == 0 {
			t.Errorf("no %s event in the stream (saw %v)", name, seen)
		}
	}
	if seen["status"] < 2 {
		t.Errorf("the stream did not update (saw %v)", seen)
	}
}

func TestLoopbackOnly(t *testing.T) {
	hub := New(Options{})
	s, err := Listen("127.0.0.1:0", hub.Handler())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for host, code := range map[string]int{
		"": http.StatusOK, "localhost:8080": http.StatusOK, "[::1]:1": http.StatusOK,
		"evil.example": http.StatusMisdirectedRequest, "evil.example:8080": http.StatusMisdirectedRequest,
	} {
		req, _ := http.NewRequest("GET", s.URL()+"api/status", nil)
		if host != "" {
			req.Host = host
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != code {
			t.Errorf("Host %q: status %d, want %d", host, res.StatusCode, code)
		}
	}
	if _, err := Listen("127.0.0.1", hub.Handler()); err == nil {
		t.Error("Listen without a port: no error")
	}
}

// TestNonLoopbackHost checks a dashboard on a wildcard address: it
// answers requests that name it by an address, and refuses a DNS name —
// the Host a rebinding page sends — for reads and for POSTs that would
// otherwise pass the same-origin check (Origin and Host agree).
func TestNonLoopbackHost(t *testing.T) {
	hub := New(Options{})
	s, err := Listen("0.0.0.0:0", hub.Handler())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, port, _ := net.SplitHostPort(s.ln.Addr().String())
	for host, code := range map[string]int{
		"127.0.0.1:" + port: http.StatusOK, "192.0.2.7:" + port: http.StatusOK, "[::1]:" + port: http.StatusOK,
		"evil.example:" + port: http.StatusMisdirectedRequest, "rebind.evil.example": http.StatusMisdirectedRequest,
	} {
		req, _ := http.NewRequest("GET", "http://127.0.0.1:"+port+"/api/status", nil)
		req.Host = host
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != code {
			t.Errorf("GET with Host %q: status %d, want %d", host, res.StatusCode, code)
		}
	}
	req, _ := http.NewRequest("POST", "http://127.0.0.1:"+port+"/api/pause", nil)
	req.Host = "evil.example:" + port
	req.Header.Set("Origin", "http://evil.example:"+port)
	req.Header.Set(csrfHeader, "1")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("a rebinding POST: status %d, want %d", res.StatusCode, http.StatusMisdirectedRequest)
	}
}

// FuzzExclude feeds arbitrary bodies to POST /api/exclude: it never
// panics and answers 400 (bad body) or 503 (a good one, with the run over).
func FuzzExclude(f *testing.F) {
	for _, s := range []string{`{"host":"n00dles","exclude":true}`, `{"host":""}`, `{`, `null`, `[]`, `{"host":"a\u0000"}`, `{"host":"x"} {}`} {
		f.Add(s)
	}
	hub := New(Options{})
	hub.Finish()
	h := hub.Handler()
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("POST", "/api/exclude", strings.NewReader(body))
		req.Header.Set(csrfHeader, "1")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusBadRequest && rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("body %q: status %d", body, rec.Code)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("body %q: answer is not JSON: %q", body, rec.Body.String())
		}
	})
}

// FuzzLogQuery feeds arbitrary query strings to GET /api/log.
func FuzzLogQuery(f *testing.F) {
	for _, s := range []string{"since=3", "limit=2&level=info,ERROR", "q=%zz", "level=", "since=18446744073709551616"} {
		f.Add(s)
	}
	hub := New(Options{LogLines: 10})
	for i := range 20 {
		hub.Log(controller.LogLine{Level: logline.Levels()[i%4], Msg: "m"})
	}
	h := hub.Handler()
	f.Fuzz(func(t *testing.T, q string) {
		req := httptest.NewRequest("GET", "/api/log", nil)
		req.URL.RawQuery = q
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
			t.Fatalf("query %q: status %d", q, rec.Code)
		}
		if rec.Code == http.StatusOK {
			var lv LogView
			if err := json.Unmarshal(rec.Body.Bytes(), &lv); err != nil || len(lv.Lines) > 10 {
				t.Fatalf("query %q: %v, %d lines", q, err, len(lv.Lines))
			}
		}
	})
}

func TestEventsEndWithRun(t *testing.T) {
	hub := New(Options{})
	srv := httptest.NewServer(hub.Handler())
	defer srv.Close()
	res, err := http.Get(srv.URL + "/api/events")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	time.AfterFunc(100*time.Millisecond, hub.Finish)
	deadline := time.AfterFunc(5*time.Second, func() { res.Body.Close() })
	defer deadline.Stop()
	var last StatusView
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	status := false
	for sc.Scan() {
		line := sc.Text()
		if line == "event: status" {
			status = true
			continue
		}
		if data, ok := strings.CutPrefix(line, "data: "); ok && status {
			if err := json.Unmarshal([]byte(data), &last); err != nil {
				t.Fatal(err)
			}
			status = false
		}
	}
	if !deadline.Stop() {
		t.Fatal("the stream did not end after Finish")
	}
	if last.Running {
		t.Error("the last status frame says running")
	}
}

func TestEconomyEndpoint(t *testing.T) {
	hub := New(Options{})
	srv := httptest.NewServer(hub.Handler())
	defer srv.Close()
	var ev EconomyView
	get(t, srv, "/api/economy", http.StatusOK, &ev)
	if ev.Running {
		t.Error("economy running before any report")
	}
	advice := economy.Candidate{Kind: economy.KindProgram, Program: world.FTPCrack, Cost: 1.5e6, Gain: 2100, Payback: 1.5e6 / 2100, Unlocks: 6}
	hub.SetEconomy(economy.Report{Policy: "bbctl", Money: 5e6, Earned: map[string]float64{"hacking": 9e6}, Spent: map[string]float64{"servers": 4e6},
		Advice: []economy.Candidate{advice}, Purchases: 1,
		Recent: []economy.Purchase{{At: 60000, By: "bbctl", Candidate: economy.Candidate{Kind: economy.KindServer, Host: "bbctl-0", Cost: 4e6, Gain: 10}}}})
	get(t, srv, "/api/economy", http.StatusOK, &ev)
	if !ev.Running || ev.Policy != "bbctl" || ev.Money != 5e6 || ev.Earned["hacking"] != 9e6 || len(ev.Advice) != 1 ||
		ev.Advice[0].Program != world.FTPCrack || ev.Advice[0].Unlocks != 6 || len(ev.Recent) != 1 || ev.Recent[0].Host != "bbctl-0" {
		t.Errorf("economy after SetEconomy: %+v", ev)
	}
	if ev.Hashes != nil {
		t.Errorf("hashes without hacknet servers: %+v", ev.Hashes)
	}
	// With hacknet servers, the hashes, in snake_case.
	hub.SetEconomy(economy.Report{Policy: "bbctl", Hashes: &economy.HashReport{Stored: 3, Capacity: 128, Rate: 0.002, Value: 500, Use: "sell", Sold: 200, Money: 50e6}})
	var raw map[string]any
	get(t, srv, "/api/economy", http.StatusOK, &raw)
	checkSnake(t, "/api/economy", raw, nil)
	h, _ := raw["hashes"].(map[string]any)
	if h["stored"] != 3.0 || h["capacity"] != 128.0 || h["rate"] != 0.002 || h["value"] != 500.0 || h["use"] != "sell" || h["sold"] != 200.0 || h["money"] != 50e6 {
		t.Errorf("hashes %v", raw["hashes"])
	}
}
