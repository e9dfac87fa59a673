import { lstat, opendir, readFile, realpath, stat } from 'node:fs/promises';
import { existsSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Ignore } from 'ignore';
import type { SourceRef } from '../model/source.js';
import { globForRelative } from '../util/globs.js';

/**
 * The walker (style.md practice 11, after ripgrep's `ignore` crate): expands user globs with
 * fast-glob, walks directories with opendir/lstat, honours .gitignore and .piauditignore per
 * directory, never follows a symlink out of its root, never opens FIFOs, sockets or devices (they
 * would hang or never end), skips /proc, /sys and /dev, and reports every skipped path with a
 * reason. Per-entry failures become events; nothing here throws for one bad path.
 */

export interface WalkOptions {
  roots: string[];
  cwd: string;
  include: string[];
  exclude: string[];
  /** Folder the include globs are relative to (a config file's); default: each root. */
  includeBase?: string;
  /** Folder the exclude globs are relative to (a config file's); default: each root. */
  excludeBase?: string;
  /** Files larger than this are skipped with a reason; undefined = no cap (logs are streamed). */
  maxFileSize?: number;
  /** Honour .gitignore and .piauditignore (default true; `--no-ignore` turns it off). */
  ignoreFiles: boolean;
  /** Skip .git and node_modules directories (default true). */
  defaultExcludes: boolean;
  signal?: AbortSignal;
}

export type WalkEvent =
  | { type: 'file'; ref: SourceRef; /** Given on the command line: readable only once read. */ root?: boolean }
  | { type: 'skip'; path: string; reason: string }
  | { type: 'error'; path: string; message: string };

export interface WalkStats {
  /** Paths hidden by ignore files: the summary says it loudly. */
  ignoredByFiles: number;
  /** Directories skipped by the default excludes (.git, node_modules). */
  defaultExcluded: number;
  /** Roots that could be read: a directory once listed, a file or stdin once the reader counts it. */
  readableRoots: number;
}

const IGNORE_FILES = ['.gitignore', '.piauditignore'];
const DEFAULT_EXCLUDED_DIRS = new Set(['.git', 'node_modules']);
const VIRTUAL_FS = new Set(['/proc', '/sys', '/dev']);

/** fs error → short human text: `EACCES: permission denied`. */
export function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code && typeof err.message === 'string') return err.message.replace(/, \w+ '.*'$/, '').replace(/^(\w+): /, '$1: ');
  return String((e as Error)?.message ?? e);
}

function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel;
}

function specialKind(st: Stats): string | undefined {
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  return undefined;
}

