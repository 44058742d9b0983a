package market

// R is an inclusive integer range of the catalogue; a value is rolled as
// randInt(Min, Max) with one draw.
type R struct{ Min, Max int }

// Spec is one stock of the game's catalogue (InitStockMetadata), before its
// ranges are rolled.
type Spec struct {
	Symbol    string
	Name      string // the organisation: links servers and companies to the stock
	Bull      bool   // starting direction
	Mag       float64
	Price     R       // initial price, $
	MarketCap float64 // sets totalShares and maxShares
	MV        R       // maximum move per update in hundredths of a percent
	Spread    R       // half-spread in tenths of a percent
	Tx        R       // shares per forecast movement
	Servers   []string
}

// Catalogue returns the game's 33 stocks in catalogue order, which is the
// order of construction, of updates and of random draws. The caller may
// modify the result.
func Catalogue() []Spec {
	out := make([]Spec, len(catalogue))
	copy(out, catalogue[:])
	for i := range out {
		out[i].Servers = append([]string(nil), out[i].Servers...)
	}
	return out
}

// catalogue is transcribed from the game's data/InitStockMetadata.ts
// (2.6.1; unchanged in 3.x), with the servers whose organizationName is the
// stock's name.
var catalogue = [...]Spec{
	{"ECP", "ECorp", true, 19, R{17000, 28000}, 2400000000000, R{40, 50}, R{1, 5}, R{30000, 90000}, []string{"ecorp"}},
	{"MGCP", "MegaCorp", true, 19, R{24000, 34000}, 2400000000000, R{40, 50}, R{1, 5}, R{30000, 90000}, []string{"megacorp"}},
	{"BLD", "Blade Industries", true, 13, R{12000, 25000}, 1600000000000, R{70, 80}, R{1, 6}, R{30000, 90000}, []string{"blade"}},
	{"CLRK", "Clarke Incorporated", true, 12, R{10000, 25000}, 1500000000000, R{65, 75}, R{1, 5}, R{30000, 90000}, []string{"clarkinc"}},
	{"OMTK", "OmniTek Incorporated", true, 12, R{32000, 43000}, 1800000000000, R{60, 70}, R{1, 6}, R{30000, 90000}, []string{"omnitek"}},
	{"FSIG", "Four Sigma", true, 17, R{50000, 80000}, 2000000000000, R{100, 110}, R{1, 10}, R{30000, 90000}, []string{"4sigma"}},
	{"KGI", "KuaiGong International", true, 10, R{16000, 28000}, 1900000000000, R{75, 85}, R{1, 7}, R{30000, 90000}, []string{"kuai-gong"}},
	{"FLCM", "Fulcrum Technologies", true, 16, R{29000, 36000}, 2000000000000, R{120, 130}, R{1, 10}, R{30000, 90000}, []string{"fulcrumtech", "fulcrumassets"}},
	{"STM", "Storm Technologies", true, 7, R{20000, 25000}, 1200000000000, R{80, 90}, R{2, 10}, R{36000, 108000}, []string{"stormtech"}},
	{"DCOMM", "DefComm", true, 10, R{6000, 19000}, 900000000000, R{60, 70}, R{2, 10}, R{36000, 108000}, []string{"defcomm"}},
	{"HLS", "Helios Labs", true, 9, R{10000, 18000}, 825000000000, R{55, 65}, R{2, 10}, R{36000, 108000}, []string{"helios"}},
	{"VITA", "VitaLife", true, 7, R{8000, 14000}, 1000000000000, R{70, 80}, R{2, 10}, R{36000, 108000}, []string{"vitalife"}},
	{"ICRS", "Icarus Microsystems", true, 7.5, R{12000, 24000}, 800000000000, R{60, 70}, R{3, 10}, R{36000, 108000}, []string{"icarus"}},
	{"UNV", "Universal Energy", true, 10, R{16000, 29000}, 900000000000, R{50, 60}, R{2, 10}, R{36000, 108000}, []string{"univ-energy"}},
	{"AERO", "AeroCorp", true, 6, R{8000, 17000}, 640000000000, R{55, 65}, R{3, 10}, R{42000, 126000}, []string{"aerocorp"}},
	{"OMN", "Omnia Cybersystems", true, 4.5, R{6000, 15000}, 600000000000, R{65, 75}, R{4, 11}, R{42000, 126000}, []string{"omnia"}},
	{"SLRS", "Solaris Space Systems", true, 8.5, R{14000, 28000}, 705000000000, R{70, 80}, R{4, 12}, R{42000, 126000}, []string{"solaris"}},
	{"GPH", "Global Pharmaceuticals", true, 10.5, R{12000, 30000}, 695000000000, R{55, 65}, R{4, 10}, R{42000, 126000}, []string{"global-pharm"}},
	{"NVMD", "Nova Medical", true, 5, R{15000, 27000}, 600000000000, R{70, 80}, R{4, 11}, R{42000, 126000}, []string{"nova-med"}},
	{"WDS", "Watchdog Security", true, 1.5, R{4000, 8500}, 450000000000, R{240, 260}, R{5, 12}, R{12000, 54000}, []string{}},
	{"LXO", "LexoCorp", true, 6, R{4500, 8000}, 300000000000, R{115, 135}, R{5, 12}, R{36000, 108000}, []string{"lexo-corp"}},
	{"RHOC", "Rho Construction", true, 1, R{2000, 7000}, 180000000000, R{50, 70}, R{3, 10}, R{60000, 126000}, []string{"rho-construction"}},
	{"APHE", "Alpha Enterprises", true, 10, R{4000, 8500}, 240000000000, R{175, 205}, R{5, 16}, R{30000, 90000}, []string{"alpha-ent"}},
	{"SYSC", "SysCore Securities", true, 3, R{3000, 8000}, 200000000000, R{150, 170}, R{5, 12}, R{15000, 90000}, []string{"syscore"}},
	{"CTK", "CompuTek", true, 4, R{1000, 6000}, 185000000000, R{80, 100}, R{4, 12}, R{60000, 126000}, []string{"computek"}},
	{"NTLK", "NetLink Technologies", true, 1, R{1000, 5000}, 58000000000, R{200, 400}, R{5, 20}, R{18000, 54000}, []string{"netlink"}},
	{"OMGA", "Omega Software", true, 0.5, R{1000, 8000}, 60000000000, R{90, 110}, R{4, 13}, R{30000, 90000}, []string{"omega-net"}},
	{"FNS", "FoodNStuff", false, 1, R{500, 4500}, 45000000000, R{70, 80}, R{6, 10}, R{60000, 180000}, []string{"foodnstuff"}},
	{"SGC", "Sigma Cosmetics", true, 0, R{1500, 3500}, 30000000000, R{100, 275}, R{6, 14}, R{20000, 70000}, []string{"sigma-cosmetics"}},
	{"JGN", "Joe's Guns", true, 1, R{250, 1500}, 42000000000, R{200, 350}, R{6, 14}, R{15000, 52000}, []string{"joesguns"}},
	{"CTYS", "Catalyst Ventures", true, 13.5, R{250, 1500}, 100000000000, R{120, 175}, R{5, 14}, R{24000, 72000}, []string{"catalyst"}},
	{"MDYN", "Microdyne Technologies", true, 8, R{15000, 30000}, 360000000000, R{70, 80}, R{3, 10}, R{90000, 216000}, []string{"microdyne"}},
	{"TITN", "Titan Laboratories", true, 11, R{12000, 24000}, 420000000000, R{50, 70}, R{2, 10}, R{90000, 216000}, []string{"titan-labs"}},
}
