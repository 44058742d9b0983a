package live

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"bbctl/internal/game"
	"bbctl/internal/live/js"
	"bbctl/internal/savefile"
)

// ReadFacts reads, through the facts module (bbctl/facts.js, 5.2 GB:
// getResetInfo, getServer and scp), what the agent cannot afford to ask for: the
// BitNode, its level and the cores of every server the world knows. bbctl
// starts the module where there is room (see module), asks, and tells it to
// exit, so its RAM is held only for the moment. It is for games whose save
// does not say (before 2.8.1) and for a Remote API that is not connected.
func (w *World) ReadFacts(ctx context.Context) (savefile.Facts, error) {
	if err := w.readAll(ctx, "home"); err != nil {
		return savefile.Facts{}, fmt.Errorf("facts: %w", err)
	}
	w.mu.Lock()
	hosts := make([]string, 0, len(w.known))
	for h := range w.known {
		hosts = append(hosts, h)
	}
	w.mu.Unlock()
	sort.Strings(hosts)
	if err := w.module(ctx, ModuleFacts, js.FactsScript); err != nil {
		return savefile.Facts{}, fmt.Errorf("facts: %w", err)
	}
	defer w.b.StopModule(context.WithoutCancel(ctx), ModuleFacts)
	res, err := w.b.CallModule(ctx, ModuleFacts, []Call{{Fn: "reset", Args: []any{}}, {Fn: "hosts", Args: []any{hosts}}})
	if err != nil {
		return savefile.Facts{}, fmt.Errorf("facts: %w", err)
	}
	for _, r := range res {
		if err := r.Err(); err != nil {
			return savefile.Facts{}, fmt.Errorf("facts: %w", err)
		}
	}
	return parseFacts(res[0].Value, res[1].Value, hosts)
}

// parseFacts reads the facts module's answers: reset (the BitNode and the
// Source-File levels owned and overridden, as [BitNode, level] pairs) and
// hosts (the cores of each host; 0 for one that is gone).
func parseFacts(reset, cores json.RawMessage, hosts []string) (savefile.Facts, error) {
	var r struct {
		Node      int      `json:"node"`
		Owned     [][2]int `json:"owned"`
		Overrides [][2]int `json:"overrides"`
	}
	if err := json.Unmarshal(reset, &r); err != nil {
		return savefile.Facts{}, fmt.Errorf("facts: getResetInfo answer %.100s: %w", reset, err)
	}
	if r.Node < 1 {
		return savefile.Facts{}, fmt.Errorf("facts: getResetInfo answer %.100s: no current BitNode", reset)
	}
	// The active level is the override when the BitNode's options set
	// one, else the level owned; plus one.
	active := func(n int) int {
		lvl := 0
		for _, p := range r.Owned {
			if p[0] == n {
				lvl = p[1]
			}
		}
		for _, p := range r.Overrides {
			if p[0] == n {
				lvl = p[1]
			}
		}
		return lvl
	}
	lvl := active(r.Node)
	var per []int
	if err := json.Unmarshal(cores, &per); err != nil || len(per) != len(hosts) {
		return savefile.Facts{}, fmt.Errorf("facts: getServer answer %.100s: want the cores of each of %d hosts", cores, len(hosts))
	}
	f := savefile.Facts{BitNode: r.Node, BitNodeLevel: lvl + 1, Cores: map[string]int{}, Singularity: game.SingularityLevel(r.Node, active(4))}
	for i, h := range hosts {
		if per[i] >= 1 {
			f.Cores[h] = per[i]
		}
	}
	return f, nil
}

// The agent keeps the facts bbctl learned (from the save or the facts
// module) for the next bbctl to connect to it: a bbctl restarted against a
// 2.x game has no Remote API to read the save with, and every GB the facts
// module needs may be held by running workers. The BitNode and its level
// change only with a reset, which ends the agent; home's cores can grow
// meanwhile, which the next reading (save or module) brings in.

