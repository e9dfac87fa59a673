import { Chalk, type ChalkInstance } from 'chalk';
import type { Report } from '../model/report.js';
import { BufferedOut, type ReportWriter, type TextSink } from './sink.js';
import type { ReportFinding } from '../model/finding.js';
import { SEVERITIES, type Severity } from '../model/severity.js';

export interface TerminalOptions {
  /** Colour on? The CLI decides: a TTY and no NO_COLOR. */
  color: boolean;
  /** List info findings (masked values, examples) too; otherwise they are only counted. */
  verbose: boolean;
  /** At most this many findings are listed per file. */
  perFile: number;
}

const PAINT: Record<Severity, (c: ChalkInstance) => ChalkInstance> = {
  critical: (c) => c.bgRed.white.bold,
  high: (c) => c.red.bold,
  medium: (c) => c.yellow,
  low: (c) => c.cyan,
  info: (c) => c.gray,
};

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

function counts(rec: Record<string, number | undefined>, order?: readonly string[]): string {
  const keys = order ? order.filter((k) => rec[k]) : Object.keys(rec).sort((a, b) => (rec[b] ?? 0) - (rec[a] ?? 0));
  return keys.length ? keys.map((k) => `${k} ${rec[k]}`).join(' · ') : 'none';
}

/**
 * The terminal report, streamed: findings grouped by file in the order they are found (at most
 * `perFile` listed per file), info findings only counted unless verbose, then a summary by
 * severity, rule and detector, what was skipped, and what failed.
 */
export class TerminalWriter implements ReportWriter {
  private readonly c: ChalkInstance;
  private readonly out: BufferedOut;
  private file: string | undefined;
  private inFile = 0;
  private hiddenInfo = 0;

  constructor(write: TextSink, private readonly opts: TerminalOptions) {
    this.c = new Chalk({ level: opts.color ? 1 : 0 });
    this.out = new BufferedOut(write);
  }

  add(f: ReportFinding): void {
    if (f.severity === 'info' && !this.opts.verbose) {
      this.hiddenInfo++;
      return;
    }
    const c = this.c;
    const file = f.location.path + (f.location.entry ? `!${f.location.entry}` : '');
    if (file !== this.file) {
      this.closeFile();
      this.file = file;
      this.out.push(c.underline(file) + '\n');
    }
    if (this.inFile++ >= this.opts.perFile) return;
    const where = `${f.location.line ?? ''}:${f.location.col ?? ''}`.padEnd(9);
    const sev = PAINT[f.severity](c)(f.severity.padEnd(8));
    this.out.push(`  ${c.dim(where)} ${sev} ${f.rule.padEnd(15)} ${(f.detector ?? '-').padEnd(11)} ${c.bold(f.evidence ?? '')}  ${c.dim(f.message)}\n`);
  }

  private closeFile(): void {
    if (this.file === undefined) return;
    if (this.inFile > this.opts.perFile) this.out.push(this.c.dim(`  … ${this.inFile - this.opts.perFile} more in this file (use --format json for all)`) + '\n');
    this.out.push('\n');
    this.inFile = 0;
  }

  end(report: Report): void {
    this.closeFile();
    const c = this.c;
    const out: string[] = [];
    const s = report.summary;
    const scan = report.scan;
    out.push(c.bold('Summary'));
    out.push(`  scanned ${scan.filesScanned} file(s), ${bytes(scan.bytesScanned)} in ${scan.durationMs} ms${scan.cachedDocuments ? ` (${scan.cachedDocuments} document(s) from cache)` : ''}${scan.partial ? c.yellow(' (partial: interrupted)') : ''}`);
    out.push(`  findings: ${s.total}  (${counts(s.bySeverity, SEVERITIES)})`);
    out.push(`  by rule: ${counts(s.byRule)}`);
    out.push(`  by detector: ${counts(s.byDetector)}`);
    out.push(`  distinct resident IDs in clear: ${s.distinctIds}`);
    const kinds = Object.entries(s.inventory);
    if (kinds.length) {
      out.push(c.bold('Inventory') + c.dim(' (kind: values, clear / weak / masked, distinct clear values; where stored)'));
      for (const [kind, e] of kinds) {
        if (!e) continue;
        out.push(`  ${kind.padEnd(12)} ${e.values}: ${e.clear} / ${e.weak} / ${e.masked}, ${e.distinct} distinct`);
        for (const l of e.locations.slice(0, 3)) out.push(c.dim(`    ${l.path} (${l.values})`));
        const more = e.locations.length - 3 + e.moreLocations;
        if (more > 0) out.push(c.dim(`    … ${more} more file(s)`));
      }
    }
    if (s.columns?.length) {
      out.push(c.bold('Columns') + c.dim(' (table.column: kinds, rows read, clear / weak / masked; verdict)'));
      for (const col of s.columns.slice(0, 30)) {
        const kinds = Object.entries(col.kinds).map(([k, n]) => `${k} ${n}`).join(', ');
        out.push(`  ${col.verdict}`);
        out.push(c.dim(`    ${col.path}  ${kinds}; ${col.rows} row(s) read; ${col.clear} / ${col.weak} / ${col.masked}`));
      }
      if (s.columns.length > 30) out.push(c.dim(`  … ${s.columns.length - 30} more column(s) in the JSON report`));
    }
    if (this.hiddenInfo > 0) out.push(c.dim(`  ${this.hiddenInfo} info finding(s) (well-masked values, documented examples) not listed; --verbose lists them`));
    if (s.ignoredByFiles > 0) out.push(c.yellow(`  ${s.ignoredByFiles} path(s) hidden by .gitignore/.piauditignore were NOT scanned (--no-ignore scans them)`));
    if (scan.skipped.length) {
      out.push(`  skipped: ${scan.skipped.length}`);
      for (const k of scan.skipped.slice(0, 10)) out.push(c.dim(`    ${k.path}: ${k.reason}`));
      if (scan.skipped.length > 10) out.push(c.dim(`    … ${scan.skipped.length - 10} more`));
    }
    if (scan.errors.length) {
      out.push(c.red(`  errors: ${scan.errors.length}`));
      for (const e of scan.errors.slice(0, 10)) out.push(c.red(`    ${e.path}: ${e.message}`));
      if (scan.errors.length > 10) out.push(c.red(`    … ${scan.errors.length - 10} more`));
    }
    this.out.push(out.join('\n') + '\n');
    this.out.flush();
  }
}

/** The whole terminal report as one string. */
export function renderTerminal(report: Report, opts: TerminalOptions): string {
  let s = '';
  const w = new TerminalWriter((chunk) => (s += chunk), opts);
  for (const f of report.findings) w.add(f);
  w.end(report);
  return s;
}
