import type { JsonRecords } from './json-records.js';
import type { Candidate } from '../model/candidate.js';
import type { Directive, SourceRef, TextWindow } from '../model/source.js';
import { bankCard } from './bank-card.js';
import { cnId } from './cn-id.js';
import { cnMobile } from './cn-mobile.js';
import { contextText, hasKeyword } from './context.js';
import { boost, type DetectorMatch, type NumericDetector, type Span, type TextDetector } from './define.js';
import { email } from './email.js';
import { cnAddress } from './cn-address.js';
import { cnLandline } from './cn-landline.js';
import { cnPassport } from './cn-passport.js';
import { cnPermit } from './cn-permit.js';
import { hkId } from './hk-id.js';
import { moId } from './mo-id.js';
import { twId } from './tw-id.js';
import { personName } from './person-name.js';
import { detectTextLines, prepareTextDetectors } from './text-lines.js';
import { detectColumns, type TableState } from './columns.js';

/** Loads lazily-imported parts of the detectors a window needs; call before detect(). */
export async function prepareDetectors(win: TextWindow, only?: ReadonlySet<string>): Promise<void> {
  await prepareTextDetectors(win, only ? TEXT_DETECTORS.filter((d) => only.has(d.id)) : TEXT_DETECTORS);
}
import { findDirectives } from './directives.js';
import { LineMapper, locationAt } from './locate.js';
import { scanTokens, tokenSpans, type Token } from './tokenize.js';

/**
 * The registry, in priority order: when two detectors accept the same clear value the first wins
 * (decisions.md: a value that passes as a resident ID is not also a bank card). Masked values go
 * to the detector most confident about them.
 */
export const NUMERIC_DETECTORS: readonly NumericDetector[] = [cnId, bankCard, cnMobile];

/** Detectors for values without a number shape; they read only lines holding their triggers. */
export const TEXT_DETECTORS: readonly TextDetector[] = [email, personName, cnAddress, cnLandline, hkId, twId, moId, cnPassport, cnPermit];

/** Every detector, for registries, docs and the generic example test. */
export const ALL_DETECTORS: ReadonlyArray<NumericDetector | TextDetector> = [...NUMERIC_DETECTORS, ...TEXT_DETECTORS];

/** lengthOk[n] = 1 when some detector accepts n significant characters. */
const LENGTH_OK = new Uint8Array(64);
for (const d of NUMERIC_DETECTORS) for (const n of d.lengths) LENGTH_OK[n] = 1;

export interface DetectOptions {
  /** As-of date, YYYYMMDD. */
  asOf: number;
  /** Detector ids to run (all when absent). */
  only?: ReadonlySet<string>;
  /** Column state of a delimited source (see columns.ts), kept by the caller across its windows. */
  table?: TableState;
  /** Record structure of a multi-line JSON source (see json-records.ts), kept across its windows. */
  records?: JsonRecords;
}

export { JsonRecords } from './json-records.js';

export { tableStateFor, type TableState } from './columns.js';
import { headerOf, tableHeader } from './columns.js';

export interface DetectResult {
  candidates: Candidate[];
  directives: Directive[];
}

