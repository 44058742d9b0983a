// bbctl dashboard: live view of the controller over server-sent events.
"use strict";

const $ = (id) => document.getElementById(id);
const MAX_LOG = 2000;
const PHASES = ["harvest", "sow", "till", "pending"];
const PHASE_NAMES = { harvest: "Harvesting", sow: "Sowing", till: "Tilling", pending: "Pending" };

// ---- formatting ----

function money(x) {
  if (x === null || x === undefined || !isFinite(x)) return "–";
  const units = ["", "k", "m", "b", "t", "q", "Q", "s"];
  let i = 0, v = x;
  while (Math.abs(v) >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  const digits = i === 0 && Math.abs(v) < 100 && v !== Math.round(v) ? 2 : (i === 0 ? 0 : 2);
  return (v < 0 ? "-$" : "$") + Math.abs(v).toFixed(digits) + units[i];
}

// ram formats hundredths of a GB: 512 GB, 1.5 TB.
function ram(h) {
  let gb = h / 100;
  const units = ["GB", "TB", "PB", "EB"];
  let i = 0;
  while (gb >= 1024 && i < units.length - 1) { gb /= 1024; i++; }
  const s = gb >= 100 || gb === Math.round(gb) ? gb.toFixed(0) : gb.toFixed(gb >= 10 ? 1 : 2);
  return s + " " + units[i];
}

function clock(sec) {
  sec = Math.max(0, Math.floor(sec));
  const h = Math.floor(sec / 3600), m = Math.floor(sec / 60) % 60, s = sec % 60;
  return h + ":" + String(m).padStart(2, "0") + ":" + String(s).padStart(2, "0");
}

// label shows a moment on the chart's axis: the time of day in a live
// game, the game time in a simulation.
function label(sec) {
  if (state.status && state.status.wall_clock) return new Date(sec * 1000).toTimeString().slice(0, 8);
  return clock(sec);
}

function num(x, d) { return isFinite(x) ? x.toFixed(d) : "–"; }

function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

async function post(path, body) {
  const res = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Bbctl-Dashboard": "1" },
    body: body === undefined ? "{}" : JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || res.statusText);
  return data;
}

// ---- state ----

const state = {
  status: null,
  income: { hour: [], run: [], ceiling: 0 },
  range: "hour",
  sortKey: "planned_income",
  sortDir: -1,
  selected: null,   // target host whose detail is open
  worker: null,     // worker host whose allocations are open
  logSeq: 0,
  collapsed: { pending: true }, // phase groups shown as one line
};

// ---- overview ----

function renderStatus(s) {
  state.status = s;
  $("title").textContent = s.title || "";
  $("snapshot").hidden = !s.snapshot;
  $("clock").textContent = s.clock || "";
  $("money").textContent = money(s.money);
  $("gained").textContent = money(s.gained) + " gained by hacking";
  $("income").textContent = money(s.income_now) + "/s";
  if (s.ceiling > 0) {
    $("ceiling").textContent = money(s.ceiling) + "/s";
    $("ratio").textContent = "now at " + (100 * s.ratio).toFixed(1) + "% of it";
  } else {
    $("ceiling").textContent = "–";
    $("ratio").textContent = "not known";
  }
  $("hacking").textContent = s.started ? String(s.hacking) : "–";
  const d = s.delay || {};
  $("procs").textContent = s.processes.toLocaleString() + " processes · launch delay " + (d.total_ms || 0) + " ms";
  $("procs").title = "launch delay allowed for: " + (d.total_ms || 0) + " ms (exec " + (d.exec_ms || 0) + " ms, driver behind by " + (d.lag_ms || 0) + " ms)";
  const avail = s.ram_total;
  $("ram").textContent = ram(s.ram_in_use) + " / " + ram(avail);
  const segs = $("rambar").children;
  const whole = Math.max(1, avail + s.reserved);
  segs[0].style.width = (100 * s.ram_in_use / whole) + "%";
  segs[1].style.width = (100 * s.reserved / whole) + "%";
  $("rambar").title = "allocated " + ram(s.ram_in_use) + ", reserved by others " + ram(s.reserved) + ", free " + ram(Math.max(0, avail - s.ram_in_use - s.reserved));
  $("ntargets").textContent = String(s.targets.length);
  $("phases").textContent = PHASES.filter((p) => s.phases[p]).map((p) => s.phases[p] + " " + p).join(" · ");
  const conn = $("conn");
  if (!s.running) { conn.className = "conn ended"; conn.textContent = "run ended"; }
  const b = $("pause");
  b.disabled = !s.running || !s.started;
  b.textContent = s.paused ? "Resume" : "Pause";
  b.classList.toggle("paused", s.paused);
  renderTargets();
}

