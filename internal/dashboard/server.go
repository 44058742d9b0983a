package dashboard

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"bbctl/internal/controller"
	"bbctl/internal/economy"
	"bbctl/internal/logline"
	"bbctl/internal/memory"
)

//go:embed assets
var assets embed.FS

// StatusView is the overview and the targets, as /api/status serves them.
// RAM figures are in hundredths of a GB, as everywhere in bbctl.
type StatusView struct {
	Title     string                    `json:"title"`
	Running   bool                      `json:"running"`    // false once the run has ended
	Started   bool                      `json:"started"`    // the loop has published a frame
	At        float64                   `json:"at"`         // game seconds
	Clock     string                    `json:"clock"`      // the header's time: "game time 1:02:03", or "14:03:22 · running 0:12:05"
	WallClock bool                      `json:"wall_clock"` // times are times of day (a live game)
	Snapshot  bool                      `json:"snapshot"`   // /api/snapshot offers the game as a scenario file
	Hacking   int                       `json:"hacking"`
	Money     float64                   `json:"money"`
	IncomeNow float64                   `json:"income_now"` // $/s over the last game minute
	Gained    float64                   `json:"gained"`     // by hacking since the run began
	Ceiling   float64                   `json:"ceiling"`    // $/s; 0 when not known
	Ratio     float64                   `json:"ratio"`      // IncomeNow / Ceiling; 0 when not known
	RAMTotal  int64                     `json:"ram_total"`  // worker RAM less set-aside
	RAMInUse  int64                     `json:"ram_in_use"` // booked by bbctl
	Reserved  int64                     `json:"reserved"`   // used by others
	Processes int                       `json:"processes"`
	Delay     controller.Delay          `json:"delay"` // the launch delay allowed for
	Paused    bool                      `json:"paused"`
	Phases    map[string]int            `json:"phases"`
	Targets   []controller.TargetStatus `json:"targets"`
	Stats     controller.Stats          `json:"stats"`
}

// MemoryView is the RAM of every worker, as /api/memory serves it.
type MemoryView struct {
	Workers []memory.WorkerState `json:"workers"`
}

// IncomeView is the income chart's data, as /api/income serves it: points
// of [game seconds, $/s].
type IncomeView struct {
	Hour    []Point `json:"hour"`
	Run     []Point `json:"run"`
	Ceiling float64 `json:"ceiling"`
}

// ContractsView is the contracts panel, as /api/contracts serves it.
type ContractsView struct {
	Running bool `json:"running"`
	*Contracts
}

// StocksView is the stocks panel, as /api/stocks serves it: Running is
// false while the stock service is off or has not read a market.
type StocksView struct {
	Running bool `json:"running"`
	*controller.StockStats
}

// EconomyView is the economy panel, as /api/economy serves it: Running is
// false while no economy service runs.
type EconomyView struct {
	Running bool `json:"running"`
	*economy.Report
}

// LogView is a run of log lines, as /api/log serves it. Last is the Seq
// of the newest line kept, to ask for what follows with ?since=.
type LogView struct {
	Lines []LogEntry `json:"lines"`
	Last  uint64     `json:"last"`
}

func (h *Hub) statusView() StatusView {
	h.mu.Lock()
	defer h.mu.Unlock()
	st := h.status
	v := StatusView{
		Title: h.opt.Title, Running: !h.ended, Started: st.Phases != nil,
		At: st.At.Seconds(), Hacking: st.Hacking, Money: st.Money,
		IncomeNow: h.income.now(), Ceiling: h.ceiling,
		RAMTotal: int64(st.RAMTotal), RAMInUse: int64(st.RAMInUse), Reserved: int64(st.Reserved),
		Processes: st.Processes, Delay: st.Delay, Paused: st.Paused, Phases: st.Phases, Targets: st.Targets, Stats: st.Stats,
	}
	if n := len(h.income.hour); n > 0 {
		v.Gained = h.income.hour[n-1].g
	}
	v.WallClock = h.opt.WallClock
	v.Snapshot = h.opt.Snapshot != nil
	switch {
	case !v.Started:
	case h.opt.WallClock:
		v.Clock = h.label(st.At) + " · running " + duration((st.At - h.began).Seconds())
	default:
		v.Clock = "game time " + h.label(st.At)
	}
	if v.Ceiling > 0 {
		v.Ratio = v.IncomeNow / v.Ceiling
	}
	if v.Phases == nil {
		v.Phases = map[string]int{}
	}
	if v.Targets == nil {
		v.Targets = []controller.TargetStatus{}
	}
	return v
}

