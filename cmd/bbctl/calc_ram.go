package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"bbctl/internal/game"
	"bbctl/internal/input"
)

// underRoot returns file as a path from root, the server's root that
// imports resolve from: a relative file is taken from root already; an
// absolute one must lie inside root.
func underRoot(root, file string) (string, error) {
	if !filepath.IsAbs(file) {
		return filepath.ToSlash(file), nil
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(absRoot, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("outside --root %s (imports resolve from the root; pass --root %s)", root, filepath.Dir(file))
	}
	return filepath.ToSlash(rel), nil
}

type ramReport struct {
	File    string        `json:"file"`
	RAM     game.Number   `json:"ram"` // GB per thread
	Charges []game.Charge `json:"charges"`
	Error   string        `json:"error,omitempty"`
}

func calcRAM(_ context.Context, e env, args []string) error {
	fs := newFlagSet(e, "calc ram", "[--root DIR] [--version 3|2.6.1] [--json] FILE...")
	root := fs.String("root", ".", "`directory` that plays the server's root: imports resolve from it")
	version := fs.String("version", "3", "game `rules`: 3 or 2.6.1")
	jsonOut := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	files := fs.Args()
	if len(files) == 0 {
		return usageError("name at least one script")
	}
	ver, err := game.ParseVersion(*version)
	if err != nil {
		return usageError("--version: %v", err)
	}
	read := func(p string) (string, error) {
		b, err := input.ReadFile(filepath.Join(*root, filepath.FromSlash(p)), input.MaxScript)
		return string(b), err
	}
	var reports []ramReport
	failed := 0
	for _, f := range files {
		r := ramReport{File: f}
		name, err := underRoot(*root, f)
		if err != nil {
			r.Error = err.Error()
			r.Charges = []game.Charge{}
			failed++
			reports = append(reports, r)
			continue
		}
		ram, charges, err := game.ScriptRAMFiles(name, read, ver)
		if err != nil {
			r.Error = err.Error()
			failed++
		}
		r.RAM, r.Charges = game.Number(ram.GB()), charges
		if r.Charges == nil {
			r.Charges = []game.Charge{}
		}
		reports = append(reports, r)
	}
	if *jsonOut {
		if err := writeJSON(e.stdout, reports); err != nil {
			return err
		}
	} else {
		for _, r := range reports {
			if r.Error != "" {
				fmt.Fprintf(e.stdout, "%s: %s\n", r.File, r.Error)
				continue
			}
			fmt.Fprintf(e.stdout, "%s: %s per thread (rules %v; 1.6GB base", r.File, game.GB(float64(r.RAM)), ver)
			if len(r.Charges) == 0 {
				fmt.Fprintln(e.stdout, ", nothing charged)")
				continue
			}
			fmt.Fprintln(e.stdout, " plus:)")
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			for _, ch := range r.Charges {
				fmt.Fprintf(tw, "  %s\t%sGB\n", ch.Name, formatFloat(ch.Cost))
			}
			tw.Flush()
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d scripts could not be checked", failed, len(files))
	}
	return nil
}
