package controller

import (
	"bbctl/internal/logline"
	"fmt"
)

// Pause stops the controller from starting new work: no new batches, no
// new preparation. Work in flight lands as planned and its RAM is freed as
// it ends. Resume undoes it.
func (c *Controller) Pause() {
	if !c.paused {
		c.paused = true
		c.logf(logline.Warn, "paused: no new work starts until resumed")
	}
}

// Resume lets a paused controller start new work again.
func (c *Controller) Resume() {
	if c.paused {
		c.paused = false
		c.logf(logline.Info, "resumed")
	}
}

// Paused reports whether the controller is paused.
func (c *Controller) Paused() bool { return c.paused }

// Exclude keeps host out of (or, with excluded false, lets it back into)
// the plan. An excluded target gets no new work; what is in flight lands.
func (c *Controller) Exclude(host string, excluded bool) error {
	t := c.targets[host]
	if t == nil {
		return fmt.Errorf("exclude %q: not a known target", host)
	}
	if t.excluded == excluded {
		return nil
	}
	t.excluded = excluded
	if excluded {
		c.logf(logline.Warn, "%s excluded from the plan by the player", host)
	} else {
		c.logf(logline.Info, "%s allowed back into the plan", host)
	}
	c.planDirty = true
	c.lastPlan = c.now - c.cfg.ReplanMS // replan now
	return nil
}
