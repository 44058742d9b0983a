package game

import (
	"fmt"
	"math"
)

// BitNodeMults holds every BitNode multiplier of the game, one field per key
// of the game's BitNodeMultipliers object, named and tagged as that key.
// Use BitNodeMultipliers or DefaultBitNodeMults to get a complete value.
type BitNodeMults struct {
	AgilityLevelMultiplier     float64 `json:"AgilityLevelMultiplier"`
	AugmentationMoneyCost      float64 `json:"AugmentationMoneyCost"`
	AugmentationRepCost        float64 `json:"AugmentationRepCost"`
	BladeburnerRank            float64 `json:"BladeburnerRank"`
	BladeburnerSkillCost       float64 `json:"BladeburnerSkillCost"`
	CharismaLevelMultiplier    float64 `json:"CharismaLevelMultiplier"`
	ClassGymExpGain            float64 `json:"ClassGymExpGain"`
	CodingContractMoney        float64 `json:"CodingContractMoney"`
	CompanyWorkExpGain         float64 `json:"CompanyWorkExpGain"`
	CompanyWorkMoney           float64 `json:"CompanyWorkMoney"`
	CompanyWorkRepGain         float64 `json:"CompanyWorkRepGain"`
	CorporationDivisions       float64 `json:"CorporationDivisions"`
	CorporationSoftcap         float64 `json:"CorporationSoftcap"`
	CorporationValuation       float64 `json:"CorporationValuation"`
	CrimeExpGain               float64 `json:"CrimeExpGain"`
	CrimeMoney                 float64 `json:"CrimeMoney"`
	CrimeSuccessRate           float64 `json:"CrimeSuccessRate"`
	DaedalusAugsRequirement    float64 `json:"DaedalusAugsRequirement"`
	DefenseLevelMultiplier     float64 `json:"DefenseLevelMultiplier"`
	DexterityLevelMultiplier   float64 `json:"DexterityLevelMultiplier"`
	FactionPassiveRepGain      float64 `json:"FactionPassiveRepGain"`
	FactionWorkExpGain         float64 `json:"FactionWorkExpGain"`
	FactionWorkRepGain         float64 `json:"FactionWorkRepGain"`
	FourSigmaMarketDataApiCost float64 `json:"FourSigmaMarketDataApiCost"`
	FourSigmaMarketDataCost    float64 `json:"FourSigmaMarketDataCost"`
	GangSoftcap                float64 `json:"GangSoftcap"`
	GangUniqueAugs             float64 `json:"GangUniqueAugs"`
	GoPower                    float64 `json:"GoPower"`
	HackExpGain                float64 `json:"HackExpGain"`
	HackingLevelMultiplier     float64 `json:"HackingLevelMultiplier"`
	HackingSpeedMultiplier     float64 `json:"HackingSpeedMultiplier"`
	HacknetNodeMoney           float64 `json:"HacknetNodeMoney"`
	HomeComputerRamCost        float64 `json:"HomeComputerRamCost"`
	InfiltrationMoney          float64 `json:"InfiltrationMoney"`
	InfiltrationRep            float64 `json:"InfiltrationRep"`
	ManualHackMoney            float64 `json:"ManualHackMoney"`
	PurchasedServerCost        float64 `json:"PurchasedServerCost"`
	PurchasedServerLimit       float64 `json:"PurchasedServerLimit"`
	PurchasedServerMaxRam      float64 `json:"PurchasedServerMaxRam"`
	PurchasedServerSoftcap     float64 `json:"PurchasedServerSoftcap"`
	RepToDonateToFaction       float64 `json:"RepToDonateToFaction"`
	ScriptHackMoney            float64 `json:"ScriptHackMoney"`
	ScriptHackMoneyGain        float64 `json:"ScriptHackMoneyGain"`
	ServerGrowthRate           float64 `json:"ServerGrowthRate"`
	ServerMaxMoney             float64 `json:"ServerMaxMoney"`
	ServerStartingMoney        float64 `json:"ServerStartingMoney"`
	ServerStartingSecurity     float64 `json:"ServerStartingSecurity"`
	ServerWeakenRate           float64 `json:"ServerWeakenRate"`
	StaneksGiftExtraSize       float64 `json:"StaneksGiftExtraSize"`
	StaneksGiftPowerMultiplier float64 `json:"StaneksGiftPowerMultiplier"`
	StrengthLevelMultiplier    float64 `json:"StrengthLevelMultiplier"`
	WorldDaemonDifficulty      float64 `json:"WorldDaemonDifficulty"`
}

