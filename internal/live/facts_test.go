package live

import (
	"maps"
	"strings"
	"testing"

	"bbctl/internal/game"
	"bbctl/internal/live/js"
	"bbctl/internal/savefile"
)

func TestKeptFacts(t *testing.T) {
	f := savefile.Facts{BitNode: 12, BitNodeLevel: 3, Cores: map[string]int{"home": 6, "n00dles": 1}, Singularity: 2}
	text, err := encodeKept(f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeKept(text)
	if err != nil || got.BitNode != 12 || got.BitNodeLevel != 3 || !maps.Equal(got.Cores, f.Cores) || got.Singularity != 2 {
		t.Errorf("decodeKept(encodeKept(%+v)) = %+v, %v", f, got, err)
	}
	for _, c := range []struct{ in, want string }{
		{`{"bitnode":1,"bitnode_level":1,"cores":{}}`, ""},
		{`{"bitnode":1,"bitnode_level":1}`, ""},
		{`not json`, "kept facts"},
		{`{"bitnode":0,"bitnode_level":1}`, "want a BitNode number"},
		{`{"bitnode":15,"bitnode_level":1}`, "want a BitNode number"},
		{`{"bitnode":2,"bitnode_level":0}`, "want a level"},
		{`{"bitnode":1,"bitnode_level":1,"cores":{"home":0}}`, "home has 0 cores"},
		{`{"bitnode":1,"bitnode_level":1,"cores":{"home":1025}}`, "home has 1025 cores"},
		{`{"bitnode":1,"bitnode_level":1,"cores":{"":2}}`, "hostname"},
		{`{"bitnode":1,"bitnode_level":1,"singularity":4}`, "Singularity API level 4"},
		{`{"bitnode":1,"bitnode_level":1,"singularity":-1}`, "Singularity API level -1"},
		{`{"bitnode":1,"bitnode_level":1,"cores":{"home":2.5}}`, "kept facts"},
		{strings.Repeat(" ", maxKeptBytes+1), "more than"},
	} {
		_, err := decodeKept(c.in)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("decodeKept(%.60s): %v", c.in, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("decodeKept(%.60s) = %v, want an error with %q", c.in, err, c.want)
		}
	}
}

func FuzzDecodeKept(f *testing.F) {
	f.Add(`{"bitnode":12,"bitnode_level":3,"cores":{"home":6,"n00dles":1}}`)
	f.Add(`{"bitnode":1,"bitnode_level":1}`)
	f.Fuzz(func(t *testing.T, text string) {
		got, err := decodeKept(text)
		if err != nil {
			return
		}
		if got.BitNode < 1 || got.BitNodeLevel < 1 || got.Singularity < 0 || got.Singularity > 3 {
			t.Fatalf("accepted BitNode %d.%d", got.BitNode, got.BitNodeLevel)
		}
		for h, n := range got.Cores {
			if h == "" || n < 1 || n > maxKeptCores {
				t.Fatalf("accepted %q with %d cores", h, n)
			}
		}
		again, err := encodeKept(got)
		if err != nil {
			t.Fatalf("facts read back do not encode: %v", err)
		}
		if _, err := decodeKept(again); err != nil {
			t.Fatalf("facts read back do not decode again: %v", err)
		}
	})
}

// TestCheckerRAMAtSingularity: bbctl's own count of a script the game has
// not counted for it charges Singularity functions at the player's
// Source-File 4 level once the facts say it, and as without it before.
func TestCheckerRAMAtSingularity(t *testing.T) {
	src, err := js.Singularity(js.ShopHomeRAM, "ws://127.0.0.1:12525/agent", "tok")
	if err != nil {
		t.Fatal(err)
	}
	w := NewWorld(&Bridge{}, nil)
	if r, err := w.checkerRAM(src); err != nil || r != game.GB(49.6) {
		t.Errorf("without facts: %v, %v; want 49.6GB", r, err)
	}
	w.SetFacts(savefile.Facts{BitNode: 1, BitNodeLevel: 1, Singularity: 3})
	if r, err := w.checkerRAM(src); err != nil || r != game.GB(4.6) {
		t.Errorf("at Source-File 4.3: %v, %v; want 4.6GB", r, err)
	}
}
