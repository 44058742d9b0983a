package filesync

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Debounce is how long the watcher waits after the last change to a
// folder before it syncs: editors write a file in several steps.
const Debounce = 150 * time.Millisecond

// Watch watches the folder and, once changes settle, pushes changed files
// to home and deletes removed ones (when allowed). remote returns the
// current connection, or nil while the game is away; changes made then
// wait for the next connection's sync. Watch returns when ctx ends.
func (s *Syncer) Watch(ctx context.Context, remote func() Remote) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("filesync: watch: %w", err)
	}
	defer w.Close()
	if err := s.addDirs(w, s.Cfg.ScriptsFolder); err != nil {
		return err
	}
	pending := map[string]bool{} // game paths changed since the last sync
	warned := false
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.Errors:
			if !ok {
				return errors.New("filesync: watcher closed")
			}
			s.logf("ERROR filesync: watching %s: %v", s.Cfg.ScriptsFolder, err)
		case ev, ok := <-w.Events:
			if !ok {
				return errors.New("filesync: watcher closed")
			}
			rel, err := filepath.Rel(s.Cfg.ScriptsFolder, ev.Name)
			if err != nil {
				continue
			}
			g := gamePath(rel)
			if s.Cfg.excluded(g) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					// Watch it, and sync what was written into it before
					// the watch began.
					if err := s.addDirs(w, ev.Name); err != nil {
						s.logf("ERROR %v", err)
					}
					s.markFiles(ev.Name, pending)
					timer.Reset(Debounce)
					continue
				}
			}
			if !s.Cfg.allowed(g) {
				continue
			}
			pending[g] = true
			timer.Reset(Debounce)
		case <-timer.C:
			r := remote()
			if r == nil {
				if !warned {
					s.logf("WARN %d changed files wait for the game to connect", len(pending))
					warned = true
				}
				timer.Reset(time.Second)
				continue
			}
			warned = false
			s.flush(ctx, r, pending)
			pending = map[string]bool{}
		}
	}
}

// flush pushes or deletes each pending file.
func (s *Syncer) flush(ctx context.Context, r Remote, pending map[string]bool) []Outcome {
	names := make([]string, 0, len(pending))
	for g := range pending {
		names = append(names, g)
	}
	sort.Strings(names)
	var out []Outcome
	for _, g := range names {
		local := filepath.Join(s.Cfg.ScriptsFolder, filepath.FromSlash(g))
		if _, err := os.Stat(local); err == nil {
			out = append(out, s.push(ctx, r, g, local))
			continue
		}
		if !s.Cfg.AllowDeletingFiles {
			continue
		}
		if s.Cfg.Dry {
			out = append(out, s.note(Outcome{File: g, Action: "delete"}))
			continue
		}
		out = append(out, s.note(Outcome{File: g, Action: "delete", Err: r.DeleteFile(ctx, "home", g)}))
	}
	return out
}

// addDirs watches dir and every directory below it that is not excluded.
func (s *Syncer) addDirs(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("filesync: watch %s: %w", p, err)
		}
		if !d.IsDir() {
			return nil
		}
		if rel, err := filepath.Rel(s.Cfg.ScriptsFolder, p); err == nil && rel != "." && s.Cfg.excluded(gamePath(rel)) {
			return filepath.SkipDir
		}
		if err := w.Add(p); err != nil {
			return fmt.Errorf("filesync: watch %s: %w", p, err)
		}
		return nil
	})
}

// markFiles adds every syncing file below dir to pending.
func (s *Syncer) markFiles(dir string, pending map[string]bool) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if rel, err := filepath.Rel(s.Cfg.ScriptsFolder, p); err == nil {
			if g := gamePath(rel); s.Cfg.allowed(g) && !s.Cfg.excluded(g) {
				pending[g] = true
			}
		}
		return nil
	})
}
