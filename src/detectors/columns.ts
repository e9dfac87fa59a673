import type { Candidate } from '../model/candidate.js';
import type { SourceRef, TextWindow } from '../model/source.js';
import { boost, type TextDetector } from './define.js';
import { foldWidth } from './text-lines.js';
import { locationAt } from './locate.js';

/**
 * Column context for delimited files (CSV/TSV exports, issue #3): a header such as `姓名`, `name`,
 * `收件人` labels every cell below it, so a name column is read even though no row repeats the
 * label. The header is the file's first line; the state lives for one source.
 */
export interface TableState {
  delimiter: string;
  /** Header cells, lower-cased, once line 1 has been read. */
  header?: string[];
  /** Per detector id, the column indexes its labels match (computed once per header). */
  columns?: Map<string, number[]>;
}

/** A table state for sources that look delimited by name, else undefined. */
export function tableStateFor(path: string): TableState | undefined {
  if (/\.(csv|csv\.gz)$/i.test(path)) return { delimiter: ',' };
  if (/\.(tsv|tsv\.gz|tab)$/i.test(path)) return { delimiter: '\t' };
  return undefined;
}

/**
 * A header matches a label when equal to it, or, for a Chinese label, when it contains it
 * (`客户姓名`); a Latin label must match whole, ignoring `_`, `-` and spaces (`real_name` ≠
 * `filename`, `username`, `hostname`).
 */
function labelMatches(head: string, label: string): boolean {
  if (/[^\x00-\x7f]/.test(label)) return head.includes(label);
  return head.replace(/[\s_-]/g, '') === label.replace(/[\s_-]/g, '');
}

/** Splits one delimited line into cells with their offsets (double quotes honoured, not nested). */
export function splitCells(line: string, delimiter: string): Array<{ text: string; index: number }> {
  const out: Array<{ text: string; index: number }> = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      const close = line.indexOf('"', i + 1);
      const end = close === -1 ? line.length : close;
      out.push({ text: line.slice(i + 1, end), index: i + 1 });
      const next = line.indexOf(delimiter, end);
      if (next === -1) break;
      i = next + 1;
      continue;
    }
    const next = line.indexOf(delimiter, i);
    const end = next === -1 ? line.length : next;
    out.push({ text: line.slice(i, end), index: i });
    if (next === -1) break;
    i = next + 1;
  }
  return out;
}

function parseHeader(line: string, delimiter: string): string[] {
  return splitCells(foldWidth(line.replace(/\r$/, '')).replace(/^\ufeff/, ''), delimiter).map((c) => c.text.trim().toLowerCase());
}

/** The table's header, read from the window that starts the source (line 1) when not yet known. */
export function tableHeader(win: TextWindow, table: TableState): string[] | undefined {
  if (!table.header && win.firstLine === 1) {
    const nl = win.bytes.indexOf(10);
    table.header = parseHeader(win.bytes.toString('utf8', 0, nl === -1 ? win.bytes.length : nl), table.delimiter);
  }
  return table.header;
}

/**
 * The (lower-case) header of the column holding byte `at` of a window: delimiters are counted from
 * the start of its line (quotes are not honoured: a label is a hint, not a parse).
 */
export function headerOf(b: Buffer, at: number, header: readonly string[], delimiter: string): string | undefined {
  // (lastIndexOf with a negative offset would search from the end.)
  const start = at > 0 ? b.lastIndexOf(10, at - 1) + 1 : 0;
  const d = delimiter.charCodeAt(0);
  let column = 0;
  for (let i = start; i < at; i++) if (b[i] === d) column++;
  return header[column];
}

/**
 * Reads labelled columns of a window: detectors that declare `columnLabels` and `readCell` get the
 * cells under a matching header. Cells already reported by the detector itself are left to it.
 */
export function detectColumns(win: TextWindow, source: SourceRef, detectors: readonly TextDetector[], table: TableState, asOf: number, out: Candidate[]): void {
  const text = win.bytes.toString('utf8');
  const lines = text.split('\n');
  // What the detectors already found by label, so a cell is not reported twice (a Set: checking
  // the list per cell made a 5 MB export quadratic).
  const taken = new Set(out.map((c) => `${c.detector}:${c.location.line}:${c.location.col}`));
  let lineNo = win.firstLine;
  for (const raw of lines) {
    const line = foldWidth(raw.replace(/\r$/, ''));
    if (lineNo === 1) {
      table.header ??= parseHeader(line, table.delimiter);
    } else if (table.header && line) {
      table.columns ??= new Map(
        detectors.filter((d) => d.columnLabels && d.readCell).map((d) => [d.id, table.header!.flatMap((h, i) => (h && d.columnLabels!.some((l) => labelMatches(h, l)) ? [i] : []))]),
      );
      const wantedColumns = [...table.columns.values()].some((c) => c.length > 0);
      const cells = wantedColumns ? splitCells(line, table.delimiter) : [];
      for (const d of detectors) {
        const mine = table.columns.get(d.id);
        if (!mine?.length) continue;
        mine.forEach((i) => {
          const cell = cells[i];
          if (!cell) return;
          const m = d.readCell!(cell.text.trim());
          if (!m) return;
          const lead = cell.text.length - cell.text.trimStart().length;
          const col = cell.index + lead + 1 + (lineNo === win.firstLine ? win.firstCol : 0);
          if (taken.has(`${d.id}:${lineNo}:${col}`)) return;
          out.push({
            detector: d.id,
            location: locationAt(source, lineNo, col),
            value: m.value,
            masked: m.masked,
            confidence: Math.round(boost(m.confidence, true) * 100) / 100,
            context: true,
            facts: m.facts,
            record: `${lineNo}`,
          });
        });
      }
    }
    lineNo++;
  }
}
