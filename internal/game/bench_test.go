package game

import (
	"math/rand/v2"
	"testing"
)

// Benchmarks of the functions the simulator and planner call in loops.

func BenchmarkGrowThreads(b *testing.B) {
	bn := DefaultBitNodeMults()
	s := &Server{HackDifficulty: 30, ServerGrowth: 30, MoneyMax: 1.125e9}
	p := &Person{Hacking: 1, Mults: DefaultMultipliers()}
	for b.Loop() {
		GrowThreads(s, 1.125e9, 11.25e6, p, 4, &bn)
	}
}

func BenchmarkHackChanceTimePercent(b *testing.B) {
	bn := DefaultBitNodeMults()
	s := &Server{HasAdminRights: true, RequiredHackingSkill: 100, HackDifficulty: 7, BaseDifficulty: 20}
	p := &Person{Hacking: 900, Intelligence: 100, Mults: DefaultMultipliers()}
	for b.Loop() {
		HackChance(s, p, V3)
		HackPercent(s, p, &bn)
		HackTime(s, p, &bn)
	}
}

func BenchmarkServerOps(b *testing.B) {
	bn := DefaultBitNodeMults()
	p := &Person{Hacking: 900, Mults: DefaultMultipliers()}
	start := Server{HasAdminRights: true, RequiredHackingSkill: 100, HackDifficulty: 7, MinDifficulty: 7,
		BaseDifficulty: 20, ServerGrowth: 35, MoneyAvailable: 6e8, MoneyMax: 6e8}
	for b.Loop() {
		s := start
		s.Hack(100, true, p, &bn)
		s.Weaken(4, 1, p, &bn)
		s.Grow(400, 1, p, &bn)
		s.Weaken(33, 1, p, &bn)
	}
}

func BenchmarkPurchasedServerCost(b *testing.B) {
	bn, _ := BitNodeMultipliers(2, 1)
	for b.Loop() {
		PurchasedServerCost(1<<20, &bn)
	}
}

func BenchmarkJSPow(b *testing.B) {
	for b.Loop() {
		jsPow(1.02, 100)
	}
}

func BenchmarkGenerateNetwork(b *testing.B) {
	bn := DefaultBitNodeMults()
	seed := uint64(0)
	for b.Loop() {
		seed++
		GenerateNetwork(rand.New(rand.NewPCG(seed, 0)), &bn, V3)
	}
}

func BenchmarkScriptRAM(b *testing.B) {
	src := "export async function main(ns) { const ws = new WebSocket(`ws://localhost:${ns.args[0]}`); " +
		"ws.onmessage = (e) => { const m = JSON.parse(e.data); if (m.op === 'exec') ns.exec(m.f, m.h, m.t); " +
		"else if (m.op === 'kill') ns.kill(m.pid); else ns.scan(m.h); }; await ns.asleep(1e9); }"
	for b.Loop() {
		if _, _, err := ScriptRAM(src, V3); err != nil {
			b.Fatal(err)
		}
	}
}
