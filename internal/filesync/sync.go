package filesync

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"bbctl/internal/input"
	"bbctl/internal/rfa"
)

// Remote is the part of the Remote API file sync uses; *rfa.Conn is one.
type Remote interface {
	PushFile(ctx context.Context, server, filename, content string) error
	DeleteFile(ctx context.Context, server, filename string) error
	GetFileNames(ctx context.Context, server string) ([]string, error)
	GetAllFiles(ctx context.Context, server string) ([]rfa.File, error)
	GetDefinitionFile(ctx context.Context) (string, error)
}

// Syncer syncs Config.ScriptsFolder with the server home.
type Syncer struct {
	Cfg Config
	// Logf receives one line per file touched (unless Cfg.Quiet) and every
	// error. Nil discards.
	Logf func(format string, args ...any)
}

// Outcome is what happened to one file.
type Outcome struct {
	File   string // the game path, e.g. "lib/util.js"
	Action string // "push", "delete", "pull", "skip"
	Err    error  // nil on success; the game's reason (*rfa.Error) when it refused
}

func (s *Syncer) logf(format string, args ...any) {
	if s.Logf != nil {
		s.Logf(format, args...)
	}
}

func (s *Syncer) note(o Outcome) Outcome {
	dry := ""
	if s.Cfg.Dry {
		dry = " (dry run)"
	}
	switch {
	case o.Err != nil:
		s.logf("ERROR %s %s: %v", o.Action, o.File, o.Err)
	case !s.Cfg.Quiet:
		s.logf("%s %s%s", o.Action, o.File, dry)
	}
	return o
}

// gamePath converts a path relative to the folder into the game's form.
func gamePath(rel string) string { return filepath.ToSlash(rel) }

// Local lists the files of the folder that sync, by game path, with their
// paths on disk.
func (s *Syncer) Local() (map[string]string, error) {
	root := s.Cfg.ScriptsFolder
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil || rel == "." {
			return err
		}
		g := gamePath(rel)
		if s.Cfg.excluded(g) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() || !s.Cfg.allowed(g) {
			return nil
		}
		out[g] = p
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("filesync: listing %s: %w", root, err)
	}
	return out, nil
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// push sends one local file.
func (s *Syncer) push(ctx context.Context, r Remote, g, local string) Outcome {
	b, err := input.ReadFile(local, input.MaxScript)
	if err != nil {
		return s.note(Outcome{File: g, Action: "push", Err: err})
	}
	if s.Cfg.Dry {
		return s.note(Outcome{File: g, Action: "push"})
	}
	return s.note(Outcome{File: g, Action: "push", Err: r.PushFile(ctx, "home", g, string(b))})
}

// PushAll pushes every local file. A file the game refuses is reported in
// its Outcome; the others still sync. The error is for failures that stop
// the whole run (the folder cannot be read, the connection is gone).
func (s *Syncer) PushAll(ctx context.Context, r Remote) ([]Outcome, error) {
	local, err := s.Local()
	if err != nil {
		return nil, err
	}
	var out []Outcome
	for _, g := range sortedKeys(local) {
		o := s.push(ctx, r, g, local[g])
		out = append(out, o)
		if errors.Is(o.Err, rfa.ErrClosed) || ctx.Err() != nil {
			return out, fmt.Errorf("filesync: push stopped: %w", o.Err)
		}
	}
	return out, nil
}

// Pull writes the game's files on home into the folder (allowed types
// only, excluded paths skipped, nothing outside the folder).
func (s *Syncer) Pull(ctx context.Context, r Remote) ([]Outcome, error) {
	files, err := r.GetAllFiles(ctx, "home")
	if err != nil {
		return nil, fmt.Errorf("filesync: pull: %w", err)
	}
	var out []Outcome
	for _, f := range files {
		g := strings.TrimPrefix(f.Filename, "/")
		if !s.Cfg.allowed(g) || s.Cfg.excluded(g) {
			continue
		}
		clean := path.Clean(g)
		if clean != g || strings.HasPrefix(clean, "../") || clean == ".." || path.IsAbs(clean) {
			out = append(out, s.note(Outcome{File: g, Action: "pull", Err: errors.New("unsafe path, not written")}))
			continue
		}
		dst := filepath.Join(s.Cfg.ScriptsFolder, filepath.FromSlash(clean))
		if s.Cfg.Dry {
			out = append(out, s.note(Outcome{File: g, Action: "pull"}))
			continue
		}
		err := os.MkdirAll(filepath.Dir(dst), 0o755)
		if err == nil {
			err = os.WriteFile(dst, []byte(f.Content), 0o644)
		}
		out = append(out, s.note(Outcome{File: g, Action: "pull", Err: err}))
	}
	return out, nil
}

// Change is how one file differs between the folder and home.
type Change struct {
	File  string `json:"file"`
	State string `json:"state"` // "local-only", "game-only", "differs"
}

// Diff compares the folder with home, listing only the files that differ.
func (s *Syncer) Diff(ctx context.Context, r Remote) ([]Change, error) {
	local, err := s.Local()
	if err != nil {
		return nil, err
	}
	files, err := r.GetAllFiles(ctx, "home")
	if err != nil {
		return nil, fmt.Errorf("filesync: diff: %w", err)
	}
	remote := map[string]string{}
	for _, f := range files {
		g := strings.TrimPrefix(f.Filename, "/")
		if s.Cfg.allowed(g) && !s.Cfg.excluded(g) {
			remote[g] = f.Content
		}
	}
	var out []Change
	for _, g := range sortedKeys(local) {
		rc, ok := remote[g]
		if !ok {
			out = append(out, Change{g, "local-only"})
			continue
		}
		b, err := input.ReadFile(local[g], input.MaxScript)
		if err != nil {
			return nil, fmt.Errorf("filesync: diff: %w", err)
		}
		if string(b) != rc {
			out = append(out, Change{g, "differs"})
		}
	}
	for _, g := range sortedKeys(remote) {
		if _, ok := local[g]; !ok {
			out = append(out, Change{g, "game-only"})
		}
	}
	return out, nil
}

// FetchDefinitions saves NetscriptDefinitions.d.ts at
// Cfg.DefinitionFile.Location (relative to the working directory).
func (s *Syncer) FetchDefinitions(ctx context.Context, r Remote) error {
	defs, err := r.GetDefinitionFile(ctx)
	if err != nil {
		return fmt.Errorf("filesync: definitions: %w", err)
	}
	if s.Cfg.Dry {
		s.logf("would write %s (%d bytes) (dry run)", s.Cfg.DefinitionFile.Location, len(defs))
		return nil
	}
	if err := os.WriteFile(s.Cfg.DefinitionFile.Location, []byte(defs), 0o644); err != nil {
		return fmt.Errorf("filesync: definitions: %w", err)
	}
	if !s.Cfg.Quiet {
		s.logf("wrote %s (%d bytes)", s.Cfg.DefinitionFile.Location, len(defs))
	}
	return nil
}

// OnConnect does what the configuration asks when the game connects:
// fetch the definitions, push every file.
func (s *Syncer) OnConnect(ctx context.Context, r Remote) {
	if s.Cfg.DefinitionFile.Update {
		if err := s.FetchDefinitions(ctx, r); err != nil {
			s.logf("ERROR %v", err)
		}
	}
	if s.Cfg.PushAllOnConnection {
		if _, err := s.PushAll(ctx, r); err != nil {
			s.logf("ERROR %v", err)
		}
	}
}
