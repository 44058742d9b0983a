package savefile

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// save builds a save's JSON text as the game writes it: the player and the
// servers are JSON texts inside the save object.
func save(t testing.TB, player, servers string) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{
		"ctor": "BitburnerSaveObject",
		"data": map[string]any{"PlayerSave": player, "AllServersSave": servers, "CompaniesSave": "{}"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const servers = `{"home":{"ctor":"Server","data":{"hostname":"home","cpuCores":8,"maxRam":1024}},` +
	`"n00dles":{"ctor":"Server","data":{"hostname":"n00dles","cpuCores":1}},` +
	`"hacknet-server-0":{"ctor":"HacknetServer","data":{"hostname":"hacknet-server-0","cpuCores":3}}}`

func player(fields string) string {
	return `{"ctor":"PlayerObject","data":{"money":1e9,` + fields + `}}`
}

func TestParse(t *testing.T) {
	cores := map[string]int{"home": 8, "n00dles": 1, "hacknet-server-0": 3}
	for _, tt := range []struct {
		name   string
		player string
		node   int
		level  int
		sing   int // the Singularity API's level
	}{
		{"fresh game", player(`"bitNodeN":1,"sourceFiles":{"ctor":"JSONMap","data":[]}`), 1, 1, 0},
		{"no source files at all", player(`"bitNodeN":1`), 1, 1, 0},
		{"the Source-File of the node", player(`"bitNodeN":12,"sourceFiles":{"ctor":"JSONMap","data":[[1,3],[12,41]]}`), 12, 42, 0},
		{"another node's Source-File", player(`"bitNodeN":5,"sourceFiles":{"ctor":"JSONMap","data":[[1,3]]}`), 5, 1, 0},
		{"an override", player(`"bitNodeN":2,"sourceFiles":{"ctor":"JSONMap","data":[[2,3]]},` +
			`"bitNodeOptions":{"sourceFileOverrides":{"ctor":"JSONMap","data":[[2,1]]}}`), 2, 2, 0},
		{"an override to 0", player(`"bitNodeN":2,"sourceFiles":{"ctor":"JSONMap","data":[[2,3]]},` +
			`"bitNodeOptions":{"sourceFileOverrides":{"ctor":"JSONMap","data":[[2,0]]}}`), 2, 1, 0},
		{"an override of another node", player(`"bitNodeN":2,"sourceFiles":{"ctor":"JSONMap","data":[[2,3]]},` +
			`"bitNodeOptions":{"sourceFileOverrides":{"ctor":"JSONMap","data":[[4,0]]}}`), 2, 4, 0},
		{"Source-File 4", player(`"bitNodeN":1,"sourceFiles":{"ctor":"JSONMap","data":[[4,2]]}`), 1, 1, 2},
		{"Source-File 4 overridden", player(`"bitNodeN":1,"sourceFiles":{"ctor":"JSONMap","data":[[4,3]]},` +
			`"bitNodeOptions":{"sourceFileOverrides":{"ctor":"JSONMap","data":[[4,0]]}}`), 1, 1, 0},
		{"BitNode 4", player(`"bitNodeN":4`), 4, 1, 3},
	} {
		got, err := Parse(save(t, tt.player, servers))
		want := Facts{BitNode: tt.node, BitNodeLevel: tt.level, Cores: cores, Singularity: tt.sing}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Parse = %+v, %v; want %+v", tt.name, got, err, want)
		}
	}
}

func TestParseServersWithoutCores(t *testing.T) {
	got, err := Parse(save(t, player(`"bitNodeN":1`), `{"x":{"ctor":"Server","data":{"hostname":"x"}},"home":{"ctor":"Server","data":{"cpuCores":2}}}`))
	if err != nil || !reflect.DeepEqual(got.Cores, map[string]int{"home": 2}) {
		t.Errorf("Parse = %+v, %v; want only home's cores, named by its key", got, err)
	}
}

func TestParseErrors(t *testing.T) {
	good := player(`"bitNodeN":1`)
	for _, tt := range []struct {
		name string
		save []byte
		want string
	}{
		{"not JSON", []byte("\x1f\x8b gzip"), "save:"},
		{"another object", []byte(`{"ctor":"Something","data":{}}`), "want BitburnerSaveObject"},
		{"no player", []byte(`{"ctor":"BitburnerSaveObject","data":{"AllServersSave":"{}"}}`), "no PlayerSave"},
		{"player not JSON", save(t, "{", servers), "PlayerSave"},
		{"player of another class", save(t, `{"ctor":"Sleeve","data":{"bitNodeN":1}}`, servers), "want PlayerObject"},
		{"no BitNode", save(t, player(`"money":1`), servers), "no bitNodeN"},
		{"BitNode 0", save(t, player(`"bitNodeN":0`), servers), "not a BitNode number"},
		{"BitNode 1.5", save(t, player(`"bitNodeN":1.5`), servers), "not a BitNode number"},
		{"source files not a map", save(t, player(`"bitNodeN":1,"sourceFiles":[{"n":1,"lvl":2}]`), servers), "sourceFiles"},
		{"source files of another class", save(t, player(`"bitNodeN":1,"sourceFiles":{"ctor":"JSONSet","data":[]}`), servers), "want JSONMap"},
		{"a triple", save(t, player(`"bitNodeN":1,"sourceFiles":{"ctor":"JSONMap","data":[[1,2,3]]}`), servers), "pair"},
		{"a negative level", save(t, player(`"bitNodeN":1,"sourceFiles":{"ctor":"JSONMap","data":[[1,-1]]}`), servers), "pair"},
		{"a bad override", save(t, player(`"bitNodeN":1,"bitNodeOptions":{"sourceFileOverrides":{"ctor":"JSONMap","data":[[0,1]]}}`), servers), "sourceFileOverrides"},
		{"servers not JSON", save(t, good, "["), "AllServersSave"},
		{"zero cores", save(t, good, `{"home":{"ctor":"Server","data":{"cpuCores":0}}}`), "cpuCores"},
		{"half a core", save(t, good, `{"home":{"ctor":"Server","data":{"cpuCores":1.5}}}`), "cpuCores"},
	} {
		_, err := Parse(tt.save)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Parse error %v, want one mentioning %q", tt.name, err, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(save(f, player(`"bitNodeN":12,"sourceFiles":{"ctor":"JSONMap","data":[[12,3]]}`), servers))
	f.Add([]byte(`{"ctor":"BitburnerSaveObject","data":{"PlayerSave":"","AllServersSave":""}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		facts, err := Parse(b)
		if err != nil {
			return
		}
		if facts.BitNode < 1 || facts.BitNodeLevel < 1 {
			t.Fatalf("Parse accepted BitNode %d level %d", facts.BitNode, facts.BitNodeLevel)
		}
		for h, c := range facts.Cores {
			if c < 1 {
				t.Fatalf("Parse accepted %d cores on %q", c, h)
			}
		}
	})
}

func TestParseStockAccess(t *testing.T) {
	got, err := Parse(save(t, player(`"bitNodeN":1,"hasWseAccount":true,"hasTixApiAccess":false,"has4SData":true,"has4SDataTixApi":false`), servers))
	if err != nil || got.Stocks == nil || *got.Stocks != (StockAccess{WSE: true, Data4S: true}) {
		t.Errorf("Parse = %+v, %v", got.Stocks, err)
	}
	got, err = Parse(save(t, player(`"bitNodeN":1`), servers))
	if err != nil || got.Stocks != nil {
		t.Errorf("a save without the fields: %+v, %v", got.Stocks, err)
	}
}
