import type { Candidate } from './model/candidate.js';
import type { ScanError, SkippedPath } from './model/errors.js';
import type { ReportFinding, Violation } from './model/finding.js';
import type { InventoryEntry, Report, ScanSummary } from './model/report.js';
import type { Directive, SourceRef } from './model/source.js';
import { ymd } from './detectors/checksums/dates.js';
import { type Lang, type ScanOptions, langFromEnv } from './config/options.js';
import { loadKey } from './config/key.js';
import { readTextWindows, SkipSource, walk, type WalkStats } from './sources/index.js';
import { detect, JsonRecords, prepareDetectors, tableStateFor } from './detectors/index.js';
import { analyze, DEFAULT_MASK_THRESHOLD, findIdentityKits, MaskLinker } from './analyzers/index.js';
import { evaluate, evaluateCombinations, evaluateRecords } from './rules/evaluate.js';
import { postprocess } from './postprocess/index.js';
import { TOOL_VERSION } from './version.js';

/**
 * The only place that knows the order of the stages:
 *   sources (walk, read windows) → detectors → analyzers → rules → postprocess → report.
 * Work is done per window so memory follows the input's window size, not the file's size;
 * everything that leaves a window has already been redacted.
 */
export interface ScanResult {
  report: Report;
  /** Whether any root could be read at all (exit code 2 when none). */
  anyRootReadable: boolean;
}

/**
 * Runs a scan. With `onFinding`, each finding goes to it as soon as it is judged and redacted (in
 * walk order: files as the walker meets them, values in text order) and `report.findings` stays
 * empty, so memory does not grow with the number of findings; without it the report holds them.
 */
export async function scan(opts: ScanOptions, onFinding?: (f: ReportFinding) => void): Promise<ScanResult> {
  const started = Date.now();
  const cwd = opts.cwd ?? process.cwd();
  const asOf = opts.asOf ?? new Date();
  const threshold = opts.maskThreshold ?? DEFAULT_MASK_THRESHOLD;
  const lang: Lang = opts.lang ?? langFromEnv();
  const minSeverity = opts.minSeverity ?? 'info';
  let key = opts.key;
  if (!key) {
    const k = loadKey();
    if (k.warning) opts.onWarning?.(k.warning);
    key = k.key;
  }
  const only = opts.detectors?.length ? new Set(opts.detectors) : undefined;
  const walkStats: WalkStats = { ignoredByFiles: 0, defaultExcluded: 0, readableRoots: 0 };
  const skipped: SkippedPath[] = [];
  const errors: ScanError[] = [];
  const kept: ReportFinding[] = [];
  const summary: ScanSummary = { total: 0, bySeverity: {}, byRule: {}, byDetector: {}, ignoredByFiles: 0, distinctIds: 0, inventory: {} };
  const inventory = new Inventory();
  const idPeople = new Set<number>();
  // Kits are per line; a huge line spans windows, so remember only the last line that had one.
  let lastKitLine = 0;
  const linker = new MaskLinker(threshold, asOf);
  const emit = (v: Violation): void => {
    const f = toReportFinding(v);
    summary.total++;
    summary.bySeverity[f.severity] = (summary.bySeverity[f.severity] ?? 0) + 1;
    summary.byRule[f.rule] = (summary.byRule[f.rule] ?? 0) + 1;
    if (f.detector) {
      summary.byDetector[f.detector] = (summary.byDetector[f.detector] ?? 0) + 1;
      inventory.add(f);
    }
    if (onFinding) onFinding(f);
    else kept.push(f);
  };
  let filesScanned = 0;
  let bytesScanned = 0;
  const roots = opts.paths.length ? opts.paths : ['.'];

  const walker = walk(
    {
      roots,
      cwd,
      include: opts.include ?? [],
      exclude: opts.exclude ?? [],
      maxFileSize: opts.maxFileSize,
      ignoreFiles: opts.ignoreFiles ?? true,
      defaultExcludes: opts.defaultExcludes ?? true,
      signal: opts.signal,
    },
    walkStats,
  );

  /** Scans one source; false when it could not be read at all. */
  const scanSource = async (ref: SourceRef): Promise<boolean> => {
    const stats = { bytes: 0 };
    lastKitLine = 0; // records never span files
    const table = tableStateFor(ref.path);
    let records: JsonRecords | undefined;
    let firstWindow = true;
    const directives: Directive[] = [];
    let completed = false;
    const deadline = opts.fileTimeBudgetMs ? Date.now() + opts.fileTimeBudgetMs : Infinity;
    try {
      for await (const win of readTextWindows(ref, stats, opts.signal)) {
        await prepareDetectors(win, only);
        if (firstWindow) records = JsonRecords.forFirstWindow(win);
        firstWindow = false;
        const found = detect(win, ref, { asOf: ymd(asOf), only, table, records });
        directives.push(...found.directives);
        if (found.candidates.length) handle(found.candidates, directives);
        if (Date.now() > deadline) {
          errors.push({ path: ref.path, message: `stopped after the per-file time budget (${opts.fileTimeBudgetMs} ms) at line ${win.firstLine}; findings before it are kept` });
          break;
        }
      }
      completed = true;
    } catch (e) {
      if (e instanceof SkipSource) {
        skipped.push({ path: ref.path, reason: e.reason });
        return true;
      }
      errors.push({ path: ref.path, message: readErrorText(e) });
    } finally {
      bytesScanned += stats.bytes;
    }
    if (completed || stats.bytes > 0) filesScanned++;
    return completed || stats.bytes > 0;
  };

  const handle = (candidates: Candidate[], directives: Directive[]): void => {
    const findings = analyze(candidates, { key: key!, threshold, asOf });
    linker.add(findings);
    for (const f of findings) if (f.detector === 'cn-id' && !f.masked) idPeople.add(personKey(f.fingerprint));
    const kits = findIdentityKits(findings).filter((k) => {
      const line = k.location.line ?? 0;
      if (line <= lastKitLine) return false; // the same (huge) line seen in an earlier window
      lastKitLine = line;
      return true;
    });
    const judged = [...evaluate(findings, { lang, threshold }), ...evaluateRecords(kits, { lang, threshold })];
    for (const v of postprocess(judged, { directives, minSeverity, asOf, threshold })) emit(v);
  };

  for await (const ev of walker) {
    if (opts.signal?.aborted) break;
    if (ev.type === 'skip') skipped.push({ path: ev.path, reason: ev.reason });
    else if (ev.type === 'error') errors.push({ path: ev.path, message: ev.message });
    else if (await scanSource(ev.ref) && ev.root) walkStats.readableRoots++;
  }

  // Cross-place analyses need the whole scan: their findings come last.
  for (const v of postprocess(evaluateCombinations(linker.results(), { lang, threshold }), { directives: [], minSeverity, asOf, threshold })) emit(v);
  summary.ignoredByFiles = walkStats.ignoredByFiles;
  summary.distinctIds = idPeople.size;
  summary.inventory = inventory.entries();
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'piaudit', version: TOOL_VERSION },
    scan: {
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      roots,
      filesScanned,
      bytesScanned,
      skipped,
      errors,
      ...(opts.signal?.aborted ? { partial: true } : {}),
    },
    summary,
    findings: kept,
  };
  return { report, anyRootReadable: walkStats.readableRoots > 0 };
}

