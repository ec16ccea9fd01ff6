// The storefront: InstantSearch over souk's Meilisearch-compatible API, a product page with
// recommendation rows, and the chat panel. Shopper events go back to souk for analytics.
import instantsearch from "instantsearch.js";
import {
  clearRefinements,
  configure,
  currentRefinements,
  hits,
  pagination,
  panel,
  rangeInput,
  refinementList,
  searchBox,
  sortBy,
  stats,
} from "instantsearch.js/es/widgets";
import { instantMeiliSearch } from "@meilisearch/instant-meilisearch";
import { call, escapeHtml, money, sessionId } from "./api.js";
import { setupChat } from "./chat.js";
import { applyStatic, currentLanguage, setLanguage, t } from "./i18n.js";

const SKIP = new Set(["id", "title", "description", "_vectors", "_formatted", "_rankingScore", "__position", "__queryID", "objectID", "_highlightResult", "_snippetResult"]);

const config = await call("/storefront/config");
const uid = config.indexUid;
const key = config.searchKey || undefined;
setLanguage(currentLanguage());
applyStatic();

function sendEvents(events) {
  const body = events.map((e) => ({ sessionId: sessionId(), timestamp: Date.now(), ...e }));
  fetch(`/indexes/${encodeURIComponent(uid)}/events`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(key ? { Authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
    keepalive: true,
  }).catch(() => {});
}

function card(hit, html, components) {
  return html`<article class="card" tabindex="0" data-id=${hit.id} aria-label=${hit.title}>
    <h3 class="title">${components.Highlight({ hit, attribute: "title" })}</h3>
    <p class="price">${money(hit.price)}</p>
    <p class="meta">${[hit.brand, hit.color, hit.subcategory || hit.category].filter(Boolean).join(" · ")}</p>
    ${typeof hit.rating === "number" ? html`<p class="rating" aria-label="rating ${hit.rating}">★ ${hit.rating}</p>` : ""}
  </article>`;
}

function mount() {
  const { searchClient } = instantMeiliSearch(location.origin, key || "", {
    placeholderSearch: true,
    primaryKey: "id",
    keepZeroFacets: false,
  });
  const search = instantsearch({ indexName: uid, searchClient, future: { preserveSharedStateOnUnmount: true } });
  const facetContainers = config.facets
    .map((name) => `<section class="facet" id="facet-${name}"></section>`)
    .join("");
  document.getElementById("facets").innerHTML = facetContainers;
  const sortItems = [{ label: t("relevance"), value: uid }];
  if (config.sortable.includes("price")) {
    sortItems.push({ label: t("priceAsc"), value: `${uid}:price:asc` }, { label: t("priceDesc"), value: `${uid}:price:desc` });
  }
  if (config.sortable.includes("rating")) sortItems.push({ label: t("rating"), value: `${uid}:rating:desc` });
  search.addWidgets([
    configure({ hitsPerPage: 12 }),
    searchBox({
      container: "#searchbox",
      placeholder: t("search"),
      showLoadingIndicator: true,
      autofocus: true,
      cssClasses: { input: "search-input" },
    }),
    stats({
      container: "#stats",
      templates: { text: (data) => (data.nbHits ? t("results", data.nbHits, data.processingTimeMS) : t("noResults")) },
    }),
    currentRefinements({ container: "#current" }),
    clearRefinements({ container: "#clear", templates: { resetLabel: t("clear") } }),
    ...config.facets.map((name) =>
      panel({ templates: { header: () => t(name) } })(refinementList)({
        container: `#facet-${name}`,
        attribute: name,
        limit: 8,
        showMore: true,
        searchable: name === "brand",
        searchablePlaceholder: t(name),
      }),
    ),
    ...(config.priceFilterable
      ? [rangeInput({ container: "#price", attribute: "price", templates: { separatorText: "–", submitText: t("go") } })]
      : []),
    sortBy({ container: "#sort", items: sortItems, cssClasses: { select: "sort-select" } }),
    hits({
      container: "#hits",
      templates: { item: (hit, { html, components }) => card(hit, html, components), empty: () => t("noResults") },
    }),
    pagination({ container: "#pagination", padding: 2 }),
  ]);
  search.start();
  const results = document.getElementById("hits");
  const open = (target) => {
    const article = target.closest("article.card");
    if (!article) return;
    const position = [...results.querySelectorAll("article.card")].indexOf(article);
    sendEvents([{ type: "click", productId: article.dataset.id, position, query: search.helper?.state?.query || undefined }]);
    location.hash = `#/product/${encodeURIComponent(article.dataset.id)}`;
  };
  results.addEventListener("click", (event) => open(event.target));
  results.addEventListener("keydown", (event) => {
    if (event.key === "Enter") open(event.target);
  });
}

async function row(kind, id, title) {
  try {
    const data = await call(`/indexes/${encodeURIComponent(uid)}/recommendations/${kind}/${encodeURIComponent(id)}?limit=6`, { key });
    if (!data.hits.length) return "";
    const items = data.hits
      .map(
        (h) => `<li><a class="mini-card" href="#/product/${encodeURIComponent(h.id)}">
          <span class="name">${escapeHtml(h.title)}</span><span class="price">${money(h.price)}</span>
          <span class="why">${escapeHtml(h._reason?.text ?? "")}</span></a></li>`,
      )
      .join("");
    return `<section class="rec-row" aria-label="${escapeHtml(title)}"><h3>${escapeHtml(title)}</h3><ul>${items}</ul></section>`;
  } catch {
    return ""; // no trained recommendations yet
  }
}

async function showProduct(id) {
  const dialog = document.getElementById("product");
  try {
    const product = await call(`/storefront/products/${encodeURIComponent(uid)}/${encodeURIComponent(id)}`, { key });
    const attributes = Object.entries(product)
      .filter(([name, value]) => !SKIP.has(name) && value !== null && typeof value !== "object")
      .map(([name, value]) => `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`)
      .join("");
    const [similar, together] = await Promise.all([row("similar", id, t("similar")), row("bought-together", id, t("together"))]);
    dialog.innerHTML = `<div class="sheet">
      <button type="button" class="close" aria-label="${t("close")}">×</button>
      <h2 id="product-title">${escapeHtml(product.title ?? product.id)}</h2>
      <p class="price big">${money(product.price)}</p>
      <p class="description">${escapeHtml(product.description ?? "")}</p>
      <table class="attributes"><tbody>${attributes}</tbody></table>
      ${similar}${together}</div>`;
    dialog.hidden = false;
    dialog.querySelector(".close").addEventListener("click", () => (location.hash = ""));
    dialog.querySelector(".close").focus();
    sendEvents([{ type: "view", productId: String(product.id) }]);
  } catch (error) {
    dialog.innerHTML = `<div class="sheet"><p>${escapeHtml(error.message)}</p></div>`;
    dialog.hidden = false;
  }
}

function route() {
  const match = location.hash.match(/^#\/product\/(.+)$/);
  if (match) showProduct(decodeURIComponent(match[1]));
  else document.getElementById("product").hidden = true;
}

document.getElementById("lang").textContent = t("lang");
document.getElementById("lang").addEventListener("click", () => {
  setLanguage(currentLanguage() === "en" ? "zh" : "en");
  location.reload();
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && !document.getElementById("product").hidden) location.hash = "";
});
window.addEventListener("hashchange", route);

if (uid) {
  mount();
  setupChat({ indexUid: uid, key, openProduct: (id) => (location.hash = `#/product/${encodeURIComponent(id)}`) });
  route();
} else {
  document.getElementById("hits").textContent = "No index yet: run `make demo` or create one with `souk index create`.";
}
