package controller

import (
	"fmt"
	"strconv"
	"strings"
)

// role is an operation's place in a batch.
type role uint8

const (
	roleHack    role = iota // H: steals
	roleWeaken1             // W1: removes the hack's security (or, in a prep batch, the excess)
	roleGrow                // G: restores the money
	roleWeaken2             // W2: removes the grow's security
	numRoles
)

var roleNames = [numRoles]string{"h", "w1", "g", "w2"}

func (r role) String() string { return roleNames[r] }

// batchKind says what a batch is for.
type batchKind uint8

const (
	harvestBatch batchKind = iota // HWGW on a prepared target
	prepBatch                     // W, G, W that brings a target to min security and max money
)

// tagPrefix starts every tag bbctl gives its workers.
const tagPrefix = "bb"

// tag identifies the batch and role of one worker process. Its text form,
// "bb:<epoch>:<seq>:<kind><role>" (e.g. "bb:lq3x:17:hw1"), is the worker's
// fourth argument (world.WorkerArgs.Tag), so a controller that restarts
// finds its work in ps.
type tag struct {
	epoch string // the controller run that launched it
	seq   uint64 // the batch within that run
	kind  batchKind
	role  role
}

func (t tag) String() string {
	k := "h"
	if t.kind == prepBatch {
		k = "p"
	}
	return tagPrefix + ":" + t.epoch + ":" + strconv.FormatUint(t.seq, 10) + ":" + k + t.role.String()
}

// parseTag decodes a tag; ok is false for anything that is not one of ours.
func parseTag(s string) (tag, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 4 || parts[0] != tagPrefix {
		return tag{}, fmt.Errorf("tag %q: not a bbctl tag", s)
	}
	if parts[1] == "" {
		return tag{}, fmt.Errorf("tag %q: empty epoch", s)
	}
	seq, err := strconv.ParseUint(parts[2], 10, 64)
	if err != nil {
		return tag{}, fmt.Errorf("tag %q: bad batch number", s)
	}
	kr := parts[3]
	if kr == "" {
		return tag{}, fmt.Errorf("tag %q: no role", s)
	}
	t := tag{epoch: parts[1], seq: seq}
	switch kr[0] {
	case 'h':
		t.kind = harvestBatch
	case 'p':
		t.kind = prepBatch
	default:
		return tag{}, fmt.Errorf("tag %q: unknown batch kind %q", s, kr[:1])
	}
	for r, name := range roleNames {
		if kr[1:] == name {
			t.role = role(r)
			return t, nil
		}
	}
	return tag{}, fmt.Errorf("tag %q: unknown role %q", s, kr[1:])
}
