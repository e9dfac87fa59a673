import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Ignore } from 'ignore';
import type { SourceRef } from '../model/source.js';
import { pathFilter } from './walk.js';

/**
 * `piaudit scan --staged`: the content a commit would record, read from the index (not the working
 * tree, which may hold unstaged edits or nothing at all). Three git processes whatever the number
 * of files: `rev-parse` and `diff --cached --raw` in parallel, then one `cat-file --batch` that
 * streams every blob, so a 20-file commit in a 5,000-file repository costs a few milliseconds of
 * git time. Blob ids come from the raw diff, so no per-file `git show :path` is needed.
 */

export interface StagedSources {
  refs: SourceRef[];
  /** The working tree's top-level directory (absolute). */
  root: string;
  /** Staged entries not returned, with the reason (submodules, symlinks, files over maxFileSize). */
  skipped: Array<{ path: string; reason: string }>;
  /** Staged files hidden by a .piauditignore (for the summary's ignoredByFiles). */
  ignoredByFiles: number;
}

export interface StagedOptions {
  /** Blobs larger than this are skipped with a reason instead of being held in memory. */
  maxFileSize?: number;
  /**
   * Honour .piauditignore files (default true; `--no-ignore` turns it off). Not .gitignore: a
   * staged file is tracked whatever .gitignore says (a force-added dump is exactly what to catch),
   * while .piauditignore says "do not audit" (synthetic fixtures, say) and applies as in a scan.
   */
  ignoreFiles?: boolean;
  /** Environment for git (default process.env); tests pass their own. */
  env?: NodeJS.ProcessEnv;
  /** The repository's top level when the caller already asked (gitTopLevel): one git call fewer. */
  topLevel?: string;
  /**
   * Include/exclude globs as for a walk; relative to the repository's top level (the root of a
   * staged scan), or to includeBase/excludeBase (a config file's folder) when given.
   */
  include?: string[];
  exclude?: string[];
  includeBase?: string;
  excludeBase?: string;
}

/** A staged file as the raw diff lists it. */
interface StagedEntry {
  mode: string;
  blob: string;
  /** Path relative to the repository's top level, `/`-separated, exactly as git stores it. */
  repoPath: string;
}

/**
 * The staged content of added, copied, modified, renamed and type-changed files, one SourceRef
 * each: `path` relative to `cwd` as git shows it (`../x` from a subfolder), `data` the staged
 * bytes (binary ones too: images and archives are scanned by content), no `absPath` so nothing
 * reads the working-tree copy by mistake. Deleted files are not returned; renamed ones appear
 * under their new name.
 * @throws Error with a clear message when git is missing or `cwd` is not in a git working tree.
 */
export async function stagedSources(cwd: string, opts: StagedOptions = {}): Promise<StagedSources> {
  const env = { ...(opts.env ?? process.env), GIT_OPTIONAL_LOCKS: '0' };
  // --no-renames: a rename is listed as an add of the new path (all we need) without the cost of
  // rename detection; -z: paths unquoted (Chinese names, spaces) and NUL-separated.
  const [root, raw] = await Promise.all([
    opts.topLevel ?? gitTopLevel(cwd, env),
    git(['diff', '--cached', '--raw', '-z', '--no-renames', '--no-abbrev', '--no-ext-diff', '--ignore-submodules=none', '--diff-filter=ACMRT'], cwd, env),
  ]);
  const skipped: StagedSources['skipped'] = [];
  const shown = (repoPath: string): string => displayPath(path.join(root, repoPath), cwd);
  const wanted: StagedEntry[] = [];
  const filter = await pathFilter({ include: opts.include ?? [], exclude: opts.exclude ?? [], includeBase: opts.includeBase, excludeBase: opts.excludeBase });
  // As in a walk, a file is out when its folder is excluded (`fixtures` excludes fixtures/a.txt).
  const inScope = (repoPath: string): boolean => {
    if (!filter) return true;
    const parts = repoPath.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (filter.skipDir(path.join(root, dir), dir)) return false;
    }
    return filter.keepFile(path.join(root, repoPath), repoPath);
  };
  const staged = parseRawDiff(raw).filter((e) => inScope(e.repoPath));
  const ignored = opts.ignoreFiles === false ? new Set<string>() : await piauditIgnored(root, staged.map((e) => e.repoPath));
  for (const e of staged) {
    if (ignored.has(e.repoPath)) continue;
    if (e.mode === '160000') skipped.push({ path: shown(e.repoPath), reason: 'submodule (scan it in its own repository)' });
    else if (e.mode === '120000') skipped.push({ path: shown(e.repoPath), reason: 'symbolic link (its target is not staged content)' });
    else wanted.push(e);
  }
  const blobs = wanted.length ? await catBlobs(wanted.map((e) => e.blob), cwd, env, opts.maxFileSize) : [];
  const refs: SourceRef[] = [];
  wanted.forEach((e, i) => {
    const b = blobs[i];
    const p = shown(e.repoPath);
    if (b.data === undefined) {
      skipped.push({ path: p, reason: `larger than --max-file-size (${b.size} > ${opts.maxFileSize} bytes)` });
      return;
    }
    refs.push({ path: p, data: b.data, kind: kindOf(e.repoPath), size: b.size });
  });
  return { refs, root, skipped, ignoredByFiles: ignored.size };
}

