/**
 * The pre-commit hook in real temporary git repositories: install, idempotence, chaining an
 * existing hook (its exit code propagated), core.hooksPath, uninstall, and real `git commit`s
 * blocked by a staged synthetic unmasked ID and allowed when the staged content is clean.
 *
 * The commit tests run the BUILT CLI (`node bin/piaudit.js scan --staged`) when it has --staged;
 * until the CLI is wired, they run a stand-in (written below) that feeds stagedSources' bytes to the
 * built CLI through a temporary copy: the hook, git's staging semantics and the scan are real.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_NAME, CHAINED_NAME, HOOK_MARKER, hookScript, hooksDir, installHook, uninstallHook } from '../../src/cli/hook.js';
import { FatalError } from '../../src/model/errors.js';
import { CLI_BIN, cliHomeDir, ensureBuilt, makeCnId, makeRng, REPO_ROOT, runCli, TEST_KEY } from '../helpers/synth.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'piaudit-hook-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** git without the user's global or system config (a global core.hooksPath would redirect the hook). */
const gitEnv: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' });
let n = 0;

function newRepo(): string {
  const dir = path.join(tmp, `repo-${++n}`);
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'user.email', 'test@example.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
  return dir;
}

const hookPath = (repo: string) => path.join(repo, '.git', 'hooks', 'pre-commit');
const isExecutable = (f: string) => (statSync(f).mode & 0o111) === 0o111;
const sh = (q: string) => `'${q.replaceAll("'", `'\\''`)}'`;

describe('installHook', () => {
  it('writes an executable pre-commit hook that runs `scan --staged`', async () => {
    const repo = newRepo();
    const r = await installHook(repo, { env: gitEnv });
    expect(r).toEqual({ path: hookPath(repo), action: 'installed' });
    const text = readFileSync(r.path, 'utf8');
    expect(text.startsWith(`#!/bin/sh\n${HOOK_MARKER}\n`)).toBe(true);
    expect(text).toContain('exec node_modules/.bin/piaudit scan --staged');
    expect(text).toContain('exec piaudit scan --staged');
    expect(isExecutable(r.path)).toBe(true);
    expect(spawnSync('sh', ['-n', r.path]).status).toBe(0); // valid sh syntax
  });

  it('is idempotent: a second install changes nothing', async () => {
    const repo = newRepo();
    await installHook(repo, { env: gitEnv });
    const before = readFileSync(hookPath(repo), 'utf8');
    const r = await installHook(repo, { env: gitEnv });
    expect(r.action).toBe('unchanged');
    expect(readFileSync(hookPath(repo), 'utf8')).toBe(before);
    expect(existsSync(path.join(repo, '.git', 'hooks', CHAINED_NAME))).toBe(false); // ours is never chained to itself
  });

  it('rewrites its own hook when the options change', async () => {
    const repo = newRepo();
    await installHook(repo, { env: gitEnv });
    const r = await installHook(repo, { env: gitEnv, args: ['--baseline', 'piaudit baseline.json'] });
    expect(r.action).toBe('updated');
    expect(readFileSync(r.path, 'utf8')).toContain(`scan --staged --baseline 'piaudit baseline.json'`);
  });

  it('keeps an existing hook as pre-commit.local and chains it', async () => {
    const repo = newRepo();
    const foreign = '#!/bin/sh\necho foreign >> "$(git rev-parse --git-dir)/../foreign-ran"\n';
    writeFileSync(hookPath(repo), foreign, { mode: 0o755 });
    const r = await installHook(repo, { env: gitEnv });
    expect(r).toEqual({ path: hookPath(repo), action: 'chained', moved: path.join(repo, '.git', 'hooks', CHAINED_NAME) });
    expect(readFileSync(r.moved!, 'utf8')).toBe(foreign);
    expect(isExecutable(r.moved!)).toBe(true);
    expect((await installHook(repo, { env: gitEnv })).action).toBe('unchanged');
    expect(readFileSync(r.moved!, 'utf8')).toBe(foreign);
  });

  it("propagates the chained hook's exit code and does not run piaudit after its failure", async () => {
    const repo = newRepo();
    writeFileSync(hookPath(repo), '#!/bin/sh\nexit 3\n', { mode: 0o755 });
    const marker = path.join(repo, 'piaudit-ran');
    await installHook(repo, { env: gitEnv, command: `touch ${sh(marker)}; true` });
    const run = spawnSync(hookPath(repo), { cwd: repo, env: gitEnv });
    expect(run.status).toBe(3);
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses when both pre-commit and pre-commit.local exist, unless --force (which keeps a backup)', async () => {
    const repo = newRepo();
    const dir = path.join(repo, '.git', 'hooks');
    writeFileSync(path.join(dir, 'pre-commit'), '#!/bin/sh\necho one\n', { mode: 0o755 });
    writeFileSync(path.join(dir, CHAINED_NAME), '#!/bin/sh\necho two\n', { mode: 0o755 });
    const p = installHook(repo, { env: gitEnv });
    await expect(p).rejects.toThrow(FatalError);
    await expect(installHook(repo, { env: gitEnv })).rejects.toThrow(/pre-commit\.local .* is taken too.*--force/);
    const r = await installHook(repo, { env: gitEnv, force: true });
    expect(r).toEqual({ path: hookPath(repo), action: 'installed', moved: path.join(dir, BACKUP_NAME) });
    expect(readFileSync(path.join(dir, BACKUP_NAME), 'utf8')).toContain('echo one');
    expect(readFileSync(path.join(dir, CHAINED_NAME), 'utf8')).toContain('echo two');
  });

  it('honours core.hooksPath (and creates the folder)', async () => {
    const repo = newRepo();
    git(repo, 'config', 'core.hooksPath', '.githooks');
    expect(await hooksDir(repo, gitEnv)).toBe(path.join(repo, '.githooks'));
    const r = await installHook(repo, { env: gitEnv });
    expect(r.path).toBe(path.join(repo, '.githooks', 'pre-commit'));
    expect(existsSync(hookPath(repo))).toBe(false);
  });

  it('finds the hooks folder from a subfolder of the working tree', async () => {
    const repo = newRepo();
    mkdirSync(path.join(repo, 'a', 'b'), { recursive: true });
    expect((await installHook(path.join(repo, 'a', 'b'), { env: gitEnv })).path).toBe(hookPath(repo));
  });

  it('fails clearly outside a git repository', async () => {
    const plain = path.join(tmp, 'plain');
    mkdirSync(plain, { recursive: true });
    await expect(installHook(plain, { env: { ...gitEnv, GIT_CEILING_DIRECTORIES: tmp } })).rejects.toThrow(`piaudit hook: ${plain} is not in a git repository`);
  });
});