// DefaultBitNodeMults returns the multipliers' defaults, which are those of
// BitNode 1.
func DefaultBitNodeMults() BitNodeMults {
	return BitNodeMults{
		AgilityLevelMultiplier:     1,
		AugmentationMoneyCost:      1,
		AugmentationRepCost:        1,
		BladeburnerRank:            1,
		BladeburnerSkillCost:       1,
		CharismaLevelMultiplier:    1,
		ClassGymExpGain:            1,
		CodingContractMoney:        1,
		CompanyWorkExpGain:         1,
		CompanyWorkMoney:           1,
		CompanyWorkRepGain:         1,
		CorporationDivisions:       1,
		CorporationSoftcap:         1,
		CorporationValuation:       1,
		CrimeExpGain:               1,
		CrimeMoney:                 1,
		CrimeSuccessRate:           1,
		DaedalusAugsRequirement:    30,
		DefenseLevelMultiplier:     1,
		DexterityLevelMultiplier:   1,
		FactionPassiveRepGain:      1,
		FactionWorkExpGain:         1,
		FactionWorkRepGain:         1,
		FourSigmaMarketDataApiCost: 1,
		FourSigmaMarketDataCost:    1,
		GangSoftcap:                1,
		GangUniqueAugs:             1,
		GoPower:                    1,
		HackExpGain:                1,
		HackingLevelMultiplier:     1,
		HackingSpeedMultiplier:     1,
		HacknetNodeMoney:           1,
		HomeComputerRamCost:        1,
		InfiltrationMoney:          1,
		InfiltrationRep:            1,
		ManualHackMoney:            1,
		PurchasedServerCost:        1,
		PurchasedServerLimit:       1,
		PurchasedServerMaxRam:      1,
		PurchasedServerSoftcap:     1,
		RepToDonateToFaction:       1,
		ScriptHackMoney:            1,
		ScriptHackMoneyGain:        1,
		ServerGrowthRate:           1,
		ServerMaxMoney:             1,
		ServerStartingMoney:        1,
		ServerStartingSecurity:     1,
		ServerWeakenRate:           1,
		StaneksGiftExtraSize:       0,
		StaneksGiftPowerMultiplier: 1,
		StrengthLevelMultiplier:    1,
		WorldDaemonDifficulty:      1,
	}
}

