import { readdirSync, readFileSync } from 'node:fs';
import { DETECTOR_IDS, RULE_IDS, type DetectorId, type RuleId } from '../model/ids.js';
import { isSeverity, SEVERITIES, type Severity } from '../model/severity.js';

/**
 * Rules as data (style.md practice 5): one JSON file per rule in the package's top-level `rules/`
 * folder, plus `articles.json` (statute texts) and `well-known-examples.json`. This module reads
 * them on first use, validates them by hand (ajv is a dev dependency only; the test suite checks the
 * same files against schema/rule.schema.json) and caches the result for the life of the process.
 */

/** Languages every rule and article carries. */
export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

/** A text in both languages. */
export type LocalizedText = Readonly<Record<Lang, string>>;

/** The only placeholders a rule message may use; the engine supplies their values. */
export const MESSAGE_PLACEHOLDERS = ['kind', 'candidates', 'threshold', 'detail', 'side', 'purpose', 'count', 'places'] as const;
export type MessagePlaceholder = (typeof MESSAGE_PLACEHOLDERS)[number];

/** One rule file, `rules/<id>.json`. */
export interface RuleDef {
  readonly id: RuleId;
  /** False: part of the report contract, but no analyzer emits it yet ("planned"). */
  readonly implemented: boolean;
  /** Default severity. */
  readonly severity: Severity;
  /** Per-detector defaults that override `severity` (empty when there are none). */
  readonly severityByDetector: Readonly<Partial<Record<DetectorId, Severity>>>;
  /** Article ids (`CC-1034`, `PIPL-51`), all present in rules/articles.json. */
  readonly articles: readonly string[];
  readonly title: LocalizedText;
  /** Template with `{kind}`, `{candidates}`, `{threshold}`, `{detail}` (ID copies: `{side}`, `{purpose}`, `{count}`, `{places}`); see formatMessage. */
  readonly message: LocalizedText;
  readonly advice: LocalizedText;
}

/** One statute article from rules/articles.json. */
export interface ArticleDef {
  /** `CC-<n>` for the Civil Code, `PIPL-<n>` for the PIPL. */
  readonly id: string;
  readonly law: 'civil-code' | 'pipl';
  readonly number: number;
  readonly title: LocalizedText;
  /** zh: the official text, paragraphs joined with "\n"; en: an unofficial rendering. */
  readonly text: LocalizedText;
  /** Official page of the law (npc.gov.cn). */
  readonly source: string;
}

/** Message used for documented example values (decisions.md: they keep their rule, at info). */
export const WELL_KNOWN_EXAMPLE_MESSAGE: LocalizedText = {
  zh: '公开的示例值',
  en: 'well-known example value',
};

const ARTICLES_FILE = 'articles.json';
const EXAMPLES_FILE = 'well-known-examples.json';
// Data files beside the rules (not rules themselves): statute texts, example values, the retention policy's defaults (read by rules/retention-policy.ts).
const POLICY_FILE = 'retention-policy.json';
const DATA_FILES = new Set([ARTICLES_FILE, EXAMPLES_FILE, POLICY_FILE]);
const RULE_KEYS = new Set(['$schema', 'id', 'implemented', 'severity', 'severityByDetector', 'articles', 'title', 'message', 'advice']);
const ARTICLE_KEYS = new Set(['id', 'law', 'number', 'title', 'text', 'source']);
const LAW_PREFIX: Record<ArticleDef['law'], string> = { 'civil-code': 'CC', pipl: 'PIPL' };

/** Everything in one rules folder, validated. */
export interface RuleSet {
  readonly rules: readonly RuleDef[];
  readonly articles: readonly ArticleDef[];
  /** Detector id -> normalised example values. */
  readonly wellKnown: ReadonlyMap<DetectorId, ReadonlySet<string>>;
}

/**
 * Reads and validates a rules folder without caching. The cached accessors below use the package's
 * own folder; tests call this directly on broken copies.
 * @throws Error naming the file and key when something is wrong.
 */
