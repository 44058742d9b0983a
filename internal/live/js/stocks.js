// bbctl stocks module: relays stock-market calls from bbctl. bbctl starts
// it only when the stock trader is enabled and the player has a WSE account
// and TIX API access, on home or another rooted server with room: the
// stock API costs RAM that the agent should not carry. See docs/live.md.
const SERVER_URL = "__BBCTL_URL__";
const TOKEN = "__BBCTL_TOKEN__";

// __BBCTL_RELAY__ (bbctl puts relay.js here)
// __BBCTL_MODULE__ (bbctl puts module.js here)

/** @param {NS} ns */
export async function main(ns) {
  ns.disableLog("ALL");
  const token = agentToken(ns, TOKEN);
  if (token === "") return;
  const st = ns.stock;
  const v3 = "cloud" in ns; // 3.x renamed the has* calls
  const access = () => {
    const r = ns.getResetInfo();
    const sf8 = r.ownedSF.get(8) || 0;
    return {
      wse: v3 ? st.hasWseAccount() : st.hasWSEAccount(),
      tix: v3 ? st.hasTixApiAccess() : st.hasTIXAPIAccess(),
      data_4s: st.has4SData(),
      api_4s: v3 ? st.has4SDataTixApi() : st.has4SDataTIXAPI(),
      shorts: r.currentNode === 8 || sf8 >= 2,
      orders: r.currentNode === 8 || sf8 >= 3,
    };
  };
  const table = {
    // The player's access, money and, with TIX access, every stock.
    market: () => {
      const a = access();
      const out = { access: a, money: ns.getServerMoneyAvailable("home"), quotes: [] };
      if (!a.tix || (!v3 && !a.wse)) return out;
      for (const sym of st.getSymbols()) {
        const p = st.getPosition(sym);
        const q = {
          symbol: sym, price: st.getPrice(sym), ask: st.getAskPrice(sym), bid: st.getBidPrice(sym),
          max_shares: st.getMaxShares(sym), long: p[0], long_avg: p[1], short: p[2], short_avg: p[3],
          forecast: 0, volatility: 0,
        };
        if (a.api_4s) {
          q.forecast = st.getForecast(sym);
          q.volatility = st.getVolatility(sym);
        }
        out.quotes.push(q);
      }
      return out;
    },
    // One market order: [kind, symbol, shares]; the price it traded at, 0
    // when the game refused it.
    trade: (a) => {
      switch (a[0]) {
        case "buy": return st.buyStock(a[1], a[2]);
        case "sell": return st.sellStock(a[1], a[2]);
        case "short": return st.buyShort(a[1], a[2]);
        case "close": return st.sellShort(a[1], a[2]);
      }
      throw new Error("unknown trade " + a[0]);
    },
  };
  await serveModule(ns, "stocks", token, table);
}
