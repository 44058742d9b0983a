// bbctl contracts module: relays coding-contract calls from bbctl. bbctl
// starts it only when contracts are enabled, on home or another rooted
// server with room; the agent stays small without these functions. See
// docs/protocol.md.
const SERVER_URL = "__BBCTL_URL__";
const TOKEN = "__BBCTL_TOKEN__";

// __BBCTL_RELAY__ (bbctl puts relay.js here)
// __BBCTL_MODULE__ (bbctl puts module.js here)

/** @param {NS} ns */
export async function main(ns) {
  ns.disableLog("ALL");
  const token = agentToken(ns, TOKEN);
  if (token === "") return;
  const typed = "cloud" in ns; // 3.x takes typed answers, 2.6 a string
  const cc = ns.codingcontract;
  const table = {
    list: (a) => ns.ls(a[0], ".cct"),
    read: (a) => ({
      type: cc.getContractType(a[1], a[0]),
      data: cc.getData(a[1], a[0]),
      tries: cc.getNumTriesRemaining(a[1], a[0]),
    }),
    submit: (a) => cc.attempt(typed ? JSON.parse(a[2]) : a[3], a[1], a[0]),
  };
  await serveModule(ns, "contracts", token, table);
}
