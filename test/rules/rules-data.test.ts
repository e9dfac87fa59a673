import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import { id15to18 } from '../../src/detectors/cn-id.js';
import { gb11643Valid } from '../../src/util/checksums/gb11643.js';
import { luhnValid } from '../../src/util/checksums/luhn.js';
import { DETECTOR_IDS, RULE_IDS } from '../../src/model/ids.js';
import { chineseNumber, renderExplain, renderRuleList } from '../../src/reports/rules-text.js';
import {
  formatMessage,
  getArticle,
  getRule,
  isWellKnownExample,
  loadArticles,
  loadRules,
  MESSAGE_PLACEHOLDERS,
  placeholdersOf,
  readRuleSet,
  ruleSeverity,
} from '../../src/rules/load.js';

const ROOT = new URL('../../', import.meta.url);
const RULES_DIR = new URL('rules/', ROOT);
const DATA_FILES = ['articles.json', 'well-known-examples.json', 'retention-policy.json'];

function readJson(url: URL): unknown {
  return JSON.parse(readFileSync(url, 'utf8'));
}

const ruleFiles = readdirSync(RULES_DIR)
  .filter((f) => f.endsWith('.json') && !DATA_FILES.includes(f))
  .sort();
const rawRules = ruleFiles.map((file) => ({ file, data: readJson(new URL(file, RULES_DIR)) as Record<string, unknown> }));
const rawArticles = readJson(new URL('articles.json', RULES_DIR)) as { id: string; text: { zh: string; en: string } }[];
const rawExamples = readJson(new URL('well-known-examples.json', RULES_DIR)) as Record<string, { value: string }[]>;

const REQUIRED_ARTICLES = [
  'CC-1032', 'CC-1033', 'CC-1034', 'CC-1035', 'CC-1036', 'CC-1037', 'CC-1038', 'CC-1039',
  'PIPL-4', 'PIPL-5', 'PIPL-6', 'PIPL-19', 'PIPL-28', 'PIPL-47', 'PIPL-51', 'PIPL-73',
];

describe('rule files', () => {
  it('load without errors, one per contract rule id, in RULE_IDS order', () => {
    const rules = loadRules();
    expect(rules.map((r) => r.id)).toEqual([...RULE_IDS]);
  });

  it('have unique ids equal to their file names', () => {
    const ids = rawRules.map((r) => r.data.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { file, data } of rawRules) expect(`${String(data.id)}.json`).toBe(file);
  });

  it('exist for every RULE_IDS entry and nothing else', () => {
    expect(ruleFiles).toEqual(RULE_IDS.map((id) => `${id}.json`).sort());
  });

  it('reference only existing articles', () => {
    const ids = new Set(rawArticles.map((a) => a.id));
    for (const { file, data } of rawRules) {
      for (const a of data.articles as string[]) expect(ids.has(a), `${file}: ${a}`).toBe(true);
    }
  });

  it('use only the allowed message placeholders', () => {
    for (const rule of loadRules()) {
      for (const lang of ['zh', 'en'] as const) {
        for (const p of placeholdersOf(rule.message[lang])) {
          expect(MESSAGE_PLACEHOLDERS as readonly string[], `${rule.id}.message.${lang}`).toContain(p);
        }
      }
    }
  });

  it('say how many candidates remain and the threshold for a weak mask', () => {
    for (const lang of ['zh', 'en'] as const) {
      const msg = getRule('pi-weak-mask').message[lang];
      expect(msg).toContain('{candidates}');
      expect(msg).toContain('{threshold}');
    }
  });

  it('mark the rules with an analyzer implemented and the rest planned', () => {
    const implemented = loadRules().filter((r) => r.implemented).map((r) => r.id);
    expect(implemented).toEqual(['pi-unmasked', 'pi-masked', 'pi-weak-mask', 'pi-mask-combination', 'pi-identity-kit', 'retention-expired', 'id-copy-no-purpose', 'id-copy-duplicate', 'id-copy-stored', 'exposed-permissions']);
  });

  // decisions.md "Contract and rules": default severities.
  it('carry the default severities of decisions.md', () => {
    const sev = (id: (typeof RULE_IDS)[number], det: (typeof DETECTOR_IDS)[number]) => ruleSeverity(getRule(id), det);
    for (const det of DETECTOR_IDS) {
      const clear = det === 'cn-id' || det === 'bank-card' ? 'high' : 'medium';
      expect(sev('pi-unmasked', det), det).toBe(clear);
      expect(sev('pi-mask-combination', det), det).toBe(clear);
      expect(sev('pi-weak-mask', det), det).toBe(clear === 'high' ? 'medium' : 'low');
      expect(sev('pi-masked', det), det).toBe('info');
    }
    expect(getRule('pi-identity-kit').severity).toBe('high');
    expect(getRule('retention-expired').severity).toBe('medium');
    expect(getRule('exposed-permissions').severity).toBe('high');
    expect(getRule('id-copy-no-purpose').severity).toBe('high');
    expect(getRule('id-copy-duplicate').severity).toBe('medium');
    expect(ruleSeverity(getRule('pi-unmasked'), null)).toBe('medium');
  });
});

