package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"bbctl/internal/live/js"
	"bbctl/internal/world"
)

var _ world.Contracts = (*World)(nil)

// moduleStart bounds how long a module has to connect after bbctl starts
// it.
const moduleStart = 15 * time.Second

// ContractFiles lists the coding contracts on host, through the contracts
// module (see module).
func (w *World) ContractFiles(ctx context.Context, host string) ([]string, error) {
	var files []string
	if err := w.callModule(ctx, "list", &files, host); err != nil {
		return nil, &world.OpError{Op: "contracts", Host: host, Err: err}
	}
	return files, nil
}

// Contract reads one contract through the contracts module.
func (w *World) Contract(ctx context.Context, host, file string) (world.ContractInfo, error) {
	var r struct {
		Type  string          `json:"type"`
		Data  json.RawMessage `json:"data"`
		Tries int             `json:"tries"`
	}
	if err := w.callModule(ctx, "read", &r, host, file); err != nil {
		return world.ContractInfo{}, &world.OpError{Op: "contract", Host: host, What: file, Err: err}
	}
	return world.ContractInfo{Host: host, File: file, Type: r.Type, Data: r.Data, TriesLeft: r.Tries}, nil
}

// Attempt submits an answer through the contracts module: the typed JSON
// form to a 3.x game, the string form to 2.6.
func (w *World) Attempt(ctx context.Context, host, file string, answer world.ContractAnswer) (string, error) {
	if !json.Valid(answer.JSON) {
		return "", &world.OpError{Op: "attempt", Host: host, What: file, Err: errors.New("answer is not valid JSON")}
	}
	var reward string
	if err := w.callModule(ctx, "submit", &reward, host, file, string(answer.JSON), answer.String); err != nil {
		return "", &world.OpError{Op: "attempt", Host: host, What: file, Err: err}
	}
	return reward, nil
}

// callModule runs one call on the contracts module, starting it first if
// needed.
func (w *World) callModule(ctx context.Context, fn string, out any, args ...any) error {
	if w.NoContracts {
		return fmt.Errorf("%w: coding contracts are disabled", world.ErrUnsupported)
	}
	if err := w.module(ctx, ModuleContracts, js.ContractsScript); err != nil {
		return err
	}
	res, err := w.b.CallModule(ctx, ModuleContracts, []Call{{Fn: fn, Args: args}})
	if err != nil {
		return err
	}
	if err := res[0].Err(); err != nil {
		return classify(err)
	}
	if err := json.Unmarshal(res[0].Value, out); err != nil {
		return fmt.Errorf("contracts module %s: unexpected answer %.100s: %w", fn, res[0].Value, err)
	}
	return nil
}

// module makes sure the module name is running and connected: bbctl starts
// its script on home (one thread, temporary) through the agent when it is
// not, which fails with world.ErrNotEnoughRAM while home cannot afford it.
func (w *World) module(ctx context.Context, name, script string) error {
	if w.b.ModuleConnected(name) {
		return nil
	}
	res := w.Exec(ctx, []world.ExecRequest{{Script: script, Host: "home", Threads: 1, Temporary: true}})
	if err := res[0].Err; err != nil {
		return fmt.Errorf("starting the %s module on home: %w", name, err)
	}
	wctx, cancel := context.WithTimeout(ctx, moduleStart)
	defer cancel()
	if _, err := w.b.waitConn(wctx, name); err != nil {
		w.Kill(ctx, []int{res[0].PID})
		return fmt.Errorf("the %s module (pid %d) did not connect: %w", name, res[0].PID, err)
	}
	return nil
}