export function readRuleSet(dir: URL): RuleSet {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const articles = validateArticles(readJson(dir, ARTICLES_FILE), ARTICLES_FILE);
  const articleIds = new Set(articles.map((a) => a.id));

  const byId = new Map<RuleId, RuleDef>();
  for (const file of files) {
    if (DATA_FILES.has(file)) continue;
    const rule = validateRule(readJson(dir, file), file, articleIds);
    byId.set(rule.id, rule);
  }
  const missing = RULE_IDS.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new Error(`rules/: missing rule file(s) ${missing.map((id) => `${id}.json`).join(', ')}`);
  }
  const rules = RULE_IDS.map((id) => byId.get(id) as RuleDef);

  const wellKnown = files.includes(EXAMPLES_FILE)
    ? validateExamples(readJson(dir, EXAMPLES_FILE), EXAMPLES_FILE)
    : new Map<DetectorId, ReadonlySet<string>>();
  return { rules, articles, wellKnown };
}

/** The package's rules/ folder: `../../rules/` from src/rules/load.ts and from dist/rules/load.js. */
const RULES_DIR = new URL('../../rules/', import.meta.url);
let cached: RuleSet | undefined;

function ruleSet(): RuleSet {
  cached ??= readRuleSet(RULES_DIR);
  return cached;
}

/** All rules, in the contract's RULE_IDS order. Read and validated on first use. */
export function loadRules(): readonly RuleDef[] {
  return ruleSet().rules;
}

/** One rule by id (every contract rule has a file, so this only throws on a broken install). */
export function getRule(id: RuleId): RuleDef {
  const rule = ruleSet().rules.find((r) => r.id === id);
  if (!rule) throw new Error(`rules/: unknown rule ${id}`);
  return rule;
}

/** All articles, in the order of rules/articles.json. */
export function loadArticles(): readonly ArticleDef[] {
  return ruleSet().articles;
}

/** One article by id (`CC-1034`, `PIPL-73`), or undefined. */
export function getArticle(id: string): ArticleDef | undefined {
  return ruleSet().articles.find((a) => a.id === id);
}

/** A rule's default severity for a detector: its per-detector entry, else the rule's default. */
export function ruleSeverity(rule: RuleDef, detector: DetectorId | null): Severity {
  return (detector !== null ? rule.severityByDetector[detector] : undefined) ?? rule.severity;
}

/**
 * Domains reserved for documentation and tests (RFC 2606, RFC 6761): no mailbox there belongs to
 * anyone, so an address in them is an example wherever it appears.
 */
const RESERVED_DOMAINS = /(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)$/i;

function isReservedExampleAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  return at !== -1 && RESERVED_DOMAINS.test(address.slice(at + 1));
}

/**
 * True for a documented example value (rules/well-known-examples.json), which is reported at
 * severity info so that documentation does not fail a pre-commit hook. `normalisedValue` is the
 * detector's normalised value (digits, upper-case X) or a masked pattern with `*`; a landline may
 * carry its trunk `0`.
 */
export function isWellKnownExample(detector: DetectorId, normalisedValue: string): boolean {
  if (detector === 'email') return isReservedExampleAddress(normalisedValue) || (ruleSet().wellKnown.get(detector)?.has(normalisedValue.toLowerCase()) ?? false);
  const values = ruleSet().wellKnown.get(detector);
  if (!values) return false;
  const v = normalisedValue.toUpperCase();
  // A masked pattern (`110105********002X`) is an example when it masks a listed value: the
  // README and docs show weak masks of the standard's example on purpose.
  if (v.includes('*')) {
    for (const w of values) if (w.length === v.length && [...v].every((ch, i) => ch === '*' || ch === w[i])) return true;
    return false;
  }
  // Landlines are listed as national significant numbers (libphonenumber); detectors may keep the 0.
  return values.has(v) || (detector === 'cn-landline' && v.startsWith('0') && values.has(v.slice(1)));
}

