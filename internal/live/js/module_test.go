package js

import (
	"testing"

	"bbctl/internal/game"
)

// checkModuleRAM builds the module file with build and checks that the
// game counts it at want on each version, and that build refuses a URL
// that is not a WebSocket's. It returns each version's charges.
func checkModuleRAM(t *testing.T, file string, build func(url, token string) (string, error), want map[game.Version]game.RAM) map[game.Version][]game.Charge {
	t.Helper()
	src, err := build("ws://127.0.0.1:12525/agent", "tok")
	if err != nil {
		t.Fatal(err)
	}
	all := map[game.Version][]game.Charge{}
	for v, w := range want {
		got, charges, err := game.ScriptRAM(src, v)
		if err != nil {
			t.Fatal(err)
		}
		if got != w {
			t.Errorf("version %v: %s costs %v, want %v; charges %v", v, file, got, w, charges)
		}
		all[v] = charges
	}
	if _, err := build("http://x", "tok"); err == nil {
		t.Errorf("%s: a non-WebSocket URL accepted", file)
	}
	return all
}
