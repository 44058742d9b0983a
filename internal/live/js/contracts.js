// bbctl contracts module: relays coding-contract calls from bbctl. bbctl
// starts it on home only when contracts are enabled and home has the RAM;
// the agent stays small without these functions. See docs/protocol.md.
const SERVER_URL = "__BBCTL_URL__";
const TOKEN = "__BBCTL_TOKEN__";
const TOKEN_REFUSED = 4001;
const MODULE_BUSY = 4002;

// __BBCTL_RELAY__ (bbctl puts relay.js here)

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
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  let sock = null;
  let quit = false;
  let lastCode = 0;
  let backoff = 250;
  let wake = () => {};

  function onFrame(s, text) {
    let msg;
    try {
      msg = JSON.parse(text);
    } catch (e) {
      return;
    }
    if (msg.type === "welcome") {
      backoff = 250;
    } else if (msg.type === "call" && Array.isArray(msg.calls)) {
      s.send(JSON.stringify({ type: "results", results: answer(table, msg.calls) }));
    } else if (msg.type === "exit") {
      quit = true;
      s.close(1000, "module exiting");
      wake();
    }
  }

  function openSocket() {
    const s = new WebSocket(SERVER_URL);
    s.onopen = () => s.send(JSON.stringify({ type: "hello", token: token, agent: 1, pid: ns.pid, v3: typed, module: "contracts" }));
    s.onmessage = (e) => onFrame(s, e.data);
    s.onclose = (e) => {
      if (sock === s) {
        sock = null;
        lastCode = e.code;
      }
      wake();
    };
    s.onerror = () => {};
    return s;
  }

  ns.atExit(() => {
    quit = true;
    if (sock !== null) sock.close(1000, "module exiting");
  });

  while (!quit) {
    if (sock === null) {
      if (lastCode === TOKEN_REFUSED || lastCode === MODULE_BUSY) return;
      if (lastCode !== 0) {
        await pause(backoff);
        backoff = Math.min(backoff * 2, 10000);
      }
      lastCode = -1;
      sock = openSocket();
    }
    await new Promise((resolve) => (wake = resolve));
  }
}
