package game_test

import (
	"fmt"

	"bbctl/internal/game"
)

// The threads a grow on 4 cores needs to take silver-helix from 1% of its
// money back to the maximum, at security 30 (MECHANICS §2.9).
func ExampleGrowThreads() {
	bn := game.DefaultBitNodeMults()
	s := &game.Server{HackDifficulty: 30, ServerGrowth: 30, MoneyMax: 1.125e9}
	p := &game.Person{Hacking: 1, Mults: game.DefaultMultipliers()}
	fmt.Println(game.GrowThreads(s, s.MoneyMax, 11.25e6, p, 4, &bn))
	// Output: 12931
}

// What a hack of 10 threads does to n00dles.
func ExampleServer_Hack() {
	bn := game.DefaultBitNodeMults()
	s := game.Server{HasAdminRights: true, RequiredHackingSkill: 1, HackDifficulty: 1, MinDifficulty: 1,
		BaseDifficulty: 1, ServerGrowth: 3000, MoneyAvailable: 70000, MoneyMax: 1750000}
	p := &game.Person{Hacking: 10, Mults: game.DefaultMultipliers()}
	stolen, exp := s.Hack(10, true, p, &bn)
	fmt.Println(stolen, exp, s.MoneyAvailable, s.HackDifficulty)
	// Output: 2887.5 33 67112.5 1.02
}

// A variable named connect is charged as singularity.connect.
func ExampleScriptRAM() {
	ram, charges, _ := game.ScriptRAM(`export async function main(ns) { const connect = ns.hack; }`, game.V3)
	fmt.Println(ram, charges)
	// Output: 33.7GB [{singularity.connect 32} {hack 0.1}]
}

// The same seed always rolls the same network.
func ExampleGenerateNetwork() {
	bn := game.DefaultBitNodeMults()
	n := game.GenerateNetwork(game.NewNetworkRNG(1), &bn, game.V3)
	home := n.Home()
	fmt.Println(home.Hostname, home.Links[:3], n.Lookup("n00dles").Parent)
	// Output: home [n00dles foodnstuff sigma-cosmetics] home
}
