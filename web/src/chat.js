// The chat panel: streams the assistant's answer (OpenAI SSE) and shows the products it cites.
import { escapeHtml, money } from "./api.js";
import { t } from "./i18n.js";

export function setupChat({ indexUid, key, openProduct }) {
  const panel = document.getElementById("chat");
  const log = document.getElementById("chat-log");
  const form = document.getElementById("chat-form");
  const input = document.getElementById("chat-input");
  const history = [];

  document.getElementById("chat-open").addEventListener("click", () => {
    panel.hidden = false;
    input.focus();
  });
  document.getElementById("chat-close").addEventListener("click", () => {
    panel.hidden = true;
    document.getElementById("chat-open").focus();
  });
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") panel.hidden = true;
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    history.push({ role: "user", content: text });
    log.insertAdjacentHTML("beforeend", `<li class="msg user">${escapeHtml(text)}</li>`);
    const answer = document.createElement("li");
    answer.className = "msg assistant";
    answer.innerHTML = `<p class="text">${t("thinking")}</p>`;
    log.append(answer);
    const textEl = answer.querySelector(".text");
    let full = "";
    let products = [];
    try {
      const headers = { "Content-Type": "application/json" };
      if (key) headers.Authorization = `Bearer ${key}`;
      const response = await fetch("/v1/chat/completions", {
        method: "POST",
        headers,
        body: JSON.stringify({ model: indexUid, messages: history, stream: true }),
      });
      if (!response.ok) throw new Error((await response.json()).message);
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      textEl.textContent = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const line = buffer.slice(0, cut).trim();
          buffer = buffer.slice(cut + 2);
          if (!line.startsWith("data:")) continue;
          const payload = line.slice(5).trim();
          if (payload === "[DONE]") continue;
          const chunk = JSON.parse(payload);
          const piece = chunk.choices?.[0]?.delta?.content;
          if (piece) {
            full += piece;
            textEl.textContent = full;
            log.scrollTop = log.scrollHeight;
          }
          if (chunk.products) products = chunk.products;
        }
      }
    } catch (error) {
      textEl.textContent = `⚠ ${error.message}`;
      return;
    }
    history.push({ role: "assistant", content: full });
    if (products.length) {
      const cards = products
        .map(
          (p) => `<li><button type="button" class="mini-card" data-id="${escapeHtml(p.id)}">
            <span class="name">${escapeHtml(p.title ?? p.name ?? p.id)}</span>
            <span class="price">${money(p.price)}</span><span class="id">${escapeHtml(p.id)}</span></button></li>`,
        )
        .join("");
      answer.insertAdjacentHTML("beforeend", `<ul class="cited" aria-label="Cited products">${cards}</ul>`);
      answer.querySelectorAll(".mini-card").forEach((button) =>
        button.addEventListener("click", () => openProduct(button.dataset.id)),
      );
    }
    log.scrollTop = log.scrollHeight;
  });
}