func (h *Hub) memoryView() MemoryView {
	h.mu.Lock()
	defer h.mu.Unlock()
	ws := h.workers
	if ws == nil {
		ws = []memory.WorkerState{}
	}
	return MemoryView{Workers: ws}
}

func (h *Hub) incomeView() IncomeView {
	h.mu.Lock()
	defer h.mu.Unlock()
	return IncomeView{Hour: h.income.hourPoints(), Run: h.income.runPoints(), Ceiling: h.ceiling}
}

func (h *Hub) contractsView() ContractsView {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.contr == nil {
		return ContractsView{}
	}
	c := *h.contr
	return ContractsView{Running: true, Contracts: &c}
}

func (h *Hub) economyView() EconomyView {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.econ == nil {
		return EconomyView{}
	}
	r := *h.econ
	return EconomyView{Running: true, Report: &r}
}

func (h *Hub) stocksView() StocksView {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.stocks == nil {
		return StocksView{}
	}
	s := *h.stocks
	return StocksView{Running: true, StockStats: &s}
}

func (h *Hub) logView(since uint64, limit int, keep func(*LogEntry) bool) LogView {
	h.mu.Lock()
	defer h.mu.Unlock()
	return LogView{Lines: h.log.since(since, limit, keep), Last: h.log.seq}
}

// csrfHeader must be set on every request that changes something. A
// cross-site page cannot set it without a CORS preflight, which the
// dashboard never grants.
const csrfHeader = "X-Bbctl-Dashboard"

// Handler returns the dashboard's HTTP handler: the page, its assets and
// the JSON API (docs/dashboard.md).
func (h *Hub) Handler() http.Handler {
	mux := http.NewServeMux()
	static, err := fs.Sub(assets, "assets")
	if err != nil {
		panic(err) // the embedded tree is part of the binary
	}
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		b, err := fs.ReadFile(static, "index.html")
		if err != nil {
			http.Error(w, "index.html missing", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(b)
	})
	api := map[string]http.HandlerFunc{
		"/api/status":    func(w http.ResponseWriter, r *http.Request) { writeJSON(w, h.statusView()) },
		"/api/memory":    func(w http.ResponseWriter, r *http.Request) { writeJSON(w, h.memoryView()) },
		"/api/income":    func(w http.ResponseWriter, r *http.Request) { writeJSON(w, h.incomeView()) },
		"/api/contracts": func(w http.ResponseWriter, r *http.Request) { writeJSON(w, h.contractsView()) },
		"/api/stocks":    func(w http.ResponseWriter, r *http.Request) { writeJSON(w, h.stocksView()) },
		"/api/economy":   func(w http.ResponseWriter, r *http.Request) { writeJSON(w, h.economyView()) },
		"/api/log":       h.handleLog,
		"/api/events":    h.handleEvents,
		// Host names go in the query: "." is a server's name, and URL
		// paths lose it.
		"/api/target": func(w http.ResponseWriter, r *http.Request) { h.answer(w, r, reqTarget, r.URL.Query().Get("host")) },
		"/api/worker": func(w http.ResponseWriter, r *http.Request) { h.answer(w, r, reqWorker, r.URL.Query().Get("host")) },
	}
	for p, f := range api {
		mux.Handle(p, only(http.MethodGet, f))
	}
	if h.opt.Snapshot != nil {
		mux.Handle("/api/snapshot", only(http.MethodGet, h.handleSnapshot))
	}
	mux.Handle("/api/pause", sameOrigin(func(w http.ResponseWriter, r *http.Request) { h.command(w, r, reqPause, "") }))
	mux.Handle("/api/resume", sameOrigin(func(w http.ResponseWriter, r *http.Request) { h.command(w, r, reqResume, "") }))
	mux.Handle("/api/exclude", sameOrigin(h.handleExclude))
	mux.Handle("/api/stocks/liquidate", sameOrigin(func(w http.ResponseWriter, r *http.Request) { h.command(w, r, reqLiquidate, "") }))
	mux.Handle("/api/stocks/resume", sameOrigin(func(w http.ResponseWriter, r *http.Request) { h.command(w, r, reqResumeStocks, "") }))
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		errorJSON(w, http.StatusNotFound, fmt.Sprintf("%s: no such endpoint", r.URL.Path))
	})
	return mux
}