$("pause").addEventListener("click", async () => {
  const b = $("pause");
  b.disabled = true;
  try {
    await post(state.status && state.status.paused ? "/api/resume" : "/api/pause");
  } catch (e) {
    $("targetsnote").textContent = "could not " + b.textContent.toLowerCase() + ": " + e.message;
  } finally {
    b.disabled = false;
  }
});

// ---- targets ----

function sortValue(t, key) {
  switch (key) {
    case "h": return t.threads[0];
    case "g": return t.threads[1];
    case "w": return t.threads[2];
    case "phase": return PHASES.indexOf(t.phase);
    default: return t[key];
  }
}

let lastTargetsHTML = "";

function renderTargets() {
  const s = state.status;
  if (!s) return;
  const key = state.sortKey, dir = state.sortDir;
  const rows = s.targets.slice().sort((a, b) => {
    const x = sortValue(a, key), y = sortValue(b, key);
    if (x < y) return -dir;
    if (x > y) return dir;
    return a.host < b.host ? -1 : a.host > b.host ? 1 : 0;
  });
  let html = "";
  for (const phase of PHASES) {
    const group = rows.filter((t) => t.phase === phase);
    if (group.length === 0) continue;
    const folded = !!state.collapsed[phase];
    html += `<tr class="group" data-phase="${phase}" title="click to ${folded ? "show" : "hide"} them"><td colspan="13">` +
      `${folded ? "▸" : "▾"} ${PHASE_NAMES[phase]} · ${group.length}${folded ? ' <span class="muted">(hidden: click to show)</span>' : ""}</td></tr>`;
    if (folded) continue;
    for (const t of group) {
      const cls = ["row"];
      if (t.host === state.selected) cls.push("selected");
      if (t.excluded) cls.push("excluded");
      const tags = (t.repairing ? ' <span class="muted">repairing</span>' : "") + (t.excluded ? ' <span class="muted">excluded</span>' : "");
      const pct = Math.max(0, Math.min(100, t.money_pct));
      html += `<tr class="${cls.join(" ")}" data-host="${esc(t.host)}">` +
        `<td>${esc(t.host)}${tags}</td>` +
        `<td><span class="phase ${t.phase}">${t.phase}</span></td>` +
        `<td class="num"><span class="pct"><i style="width:${pct}%"></i></span>${num(t.money_pct, 1)}</td>` +
        `<td class="num">${num(t.sec_above_min, 2)}</td>` +
        `<td class="num">${t.threads[0].toLocaleString()}</td>` +
        `<td class="num">${t.threads[1].toLocaleString()}</td>` +
        `<td class="num">${t.threads[2].toLocaleString()}</td>` +
        `<td class="num">${money(t.planned_income)}</td>` +
        `<td class="num">${money(t.value_per_ram_sec)}</td>` +
        `<td class="num">${money(t.earned)}</td>` +
        `<td class="num">${t.required_level}</td>` +
        `<td class="num">${money(t.max_money)}</td>` +
        `<td><button type="button" class="excl" data-host="${esc(t.host)}" data-exclude="${!t.excluded}">${t.excluded ? "Include" : "Exclude"}</button></td>` +
        `</tr>`;
    }
  }
  if (html === "") html = `<tr class="group"><td colspan="13">${s.started ? "no targets yet" : "waiting for the controller…"}</td></tr>`;
  if (html !== lastTargetsHTML) { // leave the DOM alone when nothing changed
    document.querySelector("#targets tbody").innerHTML = html;
    lastTargetsHTML = html;
  }
  for (const th of document.querySelectorAll("#targets th[data-key]")) {
    th.classList.toggle("sorted-asc", th.dataset.key === key && dir > 0);
    th.classList.toggle("sorted-desc", th.dataset.key === key && dir < 0);
  }
}

