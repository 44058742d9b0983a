// bbctl worker: one hack. Args (world.WorkerArgs): target, landAt (Unix ms), expected
// duration (ms), tag ("bb:<epoch>:<batch>:<kind><role>"), startBy (Unix ms, 0 for none),
// launchedAt (Unix ms; read by bbctl from ps, not here). It lands at landAt. If it cannot, or if it starts after
// startBy (the target may then be off the security its duration was predicted for), it
// does nothing and says so (a misfire).
// Its report goes to a port the bbctl agent drains; it waits while the port is full.
/** @param {NS} ns */
export async function main(ns) {
  const target = String(ns.args[0]);
  const landAt = Number(ns.args[1]);
  const start = Date.now();
  const extra = Math.floor(landAt - start - Number(ns.args[2]));
  const startBy = ns.args.length > 4 ? Number(ns.args[4]) : 0;
  const note = { bbctl: 1, pid: ns.pid, op: "hack", target: target, tag: String(ns.args[3]), landAt: landAt, start: start, end: start, misfire: !(extra >= 0 && extra <= 1e9) || (startBy > 0 && start > startBy), value: 0 };
  if (!note.misfire) {
    try {
      note.value = await ns.hack(target, { additionalMsec: extra });
    } catch (e) {
      note.failure = String(e);
    }
  }
  note.end = Date.now();
  const port = 31400 + (ns.pid % 16);
  while (!ns.tryWritePort(port, note)) await ns.asleep(20);
}
