import { readFileSync } from 'node:fs';
import { FatalError } from '../model/errors.js';
import { RETENTION_CATEGORIES, STATUTORY_MINIMUMS, type RetentionCategoryOptions, type RetentionOptions, type RetentionPathOptions } from '../model/retention.js';

/**
 * Validation of a retention policy given by the user (`--retention-policy FILE`, and the config
 * file's `retention` key, which has the same shape): unknown keys and wrong types are usage errors
 * that name the key, never silently ignored — a typo in a policy would otherwise hide findings.
 */
export function parseRetentionOptions(raw: unknown, where: string): RetentionOptions {
  const fail = (key: string, msg: string): never => {
    throw new FatalError(`${where}: "${key}" ${msg}`);
  };
  const obj = (v: unknown, key: string): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(key, 'must be an object'));
  const only = (o: Record<string, unknown>, keys: readonly string[], at: string): void => {
    for (const k of Object.keys(o)) if (!keys.includes(k)) fail(at ? `${at}.${k}` : k, `is not a retention setting (one of ${keys.join(', ')})`);
  };
  const limit = (o: Record<string, unknown>, at: string): RetentionCategoryOptions => {
    const out: RetentionCategoryOptions = {};
    if ('maxAgeDays' in o) {
      const v = o.maxAgeDays;
      if (v !== null && !(Number.isInteger(v) && (v as number) > 0)) fail(`${at}.maxAgeDays`, 'must be a positive whole number of days, or null for no limit');
      out.maxAgeDays = v as number | null;
    }
    if (o.statutoryMinimum !== undefined) {
      if (!(STATUTORY_MINIMUMS as readonly unknown[]).includes(o.statutoryMinimum)) fail(`${at}.statutoryMinimum`, `must be one of ${STATUTORY_MINIMUMS.join(', ')}`);
      out.statutoryMinimum = o.statutoryMinimum as RetentionCategoryOptions['statutoryMinimum'];
    }
    return out;
  };
  const root = obj(raw, '(root)');
  only(root, ['enabled', 'categories', 'paths'], '');
  const out: RetentionOptions = {};
  if (root.enabled !== undefined) {
    if (typeof root.enabled !== 'boolean') fail('enabled', 'must be true or false');
    out.enabled = root.enabled as boolean;
  }
  if (root.categories !== undefined) {
    const cats = obj(root.categories, 'categories');
    only(cats, RETENTION_CATEGORIES, 'categories');
    out.categories = {};
    for (const [c, v] of Object.entries(cats)) {
      const o = obj(v, `categories.${c}`);
      only(o, ['maxAgeDays', 'statutoryMinimum'], `categories.${c}`);
      out.categories[c as (typeof RETENTION_CATEGORIES)[number]] = limit(o, `categories.${c}`);
    }
  }
  if (root.paths !== undefined) {
    if (!Array.isArray(root.paths)) fail('paths', 'must be a list of { glob, category?, maxAgeDays?, statutoryMinimum? }');
    out.paths = (root.paths as unknown[]).map((p, i): RetentionPathOptions => {
      const o = obj(p, `paths[${i}]`);
      only(o, ['glob', 'category', 'maxAgeDays', 'statutoryMinimum'], `paths[${i}]`);
      if (typeof o.glob !== 'string' || !o.glob.trim()) fail(`paths[${i}].glob`, 'must be a non-empty glob');
      if (o.category !== undefined && !(RETENTION_CATEGORIES as readonly unknown[]).includes(o.category)) fail(`paths[${i}].category`, `must be one of ${RETENTION_CATEGORIES.join(', ')}`);
      return { glob: o.glob as string, ...(o.category ? { category: o.category as RetentionPathOptions['category'] } : {}), ...limit(o, `paths[${i}]`) };
    });
  }
  return out;
}

/** A JSON file holding a retention policy, bare or under a `retention` key (a config file). */
export function readRetentionPolicyFile(file: string): RetentionOptions {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new FatalError(`cannot read retention policy ${file}: ${(e as Error).message}`);
  }
  const wrapped = raw && typeof raw === 'object' && !Array.isArray(raw) && 'retention' in raw ? (raw as { retention: unknown }).retention : raw;
  return parseRetentionOptions(wrapped, file);
}