document.querySelector("#targets thead").addEventListener("click", (ev) => {
  const th = ev.target.closest("th[data-key]");
  if (!th) return;
  const key = th.dataset.key;
  if (state.sortKey === key) state.sortDir = -state.sortDir;
  else { state.sortKey = key; state.sortDir = key === "host" || key === "phase" ? 1 : -1; }
  renderTargets();
});

document.querySelector("#targets tbody").addEventListener("click", async (ev) => {
  const btn = ev.target.closest("button.excl");
  if (btn) {
    ev.stopPropagation();
    const host = btn.dataset.host, exclude = btn.dataset.exclude === "true";
    btn.disabled = true;
    try {
      await post("/api/exclude", { host, exclude });
    } catch (e) {
      $("targetsnote").textContent = "could not " + (exclude ? "exclude " : "include ") + host + ": " + e.message;
      btn.disabled = false;
    }
    return;
  }
  const grp = ev.target.closest("tr.group[data-phase]");
  if (grp) {
    state.collapsed[grp.dataset.phase] = !state.collapsed[grp.dataset.phase];
    renderTargets();
    return;
  }
  const row = ev.target.closest("tr.row");
  if (row) openDetail(row.dataset.host);
});

// ---- target detail ----

let detailTimer = null;

function openDetail(host) {
  state.selected = host;
  $("detail").hidden = false;
  $("detailtitle").textContent = host;
  $("detailnote").textContent = "loading…";
  renderTargets();
  clearInterval(detailTimer);
  loadDetail();
  detailTimer = setInterval(loadDetail, 1000);
}

$("detailclose").addEventListener("click", () => {
  state.selected = null;
  clearInterval(detailTimer);
  $("detail").hidden = true;
  renderTargets();
});

async function loadDetail() {
  const host = state.selected;
  if (!host) return;
  try {
    const res = await fetch("/api/target?host=" + encodeURIComponent(host));
    const d = await res.json();
    if (host !== state.selected) return;
    if (!res.ok) { $("detailnote").textContent = d.error || res.statusText; return; }
    drawTimeline(d);
  } catch (e) {
    $("detailnote").textContent = "no answer: " + e.message;
  }
}

const ROLE_COLOR = { h: "--op-h", w1: "--op-w", g: "--op-g", w2: "--op-w" };

function cssVar(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }

function fitCanvas(c, cssHeight) {
  const dpr = window.devicePixelRatio || 1;
  const w = c.clientWidth || 600;
  c.style.height = cssHeight + "px";
  c.width = Math.round(w * dpr);
  c.height = Math.round(cssHeight * dpr);
  const g = c.getContext("2d");
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  return { g, w, h: cssHeight };
}

const TIMELINE_BATCHES = 30;

