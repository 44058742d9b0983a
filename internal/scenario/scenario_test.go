package scenario

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bbctl/internal/game"
	"bbctl/internal/input"
	"bbctl/internal/sim"
	"bbctl/internal/world"
)

func TestBuiltins(t *testing.T) {
	want := []string{"early", "faults", "fresh", "fresh-bn9", "late", "mid"}
	if got := Builtin(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("Builtin() = %v, want %v", got, want)
	}
	for _, name := range want {
		s, err := Load(name)
		if err != nil {
			t.Fatalf("Load(%q): %v", name, err)
		}
		if s.Name != name {
			t.Errorf("%s: name %q", name, s.Name)
		}
		if s.SpacingMS != DefaultSpacingMS || s.MaxProcesses != DefaultMaxProcesses {
			t.Errorf("%s: defaults not applied: spacing %v, max processes %d", name, s.SpacingMS, s.MaxProcesses)
		}
	}
}

func TestBuiltinContents(t *testing.T) {
	mid, _ := Load("mid")
	if mid.Player.Hacking != 500 || !mid.Player.FreezeExp || len(mid.Player.Openers) != 4 ||
		game.RAM(mid.Home.RAM) != 1024*game.GiB || mid.Home.Cores != 4 ||
		len(mid.Purchased) != 1 || mid.Purchased[0].Count != 25 || game.RAM(mid.Purchased[0].RAM) != 256*game.GiB ||
		time.Duration(mid.Duration) != 3*time.Hour {
		t.Errorf("mid = %+v", mid)
	}
	late, _ := Load("late")
	if late.Player.Hacking != 2500 || len(late.Player.Openers) != 5 || game.RAM(late.Home.RAM) != 16*1024*game.GiB ||
		late.Home.Cores != 8 || game.RAM(late.Purchased[0].RAM) != 64*1024*game.GiB {
		t.Errorf("late = %+v", late)
	}
	early, _ := Load("early")
	if early.Player.Hacking != 1 || len(early.Player.Openers) != 0 || game.RAM(early.Home.RAM) != 8*game.GiB ||
		time.Duration(early.Duration) != time.Hour || early.Player.FreezeExp {
		t.Errorf("early = %+v", early)
	}
	faults, _ := Load("faults")
	if faults.Faults.ExecJitterMS != 100 || faults.Faults.KillsPerHour != 60 || len(faults.Faults.RestartAt) != 1 ||
		time.Duration(faults.Faults.RestartAt[0]) != 30*time.Minute || faults.Player.FreezeExp {
		t.Errorf("faults = %+v", faults)
	}
	for _, name := range []string{"early", "mid", "late", "faults"} {
		if s, _ := Load(name); s.Spender != "none" || s.Economy.FollowAdvice {
			t.Errorf("%s: spender %q, follow advice %v; want none, false (the batcher on a fixed world)", name, s.Spender, s.Economy.FollowAdvice)
		}
	}
	fresh, _ := Load("fresh")
	if fresh.Player.Hacking != 1 || fresh.Player.Money != 1000 || len(fresh.Player.Openers) != 0 || len(fresh.Purchased) != 0 ||
		game.RAM(fresh.Home.RAM) != 8*game.GiB || fresh.Home.Cores != 1 || time.Duration(fresh.Duration) != 8*time.Hour ||
		fresh.Spender != "bbctl" || !fresh.Economy.FollowAdvice || fresh.Economy.AdviceDelay != DefaultAdviceDelay {
		t.Errorf("fresh = %+v", fresh)
	}
	bn9, _ := Load("fresh-bn9")
	if bn9.BitNode != 9 || bn9.Player.Hacking != 1 || bn9.Player.Money != 50000 || len(bn9.Player.Openers) != 0 || len(bn9.Purchased) != 0 ||
		game.RAM(bn9.Home.RAM) != 8*game.GiB || bn9.Home.Cores != 1 || time.Duration(bn9.Duration) != 8*time.Hour ||
		bn9.Spender != "bbctl" || !bn9.Economy.FollowAdvice || bn9.Economy.Settings().Hashes != "" {
		t.Errorf("fresh-bn9 = %+v", bn9)
	}
	if faults.Player.Openers[3] != world.HTTPWorm {
		t.Errorf("faults openers = %v", faults.Player.Openers)
	}
}

