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
