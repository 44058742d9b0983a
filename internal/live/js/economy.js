// bbctl economy module: relays purchase calls from bbctl (purchased
// servers, hacknet nodes or servers, hash sales; never deletion, which bbctl does not do and
// which costs 2.25 GB). bbctl starts it only when its spender has
// something to buy, on home or another rooted server with room: these
// functions cost RAM that the agent should not carry. See docs/live.md.
const SERVER_URL = "__BBCTL_URL__";
const TOKEN = "__BBCTL_TOKEN__";

// __BBCTL_RELAY__ (bbctl puts relay.js here)
// __BBCTL_MODULE__ (bbctl puts module.js here)

/** @param {NS} ns */
export async function main(ns) {
  ns.disableLog("ALL");
  const token = agentToken(ns, TOKEN);
  if (token === "") return;
  const v3 = "cloud" in ns; // 3.x moved the purchased-server calls to ns.cloud
  const cl = ns.cloud;
  const hn = ns.hacknet;
  const table = {
    // The purchased servers with their RAM, and the BitNode's limits.
    servers: () => {
      const names = v3 ? cl.getServerNames() : ns.getPurchasedServers();
      return {
        hosts: names.map((h) => ({ host: h, ram: ns.getServerMaxRam(h), used: ns.getServerUsedRam(h) })),
        limit: v3 ? cl.getServerLimit() : ns.getPurchasedServerLimit(),
        max_ram: v3 ? cl.getRamLimit() : ns.getPurchasedServerMaxRam(),
      };
    },
    // [name, ram]: the hostname, "" when the game refused.
    buy_server: (a) => (v3 ? cl.purchaseServer(a[0], a[1]) : ns.purchaseServer(a[0], a[1])),
    // [host, ram]: true when upgraded.
    upgrade_server: (a) => (v3 ? cl.upgradeServer(a[0], a[1]) : ns.upgradePurchasedServer(a[0], a[1])),
    // The nodes (or hacknet servers), the limit, the hashes and the
    // player's hacknet multipliers. The limit is finite (20) only where
    // hacknet servers replace nodes, even before the first is bought.
    hacknet: () => {
      const nodes = [];
      let capacity = 0;
      for (let i = 0; i < hn.numNodes(); i++) {
        const s = hn.getNodeStats(i);
        const n = { level: s.level, ram: s.ram, cores: s.cores, production: s.production, total: s.totalProduction };
        if (s.cache !== undefined) {
          Object.assign(n, { host: s.name, ram_used: s.ramUsed, cache: s.cache });
          capacity += s.hashCapacity;
        }
        nodes.push(n);
      }
      const m = ns.getPlayer().mults;
      const max = hn.maxNumNodes();
      return {
        nodes, max_nodes: isFinite(max) ? max : 0, servers: isFinite(max),
        hashes: isFinite(max) ? hn.numHashes() : 0, hash_capacity: capacity,
        mults: {
          money: m.hacknet_node_money, purchase_cost: m.hacknet_node_purchase_cost, level_cost: m.hacknet_node_level_cost,
          ram_cost: m.hacknet_node_ram_cost, core_cost: m.hacknet_node_core_cost,
        },
      };
    },
    // [count]: true when count sales of hashes for money were made.
    sell_hashes: (a) => hn.spendHashes("Sell for Money", "", a[0]),
    // The new node's index, -1 when the game refused.
    buy_node: () => hn.purchaseNode(),
    // [index, part, n]: true when bought.
    upgrade_node: (a) => {
      switch (a[1]) {
        case "level": return hn.upgradeLevel(a[0], a[2]);
        case "ram": return hn.upgradeRam(a[0], a[2]);
        case "cores": return hn.upgradeCore(a[0], a[2]);
      }
      throw new Error("unknown hacknet part " + a[1]);
    },
  };
  await serveModule(ns, "economy", token, table);
}
