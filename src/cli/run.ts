import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import type { Severity } from '../model/severity.js';
import { isSeverity, severityRank, SEVERITIES } from '../model/severity.js';
import { ProgressLine } from './progress.js';
import { loadKey } from '../config/key.js';
import type { ReportFinding } from '../model/finding.js';
import { FatalError } from '../model/errors.js';
import { RULE_IDS, type RuleId } from '../model/ids.js';
import { langFromEnv, parseDate, parseSize, type Lang, type ScanOptions } from '../config/options.js';
import { displayPath, resolveConfig, searchStart, type ConfigChoice } from '../config/file.js';
import { mergeSettings, scanOptionsOf } from '../config/merge.js';
import type { ConfigKey, ConfigSettings } from '../config/settings.js';
import type { DetectorId } from '../model/ids.js';
import { scan } from '../pipeline.js';
import type { TextSink } from '../reports/sink.js';
import { createWriter, FORMATS, renderExplain, renderRuleList, type FormatName, type ReportWriter } from '../reports/index.js';

/** A baseline filter, warning when the baseline was written under another fingerprint key. */
async function loadBaselineFilter(file: string, io: RunIO, warnings: string[]) {
  const { BaselineFilter, keyCheckOf, loadBaseline } = await import('../postprocess/baseline.js');
  const filter = new BaselineFilter(await loadBaseline(file));
  if (filter.keyMismatch(keyCheckOf(loadKey(io.env).key))) warnings.push(`the baseline ${file} was written with another fingerprint key (PIAUDIT_KEY): its entries cannot match`);
  return filter;
}

/** File extensions of the report formats in an --output-dir. */
const REPORT_EXTENSIONS: Record<FormatName, string> = { terminal: 'txt', json: 'json', sarif: 'sarif', csv: 'csv', html: 'html' };
import { getArticle, getRule, loadRules } from '../rules/load.js';
import { DETECTOR_IDS } from '../model/ids.js';
import { TOOL_VERSION } from '../util/version.js';

/** What `run` writes to and reads from; tests pass their own (style.md practice 10). */
export interface RunIO {
  /** Report text (and, optionally, bytes: see TextSink). */
  stdout: TextSink;
  stderr: (s: string) => void;
  /** Is stdout a terminal (colour, and the default terminal format)? */
  isTTY: boolean;
  /** Is stderr a terminal (the progress line), and how wide? */
  stderrColumns?: number;
  env: NodeJS.ProcessEnv;
  cwd: string;
  signal?: AbortSignal;
}

interface ScanFlags {
  format: string;
  output?: string;
  outputDir?: string;
  staged: boolean;
  webRoot: string[];
  retention: boolean;
  baseline?: string;
  writeBaseline?: string;
  failOn: string;
  minSeverity: string;
  include: string[];
  exclude: string[];
  maxFileSize?: string;
  ignore: boolean;
  defaultExcludes: boolean;
  ocr: boolean;
  cache: boolean;
  db: string[];
  schema: string[];
  sample: string;
  full: boolean;
  maskThreshold: string;
  fileTimeout?: string;
  asOf?: string;
  detectors?: string;
  lang?: string;
  color: boolean;
  verbose: boolean;
  quiet: boolean;
  /** `--config FILE`, or false for `--no-config`. */
  config?: string | false;
}

/** The scan flag (commander's attribute name) behind each config key; rules and retention have none. */
const FLAG_OF: Record<ConfigKey, keyof ScanFlags | undefined> = {
  include: 'include', exclude: 'exclude', maxFileSize: 'maxFileSize', ignoreFiles: 'ignore', defaultExcludes: 'defaultExcludes',
  failOn: 'failOn', minSeverity: 'minSeverity', maskThreshold: 'maskThreshold', detectors: 'detectors', lang: 'lang',
  webRoots: 'webRoot', ocr: 'ocr', cache: 'cache', databases: 'db', schemas: 'schema', sample: 'sample', full: 'full',
  baseline: 'baseline', fileTimeout: 'fileTimeout', rules: undefined, retention: undefined,
};

const collect = (v: string, prev: string[]): string[] => [...prev, v];

/**
 * Parses arguments, runs the pipeline, renders, and returns the exit code: 0 nothing at or above
 * --fail-on, 1 something is, 2 bad arguments or nothing could be read. Never calls process.exit.
 */