function sourceKind(p: string): SourceRef['kind'] {
  if (/\.gz$/i.test(p)) return 'gzip';
  if (/\.log(\.\d+)?$|\/log\//i.test(p)) return 'log';
  return 'text';
}

interface IgnoreLayer {
  base: string;
  ig: Ignore;
}

/** Walks every root; yields files, skips and errors in a stable (sorted) order. */
export async function* walk(opts: WalkOptions, stats: WalkStats): AsyncGenerator<WalkEvent> {
  const filter = await pathFilter(opts);
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();

  const fileEvent = (abs: string, st: Stats, rel: string): WalkEvent | undefined => {
    const shown = displayPath(abs, opts.cwd);
    if (filter && !filter.keepFile(abs, rel)) return undefined;
    const key = `${st.dev}:${st.ino}`;
    if (seenFiles.has(key)) return undefined;
    seenFiles.add(key);
    if (opts.maxFileSize !== undefined && st.size > opts.maxFileSize) {
      return { type: 'skip', path: shown, reason: `larger than --max-file-size (${st.size} > ${opts.maxFileSize} bytes)` };
    }
    return {
      type: 'file',
      ref: { path: shown, absPath: abs, kind: sourceKind(abs), size: st.size, mtimeMs: st.mtimeMs, mode: st.mode, uid: st.uid },
    };
  };

  for (const root of await expandRoots(opts)) {
    if (opts.signal?.aborted) return;
    if (root === '-') {
      yield { type: 'file', ref: { path: '<stdin>', kind: 'stdin' }, root: true };
      continue;
    }
    const abs = path.resolve(opts.cwd, root);
    let st: Stats;
    try {
      st = await lstat(abs);
      if (st.isSymbolicLink()) st = await stat(abs);
    } catch (e) {
      yield { type: 'error', path: root, message: errorText(e) };
      continue;
    }
    const special = specialKind(st);
    if (special) {
      stats.readableRoots++; // it exists and we decided what it is: nothing to report as unreadable
      yield { type: 'skip', path: root, reason: `not a regular file (${special})` };
      continue;
    }
    if (st.isFile()) {
      const ev = fileEvent(abs, st, path.basename(abs));
      if (ev?.type === 'file') yield { ...ev, root: true };
      else {
        stats.readableRoots++; // filtered out or skipped by size: it was there
        if (ev) yield ev;
      }
      continue;
    }
    if (!st.isDirectory()) continue;
    const rootReal = await realpath(abs).catch(() => abs);
    yield* walkDir(abs, rootReal, [], '');
  }

  async function* walkDir(dir: string, rootReal: string, layers: IgnoreLayer[], relDir: string): AsyncGenerator<WalkEvent> {
    const real = await realpath(dir).catch(() => dir);
    if (seenDirs.has(real)) {
      yield { type: 'skip', path: displayPath(dir, opts.cwd), reason: 'directory loop (already scanned)' };
      return;
    }
    seenDirs.add(real);
    let names: string[];
    try {
      const d = await opendir(dir);
      names = [];
      for await (const ent of d) names.push(ent.name);
    } catch (e) {
      yield { type: 'error', path: displayPath(dir, opts.cwd), message: `cannot read directory: ${errorText(e)}` };
      return;
    }
    if (!relDir) stats.readableRoots++;
    names.sort();
    const here = opts.ignoreFiles ? await loadIgnoreLayer(dir, names) : undefined;
    const active = here ? [...layers, here] : layers;
    for (const name of names) {
      if (opts.signal?.aborted) return;
      const full = path.join(dir, name);
      const rel = relDir ? `${relDir}/${name}` : name;
      if (VIRTUAL_FS.has(full)) {
        yield { type: 'skip', path: full, reason: 'virtual file system' };
        continue;
      }
      let st: Stats;
      try {
        st = await lstat(full);
      } catch (e) {
        yield { type: 'error', path: displayPath(full, opts.cwd), message: errorText(e) };
        continue;
      }
      let target = full;
      if (st.isSymbolicLink()) {
        try {
          target = await realpath(full);
          st = await stat(target);
        } catch (e) {
          yield { type: 'skip', path: displayPath(full, opts.cwd), reason: `broken symlink (${errorText(e)})` };
          continue;
        }
        if (target !== rootReal && !target.startsWith(rootReal + path.sep)) {
          yield { type: 'skip', path: displayPath(full, opts.cwd), reason: 'symlink points outside the scanned root' };
          continue;
        }
      }
      const isDir = st.isDirectory();
      if (isDir && opts.defaultExcludes && DEFAULT_EXCLUDED_DIRS.has(name)) {
        stats.defaultExcluded++;
        continue;
      }
      if (active.length && isIgnored(active, full, isDir)) {
        stats.ignoredByFiles++;
        continue;
      }
      if (isDir) {
        if (filter?.skipDir(full, rel)) continue;
        yield* walkDir(full, rootReal, active, rel);
        continue;
      }
      const special = specialKind(st);
      if (special) {
        yield { type: 'skip', path: displayPath(full, opts.cwd), reason: `not a regular file (${special})` };
        continue;
      }
      if (!st.isFile()) continue;
      const ev = fileEvent(full, st, rel);
      if (ev) yield ev;
    }
  }
}

/** The include/exclude globs as tests on a path (`rel`: relative to the root being walked). */
export interface PathFilter {
  keepFile(abs: string, rel: string): boolean;
  /** An excluded directory is not entered at all. */
  skipDir(abs: string, rel: string): boolean;
}

/**
 * The include/exclude test, or undefined when there are no globs. Globs are relative to each
 * root, or to `includeBase`/`excludeBase` (a config file's folder) when given. A path outside that
 * folder matches none of those globs: include globs then leave it out (it is not among what they
 * name), exclude globs leave it in.
 */
export async function pathFilter(opts: Pick<WalkOptions, 'include' | 'exclude' | 'includeBase' | 'excludeBase'>): Promise<PathFilter | undefined> {
  if (!opts.include.length && !opts.exclude.length) return undefined;
  // picomatch loads only when a scan has globs: a pre-commit scan of a few plain files should
  // start in milliseconds (the brief's "lazy heavy parts").
  const picomatch = (await import('picomatch')).default;
  const matchOpts = { dot: true, basename: false };
  const excludeMatch = opts.exclude.length ? picomatch(opts.exclude.map(globForRelative), matchOpts) : undefined;
  const includeMatch = opts.include.length ? picomatch(opts.include.map(globForRelative), matchOpts) : undefined;
  const relTo = (base: string | undefined, abs: string, rel: string): string | undefined => {
    if (base === undefined) return rel;
    const r = path.relative(base, abs).split(path.sep).join('/');
    return r === '..' || r.startsWith('../') || path.isAbsolute(r) ? undefined : r;
  };
  return {
    keepFile(abs, rel) {
      if (includeMatch) {
        const r = relTo(opts.includeBase, abs, rel);
        if (r === undefined || !includeMatch(r)) return false;
      }
      if (excludeMatch) {
        const r = relTo(opts.excludeBase, abs, rel);
        if (r !== undefined && excludeMatch(r)) return false;
      }
      return true;
    },
    skipDir(abs, rel) {
      if (!excludeMatch) return false;
      const r = relTo(opts.excludeBase, abs, rel);
      return !!r && (excludeMatch(r) || excludeMatch(r + '/'));
    },
  };
}

async function loadIgnoreLayer(dir: string, names: string[]): Promise<IgnoreLayer | undefined> {
  let ig: Ignore | undefined;
  for (const f of IGNORE_FILES) {
    if (!names.includes(f)) continue;
    try {
      const text = await readFile(path.join(dir, f), 'utf8');
      ig ??= (await import('ignore')).default();
      ig.add(text);
    } catch {
      // An unreadable ignore file hides nothing: scanning more is the safe side for an audit.
    }
  }
  return ig ? { base: dir, ig } : undefined;
}

function isIgnored(layers: IgnoreLayer[], full: string, isDir: boolean): boolean {
  for (const { base, ig } of layers) {
    const rel = path.relative(base, full).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    if (ig.ignores(isDir ? rel + '/' : rel)) return true;
  }
  return false;
}

/** Roots as given; a root that does not exist but looks like a glob is expanded with fast-glob. */
async function expandRoots(opts: WalkOptions): Promise<string[]> {
  const out: string[] = [];
  for (const r of opts.roots) {
    if (r !== '-' && /[*?[\]{}!]/.test(r) && !existsSyncSafe(path.resolve(opts.cwd, r))) {
      const fg = (await import('fast-glob')).default;
      if (!fg.isDynamicPattern(r)) {
        out.push(r);
        continue;
      }
      const matches = await fg(r, { cwd: opts.cwd, dot: true, onlyFiles: false, followSymbolicLinks: false, suppressErrors: true, unique: true });
      if (matches.length === 0) out.push(r); // reported as missing
      else out.push(...matches.sort());
    } else out.push(r);
  }
  return out;
}

function existsSyncSafe(p: string): boolean {
  try {
    return existsSync(p);
  } catch {
    return false;
  }
}
