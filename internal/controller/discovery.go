package controller

import (
	"errors"

	"bbctl/internal/game"
	"bbctl/internal/hacking"
	"bbctl/internal/logline"
	"bbctl/internal/memory"
	"bbctl/internal/world"
)

// Observe feeds the controller a reading of the world.
func (c *Controller) Observe(s Snapshot) {
	c.tick(s.At)
	c.readFrom = min(s.From, s.At)
	if s.From == 0 {
		c.readFrom = s.At
	}
	c.refreshing = false
	c.nextRefresh = c.now + c.cfg.RefreshMS
	c.observePlayer(s.Player)
	seen := make(map[string]bool, len(s.Servers))
	for i := range s.Servers {
		srv := s.Servers[i]
		seen[srv.Hostname] = true
		c.observeServer(srv)
	}
	for host, si := range c.servers {
		if !seen[host] {
			c.forget(host, si)
		}
	}
	if !c.started && c.adoptWait == 0 && c.adoptProcs == nil {
		c.beginAdoption()
	}
	if c.started {
		c.checkTargets()
	}
}

func (c *Controller) observePlayer(p world.Player) {
	old := c.player
	c.player = p
	c.exp.add(c.now, p.HackingExp, p.Hacking)
	if p.BitNode != old.BitNode || p.BitNodeLevel != old.BitNodeLevel {
		bn, err := game.BitNodeMultipliers(max(p.BitNode, 1), max(p.BitNodeLevel, 1))
		if err != nil {
			c.logf(logline.Warn, "player: %v; using BitNode 1 multipliers", err)
			bn = game.DefaultBitNodeMults()
		}
		c.bn = bn
		c.planDirty = true
	}
	c.env = hacking.Env{Person: p.Person(), BN: &c.bn, Version: game.V3}
	if p.Hacking != c.planLevel {
		c.planDirty = true
	}
	if len(p.Programs) != len(old.Programs) {
		for _, si := range c.servers {
			si.tried = -1 // new openers: try rooting again
		}
	}
}

// observeServer updates discovery, the ledger and the target list for one
// server.
func (c *Controller) observeServer(srv game.Server) {
	si := c.servers[srv.Hostname]
	if si == nil {
		si = &serverInfo{tried: -1}
		c.servers[srv.Hostname] = si
	}
	wasRoot := si.srv.HasAdminRights
	si.srv = srv
	home := srv.Hostname == "home"
	if home {
		si.copied = true
	}
	if !srv.HasAdminRights {
		if !si.rooting && si.tried != len(c.player.Programs) && srv.NumOpenPortsRequired <= len(c.player.Programs) {
			si.rooting = true
			c.ready.Root = append(c.ready.Root, srv.Hostname)
		}
	} else if !wasRoot && !home && c.started {
		c.logf(logline.Success, "rooted %s", srv.Hostname)
	}
	if memory.IsWorker(srv) {
		if !si.copied {
			if !si.copying {
				si.copying = true
				c.ready.Copy = append(c.ready.Copy, srv.Hostname)
			}
		} else {
			c.updateWorker(si)
		}
	}
	if isTarget(&srv) {
		t := c.targets[srv.Hostname]
		if t == nil {
			t = &target{host: srv.Hostname}
			c.targets[srv.Hostname] = t
			c.order = append(c.order, t)
			c.orderChanged()
			c.planDirty = true
		}
		t.srv = srv
		t.seenAt = c.now
	}
}

// isTarget reports whether s can ever be hacked for money.
func isTarget(s *game.Server) bool {
	return s.MoneyMax > 0 && !s.PurchasedByPlayer && s.Hostname != "home"
}

func (c *Controller) updateWorker(si *serverInfo) {
	before, had := c.ledger.Worker(si.srv.Hostname)
	if err := c.ledger.UpdateServer(si.srv); err != nil {
		c.logf(logline.Error, "ledger: %v", err)
		return
	}
	after, ok := c.ledger.Worker(si.srv.Hostname)
	si.worker = ok
	if ok && (!had || before.Total != after.Total || before.Cores != after.Cores) {
		c.planDirty = true
	}
	// Used RAM below the ledger's view: a process we do not own ended;
	// recount reserved RAM from ps.
	if ok && !si.ps && si.srv.RAMUsed < after.Reserved+after.Allocated && after.Reserved > 0 {
		si.ps = true
		c.ready.ReadProcs = append(c.ready.ReadProcs, si.srv.Hostname)
	}
}

func (c *Controller) forget(host string, si *serverInfo) {
	if si.worker {
		if err := c.ledger.RemoveServer(host); err != nil {
			c.logf(logline.Error, "ledger: %v", err)
		}
		c.planDirty = true
	}
	delete(c.servers, host)
	c.handleNotices()
}

// Rooted reports the outcome of a Root action.
func (c *Controller) Rooted(host string, err error) {
	si := c.servers[host]
	if si == nil {
		return
	}
	si.rooting = false
	si.tried = len(c.player.Programs)
	if err != nil {
		c.logf(logline.Warn, "root %s: %v", host, err)
		return
	}
	c.refreshSoon()
}

// Copied reports the outcome of a Copy action.
func (c *Controller) Copied(host string, err error) {
	si := c.servers[host]
	if si == nil {
		return
	}
	si.copying = false
	if errors.Is(err, world.ErrDisconnected) {
		// The world cannot copy for now (a live game whose Remote API is
		// not connected): say it once, and try again at each reading.
		if !c.copyWaiting {
			c.copyWaiting = true
			c.logf(logline.Warn, "copy workers to %s: %v; servers without the workers wait for it", host, err)
		}
		return
	}
	if err != nil {
		c.logf(logline.Warn, "copy workers to %s: %v", host, err)
		return
	}
	if c.copyWaiting {
		c.copyWaiting = false
		c.logf(logline.Info, "copy workers: copying again")
	}
	si.copied = true
	c.updateWorker(si)
}

// isOurs reports whether p is a worker bbctl launched.
func isOurs(p world.Process) bool {
	if _, ok := world.WorkerOp(p.Filename); !ok {
		return false
	}
	a, err := world.ParseWorkerArgs(p.Args)
	if err != nil {
		return false
	}
	_, err = parseTag(a.Tag)
	return err == nil
}

// handleNotices acts on what the ledger queued (chunks lost with a server).
func (c *Controller) handleNotices() {
	for _, n := range c.ledger.Drain() {
		if n.Kind != memory.Lost {
			continue
		}
		for _, cl := range n.Claims {
			if o := c.byPID[cl.PID]; o != nil {
				c.logf(logline.Warn, "%s lost with server %s", o.b.tag(o.role), cl.Host)
				c.opGone(o, true)
				c.failBatch(o.b, o.role, "")
				c.done(o)
			}
		}
	}
}
