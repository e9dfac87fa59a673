import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FatalError } from '../model/errors.js';

/**
 * `piaudit hook install|uninstall`: a git pre-commit hook that runs `piaudit scan --staged`.
 *
 * Which piaudit the hook runs is decided when it runs, not when it is installed: the project's own
 * `node_modules/.bin/piaudit` first (the version the project pins; hooks run at the top of the
 * working tree), else `piaudit` on PATH (a global install), else the hook fails with a hint.
 * Not `npx`: npm's start-up alone costs more than the whole 300 ms budget of a pre-commit scan,
 * and baking in an absolute node path would break on the next Node upgrade. `command` overrides
 * this (tests use `node /abs/bin/piaudit.js`).
 *
 * An existing foreign hook is kept as `pre-commit.local` and run first; its failure stops the
 * commit with its exit code. Installing twice changes nothing; uninstalling puts it back.
 */

/** First line after the shebang: how a hook is recognised as ours. */
export const HOOK_MARKER = '# piaudit-managed-hook v1';
/** Where an existing hook is kept and chained from. */
export const CHAINED_NAME = 'pre-commit.local';
/** Where `--force` moves a foreign hook when pre-commit.local is already taken. */
export const BACKUP_NAME = 'pre-commit.piaudit-backup';

export interface HookOptions {
  /** Replace a foreign pre-commit when pre-commit.local is already taken (it is kept as pre-commit.piaudit-backup). */
  force?: boolean;
  /** Shell words that start piaudit, e.g. `node /opt/piaudit/bin/piaudit.js` (default: resolved when the hook runs). */
  command?: string;
  /** Extra arguments after `scan --staged`, e.g. `['--baseline', 'piaudit-baseline.json']`. */
  args?: string[];
  /** Environment for git (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface HookResult {
  /** The pre-commit hook's path. */
  path: string;
  /** installed: new; chained: new, an existing hook kept as pre-commit.local; updated: ours, rewritten; unchanged: ours, identical. */
  action: 'installed' | 'chained' | 'updated' | 'unchanged';
  /** Where a foreign hook went (pre-commit.local, or the backup under --force). */
  moved?: string;
}

export interface UninstallResult {
  path: string;
  /** removed: ours deleted; restored: ours deleted and pre-commit.local put back; not-installed: nothing of ours there (nothing touched). */
  action: 'removed' | 'restored' | 'not-installed';
}

/** The directory git runs hooks from (honours core.hooksPath and worktrees), absolute. */
export async function hooksDir(repoDir: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const out = await gitOut(['rev-parse', '--git-path', 'hooks'], repoDir, env);
  return path.resolve(repoDir, out);
}

/** The hook's text for these options (exported so a test or `--print` can show it). */
export function hookScript(opts: Pick<HookOptions, 'command' | 'args'> = {}): string {
  const args = ['scan', '--staged', ...(opts.args ?? [])].map(shellQuote).join(' ');
  const run = opts.command
    ? [`exec ${opts.command} ${args}`]
    : [
        '# The project\'s own piaudit first (the version it pins), then one on PATH.',
        'if [ -x node_modules/.bin/piaudit ]; then',
        `  exec node_modules/.bin/piaudit ${args}`,
        'elif command -v piaudit >/dev/null 2>&1; then',
        `  exec piaudit ${args}`,
        'fi',
        'echo "piaudit pre-commit hook: piaudit is not installed here (npm install --save-dev piaudit, or npm install -g piaudit); to commit anyway: git commit --no-verify" >&2',
        'exit 2',
      ];
  return [
    '#!/bin/sh',
    HOOK_MARKER,
    '# Written by `piaudit hook install`; `piaudit hook uninstall` removes it and restores',
    `# ${CHAINED_NAME}. Stops a commit whose staged files hold unmasked personal information.`,
    '# Skip it once: git commit --no-verify.',
    '',
    '# The hook that was here before piaudit runs first; its failure stops the commit.',
    'hook_dir=$(dirname -- "$0")',
    `if [ -x "$hook_dir/${CHAINED_NAME}" ]; then`,
    `  "$hook_dir/${CHAINED_NAME}" "$@" || exit $?`,
    'fi',
    '',
    ...run,
    '',
  ].join('\n');
}

