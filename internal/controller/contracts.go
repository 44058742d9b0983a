package controller

import (
	"errors"
	"fmt"
	"sort"

	"bbctl/internal/contracts"
	"bbctl/internal/logline"
	"bbctl/internal/world"
)

// contractScanMS is how often every server is searched for coding
// contracts.
const contractScanMS world.Time = 60000

// recentContracts is how many outcomes ContractStats keeps.
const recentContracts = 10

// ContractAttempt is an answer the controller wants submitted.
type ContractAttempt struct {
	Host, File, Type string
	Answer           world.ContractAnswer
}

// ContractStats counts what the contracts service did.
type ContractStats struct {
	Enabled bool              `json:"enabled"` // the world has contracts
	Found   int               `json:"found"`
	Solved  int               `json:"solved"`
	Failed  int               `json:"failed"`  // wrong answers: a solver bug
	Skipped int               `json:"skipped"` // unknown types and bad data, left to the player
	Recent  []ContractOutcome `json:"recent"`  // the last few, newest last
}

// ContractOutcome is what became of one contract.
type ContractOutcome struct {
	At     world.Time `json:"at"`
	Host   string     `json:"host"`
	File   string     `json:"file"`
	Type   string     `json:"type"`
	Result string     `json:"result"` // the reward, or why not
	OK     bool       `json:"ok"`
}

// contractBook is the contracts service's memory: which contracts it has
// dealt with, so each is attempted once.
type contractBook struct {
	enabled  bool
	next     world.Time
	scanning int                 // hosts whose answer is awaited
	waiting  bool                // told that the world has no room for contracts yet
	seen     map[string]struct{} // host/file of contracts handled
	stats    ContractStats
}

func contractKey(host, file string) string { return host + "/" + file }

// scanContracts asks for the contracts of every known server when a scan
// is due.
func (c *Controller) scanContracts() {
	b := &c.cct
	if !b.enabled || b.scanning > 0 || c.now < b.next {
		return
	}
	b.next = c.now + contractScanMS
	for host := range c.servers {
		c.ready.ScanContracts = append(c.ready.ScanContracts, host)
	}
	sort.Strings(c.ready.ScanContracts)
	b.scanning = len(c.ready.ScanContracts)
}

// ContractsUnsupported tells the controller that its world has no
// contracts: the service stops.
func (c *Controller) ContractsUnsupported(why error) {
	if c.cct.enabled {
		c.cct.enabled = false
		c.cct.stats.Enabled = false
		c.logf(logline.Info, "coding contracts: not available in this world (%v)", why)
	}
}

// ContractsFound reports the contracts on host (the answer to
// ScanContracts). Each new one is solved and its answer queued; a type the
// solvers do not know, or data they cannot read, is left for the player.
func (c *Controller) ContractsFound(host string, found []world.ContractInfo, err error) {
	b := &c.cct
	if b.scanning > 0 {
		b.scanning--
	}
	switch {
	case errors.Is(err, world.ErrUnsupported):
		return // said once by ContractsUnsupported
	case errors.Is(err, world.ErrNotEnoughRAM):
		// The world cannot start what contracts need yet (a module with
		// no server to run on): say so once, not once per host.
		if !b.waiting {
			b.waiting = true
			var oe *world.OpError
			if errors.As(err, &oe) {
				err = oe.Err
			}
			c.logf(logline.Info, "coding contracts: %v", err)
		}
		return
	case err != nil:
		c.logf(logline.Warn, "coding contracts on %s: %v", host, err)
		return
	}
	if b.waiting {
		b.waiting = false
		c.logf(logline.Info, "coding contracts: searching every server")
	}
	for _, info := range found {
		key := contractKey(host, info.File)
		if _, ok := b.seen[key]; ok {
			continue
		}
		b.seen[key] = struct{}{}
		b.stats.Found++
		ans, err := contracts.Solve(info.Type, info.Data)
		if err != nil {
			b.stats.Skipped++
			why := "unreadable data"
			if errors.Is(err, contracts.ErrUnknownType) {
				why = "unknown type"
			}
			c.contractOutcome(host, info, fmt.Sprintf("left for the player: %s (%v)", why, err), false)
			c.logf(logline.Warn, "contract %s on %s (%s) left for the player: %v", info.File, host, info.Type, err)
			continue
		}
		c.ready.Attempts = append(c.ready.Attempts, ContractAttempt{
			Host: host, File: info.File, Type: info.Type,
			Answer: world.ContractAnswer{JSON: ans.JSON, String: ans.String},
		})
	}
}

// ContractAttempted reports the outcome of an Attempt.
func (c *Controller) ContractAttempted(a ContractAttempt, reward string, err error) {
	b := &c.cct
	info := world.ContractInfo{Host: a.Host, File: a.File, Type: a.Type}
	switch {
	case err != nil:
		// Nothing was submitted: try again at the next scan.
		delete(b.seen, contractKey(a.Host, a.File))
		b.stats.Found--
		c.logf(logline.Warn, "contract %s on %s (%s): %v", a.File, a.Host, a.Type, err)
	case reward == "":
		b.stats.Failed++
		c.contractOutcome(a.Host, info, "wrong answer", false)
		c.logf(logline.Error, "contract %s on %s (%s): wrong answer", a.File, a.Host, a.Type)
	default:
		b.stats.Solved++
		c.contractOutcome(a.Host, info, reward, true)
		c.logf(logline.Success, "contract %s on %s (%s): %s", a.File, a.Host, a.Type, reward)
	}
}

func (c *Controller) contractOutcome(host string, info world.ContractInfo, result string, ok bool) {
	s := &c.cct.stats
	s.Recent = append(s.Recent, ContractOutcome{At: c.now, Host: host, File: info.File, Type: info.Type, Result: result, OK: ok})
	if len(s.Recent) > recentContracts {
		s.Recent = append(s.Recent[:0], s.Recent[len(s.Recent)-recentContracts:]...)
	}
}

// ContractStats returns what the contracts service did.
func (c *Controller) ContractStats() ContractStats {
	s := c.cct.stats
	s.Recent = append([]ContractOutcome(nil), s.Recent...)
	return s
}