describe('articles', () => {
  it('hold exactly the 16 required articles', () => {
    expect(rawArticles.map((a) => a.id).sort()).toEqual([...REQUIRED_ARTICLES].sort());
    expect(loadArticles()).toHaveLength(16);
  });

  it('have non-empty Chinese and English texts', () => {
    for (const a of loadArticles()) {
      expect(a.text.zh.trim(), a.id).not.toBe('');
      expect(a.text.en.trim(), a.id).not.toBe('');
      expect(a.title.zh.trim(), a.id).not.toBe('');
      expect(a.title.en.trim(), a.id).not.toBe('');
    }
  });

  it('are found by id', () => {
    expect(getArticle('CC-1034')?.number).toBe(1034);
    expect(getArticle('PIPL-73')?.law).toBe('pipl');
    expect(getArticle('CC-9999')).toBeUndefined();
  });
});

describe('JSON Schema (schema/rule.schema.json)', () => {
  const schema = readJson(new URL('schema/rule.schema.json', ROOT)) as { $id: string };
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addSchema(schema);
  const get = (ref: string) => {
    const v = ajv.getSchema(ref);
    if (!v) throw new Error(`no schema ${ref}`);
    return v;
  };

  it.each(ruleFiles)('%s is valid', (file) => {
    const validate = get(schema.$id);
    const ok = validate(readJson(new URL(file, RULES_DIR)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('articles.json is valid', () => {
    const validate = get(`${schema.$id}#/$defs/articles`);
    expect(validate(rawArticles), JSON.stringify(validate.errors)).toBe(true);
  });

  it('well-known-examples.json is valid', () => {
    const validate = get(`${schema.$id}#/$defs/wellKnownExamples`);
    expect(validate(rawExamples), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects a rule with an unknown severity or a typo in a key', () => {
    const validate = get(schema.$id);
    const good = rawRules[0].data;
    expect(validate({ ...good, severity: 'error' })).toBe(false);
    expect(validate({ ...good, severty: 'high' })).toBe(false);
  });

  it('agrees with the contract ids', () => {
    const defs = (schema as unknown as { $defs: Record<string, { enum?: string[] }> }).$defs;
    expect(defs.ruleId.enum).toEqual([...RULE_IDS]);
    expect(defs.detectorId.enum).toEqual([...DETECTOR_IDS]);
  });
});

describe('well-known examples', () => {
  it('cn-id values pass the GB 11643 checksum (15-digit ones after conversion to 18)', () => {
    expect(rawExamples['cn-id'].length).toBeGreaterThan(0);
    for (const { value } of rawExamples['cn-id']) expect(gb11643Valid(value.length === 15 ? id15to18(value) : value), value).toBe(true);
  });

  it('bank-card values pass Luhn and have card lengths', () => {
    expect(rawExamples['bank-card'].length).toBeGreaterThan(0);
    for (const { value } of rawExamples['bank-card']) {
      expect(luhnValid(value), value).toBe(true);
      expect(value.length, value).toBeGreaterThanOrEqual(15);
      expect(value.length, value).toBeLessThanOrEqual(19);
    }
  });

  it('are stored normalised and looked up by detector', () => {
    const shapes: Record<string, RegExp> = { email: /^[^\sA-Z]+@[^\sA-Z]+$/, 'person-name': /^[\u4e00-\u9fff]{2,4}$/ };
    for (const [det, list] of Object.entries(rawExamples)) {
      for (const { value } of list) expect(value).toMatch(shapes[det] ?? /^[0-9X]+$/);
    }
    expect(isWellKnownExample('person-name', '张三')).toBe(true);
    expect(isWellKnownExample('cn-id', '11010519491231002X')).toBe(true);
    expect(isWellKnownExample('cn-id', '11010519491231002x')).toBe(true);
    expect(isWellKnownExample('cn-mobile', '13800138000')).toBe(true);
    expect(isWellKnownExample('bank-card', '4111111111111111')).toBe(true);
    expect(isWellKnownExample('cn-landline', '1012345678')).toBe(true);
    expect(isWellKnownExample('cn-landline', '01012345678')).toBe(true);
    // The detector matters: an example for one kind is not an example for another.
    expect(isWellKnownExample('bank-card', '13800138000')).toBe(false);
    expect(isWellKnownExample('cn-id', '110105194912310021')).toBe(false);
    expect(isWellKnownExample('email', 'X')).toBe(false);
  });
});

describe('formatMessage', () => {
  it('fills placeholders and formats numbers with thousands separators', () => {
    expect(formatMessage('only {candidates} left (threshold {threshold})', { candidates: 3300, threshold: 10000 }))
      .toBe('only 3,300 left (threshold 10,000)');
    expect(formatMessage('Unmasked {kind} stored in clear text. {detail}', { kind: 'resident ID number', detail: '' }))
      .toBe('Unmasked resident ID number stored in clear text.');
  });

  it('leaves a placeholder without data visible', () => {
    expect(formatMessage('{kind} and {other}', { kind: 'x' })).toBe('x and {other}');
  });

  it('renders every rule message with all placeholders supplied', () => {
    const data = { kind: 'resident ID number', candidates: 12345, threshold: 10000, detail: '', side: 'front', purpose: '', count: 2, places: 'a.jpg, b.jpg' };
    for (const rule of loadRules()) {
      for (const lang of ['zh', 'en'] as const) {
        expect(formatMessage(rule.message[lang], data), `${rule.id}.${lang}`).not.toMatch(/\{[a-z]+\}/);
      }
    }
  });
});

describe('loader validation', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** A copy of rules/ with one file changed; returns the loader's error message. */
  function loadBroken(file: string, edit: (data: any) => unknown): string {
    dir = mkdtempSync(join(tmpdir(), 'piaudit-rules-'));
    cpSync(new URL('.', RULES_DIR), dir, { recursive: true });
    const path = join(dir, file);
    writeFileSync(path, JSON.stringify(edit(JSON.parse(readFileSync(path, 'utf8')))));
    try {
      readRuleSet(pathToFileURL(dir + '/'));
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  }

  it('accepts the shipped folder', () => {
    expect(readRuleSet(RULES_DIR).rules).toHaveLength(RULE_IDS.length);
  });

  it.each([
    ['pi-unmasked.json', (d: any) => ({ ...d, severity: 'error' }), /rules\/pi-unmasked\.json: "severity"/],
    ['pi-unmasked.json', (d: any) => ({ ...d, id: 'pi-masked' }), /rules\/pi-unmasked\.json: "id" must equal the file name/],
    ['pi-masked.json', (d: any) => ({ ...d, articles: ['CC-9999'] }), /rules\/pi-masked\.json: "articles\[0\]"/],
    ['pi-masked.json', (d: any) => ({ ...d, title: { en: 'x' } }), /rules\/pi-masked\.json: "title\.zh"/],
    ['pi-weak-mask.json', (d: any) => ({ ...d, message: { ...d.message, en: '{value}' } }), /"message\.en" uses \{value\}/],
    ['pi-weak-mask.json', (d: any) => ({ ...d, severityByDetector: { 'cn-idd': 'high' } }), /"severityByDetector\.cn-idd"/],
    ['articles.json', (d: any[]) => [...d, d[0]], /rules\/articles\.json: "\[16\]\.id" repeats/],
    ['articles.json', (d: any[]) => d.map((a, i) => (i === 2 ? { ...a, text: { zh: a.text.zh } } : a)), /"\[2\]\.text\.en"/],
    ['well-known-examples.json', (d: any) => ({ ...d, 'cn-id': [{ value: '11010519491231002x', source: 's' }] }), /"cn-id\[0\]\.value"/],
  ] as const)('names the file and key: %s', (file, edit, expected) => {
    expect(loadBroken(file, edit)).toMatch(expected);
  });

  it('names a missing rule file', () => {
    dir = mkdtempSync(join(tmpdir(), 'piaudit-rules-'));
    cpSync(new URL('.', RULES_DIR), dir, { recursive: true });
    rmSync(join(dir, 'exposed-permissions.json'));
    expect(() => readRuleSet(pathToFileURL(dir + '/'))).toThrow(/missing rule file\(s\) exposed-permissions\.json/);
  });
});

describe('rules-text', () => {
  it('lists every rule with severity, status and both titles', () => {
    const text = renderRuleList(loadRules());
    for (const r of loadRules()) {
      const line = text.split('\n').find((l) => l.startsWith(`${r.id} `));
      expect(line, r.id).toBeDefined();
      expect(line).toContain(r.severity);
      expect(line).toContain(r.implemented ? 'implemented' : 'planned');
      expect(line).toContain(r.title.en);
      expect(line).toContain(r.title.zh);
    }
  });

  it('explains pi-weak-mask with the text of Art. 1034 and the advice', () => {
    const rule = getRule('pi-weak-mask');
    const text = renderExplain(rule, loadArticles());
    const art1034 = rawArticles.find((a) => a.id === 'CC-1034');
    if (!art1034) throw new Error('CC-1034 missing');
    // A distinctive sentence of Art. 1034 (its definition of personal information), read from the data.
    const distinctive = art1034.text.zh.split('\n').find((p) => p.includes('身份证件号码'));
    expect(distinctive).toBeDefined();
    expect(text).toContain(distinctive);
    expect(text).toContain(art1034.text.en);
    expect(text).toContain(rule.advice.zh);
    expect(text).toContain(rule.advice.en);
    expect(text).toContain(rule.message.en);
    expect(text).toContain('第一千零三十四条');
    for (const id of rule.articles) expect(text).toContain(id);
    expect(text).toContain('medium for cn-id');
  });

  it('writes article numbers the Chinese way', () => {
    expect([1032, 1034, 1039, 4, 19, 28, 47, 51, 73, 10, 1000, 1010].map(chineseNumber)).toEqual([
      '一千零三十二', '一千零三十四', '一千零三十九', '四', '十九', '二十八', '四十七', '五十一', '七十三', '十', '一千', '一千零一十',
    ]);
  });
});
