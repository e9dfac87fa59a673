import { esc } from './escape.js';

export interface Bar {
  label: string;
  value: number;
  /** Fill colour (a constant of ours, never scanned data). */
  color: string;
}

/**
 * A horizontal bar chart as inline SVG: no chart library, no script, nothing fetched, and it prints
 * as it shows. Labels are escaped (rule titles are ours, but the function does not rely on that).
 */
export function barChart(title: string, bars: readonly Bar[]): string {
  const rowH = 26;
  const labelW = 260;
  const barW = 360;
  const width = labelW + barW + 70;
  const height = bars.length * rowH + 10;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rows = bars.map((b, i) => {
    const y = 5 + i * rowH;
    const w = Math.max(b.value > 0 ? 2 : 0, Math.round((b.value / max) * barW));
    return (
      `<g><title>${esc(b.label)}: ${b.value}</title>` +
      `<text x="${labelW - 8}" y="${y + 17}" text-anchor="end">${esc(b.label)}</text>` +
      `<rect x="${labelW}" y="${y + 4}" width="${w}" height="${rowH - 8}" rx="3" fill="${esc(b.color)}"/>` +
      `<text x="${labelW + w + 6}" y="${y + 17}">${b.value}</text></g>`
    );
  });
  return (
    `<figure class="chart"><figcaption>${esc(title)}</figcaption>` +
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${rows.join('')}</svg></figure>`
  );
}

/**
 * A column chart (a histogram: categories in their own order left to right) as inline SVG, the
 * same way as the bar chart: no library, no script. Each column has its count above and its label
 * below; `<title>` gives both on hover.
 */
export function columnChart(title: string, bars: readonly Bar[]): string {
  const colW = 64;
  const plotH = 180;
  const top = 22;
  const bottom = 28;
  const width = Math.max(1, bars.length) * colW + 20;
  const height = top + plotH + bottom;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const cols = bars.map((b, i) => {
    const x = 10 + i * colW;
    const h = Math.max(b.value > 0 ? 2 : 0, Math.round((b.value / max) * plotH));
    const y = top + plotH - h;
    return (
      `<g><title>${esc(b.label)}: ${b.value}</title>` +
      `<rect x="${x + 8}" y="${y}" width="${colW - 16}" height="${h}" rx="3" fill="${esc(b.color)}"/>` +
      `<text x="${x + colW / 2}" y="${y - 6}" text-anchor="middle">${b.value}</text>` +
      `<text x="${x + colW / 2}" y="${top + plotH + 18}" text-anchor="middle">${esc(b.label)}</text></g>`
    );
  });
  return (
    `<figure class="chart"><figcaption>${esc(title)}</figcaption>` +
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<line x1="10" y1="${top + plotH}" x2="${width - 10}" y2="${top + plotH}" stroke="#8a94a6"/>${cols.join('')}</svg></figure>`
  );
}
