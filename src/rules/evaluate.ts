import type { Finding, Violation } from '../model/finding.js';
import type { RecordFinding } from '../model/record.js';
import type { CombinationFinding } from '../analyzers/index.js';
import type { RuleId } from '../model/ids.js';
import { lowerSeverity, type Severity } from '../model/severity.js';
import { ALL_DETECTORS } from '../detectors/index.js';
import { formatMessage, getRule, isWellKnownExample, ruleSeverity, WELL_KNOWN_EXAMPLE_MESSAGE, type Lang } from './load.js';

export interface EvaluateOptions {
  lang: Lang;
  threshold: number;
}

const TITLES = new Map(ALL_DETECTORS.map((d) => [d.id as string, d.title]));

/**
 * The detectors' own example values are documentation too (they appear in the README, in comments
 * and in the detector files): like rules/well-known-examples.json, they are reported at info.
 */
const DETECTOR_EXAMPLES = new Set(ALL_DETECTORS.flatMap((d) => [...d.examples.valid, ...d.examples.masked].filter((e) => e.value).map((e) => `${d.id}:${e.value}`)));

function isDocumentedExample(detector: string, value: string): boolean {
  return isWellKnownExample(detector as never, value) || DETECTOR_EXAMPLES.has(`${detector}:${value}`);
}


function ruleFor(f: Finding): RuleId {
  if (!f.masked) return 'pi-unmasked';
  return f.mask.strength === 'weak' ? 'pi-weak-mask' : 'pi-masked';
}


/** Extra words for the message: what makes this value more sensitive, or less certain. */
function detail(f: Finding, lang: Lang): string {
  const parts: string[] = [];
  const zh = lang === 'zh';
  if (f.facts.under14) parts.push(zh ? '持有人未满十四周岁（敏感个人信息）' : 'holder under 14 (sensitive personal information)');
  if (f.facts.idKind === 'permit-hk' || f.facts.idKind === 'permit-mo' || f.facts.idKind === 'permit-tw')
    parts.push(zh ? '港澳台居民居住证号码' : 'HK/Macao/Taiwan residence permit');
  if (f.facts.idKind === 'foreign-permanent') parts.push(zh ? '外国人永久居留身份证号码' : "foreigner's permanent residence ID");
  if (f.facts.idKind === 'resident-15') parts.push(zh ? '15 位旧号码' : 'legacy 15-digit number');
  if (f.facts.unknownArea) parts.push(zh ? '地址码不在 GB/T 2260 历史代码中' : 'area code not in the GB/T 2260 history');
  if (f.detector === 'bank-card' && !f.masked) parts.push(zh ? '金融账户（敏感个人信息）' : 'financial account (sensitive personal information)');
  return parts.length ? (zh ? '（' + parts.join('；') + '）' : `(${parts.join('; ')})`) : '';
}

/**
 * The rules stage: findings in, violations out. Severity comes from the rule files
 * (rules/*.json, per detector); an under-14 holder's ID is critical and cites PIPL Art. 28, a card
 * number is a financial account (Art. 28 too); documented example values drop to info.
 */
export function evaluate(findings: Finding[], opts: EvaluateOptions): Violation[] {
  return findings.map((f) => {
    const rule = ruleFor(f);
    const def = getRule(rule);
    let severity: Severity = ruleSeverity(def, f.detector);
    const sensitive = Boolean((f.facts.under14 && !f.masked) || (f.detector === 'bank-card' && rule !== 'pi-masked'));
    if (f.facts.under14 && rule === 'pi-unmasked') severity = 'critical';
    else if (f.facts.under14 && rule === 'pi-weak-mask') severity = lowerSeverity('critical');
    const wellKnown = isDocumentedExample(f.detector, f.value);
    if (wellKnown) severity = 'info';
    const candidates = Number.isFinite(f.mask.candidates) ? f.mask.candidates : undefined;
    const v: Violation = {
      rule,
      detector: f.detector,
      severity,
      articles: articlesFor(rule, def.articles, sensitive),
      location: f.location,
      masked: f.masked,
      fingerprint: f.fingerprint,
      message: messageFor(rule, f, candidates, wellKnown, opts),
      confidence: f.confidence,
      finding: f,
    };
    if (wellKnown) v.example = true;
    if (f.masked && candidates !== undefined) v.candidates = candidates;
    else if (!f.masked) v.candidates = 1;
    return v;
  });
}

