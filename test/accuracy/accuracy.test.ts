/**
 * Accuracy of the detect stage on a labelled synthetic corpus (test/helpers/corpus.ts): per kind,
 * recall = TP / planted and precision = TP / (TP + FP), where a finding is a true positive when it
 * sits at a label's file, line and column with the label's detector. A finding of kind K at a label
 * of another kind is a false positive for K (and the label, unless found by its own detector, a
 * miss); a second finding at the same place is a false positive too.
 *
 * The corpus is generated with a fixed seed, split into text windows at line boundaries (64 KiB,
 * smaller than the sources' 1 MiB, so that line numbering across windows is exercised) and scanned
 * with the same calls the pipeline makes (prepareDetectors, then detect with the CSV table state).
 *
 * Failure output never shows a full planted value: only the label's kind, place, tags and masked
 * evidence (first 3 + last 2 characters), with the other values in the line replaced by their kind.
 */
import { beforeAll, expect, test } from 'vitest';
import { detect, prepareDetectors, tableStateFor } from '../../src/detectors/index.js';
import type { Candidate } from '../../src/model/candidate.js';
import type { TextWindow } from '../../src/model/source.js';
import { buildCorpus, CORPUS_KINDS, maskEvidence, type Corpus, type CorpusKind, type Label } from '../helpers/corpus.js';
import { AS_OF, detectorsReady } from '../helpers/detect.js';

const SEED = 20250101;
const WINDOW_BYTES = 64 * 1024;

interface Bar {
  recall: number;
  precision: number;
  /** Soft bars are printed, not asserted (the issue gives no bar for these kinds). */
  soft?: boolean;
}

const CHECKSUMMED: Bar = { recall: 0.995, precision: 0.995 };
const BARS: Record<CorpusKind, Bar> = {
  'cn-id': CHECKSUMMED,
  'bank-card': CHECKSUMMED,
  'hk-id': CHECKSUMMED,
  'tw-id': CHECKSUMMED,
  'cn-mobile': { recall: 0.99, precision: 0.99 },
  'cn-landline': { recall: 0.99, precision: 0.99 },
  'cn-address': { recall: 0.95, precision: 0.95 },
  'person-name': { recall: 0.9, precision: 0.97 },
  email: { recall: 0.9, precision: 0.95, soft: true },
  'cn-passport': { recall: 0.9, precision: 0.95, soft: true },
  'cn-permit': { recall: 0.9, precision: 0.95, soft: true },
  'mo-id': { recall: 0.9, precision: 0.95, soft: true },
};

/**
 * Kinds below their bar because of a detector bug (src/ owns the fix; the bar stays). Each entry
 * says which inputs fail; the test for that kind is `test.fails` until the detector is fixed, so it
 * turns red the day it starts passing and the entry can go.
 */
const KNOWN_FAILING: Partial<Record<CorpusKind, string>> = {
  // Empty since the session that wrote this test: the three failures it found (masked IDs read as
  // cards because `card` sits in `id_card`; passports read as HK IDs; the 通行证 keyword opening the
  // Taiwan permit form) were fixed in src/detectors (issue #3). Add an entry, with the failing
  // shapes, only for a detector bug that cannot be fixed at once.
};

interface Finding {
  file: string;
  c: Candidate;
}

interface Miss {
  label: Label;
  /** What was reported at the label's place instead, if anything. */
  instead: string[];
}

interface FalsePositive {
  finding: Finding;
  why: 'other-kind' | 'duplicate' | 'decoy' | 'stray';
  /** The label or decoy at that place. */
  at?: string;
}

interface KindStats {
  planted: number;
  found: number;
  tp: number;
  fp: number;
  fn: number;
  /** True positives whose reported value differs from the label's. */
  valueMismatch: Array<{ label: Label; got: string }>;
  misses: Miss[];
  fps: FalsePositive[];
}

