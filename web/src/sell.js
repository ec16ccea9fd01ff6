// The seller page: add or edit one product through the documents API (a task), then wait for it.
import { call } from "./api.js";

const form = document.getElementById("product-form");
const status = document.getElementById("status");
const field = (id) => document.getElementById(id);
field("key").value = sessionStorage.getItem("souk-admin-key") || "";

async function waitForTask(taskUid, key) {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    const task = await call(`/tasks/${taskUid}`, { key });
    if (["succeeded", "failed", "canceled"].includes(task.status)) return task;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("The task did not finish in 30 s.");
}

field("load").addEventListener("click", async () => {
  const key = field("key").value || undefined;
  try {
    const doc = await call(`/indexes/${encodeURIComponent(field("index").value)}/documents/${encodeURIComponent(field("id").value)}`, { key });
    for (const name of ["title", "brand", "category", "color", "price", "description"]) field(name).value = doc[name] ?? "";
    status.textContent = `Loaded ${doc.id}.`;
  } catch (error) {
    status.textContent = `Could not load: ${error.message}`;
  }
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const key = field("key").value || undefined;
  if (key) sessionStorage.setItem("souk-admin-key", key);
  const doc = { id: field("id").value.trim(), title: field("title").value.trim(), price: Number(field("price").value) };
  for (const name of ["brand", "category", "color", "description"]) {
    if (field(name).value.trim()) doc[name] = field(name).value.trim();
  }
  status.textContent = "Saving…";
  try {
    const summary = await call(`/indexes/${encodeURIComponent(field("index").value)}/documents`, { key, method: "PUT", body: [doc] });
    const task = await waitForTask(summary.taskUid, key);
    status.textContent = task.status === "succeeded" ? `Saved ${doc.id} (task ${task.uid}).` : `Failed: ${task.error?.message}`;
  } catch (error) {
    status.textContent = `Failed: ${error.message}`;
  }
});
