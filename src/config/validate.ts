import path from 'node:path';
import type { Node } from 'jsonc-parser';
import { DETECTOR_IDS, RULE_IDS, type DetectorId, type RuleId } from '../model/ids.js';
import { RETENTION_CATEGORIES, STATUTORY_MINIMUMS, type RetentionCategory, type RetentionCategoryOptions, type RetentionOptions, type RetentionPathOptions, type StatutoryMinimum } from '../model/retention.js';
import { SEVERITIES, type Severity } from '../model/severity.js';
import { urlHasPassword } from '../sources/database/url.js';
import { parseSize } from './options.js';
import { DURATION_HELP, parseDuration } from './durations.js';
import { CONFIG_KEYS, type ConfigKey, type ConfigSettings } from './settings.js';
import { didYouMean } from './suggest.js';

/**
 * The config file's validator: a small explicit walker over the parsed JSONC tree rather than a
 * generic JSON Schema engine, so that every message names the key by its full path
 * (`retention.logs.maxAge`, `detectors[1]`) and its line, and no schema library loads at start-up.
 * schema/config.schema.json states the same rules for editors; a test keeps the two in step.
 */

/** One thing wrong in a config file. */
export interface ConfigProblem {
  /** The key's path: `failOn`, `rules.pi-masked`, `retention.paths[0].glob`. */
  key: string;
  /** A sentence naming the key: `"failOn" must be one of …`. */
  message: string;
  /** 1-based line of the offending value (or key, for an unknown key). */
  line: number;
}

export interface ValidationResult {
  settings: ConfigSettings;
  problems: ConfigProblem[];
}

const FAIL_ON = [...SEVERITIES, 'none'] as const;
const RULE_LEVELS = ['off', ...SEVERITIES] as const;
const RETENTION_KEYS = ['enabled', 'paths', ...RETENTION_CATEGORIES] as const;
const CATEGORY_KEYS = ['maxAge', 'statutoryMinimum'] as const;
const PATH_KEYS = ['glob', 'category', 'maxAge', 'statutoryMinimum'] as const;
/** Keys that look like a secret: refused with advice instead of a mere "unknown key". */
const SECRET_KEY = /pass(word)?|pwd|secret|token/i;

/**
 * Validates a parsed config (the root node of `jsonc-parser`'s `parseTree`) and converts it to
 * settings. `text` is the file's text (for line numbers), `dir` its folder (relative paths).
 * Problems are collected, not thrown, so one run shows every mistake.
 */
export function validateConfig(root: Node | undefined, text: string, dir: string): ValidationResult {
  const v = new Walker(text, dir);
  const settings: ConfigSettings = {};
  if (!root || root.type !== 'object') {
    v.problem('(top level)', root, 'the file must hold one JSON object, such as { "failOn": "high" }');
    return { settings, problems: v.problems };
  }
  for (const [name, value, prop] of v.entries(root, '')) {
    if (name === '$schema') {
      if (value.type !== 'string') v.problem(name, value, `"$schema" must be a string (the URL or path of schema/config.schema.json)`);
      continue;
    }
    if (!(CONFIG_KEYS as readonly string[]).includes(name)) {
      v.unknownKey(name, prop, CONFIG_KEYS, SECRET_KEY.test(name) ? 'never put a password in piaudit.config.json (it is usually committed): set PIAUDIT_DB_PASSWORD in the environment' : undefined);
      continue;
    }
    // null stands for the built-in default, as if the key were absent (`piaudit init` writes
    // null for defaults that depend on the machine, such as the language).
    if (value.type === 'null') continue;
    v.setting(settings, name as ConfigKey, value);
  }
  return { settings, problems: v.problems };
}

/** Walks nodes, converting values and collecting problems. */
class Walker {
  readonly problems: ConfigProblem[] = [];
  private lineStarts: number[] | undefined;

  constructor(
    private readonly text: string,
    private readonly dir: string,
  ) {}

  problem(key: string, node: Node | undefined, message: string): void {
    this.problems.push({ key, message, line: this.lineOf(node?.offset ?? 0) });
  }

  unknownKey(key: string, prop: Node, known: readonly string[], advice?: string): void {
    const last = key.slice(key.lastIndexOf('.') + 1);
    const hint = advice ? `: ${advice}` : `${didYouMean(last, known)} (known keys: ${known.join(', ')})`;
    this.problem(key, prop, `unknown key "${key}"${hint}`);
  }

  /** The properties of an object node as [name, value node, property node], duplicates reported. */
  entries(obj: Node, prefix: string): Array<[string, Node, Node]> {
    const out: Array<[string, Node, Node]> = [];
    const seen = new Set<string>();
    for (const prop of obj.children ?? []) {
      const [k, value] = prop.children ?? [];
      if (!k || !value) continue; // a syntax error, reported by the parser
      const name = String(k.value);
      const full = prefix + name;
      if (seen.has(name)) {
        this.problem(full, k, `"${full}" is given twice (JSON keeps only one; remove the other)`);
        continue;
      }
      seen.add(name);
      out.push([name, value, k]);
    }
    return out;
  }

