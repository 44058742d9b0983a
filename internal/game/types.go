package game

// Multipliers are a person's hacking multipliers (ns.getPlayer().mults).
// The zero value is not useful: use DefaultMultipliers.
type Multipliers struct {
	Hacking       float64 `json:"hacking"`        // level multiplier
	HackingChance float64 `json:"hacking_chance"` // m_chance
	HackingMoney  float64 `json:"hacking_money"`  // m_money
	HackingSpeed  float64 `json:"hacking_speed"`  // m_speed
	HackingExp    float64 `json:"hacking_exp"`    // m_exp
	HackingGrow   float64 `json:"hacking_grow"`   // m_grow
}

// DefaultMultipliers returns the multipliers of a player with no
// augmentations: all 1.
func DefaultMultipliers() Multipliers {
	return Multipliers{1, 1, 1, 1, 1, 1}
}

// Person is what the hacking formulas read of the player.
type Person struct {
	Hacking      int         `json:"hacking"`      // hacking level L
	Intelligence int         `json:"intelligence"` // I, 0 unless unlocked
	Mults        Multipliers `json:"mults"`
}

// Server holds the fields of a server that the mechanics read and change,
// named as in ns.getServer. Security and money are float64 as in the game.
type Server struct {
	Hostname             string  `json:"hostname"`
	Organization         string  `json:"organizationName,omitempty"`
	HasAdminRights       bool    `json:"hasAdminRights"`
	PurchasedByPlayer    bool    `json:"purchasedByPlayer"`
	HackDifficulty       float64 `json:"hackDifficulty"` // current security
	MinDifficulty        float64 `json:"minDifficulty"`
	BaseDifficulty       float64 `json:"baseDifficulty"`
	RequiredHackingSkill int     `json:"requiredHackingSkill"`
	MoneyAvailable       float64 `json:"moneyAvailable"`
	MoneyMax             float64 `json:"moneyMax"`
	ServerGrowth         float64 `json:"serverGrowth"`
	NumOpenPortsRequired int     `json:"numOpenPortsRequired"`
	OpenPortCount        int     `json:"openPortCount"`
	MaxRAM               RAM     `json:"maxRam"`  // hundredths of a GB
	RAMUsed              RAM     `json:"ramUsed"` // hundredths of a GB
	Cores                int     `json:"cpuCores"`
}
