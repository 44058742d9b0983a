// serveModule connects a module script to bbctl (SERVER_URL) as the
// module name and answers the calls bbctl relays with table (see
// relay.js's answer), until bbctl tells it to exit or refuses it, or the
// script is killed.
async function serveModule(ns, name, token, table) {
  const TOKEN_REFUSED = 4001;
  const MODULE_BUSY = 4002;
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
    s.onopen = () => s.send(JSON.stringify({ type: "hello", token: token, agent: 1, pid: ns.pid, v3: "cloud" in ns, module: name }));
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