/** A read failure as one clear sentence (never a value: messages come from fs/zlib, not from content). */
function readErrorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(err?.message ?? '')) return 'truncated gzip stream (unexpected end of file); findings before the cut are kept';
  if (err?.code?.startsWith?.('Z_')) return `corrupt gzip stream (${err.message})`;
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return `cannot read file: ${err.code} permission denied`;
  if (err?.code === 'EISDIR') return 'is a directory';
  return `cannot read file: ${err?.code ? err.code + ' ' : ''}${err?.message ?? String(e)}`;
}

function toReportFinding(v: Violation): ReportFinding {
  // Keys in the order of the contract's example, so a report reads the same as the README.
  const out: ReportFinding = { rule: v.rule, detector: v.detector, severity: v.severity, articles: v.articles, location: v.location } as ReportFinding;
  if (v.evidence !== undefined) out.evidence = v.evidence;
  if (v.masked !== undefined) out.masked = v.masked;
  if (v.candidates !== undefined) out.candidates = v.candidates;
  if (v.fingerprint !== undefined) out.fingerprint = v.fingerprint;
  out.message = v.message;
  if (v.confidence !== undefined) out.confidence = v.confidence;
  return out;
}

/** Counts per kind of information for the summary's person inventory, in bounded memory. */
class Inventory {
  private readonly kinds = new Map<string, { e: InventoryEntry; paths: Map<string, number>; seen: Set<number> }>();

  add(f: ReportFinding): void {
    let k = this.kinds.get(f.detector!);
    if (!k) {
      k = { e: { values: 0, clear: 0, weak: 0, masked: 0, distinct: 0, locations: [], moreLocations: 0 }, paths: new Map(), seen: new Set() };
      this.kinds.set(f.detector!, k);
    }
    k.e.values++;
    if (f.rule === 'pi-unmasked') {
      k.e.clear++;
      if (f.fingerprint) k.seen.add(personKey(f.fingerprint));
    } else if (f.rule === 'pi-weak-mask') k.e.weak++;
    else if (f.rule === 'pi-masked') k.e.masked++;
    k.paths.set(f.location.path, (k.paths.get(f.location.path) ?? 0) + 1);
  }

  entries(): ScanSummary['inventory'] {
    const out: ScanSummary['inventory'] = {};
    for (const [id, k] of this.kinds) {
      const sorted = [...k.paths].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      out[id as keyof ScanSummary['inventory']] = {
        ...k.e,
        distinct: k.seen.size,
        locations: sorted.slice(0, 50).map(([path, values]) => ({ path, values })),
        moreLocations: Math.max(0, sorted.length - 50),
      };
    }
    return out;
  }
}

/**
 * 30 bits of a keyed fingerprint, for counting distinct people: a small integer stays unboxed in
 * a Set (a 52-bit key cost ~40 bytes each and 300 MB on a 2 GB log with millions of values). The
 * count is exact in practice below ~10,000 people and undercounts by ~0.05 % at a million.
 */
function personKey(fingerprint: string): number {
  return parseInt(fingerprint.slice(0, 8), 16) >>> 2;
}

