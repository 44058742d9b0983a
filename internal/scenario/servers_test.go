package scenario

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"bbctl/internal/game"
	"bbctl/internal/sim"
)

// twoServers is a small explicit network: home and one target.
const twoServers = `"servers":[
 {"hostname":"home","links":["n00dles"],"ram":"64GB","cores":2,"min_security":1,"security":1,"growth":1},
 {"hostname":"n00dles","links":["home"],"required_hacking":1,"ports":0,"ram":4,"money_max":1750000,"money":70000,
  "min_security":1,"security":1,"growth":3000}]`

func TestServersParse(t *testing.T) {
	s, err := Parse([]byte(`{"name":"x","duration":"1h",`+twoServers+`}`), "x.json")
	if err != nil {
		t.Fatal(err)
	}
	if s.Home != (Home{}) {
		t.Errorf("home = %+v, want it left to the servers list", s.Home)
	}
	w, err := sim.New(s.SimConfig())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	home, _ := w.Server(ctx, "home")
	if home.MaxRAM != 64*game.GiB || home.Cores != 2 || !home.HasAdminRights {
		t.Errorf("home = %+v", home)
	}
	n, _ := w.Server(ctx, "n00dles")
	if n.MoneyMax != 1750000 || n.BaseDifficulty != 1 || n.Cores != 1 || n.ServerGrowth != 3000 {
		t.Errorf("n00dles = %+v", n)
	}
	// The home field and purchased servers apply on top of the list.
	s, err = Parse([]byte(`{"name":"x","duration":"1h","home":{"ram":"1TB"},"purchased":[{"ram":"8GB","count":2}],`+twoServers+`}`), "x.json")
	if err != nil {
		t.Fatal(err)
	}
	w, _ = sim.New(s.SimConfig())
	home, _ = w.Server(ctx, "home")
	links, _ := w.Scan(ctx, "home")
	if home.MaxRAM != 1024*game.GiB || home.Cores != 2 || strings.Join(links, ",") != "n00dles,pserv-0,pserv-1" {
		t.Errorf("home = %v RAM %d cores, links %v", home.MaxRAM, home.Cores, links)
	}
}

func TestServersErrors(t *testing.T) {
	home := `{"hostname":"home","links":[],"ram":8,"min_security":1,"security":1}`
	srv := func(fields string) string {
		return `{"hostname":"home","links":["a"],"ram":8,"min_security":1,"security":1},` +
			`{"hostname":"a","links":["home"],"ram":8,"min_security":1,"security":1` + fields + `}`
	}
	tests := []struct {
		servers, want string
	}{
		{``, "servers: empty"},
		{`{"hostname":"a","links":[],"ram":8,"min_security":1,"security":1}`, `servers: no server named "home"`},
		{`{"hostname":"home","links":["x"],"ram":8,"min_security":1,"security":1}`, `servers[0] (home).links: "x" is not a listed server`},
		{`{"hostname":"home","links":["a"],"ram":8,"min_security":1,"security":1},{"hostname":"a","links":[],"ram":8,"min_security":1,"security":1}`,
			`servers[0] (home).links: "a" does not link back`},
		{home + `,` + home, `servers[1].hostname "home": already servers[0]`},
		{`{"links":[],"ram":8}`, "servers[0].hostname: missing"},
		{`{"hostname":" home","links":[],"ram":8}`, `servers[0].hostname " home"`},
		{`{"hostname":"ho\u0000me","links":[],"ram":8}`, `servers[0].hostname "ho\x00me"`},
		{`{"hostname":"home","links":[]}`, "servers[0].ram: missing"},
		{`{"hostname":"home","links":[],"ram":-8}`, "servers[0].ram -8"},
		{`{"hostname":"home","links":[],"ram":"-1TB"}`, `servers[0].ram "-1TB"`},
		{`{"hostname":"home","links":[],"ram":"lots"}`, `servers[0].ram "lots"`},
		{`{"hostname":"home","links":[],"ram":8,"cores":"two"}`, "servers[0].cores: want a whole number"},
		{`{"hostname":"home","links":[],"ram":8,"colour":"red"}`, `servers[0]: unknown field "colour"`},
		{`7`, "servers[0]: want a JSON object"},
		{srv(`,"cores":200`), "servers[1] (a).cores 200"},
		{srv(`,"ports":6`), "servers[1] (a).ports 6"},
		{srv(`,"money":-1`), "servers[1] (a).money -1"},
		{srv(`,"money_max":-1`), "servers[1] (a).money_max -1"},
		{srv(`,"required_hacking":-1`), "servers[1] (a).required_hacking -1"},
		{srv(`,"growth":-2`), "servers[1] (a).growth -2"},
		{srv(`,"security":0.5`), "servers[1] (a).security 0.5"},
		{srv(`,"min_security":-1,"security":0`), "servers[1] (a).min_security -1"},
		{srv(`,"parent":"b"`), `servers[1] (a).parent "b"`},
		{srv(`,"ram_used":16`), "servers[1] (a).ram_used 16GB: want 0 to its ram (8GB)"},
		{srv(`,"ram_used":4`), "servers[1] (a).ram_used 4GB: scripts run only where the player has root"},
		{srv(`,"ram_used":"lots"`), `servers[1].ram_used "lots"`},
	}
	for _, tt := range tests {
		js := fmt.Sprintf(`{"name":"x","duration":"1h","servers":[%s]}`, tt.servers)
		_, err := Parse([]byte(js), "snap.json")
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "snap.json") {
			t.Errorf("servers [%s]: error %v, want it to name snap.json and say %q", tt.servers, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("error of more than one line: %q", err)
		}
	}
	// The purchased limit counts the listed purchased servers.
	var list []string
	list = append(list, `{"hostname":"home","links":[],"ram":8,"min_security":1,"security":1}`)
	for i := range 20 {
		list = append(list, fmt.Sprintf(`{"hostname":"p%d","links":[],"ram":8,"min_security":1,"security":1,"purchased":true}`, i))
	}
	js := `{"name":"x","duration":"1h","purchased":[{"ram":"8GB","count":6}],"servers":[` + strings.Join(list, ",") + `]}`
	if _, err := Parse([]byte(js), "x.json"); err == nil || !strings.Contains(err.Error(), "26 servers in all") {
		t.Errorf("26 purchased servers: %v", err)
	}
}
