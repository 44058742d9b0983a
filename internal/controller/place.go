package controller

import (
	"sort"

	"bbctl/internal/game"
	"bbctl/internal/hacking"
	"bbctl/internal/memory"
)

// hostsByCores lists the workers of each core count, for placement. The
// plan's batches are shaped for the cores of the workers they run on, so
// grow and weaken go where their cores are, and hacks, whose strength does
// not depend on cores, go to the workers with the fewest.
type hostsByCores struct {
	cores  []int            // ascending
	hosts  map[int][]string // by name
	of     map[string]int   // each host's cores
	orders map[int][]int    // order's answers so far
}

func (c *Controller) indexWorkers() {
	idx := hostsByCores{hosts: map[int][]string{}, of: map[string]int{}, orders: map[int][]int{}}
	for _, w := range c.ledger.Workers() {
		if len(idx.hosts[w.Cores]) == 0 {
			idx.cores = append(idx.cores, w.Cores)
		}
		idx.hosts[w.Cores] = append(idx.hosts[w.Cores], w.Host)
		idx.of[w.Host] = w.Cores
	}
	sort.Ints(idx.cores)
	c.byCores = idx
}

// order returns the core counts to try for an op that wants cores: that
// count first, then more cores (ascending), then fewer (descending). A
// hack (want 0) tries the fewest cores first. The answer is kept until
// the workers are indexed again; callers must not change it.
func (idx *hostsByCores) order(want int) []int {
	if out, ok := idx.orders[want]; ok {
		return out
	}
	out := make([]int, 0, len(idx.cores))
	for _, c := range idx.cores {
		if c >= want {
			out = append(out, c)
		}
	}
	for i := len(idx.cores) - 1; i >= 0; i-- {
		if idx.cores[i] < want {
			out = append(out, idx.cores[i])
		}
	}
	if idx.orders != nil {
		idx.orders[want] = out
	}
	return out
}

// bestFit returns the worker indexed with c cores whose free RAM fits size
// most tightly (ties: the first name), keeping large holes for large
// operations; "" if none fits. The ledger searches its workers by free
// RAM: placing a worker reads a few of them, not all.
func (c *Controller) bestFit(cores int, size game.RAM) string {
	host, _ := c.ledger.BestFit(size, func(h string) bool {
		n, ok := c.byCores.of[h]
		return ok && n == cores
	})
	return host
}

// book books size of RAM for o on host.
func (c *Controller) book(o *op, host string, size game.RAM) (memory.ID, bool) {
	g, err := c.ledger.Request(memory.Request{
		Owner: memory.ControllerOwner(), Label: o.b.t.label(o.role),
		ChunkSize: size, NumChunks: 1, Host: host,
	})
	if err != nil {
		return 0, false
	}
	return g.ID, true
}

// place books RAM for o on a worker with the cores it was shaped for if
// one has room, else on the nearest core count, resizing a grow or weaken
// that lands on fewer cores than planned. A hack no worker can hold is cut
// to what the roomiest one can (hack parts landing together would each see
// the security the previous one raised, while a smaller hack is covered by
// its weaken and grow); a harvest grow no single worker can hold is split
// into parts that land together, each sized at the security the others
// can raise (hacking.SplitGrow), as long as the batch's second weaken
// covers them; a weaken no single worker can hold is split into parts on
// several workers. It returns the parts (o first; the caller adds the
// others to the batch), or nil when the RAM is not there.
func (c *Controller) place(o *op) []*op {
	if c.placeWhole(o) {
		return []*op{o}
	}
	switch o.role {
	case roleGrow:
		if o.b.kind == harvestBatch {
			return c.placeSplitGrow(o)
		}
		return nil
	case roleHack:
		_, free := c.ledger.LargestFree()
		if n := int(free / o.worker().RAM()); n > 0 && n < o.threads {
			lost := o.threads - n
			o.threads = n
			if c.placeWhole(o) {
				c.stats.HacksCut++
				c.stats.CutThreads += lost
				return []*op{o}
			}
		}
		return nil
	}
	return c.placeSplit(o)
}

// holdShare bounds how long before its launch a hack's RAM may be booked,
// as a share of its run: at most a quarter more RAM-seconds.
const holdShare = 4

// holeFor hands the hole a harvest hack of t left on host when it landed
// to the next hack of t, if that one launches within a quarter of its run
// and the hole holds it whole: its RAM is booked there now (else it is
// placed at its launch, and cut if no worker holds it). Hacks launch last
// and briefly; on a small farm, where an operation takes half a worker or
// more, the grows and weakens of later batches launched meanwhile would
// take the RAM the landings freed, and the hack would find no hole.
func (c *Controller) holeFor(t *target, host string) {
	for len(t.hacksDue) > 0 {
		o := t.hacksDue[0]
		due := o.state == opPlanned && !o.prebooked()
		if due && (o.callAt-c.now)*holdShare > o.landAt-o.callAt {
			return // a later landing hands it a hole
		}
		t.hacksDue[0] = nil
		t.hacksDue = t.hacksDue[1:]
		if !due {
			continue
		}
		size := o.worker().RAM() * game.RAM(o.threads)
		if w, ok := c.ledger.Worker(host); ok && w.Free >= size {
			if id, ok := c.book(o, host, size); ok {
				o.host, o.alloc = host, id
				c.unpromise(o)
			}
		}
		return
	}
}

