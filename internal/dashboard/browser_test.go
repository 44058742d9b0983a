package dashboard

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"bbctl/internal/controller"
	"bbctl/internal/economy"
	"bbctl/internal/logline"
	"bbctl/internal/world"
)

// chromium returns the path of a Chromium binary, or skips the test when
// there is none (fails instead when $CI is set: CI installs it).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium not found (PATH, /usr/bin/chromium) and $CI is set: .ci/run should have installed it")
	}
	t.Skip("chromium not found (PATH, /usr/bin/chromium): skipping the browser test (apt-get install chromium)")
	return ""
}

// screenshotDir is where the browser test saves its screenshot:
// $BBCTL_SCREENSHOT_DIR, or the test's temporary directory.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("BBCTL_SCREENSHOT_DIR"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: not in -short mode")
	}
	exe := chromium(t)
	hub := New(Options{Title: "browser test"})
	srv, err := Listen("127.0.0.1:0", hub.Handler())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	hub.SetCeiling(5e7)
	startRun(t, hub, 120)

	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1440, 1600),
	)
	defer cancelAlloc()
	ctx, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()

	// Every console error or uncaught exception fails the test.
	var mu sync.Mutex
	var consoleErrs []string
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				mu.Lock()
				consoleErrs = append(consoleErrs, m.String())
				mu.Unlock()
			}
		}
	}()
	// Start the browser before the step timeouts.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}

	start := time.Now()
	step := func(name string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		defer func() { t.Logf("%5.1fs %s", time.Since(start).Seconds(), name) }()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, steps...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	// click clicks the first element sel matches. The page re-renders its
	// tables on every update, so the node found may be gone by the time
	// the click reaches it ("Could not find node with given id"): then it
	// is looked up again, a few times.
	click := func(name, sel string) {
		t.Helper()
		defer func() { t.Logf("%5.1fs %s", time.Since(start).Seconds(), name) }()
		var err error
		for range 5 {
			sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			err = chromedp.Do(sctx, chromedp.Click(chromedp.CSS(sel)))
			cancel()
			if err == nil || !strings.Contains(err.Error(), "Could not find node") {
				break
			}
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	eval := func(name, js string, v any) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			return evalInto(ctx, tg, js, v)
		})); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	wait := func(name, js string) {
		t.Helper()
		step(name, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(25*time.Second))(ctx, tg)
			return err
		}))
	}

	step("load the page", chromedp.Navigate(srv.URL()))
	wait("live data", `document.querySelectorAll('#targets tbody tr.row').length > 0 && document.getElementById('conn').textContent === 'live'`)

	// Lines of every level, and enough of them to scroll.
	for i := range 300 {
		hub.Log(controller.LogLine{At: world.Time(i * 1000), Level: logline.Levels()[i%4], Msg: fmt.Sprintf("test line %d", i)})
	}
	wait("log lines", `document.querySelectorAll('#log .ln').length >= 300`)

	// The economy panel: the advice and the purchases.
	hub.SetEconomy(economy.Report{Policy: "bbctl", Money: 2e6, Earned: map[string]float64{"hacking": 3e6}, Spent: map[string]float64{"servers": 1e6},
		Advice:    []economy.Candidate{{Kind: economy.KindProgram, Program: world.FTPCrack, TOR: true, Cost: 1.7e6, Gain: 2100, Payback: 1.7e6 / 2100, Unlocks: 6}},
		Purchases: 1, Recent: []economy.Purchase{{At: 60000, By: "bbctl", Candidate: economy.Candidate{Kind: economy.KindServer, Host: "bbctl-0", RAM: 800, Cost: 440000, Gain: 10, Payback: 44000}}}})
	wait("economy panel", `document.querySelector('#advice tbody tr') !== null && document.querySelector('#advice').textContent.includes('FTPCrack.exe (unlocks 6 servers)') && document.querySelector('#purchases').textContent.includes('bbctl-0 8 GB')`)
	// Hacknet servers: the hashes, and the purchases named as servers.
	hub.SetEconomy(economy.Report{Policy: "bbctl", Money: 2e6, Purchases: 2,
		Hashes: &economy.HashReport{Stored: 3, Capacity: 128, Rate: 0.002, Value: 500, Use: "sell", Sold: 200, Money: 50e6},
		Recent: []economy.Purchase{{At: 70000, By: "bbctl", Candidate: economy.Candidate{Kind: economy.KindHacknetLevel, Node: 3, HacknetServer: true, Cost: 550000, Gain: 250, Payback: 2200}},
			{At: 60000, By: "bbctl", Candidate: economy.Candidate{Kind: economy.KindHacknetNode, HacknetServer: true, Cost: 1638400, Gain: 250, Payback: 3098.7,
				With: &economy.Followup{Upgrades: 13, Cost: 12.417e6, Gain: 4007.15}}}}})
	wait("hashes", `document.querySelector('#economyhashes').textContent.includes('hashes: 3 of 128 stored') && document.querySelector('#economyhashes').textContent.includes('200 sold for $50.00m') && document.querySelector('#purchases').textContent.includes('hacknet_level server 3') && document.querySelector('#purchases').textContent.includes('hacknet_server (paid back with the 13 upgrades that follow)')`)

	var rows int
	eval("count rows", `document.querySelectorAll('#targets tbody tr.row').length`, &rows)
	if rows == 0 {
		t.Fatal("the targets table has no rows")
	}

	// The pending group starts folded; a click on its header shows it.
	var shown int
	eval("count rows", `document.querySelectorAll('#targets tbody tr.row').length`, &shown)
	click("unfold pending", `#targets tr.group[data-phase="pending"]`)
	eval("count rows", `document.querySelectorAll('#targets tbody tr.row').length`, &rows)
	if rows <= shown {
		t.Errorf("unfolding the pending targets: %d rows, was %d", rows, shown)
	}

	// Sort by host, ascending then descending: within each phase group the
	// hosts are in order.
	const groups = `(() => { const gs = []; let cur = null;
		for (const tr of document.querySelectorAll('#targets tbody tr')) {
			if (tr.classList.contains('group')) { cur = []; gs.push(cur); continue; }
			cur.push(tr.dataset.host);
		}
		return gs; })()`
	click("sort by host", `#targets th[data-key="host"]`)
	var gs [][]string
	eval("read groups", groups, &gs)
	for _, g := range gs {
		if !sort.StringsAreSorted(g) {
			t.Errorf("after sorting by host, a group is %v", g)
		}
	}
	click("sort by host again", `#targets th[data-key="host"]`)
	eval("read groups", groups, &gs)
	for _, g := range gs {
		if !sort.IsSorted(sort.Reverse(sort.StringSlice(g))) {
			t.Errorf("after sorting by host twice, a group is %v, want descending", g)
		}
	}
	var th string
	eval("sorted header", `document.querySelector('#targets th[data-key="host"]').className`, &th)
	if th != "sorted-desc" {
		t.Errorf("host header class %q, want sorted-desc", th)
	}

	// Log lines carry the colour of their level.
	want := map[string]string{
		"ERROR": "rgb(255, 92, 92)", "WARN": "rgb(242, 201, 76)",
		"SUCCESS": "rgb(76, 217, 100)", "INFO": "rgb(90, 169, 255)",
	}
	for lv, rgb := range want {
		var got string
		eval("colour of "+lv, `(() => { const el = document.querySelector('#log .ln.lv-`+lv+` .lv');
			return el ? getComputedStyle(el).color : 'none'; })()`, &got)
		if got != rgb {
			t.Errorf("%s line colour %s, want %s", lv, got, rgb)
		}
	}

	// The memory view and the log scroll on their own, and a log scrolled
	// up stays put when lines arrive.
	var scrollable bool
	eval("memory overflows", `(() => { const m = document.getElementById('memory'); return m.scrollHeight > m.clientHeight + 40; })()`, &scrollable)
	if !scrollable {
		t.Fatal("the memory view does not overflow: cannot test its scrolling")
	}
	var before [2]float64
	eval("scroll", `(() => { const l = document.getElementById('log'), m = document.getElementById('memory');
		l.scrollTop = 120; m.scrollTop = 30; return [l.scrollTop, m.scrollTop]; })()`, &before)
	if before[0] != 120 || before[1] != 30 {
		t.Fatalf("scroll positions after scrolling: log %v, memory %v; want 120, 30", before[0], before[1])
	}
	var seq float64
	eval("log count", `document.querySelectorAll('#log .ln').length`, &seq)
	for i := range 50 {
		hub.Log(controller.LogLine{At: world.Time(400000 + i), Level: logline.Info, Msg: fmt.Sprintf("late line %d", i)})
	}
	wait("new lines shown", fmt.Sprintf(`document.querySelectorAll('#log .ln').length >= %d`, int(seq)+50))
	step("let frames pass", chromedp.Sleep(700*time.Millisecond))
	var after [2]float64
	eval("read scroll", `[document.getElementById('log').scrollTop, document.getElementById('memory').scrollTop]`, &after)
	if after != before {
		t.Errorf("scroll positions moved: log %v → %v, memory %v → %v", before[0], after[0], before[1], after[1])
	}

	// A row opens its detail; a worker its allocations.
	click("open a target", `#targets tbody tr.row td`)
	wait("target detail", `!document.getElementById('detail').hidden && /batches in flight/.test(document.getElementById('detailnote').textContent)`)
	click("open a worker", `#memory .worker`)
	wait("worker allocations", `/allocations/.test(document.getElementById('allocs').textContent)`)

	// Pause from the page, and resume.
	click("pause", `#pause`)
	wait("paused", `document.getElementById('pause').textContent === 'Resume'`)
	click("resume", `#pause`)
	wait("resumed", `document.getElementById('pause').textContent === 'Pause'`)
	step("scroll back", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		var v any
		return evalInto(ctx, tg, `document.getElementById('log').scrollTop = 1e9;
			document.getElementById('memory').scrollTop = 0; window.scrollTo(0, 0); 1`, &v)
	}), chromedp.Sleep(300*time.Millisecond))

	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	png, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
	cancel()
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	out := filepath.Join(screenshotDir(t), "dashboard.png")
	if err := os.WriteFile(out, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", out)

	mu.Lock()
	defer mu.Unlock()
	if len(consoleErrs) > 0 {
		t.Errorf("browser console errors:\n%s", strings.Join(consoleErrs, "\n"))
	}
}

// evalInto evaluates js in the page and decodes its value into v.
func evalInto(ctx context.Context, tg *chromedp.Target, js string, v any) error {
	switch p := v.(type) {
	case *int:
		x, err := chromedp.Evaluate[int](js)(ctx, tg)
		*p = x
		return err
	case *float64:
		x, err := chromedp.Evaluate[float64](js)(ctx, tg)
		*p = x
		return err
	case *bool:
		x, err := chromedp.Evaluate[bool](js)(ctx, tg)
		*p = x
		return err
	case *string:
		x, err := chromedp.Evaluate[string](js)(ctx, tg)
		*p = x
		return err
	case *[2]float64:
		x, err := chromedp.Evaluate[[2]float64](js)(ctx, tg)
		*p = x
		return err
	case *[][]string:
		x, err := chromedp.Evaluate[[][]string](js)(ctx, tg)
		*p = x
		return err
	default:
		_, err := chromedp.Evaluate[any](js)(ctx, tg)
		return err
	}
}
