import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';

/**
 * The fingerprint key (decisions.md): `PIAUDIT_KEY` when set (set it team-wide so baselines match
 * across machines and CI), else a random key kept in the user's config directory, created 0600.
 * Without a stable key, fingerprints would differ per run and baselines would never match.
 */
export interface FingerprintKey {
  key: Buffer;
  source: 'env' | 'file' | 'ephemeral';
  /** Why the key is ephemeral, for a warning on stderr. */
  warning?: string;
}

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XDG_CONFIG_HOME) return path.join(env.XDG_CONFIG_HOME, 'piaudit');
  return envPaths('piaudit', { suffix: '' }).config;
}

export function loadKey(env: NodeJS.ProcessEnv = process.env): FingerprintKey {
  if (env.PIAUDIT_KEY) return { key: Buffer.from(env.PIAUDIT_KEY, 'utf8'), source: 'env' };
  const file = path.join(configDir(env), 'key');
  try {
    return { key: Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8'), source: 'file' };
  } catch {
    // fall through: create it
  }
  const fresh = randomBytes(32).toString('hex');
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, fresh + '\n', { mode: 0o600, flag: 'wx' });
    return { key: Buffer.from(fresh, 'utf8'), source: 'file' };
  } catch (e) {
    // Another process may have created it in between: read theirs.
    try {
      return { key: Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8'), source: 'file' };
    } catch {
      return {
        key: Buffer.from(fresh, 'utf8'),
        source: 'ephemeral',
        warning: `could not create the fingerprint key file ${file} (${(e as Error).message}); fingerprints of this run will not match other runs. Set PIAUDIT_KEY.`,
      };
    }
  }
}
