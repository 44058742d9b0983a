// Package filesync keeps a folder of the player's scripts in step with the
// game's home server over the Remote API, as a drop-in for
// bitburner-filesync: the same filesync.json keys and defaults, a debounced
// folder watcher, and one-shot push, pull and diff.
package filesync

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strings"

	"bbctl/internal/input"
)

// Config is filesync.json. The keys and defaults are bitburner-filesync's.
type Config struct {
	AllowedFiletypes    []string   `json:"allowedFiletypes"`
	AllowDeletingFiles  bool       `json:"allowDeletingFiles"`
	Port                int        `json:"port"`
	ScriptsFolder       string     `json:"scriptsFolder"`
	Exclude             []string   `json:"exclude"`
	Quiet               bool       `json:"quiet"`
	Dry                 bool       `json:"dry"`
	DefinitionFile      Definition `json:"definitionFile"`
	PushAllOnConnection bool       `json:"pushAllOnConnection"`
}

// Definition says whether and where to save NetscriptDefinitions.d.ts.
type Definition struct {
	Update   bool   `json:"update"`
	Location string `json:"location"`
}

// ConfigFile is the name of the configuration file, looked for in the
// working directory.
const ConfigFile = "filesync.json"

// DefaultConfig returns bitburner-filesync's defaults.
func DefaultConfig() Config {
	return Config{
		AllowedFiletypes: []string{".js", ".script", ".txt"},
		Port:             12525,
		ScriptsFolder:    ".",
		Exclude:          []string{},
		DefinitionFile:   Definition{Location: "NetScriptDefinitions.d.ts"},
	}
}

// ParseConfig decodes filesync.json over the defaults. Unknown keys and
// bad values are errors that name the key.
func ParseConfig(b []byte) (Config, error) {
	c := DefaultConfig()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Config{}, fmt.Errorf("filesync config: %w", input.JSONError(b, err))
	}
	if dec.More() {
		return Config{}, errors.New("filesync config: more than one JSON value")
	}
	return c, c.Validate()
}

// LoadConfig reads filesync.json at p. A missing file is an error that
// wraps os.ErrNotExist.
func LoadConfig(p string) (Config, error) {
	b, err := input.ReadFile(p, input.MaxConfig)
	if err != nil {
		return Config{}, err
	}
	c, err := ParseConfig(b)
	if err != nil {
		return Config{}, fmt.Errorf("%s: %w", p, err)
	}
	return c, nil
}

// Validate checks every field.
func (c Config) Validate() error {
	if c.Port < 1 || c.Port > 65535 {
		return fmt.Errorf("filesync config: port %d is not in 1..65535", c.Port)
	}
	if c.ScriptsFolder == "" {
		return errors.New("filesync config: scriptsFolder is empty")
	}
	if len(c.AllowedFiletypes) == 0 {
		return errors.New("filesync config: allowedFiletypes is empty")
	}
	for _, t := range c.AllowedFiletypes {
		if len(t) < 2 || t[0] != '.' || strings.ContainsAny(t, "/\\ ") {
			return fmt.Errorf("filesync config: allowedFiletypes entry %q is not an extension such as \".js\"", t)
		}
	}
	for _, e := range c.Exclude {
		if _, err := path.Match(e, ""); err != nil || e == "" {
			return fmt.Errorf("filesync config: exclude pattern %q is invalid", e)
		}
	}
	if c.DefinitionFile.Update && c.DefinitionFile.Location == "" {
		return errors.New("filesync config: definitionFile.location is empty")
	}
	return nil
}

// allowed reports whether a game path has an allowed extension.
func (c Config) allowed(name string) bool {
	for _, t := range c.AllowedFiletypes {
		if strings.HasSuffix(name, t) && len(name) > len(t) {
			return true
		}
	}
	return false
}

// excluded reports whether the slash-separated relative path rel matches
// an exclude pattern: the whole path, any of its elements, or a leading
// directory.
func (c Config) excluded(rel string) bool {
	for _, e := range c.Exclude {
		e = strings.Trim(e, "/")
		if ok, _ := path.Match(e, rel); ok {
			return true
		}
		if strings.HasPrefix(rel, e+"/") {
			return true
		}
		for _, el := range strings.Split(rel, "/") {
			if ok, _ := path.Match(e, el); ok {
				return true
			}
		}
	}
	return false
}