func (c *Controller) placeWhole(o *op) bool {
	ram := o.worker().RAM()
	want := o.cores
	if o.role == roleHack {
		want = 0
	}
	for _, cores := range c.byCores.order(want) {
		threads := o.threads
		if o.role != roleHack && cores < o.cores {
			threads = max(threads, c.resize(o, cores))
		}
		host := c.bestFit(cores, ram*game.RAM(threads))
		if host == "" {
			continue
		}
		id, ok := c.book(o, host, ram*game.RAM(threads))
		if !ok {
			continue
		}
		if o.role == roleGrow && threads > o.threads && !c.weakenCovers(o.b, threads) {
			// The grow's security would outlast its weaken: try fewer
			// cores' neighbours, or give up the grow (and so the hack).
			c.release(id)
			continue
		}
		if o.role != roleHack {
			o.cores = cores
		}
		o.threads, o.host, o.alloc = threads, host, id
		return true
	}
	return false
}

// placeSplit books a weaken's security removal over as many workers as it
// takes, in the order of preferred cores.
func (c *Controller) placeSplit(o *op) []*op {
	ram := o.worker().RAM()
	left := hacking.WeakenRemoves(o.threads, o.cores, c.env)
	var parts []*op
	for _, cores := range c.byCores.order(o.cores) {
		for _, host := range c.byCores.hosts[cores] {
			if left <= 1e-9 {
				break
			}
			w, ok := c.ledger.Worker(host)
			if !ok {
				continue
			}
			n := min(int(w.Free/ram), hacking.WeakenThreads(left, cores, c.env))
			if n <= 0 {
				continue
			}
			p := o
			if len(parts) > 0 {
				c.seq++
				p = &op{b: o.b, role: o.role, landAt: o.landAt, callAt: o.callAt, expected: o.expected, heapIdx: -1, seq: c.seq}
			}
			id, ok := c.book(p, host, ram*game.RAM(n))
			if !ok {
				continue
			}
			p.threads, p.cores, p.host, p.alloc = n, cores, host, id
			left -= hacking.WeakenRemoves(n, cores, c.env)
			parts = append(parts, p)
		}
	}
	if left > 1e-9 || len(parts) == 0 {
		for _, p := range parts {
			c.release(p.alloc)
			p.alloc, p.host = 0, "" // o is not booked: its caller cancels it
		}
		return nil
	}
	return parts
}

// maxGrowParts bounds the parts of a split grow.
const maxGrowParts = 8

// placeSplitGrow books a harvest grow that no single worker holds as parts
// on several workers, those whose threads grow the most first (the most
// cores, then the most free RAM), landing together. It gives up, booking
// nothing, when the parts would need more RAM than is free or more
// threads than the batch's second weaken covers.
func (c *Controller) placeSplitGrow(o *op) []*op {
	type room struct {
		host string
		hacking.GrowSlot
	}
	ram := o.worker().RAM()
	var rooms []room
	for _, cores := range c.byCores.cores {
		for _, host := range c.byCores.hosts[cores] {
			if w, ok := c.ledger.Worker(host); ok && w.Free >= ram {
				rooms = append(rooms, room{host, hacking.GrowSlot{Threads: int(w.Free / ram), Cores: cores}})
			}
		}
	}
	sort.Slice(rooms, func(i, j int) bool {
		a, b := rooms[i], rooms[j]
		if a.Cores != b.Cores {
			return a.Cores > b.Cores
		}
		if a.Threads != b.Threads {
			return a.Threads > b.Threads
		}
		return a.host < b.host
	})
	// The roomiest first among those of the most cores, but never more
	// parts than maxGrowParts: try the largest rooms alone if need be.
	if len(rooms) > maxGrowParts {
		sort.SliceStable(rooms, func(i, j int) bool {
			return float64(rooms[i].Threads)*game.CoreBonus(rooms[i].Cores) > float64(rooms[j].Threads)*game.CoreBonus(rooms[j].Cores)
		})
		rooms = rooms[:maxGrowParts]
		sort.SliceStable(rooms, func(i, j int) bool { return rooms[i].Cores > rooms[j].Cores })
	}
	slots := make([]hacking.GrowSlot, len(rooms))
	for i, r := range rooms {
		slots[i] = r.GrowSlot
	}
	threads, ok := hacking.SplitGrow(c.growsAgainst(o.b.t, o.b.hackCover() == roleWeaken2, o.b.threads(roleHack)), o.b.frac, slots, c.env)
	if !ok {
		return nil
	}
	total := 0
	for _, n := range threads {
		total += n
	}
	if !c.weakenCovers(o.b, total) {
		return nil
	}
	var parts []*op
	for i, n := range threads {
		if n == 0 {
			continue
		}
		p := o
		if len(parts) > 0 {
			c.seq++
			p = &op{b: o.b, role: o.role, landAt: o.landAt, callAt: o.callAt, expected: o.expected, heapIdx: -1, seq: c.seq}
		}
		id, ok := c.book(p, rooms[i].host, ram*game.RAM(n))
		if !ok {
			for _, q := range parts {
				c.release(q.alloc)
				q.alloc, q.host = 0, ""
			}
			return nil
		}
		p.threads, p.cores, p.host, p.alloc = n, rooms[i].Cores, rooms[i].host, id
		parts = append(parts, p)
	}
	return parts
}
