package memory

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"bbctl/internal/game"
)

// DecodeSnapshot reads a Snapshot written as JSON (by Snapshot and
// encoding/json) and validates every value: names present and unique, RAM
// figures and counts in range, owners and claims well formed. It does not
// judge consistency; that is Check's job.
func DecodeSnapshot(r io.Reader) (Snapshot, error) {
	var s Snapshot
	if err := decodeStrict(r, &s); err != nil {
		return Snapshot{}, fmt.Errorf("snapshot: %w", err)
	}
	if err := s.validate(); err != nil {
		return Snapshot{}, fmt.Errorf("snapshot: %w", err)
	}
	return s, nil
}

// DecodeWorldView reads a WorldView written as JSON and validates it: server
// names present and unique, RAM figures in range, every process on its
// server with positive pid and threads.
func DecodeWorldView(r io.Reader) (WorldView, error) {
	var v WorldView
	if err := decodeStrict(r, &v); err != nil {
		return WorldView{}, fmt.Errorf("world view: %w", err)
	}
	seen := make(map[string]bool, len(v.Servers))
	for i, sv := range v.Servers {
		where := fmt.Sprintf("servers[%d] (%q)", i, sv.Host)
		switch {
		case sv.Host == "":
			return WorldView{}, fmt.Errorf("world view: servers[%d]: empty host", i)
		case seen[sv.Host]:
			return WorldView{}, fmt.Errorf("world view: %s: duplicate host", where)
		case !inRange(sv.MaxRAM) || !inRange(sv.UsedRAM):
			return WorldView{}, fmt.Errorf("world view: %s: RAM out of range (max %d, used %d)", where, sv.MaxRAM, sv.UsedRAM)
		}
		seen[sv.Host] = true
		var sum game.RAM
		for j, p := range sv.Processes {
			if p.PID <= 0 {
				return WorldView{}, fmt.Errorf("world view: %s: processes[%d]: pid %d is not positive", where, j, p.PID)
			}
			r, err := processRAM(p, sv.Host)
			if err != nil {
				return WorldView{}, fmt.Errorf("world view: %s: processes[%d]: %w", where, j, err)
			}
			if sum += r; sum > maxRAM {
				return WorldView{}, fmt.Errorf("world view: %s: processes use more than %d", where, maxRAM)
			}
		}
	}
	return v, nil
}

func decodeStrict(r io.Reader, v any) error {
	d := json.NewDecoder(r)
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return errors.New("trailing data after the JSON value")
	}
	return nil
}

func inRange(r game.RAM) bool { return r >= 0 && r <= maxRAM }

func (s Snapshot) validate() error {
	hosts := make(map[string]bool, len(s.Workers))
	for i, w := range s.Workers {
		where := fmt.Sprintf("workers[%d] (%q)", i, w.Host)
		switch {
		case w.Host == "":
			return fmt.Errorf("workers[%d]: empty host", i)
		case hosts[w.Host]:
			return fmt.Errorf("%s: duplicate host", where)
		case w.Cores < 0:
			return fmt.Errorf("%s: %d cores", where, w.Cores)
		}
		for _, f := range []struct {
			name string
			r    game.RAM
		}{{"total", w.Total}, {"set_aside", w.SetAside}, {"reserved", w.Reserved}, {"allocated", w.Allocated}, {"free", w.Free}, {"excess", w.Excess}} {
			if !inRange(f.r) {
				return fmt.Errorf("%s: %s RAM %d out of range", where, f.name, f.r)
			}
		}
		hosts[w.Host] = true
	}
	ids := make(map[ID]bool, len(s.Allocations))
	for i, a := range s.Allocations {
		where := fmt.Sprintf("allocations[%d] (%v)", i, a.ID)
		switch {
		case a.ID == 0:
			return fmt.Errorf("allocations[%d]: zero id", i)
		case ids[a.ID]:
			return fmt.Errorf("%s: duplicate id", where)
		case a.ChunkSize <= 0 || a.ChunkSize > maxRAM:
			return fmt.Errorf("%s: chunk size %d out of range", where, a.ChunkSize)
		case a.Want < 0 || a.Count < 0:
			return fmt.Errorf("%s: negative chunk count (want %d, count %d)", where, a.Want, a.Count)
		}
		if err := a.Owner.validate(); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		ids[a.ID] = true
		for j, hc := range a.Chunks {
			if hc.Host == "" || hc.N < 0 || hc.Claimed < 0 || game.RAM(hc.N) > maxRAM/a.ChunkSize {
				return fmt.Errorf("%s: chunks[%d] (%q): bad host or count (n %d, claimed %d)", where, j, hc.Host, hc.N, hc.Claimed)
			}
		}
		for j, c := range a.Claims {
			if c.PID <= 0 || c.Host == "" || c.ChunkSize <= 0 || c.ChunkSize > maxRAM || c.NumChunks <= 0 || game.RAM(c.NumChunks) > maxRAM/c.ChunkSize {
				return fmt.Errorf("%s: claims[%d] (pid %d on %q): bad pid, host, chunk size %d or count %d", where, j, c.PID, c.Host, c.ChunkSize, c.NumChunks)
			}
		}
	}
	return nil
}