// drawTimeline draws the next batches to land, one row each, every
// operation a tick at its planned landing: a synced HWGW batch is a
// hack, weaken, grow, weaken staircase.
function drawTimeline(d) {
  const s = state.status;
  const stats = s ? s.stats : null;
  const all = d.batches || [];
  const batches = all.slice(0, TIMELINE_BATCHES);
  let note = `${d.phase} · ${all.length} batches in flight · ${d.hacks.toLocaleString()} hacks · earned ${money(d.earned)}`;
  if (d.repairing) note += " · repairing after a desync";
  if (d.excluded) note += " · excluded";
  note += ` · ${d.misfires || 0} misfires, ${d.off_time || 0} off-time landings, ${d.repairs || 0} repairs`;
  $("detailnote").textContent = note;
  const rowH = 7;
  const left = 10, right0 = 10, top = 16;
  const height = top + Math.max(batches.length + 1, 4) * rowH + 26;
  const { g, w, h } = fitCanvas($("timeline"), height);
  const right = w - right0, bottom = h - 22;
  g.clearRect(0, 0, w, h);
  g.font = "11px system-ui, sans-serif";
  const now = d.at;
  const recent = (d.recent || []).slice(-24);
  if (batches.length === 0 && recent.length === 0) {
    g.fillStyle = cssVar("--muted");
    g.fillText("no batches in flight", left, top + 12);
    return;
  }
  let lo = Infinity, hi = -Infinity;
  for (const b of batches) for (const o of b.ops) { lo = Math.min(lo, o.land_at); hi = Math.max(hi, o.land_at); }
  for (const l of recent) { lo = Math.min(lo, l.actual, l.planned); hi = Math.max(hi, l.actual, l.planned); }
  const pad = Math.max(20, (hi - lo) * 0.03);
  lo -= pad; hi += pad;
  const x = (t) => left + (right - left) * (t - lo) / (hi - lo);
  g.strokeStyle = cssVar("--line");
  g.beginPath(); g.moveTo(left, bottom + 0.5); g.lineTo(right, bottom + 0.5); g.stroke();
  g.fillStyle = cssVar("--muted");
  for (let i = 0; i <= 4; i++) {
    const t = lo + (hi - lo) * i / 4;
    const lbl = (t >= now ? "+" : "−") + Math.abs((t - now) / 1000).toFixed(2) + " s";
    g.fillText(lbl, Math.min(Math.max(left, x(t) - 20), right - 50), h - 6);
  }
  g.fillText(`the last ${recent.length} landings (top row; red: misfire or off time) and the next ${batches.length} batches`, left, 11);
  if (now >= lo && now <= hi) {
    g.strokeStyle = cssVar("--accent");
    g.setLineDash([3, 3]);
    g.beginPath(); g.moveTo(x(now) + 0.5, top - 2); g.lineTo(x(now) + 0.5, bottom); g.stroke();
    g.setLineDash([]);
  }
  // Recent landings: one row at the top, each at its actual time; a misfire
  // or a landing off its planned time in red.
  for (const l of recent) {
    const off = l.misfire || Math.abs(l.actual - l.planned) > 1;
    g.fillStyle = off ? cssVar("--error") : cssVar(ROLE_COLOR[l.role] || "--muted");
    g.fillRect(Math.round(x(l.actual)) - 2, top, 5, rowH - 2);
  }
  batches.forEach((b, i) => {
    const y = top + (i + 1) * rowH;
    for (const o of b.ops) {
      const ox = Math.round(x(o.land_at)) - 2;
      const col = cssVar(ROLE_COLOR[o.role] || "--muted");
      g.globalAlpha = o.state === "planned" ? 0.4 : 1;
      if (o.state === "cancelled") {
        g.fillStyle = cssVar("--error");
        g.fillRect(ox, y, 5, rowH - 2);
      } else if (o.state === "running" || o.state === "launching") {
        g.strokeStyle = col;
        g.strokeRect(ox + 0.5, y + 0.5, 4, rowH - 3);
      } else {
        g.fillStyle = col;
        g.fillRect(ox, y, 5, rowH - 2);
      }
      g.globalAlpha = 1;
    }
  });
}

// ---- income chart ----

function renderIncome(v) {
  state.income = v;
  drawChart();
}

for (const tab of document.querySelectorAll(".tab")) {
  tab.addEventListener("click", () => {
    state.range = tab.dataset.range;
    for (const t of document.querySelectorAll(".tab")) t.classList.toggle("active", t === tab);
    drawChart();
  });
}

