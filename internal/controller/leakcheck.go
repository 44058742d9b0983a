package controller

import (
	"context"
	"fmt"

	"bbctl/internal/memory"
	"bbctl/internal/world"
)

// ReadView reads what the leak check compares the ledger with: the RAM and
// processes of every server the ledger books.
func ReadView(ctx context.Context, w world.World, hosts []string) (memory.WorldView, error) {
	var v memory.WorldView
	for _, host := range hosts {
		srv, err := w.Server(ctx, host)
		if err != nil {
			return v, fmt.Errorf("leak check: %w", err)
		}
		ps, err := w.Ps(ctx, host)
		if err != nil {
			return v, fmt.Errorf("leak check: %w", err)
		}
		v.Servers = append(v.Servers, memory.ServerView{Host: host, MaxRAM: srv.MaxRAM, UsedRAM: srv.RAMUsed, Processes: ps})
	}
	return v, nil
}

// LeakCheck compares c's ledger with w and returns every inconsistency;
// none means no RAM is leaked or double-booked.
func LeakCheck(ctx context.Context, w world.World, c *Controller) ([]memory.Problem, error) {
	snap := c.ledger.Snapshot()
	hosts := make([]string, len(snap.Workers))
	for i, ws := range snap.Workers {
		hosts[i] = ws.Host
	}
	v, err := ReadView(ctx, w, hosts)
	if err != nil {
		return nil, err
	}
	return memory.Check(snap, v), nil
}