/** Windows of whole lines, at most WINDOW_BYTES each (a longer line gets a window of its own). */
function windows(text: string): TextWindow[] {
  const bytes = Buffer.from(text, 'utf8');
  const out: TextWindow[] = [];
  let start = 0;
  let line = 1;
  while (start < bytes.length) {
    let end = bytes.lastIndexOf(10, Math.min(bytes.length, start + WINDOW_BYTES) - 1) + 1;
    if (end <= start) end = bytes.indexOf(10, start) + 1 || bytes.length;
    const slice = bytes.subarray(start, end);
    out.push({ bytes: slice, firstLine: line, firstCol: 0 });
    for (let i = 0; i < slice.length; i++) if (slice[i] === 10) line++;
    start = end;
  }
  return out;
}

async function scan(corpus: Corpus): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const f of corpus.files) {
    const source = { path: f.path, kind: 'text' as const };
    const table = tableStateFor(f.path);
    for (const win of windows(f.text)) {
      await prepareDetectors(win);
      for (const c of detect(win, source, { asOf: AS_OF, table }).candidates) out.push({ file: f.path, c });
    }
  }
  return out;
}

const key = (file: string, line: number, col: number): string => `${file}\u0000${line}\u0000${col}`;

function score(corpus: Corpus, findings: Finding[]): Map<CorpusKind, KindStats> {
  const stats = new Map<CorpusKind, KindStats>();
  for (const k of CORPUS_KINDS) stats.set(k, { planted: 0, found: 0, tp: 0, fp: 0, fn: 0, valueMismatch: [], misses: [], fps: [] });
  const labelsAt = new Map<string, Label[]>();
  for (const l of corpus.labels) {
    stats.get(l.detector)!.planted++;
    const k = key(l.file, l.line, l.col);
    labelsAt.set(k, [...(labelsAt.get(k) ?? []), l]);
  }
  const decoyAt = new Map(corpus.decoys.map((d) => [key(d.file, d.line, d.col), d]));
  const matched = new Set<Label>();
  const findingsAt = new Map<string, Finding[]>();
  for (const f of findings) {
    const det = f.c.detector as CorpusKind;
    const s = stats.get(det);
    if (!s) throw new Error(`unexpected detector ${f.c.detector}`);
    s.found++;
    const k = key(f.file, f.c.location.line!, f.c.location.col!);
    findingsAt.set(k, [...(findingsAt.get(k) ?? []), f]);
    const here = labelsAt.get(k) ?? [];
    const mine = here.find((l) => l.detector === det && !matched.has(l));
    if (mine) {
      matched.add(mine);
      s.tp++;
      if (f.c.value !== mine.value) s.valueMismatch.push({ label: mine, got: f.c.value });
      continue;
    }
    s.fp++;
    if (here.some((l) => l.detector === det)) s.fps.push({ finding: f, why: 'duplicate', at: det });
    else if (here.length) s.fps.push({ finding: f, why: 'other-kind', at: here.map((l) => `${l.detector}[${l.tags.join(',')}]`).join(' ') });
    else if (decoyAt.has(k)) s.fps.push({ finding: f, why: 'decoy', at: decoyAt.get(k)!.kind });
    else s.fps.push({ finding: f, why: 'stray' });
  }
  for (const l of corpus.labels) {
    if (matched.has(l)) continue;
    const s = stats.get(l.detector)!;
    s.fn++;
    const instead = (findingsAt.get(key(l.file, l.line, l.col)) ?? []).map((f) => f.c.detector);
    s.misses.push({ label: l, instead });
  }
  return stats;
}

const pct = (x: number): string => (Number.isFinite(x) ? (x * 100).toFixed(2) + '%' : '-');
const recallOf = (s: KindStats): number => (s.planted ? s.tp / s.planted : 1);
const precisionOf = (s: KindStats): number => (s.tp + s.fp ? s.tp / (s.tp + s.fp) : 1);
const meets = (s: KindStats, b: Bar): boolean => recallOf(s) >= b.recall && precisionOf(s) >= b.precision;