/**
 * Writes the pre-commit hook into the repository's hooks directory.
 * @throws FatalError when the directory is not in a git repository, or a foreign hook and
 *   pre-commit.local both exist (without `force`).
 */
export async function installHook(repoDir: string, opts: HookOptions = {}): Promise<HookResult> {
  const dir = await hooksDirOrFail(repoDir, opts.env);
  await mkdir(dir, { recursive: true }); // a fresh core.hooksPath folder may not exist yet
  const hook = path.join(dir, 'pre-commit');
  const script = hookScript(opts);
  const existing = await readIfExists(hook);

  if (existing !== undefined && isOurs(existing)) {
    if (existing === script) {
      await chmod(hook, 0o755); // idempotent, but a lost executable bit is repaired
      return { path: hook, action: 'unchanged' };
    }
    await writeHook(hook, script);
    return { path: hook, action: 'updated' };
  }

  let moved: string | undefined;
  if (existing !== undefined) {
    const local = path.join(dir, CHAINED_NAME);
    if (!(await exists(local))) {
      await rename(hook, local); // keeps its mode: a non-executable hook stays off, as git treated it
      moved = local;
    } else if (opts.force) {
      moved = path.join(dir, BACKUP_NAME);
      if (await exists(moved)) throw new FatalError(`cannot install the pre-commit hook: ${hook}, ${local} and ${moved} all exist; move one of them away`);
      await rename(hook, moved);
    } else {
      throw new FatalError(
        `cannot install the pre-commit hook: ${hook} exists and ${local} (where it would be kept and chained) is taken too; ` +
          `merge them, or use --force to keep ${hook} as ${BACKUP_NAME} (not run)`,
      );
    }
  }
  await writeHook(hook, script);
  return moved && moved.endsWith(CHAINED_NAME) ? { path: hook, action: 'chained', moved } : { path: hook, action: 'installed', ...(moved ? { moved } : {}) };
}

/** Removes our pre-commit hook and puts a chained one back; a foreign hook is left alone. */
export async function uninstallHook(repoDir: string, opts: Pick<HookOptions, 'env'> = {}): Promise<UninstallResult> {
  const dir = await hooksDirOrFail(repoDir, opts.env);
  const hook = path.join(dir, 'pre-commit');
  const existing = await readIfExists(hook);
  if (existing === undefined || !isOurs(existing)) return { path: hook, action: 'not-installed' };
  const local = path.join(dir, CHAINED_NAME);
  if (await exists(local)) {
    await rename(local, hook);
    return { path: hook, action: 'restored' };
  }
  await rm(hook);
  return { path: hook, action: 'removed' };
}

function isOurs(text: string): boolean {
  return text.split('\n', 3).includes(HOOK_MARKER);
}

async function hooksDirOrFail(repoDir: string, env?: NodeJS.ProcessEnv): Promise<string> {
  try {
    return await hooksDir(repoDir, env);
  } catch (e) {
    throw new FatalError(`piaudit hook: ${(e as Error).message}`);
  }
}

/** Through a temporary file, so a half-written hook never runs. */
async function writeHook(file: string, text: string): Promise<void> {
  const tmp = `${file}.piaudit-tmp`;
  await writeFile(tmp, text, { mode: 0o755 });
  await chmod(tmp, 0o755); // the umask may have dropped bits
  await rename(tmp, file);
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** lstat: a dangling symlink still occupies the name and must not be overwritten. */
async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? false : Promise.reject(e)),
  );
}

/** POSIX sh single-quoting, only when needed (plain words stay readable in the hook). */
function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

function gitOut(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout.replace(/\n$/, ''));
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new Error(existsSync(cwd) ? 'git was not found on PATH' : `${cwd} does not exist`));
      if (/not a git repository/i.test(stderr)) return reject(new Error(`${cwd} is not in a git repository`));
      reject(new Error(`git ${args[0]} failed: ${stderr.trim().split('\n')[0] || err.message}`));
    });
  });
}
