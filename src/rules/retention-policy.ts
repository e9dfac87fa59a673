import { readFileSync } from 'node:fs';
import { RETENTION_CATEGORIES, STATUTORY_MINIMUMS, type RetentionCategory, type RetentionOptions, type StatutoryMinimum } from '../model/retention.js';
import type { LocalizedText } from './load.js';
import { globForRelative } from '../util/globs.js';

/**
 * The retention policy in force for a scan: the defaults of rules/retention-policy.json (data, with
 * the reasons) merged with the user's `RetentionOptions`, field by field. The limit applied to a
 * source is max(maxAgeDays, its statutory minimum): a policy can never report a record younger than
 * a period the law obliges the operator to keep it.
 */

export interface StatutoryMinimumDef {
  days: number;
  law: LocalizedText;
}

export interface PolicyDefaults {
  minimums: Readonly<Record<StatutoryMinimum, StatutoryMinimumDef>>;
  categories: Readonly<Record<RetentionCategory, { maxAgeDays: number | null; statutoryMinimum?: StatutoryMinimum }>>;
}

/** The limit for one source. */
export interface RetentionLimit {
  category: RetentionCategory;
  /** Days applied: max(maxAgeDays, minimum); null = no limit. */
  days: number | null;
  /** The policy's own figure before the statutory floor. */
  maxAgeDays: number | null;
  /** The statutory minimum the kind carries, when any. */
  minimum?: { id: StatutoryMinimum; days: number; law: LocalizedText };
  /** The `paths` glob that decided, when one did. */
  glob?: string;
}

const POLICY_FILE = new URL('../../rules/retention-policy.json', import.meta.url);
let cached: PolicyDefaults | undefined;

/** What a switched-off policy stands on: no limits, nothing read from disk. */
const EMPTY_DEFAULTS: PolicyDefaults = {
  minimums: {} as PolicyDefaults['minimums'],
  categories: Object.fromEntries(RETENTION_CATEGORIES.map((c) => [c, { maxAgeDays: null }])) as PolicyDefaults['categories'],
};

/** The package's defaults (read and validated on first use). */
export function policyDefaults(): PolicyDefaults {
  cached ??= parsePolicyDefaults(JSON.parse(readFileSync(POLICY_FILE, 'utf8')), 'rules/retention-policy.json');
  return cached;
}

/** Validates the defaults file by hand (it is ours, but a broken install should say where). */
export function parsePolicyDefaults(raw: unknown, file: string): PolicyDefaults {
  const fail = (key: string, msg: string): never => {
    throw new Error(`${file}: "${key}" ${msg}`);
  };
  const obj = (v: unknown, key: string): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(key, 'must be an object'));
  const root = obj(raw, '(root)');
  const mins = obj(root.statutoryMinimums, 'statutoryMinimums');
  const minimums = {} as Record<StatutoryMinimum, StatutoryMinimumDef>;
  for (const id of STATUTORY_MINIMUMS) {
    const m = obj(mins[id], `statutoryMinimums.${id}`);
    if (!Number.isInteger(m.days) || (m.days as number) <= 0) fail(`statutoryMinimums.${id}.days`, 'must be a positive integer');
    const law = obj(m.law, `statutoryMinimums.${id}.law`);
    if (typeof law.zh !== 'string' || typeof law.en !== 'string') fail(`statutoryMinimums.${id}.law`, 'needs zh and en texts');
    minimums[id] = { days: m.days as number, law: { zh: law.zh as string, en: law.en as string } };
  }
  const cats = obj(root.categories, 'categories');
  const categories = {} as Record<RetentionCategory, { maxAgeDays: number | null; statutoryMinimum?: StatutoryMinimum }>;
  for (const c of RETENTION_CATEGORIES) {
    const e = obj(cats[c], `categories.${c}`);
    if (e.maxAgeDays !== null && !(Number.isInteger(e.maxAgeDays) && (e.maxAgeDays as number) > 0)) fail(`categories.${c}.maxAgeDays`, 'must be a positive integer or null');
    if (e.statutoryMinimum !== undefined && !(STATUTORY_MINIMUMS as readonly unknown[]).includes(e.statutoryMinimum)) fail(`categories.${c}.statutoryMinimum`, `must be one of ${STATUTORY_MINIMUMS.join(', ')}`);
    categories[c] = { maxAgeDays: e.maxAgeDays as number | null, ...(e.statutoryMinimum ? { statutoryMinimum: e.statutoryMinimum as StatutoryMinimum } : {}) };
  }
  return { minimums, categories };
}