/** Article lists are shared between findings (they are never mutated downstream). */
const articleCache = new Map<string, string[]>();
function articlesFor(rule: RuleId, base: readonly string[], sensitive: boolean): string[] {
  const k = `${rule}:${sensitive}`;
  let a = articleCache.get(k);
  if (!a) {
    a = sensitive && !base.includes('PIPL-28') ? [...base, 'PIPL-28'] : [...base];
    articleCache.set(k, a);
  }
  return a;
}

/** Messages repeat (same rule, kind, count, detail): formatted once each. */
const messageCache = new Map<string, string>();
function messageFor(rule: RuleId, f: Finding, candidates: number | undefined, wellKnown: boolean, opts: EvaluateOptions): string {
  const extra = detail(f, opts.lang);
  const k = `${opts.lang}:${rule}:${f.detector}:${candidates ?? '?'}:${opts.threshold}:${wellKnown}:${extra}`;
  let m = messageCache.get(k);
  if (m === undefined) {
    const title = TITLES.get(f.detector) ?? { zh: f.detector, en: f.detector };
    m = formatMessage(getRule(rule).message[opts.lang], { kind: title[opts.lang], candidates: candidates ?? '?', threshold: opts.threshold, detail: extra });
    if (wellKnown) m = `${WELL_KNOWN_EXAMPLE_MESSAGE[opts.lang]}: ${m}`;
    if (messageCache.size >= 10_000) messageCache.clear();
    messageCache.set(k, m);
  }
  return m;
}

const KIT_WORDS: Record<Lang, Record<string, string>> = {
  zh: { name: '姓名', id: '证件号码', phone: '电话号码', address: '住址', card: '银行卡号' },
  en: { name: 'name', id: 'ID number', phone: 'phone number', address: 'address', card: 'bank card number' },
};

/** Record-level findings (identity kits) to violations; severity and articles from rules/pi-identity-kit.json. */
export function evaluateRecords(records: readonly RecordFinding[], opts: EvaluateOptions): Violation[] {
  return records.map((r) => {
    const def = getRule(r.rule);
    const words = r.kinds.map((k) => KIT_WORDS[opts.lang][k]);
    const kind = opts.lang === 'zh' ? words.join('、') : words.join(', ');
    // A kit made only of documented example values (张三 + 11010519491231002X + 13800138000 in
    // API docs) is an example too.
    const example = r.members.every((m) => isDocumentedExample(m.detector, m.value));
    return {
      rule: r.rule,
      detector: null,
      severity: example ? 'info' : def.severity,
      articles: [...def.articles],
      location: r.location,
      fingerprint: r.fingerprint,
      message: (example ? `${WELL_KNOWN_EXAMPLE_MESSAGE[opts.lang]}: ` : '') + formatMessage(def.message[opts.lang], { kind, candidates: '', threshold: opts.threshold, detail: '' }),
      ...(example ? { example } : {}),
    };
  });
}

/** Masking undone by combination: severity as the value in clear (rules/pi-mask-combination.json). */
export function evaluateCombinations(found: readonly CombinationFinding[], opts: EvaluateOptions): Violation[] {
  return found.map((c) => {
    const def = getRule(c.rule);
    const title = TITLES.get(c.detector) ?? { zh: c.detector, en: c.detector };
    const places = c.locations.map((l) => `${l.path}${l.line ? ':' + l.line : ''}`).join(opts.lang === 'zh' ? '、' : ', ');
    const detail =
      opts.lang === 'zh'
        ? `（合并 ${places} 处的屏蔽视图后只剩 ${c.candidates} 个可能值）`
        : `(combining the masked views at ${places} leaves ${c.candidates} possible values)`;
    // The union is still a masked pattern; redaction applies the canonical mask on top of it.
    const finding = {
      detector: c.detector, value: c.union, masked: true, location: c.locations[0], confidence: 1, context: false, facts: {}, record: '',
      mask: { candidates: c.candidates, strength: 'weak' as const }, fingerprint: c.fingerprint,
    };
    // Views that together still mask a documented example (the README's own illustration) are info.
    const example = isDocumentedExample(c.detector, c.union);
    const message = formatMessage(def.message[opts.lang], { kind: title[opts.lang], candidates: c.candidates, threshold: opts.threshold, detail });
    return {
      rule: c.rule,
      detector: c.detector,
      severity: example ? 'info' : ruleSeverity(def, c.detector),
      articles: [...def.articles],
      location: c.locations[0],
      masked: true,
      candidates: c.candidates,
      fingerprint: c.fingerprint,
      message: example ? `${WELL_KNOWN_EXAMPLE_MESSAGE[opts.lang]}: ${message}` : message,
      finding,
      ...(example ? { example } : {}),
    };
  });
}