/**
 * The working tree's top level as git would find it, without starting git, when the environment
 * or the folders say: GIT_WORK_TREE; with only GIT_DIR set, the current folder (git's own rule);
 * else the nearest folder holding `.git` (a folder, or the file of a worktree or submodule).
 * Undefined when none is seen. A git process costs 10–20 ms of a pre-commit hook's start.
 */
export function workTreeTopNear(cwd: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.GIT_WORK_TREE) return path.resolve(cwd, env.GIT_WORK_TREE);
  if (env.GIT_DIR) return path.resolve(cwd);
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The top level of the git working tree holding `cwd` (where `--staged` looks for the config file).
 * @throws Error with a clear message when git is missing or `cwd` is not in a working tree.
 */
export async function gitTopLevel(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return (await git(['rev-parse', '--show-toplevel'], cwd, { ...env, GIT_OPTIONAL_LOCKS: '0' })).toString('utf8').replace(/\n$/, '');
}

/** `:100644 100644 <old> <new> M\0path\0` records of `git diff --raw -z` (no renames, so one path each). */
export function parseRawDiff(raw: Buffer): StagedEntry[] {
  const out: StagedEntry[] = [];
  const parts = raw.toString('utf8').split('\0');
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const meta = parts[i];
    if (!meta.startsWith(':')) throw new Error('unexpected output from git diff --raw');
    const [, dstMode, , dstBlob] = meta.slice(1).split(' ');
    out.push({ mode: dstMode, blob: dstBlob, repoPath: parts[i + 1] });
  }
  return out;
}

/**
 * The staged paths hidden by .piauditignore files, read from the working tree as the walker reads
 * them: each file's patterns relative to its own folder, any ancestor folder's file applying. The
 * `ignore` package loads only when such a file exists.
 */
async function piauditIgnored(root: string, repoPaths: string[]): Promise<Set<string>> {
  const layers = new Map<string, Ignore | null>();
  let make: (() => Ignore) | undefined;
  const layer = async (dir: string): Promise<Ignore | null> => {
    const known = layers.get(dir);
    if (known !== undefined) return known;
    let ig: Ignore | null = null;
    try {
      const text = readFileSync(path.join(root, dir, '.piauditignore'), 'utf8');
      make ??= (await import('ignore')).default;
      ig = make().add(text);
    } catch {
      // None here (or unreadable: scanning more is the safe side for an audit).
    }
    layers.set(dir, ig);
    return ig;
  };
  const out = new Set<string>();
  for (const p of repoPaths) {
    const parts = p.split('/');
    for (let i = 0; i < parts.length; i++) {
      const ig = await layer(parts.slice(0, i).join('/'));
      if (ig?.ignores(parts.slice(i).join('/'))) {
        out.add(p);
        break;
      }
    }
  }
  return out;
}