/** Where a source is, for the policy's `paths` globs. */
export interface PolicyPath {
  /** Relative to the scanned root, '/'-separated. */
  rel: string;
  abs?: string;
}

type Matcher = (glob: string) => (p: string) => boolean;

/**
 * The policy for a scan. The glob library loads only when the policy has `paths` (a pre-commit scan
 * should start in milliseconds, and most scans give no globs).
 */
export async function retentionPolicy(opts: RetentionOptions | undefined): Promise<RetentionPolicy> {
  // Off: the defaults file is not even read.
  if (opts?.enabled === false) return new RetentionPolicy(opts, EMPTY_DEFAULTS);
  if (!opts?.paths?.length) return new RetentionPolicy(opts);
  const picomatch = (await import('picomatch')).default;
  return new RetentionPolicy(opts, policyDefaults(), (glob) => picomatch(glob, { dot: true }));
}

export class RetentionPolicy {
  readonly enabled: boolean;
  private readonly categories: PolicyDefaults['categories'];
  private readonly paths: Array<{ glob: string; match: (p: string) => boolean; absolute: boolean; entry: NonNullable<RetentionOptions['paths']>[number] }>;

  constructor(
    opts: RetentionOptions | undefined,
    private readonly defaults: PolicyDefaults = policyDefaults(),
    matcher?: Matcher,
  ) {
    this.enabled = opts?.enabled !== false;
    const categories = { ...defaults.categories };
    // Field by field: `{ logs: { maxAgeDays: 90 } }` keeps the network-logs minimum of the default.
    for (const c of RETENTION_CATEGORIES) {
      const o = opts?.categories?.[c];
      if (!o) continue;
      categories[c] = {
        maxAgeDays: o.maxAgeDays !== undefined ? o.maxAgeDays : defaults.categories[c].maxAgeDays,
        ...((o.statutoryMinimum ?? defaults.categories[c].statutoryMinimum) ? { statutoryMinimum: o.statutoryMinimum ?? defaults.categories[c].statutoryMinimum } : {}),
      };
    }
    this.categories = categories;
    if (opts?.paths?.length && !matcher) throw new Error('RetentionPolicy: path globs need a matcher (use retentionPolicy())');
    // Relative globs read as include/exclude do: `*.csv` at any depth, `exports/**` from the root.
    this.paths = (opts?.paths ?? []).map((entry) => {
      const absolute = entry.glob.startsWith('/');
      return { glob: entry.glob, absolute, match: matcher!(absolute ? entry.glob : globForRelative(entry.glob)), entry };
    });
  }

  /** The limit for a source: the first `paths` entry whose glob matches it, else its category's. */
  limitFor(where: PolicyPath, builtin: () => RetentionCategory): RetentionLimit {
    const rel = where.rel.replace(/\\/g, '/');
    const hit = this.paths.find((p) => (p.absolute ? where.abs !== undefined && p.match(where.abs.replace(/\\/g, '/')) : p.match(rel)));
    if (!hit) return this.limitOf(builtin());
    const category = hit.entry.category ?? builtin();
    const base = this.categories[category];
    return this.limitOf(category, {
      maxAgeDays: hit.entry.maxAgeDays !== undefined ? hit.entry.maxAgeDays : base.maxAgeDays,
      statutoryMinimum: hit.entry.statutoryMinimum ?? base.statutoryMinimum,
      glob: hit.glob,
    });
  }

  /** The limit of a category (with an override from a `paths` entry). */
  limitOf(category: RetentionCategory, over?: { maxAgeDays: number | null; statutoryMinimum?: StatutoryMinimum; glob: string }): RetentionLimit {
    const c = over ?? this.categories[category];
    const minimum = c.statutoryMinimum ? { id: c.statutoryMinimum, ...this.defaults.minimums[c.statutoryMinimum] } : undefined;
    const days = c.maxAgeDays === null ? null : Math.max(c.maxAgeDays, minimum?.days ?? 0);
    return { category, days, maxAgeDays: c.maxAgeDays, ...(minimum ? { minimum } : {}), ...(over ? { glob: over.glob } : {}) };
  }
}
