// TOKEN_FILE keeps the token on home for later runs (see agentToken).
const TOKEN_FILE = "bbctl/token.txt";

// agentToken returns the token to say hello with: the one given as the
// first argument (kept in TOKEN_FILE for later runs), else the one bbctl
// filled in, else the kept one. bbctl fills in none when it cannot tell
// the game from a web page posing as it (docs/live.md, "Security").
function agentToken(ns, filled) {
  if (ns.args.length > 0 && String(ns.args[0]) !== "") {
    const t = String(ns.args[0]);
    ns.write(TOKEN_FILE, t, "w");
    return t;
  }
  return filled !== "" ? filled : ns.read(TOKEN_FILE);
}

// answer runs a batch of calls relayed from bbctl against table and
// returns one result per call, in order: {id, value} or {id, error}.
function answer(table, calls) {
  const out = [];
  for (const c of calls) {
    const f = table[c.fn];
    if (f === undefined) {
      out.push({ id: c.id, error: "unknown function " + c.fn });
      continue;
    }
    try {
      const v = f(Array.isArray(c.args) ? c.args : []);
      out.push({ id: c.id, value: v === undefined ? null : v });
    } catch (e) {
      out.push({ id: c.id, error: String(e) });
    }
  }
  return out;
}
