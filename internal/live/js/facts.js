// bbctl facts module: reads what the agent cannot afford to, for plans
// that are exact in every BitNode on every version: the BitNode, its level
// (ns.getResetInfo, 1 GB) and each server's cores (ns.getServer, 2 GB);
// and it copies bbctl's workers from home (ns.scp, 0.6 GB) when the Remote
// API is not there to push them. bbctl starts it when the game's save does not say
// (games before 2.8.1, or no Remote API), asks, and tells it to exit. See
// docs/live.md.
const SERVER_URL = "__BBCTL_URL__";
const TOKEN = "__BBCTL_TOKEN__";

// __BBCTL_RELAY__ (bbctl puts relay.js here)
// __BBCTL_MODULE__ (bbctl puts module.js here)

/** @param {NS} ns */
export async function main(ns) {
  ns.disableLog("ALL");
  const token = agentToken(ns, TOKEN);
  if (token === "") return;
  const table = {
    // The Source-File maps become lists of [BitNode, level] pairs.
    reset: () => {
      const r = ns.getResetInfo();
      const opts = r.bitNodeOptions;
      return {
        node: r.currentNode,
        owned: Array.from(r.ownedSF),
        overrides: opts && opts.sourceFileOverrides ? Array.from(opts.sourceFileOverrides) : [],
      };
    },
    // The cores of each host; 0 for a host that is gone.
    hosts: (a) =>
      a[0].map((h) => {
        try {
          return ns.getServer(h).cpuCores;
        } catch (e) {
          return 0;
        }
      }),
  };
  // Copies files from home to a server (bbctl's workers, when the Remote
  // API is not connected).
  table.copy = (a) => ns.scp(a[0], a[1], "home");
  await serveModule(ns, "facts", token, table);
}
