/**
 * `npm run bench`: throughput, memory and start-up of the BUILT CLI on a seeded synthetic corpus,
 * next to ripgrep on the same files. Information only: benchmarks never gate tests.
 *
 *   npm run bench -- [--size <MB>] [--big <MB>] [--files <n>] [--seed <n>] [--runs <n>]
 *                    [--keep] [--json] [--profile] [--rss-wrapper]
 *
 *   --size      corpus size in MB (default 200; 1 MB = 2^20 bytes throughout)
 *   --big       size of the single big log for the peak-RSS test (default 2048; 0 skips it)
 *   --files     number of corpus files (default 40)
 *   --seed      corpus seed (default 1); the corpus lives in <tmpdir>/piaudit-bench-<seed>
 *   --runs      timed runs per throughput figure, the median is shown (default 3)
 *   --keep      keep the temp folder; a later run with the same flags reuses it (manifest.json)
 *   --json      also print the figures as one JSON line on stdout (the table goes to stderr)
 *   --profile   also run the CLI once under `node --cpu-prof` and print the top self-time functions
 *   --rss-wrapper  measure peak RSS with the Node wrapper even where GNU time is installed
 *
 * What it measures (targets from the Performance issue):
 *   - piaudit text throughput, one thread, all detectors: `node bin/piaudit.js scan <dir> -f json
 *     -o <file> --fail-on none`, wall time of the whole process, MB/s = corpus bytes / seconds;
 *     target at least 0.5x ripgrep's single-thread figure, aim for parity; the same generator
 *     without planted values (decoys only) is timed too, which separates the cost of scanning
 *     bytes from the cost of each finding (analyze, rules, redaction, report);
 *   - ripgrep (if `rg` is on PATH; apt package ripgrep) with equivalent candidate regexes
 *     (reference.md §1.3, §2.1, §3.3), `-j1`, same files. The default (Rust) engine has no
 *     look-behind, so boundaries are written `(?:^|[^0-9A-Za-z])` … `(?:[^0-9A-Za-z]|$)`; the
 *     PCRE2 form with look-arounds (`rg -P`) is timed too, for information;
 *   - peak RSS (GNU `/usr/bin/time -v`, else a `process.resourceUsage().maxRSS` wrapper) on a big
 *     log; target < 200 MB on 2 GB;
 *   - the pre-commit case: 20 small files, wall time of the whole CLI process including Node
 *     start-up (median of 5), next to `node -e 0`; target < 250 ms; plus which packages loaded.
 * Found values are matched against the generator's ledger of planted values (path, line,
 * detector, masked) and printed as recall per detector, for information.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateBigLog, generateCorpus, type Density, generateSmallFiles, GENERATOR_VERSION, PLANTED_DETECTORS, type PlantedCounts, type PlantedDetector } from './bench-corpus.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(REPO, 'bin', 'piaudit.js');
const MB = 1 << 20;

const NO_VALUES: Density = { id: Number.MAX_SAFE_INTEGER, mobile: Number.MAX_SAFE_INTEGER, card: Number.MAX_SAFE_INTEGER };

const TARGET_RATIO = 0.5;
const TARGET_RSS_MB = 200;
const TARGET_PRECOMMIT_MS = 250;
const PRECOMMIT_FILES = 20;
const PRECOMMIT_RUNS = 5;

/** Candidate regexes after reference.md §1.3 (ID), §2.1 (mobile), §3.3 (card). */
const RG_RUST = [
  String.raw`(?:^|[^0-9A-Za-z])[1-9]\d{5}[ -]?(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[ -]?\d{3}[\dXx](?:[^0-9A-Za-z]|$)`,
  String.raw`(?:^|[^0-9])(?:(?:\+|00)86[ -]?)?1(?:3\d|4[579]|5[0-35-9]|6[25-7]|7[0-8]|8\d|9[0-35-9])[ -]?\d{4}[ -]?\d{4}(?:[^0-9]|$)`,
  String.raw`(?:^|[^0-9])(?:62|4|5|35|37|9)\d(?:[ -]?\d){13,17}(?:[^0-9]|$)`,
];
const RG_PCRE = [
  String.raw`(?<![0-9A-Za-z])[1-9]\d{5}[ -]?(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[ -]?\d{3}[\dXx](?![0-9A-Za-z])`,
  String.raw`(?<!\d)(?:(?:\+|00)86[ -]?)?1(?:3\d|4[579]|5[0-35-9]|6[25-7]|7[0-8]|8\d|9[0-35-9])[ -]?\d{4}[ -]?\d{4}(?!\d)`,
  String.raw`(?<!\d)(?:62|4|5|35|37|9)\d(?:[ -]?\d){13,17}(?!\d)`,
];