function niceStep(span, n) {
  const raw = span / n, p = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

function drawChart() {
  const c = $("chart");
  const { g, w, h } = fitCanvas(c, 200);
  g.clearRect(0, 0, w, h);
  g.font = "11px system-ui, sans-serif";
  const pts = state.range === "hour" ? state.income.hour : state.income.run;
  const ceil = state.income.ceiling;
  const left = 70, right = w - 12, top = 10, bottom = h - 22;
  if (!pts || pts.length < 2) {
    g.fillStyle = cssVar("--muted");
    g.fillText("waiting for income data…", left, top + 20);
    return;
  }
  const t0 = pts[0][0], t1 = Math.max(pts[pts.length - 1][0], t0 + 1);
  let ymax = ceil > 0 ? ceil * 1.08 : 0;
  for (const p of pts) ymax = Math.max(ymax, p[1] * 1.08);
  if (ymax <= 0) ymax = 1;
  const x = (t) => left + (right - left) * (t - t0) / (t1 - t0);
  const y = (v) => bottom - (bottom - top) * v / ymax;
  // grid and labels
  g.strokeStyle = cssVar("--line");
  g.fillStyle = cssVar("--muted");
  const ys = niceStep(ymax, 4);
  for (let v = 0; v <= ymax; v += ys) {
    g.beginPath(); g.moveTo(left, Math.round(y(v)) + 0.5); g.lineTo(right, Math.round(y(v)) + 0.5); g.stroke();
    g.fillText(money(v) + "/s", 4, y(v) + 4);
  }
  const xs = niceStep((t1 - t0), 6);
  for (let t = Math.ceil(t0 / xs) * xs; t <= t1; t += xs) {
    g.fillText(label(t), Math.min(x(t) - 18, right - 44), h - 6);
  }
  // ceiling
  if (ceil > 0) {
    g.strokeStyle = cssVar("--warn");
    g.setLineDash([6, 4]);
    g.beginPath(); g.moveTo(left, y(ceil)); g.lineTo(right, y(ceil)); g.stroke();
    g.setLineDash([]);
  }
  // income: area and line
  const acc = cssVar("--accent");
  g.beginPath();
  g.moveTo(x(pts[0][0]), bottom);
  for (const p of pts) g.lineTo(x(p[0]), y(Math.max(0, p[1])));
  g.lineTo(x(pts[pts.length - 1][0]), bottom);
  g.closePath();
  g.fillStyle = "rgba(79,179,255,0.12)";
  g.fill();
  g.beginPath();
  pts.forEach((p, i) => (i ? g.lineTo : g.moveTo).call(g, x(p[0]), y(Math.max(0, p[1]))));
  g.strokeStyle = acc;
  g.lineWidth = 1.5;
  g.stroke();
  g.lineWidth = 1;
}

window.addEventListener("resize", () => { drawChart(); });

// ---- memory ----

const workerRows = new Map(); // host → element

function renderMemory(m) {
  const box = $("memory");
  const ws = m.workers.slice().sort((a, b) => b.total - a.total || (a.host < b.host ? -1 : 1));
  const seen = new Set();
  let prev = null;
  for (const wk of ws) {
    seen.add(wk.host);
    let el = workerRows.get(wk.host);
    if (!el) {
      el = document.createElement("div");
      el.className = "worker";
      el.dataset.host = wk.host;
      el.innerHTML = `<span class="name"></span><span class="bar"><span class="seg setaside"></span><span class="seg reserved"></span><span class="seg alloc"></span></span><span class="figs"></span>`;
      workerRows.set(wk.host, el);
    }
    // keep order without rebuilding: move only when out of place
    const want = prev ? prev.nextSibling : box.firstChild;
    if (want !== el) box.insertBefore(el, want);
    prev = el;
    const total = Math.max(1, wk.total);
    const segs = el.children[1].children;
    segs[0].style.width = (100 * wk.set_aside / total) + "%";
    segs[1].style.width = (100 * wk.reserved / total) + "%";
    segs[2].style.width = (100 * wk.allocated / total) + "%";
    el.children[0].textContent = wk.host + (wk.cores > 1 ? ` (${wk.cores} cores)` : "");
    el.children[2].textContent = ram(wk.allocated) + " / " + ram(wk.total);
    el.title = `${wk.host}: set aside ${ram(wk.set_aside)}, reserved ${ram(wk.reserved)}, allocated ${ram(wk.allocated)}, free ${ram(wk.free)}`;
    el.classList.toggle("selected", wk.host === state.worker);
  }
  for (const [host, el] of workerRows) {
    if (!seen.has(host)) { el.remove(); workerRows.delete(host); }
  }
}

$("memory").addEventListener("click", async (ev) => {
  const el = ev.target.closest(".worker");
  if (!el) return;
  const host = el.dataset.host;
  state.worker = host;
  for (const r of workerRows.values()) r.classList.toggle("selected", r === el);
  const box = $("allocs");
  box.hidden = false;
  box.textContent = "loading " + host + "…";
  try {
    const res = await fetch("/api/worker?host=" + encodeURIComponent(host));
    const d = await res.json();
    if (!res.ok) { box.textContent = d.error || res.statusText; return; }
    renderAllocs(d);
  } catch (e) {
    box.textContent = "no answer: " + e.message;
  }
});

function renderAllocs(d) {
  let html = `<table><thead><tr><th>Allocation</th><th>Label</th><th class="num">Chunk</th><th class="num">Chunks here</th><th class="num">Claimed</th><th>Claims (pid: script × chunks)</th></tr></thead><tbody>`;
  for (const a of d.allocations) {
    const claims = a.claims.map((c) => `${c.pid}: ${esc(c.filename)} × ${c.num_chunks}`).join(", ");
    html += `<tr><td>#${a.id}</td><td>${esc(a.label || "")}</td><td class="num">${ram(a.chunk_size)}</td><td class="num">${a.chunks}</td><td class="num">${a.claimed}</td><td>${claims || '<span class="muted">none</span>'}</td></tr>`;
  }
  html += "</tbody></table>";
  const more = d.total_allocations > d.allocations.length ? ` (showing ${d.allocations.length})` : "";
  $("allocs").innerHTML = `<div class="muted" style="padding:4px 8px">${esc(d.host)}: ${d.total_allocations} allocations${more}</div>` + html;
}

// ---- log ----

const logBox = $("log");
let logText = "";

function logMatches(el) {
  return logText === "" || el.textContent.toLowerCase().includes(logText);
}

function appendLog(v) {
  if (v.last < state.logSeq) { // a new server: start again
    logBox.textContent = "";
    state.logSeq = 0;
  }
  const lines = v.lines.filter((l) => l.seq > state.logSeq);
  if (lines.length === 0) return;
  state.logSeq = lines[lines.length - 1].seq;
  const atBottom = logBox.scrollHeight - logBox.scrollTop - logBox.clientHeight < 4;
  const frag = document.createDocumentFragment();
  for (const l of lines.slice(-MAX_LOG)) {
    const el = document.createElement("div");
    el.className = "ln lv-" + l.level; // one of the levels of controller.Level
    el.innerHTML = `<span class="t">${esc(l.clock || clock(l.at))}</span><span class="lv">${esc(l.level)}</span>${esc(l.msg)}`;
    if (!logMatches(el)) el.classList.add("nomatch");
    frag.appendChild(el);
  }
  logBox.appendChild(frag);
  // Drop the oldest lines; keep a scrolled-up view where it was.
  const extra = logBox.childElementCount - MAX_LOG;
  if (extra > 0) {
    const before = logBox.scrollHeight;
    for (let i = 0; i < extra; i++) logBox.firstElementChild.remove();
    if (!atBottom) logBox.scrollTop -= before - logBox.scrollHeight;
  }
  if (atBottom) logBox.scrollTop = logBox.scrollHeight;
}

for (const cb of document.querySelectorAll("#logpanel input[data-level]")) {
  cb.addEventListener("change", () => logBox.classList.toggle("hide-" + cb.dataset.level, !cb.checked));
}

let filterTimer = null;
$("logfilter").addEventListener("input", (ev) => {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => {
    logText = ev.target.value.trim().toLowerCase();
    for (const el of logBox.children) el.classList.toggle("nomatch", !logMatches(el));
  }, 150);
});

