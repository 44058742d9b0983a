package gameemu

import (
	"fmt"
	"regexp"
	"strings"

	"bbctl/internal/game"
)

// functionRAM is the RAM cost in GB of the Netscript functions the emulator
// implements, plus names whose bare use the game charges heavily (the
// static checker matches identifiers by bare name).
var functionRAM = map[string]float64{
	"hack": 0.1, "grow": 0.15, "weaken": 0.15,
	"exec": 1.3, "run": 1.0, "spawn": 2.0, "kill": 0.5, "killall": 0.5,
	"ps": 0.2, "scan": 0.2, "ls": 0.2, "scp": 0.6,
	"nuke": 0.05, "brutessh": 0.05, "ftpcrack": 0.05, "relaysmtp": 0.05, "httpworm": 0.05, "sqlinject": 0.05,
	"getPlayer": 0.5, "getServer": 2.0, "fileExists": 0.1,
	"getServerMoneyAvailable": 0.1, "getServerMaxMoney": 0.1, "getServerSecurityLevel": 0.1,
	"getServerMinSecurityLevel": 0.1, "getServerBaseSecurityLevel": 0.1,
	"getServerRequiredHackingLevel": 0.1, "getServerGrowth": 0.1, "getServerNumPortsRequired": 0.1,
	"getServerMaxRam": 0.05, "getServerUsedRam": 0.05, "hasRootAccess": 0.05, "getHostname": 0.05,
	"share": 2.4, "getResetInfo": 1.0,
	// Bare names that collide with costly functions.
	"connect": 32, "getData": 5, "attempt": 10,
}

// specialRAM are identifiers charged even as property names.
var specialRAM = map[string]float64{"window": 25, "document": 25}

var identRE = regexp.MustCompile(`[A-Za-z_$][A-Za-z0-9_$]*`)

// StaticRAM computes a script's RAM per thread the way the game's static
// checker does for the functions the emulator knows: 1.6 GB plus every
// distinct charged identifier once, capped at 1024 GB.
func StaticRAM(src string) (game.RAM, error) {
	if !strings.Contains(src, "function main") {
		return 0, fmt.Errorf("no main function")
	}
	seen := map[string]bool{}
	sum := 1.6
	for _, id := range identRE.FindAllString(stripJS(src), -1) {
		if seen[id] {
			continue
		}
		seen[id] = true
		sum += functionRAM[id] + specialRAM[id]
	}
	if sum > 1024 {
		sum = 1024
	}
	return game.GB(sum), nil
}

// stripJS blanks comments and string contents, which hold no identifiers.
func stripJS(src string) string {
	var b strings.Builder
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			b.WriteByte('\n')
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			j := strings.Index(src[i+2:], "*/")
			if j < 0 {
				return b.String()
			}
			i += j + 3
		case c == '"' || c == '\'' || c == '`':
			b.WriteString(`""`)
			for i++; i < len(src) && src[i] != c; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
