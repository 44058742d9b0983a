package live

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

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
	lvl := 0
	for _, p := range r.Owned {
		if p[0] == r.Node {
			lvl = p[1]
		}
	}
	for _, p := range r.Overrides {
		if p[0] == r.Node {
			lvl = p[1]
		}
	}
	var per []int
	if err := json.Unmarshal(cores, &per); err != nil || len(per) != len(hosts) {
		return savefile.Facts{}, fmt.Errorf("facts: getServer answer %.100s: want the cores of each of %d hosts", cores, len(hosts))
	}
	f := savefile.Facts{BitNode: r.Node, BitNodeLevel: lvl + 1, Cores: map[string]int{}}
	for i, h := range hosts {
		if per[i] >= 1 {
			f.Cores[h] = per[i]
		}
	}
	return f, nil
}
