package sim

import (
	"context"
	"errors"
	"regexp"
	"testing"

	"bbctl/internal/contracts"
	"bbctl/internal/world"
)

func TestContracts(t *testing.T) {
	ctx := context.Background()
	w, err := New(Config{Seed: 7, ContractsPerHour: 600})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Next(ctx, 3600*1000); err != nil {
		t.Fatal(err)
	}
	var found []world.ContractInfo
	for _, h := range w.Hosts() {
		files, err := w.ContractFiles(ctx, h)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			info, err := w.Contract(ctx, h, f)
			if err != nil {
				t.Fatal(err)
			}
			if info.TriesLeft != contracts.NumTries(info.Type) {
				t.Errorf("%s/%s: %d tries, want %d", h, f, info.TriesLeft, contracts.NumTries(info.Type))
			}
			found = append(found, info)
		}
	}
	if n := int64(len(found)); n < 400 || n != w.Stats().ContractsPlaced {
		t.Fatalf("%d contracts found, %d placed in an hour at 600/h", n, w.Stats().ContractsPlaced)
	}
	money := w.money
	solved := 0
	for _, c := range found[:20] {
		ans, err := contracts.Solve(c.Type, c.Data)
		if err != nil {
			t.Fatalf("%s: %v", c.Type, err)
		}
		reward, err := w.Attempt(ctx, c.Host, c.File, world.ContractAnswer{JSON: ans.JSON, String: ans.String})
		if err != nil || reward == "" {
			t.Fatalf("right answer to %s: %q, %v", c.Type, reward, err)
		}
		// The reward is a money figure like every other: "$375.000m".
		if !rewardText.MatchString(reward) {
			t.Errorf("reward %q: want Gained and a figure as game.FormatMoney writes it", reward)
		}
		solved++
		if _, err := w.Contract(ctx, c.Host, c.File); !errors.Is(err, world.ErrFileMissing) {
			t.Errorf("a solved contract is still there: %v", err)
		}
	}
	if w.money <= money || w.Stats().ContractsSolved != int64(solved) {
		t.Errorf("no reward: money %v → %v", money, w.money)
	}

	// A wrong answer uses a try; the last try removes the contract. A
	// malformed one is refused and uses none.
	c := found[len(found)-1]
	if _, err := w.Attempt(ctx, c.Host, c.File, world.ContractAnswer{JSON: []byte(`{"not":"an answer"}`)}); err == nil {
		t.Error("malformed answer accepted")
	}
	info, _ := w.Contract(ctx, c.Host, c.File)
	if info.TriesLeft != contracts.NumTries(c.Type) {
		t.Errorf("a malformed answer used a try")
	}
	wrong := wrongAnswer(t, c)
	for i := 0; i < info.TriesLeft; i++ {
		reward, err := w.Attempt(ctx, c.Host, c.File, wrong)
		if err != nil || reward != "" {
			t.Fatalf("wrong answer: %q, %v", reward, err)
		}
	}
	if _, err := w.Contract(ctx, c.Host, c.File); !errors.Is(err, world.ErrFileMissing) {
		t.Errorf("contract survived its last try: %v", err)
	}
	if _, err := w.Attempt(ctx, "nowhere", "x.cct", wrong); !errors.Is(err, world.ErrUnknownHost) {
		t.Errorf("unknown host: %v", err)
	}
}

// wrongAnswer returns a well-formed answer to c that the checker rejects.
func wrongAnswer(t *testing.T, c world.ContractInfo) world.ContractAnswer {
	t.Helper()
	for _, cand := range []string{`0`, `1`, `-1`, `""`, `"x"`, `[]`, `[0]`, `[[0,0]]`, `["x"]`, `"0"`} {
		ok, err := contracts.Check(c.Type, c.Data, []byte(cand))
		if err == nil && !ok {
			return world.ContractAnswer{JSON: []byte(cand), String: cand}
		}
	}
	t.Skipf("no simple wrong answer for %s", c.Type)
	return world.ContractAnswer{}
}

var rewardText = regexp.MustCompile(`^Gained \$\d+\.\d{3}[kmbtq]$`)
