import { createHash, createHmac } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReportFinding } from '../model/finding.js';
import { FatalError } from '../model/errors.js';
import { TOOL_VERSION } from '../util/version.js';

/**
 * Baselines (after gitleaks' --baseline-path and ESLint's suppressions file): the findings a team
 * has accepted for now, so that a hook or CI fails only on new ones. An entry holds the keyed
 * fingerprint, the rule and the path, never a value, evidence or line number: values must not be
 * written anywhere, and a baseline has to survive lines moving. Entries are sorted and
 * deduplicated so the file diffs cleanly when it is rewritten.
 *
 * Fingerprints are keyed (PIAUDIT_KEY): a baseline written with one key matches nothing under
 * another. `keyCheck` (an HMAC of a constant, which reveals nothing about the key) lets the CLI
 * say so instead of reporting every finding as new.
 */

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  /** The finding's keyed fingerprint, or for a finding without one a hash of its stable parts (see baselineKey). */
  fingerprint: string;
  rule: string;
  /** Report path with `/` separators; `path!entry` for something inside an archive or document. */
  path: string;
  /** For humans reading the file; not part of the match. */
  detector?: string;
}

export interface Baseline {
  version: 1;
  tool: { name: string; version: string };
  /** ISO timestamp. */
  createdAt: string;
  /** keyCheckOf(key) of the key the fingerprints were made with, when the writer knew it. */
  keyCheck?: string;
  entries: BaselineEntry[];
}

export interface WriteBaselineOptions {
  /** Default: now. Tests pass a fixed date. */
  createdAt?: Date;
  /** keyCheckOf(the fingerprint key), so a later run can tell a key mismatch from new findings. */
  keyCheck?: string;
}

/** 16 hex characters identifying a fingerprint key without revealing it. */
export function keyCheckOf(key: Buffer | string): string {
  return createHmac('sha256', key).update('piaudit-baseline-key-check').digest('hex').slice(0, 16);
}

/** The path a baseline records for a finding: report path, `!entry` when nested, `/` separators, no `./`. */
export function baselinePath(f: Pick<ReportFinding, 'location'>): string {
  const p = normalisePath(f.location.path);
  return f.location.entry ? `${p}!${f.location.entry}` : p;
}

/**
 * What a finding is matched on besides rule and path: its fingerprint, or, for a finding without
 * one (file-level rules such as retention or permissions), a SHA-256 of the parts that do not move
 * when lines do: rule, detector, table and column, and the already-masked evidence. Line, column,
 * page, row and the message (which may hold an age in days) are left out on purpose.
 */
export function baselineKey(f: ReportFinding): string {
  if (f.fingerprint) return f.fingerprint;
  const l = f.location;
  const parts = ['piaudit-baseline-v1', f.rule, f.detector ?? '', baselinePath(f), l.table ?? '', l.field ?? '', f.evidence ?? ''];
  return createHash('sha256').update(parts.join('\0')).digest('hex');
}

/** The baseline of a set of findings: one entry per (fingerprint, rule, path), sorted. */
export function toBaseline(findings: Iterable<ReportFinding>, opts: WriteBaselineOptions = {}): Baseline {
  const byKey = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const e: BaselineEntry = { fingerprint: baselineKey(f), rule: f.rule, path: baselinePath(f) };
    if (f.detector) e.detector = f.detector;
    byKey.set(matchKey(e), e);
  }
  const entries = [...byKey.values()].sort(compareEntries);
  // Key order as documented (keyCheck before entries) so the file reads top-down.
  return {
    version: BASELINE_VERSION,
    tool: { name: 'piaudit', version: TOOL_VERSION },
    createdAt: (opts.createdAt ?? new Date()).toISOString(),
    ...(opts.keyCheck ? { keyCheck: opts.keyCheck } : {}),
    entries,
  };
}

/**
 * Writes the baseline of `findings` to `file` (2-space JSON, trailing newline) through a temporary
 * file and a rename, so an interrupted run never leaves half a baseline behind.
 * @throws FatalError naming the file when it cannot be written.
 */