// ---------------------------------------------------------------------------------------------
// Arguments

const { values: flags } = parseArgs({
  args: process.argv.slice(2),
  options: {
    size: { type: 'string', default: '200' },
    big: { type: 'string', default: '2048' },
    files: { type: 'string', default: '40' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'rss-wrapper': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (flags.help) {
  process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0].replace(/^\/\*\*\n/, '').replace(/^ \* ?/gm, ''));
  process.exit(0);
}
const num = (name: string, v: string, min: number): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) {
    process.stderr.write(`bench: --${name} must be a number >= ${min}\n`);
    process.exit(2);
  }
  return n;
};
const sizeMB = num('size', flags.size!, 1);
const bigMB = num('big', flags.big!, 0);
const nFiles = Math.round(num('files', flags.files!, 1));
const seed = Math.round(num('seed', flags.seed!, 0));
const runs = Math.round(num('runs', flags.runs!, 1));

/** The table goes to stdout, or to stderr when stdout carries the JSON line. */
const out = (s = ''): void => void (flags.json ? process.stderr : process.stdout).write(s + '\n');
const progress = (s: string): void => void process.stderr.write(`  … ${s}\n`);

// ---------------------------------------------------------------------------------------------
// Helpers

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (n: number, d = 1): string => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const onPath = (cmd: string): boolean => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;

function dirBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isFile() ? statSync(path.join(dir, e.name)).size : e.isDirectory() ? dirBytes(path.join(dir, e.name)) : 0;
  return n;
}

/** GNU time with -v and -o (BusyBox and BSD time lack them). */
const GNU_TIME = ((): string | undefined => {
  const t = '/usr/bin/time';
  if (flags['rss-wrapper'] || !existsSync(t)) return undefined;
  const tmp = path.join(os.tmpdir(), `piaudit-bench-timecheck-${process.pid}`);
  const r = spawnSync(t, ['-v', '-o', tmp, 'true'], { stdio: 'ignore' });
  const ok = r.status === 0 && existsSync(tmp) && /Maximum resident set size/.test(readFileSync(tmp, 'utf8'));
  rmSync(tmp, { force: true });
  return ok ? t : undefined;
})();