/**
 * The line around a place, with every planted value replaced by `‹kind›` (the focused label by its
 * masked evidence) and digits of everything else kept (decoys are not personal information).
 */
function shape(corpus: Corpus, lines: Map<string, string[]>, file: string, line: number, col: number, focus?: Label, len = 0): string {
  const text = lines.get(file)![line - 1];
  const here = corpus.labels.filter((l) => l.file === file && l.line === line).sort((a, b) => b.col - a.col);
  let s = text;
  for (const l of here) s = s.slice(0, l.col - 1) + (l === focus ? `⟦${maskEvidence(l.text)}⟧` : `‹${l.detector}›`) + s.slice(l.col - 1 + l.text.length);
  // Re-find the focus in the rewritten line for the excerpt.
  let at = col - 1;
  for (const l of here) if (l.col < col) at += (l === focus ? maskEvidence(l.text).length + 2 : l.detector.length + 2) - l.text.length;
  const from = Math.max(0, at - 40);
  return (from > 0 ? '…' : '') + s.slice(from, at + Math.max(len, 12) + 40) + (at + 52 < s.length ? '…' : '');
}

function report(corpus: Corpus, stats: Map<CorpusKind, KindStats>): string {
  const lines = new Map(corpus.files.map((f) => [f.path, f.text.split('\n')]));
  const out: string[] = [];
  out.push(`corpus seed ${corpus.seed}: ${corpus.files.length} files, ${(corpus.bytes / 1024 / 1024).toFixed(2)} MB, ${corpus.labels.length} planted values, ${corpus.decoys.length} decoys`);
  const head = ['kind', 'planted', 'found', 'TP', 'FP', 'FN', 'recall', 'precision', 'bar R/P', 'value≠', 'status'];
  const rows = CORPUS_KINDS.map((k) => {
    const s = stats.get(k)!;
    const b = BARS[k];
    const status = meets(s, b) ? 'ok' : b.soft ? 'below soft bar' : KNOWN_FAILING[k] ? 'KNOWN FAILING' : 'FAIL';
    return [k, s.planted, s.found, s.tp, s.fp, s.fn, pct(recallOf(s)), pct(precisionOf(s)), `${pct(b.recall)}/${pct(b.precision)}${b.soft ? ' (soft)' : ''}`, s.valueMismatch.length, status].map(String);
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => '| ' + r.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  out.push(fmt(head), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(fmt));

  for (const k of CORPUS_KINDS) {
    const s = stats.get(k)!;
    if (s.fn + s.fp + s.valueMismatch.length === 0) continue;
    // Every kind gets its summary; the cases themselves are listed for kinds below their bar (or
    // for all with ACCURACY_VERBOSE=1).
    const detailed = !meets(s, BARS[k]) || s.valueMismatch.length > 0 || Boolean(process.env.ACCURACY_VERBOSE);
    out.push('', `== ${k}: ${s.fn} missed, ${s.fp} false positives, ${s.valueMismatch.length} value mismatches`);
    // Summary by tags, then every case (capped).
    const byTag = new Map<string, number>();
    for (const m of s.misses) {
      const t = `${m.label.file} [${m.label.tags.join(',')}]${m.instead.length ? ' reported as ' + m.instead.join('+') : ''}`;
      byTag.set(t, (byTag.get(t) ?? 0) + 1);
    }
    for (const [t, n] of [...byTag].sort((a, b) => b[1] - a[1])) out.push(`  FN x${n}: ${t}`);
    const byWhy = new Map<string, number>();
    for (const f of s.fps) byWhy.set(`${f.finding.file} ${f.why}${f.at ? ' at ' + f.at : ''}`, (byWhy.get(`${f.finding.file} ${f.why}${f.at ? ' at ' + f.at : ''}`) ?? 0) + 1);
    for (const [t, n] of [...byWhy].sort((a, b) => b[1] - a[1])) out.push(`  FP x${n}: ${t}`);
    if (!detailed) continue;
    const CAP = 500; // every case, in practice; the cap only guards against a broken detector flooding the log
    s.misses.slice(0, CAP).forEach((m) => {
      const l = m.label;
      out.push(`  FN ${l.file}:${l.line}:${l.col} ${l.masked ? 'masked ' : ''}[${l.tags.join(',')}] ${maskEvidence(l.value)}${m.instead.length ? ' (reported as ' + m.instead.join('+') + ')' : ''}  ⟨${shape(corpus, lines, l.file, l.line, l.col, l, l.text.length)}⟩`);
    });
    if (s.misses.length > CAP) out.push(`  … ${s.misses.length - CAP} more misses`);
    s.fps.slice(0, CAP).forEach((f) => {
      const c = f.finding.c;
      out.push(`  FP ${f.finding.file}:${c.location.line}:${c.location.col} ${f.why}${f.at ? ' (' + f.at + ')' : ''} value ${maskEvidence(c.value)}  ⟨${shape(corpus, lines, f.finding.file, c.location.line!, c.location.col!)}⟩`);
    });
    if (s.fps.length > CAP) out.push(`  … ${s.fps.length - CAP} more false positives`);
    s.valueMismatch.slice(0, 30).forEach(({ label: l, got }) => {
      out.push(`  VALUE ${l.file}:${l.line}:${l.col} [${l.tags.join(',')}] expected ${maskEvidence(l.value)} (${[...l.value].length} chars), got ${maskEvidence(got)} (${[...got].length} chars)`);
    });
  }
  return out.join('\n');
}

let corpus: Corpus;
let stats: Map<CorpusKind, KindStats>;

beforeAll(async () => {
  await detectorsReady();
  corpus = buildCorpus(SEED);
  const findings = await scan(corpus);
  stats = score(corpus, findings);
  console.log(report(corpus, stats));
});

test('the corpus is deterministic, large enough and labels point at their text', () => {
  expect(corpus.bytes).toBeGreaterThan(1_000_000);
  expect(corpus.bytes).toBeLessThan(2_500_000);
  for (const k of CORPUS_KINDS) expect(corpus.labels.filter((l) => l.detector === k).length, k).toBeGreaterThanOrEqual(300);
  const lines = new Map(corpus.files.map((f) => [f.path, f.text.split('\n')]));
  const off = corpus.labels.filter((l) => lines.get(l.file)![l.line - 1].slice(l.col - 1, l.col - 1 + l.text.length) !== l.text);
  expect(off.length).toBe(0);
  const again = buildCorpus(SEED);
  expect(again.files.map((f) => f.text)).toEqual(corpus.files.map((f) => f.text));
});

const passing = CORPUS_KINDS.filter((k) => !KNOWN_FAILING[k]);
const failing = CORPUS_KINDS.filter((k) => KNOWN_FAILING[k]);

function check(kind: CorpusKind): void {
  const s = stats.get(kind)!;
  const b = BARS[kind];
  if (b.soft) {
    if (!meets(s, b)) console.warn(`${kind}: below its soft bar (recall ${pct(recallOf(s))}, precision ${pct(precisionOf(s))}); not asserted`);
    return;
  }
  expect(recallOf(s), `${kind} recall (${s.tp}/${s.planted})`).toBeGreaterThanOrEqual(b.recall);
  expect(precisionOf(s), `${kind} precision (${s.tp}/${s.tp + s.fp})`).toBeGreaterThanOrEqual(b.precision);
}

test.each(passing)('%s meets its recall and precision bars', (kind) => check(kind));

if (failing.length) test.fails.each(failing)('%s meets its bars (known detector bug, see KNOWN_FAILING)', (kind) => check(kind));
