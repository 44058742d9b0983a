// bbctl singularity module: makes one kind of purchase that only the player
// could make without the Singularity API, for a player with Source-File 4
// (or in BitNode 4). bbctl makes one module of this template for each kind
// (the TOR router, a port opener, home RAM, a home core) and fills in its
// one Singularity function: the game charges a script for every such
// function its text names, at 16 times its RAM at Source-File 4.1, so a
// module names no other. bbctl starts it when its spender buys that kind,
// on home or another rooted server with room, and tells it to exit after
// the purchase (see docs/live.md).
const SERVER_URL = "__BBCTL_URL__";
const TOKEN = "__BBCTL_TOKEN__";
const MODULE = "__BBCTL_SHOP__";

// __BBCTL_RELAY__ (bbctl puts relay.js here)
// __BBCTL_MODULE__ (bbctl puts module.js here)

/** @param {NS} ns */
export async function main(ns) {
  ns.disableLog("ALL");
  const token = agentToken(ns, TOKEN);
  if (token === "") return;
  const sg = ns.singularity;
  const table = {
    // Answers true when bought, false when the game refused.
    buy: (a) => sg.__BBCTL_SHOP_FN__(...a),
  };
  await serveModule(ns, MODULE, token, table);
}