// snapshotTimeout bounds the reading of a game for /api/snapshot.
const snapshotTimeout = 30 * time.Second

// handleSnapshot serves the game as a scenario file to save.
func (h *Hub) handleSnapshot(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), snapshotTimeout)
	defer cancel()
	b, err := h.opt.Snapshot(ctx)
	if err != nil {
		errorJSON(w, http.StatusServiceUnavailable, fmt.Sprintf("snapshot: %v", err))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", `attachment; filename="bbctl-snapshot.json"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}

// only answers 405 to requests whose method is not method.
func only(method string, next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != method {
			w.Header().Set("Allow", method)
			errorJSON(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s %s: use %s", r.Method, r.URL.Path, method))
			return
		}
		next(w, r)
	})
}

// sameOrigin admits only POST requests from the dashboard's own page: it
// refuses those the browser marks cross-site or whose Origin is not the
// dashboard's own (net/http's CrossOriginProtection), and those without
// csrfHeader.
func sameOrigin(next http.HandlerFunc) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		errorJSON(w, http.StatusForbidden, "cross-origin request refused")
	}))
	return only(http.MethodPost, cop.Handler(checkHeader(next)).ServeHTTP)
}

// checkHeader refuses requests without csrfHeader.
func checkHeader(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get(csrfHeader) != "1" {
			errorJSON(w, http.StatusForbidden, "missing header "+csrfHeader+": 1")
			return
		}
		next(w, r)
	})
}

// CommandResult is the answer to a command.
type CommandResult struct {
	OK       bool   `json:"ok"`
	Paused   bool   `json:"paused"`
	Host     string `json:"host,omitempty"`
	Excluded bool   `json:"excluded,omitempty"`
}

func (h *Hub) command(w http.ResponseWriter, r *http.Request, kind requestKind, host string) {
	v, err := h.ask(r.Context().Done(), kind, host)
	if err != nil {
		writeError(w, err)
		return
	}
	res := CommandResult{OK: true, Host: host, Excluded: kind == reqExclude}
	if p, ok := v.(bool); ok {
		res.Paused = p
	}
	writeJSON(w, res)
}

// ExcludeRequest is the body of POST /api/exclude.
type ExcludeRequest struct {
	Host    string `json:"host"`
	Exclude bool   `json:"exclude"` // false lets the target back in
}

func (h *Hub) handleExclude(w http.ResponseWriter, r *http.Request) {
	var req ExcludeRequest
	dec := json.NewDecoder(io.LimitReader(r.Body, 4096))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		errorJSON(w, http.StatusBadRequest, fmt.Sprintf("exclude: bad JSON body: %v", err))
		return
	}
	if dec.More() {
		errorJSON(w, http.StatusBadRequest, "exclude: bad JSON body: more than one value")
		return
	}
	if !validHost(req.Host) {
		errorJSON(w, http.StatusBadRequest, fmt.Sprintf("exclude: host %q: want a server name", req.Host))
		return
	}
	kind := reqInclude
	if req.Exclude {
		kind = reqExclude
	}
	h.command(w, r, kind, req.Host)
}