interface Run {
  ms: number;
  /** Peak RSS in MB, when measured. */
  rssMB?: number;
  /** User + system CPU seconds, when GNU time is there. */
  cpuS?: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

let workDir = '';

/**
 * Runs a command, wall-timed from here. With `measure`, under GNU time -v (peak RSS, CPU time), or
 * for a Node command without GNU time, through a wrapper that reports `process.resourceUsage()`.
 */
function run(cmd: string, args: string[], opts: { measure?: boolean; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  let file = cmd;
  let argv = args;
  const timeOut = path.join(workDir, `time-${process.pid}.txt`);
  const rssOut = path.join(workDir, `rss-${process.pid}.txt`);
  rmSync(timeOut, { force: true });
  rmSync(rssOut, { force: true });
  if (opts.measure && GNU_TIME) {
    file = GNU_TIME;
    argv = ['-v', '-o', timeOut, cmd, ...args];
  } else if (opts.measure && cmd === process.execPath) {
    argv = ['--import', rssWrapper(), ...args];
  }
  const t0 = performance.now();
  const r = spawnSync(file, argv, { cwd: opts.cwd ?? REPO, env: { ...process.env, ...opts.env, PIAUDIT_BENCH_RSS_OUT: rssOut }, encoding: 'utf8', maxBuffer: 64 * MB });
  const ms = performance.now() - t0;
  const res: Run = { ms, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  if (r.error) throw r.error;
  if (opts.measure && GNU_TIME && existsSync(timeOut)) {
    const t = readFileSync(timeOut, 'utf8');
    const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(t);
    const user = /User time \(seconds\): ([\d.]+)/.exec(t);
    const sys = /System time \(seconds\): ([\d.]+)/.exec(t);
    if (kb) res.rssMB = Number(kb[1]) / 1024;
    if (user && sys) res.cpuS = Number(user[1]) + Number(sys[1]);
  } else if (existsSync(rssOut)) {
    const [rssKB, cpuUs] = readFileSync(rssOut, 'utf8').split(' ').map(Number);
    res.rssMB = rssKB / 1024;
    res.cpuS = cpuUs / 1e6;
  }
  return res;
}

/** A Node preload (`--import`) that writes the process's peak RSS (KB) and CPU time (µs) at exit. */
function rssWrapper(): string {
  const f = path.join(workDir, 'rss-wrapper.mjs');
  if (!existsSync(f)) {
    writeFileSync(
      f,
      `import { writeFileSync } from 'node:fs';
process.on('exit', () => {
  const u = process.resourceUsage();
  if (process.env.PIAUDIT_BENCH_RSS_OUT) writeFileSync(process.env.PIAUDIT_BENCH_RSS_OUT, u.maxRSS + ' ' + (u.userCPUTime + u.systemCPUTime));
});
`,
    );
  }
  return pathToFileURL(f).href;
}

// ---------------------------------------------------------------------------------------------
// a. build check

if (!existsSync(path.join(REPO, 'dist', 'cli', 'main.js'))) {
  process.stderr.write('bench: dist/cli/main.js is missing, building (npx tsc -p tsconfig.json)…\n');
  const b = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: REPO, stdio: 'inherit' });
  if (b.status !== 0) {
    process.stderr.write('bench: build failed\n');
    process.exit(2);
  }
}

// ---------------------------------------------------------------------------------------------
// b. corpus (reused when the manifest matches)

interface Manifest {
  generator: number;
  seed: number;
  corpus?: { sizeMB: number; files: number; bytes: number; planted: PlantedCounts; decoys: number };
  clean?: { sizeMB: number; files: number; bytes: number };
  small?: { count: number; bytes: number; planted: PlantedCounts };
  big?: { sizeMB: number; bytes: number; planted: PlantedCounts };
}

workDir = path.join(os.tmpdir(), `piaudit-bench-${seed}`);
const corpusDir = path.join(workDir, 'corpus');
const cleanDir = path.join(workDir, 'clean');
const smallDir = path.join(workDir, 'small');
const bigFile = path.join(workDir, 'big', 'big.log');
const corpusLedger = path.join(workDir, 'corpus-ledger.tsv');
const smallLedger = path.join(workDir, 'small-ledger.tsv');
const outDir = path.join(workDir, 'out');
const manifestFile = path.join(workDir, 'manifest.json');
mkdirSync(outDir, { recursive: true });

let manifest: Manifest = { generator: GENERATOR_VERSION, seed };
try {
  const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  if (m.generator === GENERATOR_VERSION && m.seed === seed) manifest = m;
} catch {
  /* no manifest yet */
}
const saveManifest = (): void => writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));

const cleanup = (): void => {
  if (!flags.keep) rmSync(workDir, { recursive: true, force: true });
};
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

const genNotes: string[] = [];
let corpusReused = true;
if (!(manifest.corpus && manifest.corpus.sizeMB === sizeMB && manifest.corpus.files === nFiles && existsSync(corpusDir) && existsSync(corpusLedger) && dirBytes(corpusDir) === manifest.corpus.bytes)) {
  corpusReused = false;
  rmSync(corpusDir, { recursive: true, force: true });
  progress(`generating a ${sizeMB} MB corpus (${nFiles} files, seed ${seed}) in ${corpusDir}`);
  const t0 = performance.now();
  const c = generateCorpus(corpusDir, { bytes: sizeMB * MB, files: nFiles, seed, ledger: corpusLedger });
  genNotes.push(`corpus generated in ${fmt((performance.now() - t0) / 1000)} s`);
  manifest.corpus = { sizeMB, files: nFiles, bytes: c.bytes, planted: c.planted, decoys: c.decoys };
  saveManifest();
}
// The same generator with no planted values (decoys only): separates the cost of scanning bytes
// from the cost of each finding (analyze, rules, redaction, report).
if (!(manifest.clean && manifest.clean.sizeMB === sizeMB && manifest.clean.files === nFiles && existsSync(cleanDir) && dirBytes(cleanDir) === manifest.clean.bytes)) {
  rmSync(cleanDir, { recursive: true, force: true });
  progress(`generating the ${sizeMB} MB decoy-only corpus in ${cleanDir}`);
  const c = generateCorpus(cleanDir, { bytes: sizeMB * MB, files: nFiles, seed: seed + 1, density: NO_VALUES });
  manifest.clean = { sizeMB, files: nFiles, bytes: c.bytes };
  saveManifest();
}
if (!(manifest.small && manifest.small.count === PRECOMMIT_FILES && existsSync(smallDir) && dirBytes(smallDir) === manifest.small.bytes)) {
  rmSync(smallDir, { recursive: true, force: true });
  const s = generateSmallFiles(smallDir, { count: PRECOMMIT_FILES, seed, ledger: smallLedger });
  manifest.small = { count: PRECOMMIT_FILES, bytes: s.bytes, planted: s.planted };
  saveManifest();
}
let bigReused = true;
if (bigMB > 0 && !(manifest.big && manifest.big.sizeMB === bigMB && existsSync(bigFile) && statSync(bigFile).size === manifest.big.bytes)) {
  bigReused = false;
  rmSync(path.dirname(bigFile), { recursive: true, force: true });
  progress(`generating a ${bigMB} MB log in ${bigFile}`);
  const t0 = performance.now();
  const b = generateBigLog(bigFile, bigMB * MB, seed);
  genNotes.push(`big log generated in ${fmt((performance.now() - t0) / 1000)} s`);
  manifest.big = { sizeMB: bigMB, bytes: b.bytes, planted: b.planted };
  saveManifest();
}
const corpus = manifest.corpus!;