export async function run(argv: string[], io: RunIO): Promise<number> {
  let exitCode = 0;
  const program = new Command('piaudit')
    .description('Find Chinese personal information (ID numbers, mobiles, bank cards…) in files and logs, and judge its masking against Civil Code Arts. 1034–1035 and the PIPL.')
    .version(TOOL_VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run piaudit --help for usage)');

  program
    .command('scan')
    .description('scan files, directories, globs, or - (stdin)')
    .argument('[paths...]', 'what to scan (default: the current folder, unless only --db is given)')
    .addOption(new Option('-f, --format <names>', `report format, or several comma-separated with --output-dir: ${Object.keys(FORMATS).join(', ')}`).default('terminal'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--output-dir <dir>', 'write one report file per format into DIR (piaudit-report.json, .html, .sarif, .csv, .txt)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity, or none').default('low'))
    .addOption(new Option('--min-severity <severity>', 'leave findings below this severity out of the report').default('info'))
    .option('--include <glob>', 'scan only files matching (repeatable)', collect, [])
    .option('--exclude <glob>', 'skip files and directories matching (repeatable)', collect, [])
    .option('--max-file-size <size>', 'skip files larger than this (e.g. 50M); default: no limit')
    .option('--no-ignore', 'do not honour .gitignore and .piauditignore')
    .option('--no-default-excludes', 'also scan .git and node_modules')
    .option('--db <url>', 'scan a MySQL/MariaDB or PostgreSQL server: mysql://user@host:3306/db, postgres://user@host/db (repeatable; password from the URL, PIAUDIT_DB_PASSWORD, MYSQL_PWD/PGPASSWORD, or a prompt; always redacted in output)', collect, [])
    .option('--schema <name>', 'with --db: only this database/schema (repeatable)', collect, [])
    .option('--sample <rows>', 'with --db: rows read per table, the same rows every run', '1000')
    .option('--full', 'with --db: read every row instead of a sample', false)
    .option('--no-ocr', 'do not OCR images and scanned PDF pages (they are listed as skipped)')
    .option('--no-cache', "do not reuse or store results of unchanged images and PDFs (cache: the user's cache folder)")
    .addOption(new Option('--mask-threshold <n>', 'masked values leaving fewer real candidates than this are weak').default('10000'))
    .option('--file-timeout <seconds>', 'stop reading one file after this long (an error entry says so); default: no limit')
    .option('--as-of <date>', 'reference date YYYY-MM-DD for ages and birth dates (default today)')
    .option('--detectors <ids>', `comma-separated detector ids (default all): ${DETECTOR_IDS.join(', ')}`)
    .addOption(new Option('--lang <lang>', 'language of messages').choices(['zh', 'en']))
    .option('--no-color', 'no colour in the terminal report')
    .option('-v, --verbose', 'list info findings too', false)
    .option('-q, --quiet', 'print nothing but errors; the exit code tells', false)
    .option('--web-root <path>', 'also treat this folder as served by a web server (exposed-permissions; repeatable; /var/www/, /public/, /uploads/… are built in)', collect, [])
    .option('--no-retention', 'do not judge how long personal information is kept (retention-expired)')
    .option('--staged', 'scan the staged content of a git commit (the index, not the working tree): the pre-commit hook', false)
    .option('--baseline <file>', 'leave out findings already in this baseline (only new findings count); stale entries are reported')
    .option('--write-baseline <file>', 'write every finding of this scan to a baseline file (fingerprints, rules and paths; no values)')
    .option('--config <file>', 'use this config file instead of looking for piaudit.config.json in the scanned folder and its parents')
    .option('--no-config', 'ignore any piaudit.config.json')
    .action(async (paths: string[], flags: ScanFlags, cmd: Command) => {
      // Only flags the user typed beat the config file; commander's defaults do not.
      const given = (key: ConfigKey): boolean => {
        const flag = FLAG_OF[key];
        return flag !== undefined && cmd.getOptionValueSource(flag) === 'cli';
      };
      exitCode = await scanCommand(paths, flags, io, given);
    });

  program
    .command('init')
    .description('write a commented piaudit.config.json with every setting at its default into DIR (default: the current folder)')
    .argument('[dir]', 'the project folder', '.')
    .option('--force', 'overwrite an existing piaudit.config.json', false)
    .action(async (dir: string, flags: { force: boolean }) => {
      const { initConfig } = await import('./init.js');
      const file = initConfig(path.resolve(io.cwd, dir), { force: flags.force });
      io.stdout(`piaudit: wrote ${displayPath(file, io.cwd)}\n`);
    });

  const hook = program.command('hook').description('manage the git pre-commit hook that runs `piaudit scan --staged`');
  hook
    .command('install')
    .description('write .git/hooks/pre-commit (an existing hook is kept as pre-commit.local and runs first)')
    .option('--force', 'replace a hook kept earlier (it is saved as pre-commit.piaudit-backup)', false)
    .action(async (flags: { force: boolean }) => {
      const { installHook } = await import('./hook.js');
      const r = await installHook(io.cwd, { force: flags.force, env: io.env });
      const what = { installed: 'installed', chained: 'installed; your existing hook was kept as pre-commit.local and runs first', updated: 'updated', unchanged: 'already installed' }[r.action];
      io.stdout(`piaudit: pre-commit hook ${what}: ${r.path}\n`);
    });
  hook
    .command('uninstall')
    .description('remove the hook (a hook kept as pre-commit.local is put back)')
    .action(async () => {
      const { uninstallHook } = await import('./hook.js');
      const r = await uninstallHook(io.cwd, { env: io.env });
      const what = { removed: 'removed', restored: 'removed; your earlier hook was put back', 'not-installed': 'was not installed' }[r.action];
      io.stdout(`piaudit: pre-commit hook ${what}: ${r.path}\n`);
    });

  program
    .command('rules')
    .description('list the rules with their severities')
    .action(() => {
      io.stdout(renderRuleList(loadRules()));
    });

  program
    .command('explain')
    .description('print a rule with the text of the articles it cites')
    .argument('<rule>', `one of ${RULE_IDS.join(', ')}`)
    .action((id: string) => {
      if (!(RULE_IDS as readonly string[]).includes(id)) throw new FatalError(`unknown rule "${id}"; piaudit rules lists them`);
      const rule = getRule(id as RuleId);
      const articles = rule.articles.map((a) => getArticle(a)).filter((a) => a !== undefined);
      io.stdout(renderExplain(rule, articles));
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof FatalError) {
      // A config file can have several problems, one per line.
      io.stderr(e.message.split('\n').map((line) => `piaudit: ${line}\n`).join(''));
      return 2;
    }
    io.stderr(`piaudit: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 2;
  }
}

function parseSeverity(name: string, flag: string, allowNone: boolean): Severity | 'none' {
  if (allowNone && name === 'none') return 'none';
  if (!isSeverity(name)) throw new FatalError(`${flag} must be one of ${SEVERITIES.join(', ')}${allowNone ? ', none' : ''}`);
  return name;
}

async function scanCommand(paths: string[], f: ScanFlags, io: RunIO, given: (key: ConfigKey) => boolean): Promise<number> {
  const formats = f.format.split(',').map((x) => x.trim()).filter(Boolean) as FormatName[];
  for (const x of formats) if (!Object.hasOwn(FORMATS, x)) throw new FatalError(`unknown format "${x}"; one of ${Object.keys(FORMATS).join(', ')}`);
  if (formats.length === 0) throw new FatalError('--format needs a format name');
  if (formats.length > 1 && !f.outputDir) throw new FatalError('several formats need --output-dir DIR (one file per format)');
  if (f.outputDir && f.output) throw new FatalError('use either -o FILE or --output-dir DIR');
  // `piaudit scan --db …` alone scans the database only, not the current folder.
  if (f.staged && (paths.length || f.db.length)) throw new FatalError('--staged scans the commit being made: give no paths and no --db with it');
  const pathsGiven = paths.length > 0;
  if (!pathsGiven && f.db.length === 0 && !f.staged) paths = ['.'];
  const flagSettings = settingsFromFlags(f, io.cwd);
  // The config is looked for from the scanned folder (the repository's top level for --staged).
  const topLevel = f.staged ? await stagedTopLevel(io) : undefined;
  const choice: ConfigChoice =
    f.config === false ? { none: true } : typeof f.config === 'string' ? { file: f.config } : { searchFrom: topLevel?.top ?? searchStart(paths[0], io.cwd) };
  const config = await resolveConfig(choice, { cwd: io.cwd, home: io.env.HOME });
  if (config && f.verbose && !f.quiet) io.stderr(`piaudit: using ${displayPath(config.file, io.cwd)}\n`);
  const merged = mergeSettings(flagSettings, given, config?.settings);
  const s = merged.settings;
  // Databases listed in the config alone, like `--db` alone, scan the databases only.
  if (!pathsGiven && !f.staged && (s.databases?.length ?? 0) > 0) paths = [];
  const failOn = s.failOn ?? 'low';
  const warnings: string[] = [];
  const opts: ScanOptions = {
    paths,
    cwd: io.cwd,
    ...scanOptionsOf(merged, config),
    asOf: f.asOf ? parseDate(f.asOf) : undefined,
    lang: s.lang ?? langFromEnv(io.env),
    signal: io.signal,
    askPassword: io.isTTY ? async (label) => (await import('../sources/database/url.js')).promptPassword(label) : undefined,
    onWarning: (w) => warnings.push(w),
  };
  // The policy itself comes from the config file's `retention` key; the flag only turns it off.
  if (!f.retention) opts.retention = { ...opts.retention, enabled: false };
  if (f.staged) {
    // A pre-commit scan never connects to the servers a config file lists.
    opts.databases = [];
    const { stagedSources } = await import('../sources/git-staged.js');
    try {
      opts.sources = await stagedSources(io.cwd, {
        maxFileSize: opts.maxFileSize,
        ignoreFiles: opts.ignoreFiles,
        env: io.env,
        // git's own answer when it was asked already; else it comes with the diff, in parallel.
        topLevel: topLevel?.fromGit ? topLevel.top : undefined,
        include: opts.include,
        exclude: opts.exclude,
        includeBase: opts.includeBase,
        excludeBase: opts.excludeBase,
      });
    } catch (e) {
      throw new FatalError((e as Error).message);
    }
  }
  // A flag's baseline is relative to the working folder (a config's to its own folder, resolved in merge).
  const baselineFilter = s.baseline ? await loadBaselineFilter(path.resolve(io.cwd, s.baseline), io, warnings) : undefined;
  if (baselineFilter) opts.baseline = baselineFilter;
  const everything: ReportFinding[] | undefined = f.writeBaseline ? [] : undefined;
  const progress = io.stderrColumns && !f.quiet ? new ProgressLine(io.stderr, io.stderrColumns) : undefined;
  if (progress) opts.onProgress = (p) => progress.update(p);
  // The report streams out while the scan runs (bounded memory whatever the number of findings).
  // Several formats at once (`-f html,json --output-dir out/`) each get their own file.
  const tool = { name: 'piaudit' as const, version: TOOL_VERSION };
  const terminalOpts = (color: boolean) => ({ color, verbose: f.verbose, perFile: f.verbose ? Infinity : 50 });
  const fds: number[] = [];
  const openReport = (file: string): ((s: string) => void) => {
    try {
      const fd = openSync(file, 'w', 0o600);
      fds.push(fd);
      // Bytes as well as text (see TextSink): the writer encodes pieces into one reused buffer.
      return Object.assign((s: string) => void writeSync(fd, s), { bytes: (b: Uint8Array) => writeAllSync(fd, b) });
    } catch (e) {
      throw new FatalError(`cannot write the report to ${file}: ${(e as Error).message}`);
    }
  };
  const writers: ReportWriter[] = [];
  try {
    if (formats.length > 1 || f.outputDir) {
      const dir = f.outputDir!;
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
      } catch (e) {
        throw new FatalError(`cannot create the report folder ${dir}: ${(e as Error).message}`);
      }
      for (const format of formats) writers.push(await createWriter(format, openReport(path.join(dir, `piaudit-report.${REPORT_EXTENSIONS[format]}`)), tool, terminalOpts(false), opts.lang));
    } else {
      const color = f.color && io.isTTY && !io.env.NO_COLOR && !f.output;
      const write = f.output ? openReport(f.output) : f.quiet ? () => {} : io.stdout;
      writers.push(await createWriter(formats[0], write, tool, terminalOpts(color), opts.lang));
    }
  } catch (e) {
    for (const fd of fds) closeSync(fd);
    throw e;
  }
  let result: Awaited<ReturnType<typeof scan>>;
  try {
    result = await scan(opts, (x) => {
      everything?.push(x);
      for (const w of writers) w.add(x);
    });
    progress?.done();
    for (const w of writers) w.end(result.report);
  } finally {
    progress?.done();
    for (const fd of fds) closeSync(fd);
  }
  const { report, anyRootReadable } = result;
  if (everything) {
    const { writeBaseline, keyCheckOf } = await import('../postprocess/baseline.js');
    await writeBaseline(everything, f.writeBaseline!, { keyCheck: keyCheckOf(opts.key ?? loadKey(io.env).key) });
    io.stderr(`piaudit: baseline of ${everything.length} finding(s) written to ${f.writeBaseline}\n`);
  }
  if (baselineFilter) {
    const inScope = opts.sources ? new Set(opts.sources.refs.map((r) => r.path)) : undefined;
    const stale = baselineFilter.stale(inScope ? (p: string) => inScope.has(p.split('!')[0]) : undefined);
    if (stale.length) {
      io.stderr(`piaudit: ${stale.length} baseline entr${stale.length === 1 ? 'y is' : 'ies are'} stale (fixed or moved); refresh with --write-baseline\n`);
      for (const e of stale.slice(0, 20)) io.stderr(`  ${e.rule} ${e.path}\n`);
    }
  }
  for (const w of warnings) io.stderr(`piaudit: warning: ${w}\n`);
  const { errors } = report.scan;
  if (errors.length && (f.quiet || f.format !== 'terminal' || f.output)) {
    io.stderr(`piaudit: ${errors.length} source(s) could not be read completely:\n`);
    for (const e of errors.slice(0, 20)) io.stderr(`  ${e.path}: ${e.message}\n`);
  }
  if (!anyRootReadable) {
    io.stderr('piaudit: nothing could be scanned (no path exists or is readable)\n');
    return 2;
  }
  if (failOn === 'none') return 0;
  const floor = severityRank(failOn);
  return SEVERITIES.some((s) => severityRank(s) >= floor && (report.summary.bySeverity[s] ?? 0) > 0) ? 1 : 0;
}

/**
 * The scan flags as settings (the config file's shape), commander's defaults included, each
 * checked with the flag's own message. Paths are resolved against the working folder here, as a
 * config file's are against its own folder.
 */
function settingsFromFlags(f: ScanFlags, cwd: string): ConfigSettings {
  const maskThreshold = Number(f.maskThreshold);
  if (!Number.isInteger(maskThreshold) || maskThreshold < 1) throw new FatalError('--mask-threshold must be a positive integer');
  const fileTimeout = f.fileTimeout === undefined ? undefined : Number(f.fileTimeout);
  if (fileTimeout !== undefined && !(fileTimeout > 0)) throw new FatalError('--file-timeout must be a positive number of seconds');
  const detectors = f.detectors?.split(',').map((x) => x.trim()).filter(Boolean);
  for (const d of detectors ?? []) if (!(DETECTOR_IDS as readonly string[]).includes(d)) throw new FatalError(`unknown detector "${d}"`);
  const sample = Number(f.sample);
  if (!Number.isInteger(sample) || sample < 1) throw new FatalError('--sample must be a positive number of rows');
  return {
    include: f.include,
    exclude: f.exclude,
    maxFileSize: f.maxFileSize ? parseSize(f.maxFileSize) : undefined,
    ignoreFiles: f.ignore,
    defaultExcludes: f.defaultExcludes,
    failOn: parseSeverity(f.failOn, '--fail-on', true),
    minSeverity: parseSeverity(f.minSeverity, '--min-severity', false) as Severity,
    maskThreshold,
    detectors: detectors?.length ? (detectors as DetectorId[]) : undefined,
    lang: f.lang as Lang | undefined,
    webRoots: f.webRoot.map((r) => (path.resolve(cwd, r) + '/').replace(/\/+$/, '/')),
    ocr: f.ocr,
    cache: f.cache,
    databases: f.db,
    schemas: f.schema,
    sample,
    full: f.full,
    baseline: f.baseline,
    fileTimeout,
  };
}

/** Where a staged scan looks for its config: the repository's top level (seen without git when it can be). */
async function stagedTopLevel(io: RunIO): Promise<{ top: string; fromGit: boolean }> {
  const { gitTopLevel, workTreeTopNear } = await import('../sources/git-staged.js');
  const seen = workTreeTopNear(io.cwd, io.env);
  if (seen) return { top: seen, fromGit: false };
  try {
    return { top: await gitTopLevel(io.cwd, io.env), fromGit: true };
  } catch (e) {
    throw new FatalError((e as Error).message);
  }
}

/** Writes all of `b` (a write may take less than it was given). */
function writeAllSync(fd: number, b: Uint8Array): void {
  for (let off = 0; off < b.length; ) off += writeSync(fd, b, off, b.length - off);
}
