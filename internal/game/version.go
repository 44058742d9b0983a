package game

import "fmt"

// Version selects which game rules apply where versions differ.
type Version int

// The supported rule sets.
const (
	V261 Version = iota // bitburner 2.6.1, the version the test vectors were made with
	V3                  // 3.0.x, the current game: the default everywhere
)

// String returns "2.6.1" or "3".
func (v Version) String() string {
	switch v {
	case V261:
		return "2.6.1"
	case V3:
		return "3"
	}
	return fmt.Sprintf("Version(%d)", int(v))
}

// ParseVersion parses a version name as given on a command line: "3", "v3",
// "3.0" or "2.6.1", "v2.6.1", "2.6". The empty string means the default, V3.
func ParseVersion(s string) (Version, error) {
	switch s {
	case "", "3", "v3", "3.0", "3.0.0", "3.0.1", "3.0.2":
		return V3, nil
	case "2.6.1", "v2.6.1", "2.6", "v2.6":
		return V261, nil
	}
	return 0, fmt.Errorf("unknown game version %q: want 3 or 2.6.1", s)
}