// ---------------------------------------------------------------------------------------------
// Findings vs planted

interface Recall {
  planted: number;
  plantedMasked: number;
  found: number;
  matched: number;
  missed: number;
  /** Findings on no planted value of this detector (false positives or values given to the wrong detector). */
  extra: number;
}

/** Matches report findings to the ledger by (path, line, detector, masked). */
function recall(reportFile: string, ledgerFile: string): Record<PlantedDetector, Recall> & { other: number } {
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { findings: Array<{ detector?: string; masked?: boolean; location: { path: string; line?: number } }> };
  const open = new Map<string, number>();
  const res = { other: 0 } as Record<PlantedDetector, Recall> & { other: number };
  for (const d of PLANTED_DETECTORS) res[d] = { planted: 0, plantedMasked: 0, found: 0, matched: 0, missed: 0, extra: 0 };
  for (const row of readFileSync(ledgerFile, 'utf8').split('\n')) {
    if (!row) continue;
    const [p, line, det, masked] = row.split('\t');
    const k = `${p}\t${line}\t${det}\t${masked}`;
    open.set(k, (open.get(k) ?? 0) + 1);
    const r = res[det as PlantedDetector];
    r.planted++;
    if (masked === 'masked') r.plantedMasked++;
  }
  for (const f of report.findings) {
    const r = res[f.detector as PlantedDetector];
    if (!r) {
      res.other++;
      continue;
    }
    r.found++;
    const k = `${path.resolve(REPO, f.location.path)}\t${f.location.line}\t${f.detector}\t${f.masked ? 'masked' : 'clear'}`;
    const n = open.get(k) ?? 0;
    if (n > 0) {
      open.set(k, n - 1);
      r.matched++;
    } else r.extra++;
  }
  for (const d of PLANTED_DETECTORS) res[d].missed = res[d].planted - res[d].matched;
  return res;
}

/**
 * Counts from a report without parsing it whole: a big log's report passes V8's 512 MB string
 * limit. The report ends with `scan` and `summary` (findings stream first), so the tail is enough.
 */
function countFindings(reportFile: string): { total: number; bytesScanned: number; filesScanned: number } {
  const fd = openSync(reportFile, 'r');
  try {
    const size = fstatSync(fd).size;
    const len = Math.min(size, 4 << 20);
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, size - len);
    const tail = buf.toString('utf8');
    const at = tail.lastIndexOf('\n  "scan": ');
    const r = JSON.parse('{' + tail.slice(at + 1)) as { scan: { bytesScanned: number; filesScanned: number }; summary: { total: number } };
    return { total: r.summary.total, bytesScanned: r.scan.bytesScanned, filesScanned: r.scan.filesScanned };
  } finally {
    closeSync(fd);
  }
}

// ---------------------------------------------------------------------------------------------
// c. piaudit throughput

const scanArgs = (target: string, outFile: string): string[] => [CLI, 'scan', target, '-f', 'json', '-o', outFile, '--fail-on', 'none'];

function timed(label: string, cmd: string, args: (i: number) => string[], n: number, measure = true): Run[] {
  const rs: Run[] = [];
  for (let i = 0; i < n; i++) {
    progress(`${label}: run ${i + 1}/${n}`);
    const r = run(cmd, args(i), { measure });
    if (r.status !== 0 && !(cmd === 'rg' && r.status === 1)) throw new Error(`${label} exited with ${r.status}: ${r.stderr.slice(0, 2000)}`);
    rs.push(r);
  }
  return rs;
}

