package controller

import "bbctl/internal/world"

// bbctl is bbctl's own strategy: the income programme picks each target's
// batch shapes and rates (plan.go), and harvest batches are created one
// period apart with every operation launched just in time (target.go).
type bbctl struct{ c *Controller }

func (s bbctl) plan()                     { s.c.planIncome() }
func (s bbctl) fill(t *target)            { s.c.fill(t) }
func (s bbctl) wake(t *target) world.Time { return s.c.nextCreate(t) }
func (s bbctl) mayPrepare(*target) bool   { return true }
func (s bbctl) batchDone(*batch)          {}