/**
 * Fills `{name}` placeholders from `data`; numbers get thousands separators (`10,000`). A
 * placeholder without data stays as it is, so a missing value shows instead of vanishing. Trailing
 * whitespace is trimmed, so a template ending in an empty `{detail}` leaves no dangling space.
 * @example formatMessage('only {candidates} values', { candidates: 3300 }) // 'only 3,300 values'
 */
export function formatMessage(template: string, data: Record<string, string | number>): string {
  return template
    .replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
      if (!Object.hasOwn(data, name)) return whole;
      const v = data[name];
      return typeof v === 'number' ? groupThousands(v) : v;
    })
    .trimEnd();
}

/** `3985` → `3,985` (toLocaleString costs ~25 ms on its first call and µs after; this is per finding). */
function groupThousands(n: number): string {
  const s = String(n);
  return Number.isInteger(n) && Math.abs(n) >= 1000 ? s.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : s;
}

/** Placeholder names used in a template, in order of appearance. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]);
}

// ---------------------------------------------------------------------------------------------
// Validation. Every error names the file and the key, e.g.
// `rules/pi-unmasked.json: "severity" must be one of critical, high, medium, low, info (got "error")`.

type Json = unknown;

function readJson(dir: URL, file: string): Json {
  let text: string;
  try {
    text = readFileSync(new URL(file, dir), 'utf8');
  } catch (e) {
    throw new Error(`rules/${file}: cannot read (${(e as Error).message})`);
  }
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    throw new Error(`rules/${file}: invalid JSON (${(e as Error).message})`);
  }
}

function fail(file: string, key: string, problem: string): never {
  throw new Error(`rules/${file}: "${key}" ${problem}`);
}

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: Json): string {
  return JSON.stringify(v) ?? String(v);
}

function localized(v: Json, file: string, key: string): LocalizedText {
  if (!isObject(v)) fail(file, key, 'must be an object with "zh" and "en"');
  for (const k of Object.keys(v)) {
    if (!(LANGS as readonly string[]).includes(k)) fail(file, `${key}.${k}`, 'is not a known language (zh, en)');
  }
  for (const lang of LANGS) {
    const s = v[lang];
    if (typeof s !== 'string' || s.trim() === '') fail(file, `${key}.${lang}`, 'must be a non-empty string');
  }
  return { zh: v.zh as string, en: v.en as string };
}

function severity(v: Json, file: string, key: string): Severity {
  if (typeof v !== 'string' || !isSeverity(v)) {
    fail(file, key, `must be one of ${SEVERITIES.join(', ')} (got ${show(v)})`);
  }
  return v;
}

function validateRule(raw: Json, file: string, articleIds: ReadonlySet<string>): RuleDef {
  if (!isObject(raw)) fail(file, '(root)', 'must be an object');
  for (const k of Object.keys(raw)) if (!RULE_KEYS.has(k)) fail(file, k, 'is not a known rule key');

  const id = raw.id;
  if (typeof id !== 'string' || !(RULE_IDS as readonly string[]).includes(id)) {
    fail(file, 'id', `must be one of the contract's rule ids ${RULE_IDS.join(', ')} (got ${show(id)})`);
  }
  if (`${id}.json` !== file) fail(file, 'id', `must equal the file name (got ${show(id)})`);
  if (typeof raw.implemented !== 'boolean') fail(file, 'implemented', 'must be true or false');

  const byDetector: Partial<Record<DetectorId, Severity>> = {};
  if (raw.severityByDetector !== undefined) {
    if (!isObject(raw.severityByDetector)) fail(file, 'severityByDetector', 'must be an object');
    for (const [det, sev] of Object.entries(raw.severityByDetector)) {
      if (!(DETECTOR_IDS as readonly string[]).includes(det)) {
        fail(file, `severityByDetector.${det}`, 'is not a detector id');
      }
      byDetector[det as DetectorId] = severity(sev, file, `severityByDetector.${det}`);
    }
  }

  const articles = raw.articles;
  if (!Array.isArray(articles) || articles.length === 0) fail(file, 'articles', 'must be a non-empty array');
  articles.forEach((a: Json, i) => {
    if (typeof a !== 'string' || !articleIds.has(a)) {
      fail(file, `articles[${i}]`, `must be an article id from rules/${ARTICLES_FILE} (got ${show(a)})`);
    }
    if (articles.indexOf(a) !== i) fail(file, `articles[${i}]`, `repeats ${show(a)}`);
  });

  const message = localized(raw.message, file, 'message');
  for (const lang of LANGS) {
    for (const p of placeholdersOf(message[lang])) {
      if (!(MESSAGE_PLACEHOLDERS as readonly string[]).includes(p)) {
        fail(file, `message.${lang}`, `uses {${p}}; allowed: ${MESSAGE_PLACEHOLDERS.map((x) => `{${x}}`).join(' ')}`);
      }
    }
  }

  return {
    id: id as RuleId,
    implemented: raw.implemented,
    severity: severity(raw.severity, file, 'severity'),
    severityByDetector: byDetector,
    articles: articles as string[],
    title: localized(raw.title, file, 'title'),
    message,
    advice: localized(raw.advice, file, 'advice'),
  };
}

function validateArticles(raw: Json, file: string): ArticleDef[] {
  if (!Array.isArray(raw)) fail(file, '(root)', 'must be an array of articles');
  const seen = new Set<string>();
  return raw.map((a: Json, i): ArticleDef => {
    const at = `[${i}]`;
    if (!isObject(a)) fail(file, at, 'must be an object');
    for (const k of Object.keys(a)) if (!ARTICLE_KEYS.has(k)) fail(file, `${at}.${k}`, 'is not a known article key');
    const { law, number, id, source } = a;
    if (law !== 'civil-code' && law !== 'pipl') fail(file, `${at}.law`, `must be "civil-code" or "pipl" (got ${show(law)})`);
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) {
      fail(file, `${at}.number`, `must be a positive integer (got ${show(number)})`);
    }
    const expected = `${LAW_PREFIX[law]}-${number}`;
    if (id !== expected) fail(file, `${at}.id`, `must be ${show(expected)} for this law and number (got ${show(id)})`);
    if (seen.has(expected)) fail(file, `${at}.id`, `repeats ${show(expected)}`);
    seen.add(expected);
    if (typeof source !== 'string' || !/^https:\/\//.test(source)) fail(file, `${at}.source`, 'must be an https URL');
    return {
      id: expected,
      law,
      number,
      title: localized(a.title, file, `${at}.title`),
      text: localized(a.text, file, `${at}.text`),
      source,
    };
  });
}

function validateExamples(raw: Json, file: string): Map<DetectorId, ReadonlySet<string>> {
  if (!isObject(raw)) fail(file, '(root)', 'must be an object keyed by detector id');
  const out = new Map<DetectorId, ReadonlySet<string>>();
  for (const [det, list] of Object.entries(raw)) {
    if (!(DETECTOR_IDS as readonly string[]).includes(det)) fail(file, det, 'is not a detector id');
    if (!Array.isArray(list)) fail(file, det, 'must be an array');
    const values = new Set<string>();
    list.forEach((e: Json, i) => {
      if (!isObject(e)) fail(file, `${det}[${i}]`, 'must be an object with "value" and "source"');
      // Normalised as the detector reports it: digits and upper-case letters for numbers, the
      // lower-cased address for e-mail, the characters themselves for names.
      const shape = det === 'email' ? /^[^\sA-Z]+@[^\sA-Z]+$/ : det === 'person-name' ? /^[\u4e00-\u9fff]{2,4}$/ : /^[0-9A-Z]+$/;
      if (typeof e.value !== 'string' || !shape.test(e.value)) {
        fail(file, `${det}[${i}].value`, `must be a normalised value (digits, upper-case letters; a lower-case e-mail; a Chinese name) (got ${show(e.value)})`);
      }
      if (typeof e.source !== 'string' || e.source.trim() === '') fail(file, `${det}[${i}].source`, 'must be a non-empty string');
      values.add(e.value);
    });
    out.set(det as DetectorId, values);
  }
  return out;
}