interface Figure {
  runsMs: number[];
  ms: number;
  mbps: number;
  cpuMbps?: number;
  rssMB?: number;
}
function figure(rs: Run[], bytes: number): Figure {
  const ms = median(rs.map((r) => r.ms));
  const cpu = rs.every((r) => r.cpuS !== undefined) ? median(rs.map((r) => r.cpuS!)) : undefined;
  const rss = rs.every((r) => r.rssMB !== undefined) ? Math.max(...rs.map((r) => r.rssMB!)) : undefined;
  return { runsMs: rs.map((r) => Math.round(r.ms)), ms, mbps: bytes / MB / (ms / 1000), ...(cpu ? { cpuMbps: bytes / MB / cpu } : {}), ...(rss !== undefined ? { rssMB: rss } : {}) };
}

const corpusOut = path.join(outDir, 'corpus.json');
const pia = figure(timed('piaudit on the corpus', process.execPath, () => scanArgs(corpusDir, corpusOut), runs), corpus.bytes);
const corpusCount = countFindings(corpusOut);
const corpusRecall = recall(corpusOut, corpusLedger);
const reportMB = statSync(corpusOut).size / MB;
const cleanOut = path.join(outDir, 'clean.json');
const clean = figure(timed('piaudit on the decoy-only corpus', process.execPath, () => scanArgs(cleanDir, cleanOut), runs), manifest.clean!.bytes);
const cleanFindings = countFindings(cleanOut).total;

// ---------------------------------------------------------------------------------------------
// d. ripgrep

interface RgFigure extends Figure {
  lines: number;
}
let rg: RgFigure | undefined;
let rgP: RgFigure | undefined;
const hasRg = onPath('rg');
if (hasRg) {
  const rgArgs = (pats: string[], pcre: boolean): string[] => ['-j1', '--no-config', ...(pcre ? ['-P'] : []), '--no-filename', '-c', ...pats.flatMap((p) => ['-e', p]), corpusDir];
  const sum = (s: string): number => s.split('\n').reduce((a, l) => a + (Number(l) || 0), 0);
  const rs = timed('rg -j1', 'rg', () => rgArgs(RG_RUST, false), runs);
  rg = { ...figure(rs, corpus.bytes), lines: sum(rs[0].stdout) };
  const pcreOk = spawnSync('rg', ['--pcre2-version'], { stdio: 'ignore' }).status === 0;
  if (pcreOk) {
    const rp = timed('rg -j1 -P', 'rg', () => rgArgs(RG_PCRE, true), runs);
    rgP = { ...figure(rp, corpus.bytes), lines: sum(rp[0].stdout) };
  }
}

// ---------------------------------------------------------------------------------------------
// e. peak RSS on the big log

interface BigFigure extends Figure {
  sizeMB: number;
  findings: number;
  bytesScanned: number;
  reportMB: number;
  status: number | null;
  error?: string;
}
let big: BigFigure | undefined;
if (bigMB > 0) {
  const bigOut = path.join(outDir, 'big.json');
  rmSync(bigOut, { force: true });
  progress(`piaudit on the ${bigMB} MB log`);
  const r = run(process.execPath, scanArgs(bigFile, bigOut), { measure: true });
  const f = figure([r], manifest.big!.bytes);
  let findings = -1;
  let bytesScanned = -1;
  if (r.status === 0 && existsSync(bigOut)) {
    const c = countFindings(bigOut);
    findings = c.total;
    bytesScanned = c.bytesScanned;
  }
  big = { ...f, sizeMB: bigMB, findings, bytesScanned, reportMB: existsSync(bigOut) ? statSync(bigOut).size / MB : 0, status: r.status, ...(r.status !== 0 ? { error: r.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 400) } : {}) };
  rmSync(bigOut, { force: true });
}

// ---------------------------------------------------------------------------------------------
// f. pre-commit case

const smallOut = path.join(outDir, 'small.json');
const small = figure(timed(`piaudit on ${PRECOMMIT_FILES} small files`, process.execPath, () => scanArgs(smallDir, smallOut), PRECOMMIT_RUNS), manifest.small!.bytes);
const smallCpuMs = (manifest.small!.bytes / MB / (small.cpuMbps ?? NaN)) * 1000;
const smallRecall = recall(smallOut, smallLedger);
const nodeStart = figure(timed('node -e 0', process.execPath, () => ['-e', '0'], PRECOMMIT_RUNS), 1);
const cliVersion = figure(timed('piaudit --version', process.execPath, () => [CLI, '--version'], PRECOMMIT_RUNS), 1);
const cpuMs = (f: Figure, bytes: number): string => (f.cpuMbps ? `${fmt((bytes / MB / f.cpuMbps) * 1000, 0)} ms CPU` : '');

