package game

import (
	"math/rand/v2"
)

// NetServer is a server of a generated network with its place in the tree.
type NetServer struct {
	Server
	Layer  int      // hops from home; 0 for home and for servers not linked at creation
	Parent string   // the neighbour one hop closer to home; "" for home and unlinked servers
	Links  []string // neighbours in scan() order: the parent first, then the children
}

// Network is one rolled game network: home, then every catalogue server but
// darkweb in catalogue order.
type Network struct {
	Servers []NetServer
	index   map[string]int
}

// Lookup returns the server named host, or nil if there is none.
func (n *Network) Lookup(host string) *NetServer {
	i, ok := n.index[host]
	if !ok {
		return nil
	}
	return &n.Servers[i]
}

// Home returns home.
func (n *Network) Home() *NetServer { return &n.Servers[0] }

// NewHome returns home as a new game starts it: 8 GB, 1 core, root,
// purchased, no money and security 1.
func NewHome() Server {
	return Server{
		Hostname:             HomeHostname,
		Organization:         "Home PC",
		HasAdminRights:       true,
		PurchasedByPlayer:    true,
		HackDifficulty:       1,
		MinDifficulty:        1,
		BaseDifficulty:       1,
		RequiredHackingSkill: 1,
		ServerGrowth:         1,
		MaxRAM:               8 * GiB,
		Cores:                1,
	}
}

// GenerateNetwork builds a network the way the game does: every catalogue
// server is constructed in order with its ranges drawn from rng (see
// Construct), then each server of layer 1 is linked to home and each server
// of layer L > 1 to one server of layer L−1 chosen uniformly. For V3 a
// server with a layer L also draws its cores uniformly from [ceil(L/2), L],
// right after its other draws; for V261 every server has 1 core.
//
// darkweb is left out (it is unreachable until TOR is bought and holds no
// money and no RAM); w0r1d_d43m0n is included but unlinked. The same rng
// state gives the same network.
func GenerateNetwork(rng *rand.Rand, bn *BitNodeMults, v Version) *Network {
	roll := func(lo, hi int64) int64 { return lo + rng.Int64N(hi-lo+1) }
	n := &Network{
		Servers: make([]NetServer, 0, len(catalogue)),
		index:   make(map[string]int, len(catalogue)),
	}
	n.add(NetServer{Server: NewHome()})
	var layers [NetworkLayers + 1][]int
	for _, spec := range catalogue {
		if spec.Hostname == DarkwebHostname {
			continue
		}
		s := Construct(spec, roll, bn)
		if v >= V3 && spec.NetworkLayer > 0 {
			l := int64(spec.NetworkLayer)
			s.Cores = int(roll((l+1)/2, l))
		}
		i := n.add(NetServer{Server: s, Layer: spec.NetworkLayer})
		if spec.NetworkLayer > 0 {
			layers[spec.NetworkLayer] = append(layers[spec.NetworkLayer], i)
		}
	}
	for _, i := range layers[1] {
		n.link(0, i)
	}
	for l := 2; l <= NetworkLayers; l++ {
		prev := layers[l-1]
		for _, i := range layers[l] {
			n.link(prev[rng.IntN(len(prev))], i)
		}
	}
	return n
}

func (n *Network) add(s NetServer) int {
	n.index[s.Hostname] = len(n.Servers)
	n.Servers = append(n.Servers, s)
	return len(n.Servers) - 1
}

// link makes the server at index parent the parent of the one at child.
func (n *Network) link(parent, child int) {
	p, c := &n.Servers[parent], &n.Servers[child]
	p.Links = append(p.Links, c.Hostname)
	c.Links = append(c.Links, p.Hostname)
	c.Parent = p.Hostname
}

// NewNetworkRNG returns the random source bbctl rolls the network of a seed
// with, so that every command given the same seed sees the same network.
func NewNetworkRNG(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x6e6574)) // "net"
}