var bitNodeSpecs = [...]bitNodeSpec{
	{Number: 1, Name: "Source Genesis", Tagline: "The original BitNode", Difficulty: 0, set: func(m *BitNodeMults) {
	}},
	{Number: 2, Name: "Rise of the Underworld", Tagline: "From the shadows, they rose", Difficulty: 0, set: func(m *BitNodeMults) {
		m.CorporationDivisions = 0.9
		m.CorporationSoftcap = 0.9
		m.CrimeMoney = 3
		m.FactionPassiveRepGain = 0
		m.FactionWorkRepGain = 0.5
		m.HackingLevelMultiplier = 0.8
		m.InfiltrationMoney = 3
		m.PurchasedServerSoftcap = 1.3
		m.ServerGrowthRate = 0.8
		m.ServerMaxMoney = 0.08
		m.ServerStartingMoney = 0.4
		m.StaneksGiftExtraSize = -6
		m.StaneksGiftPowerMultiplier = 2
		m.WorldDaemonDifficulty = 5
	}},
	{Number: 3, Name: "Corporatocracy", Tagline: "The Price of Civilization", Difficulty: 2, set: func(m *BitNodeMults) {
		m.AugmentationMoneyCost = 3
		m.AugmentationRepCost = 3
		m.CompanyWorkMoney = 0.25
		m.CrimeMoney = 0.25
		m.GangSoftcap = 0.9
		m.GangUniqueAugs = 0.5
		m.HackingLevelMultiplier = 0.8
		m.HacknetNodeMoney = 0.25
		m.HomeComputerRamCost = 1.5
		m.PurchasedServerCost = 2
		m.PurchasedServerSoftcap = 1.3
		m.RepToDonateToFaction = 0.5
		m.ScriptHackMoney = 0.2
		m.ServerGrowthRate = 0.2
		m.ServerMaxMoney = 0.04
		m.ServerStartingMoney = 0.2
		m.StaneksGiftExtraSize = -2
		m.StaneksGiftPowerMultiplier = 0.75
		m.WorldDaemonDifficulty = 2
	}},
	{Number: 4, Name: "The Singularity", Tagline: "The Man and the Machine", Difficulty: 1, set: func(m *BitNodeMults) {
		m.ClassGymExpGain = 0.5
		m.CompanyWorkExpGain = 0.5
		m.CompanyWorkMoney = 0.1
		m.CrimeExpGain = 0.5
		m.CrimeMoney = 0.2
		m.FactionWorkExpGain = 0.5
		m.FactionWorkRepGain = 0.75
		m.GangUniqueAugs = 0.5
		m.HackExpGain = 0.4
		m.HacknetNodeMoney = 0.05
		m.PurchasedServerSoftcap = 1.2
		m.ScriptHackMoney = 0.2
		m.ServerMaxMoney = 0.1125
		m.ServerStartingMoney = 0.75
		m.StaneksGiftPowerMultiplier = 1.5
		m.WorldDaemonDifficulty = 3
	}},
	{Number: 5, Name: "Artificial Intelligence", Tagline: "Posthuman", Difficulty: 1, set: func(m *BitNodeMults) {
		m.AugmentationMoneyCost = 2
		m.CorporationDivisions = 0.75
		m.CorporationValuation = 0.75
		m.CrimeMoney = 0.5
		m.GangUniqueAugs = 0.5
		m.HackExpGain = 0.5
		m.HacknetNodeMoney = 0.2
		m.InfiltrationMoney = 1.5
		m.InfiltrationRep = 1.5
		m.PurchasedServerSoftcap = 1.2
		m.ScriptHackMoney = 0.15
		m.ServerStartingMoney = 0.5
		m.ServerStartingSecurity = 2
		m.StaneksGiftPowerMultiplier = 1.3
		m.WorldDaemonDifficulty = 1.5
	}},
	{Number: 6, Name: "Bladeburners", Tagline: "Like Tears in Rain", Difficulty: 1, set: func(m *BitNodeMults) {
		m.CompanyWorkMoney = 0.5
		m.CorporationDivisions = 0.8
		m.CorporationSoftcap = 0.9
		m.CorporationValuation = 0.2
		m.CrimeMoney = 0.75
		m.DaedalusAugsRequirement = 35
		m.GangSoftcap = 0.7
		m.GangUniqueAugs = 0.2
		m.HackExpGain = 0.25
		m.HackingLevelMultiplier = 0.35
		m.HacknetNodeMoney = 0.2
		m.InfiltrationMoney = 0.75
		m.PurchasedServerSoftcap = 2
		m.ScriptHackMoney = 0.75
		m.ServerMaxMoney = 0.2
		m.ServerStartingMoney = 0.5
		m.ServerStartingSecurity = 1.5
		m.StaneksGiftExtraSize = 2
		m.StaneksGiftPowerMultiplier = 0.5
		m.WorldDaemonDifficulty = 2
	}},
	{Number: 7, Name: "Bladeburners 2079", Tagline: "More human than humans", Difficulty: 2, set: func(m *BitNodeMults) {
		m.AugmentationMoneyCost = 3
		m.BladeburnerRank = 0.6
		m.BladeburnerSkillCost = 2
		m.CompanyWorkMoney = 0.5
		m.CorporationDivisions = 0.8
		m.CorporationSoftcap = 0.9
		m.CorporationValuation = 0.2
		m.CrimeMoney = 0.75
		m.DaedalusAugsRequirement = 35
		m.FourSigmaMarketDataApiCost = 2
		m.FourSigmaMarketDataCost = 2
		m.GangSoftcap = 0.7
		m.GangUniqueAugs = 0.2
		m.HackExpGain = 0.25
		m.HackingLevelMultiplier = 0.35
		m.HacknetNodeMoney = 0.2
		m.InfiltrationMoney = 0.75
		m.PurchasedServerSoftcap = 2
		m.ScriptHackMoney = 0.5
		m.ServerMaxMoney = 0.2
		m.ServerStartingMoney = 0.5
		m.ServerStartingSecurity = 1.5
		m.StaneksGiftExtraSize = -1
		m.StaneksGiftPowerMultiplier = 0.9
		m.WorldDaemonDifficulty = 2
	}},
	{Number: 8, Name: "Ghost of Wall Street", Tagline: "Money never sleeps", Difficulty: 2, set: func(m *BitNodeMults) {
		m.BladeburnerRank = 0
		m.CodingContractMoney = 0
		m.CompanyWorkMoney = 0
		m.CorporationDivisions = 0
		m.CorporationSoftcap = 0
		m.CorporationValuation = 0
		m.CrimeMoney = 0
		m.GangSoftcap = 0
		m.GangUniqueAugs = 0
		m.HacknetNodeMoney = 0
		m.InfiltrationMoney = 0
		m.ManualHackMoney = 0
		m.PurchasedServerSoftcap = 4
		m.RepToDonateToFaction = 0
		m.ScriptHackMoney = 0.3
		m.ScriptHackMoneyGain = 0
		m.StaneksGiftExtraSize = -99
	}},
	{Number: 9, Name: "Hacktocracy", Tagline: "Hacknet Unleashed", Difficulty: 2, set: func(m *BitNodeMults) {
		m.AgilityLevelMultiplier = 0.45
		m.BladeburnerRank = 0.9
		m.BladeburnerSkillCost = 1.2
		m.CharismaLevelMultiplier = 0.45
		m.CorporationDivisions = 0.8
		m.CorporationSoftcap = 0.75
		m.CorporationValuation = 0.5
		m.CrimeMoney = 0.5
		m.DefenseLevelMultiplier = 0.45
		m.DexterityLevelMultiplier = 0.45
		m.FourSigmaMarketDataApiCost = 4
		m.FourSigmaMarketDataCost = 5
		m.GangSoftcap = 0.8
		m.GangUniqueAugs = 0.25
		m.HackExpGain = 0.05
		m.HackingLevelMultiplier = 0.5
		m.HomeComputerRamCost = 5
		m.PurchasedServerLimit = 0
		m.ScriptHackMoney = 0.1
		m.ServerMaxMoney = 0.01
		m.ServerStartingMoney = 0.1
		m.ServerStartingSecurity = 2.5
		m.StaneksGiftExtraSize = 2
		m.StaneksGiftPowerMultiplier = 0.5
		m.StrengthLevelMultiplier = 0.45
		m.WorldDaemonDifficulty = 2
	}},
	{Number: 10, Name: "Digital Carbon", Tagline: "Your body is not who you are", Difficulty: 2, set: func(m *BitNodeMults) {
		m.AgilityLevelMultiplier = 0.4
		m.AugmentationMoneyCost = 5
		m.AugmentationRepCost = 2
		m.BladeburnerRank = 0.8
		m.CharismaLevelMultiplier = 0.4
		m.CodingContractMoney = 0.5
		m.CompanyWorkMoney = 0.5
		m.CorporationDivisions = 0.9
		m.CorporationSoftcap = 0.9
		m.CorporationValuation = 0.5
		m.CrimeMoney = 0.5
		m.DefenseLevelMultiplier = 0.4
		m.DexterityLevelMultiplier = 0.4
		m.GangSoftcap = 0.9
		m.GangUniqueAugs = 0.25
		m.HackingLevelMultiplier = 0.35
		m.HacknetNodeMoney = 0.5
		m.HomeComputerRamCost = 1.5
		m.InfiltrationMoney = 0.5
		m.ManualHackMoney = 0.5
		m.PurchasedServerCost = 5
		m.PurchasedServerLimit = 0.6
		m.PurchasedServerMaxRam = 0.5
		m.PurchasedServerSoftcap = 1.1
		m.ScriptHackMoney = 0.5
		m.StaneksGiftExtraSize = -3
		m.StaneksGiftPowerMultiplier = 0.75
		m.StrengthLevelMultiplier = 0.4
		m.WorldDaemonDifficulty = 2
	}},
	{Number: 11, Name: "The Big Crash", Tagline: "Okay. Sell it all.", Difficulty: 1, set: func(m *BitNodeMults) {
		m.AugmentationMoneyCost = 2
		m.CodingContractMoney = 0.25
		m.CompanyWorkMoney = 0.5
		m.CorporationDivisions = 0.9
		m.CorporationSoftcap = 0.9
		m.CorporationValuation = 0.1
		m.CrimeMoney = 3
		m.FourSigmaMarketDataApiCost = 4
		m.FourSigmaMarketDataCost = 4
		m.GangUniqueAugs = 0.75
		m.HackExpGain = 0.5
		m.HackingLevelMultiplier = 0.6
		m.HacknetNodeMoney = 0.1
		m.InfiltrationMoney = 2.5
		m.InfiltrationRep = 2.5
		m.PurchasedServerSoftcap = 2
		m.ServerGrowthRate = 0.2
		m.ServerMaxMoney = 0.01
		m.ServerStartingMoney = 0.1
		m.ServerWeakenRate = 2
		m.WorldDaemonDifficulty = 1.5
	}},
	{Number: 12, Name: "The Recursion", Tagline: "Repeat.", Difficulty: 0},
	{Number: 13, Name: "They're lunatics", Tagline: "1 step back, 2 steps forward", Difficulty: 2, set: func(m *BitNodeMults) {
		m.AgilityLevelMultiplier = 0.7
		m.BladeburnerRank = 0.45
		m.BladeburnerSkillCost = 2
		m.ClassGymExpGain = 0.5
		m.CodingContractMoney = 0.4
		m.CompanyWorkExpGain = 0.5
		m.CompanyWorkMoney = 0.4
		m.CorporationDivisions = 0.4
		m.CorporationSoftcap = 0.4
		m.CorporationValuation = 0.001
		m.CrimeExpGain = 0.5
		m.CrimeMoney = 0.4
		m.DefenseLevelMultiplier = 0.7
		m.DexterityLevelMultiplier = 0.7
		m.FactionWorkExpGain = 0.5
		m.FactionWorkRepGain = 0.6
		m.FourSigmaMarketDataApiCost = 10
		m.FourSigmaMarketDataCost = 10
		m.GangSoftcap = 0.3
		m.GangUniqueAugs = 0.1
		m.HackExpGain = 0.1
		m.HackingLevelMultiplier = 0.25
		m.HacknetNodeMoney = 0.4
		m.PurchasedServerSoftcap = 1.6
		m.ScriptHackMoney = 0.2
		m.ServerMaxMoney = 0.3375
		m.ServerStartingMoney = 0.75
		m.ServerStartingSecurity = 3
		m.StaneksGiftExtraSize = 1
		m.StaneksGiftPowerMultiplier = 2
		m.StrengthLevelMultiplier = 0.7
		m.WorldDaemonDifficulty = 3
	}},
	{Number: 14, Name: "IPvGO Subnet Takeover", Tagline: "Territory exists only in the 'net", Difficulty: 1, set: func(m *BitNodeMults) {
		m.AgilityLevelMultiplier = 0.5
		m.AugmentationMoneyCost = 1.5
		m.BladeburnerRank = 0.6
		m.BladeburnerSkillCost = 2
		m.CompanyWorkRepGain = 0.2
		m.CorporationDivisions = 0.8
		m.CorporationSoftcap = 0.9
		m.CorporationValuation = 0.4
		m.CrimeMoney = 0.75
		m.CrimeSuccessRate = 0.4
		m.DexterityLevelMultiplier = 0.5
		m.FactionWorkRepGain = 0.2
		m.GangSoftcap = 0.7
		m.GangUniqueAugs = 0.4
		m.GoPower = 4
		m.HackingLevelMultiplier = 0.4
		m.HackingSpeedMultiplier = 0.3
		m.HacknetNodeMoney = 0.25
		m.InfiltrationMoney = 0.75
		m.ScriptHackMoney = 0.3
		m.ServerMaxMoney = 0.7
		m.ServerStartingMoney = 0.5
		m.ServerStartingSecurity = 1.5
		m.StaneksGiftExtraSize = -1
		m.StaneksGiftPowerMultiplier = 0.5
		m.StrengthLevelMultiplier = 0.5
		m.WorldDaemonDifficulty = 5
	}},
}