func TestParseErrors(t *testing.T) {
	base := `"name":"x","duration":"1h"`
	tests := []struct {
		json, want string
	}{
		{`{` + base + `,"bitnode":15}`, "bitnode 15"},
		{`{` + base + `,"spender":"lavish"}`, "unknown spender"},
		{`{` + base + `,"economy":{"spend_fraction":2}}`, "spend fraction"},
		{`{` + base + `,"economy":{"reserve":-1}}`, "reserve"},
		{`{` + base + `,"economy":{"horizon":"-1h"}}`, "horizon"},
		{`{` + base + `,"economy":{"advice_delay":"-5m"}}`, "advice_delay"},
		{`{` + base + `,"economy":{"hashes":"spend"}}`, `economy.hashes "spend": want sell or keep`},
		{`{` + base + `,"bogus":1}`, "unknown field"},
		{`{` + base + `,"home":{"ram":"12GB"}}`, "home.ram"},
		{`{` + base + `,"home":{"ram":"x"}}`, "invalid RAM"},
		{`{` + base + `,"home":{"cores":9}}`, "home.cores"},
		{`{"name":"x"}`, "duration"},
		{`{"name":"x","duration":"soon"}`, "duration"},
		{`{"name":"x","duration":3600}`, "duration"},
		{`{` + base + `,"player":{"openers":["Nope"]}}`, "unknown port opener"},
		{`{` + base + `,"player":{"openers":["BruteSSH","brutessh.exe"]}}`, "listed twice"},
		{`{` + base + `,"player":{"hacking":5,"exp":10}}`, "not both"},
		{`{` + base + `,"player":{"mults":{"hacking":0}}}`, "player.mults"},
		{`{` + base + `,"purchased":[{"ram":"8GB","count":0}]}`, "purchased[0].count"},
		{`{` + base + `,"purchased":[{"ram":"8GB","count":26}]}`, "allows 25"},
		{`{` + base + `,"spacing_ms":-1}`, "spacing_ms"},
		{`{` + base + `,"faults":{"restart_at":["2h"]}}`, "restart_at[0]"},
		{`{` + base + `,"faults":{"kills_per_hour":-3}}`, "kills_per_hour"},
		{`{` + base + `} {}`, "trailing"},
		{`[]`, "want an object {...}, not a list"},
		{`{` + base + `,"player":{"hacking":99999}}`, "player.hacking 99999: no amount of exp reaches it"},
		{`{` + base + `,"seed":"x"}`, "test.json: seed: want a whole number ≥ 0, not a string"},
		{`{` + base + `,"player":{"hacking":"high"}}`, "player.hacking: want a whole number, not a string"},
		{`{` + base + `,"player":{"source_file_4":4}}`, "player.source_file_4 4: want a Source-File level from 0 to 3"},
		{`{` + base + `,"player":{"source_file_9":-1}}`, "player.source_file_9 -1: want a Source-File level from 0 to 3"},
		{`{` + base + `,"player":{"source_file_9":4}}`, "player.source_file_9 4: want a Source-File level from 0 to 3"},
		{`{` + base + `,"player":{"source_file_9":1.5}}`, "player.source_file_9"},
		{"{" + base + ",\n\"seed\":1,,}", "line 2, column 10: invalid character ','"},
		{`{` + base + `,"home":{"ram":"1e30GB"}}`, "too large"},
		{`{` + base + `,"home":{"ram":1e300}}`, "too large"},
		{`{` + base + `,"player":{"mults":{"hacking":NaN}}}`, "invalid character"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.json), "test.json")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%s) error = %v, want it to mention %q", tt.json, err, tt.want)
		}
		if err != nil && !strings.Contains(err.Error(), "test.json") {
			t.Errorf("error %q does not name the source", err)
		}
		if err != nil && (strings.Contains(err.Error(), "Go struct") || strings.Contains(err.Error(), " json: ")) {
			t.Errorf("error %q speaks Go", err)
		}
	}
}