/** Which files the CLI imports for plain text (ESM resolve hook; CJS internals of a package are not listed). */
function loadedModules(): { files: number; packages: string[] } {
  const hooks = path.join(workDir, 'trace-hooks.mjs');
  const register = path.join(workDir, 'trace-register.mjs');
  const list = path.join(workDir, 'trace.txt');
  writeFileSync(hooks, `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) {\n  const r = await next(s, c);\n  if (process.env.PIAUDIT_BENCH_TRACE) appendFileSync(process.env.PIAUDIT_BENCH_TRACE, r.url + '\\n');\n  return r;\n}\n`);
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  rmSync(list, { force: true });
  run(process.execPath, ['--import', pathToFileURL(register).href, ...scanArgs(smallDir, smallOut)], { env: { PIAUDIT_BENCH_TRACE: list } });
  const urls = existsSync(list) ? [...new Set(readFileSync(list, 'utf8').split('\n').filter((u) => u.startsWith('file:')))] : [];
  const pkgs = new Set<string>();
  for (const u of urls) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
    if (m) pkgs.add(m[1]);
  }
  return { files: urls.length, packages: [...pkgs].sort() };
}
progress('tracing the modules the CLI loads');
const modules = loadedModules();
const HEAVY = ['pdfjs-dist', 'tesseract.js', '@napi-rs/canvas', 'better-sqlite3', 'sql.js', 'node-sqlite3-wasm'];
const heavyLoaded = modules.packages.filter((p) => HEAVY.some((h) => p === h || p.startsWith(h + '/')));

// ---------------------------------------------------------------------------------------------
// CPU profile (--profile)

interface ProfileRow {
  selfMs: number;
  pct: number;
  name: string;
  where: string;
}
let profile: { totalMs: number; functions: ProfileRow[]; files: ProfileRow[]; areas: ProfileRow[] } | undefined;
if (flags.profile) {
  const profDir = path.join(workDir, 'prof');
  rmSync(profDir, { recursive: true, force: true });
  progress('CPU profile of one corpus scan');
  run(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, ...scanArgs(corpusDir, path.join(outDir, 'prof.json'))]);
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (file) profile = summariseProfile(JSON.parse(readFileSync(path.join(profDir, file), 'utf8')));
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}
function summariseProfile(p: CpuProfile): { totalMs: number; functions: ProfileRow[]; files: ProfileRow[]; areas: ProfileRow[] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const files = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  const short = (url: string): string => url.replace(pathToFileURL(REPO).href + '/', '').replace(/^node:/, 'node:') || '(native)';
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]);
    const dt = p.timeDeltas[i] ?? 0;
    if (!n) continue;
    total += dt;
    const cf = n.callFrame;
    const k = `${cf.functionName || '(anonymous)'}\t${short(cf.url)}${cf.url ? ':' + (cf.lineNumber + 1) : ''}`;
    fn.set(k, (fn.get(k) ?? 0) + dt);
    const f = short(cf.url);
    files.set(f, (files.get(f) ?? 0) + dt);
    const a = area(cf.functionName, f);
    areas.set(a, (areas.get(a) ?? 0) + dt);
  }
  const rows = (m: Map<string, number>, n: number): ProfileRow[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => {
        const [name, where] = k.includes('\t') ? k.split('\t') : [k, ''];
        return { selfMs: Math.round(v / 1000), pct: Math.round((1000 * v) / total) / 10, name, where };
      });
  return { totalMs: Math.round(total / 1000), functions: rows(fn, 20), files: rows(files, 12), areas: rows(areas, 12) };
}

/** Pipeline stage of a profile entry: dist/<stage>/…, Node internals, GC, idle. */
function area(fnName: string, file: string): string {
  if (fnName === '(garbage collector)') return 'GC';
  if (fnName === '(idle)' || fnName === '(program)') return '(idle/program)';
  const m = /^dist\/([^/]+)\//.exec(file);
  if (m) return `dist/${m[1]}/`;
  if (file.startsWith('dist/')) return file;
  if (file.includes('node_modules/')) return 'node_modules';
  if (file.startsWith('node:')) return 'node internals';
  return '(native: read, indexOf, toString, …)';
}

