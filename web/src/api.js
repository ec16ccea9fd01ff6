// Small helpers shared by the pages: JSON calls with a key, HTML escaping, money.

export function escapeHtml(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

export async function call(path, { key, method = "GET", body } = {}) {
  const headers = { "Content-Type": "application/json" };
  if (key) headers.Authorization = `Bearer ${key}`;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = response.status === 204 ? null : await response.json();
  if (!response.ok) {
    const error = new Error(data?.message || `HTTP ${response.status}`);
    error.status = response.status;
    error.code = data?.code;
    throw error;
  }
  return data;
}

export function money(value) {
  return typeof value === "number" ? `¥${value.toLocaleString(undefined, { maximumFractionDigits: 2 })}` : "";
}

export function sessionId() {
  let id = sessionStorage.getItem("souk-session");
  if (!id) {
    id = `s-${crypto.randomUUID ? crypto.randomUUID() : Math.random().toString(36).slice(2)}`;
    sessionStorage.setItem("souk-session", id);
  }
  return id;
}