interface Match {
  byteStart: number;
  d: NumericDetector;
  m: DetectorMatch;
  context: boolean;
  confidence: number;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** X anywhere but the last position reads as a mask (the check character is always last). */
function spanHasMask(compact: string): boolean {
  const x = compact.indexOf('X');
  return compact.includes('*') || (x !== -1 && x < compact.length - 1);
}

/** The detect stage: one window in, candidates (with raw values) and inline directives out. */
export function detect(win: TextWindow, source: SourceRef, opts: DetectOptions): DetectResult {
  const detectors = opts.only ? NUMERIC_DETECTORS.filter((d) => opts.only!.has(d.id)) : NUMERIC_DETECTORS;
  const textDetectors = opts.only ? TEXT_DETECTORS.filter((d) => opts.only!.has(d.id)) : TEXT_DETECTORS;
  const candidates: Candidate[] = [];
  const mapper = new LineMapper(win);
  const b = win.bytes;
  // One context object per window, reset per token: detectors ask for context rarely, and
  // building closures per token and detector showed up in profiles.
  let token: Token | undefined;
  let ctxText: string | undefined;
  const ctx = {
    asOf: opts.asOf,
    keywords: [] as readonly string[],
    hasContext(): boolean {
      ctxText ??= contextText(b, token!.start, token!.end);
      if (hasKeyword(ctxText, this.keywords)) return true;
      // In a table, the column's header is the value's label (`sfzh`, `手机号`, `card_no`).
      const head = header ? headerOf(b, token!.start, header, opts.table!.delimiter) : undefined;
      return head !== undefined && hasKeyword(head, this.keywords);
    },
  };
  const header = opts.table ? tableHeader(win, opts.table) : undefined;
  scanTokens(b, LENGTH_OK, (t) => {
    token = t;
    ctxText = undefined;
    const spans = tokenSpans(t, LENGTH_OK);
    const taken: boolean[] = [];
    const found: Array<Match & { alternatives: Match[] }> = [];
    for (const s of spans) {
      let free = true;
      for (let g = s.first; g <= s.last; g++) if (taken[g]) free = false;
      if (!free) continue;
      const span: Span = { text: s.text, compact: s.compact, hasMask: spanHasMask(s.compact) };
      const matches: Match[] = [];
      for (const d of detectors) {
        if (!d.lengths.includes(s.significant)) continue;
        ctx.keywords = d.keywords;
        const m = d.match(span, ctx);
        if (!m) continue;
        const context = ctx.hasContext();
        matches.push({ byteStart: s.byteStart, d, m, context, confidence: boost(m.confidence, context) });
        if (!m.masked) break; // a clear value belongs to the first detector that validates it
      }
      if (matches.length === 0) continue;
      for (let g = s.first; g <= s.last; g++) taken[g] = true;
      const last = matches[matches.length - 1];
      if (!last.m.masked) {
        found.push({ ...last, alternatives: [] });
        continue;
      }
      // A masked value goes to the most confident reading; the others stay as alternatives. An ID
      // reading with its own keyword beats a card reading lifted only by a nearby card keyword
      // (`id_card` holds `card`); a visible prefix that is a BIN of the exact length still wins.
      matches.sort((x, y) => y.confidence - x.confidence);
      const id = matches.find((x) => x.d.id === 'cn-id' && x.context);
      if (id && matches[0].d.id === 'bank-card' && !matches[0].m.facts.issuer) matches.splice(matches.indexOf(id), 1), matches.unshift(id);
      found.push({ ...matches[0], alternatives: matches.slice(1) });
    }
    // The mapper walks forward only: emit a token's values in text order.
    found.sort((x, y) => x.byteStart - y.byteStart);
    for (const f of found) {
      const { line, col } = mapper.locate(f.byteStart);
      candidates.push({
        detector: f.d.id,
        location: locationAt(source, line, col),
        value: f.m.value,
        masked: f.m.masked,
        confidence: round2(f.confidence),
        context: f.context,
        facts: f.m.facts,
        record: `${line}`,
        ...(f.alternatives.length
          ? { alternatives: f.alternatives.map((a) => ({ detector: a.d.id, value: a.m.value, confidence: round2(a.confidence), context: a.context, facts: a.m.facts })) }
          : {}),
      });
    }
  });
  if (textDetectors.length) {
    const before = candidates.length;
    detectTextLines(win, source, textDetectors, opts.asOf, candidates);
    if (opts.table) detectColumns(win, source, textDetectors, opts.table, opts.asOf, candidates);
    // Keep one text order for everything downstream (records, suppressions, the report).
    if (candidates.length > before) candidates.sort((x, y) => x.location.line! - y.location.line! || x.location.col! - y.location.col!);
  }
  if (opts.records) {
    opts.records.feed(win);
    for (const c of candidates) c.record = `${opts.records.recordOf(c.location.line!)}`;
  }
  return { candidates, directives: findDirectives(win) };
}