// validHost reports whether s may be a server's name.
func validHost(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, c := range s {
		if c <= ' ' || c == 0x7f || c == '/' {
			return false
		}
	}
	return true
}

// answer asks the run loop for a detail and writes it.
func (h *Hub) answer(w http.ResponseWriter, r *http.Request, kind requestKind, host string) {
	if !validHost(host) {
		errorJSON(w, http.StatusBadRequest, fmt.Sprintf("host %q: want a server name", host))
		return
	}
	v, err := h.ask(r.Context().Done(), kind, host)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, v)
}

func (h *Hub) handleLog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	since, limit := uint64(0), 2000
	if s := q.Get("since"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			errorJSON(w, http.StatusBadRequest, fmt.Sprintf("since=%q: want a line number", s))
			return
		}
		since = n
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100000 {
			errorJSON(w, http.StatusBadRequest, fmt.Sprintf("limit=%q: want 1 to 100000", s))
			return
		}
		limit = n
	}
	var want map[logline.Level]bool
	if s := q.Get("level"); s != "" {
		want = map[logline.Level]bool{}
		for _, name := range strings.Split(s, ",") {
			l, err := logline.ParseLevel(strings.ToUpper(strings.TrimSpace(name)))
			if err != nil {
				errorJSON(w, http.StatusBadRequest, fmt.Sprintf("level=%q: %v", s, err))
				return
			}
			want[l] = true
		}
	}
	text := strings.ToLower(q.Get("q"))
	keep := func(e *LogEntry) bool {
		return (want == nil || want[e.Level]) && (text == "" || strings.Contains(strings.ToLower(e.Msg), text))
	}
	writeJSON(w, h.logView(since, limit, keep))
}

// eventEvery is the least time between two pushes to one client.
const eventEvery = 250 * time.Millisecond

// incomeEvery is the least time between two pushes of the income chart.
const incomeEvery = time.Second

// handleEvents streams server-sent events: status, memory, income, log
// contracts, stocks and economy, each when it changed, at most every eventEvery. The
// first push has everything; log events carry only new lines.
func (h *Hub) handleEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	var sent versions
	first := true
	var logSeq uint64
	var lastIncome time.Time
	heartbeat := time.NewTicker(15 * time.Second)
	defer heartbeat.Stop()
	var buf bytes.Buffer
	for {
		h.mu.Lock()
		cur, notify, ended := h.ver, h.notify, h.ended
		h.mu.Unlock()
		buf.Reset()
		if first || cur.status != sent.status {
			event(&buf, "status", h.statusView())
		}
		if first || cur.workers != sent.workers {
			event(&buf, "memory", h.memoryView())
		}
		if first || cur.log != sent.log {
			lv := h.logView(logSeq, h.opt.LogLines, nil)
			if len(lv.Lines) > 0 || first {
				event(&buf, "log", lv)
			}
			logSeq = lv.Last
		}
		if first || cur.contracts != sent.contracts {
			event(&buf, "contracts", h.contractsView())
		}
		if first || cur.stocks != sent.stocks {
			event(&buf, "stocks", h.stocksView())
		}
		if first || cur.economy != sent.economy {
			event(&buf, "economy", h.economyView())
		}
		incomeDue := cur.income != sent.income
		untilIncome := incomeEvery - time.Since(lastIncome)
		if incomeDue && (first || untilIncome <= 0 || ended) {
			event(&buf, "income", h.incomeView())
			lastIncome = time.Now()
			incomeDue = false
		} else if incomeDue {
			cur.income = sent.income // still to send
		}
		if buf.Len() > 0 {
			if _, err := w.Write(buf.Bytes()); err != nil {
				return
			}
			if err := rc.Flush(); err != nil {
				return
			}
		}
		sent, first = cur, false
		if ended {
			return // the last frame is out
		}
		// Wait for a change, or for the income that is due.
		var due <-chan time.Time
		if incomeDue {
			due = time.After(max(untilIncome, eventEvery))
		}
		select {
		case <-r.Context().Done():
			return
		case <-heartbeat.C:
			if _, err := io.WriteString(w, ": keep-alive\n\n"); err != nil {
				return
			}
			rc.Flush()
			continue
		case <-notify:
		case <-due:
		}
		// Aggregate: at most one push per eventEvery, whatever happened.
		select {
		case <-r.Context().Done():
			return
		case <-time.After(eventEvery):
		}
	}
}