  setting(s: ConfigSettings, key: ConfigKey, n: Node): void {
    switch (key) {
      case 'include':
      case 'exclude':
      case 'schemas':
        s[key] = this.strings(key, n);
        break;
      case 'webRoots': {
        const roots = this.strings(key, n);
        // Like --web-root: a folder, matched as a path prefix, so it ends in exactly one slash.
        if (roots) s.webRoots = roots.map((r) => (path.resolve(this.dir, r) + '/').replace(/\/+$/, '/'));
        break;
      }
      case 'databases': {
        const urls = this.strings(key, n);
        const bad = (urls ?? []).flatMap((u, i) => (urlHasPassword(u) ? [i] : []));
        for (const i of bad) {
          this.problem(`${key}[${i}]`, n.children![i], `"databases[${i}]" holds a password: remove it from the URL and set PIAUDIT_DB_PASSWORD in the environment (the config file is usually committed)`);
        }
        if (urls && !bad.length) s.databases = urls;
        break;
      }
      case 'maxFileSize': {
        const bytes = n.type === 'number' ? this.wholeNumber(n, 0) : n.type === 'string' ? sizeOf(String(n.value)) : undefined;
        if (bytes === undefined) this.problem(key, n, `"maxFileSize" must be a size such as "500K", "50M", "1G", or a number of bytes`);
        else s.maxFileSize = bytes;
        break;
      }
      case 'ignoreFiles':
      case 'defaultExcludes':
      case 'ocr':
      case 'cache':
      case 'full':
        if (n.type !== 'boolean') this.problem(key, n, `"${key}" must be true or false`);
        else s[key] = n.value === true;
        break;
      case 'failOn':
        s.failOn = this.oneOf(key, n, FAIL_ON);
        break;
      case 'minSeverity':
        s.minSeverity = this.oneOf(key, n, SEVERITIES);
        break;
      case 'lang':
        s.lang = this.oneOf(key, n, ['zh', 'en'] as const);
        break;
      case 'maskThreshold':
      case 'sample': {
        const x = n.type === 'number' ? this.wholeNumber(n, 1) : undefined;
        if (x === undefined) this.problem(key, n, `"${key}" must be a positive whole number`);
        else s[key] = x;
        break;
      }
      case 'fileTimeout':
        if (n.type !== 'number' || !(Number(n.value) > 0)) this.problem(key, n, `"fileTimeout" must be a positive number of seconds`);
        else s.fileTimeout = Number(n.value);
        break;
      case 'baseline':
        if (n.type !== 'string' || n.value === '') this.problem(key, n, `"baseline" must be the path of a baseline file (relative to the config file's folder)`);
        else s.baseline = path.resolve(this.dir, String(n.value));
        break;
      case 'detectors': {
        const ids = this.strings(key, n);
        const bad = (ids ?? []).flatMap((id, i) => ((DETECTOR_IDS as readonly string[]).includes(id) ? [] : [i]));
        for (const i of bad) {
          this.problem(`detectors[${i}]`, n.children![i], `"detectors[${i}]" is not a detector id: "${ids![i]}"${didYouMean(ids![i], DETECTOR_IDS)} (one of ${DETECTOR_IDS.join(', ')})`);
        }
        if (ids && !bad.length) s.detectors = ids as DetectorId[];
        break;
      }
      case 'rules':
        s.rules = this.rules(n);
        break;
      case 'retention':
        s.retention = this.retention(n);
        break;
    }
  }

  private strings(key: string, n: Node): string[] | undefined {
    if (n.type !== 'array') {
      this.problem(key, n, `"${key}" must be an array of strings`);
      return undefined;
    }
    const out: string[] = [];
    let ok = true;
    (n.children ?? []).forEach((c, i) => {
      if (c.type !== 'string' || c.value === '') {
        this.problem(`${key}[${i}]`, c, `"${key}[${i}]" must be a non-empty string`);
        ok = false;
      } else out.push(String(c.value));
    });
    return ok ? out : undefined;
  }

  private oneOf<T extends string>(key: string, n: Node, values: readonly T[]): T | undefined {
    if (n.type === 'string' && (values as readonly string[]).includes(String(n.value))) return n.value as T;
    const hint = n.type === 'string' ? didYouMean(String(n.value), values) : '';
    this.problem(key, n, `"${key}" must be one of ${values.join(', ')}${hint}`);
    return undefined;
  }

  private wholeNumber(n: Node, min: number): number | undefined {
    const x = Number(n.value);
    return Number.isSafeInteger(x) && x >= min ? x : undefined;
  }

