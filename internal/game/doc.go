// Package game reproduces Bitburner's mechanics exactly: the hacking, growth
// and weaken formulas, experience and levels, server construction, costs of
// purchased servers, home upgrades and hacknet nodes, the server catalogue,
// the BitNode multiplier tables and the RAM cost of scripts.
//
// Everything here is pure: plain values in, plain values out, no clocks, no
// randomness of its own and no global state. The formulas follow
// ../shared/game/MECHANICS.md and keep the game's left-to-right evaluation
// order so that results match the game's own figures bit for bit where
// possible (and always within 1e-12 relative).
package game
