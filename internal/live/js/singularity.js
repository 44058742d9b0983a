// bbctl singularity module: buys what only the player can buy without the
// Singularity API — the TOR router, port openers, home RAM and cores — for
// a player with Source-File 4 (or in BitNode 4). bbctl starts it only when
// its spender buys one of them, on home or another rooted server with room:
// these functions cost 16 times their RAM at Source-File 4.1, 4 times at
// 4.2 (see docs/live.md).
const SERVER_URL = "__BBCTL_URL__";
const TOKEN = "__BBCTL_TOKEN__";

// __BBCTL_RELAY__ (bbctl puts relay.js here)
// __BBCTL_MODULE__ (bbctl puts module.js here)

/** @param {NS} ns */
export async function main(ns) {
  ns.disableLog("ALL");
  const token = agentToken(ns, TOKEN);
  if (token === "") return;
  const sg = ns.singularity;
  const table = {
    // Each answers true when bought, false when the game refused.
    buy_tor: () => sg.purchaseTor(),
    buy_program: (a) => sg.purchaseProgram(a[0]),
    home_ram: () => sg.upgradeHomeRam(),
    home_cores: () => sg.upgradeHomeCores(),
  };
  await serveModule(ns, "singularity", token, table);
}
