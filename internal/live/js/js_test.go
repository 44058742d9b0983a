package js

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"testing"

	"bbctl/internal/game"
	"bbctl/internal/refdata"
	"bbctl/internal/world"
)

// ramCosts is the part of game/ram-costs.json this test reads.
type ramCosts struct {
	Base        float64            `json:"base"`
	Special     map[string]float64 `json:"special_identifiers"`
	Identifiers map[string]struct {
		ChargedAs *string `json:"charged_as"`
		Cost      float64 `json:"cost"`
	} `json:"identifier_costs"`
}

// stripJS removes comments and the contents of string literals, which the
// game's static checker does not see as identifiers.
func stripJS(src string) string {
	var b strings.Builder
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			b.WriteByte('\n')
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			j := strings.Index(src[i+2:], "*/")
			if j < 0 {
				return b.String()
			}
			i += j + 3
		case c == '"' || c == '\'' || c == '`':
			b.WriteString(`""`)
			for i++; i < len(src) && src[i] != c; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

var identRE = regexp.MustCompile(`[A-Za-z_$][A-Za-z0-9_$]*`)

// staticRAM estimates the game's static RAM of src the way the 2.6.1 checker
// charges it: every distinct identifier by its bare name, each charged
// function once, plus the special identifiers.
func staticRAM(t *testing.T, rc ramCosts, src string) (float64, []string) {
	t.Helper()
	charged := map[string]float64{}
	for _, id := range identRE.FindAllString(stripJS(src), -1) {
		if c, ok := rc.Special[id]; ok {
			charged[id] = c
			continue
		}
		ic, ok := rc.Identifiers[id]
		if !ok || ic.ChargedAs == nil || ic.Cost == 0 {
			continue
		}
		charged[*ic.ChargedAs] = ic.Cost
	}
	sum := rc.Base
	var names []string
	for n, c := range charged {
		sum += c
		names = append(names, n)
	}
	sort.Strings(names)
	return math.Round(sum*100) / 100, names
}

func TestScriptRAM(t *testing.T) {
	var rc ramCosts
	refdata.LoadJSON(t, "game/ram-costs.json", &rc)
	if len(rc.Identifiers) == 0 {
		t.Fatal("ram-costs.json has no identifier_costs")
	}
	agent, err := Agent("ws://127.0.0.1:12525/agent", "tok")
	if err != nil {
		t.Fatal(err)
	}
	facts, err := Facts("ws://127.0.0.1:12525/agent", "tok")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		src  string
		want float64
		max  bool // want is an upper bound
	}{
		{"agent.js", agent, 6, true},
		{"facts.js", facts, 5.2, false},
		{"h.js", Worker(world.OpHack), 1.70, false},
		{"g.js", Worker(world.OpGrow), 1.75, false},
		{"w.js", Worker(world.OpWeaken), 1.75, false},
	} {
		got, names := staticRAM(t, rc, c.src)
		t.Logf("%s: %.2f GB per thread, charged for %v", c.name, got, names)
		if c.max && got > c.want || !c.max && got != c.want {
			t.Errorf("%s costs %.2f GB, want %s%.2f GB (charged: %v)", c.name, got, map[bool]string{true: "≤ "}[c.max], c.want, names)
		}
	}
}

func TestNoDynamicAccess(t *testing.T) {
	agent, _ := Agent("ws://127.0.0.1:1/agent", "t")
	mod, _ := Contracts("ws://127.0.0.1:1/agent", "t")
	facts, _ := Facts("ws://127.0.0.1:1/agent", "t")
	scripts := map[string]string{"agent": agent, "contracts": mod, "facts": facts, "h": Worker(world.OpHack), "g": Worker(world.OpGrow), "w": Worker(world.OpWeaken)}
	for _, s := range Shops() {
		scripts[s.Module()], _ = Singularity(s, "ws://127.0.0.1:1/agent", "t")
	}
	for name, src := range scripts {
		code := stripJS(src)
		for _, bad := range []string{"ns[", "eval", "window", "document", "ns.sleep"} {
			if strings.Contains(code, bad) {
				t.Errorf("%s.js contains %q", name, bad)
			}
		}
	}
}

