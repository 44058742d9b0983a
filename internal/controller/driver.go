package controller

import (
	"context"
	"errors"
	"fmt"

	"bbctl/internal/game"
	"bbctl/internal/world"
)

// RunOptions tune Run.
type RunOptions struct {
	// Until stops the run when the world's clock reaches it (0: never).
	Until world.Time
	// Log receives the controller's log lines (nil: dropped).
	Log func(LogLine)
	// Every, if set, is called after each step with the controller, so a
	// caller can show progress or restart it; returning a non-nil error
	// stops the run with that error.
	Every func(*Controller) error
}

// Run drives c on w until ctx is done, opt.Until is reached, or the world
// fails: it carries out what c decides and feeds back what happens.
func Run(ctx context.Context, w world.World, c *Controller, opt RunOptions) error {
	for {
		if err := Act(ctx, w, c, opt.Log); err != nil {
			return err
		}
		if opt.Every != nil {
			if err := opt.Every(c); err != nil {
				return err
			}
		}
		if opt.Until > 0 && w.Now() >= opt.Until {
			return nil
		}
		wake := c.Wake()
		if opt.Until > 0 && wake > opt.Until {
			wake = opt.Until
		}
		ev, err := w.Next(ctx, wake)
		if err != nil {
			return err
		}
		c.Step(ev)
	}
}

// Act carries out everything c wants done now, in the order of Ready's
// contract, feeding each result back, until it wants nothing more.
func Act(ctx context.Context, w world.World, c *Controller, log func(LogLine)) error {
	for {
		r := c.Ready()
		if r.Empty() {
			return nil
		}
		if log != nil {
			for _, l := range r.Logs {
				log(l)
			}
		}
		// In the order of Ready's contract: kills before execs.
		if len(r.Kills) > 0 {
			c.Killed(r.Kills, w.Kill(ctx, r.Kills))
		}
		if len(r.Execs) > 0 {
			c.Launched(w.Exec(ctx, r.Execs))
		}
		for _, host := range r.Root {
			c.Rooted(host, root(ctx, w, host))
		}
		for _, host := range r.Copy {
			c.Copied(host, w.Copy(ctx, host, world.WorkerScripts()...))
		}
		for _, host := range r.ReadProcs {
			ps, err := w.Ps(ctx, host)
			c.Processes(host, ps, err)
		}
		if len(r.ScanContracts) > 0 || len(r.Attempts) > 0 {
			doContracts(ctx, w, c, r)
		}
		if r.StockRead || len(r.StockTrades) > 0 {
			doStocks(ctx, w, c, r)
		}
		if r.Refresh {
			s, err := read(ctx, w, len(c.servers))
			if err != nil {
				return err
			}
			c.Observe(s)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// doContracts lists, reads and answers coding contracts when the world has
// them, and tells the controller when it does not.
func doContracts(ctx context.Context, w world.World, c *Controller, r Ready) {
	cw, ok := w.(world.Contracts)
	if !ok {
		c.ContractsUnsupported(world.ErrUnsupported)
		for _, host := range r.ScanContracts {
			c.ContractsFound(host, nil, nil)
		}
		return
	}
	for _, host := range r.ScanContracts {
		files, err := cw.ContractFiles(ctx, host)
		if errors.Is(err, world.ErrUnsupported) {
			c.ContractsUnsupported(err)
		}
		var found []world.ContractInfo
		for _, f := range files {
			info, ferr := cw.Contract(ctx, host, f)
			if ferr != nil {
				err = ferr
				continue
			}
			found = append(found, info)
		}
		c.ContractsFound(host, found, err)
	}
	for _, a := range r.Attempts {
		reward, err := cw.Attempt(ctx, a.Host, a.File, a.Answer)
		c.ContractAttempted(a, reward, err)
	}
}

// root opens every port the player can on host, then nukes it.
func root(ctx context.Context, w world.World, host string) error {
	p, err := w.Player(ctx)
	if err != nil {
		return err
	}
	for _, prog := range p.Programs {
		if err := w.OpenPort(ctx, host, prog); err != nil {
			return err
		}
	}
	return w.Nuke(ctx, host)
}

// Read takes a snapshot of w: the player and every server reachable from
// home, in breadth-first order.
func Read(ctx context.Context, w world.World) (Snapshot, error) { return read(ctx, w, 0) }

// read is Read with room made for about n servers (the controller reads
// the network every second: its last count saves growing the lists).
func read(ctx context.Context, w world.World, n int) (Snapshot, error) {
	p, err := w.Player(ctx)
	if err != nil {
		return Snapshot{}, fmt.Errorf("read player: %w", err)
	}
	s := Snapshot{From: w.Now(), Player: p, Servers: make([]game.Server, 0, n)}
	seen := make(map[string]bool, n)
	seen["home"] = true
	queue := make([]string, 1, n+1)
	queue[0] = "home"
	for len(queue) > 0 {
		host := queue[0]
		queue = queue[1:]
		srv, err := w.Server(ctx, host)
		if err != nil {
			return Snapshot{}, fmt.Errorf("read server %s: %w", host, err)
		}
		s.Servers = append(s.Servers, srv)
		links, err := w.Scan(ctx, host)
		if err != nil {
			return Snapshot{}, fmt.Errorf("scan %s: %w", host, err)
		}
		for _, l := range links {
			if !seen[l] {
				seen[l] = true
				queue = append(queue, l)
			}
		}
	}
	s.At = w.Now()
	return s, nil
}

// doStocks reads the stock market and executes the trader's orders when
// the world has a market.
func doStocks(ctx context.Context, w world.World, c *Controller, r Ready) {
	sw, ok := w.(world.Stocks)
	if !ok {
		if r.StockRead {
			c.StockMarketRead(world.StockMarket{}, &world.OpError{Op: "stock market", Err: world.ErrUnsupported})
		}
		return
	}
	for _, t := range r.StockTrades {
		price, err := sw.StockTrade(ctx, t.Order)
		c.StockTraded(t, price, err)
	}
	if r.StockRead {
		m, err := sw.StockMarket(ctx)
		c.StockMarketRead(m, err)
	}
}
