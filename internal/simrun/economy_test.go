package simrun

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"bbctl/internal/economy"
)

// TestFreshEconomy runs the first 40 minutes of fresh with each spender:
// the money is one account (the money at the end is the start plus what
// was earned less what was spent), bbctl and old buy, none buys nothing
// itself, the advice-following player buys programs in every run, and
// the summary has the economy's keys.
func TestFreshEconomy(t *testing.T) {
	t.Parallel() // seconds of CPU: runs beside the package's other tests
	sc := load(t, "fresh")
	for _, name := range Spenders {
		sum, err := Run(context.Background(), Options{Scenario: sc, Duration: 40 * time.Minute, Spender: name})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		earned, spent := 0.0, 0.0
		for _, v := range sum.Earned {
			earned += v
		}
		for _, v := range sum.Spent {
			spent += v
		}
		if want := sc.Player.Money + earned - spent; math.Abs(sum.MoneyEnd-want) > 1e-6*math.Max(1, want) {
			t.Errorf("%s: money at the end %v, want $1,000 + earned %v − spent %v = %v", name, sum.MoneyEnd, earned, spent, want)
		}
		bought := sum.Purchases[string(economy.KindHacknetNode)] + sum.Purchases[string(economy.KindServer)]
		switch {
		case name == "none" && bought != 0:
			t.Errorf("none bought %v", sum.Purchases)
		case name != "none" && bought == 0:
			t.Errorf("%s bought nothing: %v", name, sum.Purchases)
		}
		if sum.Spender != name || len(sum.RAMOwned) != 1 || sum.RAMOwned[0] != 8 || sum.HackingLevel.End <= 1 {
			t.Errorf("%s: summary %+v", name, sum)
		}
		if name == "bbctl" && sum.Purchases[string(economy.KindProgram)] == 0 {
			t.Errorf("bbctl: the player followed no advice: %v", sum.Purchases)
		}
		b, err := json.Marshal(sum)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{`"money_end"`, `"income_last_hour"`, `"earned"`, `"spent"`, `"ram_owned"`, `"purchases"`, `"hacknet"`, `"programs"`} {
			if !strings.Contains(string(b), k) {
				t.Errorf("%s: the JSON summary has no %s", name, k)
			}
		}
	}
}
