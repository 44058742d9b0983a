//go:build race

package live_test

// raceEnabled slows the simulated game down under the race detector,
// which makes the emulated game's JavaScript many times slower.
const raceEnabled = true