func TestAgentTemplate(t *testing.T) {
	s, err := Agent("ws://127.0.0.1:4242/agent", "abc-DEF_9")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s, `"ws://127.0.0.1:4242/agent"`) || !strings.Contains(s, `"abc-DEF_9"`) || strings.Contains(s, "__BBCTL_") {
		t.Errorf("template not filled:\n%s", s[:400])
	}
	// Both scripts get the relay code they share.
	mod, err := Contracts("ws://127.0.0.1:4242/agent", "abc-DEF_9")
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{"agent.js": s, "contracts.js": mod} {
		if !strings.Contains(src, "function answer(table, calls)") || strings.Contains(src, "__BBCTL_") {
			t.Errorf("%s: relay code not filled in", name)
		}
	}
	for _, c := range []struct{ url, tok string }{
		{"http://x/agent", "t"},
		{"ws://x/agent", `a"b`},
		{"ws://x/agent", "a b"},
	} {
		if _, err := Agent(c.url, c.tok); err == nil {
			t.Errorf("Agent(%q, %q) = nil error", c.url, c.tok)
		}
	}
}

// TestTokenless checks the scripts bbctl pushes over a connection it does
// not trust with the token: no token in them, and the code that takes it
// from the first argument or the kept file.
func TestTokenless(t *testing.T) {
	for name, f := range map[string]func(string, string) (string, error){"agent": Agent, "contracts": Contracts, "facts": Facts} {
		src, err := f("ws://127.0.0.1:4242/agent", "")
		if err != nil {
			t.Fatalf("%s without a token: %v", name, err)
		}
		if !strings.Contains(src, `const TOKEN = "";`) || !strings.Contains(src, "agentToken(ns, TOKEN)") || !strings.Contains(src, TokenFile) {
			t.Errorf("%s without a token: does not take it from its argument or %s", name, TokenFile)
		}
	}
}

// TestScriptRAMGame checks the scripts with the project's own static
// checker, for both game generations.
func TestScriptRAMGame(t *testing.T) {
	agent, err := Agent("ws://127.0.0.1:12525/agent", "tok")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []game.Version{game.V261, game.V3} {
		for _, c := range []struct {
			name string
			src  string
			want game.RAM
			max  bool
		}{
			{"agent.js", agent, 6 * game.GiB, true},
			{"h.js", Worker(world.OpHack), 170, false},
			{"g.js", Worker(world.OpGrow), 175, false},
			{"w.js", Worker(world.OpWeaken), 175, false},
		} {
			got, charges, err := game.ScriptRAM(c.src, v)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if c.max && got > c.want || !c.max && got != c.want {
				t.Errorf("version %v: %s costs %v, want %v (max=%v); charges %v", v, c.name, got, c.want, c.max, charges)
			}
			if c.name == "agent.js" {
				t.Logf("version %v: agent.js costs %v", v, got)
			}
		}
		// The contracts module holds only what contracts need.
		mod, err := Contracts("ws://127.0.0.1:12525/agent", "tok")
		if err != nil {
			t.Fatal(err)
		}
		got, charges, err := game.ScriptRAM(mod, v)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("version %v: contracts.js costs %v: %v", v, got, charges)
		if got > 32*game.GiB {
			t.Errorf("version %v: contracts.js costs %v, want ≤ 32GB", v, got)
		}
		// The facts module: the base, getResetInfo, getServer and scp.
		facts, err := Facts("ws://127.0.0.1:12525/agent", "tok")
		if err != nil {
			t.Fatal(err)
		}
		got, charges, err = game.ScriptRAM(facts, v)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("version %v: facts.js costs %v: %v", v, got, charges)
		if want := game.GB(1.6 + 1 + 2 + 0.6); got != want {
			t.Errorf("version %v: facts.js costs %v, want %v; charges %v", v, got, want, charges)
		}
	}
}
