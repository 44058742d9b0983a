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
