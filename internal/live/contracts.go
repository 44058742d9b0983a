package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"bbctl/internal/game"
	"bbctl/internal/live/js"
	"bbctl/internal/world"
)

var _ world.Contracts = (*World)(nil)

// moduleStart bounds how long a module has to connect after bbctl starts
// it.
const moduleStart = 15 * time.Second

// listFresh is how long a batched listing of every server's contracts
// serves later ContractFiles calls: the contracts service asks for every
// server in a row, and one round trip through the module beats seventy
// (the controller waits for each).
const listFresh = 2 * time.Second

// contractList is one server's contracts, as a batched listing found them.
type contractList struct {
	files []string
	err   error
}

// ContractFiles lists the coding contracts on host, through the contracts
// module (see module). The first call lists every server the world knows
// in one batch, which the calls that follow within listFresh answer from.
func (w *World) ContractFiles(ctx context.Context, host string) ([]string, error) {
	if w.NoContracts {
		return nil, &world.OpError{Op: "contracts", Host: host, Err: fmt.Errorf("%w: coding contracts are disabled", world.ErrUnsupported)}
	}
	w.mu.Lock()
	l, ok := w.cctLists[host]
	fresh := ok && time.Since(w.cctAt) < listFresh
	w.mu.Unlock()
	if !fresh {
		if err := w.listContracts(ctx, host); err != nil {
			return nil, &world.OpError{Op: "contracts", Host: host, Err: err}
		}
		w.mu.Lock()
		l = w.cctLists[host]
		w.mu.Unlock()
	}
	if l.err != nil {
		return nil, &world.OpError{Op: "contracts", Host: host, Err: l.err}
	}
	return append([]string(nil), l.files...), nil
}

// listContracts lists the contracts of host and of every server the world
// knows, in one call to the contracts module.
func (w *World) listContracts(ctx context.Context, host string) error {
	if err := w.module(ctx, ModuleContracts, js.ContractsScript); err != nil {
		return err
	}
	w.mu.Lock()
	hosts := []string{host}
	for h := range w.known {
		if h != host {
			hosts = append(hosts, h)
		}
	}
	w.mu.Unlock()
	calls := make([]Call, len(hosts))
	for i, h := range hosts {
		calls[i] = Call{Fn: "list", Args: []any{h}}
	}
	res, err := w.b.CallModule(ctx, ModuleContracts, calls)
	if err != nil {
		return err
	}
	lists := make(map[string]contractList, len(hosts))
	for i, h := range hosts {
		var l contractList
		if e := res[i].Err(); e != nil {
			l.err = classify(e)
		} else if e := json.Unmarshal(res[i].Value, &l.files); e != nil {
			l.err = fmt.Errorf("contracts module list: unexpected answer %.100s: %w", res[i].Value, e)
		}
		lists[h] = l
	}
	w.mu.Lock()
	w.cctLists, w.cctAt = lists, time.Now()
	w.mu.Unlock()
	return nil
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
	w.mu.Lock()
	w.cctLists = nil // the contract goes, or its tries change
	w.mu.Unlock()
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
	return w.callOn(ctx, ModuleContracts, js.ContractsScript, fn, out, args...)
}

// moduleRetry is how long a module that found no server with room is not
// tried again: the calls that need it meanwhile fail at once.
const moduleRetry = 20 * time.Second