// kept is the JSON form of the facts the agent keeps.
type kept struct {
	BitNode      int            `json:"bitnode"`
	BitNodeLevel int            `json:"bitnode_level"`
	Cores        map[string]int `json:"cores"`
	Singularity  int            `json:"singularity,omitempty"`
}

// Bounds of kept facts, which come back from the game as outside input.
const (
	maxKeptBytes = 64 << 10 // the agent's MAX_KEPT
	maxKeptHosts = 4096
	maxKeptCores = 1024
)

// encodeKept returns the form of f the agent keeps.
func encodeKept(f savefile.Facts) (string, error) {
	b, err := json.Marshal(kept{BitNode: f.BitNode, BitNodeLevel: f.BitNodeLevel, Cores: f.Cores, Singularity: f.Singularity})
	if err != nil {
		return "", err
	}
	if len(b) > maxKeptBytes {
		return "", fmt.Errorf("the facts take %d bytes, more than the agent keeps (%d)", len(b), maxKeptBytes)
	}
	return string(b), nil
}

// decodeKept reads facts the agent kept, checking every value.
func decodeKept(text string) (savefile.Facts, error) {
	if len(text) > maxKeptBytes {
		return savefile.Facts{}, fmt.Errorf("kept facts: %d bytes, more than %d", len(text), maxKeptBytes)
	}
	var k kept
	if err := json.Unmarshal([]byte(text), &k); err != nil {
		return savefile.Facts{}, fmt.Errorf("kept facts %.100q: %w", text, err)
	}
	if _, err := game.BitNodeMultipliers(k.BitNode, k.BitNodeLevel); err != nil {
		return savefile.Facts{}, fmt.Errorf("kept facts: %w", err)
	}
	if k.Singularity < 0 || k.Singularity > 3 {
		return savefile.Facts{}, fmt.Errorf("kept facts: Singularity API level %d, want 0 to 3", k.Singularity)
	}
	if len(k.Cores) > maxKeptHosts {
		return savefile.Facts{}, fmt.Errorf("kept facts: cores of %d hosts, more than %d", len(k.Cores), maxKeptHosts)
	}
	for h, n := range k.Cores {
		if h == "" || len(h) > 256 {
			return savefile.Facts{}, fmt.Errorf("kept facts: hostname %.100q", h)
		}
		if n < 1 || n > maxKeptCores {
			return savefile.Facts{}, fmt.Errorf("kept facts: %s has %d cores, want 1 to %d", h, n, maxKeptCores)
		}
	}
	return savefile.Facts{BitNode: k.BitNode, BitNodeLevel: k.BitNodeLevel, Cores: k.Cores, Singularity: k.Singularity}, nil
}

// KeepFacts gives f to the connected agent to keep for the next bbctl
// (RecallFacts).
func (w *World) KeepFacts(ctx context.Context, f savefile.Facts) error {
	text, err := encodeKept(f)
	if err != nil {
		return err
	}
	res, err := w.b.Call(ctx, []Call{{Fn: "keep", Args: []any{text}}})
	if err == nil {
		err = res[0].Err()
	}
	if err != nil {
		return fmt.Errorf("giving the agent the facts to keep: %w", err)
	}
	return nil
}

// RecallFacts returns the facts the connected agent keeps for bbctl, and
// false when it keeps none.
func (w *World) RecallFacts(ctx context.Context) (savefile.Facts, bool, error) {
	res, err := w.b.Call(ctx, []Call{{Fn: "recall", Args: []any{}}})
	if err == nil {
		err = res[0].Err()
	}
	if err != nil {
		return savefile.Facts{}, false, fmt.Errorf("asking the agent for the facts it keeps: %w", err)
	}
	var text string
	if err := json.Unmarshal(res[0].Value, &text); err != nil {
		return savefile.Facts{}, false, fmt.Errorf("the agent's kept facts %.100s: %w", res[0].Value, err)
	}
	if text == "" {
		return savefile.Facts{}, false, nil
	}
	f, err := decodeKept(text)
	return f, err == nil, err
}