// ---------------------------------------------------------------------------------------------
// g. report

const ratio = rg ? pia.mbps / rg.mbps : undefined;
const ok = (b: boolean): string => (b ? 'OK' : 'MISS');
const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const rssTxt = (x?: number): string => (x === undefined ? 'n/a' : `${fmt(x, 0)} MB`);
const cpuTxt = (f: Figure): string => (f.cpuMbps ? fmt(f.cpuMbps) : 'n/a');

out(`piaudit bench: seed ${seed}, Node ${process.version}, ${os.cpus().length} CPUs, ${os.loadavg()[0].toFixed(2)} load; 1 MB = 2^20 bytes; medians of ${runs} runs (pre-commit: ${PRECOMMIT_RUNS})`);
out(`peak RSS by ${GNU_TIME ? 'GNU time -v' : 'process.resourceUsage() wrapper'}; work folder ${workDir}${flags.keep ? ' (kept)' : ' (removed at exit; --keep to reuse)'}`);
out(`corpus: ${fmt(corpus.bytes / MB)} MB in ${corpus.files} files (app JSON, nginx access, Java traces, CSV)${corpusReused ? ', reused' : ''}; ${corpus.decoys.toLocaleString('en-US')} tricky decoys`);
if (genNotes.length) out(`        ${genNotes.join('; ')}`);
out();
out(`THROUGHPUT, one thread, all detectors      wall       MB/s   MB/s of CPU time  peak RSS`);
const line = (label: string, f: Figure): void => out(`  ${pad(label, 40)} ${lpad(fmt(f.ms / 1000, 2) + ' s', 8)} ${lpad(fmt(f.mbps), 9)}  ${lpad(cpuTxt(f), 16)}  ${lpad(rssTxt(f.rssMB), 8)}`);
line('piaudit scan -f json', pia);
line('piaudit, decoys only (no planted values)', clean);
if (rg) {
  line('rg -j1 -c (Rust regex, no look-behind)', rg);
  if (rgP) line('rg -j1 -P -c (PCRE2, look-arounds)', rgP);
  out(`  ${pad('ratio piaudit / rg -j1', 40)} ${lpad(fmt(ratio!, 2) + 'x', 8)}            target >= ${TARGET_RATIO}x (aim 1.0x)   ${ok(ratio! >= TARGET_RATIO)}`);
  out(`  (rg matched lines: ${rg.lines.toLocaleString('en-US')}${rgP ? `, -P: ${rgP.lines.toLocaleString('en-US')}` : ''}; piaudit findings: ${corpusCount.total.toLocaleString('en-US')}, report ${fmt(reportMB)} MB; decoy-only corpus: ${cleanFindings} findings)`);
} else {
  out('  rg not installed (apt-get install ripgrep): no reference figure, no ratio');
}
out(`  piaudit runs (ms): ${pia.runsMs.join(', ')}${rg ? `; rg: ${rg.runsMs.join(', ')}` : ''}`);
if (corpusCount.bytesScanned !== corpus.bytes) out(`  NOTE: piaudit reported ${corpusCount.bytesScanned} bytes scanned, the corpus has ${corpus.bytes}`);
out();
if (big) {
  out(`PEAK RSS on one ${fmt(big.sizeMB, 0)} MB log${bigReused ? ' (reused)' : ''}`);
  out(`  ${pad('piaudit scan -f json', 40)} ${lpad(fmt(big.ms / 1000, 1) + ' s', 8)} ${lpad(fmt(big.mbps), 9)}  ${lpad(cpuTxt(big), 16)}  ${lpad(rssTxt(big.rssMB), 8)}   target < ${TARGET_RSS_MB} MB  ${big.rssMB !== undefined ? ok(big.rssMB < TARGET_RSS_MB) : ''}`);
  out(`  findings ${big.findings.toLocaleString('en-US')}, report ${fmt(big.reportMB)} MB${big.status !== 0 ? `; EXIT ${big.status}: ${big.error}` : ''}`);
  out();
} else out('PEAK RSS: skipped (--big 0)\n');
out(`PRE-COMMIT: ${PRECOMMIT_FILES} files, ${fmt(manifest.small!.bytes / 1024, 0)} KB, whole process incl. Node start-up`);
out(`  ${pad('piaudit scan (20 files)', 40)} ${lpad(fmt(small.ms, 0) + ' ms', 8)} wall, ${lpad(cpuMs(small, manifest.small!.bytes), 12)}, ${rssTxt(small.rssMB)}   target < ${TARGET_PRECOMMIT_MS} ms  ${ok(small.ms < TARGET_PRECOMMIT_MS)}   runs: ${small.runsMs.join(', ')}`);
out(`  ${pad('node -e 0', 40)} ${lpad(fmt(nodeStart.ms, 0) + ' ms', 8)} wall, ${lpad(cpuMs(nodeStart, 1), 12)}`);
out(`  ${pad('piaudit --version', 40)} ${lpad(fmt(cliVersion.ms, 0) + ' ms', 8)} wall, ${lpad(cpuMs(cliVersion, 1), 12)}`);
out(`  (${GNU_TIME ? 'wall includes the GNU time wrapper, ~1 ms' : 'wall includes the --import RSS wrapper'}; on a loaded box compare with node -e 0)`);
out(`  modules imported: ${modules.files} files; packages: ${modules.packages.join(', ') || 'none'}; heavy (pdfjs, tesseract, canvas, sqlite): ${heavyLoaded.join(', ') || 'none'}`);
out();
out(`FOUND vs PLANTED (corpus; matched by file, line, detector and masked/clear; information only)`);
out(`  detector      planted (masked)    found   matched   recall   missed   extra`);
for (const d of PLANTED_DETECTORS) {
  const r = corpusRecall[d];
  out(`  ${pad(d, 12)} ${lpad(r.planted.toLocaleString('en-US'), 8)} (${lpad(r.plantedMasked.toLocaleString('en-US'), 6)}) ${lpad(r.found.toLocaleString('en-US'), 8)} ${lpad(r.matched.toLocaleString('en-US'), 9)} ${lpad(fmt((100 * r.matched) / Math.max(1, r.planted)) + '%', 8)} ${lpad(r.missed.toLocaleString('en-US'), 8)} ${lpad(r.extra.toLocaleString('en-US'), 7)}`);
}
if (corpusRecall.other) out(`  other detectors: ${corpusRecall.other}`);
const sm = PLANTED_DETECTORS.map((d) => `${d} ${smallRecall[d].matched}/${smallRecall[d].planted}`).join(', ');
out(`  pre-commit files: ${sm}`);
if (profile) {
  out();
  out(`CPU PROFILE of one corpus scan (node --cpu-prof), ${fmt(profile.totalMs / 1000, 2)} s sampled; top self time`);
  for (const r of profile.functions) out(`  ${lpad(String(r.selfMs), 6)} ms ${lpad(fmt(r.pct) + '%', 6)}  ${pad(r.name, 28)} ${r.where}`);
  out('  by file:');
  for (const r of profile.files) out(`  ${lpad(String(r.selfMs), 6)} ms ${lpad(fmt(r.pct) + '%', 6)}  ${r.name}`);
  out('  by stage:');
  for (const r of profile.areas) out(`  ${lpad(String(r.selfMs), 6)} ms ${lpad(fmt(r.pct) + '%', 6)}  ${r.name}`);
}