describe('uninstallHook', () => {
  it('removes its hook', async () => {
    const repo = newRepo();
    await installHook(repo, { env: gitEnv });
    expect(await uninstallHook(repo, { env: gitEnv })).toEqual({ path: hookPath(repo), action: 'removed' });
    expect(existsSync(hookPath(repo))).toBe(false);
    expect((await uninstallHook(repo, { env: gitEnv })).action).toBe('not-installed');
  });

  it('restores the chained hook', async () => {
    const repo = newRepo();
    const foreign = '#!/bin/sh\nexit 0\n';
    writeFileSync(hookPath(repo), foreign, { mode: 0o755 });
    await installHook(repo, { env: gitEnv });
    expect((await uninstallHook(repo, { env: gitEnv })).action).toBe('restored');
    expect(readFileSync(hookPath(repo), 'utf8')).toBe(foreign);
    expect(existsSync(path.join(repo, '.git', 'hooks', CHAINED_NAME))).toBe(false);
  });

  it('leaves a foreign hook alone', async () => {
    const repo = newRepo();
    writeFileSync(hookPath(repo), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    expect((await uninstallHook(repo, { env: gitEnv })).action).toBe('not-installed');
    expect(existsSync(hookPath(repo))).toBe(true);
  });
});

describe('the default hook finds piaudit when it runs', () => {
  it("prefers the project's node_modules/.bin/piaudit and passes scan --staged; its exit code is the hook's", async () => {
    const repo = newRepo();
    await installHook(repo, { env: gitEnv });
    mkdirSync(path.join(repo, 'node_modules', '.bin'), { recursive: true });
    const fake = path.join(repo, 'node_modules', '.bin', 'piaudit');
    writeFileSync(fake, '#!/bin/sh\necho "$@" > args.txt\nexit 7\n');
    chmodSync(fake, 0o755);
    const run = spawnSync(hookPath(repo), { cwd: repo, env: { ...gitEnv, PATH: '/usr/bin:/bin' } });
    expect(run.status).toBe(7);
    expect(readFileSync(path.join(repo, 'args.txt'), 'utf8')).toBe('scan --staged\n');
  });

  it('fails the commit with a hint when piaudit is nowhere', async () => {
    const repo = newRepo();
    await installHook(repo, { env: gitEnv });
    const run = spawnSync(hookPath(repo), { cwd: repo, env: { ...gitEnv, PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/piaudit is not installed.*--no-verify/);
  });

  it('hookScript quotes arguments for sh', () => {
    expect(hookScript({ command: 'node /x/piaudit.js', args: ["it's"] })).toContain(`exec node /x/piaudit.js scan --staged 'it'\\''s'`);
  });
});

describe('a real git commit through the hook', () => {
  const rng = makeRng(4242);
  let command: string;
  let usingCli = false;
  const home = cliHomeDir();
  /** What the hook runs with: the test key and a private config/cache dir, like runCli. */
  const commitEnv = (): NodeJS.ProcessEnv => ({
    ...gitEnv,
    PIAUDIT_KEY: TEST_KEY,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
  });
  const commit = (repo: string, msg: string) => spawnSync('git', ['commit', '-m', msg], { cwd: repo, env: commitEnv(), encoding: 'utf8', timeout: 60_000 });
  const commitCount = (repo: string) => {
    const r = spawnSync('git', ['rev-list', '--count', 'HEAD'], { cwd: repo, env: gitEnv, encoding: 'utf8' });
    return r.status === 0 ? Number(r.stdout.trim()) : 0;
  };

  beforeAll(() => {
    ensureBuilt();
    usingCli = runCli(['scan', '--help']).stdout.includes('--staged');
    if (usingCli) {
      command = `${sh(process.execPath)} ${sh(CLI_BIN)}`;
      return;
    }
    // Stand-in until the CLI has --staged: the staged bytes (stagedSources) copied to a temp folder
    // and scanned there by the built CLI; paths are the repo-relative ones, exit code passed on.
    const script = path.join(tmp, 'staged-scan.mts');
    writeFileSync(
      script,
      `import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { stagedSources } from ${JSON.stringify(path.join(REPO_ROOT, 'src', 'sources', 'git-staged.ts'))};
const { refs } = await stagedSources(process.cwd());
const dir = mkdtempSync(path.join(os.tmpdir(), 'piaudit-staged-copy-'));
try {
  for (const r of refs) {
    const f = path.join(dir, r.path);
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, r.data);
  }
  const res = spawnSync(process.execPath, [${JSON.stringify(CLI_BIN)}, 'scan', '.', '--as-of', '2025-01-01'], { cwd: dir, stdio: 'inherit' });
  process.exitCode = res.status ?? 2;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
`,
    );
    command = `${sh(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'))} ${sh(script)}`;
  });

  it('blocks a commit whose staged file holds an unmasked ID, without printing the ID', async () => {
    const repo = newRepo();
    await installHook(repo, { env: gitEnv, command });
    writeFileSync(path.join(repo, 'README.md'), '# demo\n');
    git(repo, 'add', 'README.md');
    expect(commit(repo, 'clean start').status).toBe(0);

    const id = makeCnId(rng);
    writeFileSync(path.join(repo, '客户 名单.txt'), `# synthetic test data\n用户 身份证 ${id}\n`);
    git(repo, 'add', '.');
    const r = commit(repo, 'add customers');
    expect(r.status, r.stdout + r.stderr).not.toBe(0);
    expect(commitCount(repo)).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).toContain('客户 名单.txt');
    expect(out).toMatch(/pi-unmasked\s+cn-id/); // blocked by a finding, not by a crash
    expect(out).not.toContain(id);
  }, 120_000);

  it('allows a clean commit', async () => {
    const repo = newRepo();
    await installHook(repo, { env: gitEnv, command });
    writeFileSync(path.join(repo, 'notes.txt'), 'nothing personal here\norder 20250101123456\n');
    git(repo, 'add', '.');
    const r = commit(repo, 'notes');
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(commitCount(repo)).toBe(1);
  }, 120_000);

  it('judges the staged content, not the working tree', async () => {
    const repo = newRepo();
    await installHook(repo, { env: gitEnv, command });
    const id = makeCnId(rng);
    // Clean staged, ID only in the working tree: allowed.
    writeFileSync(path.join(repo, 'a.txt'), 'clean\n');
    git(repo, 'add', 'a.txt');
    writeFileSync(path.join(repo, 'a.txt'), `身份证 ${id}\n`);
    expect(commit(repo, 'clean staged').status).toBe(0);
    // ID staged, then removed from the working tree: blocked.
    writeFileSync(path.join(repo, 'b.txt'), `身份证 ${id}\n`);
    git(repo, 'add', 'b.txt');
    writeFileSync(path.join(repo, 'b.txt'), 'clean again\n');
    const r = commit(repo, 'dirty staged');
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/b\.txt[\s\S]*pi-unmasked/);
    expect(commitCount(repo)).toBe(1);
  }, 120_000);

  it('runs a chained hook first, and both must pass', async () => {
    const repo = newRepo();
    writeFileSync(hookPath(repo), '#!/bin/sh\necho chained-ran >&2\n', { mode: 0o755 });
    await installHook(repo, { env: gitEnv, command });
    writeFileSync(path.join(repo, 'c.txt'), 'clean\n');
    git(repo, 'add', '.');
    const r = commit(repo, 'c');
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toContain('chained-ran');
  }, 120_000);

  it('says which piaudit it ran', () => {
    // Visible in the test log so a reader knows whether the stand-in or the wired CLI ran.
    console.log(usingCli ? 'hook commit tests ran the built CLI with --staged' : 'hook commit tests ran the stand-in (stagedSources + built CLI): the CLI has no --staged yet');
    expect(command).toBeTruthy();
  });
});

describe('.pre-commit-hooks.yaml', () => {
  // No YAML parser among the dependencies: the file is flat, so its `key: value` lines are enough.
  const text = readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8');
  const hooks = text
    .split(/^- /m)
    .slice(1)
    .map((block) => Object.fromEntries(block.split('\n').map((l) => /^\s*([a-z_]+): (.+)$/.exec(l)).filter((m) => m !== null).map((m) => [m![1], m![2].trim()])));

  it('defines piaudit (node) and piaudit-system, both scanning the file names pre-commit passes', () => {
    expect(hooks.map((h) => h.id)).toEqual(['piaudit', 'piaudit-system']);
    for (const h of hooks) {
      expect(h.entry).toBe('piaudit scan');
      expect(h.pass_filenames).toBe('true');
      expect(h.require_serial).toBe('true');
      expect(h.types).toBeUndefined(); // images and documents are scanned too
    }
    expect(hooks[0].language).toBe('node');
    expect(hooks[1].language).toBe('system');
  });

  it('names a command the package provides', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(Object.keys(pkg.bin)).toContain(hooks[0].entry.split(' ')[0]);
  });
});