// BitNode describes one BitNode: its number, name and tagline.
type BitNode struct {
	Number     int
	Name       string
	Tagline    string
	Difficulty int // 0 easy, 1 normal, 2 hard
}

type bitNodeSpec struct {
	Number     int
	Name       string
	Tagline    string
	Difficulty int
	set        func(m *BitNodeMults) // overrides of the defaults; nil for BN12
}

// BitNodes returns the BitNodes 1..14 in order.
func BitNodes() []BitNode {
	out := make([]BitNode, len(bitNodeSpecs))
	for i, s := range bitNodeSpecs {
		out[i] = BitNode{s.Number, s.Name, s.Tagline, s.Difficulty}
	}
	return out
}

// SingularityLevel returns the level of the Singularity API a player has
// in BitNode n with Source-File 4 at level sf4 (the active level: the
// BitNode's options may override the one owned): 0 without the API, 1 to
// 3 with it. BitNode 4 opens it in full, as level 3 does.
func SingularityLevel(n, sf4 int) int {
	if n == 4 {
		return 3
	}
	return min(max(sf4, 0), 3)
}

// BitNodeMultipliers returns the multipliers in force in BitNode n (1..14)
// at level lvl (your Source-File level for n, plus one; at least 1). Only
// BitNode 12 depends on the level.
func BitNodeMultipliers(n, level int) (BitNodeMults, error) {
	if n < 1 || n > len(bitNodeSpecs) {
		return BitNodeMults{}, fmt.Errorf("BitNode %d: want a BitNode number from 1 to %d", n, len(bitNodeSpecs))
	}
	if level < 1 {
		return BitNodeMults{}, fmt.Errorf("BitNode %d: level %d: want a level of at least 1", n, level)
	}
	m := DefaultBitNodeMults()
	if n == 12 {
		setBN12(&m, level)
		return m, nil
	}
	bitNodeSpecs[n-1].set(&m)
	return m, nil
}