// ---- contracts ----

function renderContracts(c) {
  const st = $("contractsstate"), box = $("contracts");
  if (!c.running) {
    st.textContent = "not running";
    box.innerHTML = "";
    return;
  }
  st.textContent = `${c.found} found · ${c.solved} solved · ${c.failed} failed · ${c.skipped} left for you`;
  if (!c.recent || c.recent.length === 0) {
    box.innerHTML = '<div class="muted">none yet</div>';
    return;
  }
  let html = `<table><thead><tr><th>Time</th><th>Host</th><th>Contract</th><th>Type</th><th>Result</th></tr></thead><tbody>`;
  for (const r of c.recent) {
    html += `<tr><td>${esc(r.clock || clock(r.at))}</td><td>${esc(r.host)}</td><td>${esc(r.file)}</td><td>${esc(r.type)}</td>` +
      `<td class="${r.ok ? "ok" : "bad"}">${r.ok ? "solved" : "not solved"}${r.result ? " · " + esc(r.result) : ""}</td></tr>`;
  }
  box.innerHTML = html + "</tbody></table>";
}

// ---- economy ----

function durationText(sec) {
  if (sec === null || sec === undefined) return "never";
  const s = Math.round(sec), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${s}s`;
}

// hashText describes the hacknet servers' hashes: stored of capacity, the
// rate and what it fetches, and whether bbctl sells them.
function hashText(h) {
  if (!h) return "";
  const count = (x) => x >= 1e6 ? x.toExponential(3) : x.toLocaleString(undefined, { maximumFractionDigits: x < 10 ? 2 : 0 });
  const rate = h.rate >= 100 ? count(h.rate) : h.rate.toPrecision(3);
  return `hashes: ${count(h.stored)} of ${count(h.capacity)} stored · ${rate}/s (${money(h.value)}/s at $1m per 4) · ` +
    (h.use === "sell" ? `bbctl sells them: ${count(h.sold)} sold for ${money(h.money)}`
      : "kept for you to spend (the game sells what would overflow)");
}

// purchaseWhat names a purchase: its kind and what it is for ("server
// bbctl-0 8 GB", "hacknet_level server 3"; a new hacknet server is
// "hacknet_server").
function purchaseWhat(p) {
  if (p.kind.startsWith("hacknet_")) {
    if (p.kind === "hacknet_node") {
      return p.hacknet_server ? "hacknet_server" + (p.with ? ` (paid back with the ${p.with.upgrades} upgrades that follow)` : "") : p.kind;
    }
    return p.kind + (p.hacknet_server ? " server " : " node ") + (p.node || 0);
  }
  return p.kind + (p.host ? " " + p.host : "") + (p.ram ? " " + ram(p.ram) : "") + (p.program ? " " + p.program : "");
}

function renderEconomy(e) {
  const st = $("economystate"), sum = $("economysummary"), adv = $("advice"), box = $("purchases"), hs = $("economyhashes");
  if (!e.running) {
    st.textContent = "not running";
    sum.textContent = hs.textContent = adv.innerHTML = box.innerHTML = "";
    return;
  }
  hs.textContent = hashText(e.hashes);
  const by = (m) => Object.keys(m || {}).sort().map((k) => `${k} ${money(m[k])}`).join(", ") || "nothing";
  st.textContent = `spender ${e.policy} · ${money(e.money)} on hand · ${money(e.income)}/s` + (e.held > 0 ? ` · ${money(e.held)} held` : "");
  sum.textContent = `earned: ${by(e.earned)} · spent: ${by(e.spent)} · ${e.purchases} purchases` +
    (e.wait ? ` · saving for ${e.wait.kind.replace("_", " ")} (${money(e.wait.cost)})` : "");
  if (!e.advice || e.advice.length === 0) {
    adv.innerHTML = '<div class="muted">nothing worth buying now</div>';
  } else {
    let html = `<table><thead><tr><th>Buy</th><th>Cost</th><th>Adds (ceiling)</th><th>Following it yields (simulated)</th><th>Pays back in</th></tr></thead><tbody>`;
    for (const a of e.advice) {
      const what = a.kind === "program" ? (a.tor ? "TOR router + " : "") + a.program + (a.unlocks ? ` (unlocks ${a.unlocks} servers)` : "")
        : a.kind === "home_ram" ? `home RAM to ${ram(a.ram)}` : a.kind === "home_cores" ? "a home core" : a.kind;
      const yields = a.yield === undefined ? "—" : `${money(a.yield)}/s`;
      html += `<tr><td>${esc(what)}</td><td>${money(a.cost)}</td><td>${money(a.gain)}/s</td><td>${yields}</td><td>${durationText(a.payback)}</td></tr>`;
    }
    adv.innerHTML = html + "</tbody></table>";
  }
  if (!e.recent || e.recent.length === 0) {
    box.innerHTML = '<div class="muted">none yet</div>';
    return;
  }
  let html = `<table><thead><tr><th>Time</th><th>By</th><th>Bought</th><th>Cost</th><th>Adds</th><th>Pays back in</th></tr></thead><tbody>`;
  for (const p of e.recent) {
    const what = purchaseWhat(p);
    html += `<tr><td>${clock(p.at / 1000)}</td><td>${esc(p.by)}</td><td>${esc(what)}</td><td>${money(p.cost)}</td>` +
      `<td>${money(p.gain)}/s</td><td>${durationText(p.payback)}</td></tr>`;
  }
  box.innerHTML = html + "</tbody></table>";
}

// ---- stocks ----

function spark(ps) {
  if (!ps || ps.length < 2) return "";
  const lo = Math.min(...ps), hi = Math.max(...ps), w = 120, h = 22;
  const pts = ps.map((p, i) => `${(i / (ps.length - 1) * w).toFixed(1)},${(hi > lo ? h - 1 - (p - lo) / (hi - lo) * (h - 2) : h / 2).toFixed(1)}`);
  return `<svg class="spark" viewBox="0 0 ${w} ${h}"><polyline points="${pts.join(" ")}"/></svg>`;
}

function renderStocks(s) {
  const st = $("stocksstate"), box = $("stocks"), sum = $("stockssummary"), orders = $("stockorders");
  const liq = $("liquidate"), resume = $("stocksresume");
  if (!s.running) {
    st.textContent = "not running";
    box.innerHTML = sum.textContent = orders.innerHTML = "";
    liq.disabled = true;
    resume.hidden = true;
    return;
  }
  st.textContent = s.status + (s.estimated ? " · forecasts estimated from prices" : " · 4S forecasts");
  liq.disabled = !s.enabled;
  resume.hidden = !s.halted;
  sum.textContent = `update ${s.update} · cash ${money(s.cash)} · invested ${money(s.invested)} · ` +
    `profit realized ${money(s.realized)}, open ${money(s.open)} · ${s.trades} orders`;
  const rows = (s.stocks || []).slice().sort((a, b) => (b.value - a.value) || (Math.abs(b.forecast - 0.5) - Math.abs(a.forecast - 0.5)));
  let html = `<table><thead><tr><th>Symbol</th><th>Price</th><th>Forecast</th><th>Position</th><th>Value</th><th>Open profit</th><th title="z-score of the price over the tracker's window">z</th><th title="change over the last 20 updates">20-update change</th><th>Price, last updates</th></tr></thead><tbody>`;
  for (const r of rows) {
    const pos = r.long > 0 ? `${r.long.toLocaleString()} long` : r.short > 0 ? `${r.short.toLocaleString()} short` : "";
    html += `<tr><td>${esc(r.symbol)}</td><td>${money(r.price)}</td>` +
      `<td class="${r.forecast > 0.5 ? "up" : r.forecast < 0.5 ? "down" : ""}">${num(r.forecast, 3)}</td>` +
      `<td>${pos}</td><td>${r.value ? money(r.value) : ""}</td>` +
      `<td class="${r.profit > 0 ? "up" : r.profit < 0 ? "down" : ""}">${r.profit ? money(r.profit) : ""}</td>` +
      `<td>${r.indicators ? num(r.indicators.z, 2) : ""}</td><td>${r.indicators ? num(100 * r.indicators.roc, 2) + " %" : ""}</td><td>${spark(r.spark)}</td></tr>`;
  }
  box.innerHTML = html + "</tbody></table>";
  const rec = (s.recent || []).slice().reverse();
  if (rec.length === 0) { orders.innerHTML = '<div class="muted">none yet</div>'; return; }
  let oh = `<table><thead><tr><th>Time</th><th>Order</th><th>Price</th><th>Why</th></tr></thead><tbody>`;
  for (const o of rec) {
    oh += `<tr><td>${clock(o.at)}</td><td class="${o.ok ? "" : "down"}">${esc(o.order)}</td><td>${o.ok ? money(o.price) : ""}</td>` +
      `<td>${esc(o.ok ? o.reason : o.error)}</td></tr>`;
  }
  orders.innerHTML = oh + "</tbody></table>";
}

$("liquidate").addEventListener("click", async () => {
  if (!confirm("Sell every stock position now? The trader stops until you resume it.")) return;
  try { await post("/api/stocks/liquidate"); } catch (e) { alert("Liquidate: " + e.message); }
});
$("stocksresume").addEventListener("click", async () => {
  try { await post("/api/stocks/resume"); } catch (e) { alert("Resume: " + e.message); }
});

// ---- live connection ----

function connect() {
  const es = new EventSource("/api/events");
  const conn = $("conn");
  es.onopen = () => {
    if (!state.status || state.status.running) { conn.className = "conn up"; conn.textContent = "live"; }
  };
  es.onerror = () => {
    if (state.status && !state.status.running) { conn.className = "conn ended"; conn.textContent = "run ended"; es.close(); return; }
    conn.className = "conn down";
    conn.textContent = "reconnecting…";
  };
  const on = (name, fn) => es.addEventListener(name, (ev) => fn(JSON.parse(ev.data)));
  on("status", renderStatus);
  on("memory", renderMemory);
  on("income", renderIncome);
  on("log", appendLog);
  on("contracts", renderContracts);
  on("stocks", renderStocks);
  on("economy", renderEconomy);
}

connect();