export async function writeBaseline(findings: Iterable<ReportFinding>, file: string, opts: WriteBaselineOptions = {}): Promise<Baseline> {
  const b = toBaseline(findings, opts);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, JSON.stringify(b, null, 2) + '\n', { mode: 0o644 });
    await rename(tmp, file);
  } catch (e) {
    throw new FatalError(`cannot write the baseline ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return b;
}

/**
 * Reads and validates a baseline file.
 * @throws FatalError naming the file and the bad key (never echoing a value from it).
 */
export async function loadBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FatalError(code === 'ENOENT' ? `baseline ${file} does not exist (write one with --write-baseline ${file})` : `cannot read the baseline ${file}: ${code ?? (e as Error).message}`);
  }
  return parseBaseline(text, file);
}

const TOP_KEYS = new Set(['version', 'tool', 'createdAt', 'keyCheck', 'entries']);
const ENTRY_KEYS = new Set(['fingerprint', 'rule', 'path', 'detector']);
const HEX64 = /^[0-9a-f]{64}$/;

/** Validates a baseline's JSON text; `file` is only for messages. */
export function parseBaseline(text: string, file: string): Baseline {
  const bad = (what: string): never => {
    throw new FatalError(`invalid baseline ${file}: ${what}`);
  };
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    // JSON.parse's message quotes the offending text on some Node versions: give only the position.
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    return bad(`not valid JSON${at ? ` (at character ${at})` : ''}`);
  }
  if (!isObject(data)) return bad('expected a JSON object with "version" and "entries"');
  for (const k of Object.keys(data)) if (!TOP_KEYS.has(k)) bad(`unknown key ${keyName(k)} (expected ${[...TOP_KEYS].join(', ')})`);
  if (data.version !== BASELINE_VERSION) bad(data.version === undefined ? 'missing key "version"' : `"version" must be ${BASELINE_VERSION} (this piaudit reads baseline version ${BASELINE_VERSION} only)`);
  const tool = data.tool ?? { name: 'piaudit', version: 'unknown' };
  if (!isObject(tool) || typeof tool.name !== 'string' || typeof tool.version !== 'string') bad('"tool" must be an object with string "name" and "version"');
  const createdAt = data.createdAt ?? '';
  if (typeof createdAt !== 'string') bad('"createdAt" must be a string (an ISO timestamp)');
  if (data.keyCheck !== undefined && (typeof data.keyCheck !== 'string' || !/^[0-9a-f]{16}$/.test(data.keyCheck))) bad('"keyCheck" must be 16 lower-case hex characters');
  if (!Array.isArray(data.entries)) bad(data.entries === undefined ? 'missing key "entries"' : '"entries" must be an array');
  const entries: BaselineEntry[] = (data.entries as unknown[]).map((raw, i) => {
    const at = `entries[${i}]`;
    if (!isObject(raw)) return bad(`${at} must be an object`);
    for (const k of Object.keys(raw)) if (!ENTRY_KEYS.has(k)) bad(`${at}: unknown key ${keyName(k)} (expected ${[...ENTRY_KEYS].join(', ')})`);
    if (typeof raw.fingerprint !== 'string' || !HEX64.test(raw.fingerprint)) bad(`${at}.fingerprint must be 64 lower-case hex characters`);
    if (typeof raw.rule !== 'string' || raw.rule === '') bad(`${at}.rule must be a non-empty string`);
    if (typeof raw.path !== 'string' || raw.path === '') bad(`${at}.path must be a non-empty string`);
    if (raw.detector !== undefined && typeof raw.detector !== 'string') bad(`${at}.detector must be a string`);
    const e: BaselineEntry = { fingerprint: raw.fingerprint as string, rule: raw.rule as string, path: normaliseEntryPath(raw.path as string) };
    if (raw.detector !== undefined) e.detector = raw.detector as string;
    return e;
  });
  return {
    version: BASELINE_VERSION,
    tool: tool as Baseline['tool'],
    createdAt: createdAt as string,
    ...(data.keyCheck !== undefined ? { keyCheck: data.keyCheck as string } : {}),
    entries,
  };
}

/**
 * Answers "was this finding in the baseline?" during a scan and remembers which entries were seen,
 * so the entries nothing matched (fixed or moved away) can be reported as stale afterwards.
 */
export class BaselineFilter {
  private readonly byKey = new Map<string, BaselineEntry>();
  private readonly seen = new Set<string>();

  constructor(readonly baseline: Baseline) {
    for (const e of baseline.entries) this.byKey.set(matchKey(e), e);
  }

  /** True when the finding's fingerprint (or derived key), rule and path are in the baseline. */
  isKnown(f: ReportFinding): boolean {
    const k = matchKey({ fingerprint: baselineKey(f), rule: f.rule, path: baselinePath(f) });
    if (!this.byKey.has(k)) return false;
    this.seen.add(k);
    return true;
  }

  /**
   * Entries no finding matched, sorted. Pass `inScope` when the scan did not cover everything the
   * baseline covers (`--staged`, a subfolder): entries outside it are not stale, only unvisited.
   * `inScope` gets the entry's path without its `!entry` part.
   */
  stale(inScope?: (path: string) => boolean): BaselineEntry[] {
    const out: BaselineEntry[] = [];
    for (const [k, e] of this.byKey) {
      if (this.seen.has(k)) continue;
      if (inScope && !inScope(outerPath(e.path))) continue;
      out.push(e);
    }
    return out.sort(compareEntries);
  }

  /** True when the baseline was written with a different fingerprint key than `keyCheck` (unknown = false). */
  keyMismatch(keyCheck: string): boolean {
    return this.baseline.keyCheck !== undefined && this.baseline.keyCheck !== keyCheck;
  }
}

function matchKey(e: Pick<BaselineEntry, 'fingerprint' | 'rule' | 'path'>): string {
  return `${e.rule}\0${e.path}\0${e.fingerprint}`;
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return cmp(a.path, b.path) || cmp(a.rule, b.rule) || cmp(a.fingerprint, b.fingerprint);
}

/** Code-unit order, not locale order: the file must sort the same on every machine. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `./src\a.txt` → `src/a.txt`: the same file gives the same entry on Windows and POSIX. */
function normalisePath(p: string): string {
  let s = p.replaceAll('\\', '/');
  while (s.startsWith('./')) s = s.slice(2);
  return s;
}

function normaliseEntryPath(p: string): string {
  const bang = p.indexOf('!');
  return bang === -1 ? normalisePath(p) : normalisePath(p.slice(0, bang)) + p.slice(bang);
}

function outerPath(p: string): string {
  const bang = p.indexOf('!');
  return bang === -1 ? p : p.slice(0, bang);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A key from the file, named only when it looks like a name: a hand-edited file could hold a value as a key. */
function keyName(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]{0,39}$/.test(k) ? JSON.stringify(k) : '(a key that is not a plain name)';
}
