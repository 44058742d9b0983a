package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"bbctl/internal/contracts"
	"bbctl/internal/game"
	"bbctl/internal/world"
)

var _ world.Contracts = (*World)(nil)

// itemContract is the queue item that places the next coding contract.
const itemContract int32 = -2

// contractBaseMoney is the game's base money reward of a contract, scaled by
// the type's difficulty and BN.CodingContractMoney.
const contractBaseMoney = 75e6

// contract is a coding contract placed on a server.
type contract struct {
	typ   string
	data  []byte
	tries int
}

// contractState is the simulator's coding-contract generator: contracts
// appear on random servers over time, of random types, with data from the
// project's generators in the game's formats.
type contractState struct {
	rate   float64 // contracts per game-ms
	rng    *rand.Rand
	next   int                            // number of the next file
	placed map[int32]map[string]*contract // by server, then file
	types  []string
}

func newContractState(perHour float64, seed uint64) *contractState {
	return &contractState{
		rate:   perHour / 3.6e6,
		rng:    rand.New(rand.NewPCG(seed, 0x636374)), // "cct"
		placed: make(map[int32]map[string]*contract),
		types:  contracts.Types(),
	}
}

// scheduleContract queues the next contract placement (a Poisson process).
func (w *World) scheduleContract() {
	dt := w.cct.rng.ExpFloat64() / w.cct.rate
	w.seq++
	w.enqueue(item{at: w.after(world.Time(math.Ceil(min(dt, 1e15)))), seq: w.seq, slot: itemContract})
}

// placeContract puts a new contract on a random server that is not the
// player's, and queues the next.
func (w *World) placeContract() {
	defer w.scheduleContract()
	c := w.cct
	var hosts []int32
	for i := range w.servers {
		if s := &w.servers[i]; !s.PurchasedByPlayer && s.Hostname != "home" {
			hosts = append(hosts, int32(i))
		}
	}
	if len(hosts) == 0 {
		return
	}
	host := hosts[c.rng.IntN(len(hosts))]
	typ := c.types[c.rng.IntN(len(c.types))]
	data, err := contracts.Generate(typ, c.rng)
	if err != nil {
		return // a generator that fails is a bug the contracts tests catch
	}
	c.next++
	file := "contract-" + strconv.Itoa(c.next) + ".cct"
	if c.placed[host] == nil {
		c.placed[host] = make(map[string]*contract)
	}
	c.placed[host][file] = &contract{typ: typ, data: data, tries: contracts.NumTries(typ)}
	w.stats.ContractsPlaced++
}

// lookupContract finds a contract, or says why not.
func (w *World) lookupContract(op, host, file string) (int32, *contract, error) {
	id, err := w.lookup(op, host)
	if err != nil {
		return 0, nil, err
	}
	if w.cct != nil {
		if ct := w.cct.placed[id][file]; ct != nil {
			return id, ct, nil
		}
	}
	return 0, nil, &world.OpError{Op: op, Host: host, What: file, Err: world.ErrFileMissing}
}

// ContractFiles lists the coding contracts on host.
func (w *World) ContractFiles(ctx context.Context, host string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	id, err := w.lookup("ls", host)
	if err != nil {
		return nil, err
	}
	var files []string
	if w.cct != nil {
		for f := range w.cct.placed[id] {
			files = append(files, f)
		}
	}
	slices.Sort(files)
	return files, nil
}

// Contract reads a contract.
func (w *World) Contract(ctx context.Context, host, file string) (world.ContractInfo, error) {
	if err := ctx.Err(); err != nil {
		return world.ContractInfo{}, err
	}
	_, ct, err := w.lookupContract("getContract", host, file)
	if err != nil {
		return world.ContractInfo{}, err
	}
	return world.ContractInfo{Host: host, File: file, Type: ct.typ, Data: slices.Clone(ct.data), TriesLeft: ct.tries}, nil
}

// Attempt submits an answer the way the 3.x API does: a malformed answer
// is refused without using a try; a right one pays and removes the
// contract; a wrong one uses a try, and the last try removes it.
func (w *World) Attempt(ctx context.Context, host, file string, answer world.ContractAnswer) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	id, ct, err := w.lookupContract("attempt", host, file)
	if err != nil {
		return "", err
	}
	ok, err := contracts.Check(ct.typ, ct.data, answer.JSON)
	if err != nil {
		return "", &world.OpError{Op: "attempt", Host: host, What: file, Err: fmt.Errorf("answer refused: %w", err)}
	}
	if !ok {
		w.stats.ContractsFailed++
		if ct.tries--; ct.tries <= 0 {
			delete(w.cct.placed[id], file)
		}
		return "", nil
	}
	delete(w.cct.placed[id], file)
	reward := contractBaseMoney * contracts.Difficulty(ct.typ) * w.bn.CodingContractMoney
	w.money += reward
	w.stats.ContractsSolved++
	w.stats.ContractMoney += reward
	return "Gained " + game.FormatMoney(reward), nil
}
