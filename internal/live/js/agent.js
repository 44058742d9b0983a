// bbctl agent: relays batched Netscript calls from bbctl and drains the
// reports of bbctl's workers. Pushed by bbctl; see docs/protocol.md.
// Every relayed function is named literally below: the game charges RAM for
// the names a script contains and kills a script that calls others.
// Field names stay clear of Netscript names (the game charges bare names).
const SERVER_URL = "__BBCTL_URL__";
const TOKEN = "__BBCTL_TOKEN__";
const REPORT_PORT = 31400;
const REPORT_PORTS = 16;
const TOKEN_REFUSED = 4001;
const AGENT_BUSY = 4002;
const GATHER_MS = 10;
const MAX_UNACKED = 1000;
const MAX_REFUSALS = 5; // refused as a second agent this many times in a row: stop
const MAX_KEPT = 65536; // bytes of facts kept for the next bbctl

// __BBCTL_RELAY__ (bbctl puts relay.js here)

/** @param {NS} ns */
export async function main(ns) {
  ns.disableLog("ALL");
  const token = agentToken(ns, TOKEN);
  if (token === "") {
    ns.tprint("bbctl agent: no token; type the line bbctl printed (run bbctl/agent.js TOKEN)");
    return;
  }
  // What bbctl learned of the game that the agent cannot afford to read (the
  // BitNode, its level, the cores), kept for the next bbctl to connect: a
  // reset, which changes the BitNode, also ends this agent.
  let kept = "";
  const table = {
    exec: (a) => {
      const pid = ns.exec(a[0], a[1], { threads: a[2], temporary: a[3] }, ...a[4]);
      if (pid !== 0) return pid;
      return {
        pid: 0,
        root: ns.hasRootAccess(a[1]),
        free: ns.getServerMaxRam(a[1]) - ns.getServerUsedRam(a[1]),
        present: ns.fileExists(a[0], a[1]),
      };
    },
    kill: (a) => ns.kill(a[0]),
    ps: (a) => ns.ps(a[0]),
    scan: (a) => ns.scan(a[0]),
    // Only the fields bbctl reads: the whole object holds deprecated
    // properties, and reading them (JSON does) prints warnings.
    player: () => {
      const p = ns.getPlayer();
      return { skills: p.skills, exp: p.exp, mults: p.mults, money: p.money };
    },
    srv: (a) => ({
      hostname: a[0],
      root: ns.hasRootAccess(a[0]),
      money: ns.getServerMoneyAvailable(a[0]),
      moneyMax: ns.getServerMaxMoney(a[0]),
      sec: ns.getServerSecurityLevel(a[0]),
      secMin: ns.getServerMinSecurityLevel(a[0]),
      secBase: ns.getServerBaseSecurityLevel(a[0]),
      level: ns.getServerRequiredHackingLevel(a[0]),
      growth: ns.getServerGrowth(a[0]),
      portsNeeded: ns.getServerNumPortsRequired(a[0]),
      maxRam: ns.getServerMaxRam(a[0]),
      usedRam: ns.getServerUsedRam(a[0]),
    }),
    nuke: (a) => ns.nuke(a[0]),
    brutessh: (a) => ns.brutessh(a[0]),
    ftpcrack: (a) => ns.ftpcrack(a[0]),
    relaysmtp: (a) => ns.relaysmtp(a[0]),
    httpworm: (a) => ns.httpworm(a[0]),
    sqlinject: (a) => ns.sqlinject(a[0]),
    exists: (a) => ns.fileExists(a[0], a[1]),
    readText: (a) => ns.read(a[0]),
    clock: () => Date.now(),
    keep: (a) => {
      kept = String(a[0]).slice(0, MAX_KEPT);
      return true;
    },
    recall: () => kept,
  };

  const handles = [];
  for (let i = 0; i < REPORT_PORTS; i++) handles.push(ns.getPortHandle(REPORT_PORT + i));
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  let sock = null;
  let ready = false;
  let quit = false;
  let lastCode = 0;
  let backoff = 250;
  let wake = () => {};
  let seq = 0;
  let refusals = 0;
  const inst = Date.now().toString(36) + Math.random().toString(36).slice(2);
  const unacked = []; // events messages bbctl has not acknowledged

  function onFrame(s, text) {
    let msg;
    try {
      msg = JSON.parse(text);
    } catch (e) {
      return;
    }
    if (msg.type === "welcome") {
      ready = true;
      backoff = 250;
      refusals = 0;
      // Reports sent to a bbctl that went away may never have arrived.
      for (const u of unacked) s.send(u.text);
      wake();
    } else if (msg.type === "ack") {
      while (unacked.length > 0 && unacked[0].seq <= msg.seq) unacked.shift();
    } else if (msg.type === "call" && Array.isArray(msg.calls)) {
      s.send(JSON.stringify({ type: "results", results: answer(table, msg.calls) }));
    } else if (msg.type === "exit") {
      quit = true;
      s.close(1000, "agent exiting");
      wake();
    }
  }

  function openSocket() {
    const s = new WebSocket(SERVER_URL);
    s.onopen = () => s.send(JSON.stringify({ type: "hello", token: token, agent: 1, pid: ns.pid, v3: "cloud" in ns, inst: inst }));
    s.onmessage = (e) => onFrame(s, e.data);
    s.onclose = (e) => {
      if (sock === s) {
        sock = null;
        ready = false;
        lastCode = e.code;
      }
      wake();
    };
    s.onerror = () => {};
    return s;
  }

  ns.atExit(() => {
    quit = true;
    if (sock !== null) sock.close(1000, "agent exiting");
  });

  while (!quit) {
    if (sock === null) {
      if (lastCode === TOKEN_REFUSED) {
        ns.tprint("bbctl agent: bbctl refused this agent's token; type the line bbctl printed last");
        return;
      }
      if (lastCode === AGENT_BUSY && ++refusals >= MAX_REFUSALS) {
        ns.tprint("bbctl agent: another agent is already connected to bbctl; this one stops");
        return;
      }
      if (lastCode !== 0) {
        await pause(backoff);
        backoff = Math.min(backoff * 2, 10000);
      }
      lastCode = -1;
      sock = openSocket();
    }
    if (ready) {
      const events = [];
      for (const h of handles) {
        while (!h.empty()) events.push(h.read());
      }
      if (events.length > 0) {
        seq++;
        const text = JSON.stringify({ type: "events", seq: seq, events: events });
        unacked.push({ seq: seq, text: text });
        if (unacked.length > MAX_UNACKED) unacked.shift(); // a bbctl that never acknowledges
        sock.send(text);
      }
    }
    const woken = new Promise((resolve) => (wake = resolve));
    const waits = [woken, pause(ready ? 250 : 1000)];
    if (ready) for (const h of handles) waits.push(h.nextWrite());
    await Promise.race(waits);
    // Let a burst of reports gather, so one message carries many.
    if (ready) await pause(GATHER_MS);
  }
}