if (flags.json) {
  const json = {
    seed,
    node: process.version,
    cpus: os.cpus().length,
    mb: MB,
    corpus: { bytes: corpus.bytes, files: corpus.files, planted: corpus.planted, reused: corpusReused },
    piaudit: { ...pia, findings: corpusCount.total, reportMB },
    piauditNoValues: { ...clean, findings: cleanFindings },
    rg: rg ?? null,
    rgPcre: rgP ?? null,
    ratio: ratio ?? null,
    big: big ?? null,
    precommit: { files: PRECOMMIT_FILES, bytes: manifest.small!.bytes, ms: small.ms, cpuMs: smallCpuMs, rssMB: small.rssMB ?? null, runsMs: small.runsMs, nodeStartMs: nodeStart.ms, versionMs: cliVersion.ms, modules },
    recall: corpusRecall,
    targets: {
      ratio: { min: TARGET_RATIO, met: ratio === undefined ? null : ratio >= TARGET_RATIO },
      rssMB: { max: TARGET_RSS_MB, met: big?.rssMB === undefined ? null : big.rssMB < TARGET_RSS_MB },
      precommitMs: { max: TARGET_PRECOMMIT_MS, met: small.ms < TARGET_PRECOMMIT_MS },
    },
    ...(profile ? { profile } : {}),
  };
  process.stdout.write(JSON.stringify(json) + '\n');
}
