import type { DocumentItem, TextPart } from '../../src/model/document.js';
import type { Location } from '../../src/model/location.js';

/** The text parts of a SQLite or dump read, of one table when named. */
export function partsOf(items: readonly DocumentItem[], table?: string): TextPart[] {
  return items.flatMap((i) => (i.type === 'text' && (!table || i.part.table?.name === table) ? [i.part] : []));
}

/** Where `value` appears in table parts: `at` plus `refine` for each occurrence (header lines, first or repeated, left out). */
export function locate(parts: readonly TextPart[], value: string): Array<Partial<Location>> {
  const out: Array<Partial<Location>> = [];
  for (const part of parts) {
    part.text.split('\n').forEach((line, i) => {
      if (i === 0) return;
      for (let col = line.indexOf(value); col !== -1; col = line.indexOf(value, col + 1)) out.push({ ...part.at, ...part.refine?.(i + 1, col + 1) });
    });
  }
  return out;
}