// TestPartialMults checks that multipliers a scenario leaves out are 1.
func TestPartialMults(t *testing.T) {
	s, err := Parse([]byte(`{"name":"x","duration":"1h","player":{"mults":{"hacking":2,"hacking_money":1.5}}}`), "test.json")
	if err != nil {
		t.Fatal(err)
	}
	want := game.DefaultMultipliers()
	want.Hacking, want.HackingMoney = 2, 1.5
	if s.Player.Mults == nil || *s.Player.Mults != want {
		t.Errorf("mults = %+v, want %+v", s.Player.Mults, want)
	}
	if s, _ := Parse([]byte(`{"name":"x","duration":"1h"}`), "test.json"); s.Player.Mults != nil {
		t.Errorf("no mults: %+v, want nil (all 1)", s.Player.Mults)
	}
}

// TestLoadCap checks that a scenario file is read only up to its cap.
func TestLoadCap(t *testing.T) {
	name := filepath.Join(t.TempDir(), "big.json")
	os.WriteFile(name, bytes.Repeat([]byte(" "), input.MaxConfig+1), 0o600)
	if _, err := Load(name); err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "larger than 1 MB") {
		t.Errorf("Load of a 1 MB file: %v", err)
	}
}

func TestLoadMissing(t *testing.T) {
	_, err := Load("no-such-scenario")
	if err == nil || !strings.Contains(err.Error(), "early, faults, fresh, fresh-bn9, late, mid") {
		t.Errorf("Load of a missing scenario: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range Builtin() {
		b, _ := builtin.ReadFile("builtin/" + name + ".json")
		f.Add(b)
	}
	f.Add([]byte(`{"name":"x","duration":"1h",` + twoServers + `}`))
	f.Add([]byte(`{"name":"x","duration":"1h","player":{"source_file_9":2}}`))
	f.Add([]byte(`{"name":"x","duration":"1h","bitnode":9,"player":{"source_file_9":7}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Parse(b, "fuzz")
		if err != nil {
			// Said in the player's words, naming the source.
			if msg := err.Error(); strings.Contains(msg, "Go struct") || strings.Contains(msg, "Go value") || !strings.HasPrefix(msg, "scenario fuzz") {
				t.Fatalf("error %q speaks Go or does not name the scenario", msg)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("Parse accepted a scenario that does not validate: %v", err)
		}
		// The simulator may refuse what a scenario cannot check (a
		// BitNode's largest server), but never panics on it.
		sim.New(s.SimConfig())
	})
}

func TestPlanHorizon(t *testing.T) {
	for _, tt := range []struct {
		doc string
		ok  bool
	}{
		{`{"name":"x","duration":"1h","plan_horizon":"3h"}`, true},
		{`{"name":"x","duration":"1h"}`, true},
		{`{"name":"x","duration":"1h","plan_horizon":"10s"}`, false},
		{`{"name":"x","duration":"1h","plan_horizon":"-1h"}`, false},
	} {
		_, err := Parse([]byte(tt.doc), "test.json")
		if (err == nil) != tt.ok {
			t.Errorf("%s: error %v, want ok %v", tt.doc, err, tt.ok)
		}
	}
}

// TestEconomyHashes: economy.hashes reaches the spender's settings; left
// out, the spender sells (its default).
func TestEconomyHashes(t *testing.T) {
	s, err := Parse([]byte(`{"name":"x","duration":"1h","economy":{"hashes":"keep"}}`), "x.json")
	if err != nil || s.Economy.Settings().Hashes != "keep" {
		t.Fatalf("hashes keep: %+v, %v", s.Economy, err)
	}
	s, err = Parse([]byte(`{"name":"x","duration":"1h"}`), "x.json")
	if err != nil {
		t.Fatal(err)
	}
	if set, err := s.Economy.Settings().WithDefaults(); err != nil || set.Hashes != "sell" {
		t.Errorf("default hashes %q, %v; want sell", set.Hashes, err)
	}
}

func TestSourceFile9(t *testing.T) {
	s, err := Parse([]byte(`{"name":"x","duration":"1h","player":{"money":1e6,"source_file_9":2}}`), "test.json")
	if err != nil {
		t.Fatal(err)
	}
	cfg := s.SimConfig()
	if cfg.Player.SourceFile9 != 2 {
		t.Fatalf("SimConfig's Player.SourceFile9 = %d, want 2", cfg.Player.SourceFile9)
	}
	w, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if h, err := w.Hacknet(context.Background()); err != nil || !h.Servers || h.MaxNodes != 20 {
		t.Errorf("Hacknet = %+v, %v; want hacknet servers", h, err)
	}
}