/** Same kinds as the walker gives files on disk, so policies by kind treat staged files alike. */
function kindOf(p: string): SourceRef['kind'] {
  if (/\.gz$/i.test(p)) return 'gzip';
  if (/\.log(\.\d+)?$|\/log\//i.test(p)) return 'log';
  return 'text';
}

/** As the walker shows paths: relative to cwd (`../x` from a subfolder of the repository). */
function displayPath(abs: string, cwd: string): string {
  return path.relative(cwd, abs) || '.';
}

interface Blob {
  size: number;
  /** Absent when over the size cap. */
  data?: Buffer;
}

/**
 * Reads blobs in order through one `git cat-file --batch`. Its output is `<id> <type> <size>\n`,
 * the bytes, `\n` per object; parsed as it streams so a skipped (oversized) blob is never held.
 */
function catBlobs(ids: string[], cwd: string, env: NodeJS.ProcessEnv, maxFileSize: number | undefined): Promise<Blob[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Blob[] = [];
    const stderr: Buffer[] = [];
    let pending: Buffer = Buffer.alloc(0);
    // The object being read: bytes still expected (+1 for the trailing newline), chunks kept.
    let cur: { size: number; left: number; chunks?: Buffer[] } | undefined;
    let failed: Error | undefined;

    const onData = (chunk: Buffer): void => {
      let buf: Buffer = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      pending = Buffer.alloc(0);
      while (buf.length) {
        if (!cur) {
          const nl = buf.indexOf(10);
          if (nl === -1) {
            pending = buf;
            return;
          }
          const header = buf.toString('utf8', 0, nl).split(' ');
          buf = buf.subarray(nl + 1);
          if (header[1] === 'missing' || header.length !== 3) {
            failed ??= new Error('git cat-file could not read a staged blob (is the index corrupt?)');
            continue;
          }
          const size = Number(header[2]);
          const keep = maxFileSize === undefined || size <= maxFileSize;
          cur = { size, left: size + 1, chunks: keep ? [] : undefined };
          continue;
        }
        const take = Math.min(cur.left, buf.length);
        const piece = buf.subarray(0, take);
        buf = buf.subarray(take);
        cur.left -= take;
        // The last byte of each object is git's separator newline, not content.
        const content = cur.left === 0 ? piece.subarray(0, piece.length - 1) : piece;
        if (cur.chunks && content.length) cur.chunks.push(Buffer.from(content));
        if (cur.left === 0) {
          out.push({ size: cur.size, data: cur.chunks ? Buffer.concat(cur.chunks, cur.size) : undefined });
          cur = undefined;
        }
      }
    };

    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => stderr.push(c));
    child.on('error', (e) => reject(gitSpawnError(e)));
    child.on('close', (code) => {
      if (failed) return reject(failed);
      if (code !== 0) return reject(new Error(`git cat-file failed (exit ${code}): ${firstLine(Buffer.concat(stderr))}`));
      if (out.length !== ids.length) return reject(new Error(`git cat-file returned ${out.length} of ${ids.length} staged blobs`));
      resolve(out);
    });
    child.stdin.on('error', () => undefined); // git died early: 'close' reports why
    child.stdin.end(ids.join('\n') + '\n');
  });
}

/** Runs git and returns stdout; rejects with a message a user can act on. */
function git(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => reject(gitSpawnError(e)));
    child.on('close', (code) => {
      if (code === 0) return resolve(Buffer.concat(out));
      const msg = firstLine(Buffer.concat(err));
      if (/not a git repository/i.test(msg)) return reject(new Error(`--staged needs a git working tree, and ${cwd} is not in one`));
      if (/must be run in a work tree|bare repository/i.test(msg)) return reject(new Error(`--staged needs a git working tree (${cwd} is inside a bare repository or .git)`));
      reject(new Error(`git ${args[0]} failed (exit ${code}): ${msg}`));
    });
  });
}

function gitSpawnError(e: NodeJS.ErrnoException): Error {
  if (e.code === 'ENOENT') return new Error('--staged needs git, and no git was found on PATH');
  return new Error(`cannot run git: ${e.code ?? e.message}`);
}

/** git's own error line (paths and ref names, never file content). */
function firstLine(b: Buffer): string {
  return b.toString('utf8').trim().split('\n')[0]?.replace(/^(fatal|error): /, '') || 'no message';
}