// module makes sure the module name is running and connected. bbctl starts
// its script (one thread, temporary) through the agent when it is not: on
// home when home has room, else on the rooted server with the most free RAM
// but a hacknet server (the script is pushed there first). With no room anywhere it fails with
// an error wrapping world.ErrNotEnoughRAM that says how much the module
// needs, and for moduleRetry later calls fail the same way at once.
func (w *World) module(ctx context.Context, name, script string) error {
	if w.b.ModuleConnected(name) {
		return nil
	}
	w.mu.Lock()
	wait, ok := w.moduleWait[name]
	w.mu.Unlock()
	if ok && time.Now().Before(wait.until) {
		return wait.err
	}
	pid, err := w.startModule(ctx, name, script)
	if err != nil {
		if errors.Is(err, world.ErrNotEnoughRAM) {
			w.mu.Lock()
			w.moduleWait[name] = moduleFailure{until: time.Now().Add(moduleRetry), err: err}
			w.mu.Unlock()
		}
		return err
	}
	w.mu.Lock()
	delete(w.moduleWait, name)
	w.mu.Unlock()
	wctx, cancel := context.WithTimeout(ctx, moduleStart)
	defer cancel()
	if _, err := w.b.waitConn(wctx, name); err != nil {
		if kerr := w.Kill(ctx, []int{pid})[0]; kerr != nil && !errors.Is(kerr, world.ErrNoSuchProcess) {
			return fmt.Errorf("the %s module (pid %d) did not connect: %w; and it could not be killed: %v", name, pid, err, kerr)
		}
		return fmt.Errorf("the %s module (pid %d) did not connect: %w", name, pid, err)
	}
	return nil
}

// moduleFailure is a module start that found no room, remembered until
// it may be tried again.
type moduleFailure struct {
	until time.Time
	err   error
}

// startModule starts script on the first host with room for it and
// returns its pid.
func (w *World) startModule(ctx context.Context, name, script string) (int, error) {
	need, src, err := w.moduleRAM(script)
	if err != nil {
		return 0, fmt.Errorf("the %s module: %w", name, err)
	}
	hosts, err := w.roomFor(ctx, need)
	if err != nil {
		return 0, fmt.Errorf("starting the %s module: %w", name, err)
	}
	var last error
	for _, host := range hosts {
		if host != "home" {
			f, err := w.rfa()
			if err != nil {
				last = err
				continue
			}
			if err := f.PushFile(ctx, host, script, src); err != nil {
				last = err
				continue
			}
		}
		res := w.Exec(ctx, []world.ExecRequest{{Script: script, Host: host, Threads: 1, Temporary: true}})
		if res[0].Err == nil {
			return res[0].PID, nil
		}
		last = res[0].Err
		if !errors.Is(last, world.ErrNotEnoughRAM) {
			break
		}
	}
	if last == nil || errors.Is(last, world.ErrNotEnoughRAM) {
		return 0, fmt.Errorf("the %s module needs %v; it will start when a server has room: %w", name, need, world.ErrNotEnoughRAM)
	}
	return 0, fmt.Errorf("starting the %s module: %w", name, last)
}

// moduleRAM returns what script needs, as the game counted it when it was
// pushed (SetScriptRAM) or else as bbctl's own checker counts it, and its
// source.
func (w *World) moduleRAM(script string) (game.RAM, string, error) {
	w.mu.Lock()
	source := w.source
	ram, ok := w.ramOf[script]
	w.mu.Unlock()
	if source == nil {
		return 0, "", errors.New("no source for " + script)
	}
	src, err := source(script)
	if err != nil {
		return 0, "", err
	}
	if ok && ram > 0 {
		return ram, src, nil
	}
	ram, err = w.checkerRAM(src)
	return ram, src, err
}

// roomFor lists the hosts where a script of need RAM can start now: home
// first if it has room, then the other rooted servers, most free RAM first;
// never a hacknet server, whose RAM is worth hashes (memory.IsWorker).
func (w *World) roomFor(ctx context.Context, need game.RAM) ([]string, error) {
	if err := w.readAll(ctx, "home"); err != nil {
		return nil, err
	}
	type room struct {
		host string
		free game.RAM
	}
	var rooms []room
	w.mu.Lock()
	for h, r := range w.readings {
		if r.err != nil || !r.srv.Root || game.IsHacknetServer(h) {
			continue
		}
		if free := game.GB(r.srv.MaxRAM) - game.GB(r.srv.UsedRAM); free >= need {
			rooms = append(rooms, room{h, free})
		}
	}
	w.mu.Unlock()
	sort.Slice(rooms, func(i, j int) bool {
		a, b := rooms[i], rooms[j]
		if (a.host == "home") != (b.host == "home") {
			return a.host == "home"
		}
		if a.free != b.free {
			return a.free > b.free
		}
		return a.host < b.host
	})
	hosts := make([]string, len(rooms))
	for i, r := range rooms {
		hosts[i] = r.host
	}
	return hosts, nil
}