  private rules(n: Node): ConfigSettings['rules'] {
    if (n.type !== 'object') {
      this.problem('rules', n, `"rules" must be an object such as { "pi-masked": "off", "pi-weak-mask": "high" }`);
      return undefined;
    }
    const out: Partial<Record<RuleId, Severity | 'off'>> = {};
    for (const [id, value, prop] of this.entries(n, 'rules.')) {
      const key = `rules.${id}`;
      if (!(RULE_IDS as readonly string[]).includes(id)) {
        this.problem(key, prop, `"${key}" is not a rule id${didYouMean(id, RULE_IDS)} (piaudit rules lists them: ${RULE_IDS.join(', ')})`);
        continue;
      }
      const level = this.oneOf(key, value, RULE_LEVELS);
      if (level) out[id as RuleId] = level;
    }
    return out;
  }

  private retention(n: Node): RetentionOptions | undefined {
    if (n.type !== 'object') {
      this.problem('retention', n, `"retention" must be an object such as { "logs": { "maxAge": "180d" } }`);
      return undefined;
    }
    const out: RetentionOptions = {};
    for (const [name, value, prop] of this.entries(n, 'retention.')) {
      const key = `retention.${name}`;
      if (name === 'enabled') {
        if (value.type !== 'boolean') this.problem(key, value, `"${key}" must be true or false`);
        else out.enabled = value.value === true;
      } else if (name === 'paths') {
        const paths = this.retentionPaths(value);
        if (paths) out.paths = paths;
      } else if ((RETENTION_CATEGORIES as readonly string[]).includes(name)) {
        const c = this.retentionCategory(key, value);
        if (c) (out.categories ??= {})[name as RetentionCategory] = c;
      } else this.unknownKey(key, prop, RETENTION_KEYS);
    }
    return out;
  }

  private retentionCategory(key: string, n: Node): RetentionCategoryOptions | undefined {
    if (n.type !== 'object') {
      this.problem(key, n, `"${key}" must be an object such as { "maxAge": "180d", "statutoryMinimum": "network-logs" }`);
      return undefined;
    }
    const out: RetentionCategoryOptions = {};
    for (const [name, value, prop] of this.entries(n, `${key}.`)) {
      if (name === 'maxAge') this.maxAge(`${key}.maxAge`, value, out);
      else if (name === 'statutoryMinimum') this.statutory(`${key}.statutoryMinimum`, value, out);
      else this.unknownKey(`${key}.${name}`, prop, CATEGORY_KEYS);
    }
    return out;
  }

  private retentionPaths(n: Node): RetentionPathOptions[] | undefined {
    if (n.type !== 'array') {
      this.problem('retention.paths', n, `"retention.paths" must be an array such as [{ "glob": "exports/**", "category": "exports", "maxAge": "30d" }]`);
      return undefined;
    }
    const out: RetentionPathOptions[] = [];
    (n.children ?? []).forEach((item, i) => {
      const key = `retention.paths[${i}]`;
      if (item.type !== 'object') {
        this.problem(key, item, `"${key}" must be an object with a "glob"`);
        return;
      }
      const entry: Partial<RetentionPathOptions> = {};
      for (const [name, value, prop] of this.entries(item, `${key}.`)) {
        const k = `${key}.${name}`;
        if (name === 'glob') {
          if (value.type !== 'string' || value.value === '') this.problem(k, value, `"${k}" must be a non-empty glob such as "exports/**"`);
          else entry.glob = String(value.value);
        } else if (name === 'category') {
          const c = this.oneOf(k, value, RETENTION_CATEGORIES);
          if (c) entry.category = c;
        } else if (name === 'maxAge') this.maxAge(k, value, entry);
        else if (name === 'statutoryMinimum') this.statutory(k, value, entry);
        else this.unknownKey(k, prop, PATH_KEYS);
      }
      if (entry.glob === undefined) {
        if (!(item.children ?? []).some((p) => p.children?.[0]?.value === 'glob')) this.problem(`${key}.glob`, item, `"${key}.glob" is required`);
        return;
      }
      out.push(entry as RetentionPathOptions);
    });
    return out;
  }

  private maxAge(key: string, n: Node, into: { maxAgeDays?: number | null }): void {
    // Object and array nodes carry no value: they read as undefined, which is not a duration.
    const days = parseDuration(n.type === 'null' ? null : (n.value as unknown));
    if (days === undefined) this.problem(key, n, `"${key}" must be ${DURATION_HELP}`);
    else into.maxAgeDays = days;
  }

  private statutory(key: string, n: Node, into: { statutoryMinimum?: StatutoryMinimum }): void {
    const m = this.oneOf(key, n, STATUTORY_MINIMUMS);
    if (m) into.statutoryMinimum = m;
  }

  private lineOf(offset: number): number {
    this.lineStarts ??= lineStartsOf(this.text);
    return lineAt(this.lineStarts, offset);
  }
}

/** Offsets where the lines of `text` start. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** 1-based line of `offset` given the offsets where lines start (binary search). */
export function lineAt(lineStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function sizeOf(text: string): number | undefined {
  try {
    return parseSize(text);
  } catch {
    return undefined;
  }
}
