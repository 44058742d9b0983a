package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"bbctl/internal/game"
	"bbctl/internal/sim"
)

// MaxServers bounds a servers list: a game has about 100 servers (the
// network, 25 purchased, hacknet servers).
const MaxServers = 2000

// maxServerRAM is the most RAM a server may have: 2^30 GB, the game's
// largest home.
const maxServerRAM = (1 << 30) * game.GiB

// ServerList is the servers of an explicit network. Its JSON decoding
// names the server and field of a bad value: servers[3].ram "-8GB": …
type ServerList []Server

// UnmarshalJSON decodes the list server by server, refusing unknown fields.
func (l *ServerList) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return errors.New("servers: want a list of servers")
	}
	if len(raw) == 0 {
		return errors.New("servers: empty (leave the field out to roll the network from seed)")
	}
	if len(raw) > MaxServers {
		return fmt.Errorf("servers: %d listed, want at most %d", len(raw), MaxServers)
	}
	out := make(ServerList, len(raw))
	for i, r := range raw {
		if err := out[i].decode(r); err != nil {
			return fmt.Errorf("servers[%d]%w", i, err)
		}
	}
	*l = out
	return nil
}

// decode reads one server; its errors start with the field: ".ram …".
func (s *Server) decode(b []byte) error {
	type plain Server
	aux := struct {
		*plain
		RAM     json.RawMessage `json:"ram"`
		RAMUsed json.RawMessage `json:"ram_used"`
	}{plain: (*plain)(s)}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&aux); err != nil {
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &te) && te.Field != "":
			return fmt.Errorf(".%s: want %s, not a JSON %s", strings.TrimPrefix(te.Field, "plain."), kind(te.Type.Kind().String()), te.Value)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return fmt.Errorf(": unknown field %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
		case errors.As(err, &te):
			return errors.New(": want a JSON object")
		}
		return fmt.Errorf(": %w", err)
	}
	if len(aux.RAM) == 0 || string(aux.RAM) == "null" {
		return errors.New(".ram: missing")
	}
	var err error
	if s.RAM, err = fieldRAM("ram", aux.RAM); err != nil {
		return err
	}
	if len(aux.RAMUsed) > 0 && string(aux.RAMUsed) != "null" {
		s.RAMUsed, err = fieldRAM("ram_used", aux.RAMUsed)
	}
	return err
}

// fieldRAM decodes the RAM field name; its error starts with the field.
func fieldRAM(name string, raw json.RawMessage) (RAM, error) {
	var r RAM
	if err := r.UnmarshalJSON(raw); err != nil {
		return 0, fmt.Errorf(".%s %s: want a number of GB ≥ 0 or a string such as \"64GB\"", name, raw)
	}
	return r, nil
}

// kind names a Go kind in a player's words.
func kind(k string) string {
	switch {
	case strings.HasPrefix(k, "int"), strings.HasPrefix(k, "uint"):
		return "a whole number"
	case strings.HasPrefix(k, "float"):
		return "a number"
	case k == "string":
		return "a string"
	case k == "bool":
		return "true or false"
	case k == "slice":
		return "a list"
	}
	return "a " + k
}

// validateServers checks an explicit network and names the first bad
// field: servers[3].links: "x" is not a listed server.
func validateServers(list []Server) error {
	if len(list) == 0 {
		return nil
	}
	if len(list) > MaxServers {
		return fmt.Errorf("servers: %d listed, want at most %d", len(list), MaxServers)
	}
	index := make(map[string]int, len(list))
	for i, s := range list {
		switch {
		case s.Hostname == "":
			return fmt.Errorf("servers[%d].hostname: missing", i)
		case strings.TrimSpace(s.Hostname) != s.Hostname || strings.IndexFunc(s.Hostname, unicode.IsControl) >= 0 || len(s.Hostname) > 256:
			return fmt.Errorf("servers[%d].hostname %q: want a name without control characters or spaces around it", i, s.Hostname)
		}
		if j, dup := index[s.Hostname]; dup {
			return fmt.Errorf("servers[%d].hostname %q: already servers[%d]", i, s.Hostname, j)
		}
		index[s.Hostname] = i
	}
	if _, ok := index[game.HomeHostname]; !ok {
		return fmt.Errorf("servers: no server named %q", game.HomeHostname)
	}
	for i, s := range list {
		at := fmt.Sprintf("servers[%d] (%s)", i, s.Hostname)
		seen := make(map[string]bool, len(s.Links))
		for _, l := range s.Links {
			j, ok := index[l]
			switch {
			case !ok:
				return fmt.Errorf("%s.links: %q is not a listed server", at, l)
			case l == s.Hostname:
				return fmt.Errorf("%s.links: links to itself", at)
			case seen[l]:
				return fmt.Errorf("%s.links: %q listed twice", at, l)
			case !contains(list[j].Links, s.Hostname):
				return fmt.Errorf("%s.links: %q does not link back (links go both ways)", at, l)
			}
			seen[l] = true
		}
		if s.Parent != "" && !seen[s.Parent] {
			return fmt.Errorf("%s.parent %q: not one of its links", at, s.Parent)
		}
		if err := s.validateNumbers(); err != nil {
			return fmt.Errorf("%s.%w", at, err)
		}
	}
	return nil
}

