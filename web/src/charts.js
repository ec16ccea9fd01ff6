// Dependency-free SVG bar charts for the admin page.
import { escapeHtml } from "./api.js";

export function barChart(title, rows, { value, label, format = (v) => String(v), max } = {}) {
  if (!rows.length) return `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption><p class="hint">No data yet.</p></figure>`;
  const width = 520;
  const bar = 22;
  const gap = 6;
  const labelWidth = 170;
  const top = max ?? Math.max(...rows.map(value), 1e-9);
  const height = rows.length * (bar + gap);
  const bars = rows
    .map((row, n) => {
      const v = value(row);
      const w = Math.max(1, ((width - labelWidth - 60) * v) / top);
      const y = n * (bar + gap);
      return `<g><text x="${labelWidth - 6}" y="${y + bar * 0.7}" text-anchor="end">${escapeHtml(label(row)).slice(0, 26)}</text>
        <rect x="${labelWidth}" y="${y}" width="${w}" height="${bar}" rx="3"></rect>
        <text x="${labelWidth + w + 6}" y="${y + bar * 0.7}">${escapeHtml(format(v))}</text></g>`;
    })
    .join("");
  return `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption>
    <svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="100%">${bars}</svg></figure>`;
}
