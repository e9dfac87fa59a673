import type { Candidate } from '../model/candidate.js';
import type { SourceRef, TextWindow } from '../model/source.js';
import { hasKeyword } from './context.js';
import { locationAt } from './locate.js';
import { boost, type LineContext, type TextDetector } from './define.js';

/**
 * The text-detector half of the detect stage. Each detector names trigger strings; a native
 * Buffer.indexOf finds the lines that hold one, each such line is decoded once (shared between
 * detectors), full-width letters and digits are folded to ASCII one-for-one so offsets still match
 * the original text, and the detector reads the line. Windows without a trigger cost one indexOf
 * per trigger.
 */

/** Full-width ASCII variants (U+FF01–FF5E) and the ideographic space to ASCII, one UTF-16 unit each. */
export function foldWidth(s: string): string {
  if (!/[\uff01-\uff5e\u3000]/.test(s)) return s;
  return s.replace(/[\uff01-\uff5e\u3000]/g, (ch) => (ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)));
}

interface Line {
  start: number;
  end: number;
  text?: string;
  lineNo?: number;
}

/**
 * All literal triggers of a detector set in one case-insensitive regex over the window read as
 * latin1 (UTF-8 bytes become latin1 characters, so Chinese triggers match byte for byte). One pass
 * instead of one Buffer.indexOf per trigger and window: with ~150 triggers that was half a scan.
 * Case folding may also fold some UTF-8 lead bytes (0xC4 ~ 0xE4): a spurious trigger costs a
 * line's decoding, never a missed value.
 */
interface TriggerIndex {
  re: RegExp;
  /** lower-cased latin1 trigger → indices of the detectors it triggers */
  owners: Map<string, number[]>;
}
const triggerIndexes = new WeakMap<readonly TextDetector[], TriggerIndex | null>();

function triggerIndex(detectors: readonly TextDetector[]): TriggerIndex | null {
  let ix = triggerIndexes.get(detectors);
  if (ix !== undefined) return ix;
  const owners = new Map<string, number[]>();
  detectors.forEach((d, i) => {
    for (const t of d.triggers) {
      const k = Buffer.from(t, 'utf8').toString('latin1').toLowerCase();
      const list = owners.get(k) ?? [];
      if (!list.includes(i)) list.push(i);
      owners.set(k, list);
    }
  });
  const alternatives = [...owners.keys()].sort((a, b) => b.length - a.length).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  ix = alternatives.length ? { re: new RegExp(alternatives.join('|'), 'gi'), owners } : null;
  triggerIndexes.set(detectors, ix);
  return ix;
}

export function detectTextLines(win: TextWindow, source: SourceRef, detectors: readonly TextDetector[], asOf: number, out: Candidate[]): void {
  const b = win.bytes;
  const lines = new Map<number, Line>();
  const wanted: Array<[TextDetector, Line[]]> = [];
  const latin1 = latin1Of(win);
  const hitsBy: number[][] = detectors.map(() => []);
  const ix = triggerIndex(detectors);
  if (ix) {
    const re = ix.re;
    re.lastIndex = 0;
    for (let m = re.exec(latin1); m; m = re.exec(latin1)) {
      for (const i of ix.owners.get(m[0].toLowerCase()) ?? []) hitsBy[i].push(m.index);
    }
  }
  for (const [di, d] of detectors.entries()) {
    const mine: Line[] = [];
    const seen = new Set<number>();
    const hits = hitsBy[di];
    if (d.triggerPattern) {
      const re = new RegExp(d.triggerPattern.source, 'g');
      for (let m = re.exec(latin1); m; m = re.exec(latin1)) {
        hits.push(m.index);
        const nl = b.indexOf(10, m.index);
        if (nl === -1) break;
        re.lastIndex = nl + 1; // one hit per line is enough
      }
    }
    for (const p of hits) {
      // lastIndexOf with a negative offset counts from the end: guard p = 0.
      const start = p === 0 ? 0 : b.lastIndexOf(10, p - 1) + 1;
      if (seen.has(start)) continue;
      seen.add(start);
      const nl = b.indexOf(10, p);
      let line = lines.get(start);
      if (!line) lines.set(start, (line = { start, end: nl === -1 ? b.length : nl }));
      mine.push(line);
    }
    if (mine.length) wanted.push([d, mine.sort((x, y) => x.start - y.start)]);
  }
  if (lines.size === 0) return;
  // Line numbers in one forward pass over the lines that matter.
  const ordered = [...lines.values()].sort((x, y) => x.start - y.start);
  let lineNo = win.firstLine;
  let pos = 0;
  for (const l of ordered) {
    for (let nl = b.indexOf(10, pos); nl !== -1 && nl < l.start; nl = b.indexOf(10, nl + 1)) lineNo++;
    pos = l.start;
    l.lineNo = lineNo;
  }
  for (const [d, mine] of wanted) {
    for (const l of mine) {
      l.text ??= foldWidth(b.toString('utf8', l.start, l.end).replace(/\r$/, ''));
      const text = l.text;
      let lower: string | undefined;
      const ctx: LineContext = {
        asOf,
        near(index, length, keywords) {
          lower ??= text.toLowerCase();
          const around = lower.slice(Math.max(0, index - 30), index) + ' ' + lower.slice(index + length, index + length + 12);
          return hasKeyword(around, keywords);
        },
        inLine(keywords) {
          lower ??= text.toLowerCase();
          return hasKeyword(lower, keywords);
        },
      };
      for (const m of d.findInLine(text, ctx)) {
        const context = ctx.near(m.index, m.length, d.keywords);
        const col = m.index + 1 + (l.lineNo === win.firstLine && l.start === 0 ? win.firstCol : 0);
        out.push({
          detector: d.id,
          location: locationAt(source, l.lineNo!, col),
          value: m.value,
          masked: m.masked,
          confidence: Math.round(boost(m.confidence, context) * 100) / 100,
          context,
          facts: m.facts,
          record: `${l.lineNo}`,
        });
      }
    }
  }
}

/** Loads the heavy parts of the text detectors a window will need (see TextDetector.prepare). */
export async function prepareTextDetectors(win: TextWindow, detectors: readonly TextDetector[]): Promise<void> {
  for (const d of detectors) {
    if (!d.prepare || prepared.has(d)) continue;
    const hit = d.triggers.some((t) => win.bytes.includes(t)) || (d.triggerPattern ? d.triggerPattern.test(latin1Of(win)) : false);
    if (hit) {
      await d.prepare();
      prepared.add(d);
    }
  }
}

const prepared = new WeakSet<TextDetector>();

/**
 * The window read as latin1 (byte offsets = string offsets), made once per window: both the
 * preparation step and the trigger scan need it, and the copy is a visible share of a scan.
 */
const latin1Cache = new WeakMap<TextWindow, string>();
function latin1Of(win: TextWindow): string {
  let s = latin1Cache.get(win);
  if (s === undefined) latin1Cache.set(win, (s = win.bytes.toString('latin1')));
  return s;
}