// validateNumbers checks a server's numeric fields.
func (s Server) validateNumbers() error {
	switch {
	case s.Depth < 0:
		return fmt.Errorf("depth %d: want ≥ 0", s.Depth)
	case s.RequiredHacking < 0:
		return fmt.Errorf("required_hacking %d: want ≥ 0", s.RequiredHacking)
	case s.Ports < 0 || s.Ports > 5:
		return fmt.Errorf("ports %d: want 0..5", s.Ports)
	case s.RAM < 0 || game.RAM(s.RAM) > maxServerRAM:
		return fmt.Errorf("ram %v: want 0 to 2^30 GB", game.RAM(s.RAM))
	case s.RAMUsed < 0 || s.RAMUsed > s.RAM:
		return fmt.Errorf("ram_used %v: want 0 to its ram (%v)", game.RAM(s.RAMUsed), game.RAM(s.RAM))
	case s.RAMUsed > 0 && !s.Root && s.Hostname != game.HomeHostname:
		return fmt.Errorf("ram_used %v: scripts run only where the player has root (root is false)", game.RAM(s.RAMUsed))
	case s.Cores < 1 || s.Cores > 128:
		return fmt.Errorf("cores %d: want 1..128", s.Cores)
	case bad(s.MoneyMax) || s.MoneyMax < 0:
		return fmt.Errorf("money_max %v: want a finite number ≥ 0", s.MoneyMax)
	case bad(s.Money) || s.Money < 0:
		return fmt.Errorf("money %v: want a finite number ≥ 0", s.Money)
	case bad(s.MinSecurity) || s.MinSecurity < 0:
		return fmt.Errorf("min_security %v: want a finite number ≥ 0", s.MinSecurity)
	case bad(s.Security) || s.Security < s.MinSecurity:
		return fmt.Errorf("security %v: want a finite number ≥ min_security (%v)", s.Security, s.MinSecurity)
	case bad(s.BaseSecurity) || s.BaseSecurity < s.MinSecurity:
		return fmt.Errorf("base_security %v: want a finite number ≥ min_security (%v)", s.BaseSecurity, s.MinSecurity)
	case bad(s.Growth) || s.Growth < 0:
		return fmt.Errorf("growth %v: want a finite number ≥ 0", s.Growth)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// simConfig is the simulator's form of s.
func (s Server) simConfig() sim.ServerConfig {
	return sim.ServerConfig{
		Server: game.Server{
			Hostname: s.Hostname, Organization: s.Organization,
			HasAdminRights: s.Root || s.Hostname == game.HomeHostname, PurchasedByPlayer: s.Purchased,
			HackDifficulty: s.Security, MinDifficulty: s.MinSecurity, BaseDifficulty: s.BaseSecurity,
			RequiredHackingSkill: s.RequiredHacking, MoneyAvailable: s.Money, MoneyMax: s.MoneyMax,
			ServerGrowth: s.Growth, NumOpenPortsRequired: s.Ports, MaxRAM: game.RAM(s.RAM), RAMUsed: game.RAM(s.RAMUsed), Cores: s.Cores,
		},
		Links: append([]string(nil), s.Links...),
	}
}

// ServerFrom is the scenario form of a server of a game and its links.
func ServerFrom(g game.Server, links []string) Server {
	return Server{
		Hostname: g.Hostname, Organization: g.Organization, Links: append([]string{}, links...),
		Root: g.HasAdminRights, Purchased: g.PurchasedByPlayer,
		RequiredHacking: g.RequiredHackingSkill, Ports: g.NumOpenPortsRequired, RAM: RAM(g.MaxRAM), RAMUsed: RAM(g.RAMUsed), Cores: max(g.Cores, 1),
		MoneyMax: g.MoneyMax, Money: g.MoneyAvailable,
		MinSecurity: g.MinDifficulty, Security: g.HackDifficulty, BaseSecurity: g.BaseDifficulty, Growth: g.ServerGrowth,
	}
}
