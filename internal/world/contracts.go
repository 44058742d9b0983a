package world

import (
	"context"
	"encoding/json"
)

// Contracts is what a world offers for coding contracts. It is separate
// from World because not every world has it (the live world needs the
// agent's contracts module); a service type-asserts for it and reports its
// absence rather than faking it.
type Contracts interface {
	// ContractFiles lists the coding-contract files (".cct") on host.
	ContractFiles(ctx context.Context, host string) ([]string, error)
	// Contract reads one contract.
	Contract(ctx context.Context, host, file string) (ContractInfo, error)
	// Attempt submits an answer. A right answer returns the game's reward
	// message; a wrong one returns "" (a try is used up, and the contract
	// is gone when none is left). An error means nothing was submitted.
	Attempt(ctx context.Context, host, file string, answer ContractAnswer) (reward string, err error)
}

// ContractInfo is a coding contract as the game describes it.
type ContractInfo struct {
	Host      string          `json:"host"`
	File      string          `json:"file"`
	Type      string          `json:"type"`
	Data      json.RawMessage `json:"data"`
	TriesLeft int             `json:"triesLeft"`
}

// ContractAnswer is an answer in the forms the game's APIs take: typed
// JSON for 3.x, and the string the 2.6 API expects.
type ContractAnswer struct {
	JSON   json.RawMessage `json:"json"`
	String string          `json:"string"`
}