// setBN12 applies BitNode 12's level-dependent multipliers: every gain is
// divided by 1.02^level and every cost multiplied by it.
func setBN12(m *BitNodeMults, level int) {
	inc := jsPow(1.02, float64(level))
	dec := 1 / inc
	for _, p := range []*float64{
		&m.HackingLevelMultiplier, &m.StrengthLevelMultiplier, &m.DefenseLevelMultiplier,
		&m.DexterityLevelMultiplier, &m.AgilityLevelMultiplier, &m.CharismaLevelMultiplier,
		&m.ServerGrowthRate, &m.ServerStartingMoney, &m.ServerWeakenRate,
		&m.PurchasedServerLimit, &m.PurchasedServerMaxRam,
		&m.CompanyWorkMoney, &m.CrimeMoney, &m.HacknetNodeMoney, &m.ManualHackMoney,
		&m.ScriptHackMoney, &m.CodingContractMoney,
		&m.ClassGymExpGain, &m.CompanyWorkExpGain, &m.CrimeExpGain, &m.FactionWorkExpGain, &m.HackExpGain,
		&m.FactionPassiveRepGain, &m.FactionWorkRepGain,
		&m.InfiltrationMoney, &m.InfiltrationRep, &m.CorporationValuation, &m.BladeburnerRank, &m.GangUniqueAugs,
	} {
		*p = dec
	}
	m.ServerMaxMoney = dec * dec
	for _, p := range []*float64{
		&m.HomeComputerRamCost, &m.PurchasedServerCost, &m.PurchasedServerSoftcap, &m.RepToDonateToFaction,
		&m.AugmentationMoneyCost, &m.AugmentationRepCost, &m.FourSigmaMarketDataCost, &m.FourSigmaMarketDataApiCost,
		&m.BladeburnerSkillCost, &m.StaneksGiftPowerMultiplier, &m.StaneksGiftExtraSize, &m.WorldDaemonDifficulty,
	} {
		*p = inc
	}
	m.ServerStartingSecurity = 1.5
	m.CorporationSoftcap = 0.8
	m.CorporationDivisions = 0.5
	m.GangSoftcap = 0.8
	m.DaedalusAugsRequirement = math.Floor(math.Min(30+inc, 40))
}
