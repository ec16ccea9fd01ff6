// The admin page: log in with the master key, then indexes, tasks, analytics charts, settings,
// keys, the guard audit log and the latest benchmark figures.
import { call, escapeHtml } from "./api.js";
import { barChart } from "./charts.js";

const $ = (id) => document.getElementById(id);
let key = sessionStorage.getItem("souk-admin-key") || "";
let refresh;

function table(headers, rows) {
  if (!rows.length) return `<p class="hint">Nothing yet.</p>`;
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("");
  return `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

async function loadIndexes() {
  const list = await call("/indexes?limit=100", { key });
  const rows = await Promise.all(
    list.results.map(async (index) => {
      const stats = await call(`/indexes/${encodeURIComponent(index.uid)}/stats`, { key });
      return [index.uid, index.primaryKey ?? "", stats.numberOfDocuments, stats.isIndexing ? "indexing" : "ready"];
    }),
  );
  $("indexes").innerHTML = table(["index", "primary key", "documents", "state"], rows);
  for (const select of [$("analytics-index"), $("settings-index")]) {
    const current = select.value;
    select.innerHTML = list.results.map((i) => `<option>${escapeHtml(i.uid)}</option>`).join("");
    if (current) select.value = current;
  }
}

async function loadTasks() {
  const tasks = await call("/tasks?limit=12", { key });
  $("tasks").innerHTML = table(
    ["task", "index", "type", "status", "duration"],
    tasks.results.map((t) => [t.uid, t.indexUid ?? "", t.type, t.status, t.duration ?? ""]),
  );
}

async function loadAnalytics() {
  const uid = $("analytics-index").value;
  if (!uid) return;
  const report = await call(`/indexes/${encodeURIComponent(uid)}/analytics?limit=8`, { key });
  const pct = (v) => `${(v * 100).toFixed(1)}%`;
  $("analytics").innerHTML = `
    <p class="kpis"><span><b>${report.searches}</b> searches</span><span><b>${pct(report.clickThroughRate)}</b> CTR</span>
      <span><b>${pct(report.conversionRate)}</b> conversion</span></p>
    ${barChart("Top queries (searches)", report.topQueries, { value: (r) => r.searches, label: (r) => r.query })}
    ${barChart("Click-through rate by query", report.topQueries, { value: (r) => r.clickThroughRate, label: (r) => r.query, format: pct, max: 1 })}
    ${barChart("Zero-result queries", report.zeroResultQueries, { value: (r) => r.zeroResultSearches, label: (r) => r.query })}
    ${barChart("Events", Object.entries(report.events), { value: (r) => r[1], label: (r) => r[0] })}`;
}

async function loadSettings() {
  const uid = $("settings-index").value;
  if (!uid) return;
  const settings = await call(`/indexes/${encodeURIComponent(uid)}/settings`, { key });
  $("settings-json").value = JSON.stringify(settings, null, 2);
}

async function saveSettings() {
  const uid = $("settings-index").value;
  try {
    const body = JSON.parse($("settings-json").value);
    const task = await call(`/indexes/${encodeURIComponent(uid)}/settings`, { key, method: "PATCH", body });
    $("settings-status").textContent = `Saved as task ${task.taskUid}; see Tasks.`;
  } catch (error) {
    $("settings-status").textContent = `Not saved: ${error.message}`;
  }
}

async function loadKeys() {
  const keys = await call("/keys?limit=50", { key });
  $("keys").innerHTML = table(
    ["name", "actions", "indexes", "key"],
    keys.results.map((k) => [k.name ?? "", k.actions.join(", "), k.indexes.join(", "), `${k.key.slice(0, 8)}…`]),
  );
}

async function loadAudit() {
  const audit = await call("/guard/audit?limit=15", { key });
  $("audit").innerHTML = table(
    ["when", "index", "stage", "rule", "action", "detail"],
    audit.results.map((e) => [e.at.replace("T", " ").slice(0, 19), e.indexUid ?? "", e.stage, e.rule, e.action, (e.detail ?? "").slice(0, 60)]),
  );
}

async function loadFigures() {
  const figures = await call("/storefront/figures", { key });
  const parts = [];
  const relevance = figures.relevance;
  if (relevance) {
    const rows = [["nDCG@10", relevance["ndcg@10"]], ["recall@100", relevance["recall@100"]], ["MRR@10", relevance["mrr@10"]]];
    if (relevance.heldout) rows.push(["nDCG@10 held-out", relevance.heldout["ndcg@10"]]);
    parts.push(barChart(`Relevance (${relevance.queries} queries, ${relevance.measuredAt ?? ""})`, rows, {
      value: (r) => r[1] ?? 0, label: (r) => r[0], format: (v) => v.toFixed(4), max: 1,
    }));
  }
  const bench = figures.bench;
  if (bench) {
    const rows = [];
    for (const [kind, engines] of Object.entries(bench.search ?? {})) {
      for (const [load, f] of Object.entries(engines.souk ?? {})) rows.push({ label: `${kind} ${load}`, p50: f.p50_ms });
    }
    parts.push(barChart(`souk p50 latency (ms), ${Number(bench.products).toLocaleString()} products`, rows, {
      value: (r) => r.p50 ?? 0, label: (r) => r.label, format: (v) => `${v} ms`,
    }));
  }
  $("figures").innerHTML = parts.length
    ? `<div class="charts">${parts.join("")}</div>`
    : `<p class="hint">No figures here yet (run <code>souk bench</code> or <code>souk eval homedepot</code>).</p>`;
}

async function showDashboard() {
  $("login").hidden = true;
  $("dashboard").hidden = false;
  $("logout").hidden = false;
  await loadIndexes();
  await Promise.all([loadTasks(), loadAnalytics(), loadSettings(), loadKeys(), loadAudit(), loadFigures()].map((p) => p.catch((e) => console.warn(e))));
  clearInterval(refresh);
  refresh = setInterval(() => loadTasks().catch(() => {}), 2000);
}

$("login").addEventListener("submit", async (event) => {
  event.preventDefault();
  key = $("master").value;
  try {
    await call("/keys?limit=1", { key });
    sessionStorage.setItem("souk-admin-key", key);
    $("login-status").textContent = "";
    await showDashboard();
  } catch (error) {
    $("login-status").textContent = error.status === 401 || error.status === 403 ? "That key is not the master key." : error.message;
  }
});
$("logout").addEventListener("click", () => {
  sessionStorage.removeItem("souk-admin-key");
  location.reload();
});
$("analytics-index").addEventListener("change", () => loadAnalytics().catch(() => {}));
$("settings-index").addEventListener("change", () => loadSettings().catch(() => {}));
$("settings-save").addEventListener("click", saveSettings);
$("key-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const actions = $("key-actions").value.split(",").map((a) => a.trim()).filter(Boolean);
  await call("/keys", { key, method: "POST", body: { name: $("key-name").value, actions, indexes: ["*"], expiresAt: null } });
  await loadKeys();
});

if (key) showDashboard().catch(() => ($("login").hidden = false));
