package game

import (
	"encoding/json"
	"math"
	"testing"

	"bbctl/internal/refdata"
)

type opSequences struct {
	Count     int `json:"count"`
	Sequences []struct {
		Name          string          `json:"name"`
		BN            json.RawMessage `json:"bn"`
		LevelFeedback bool            `json:"level_feedback"`
		Player        struct {
			Person
			Exp float64 `json:"exp"`
		} `json:"player"`
		Start Server `json:"start"`
		Ops   []struct {
			Op            string   `json:"op"`
			Threads       float64  `json:"threads"`
			Cores         int      `json:"cores"`
			Success       bool     `json:"success"`
			HackChance    *float64 `json:"hackChance"`
			HackPercent   *float64 `json:"hackPercent"`
			HackingBefore int      `json:"hackingBefore"`
			Returned      float64  `json:"returned"`
			Exp           float64  `json:"exp"`
			After         struct {
				MoneyAvailable float64 `json:"moneyAvailable"`
				HackDifficulty float64 `json:"hackDifficulty"`
				Hacking        int     `json:"hacking"`
				Exp            float64 `json:"exp"`
			} `json:"after"`
		} `json:"ops"`
	} `json:"sequences"`
}

// TestOpSequences replays every op of op-sequences.json through
// Server.Hack, Grow and Weaken, each step starting from the state the
// previous step recorded, and once more chained from the start state.
func TestOpSequences(t *testing.T) {
	var f opSequences
	refdata.LoadJSON(t, "game/op-sequences.json", &f)
	if len(f.Sequences) != f.Count || f.Count != 22 {
		t.Fatalf("%d sequences, count %d, want 22", len(f.Sequences), f.Count)
	}
	steps := 0
	for _, seq := range f.Sequences {
		r := rowEval{in: rowIn{BN: seq.BN}}
		bn := r.bn()
		if r.err != nil {
			t.Fatalf("%s: bn: %v", seq.Name, r.err)
		}
		levelMult := seq.Player.Mults.Hacking * bn.HackingLevelMultiplier
		for _, chained := range []bool{false, true} {
			s := seq.Start
			s.HasAdminRights = true
			p := seq.Player.Person
			exp := seq.Player.Exp
			tol := 1e-12
			if chained {
				tol = 1e-9 // errors compound over a sequence
			}
			for i, op := range seq.Ops {
				steps++
				where := seq.Name + "/" + op.Op
				if !chained && i > 0 {
					prev := seq.Ops[i-1].After
					s.MoneyAvailable, s.HackDifficulty = prev.MoneyAvailable, prev.HackDifficulty
					if seq.LevelFeedback {
						exp = prev.Exp
					}
				}
				if seq.LevelFeedback {
					if op.HackingBefore != p.Hacking {
						t.Errorf("%s step %d (chained %v): level %d, recorded %d", where, i, chained, p.Hacking, op.HackingBefore)
					}
					p.Hacking = op.HackingBefore
				}
				var returned, gained float64
				switch op.Op {
				case "hack":
					if op.HackChance != nil {
						checkClose(t, where, i, "hackChance", HackChance(&s, &p, V261), *op.HackChance, tol)
					}
					if op.HackPercent != nil {
						checkClose(t, where, i, "hackPercent", HackPercent(&s, &p, bn), *op.HackPercent, tol)
					}
					returned, gained = s.Hack(op.Threads, op.Success, &p, bn)
				case "grow":
					returned, gained = s.Grow(op.Threads, op.Cores, &p, bn)
				case "weaken":
					var removed float64
					before := s.HackDifficulty
					returned, removed, gained = s.Weaken(op.Threads, op.Cores, &p, bn)
					if removed != before-s.HackDifficulty || removed > returned+1e-12 || removed < 0 {
						t.Errorf("%s step %d: removed %v of nominal %v, security %v -> %v", where, i, removed, returned, before, s.HackDifficulty)
					}
				default:
					t.Fatalf("%s step %d: unknown op %q", seq.Name, i, op.Op)
				}
				checkClose(t, where, i, "returned", returned, op.Returned, tol)
				checkClose(t, where, i, "exp", gained, op.Exp, tol)
				checkClose(t, where, i, "moneyAvailable", s.MoneyAvailable, op.After.MoneyAvailable, tol)
				checkClose(t, where, i, "hackDifficulty", s.HackDifficulty, op.After.HackDifficulty, tol)
				if seq.LevelFeedback {
					exp += gained
					checkClose(t, where, i, "after.exp", exp, op.After.Exp, tol)
					p.Hacking = SkillFromExp(exp, levelMult)
					if p.Hacking != op.After.Hacking {
						t.Errorf("%s step %d: level after %d, want %d", where, i, p.Hacking, op.After.Hacking)
					}
				}
			}
		}
	}
	if steps != 2*183 {
		t.Errorf("replayed %d steps, want 2×183", steps)
	}
}

func checkClose(t *testing.T, where string, step int, what string, got, want, tol float64) {
	t.Helper()
	if got == want || math.Abs(got-want) <= tol*math.Abs(want) {
		return
	}
	t.Errorf("%s step %d: %s = %v, want %v", where, step, what, got, want)
}