// event writes one server-sent event of v as JSON.
func event(buf *bytes.Buffer, name string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(map[string]string{"error": err.Error()})
	}
	fmt.Fprintf(buf, "event: %s\ndata: %s\n\n", name, b)
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		errorJSON(w, http.StatusInternalServerError, fmt.Sprintf("encoding the answer: %v", err))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(append(b, '\n'))
}

// errorJSON writes {"error": msg} with code.
func errorJSON(w http.ResponseWriter, code int, msg string) {
	b, _ := json.Marshal(map[string]string{"error": msg})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	w.Write(append(b, '\n'))
}

// writeError maps an error of the run loop to a status code.
func writeError(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, errUnknown):
		errorJSON(w, http.StatusNotFound, err.Error())
	case errors.Is(err, errConflict):
		errorJSON(w, http.StatusConflict, err.Error())
	case errors.Is(err, errEnded), errors.Is(err, errTimeout):
		errorJSON(w, http.StatusServiceUnavailable, err.Error())
	default:
		errorJSON(w, http.StatusInternalServerError, err.Error())
	}
}

// Server is a running dashboard.
type Server struct {
	srv *http.Server
	ln  net.Listener
	err chan error
}

// Listen serves h on addr ("127.0.0.1:8080"; port 0 picks a free one).
// Requests must name the dashboard by a loopback host when addr is a
// loopback address, and by an IP address or localhost otherwise: a DNS
// name is refused, so that no site can reach the dashboard by DNS
// rebinding (its page would name its own domain), and the Origin check of
// the POST endpoints compares against an address, not a name a site
// controls.
func Listen(addr string, h http.Handler) (*Server, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("dashboard address %q: %w", addr, err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	h = hostOnly(h, isLoopback(host))
	s := &Server{
		srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second},
		ln:  ln, err: make(chan error, 1),
	}
	go func() { s.err <- s.srv.Serve(ln) }()
	return s, nil
}

// URL returns the address to open in a browser.
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() + "/" }

// Close stops the server. It gives event streams a second to send their
// last frame (call Hub.Finish first), then closes every connection.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	s.srv.Shutdown(ctx)
	err := s.srv.Close()
	if e := <-s.err; e != nil && !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

// IsLoopback reports whether host (a name or an address, without a port)
// is a loopback one.
func isLoopback(host string) bool {
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return host == "localhost" || ip != nil && ip.IsLoopback()
}

// hostOnly refuses requests whose Host is not a loopback name (loopback
// set) or not an IP address or localhost (otherwise).
func hostOnly(next http.Handler, loopback bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if hh, _, err := net.SplitHostPort(host); err == nil {
			host = hh
		}
		host = strings.Trim(host, "[]")
		switch {
		case loopback && !isLoopback(host):
			errorJSON(w, http.StatusMisdirectedRequest, fmt.Sprintf("host %q: the dashboard answers loopback names only", r.Host))
		case !loopback && host != "localhost" && net.ParseIP(host) == nil:
			errorJSON(w, http.StatusMisdirectedRequest, fmt.Sprintf("host %q: the dashboard answers IP addresses only (open it as http://ADDRESS:PORT/)", r.Host))
		default:
			next.ServeHTTP(w, r)
		}
	})
}
