// English and Chinese labels for the storefront.
const STRINGS = {
  en: {
    sell: "Sell", admin: "Admin", ask: "Ask the assistant", filters: "Filters", price: "Price",
    sort: "Sort", assistant: "Shopping assistant", question: "Your question", send: "Send",
    search: "Search products… (try “red runing shoes” or “红色连衣裙”)", details: "Details",
    relevance: "Relevance", priceAsc: "Price: low to high", priceDesc: "Price: high to low",
    rating: "Best rated", similar: "Similar products", together: "Bought together",
    close: "Close", noResults: "No products match. Try fewer words or filters.",
    results: (n, ms) => `${n.toLocaleString()} products in ${ms} ms`, clear: "Clear filters",
    category: "Category", subcategory: "Type", brand: "Brand", color: "Color", size: "Size",
    material: "Material", thinking: "Thinking…", lang: "中文", min: "Min", max: "Max", go: "Go",
  },
  zh: {
    sell: "我要卖", admin: "管理", ask: "问购物助手", filters: "筛选", price: "价格",
    sort: "排序", assistant: "购物助手", question: "您的问题", send: "发送",
    search: "搜索商品…（试试“红色连衣裙”或 red running shoes）", details: "详情",
    relevance: "综合", priceAsc: "价格从低到高", priceDesc: "价格从高到低",
    rating: "评分最高", similar: "相似商品", together: "常一起购买",
    close: "关闭", noResults: "没有找到商品，试试减少关键词或筛选条件。",
    results: (n, ms) => `共 ${n.toLocaleString()} 件商品，用时 ${ms} 毫秒`, clear: "清除筛选",
    category: "类目", subcategory: "类型", brand: "品牌", color: "颜色", size: "尺码",
    material: "材质", thinking: "思考中…", lang: "English", min: "最低", max: "最高", go: "确定",
  },
};

let language = localStorage.getItem("souk-lang") || (navigator.language?.startsWith("zh") ? "zh" : "en");

export function t(key, ...args) {
  const value = STRINGS[language][key] ?? STRINGS.en[key] ?? key;
  return typeof value === "function" ? value(...args) : value;
}

export function currentLanguage() {
  return language;
}

export function setLanguage(next) {
  language = next;
  localStorage.setItem("souk-lang", next);
  document.documentElement.lang = next === "zh" ? "zh-CN" : "en";
}

export function applyStatic(root = document) {
  root.querySelectorAll("[data-i18n]").forEach((el) => {
    el.textContent = t(el.dataset.i18n);
  });
}
