package contracts_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"

	"bbctl/internal/contracts"
)

func ExampleSolve() {
	a, err := contracts.Solve("Generate IP Addresses", json.RawMessage(`"25525511135"`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("v3: %s\n2.6: %s\n", a.JSON, a.String)
	// Output:
	// v3: ["255.255.11.135","255.255.111.35"]
	// 2.6: ["255.255.11.135","255.255.111.35"]
}

func ExampleCheck() {
	data := json.RawMessage(`[[0,0],[0,0]]`)
	for _, answer := range []string{`"RD"`, `"DR"`, `"RDLR"`} {
		ok, err := contracts.Check("Shortest Path in a Grid", data, json.RawMessage(answer))
		fmt.Println(answer, ok, err)
	}
	// Output:
	// "RD" true <nil>
	// "DR" true <nil>
	// "RDLR" false <nil>
}

func ExampleGenerate() {
	rng := rand.New(rand.NewPCG(1, 2))
	data, _ := contracts.Generate("Unique Paths in a Grid I", rng)
	a, _ := contracts.Solve("Unique Paths in a Grid I", data)
	ok, _ := contracts.Check("Unique Paths in a Grid I", data, a.JSON)
	fmt.Println(ok)
	// Output: true
}
