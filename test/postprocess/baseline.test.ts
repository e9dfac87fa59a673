/**
 * Baselines: written without values or line numbers, sorted and deduplicated, read back with
 * validation errors that name the file and the bad key, and matched on fingerprint + rule + path
 * (a derived key for findings without a fingerprint), with stale entries reported.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { BaselineFilter, baselineKey, keyCheckOf, loadBaseline, parseBaseline, toBaseline, writeBaseline } from '../../src/postprocess/baseline.js';
import type { ReportFinding } from '../../src/model/finding.js';
import { FatalError } from '../../src/model/errors.js';
import { makeCnId, makeRng } from '../helpers/synth.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'piaudit-baseline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rng = makeRng(20260);
const fp = (seed: string) => createHmac('sha256', 'test-key').update(seed).digest('hex');

function finding(over: Partial<ReportFinding> & { path?: string; line?: number } = {}): ReportFinding {
  const { path: p = 'src/app.log', line = 3, ...rest } = over;
  return {
    rule: 'pi-unmasked',
    detector: 'cn-id',
    severity: 'high',
    articles: ['1034'],
    location: { path: p, line, col: 7 },
    evidence: '110***********123X',
    fingerprint: fp('one'),
    message: 'unmasked resident ID',
    ...rest,
  };
}

describe('writeBaseline / toBaseline', () => {
  it('writes version, tool, createdAt, keyCheck and sorted, deduplicated entries without values or lines', async () => {
    const id = makeCnId(rng);
    const file = path.join(dir, 'b1.json');
    const fs = [
      finding({ path: 'z/last.txt', fingerprint: fp('b') }),
      finding({ path: './a/first.txt', fingerprint: fp('a'), evidence: `${id.slice(0, 3)}***` }),
      finding({ path: 'a/first.txt', fingerprint: fp('a'), line: 99 }), // same value elsewhere in the file: one entry
      finding({ path: 'a/first.txt', rule: 'pi-weak-mask', fingerprint: fp('a') }),
    ];
    const b = await writeBaseline(fs, file, { createdAt: new Date('2026-01-02T03:04:05Z'), keyCheck: keyCheckOf('test-key') });
    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text)).toEqual(b);
    expect(text.endsWith('}\n')).toBe(true);
    expect(Object.keys(b)).toEqual(['version', 'tool', 'createdAt', 'keyCheck', 'entries']);
    expect(b.version).toBe(1);
    expect(b.tool.name).toBe('piaudit');
    expect(b.createdAt).toBe('2026-01-02T03:04:05.000Z');
    expect(b.entries).toEqual([
      { fingerprint: fp('a'), rule: 'pi-unmasked', path: 'a/first.txt', detector: 'cn-id' },
      { fingerprint: fp('a'), rule: 'pi-weak-mask', path: 'a/first.txt', detector: 'cn-id' },
      { fingerprint: fp('b'), rule: 'pi-unmasked', path: 'z/last.txt', detector: 'cn-id' },
    ]);
    // Nothing but the entry keys: no evidence, no line, no message, no value.
    expect(text).not.toMatch(/evidence|line|message|\*\*\*/);
    expect(text).not.toContain(id);
  });

  it('is stable: the same findings in another order give the same bytes', () => {
    const fs = [finding({ path: 'b' }), finding({ path: 'a', fingerprint: fp('x') }), finding({ path: 'a', rule: 'pi-masked' })];
    const at = { createdAt: new Date(0) };
    expect(JSON.stringify(toBaseline(fs, at))).toBe(JSON.stringify(toBaseline([...fs].reverse(), at)));
  });

  it('records archive members as path!entry', () => {
    const b = toBaseline([finding({ location: { path: 'backup.zip', entry: 'logs/a.log', line: 1 } })]);
    expect(b.entries[0].path).toBe('backup.zip!logs/a.log');
  });

  it('fails with the file name when the file cannot be written', async () => {
    const file = path.join(dir, 'missing-dir', 'b.json');
    await expect(writeBaseline([finding()], file)).rejects.toThrow(FatalError);
    await expect(writeBaseline([finding()], file)).rejects.toThrow(file);
  });
});

describe('baselineKey for findings without a fingerprint', () => {
  const noFp = (over: Partial<ReportFinding> = {}) => finding({ fingerprint: undefined, detector: null, rule: 'retention-expired', evidence: undefined, ...over });

  it('ignores line, column, page, row and message', () => {
    const a = noFp({ location: { path: 'x.log', line: 1, col: 1, page: 1 }, message: 'older than 200 days' });
    const b = noFp({ location: { path: 'x.log', line: 50, col: 9, page: 4, row: 7 }, message: 'older than 201 days' });
    expect(baselineKey(a)).toBe(baselineKey(b));
    expect(baselineKey(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('tells rules, paths, columns and evidence apart', () => {
    const base = baselineKey(noFp());
    expect(baselineKey(noFp({ rule: 'exposed-permissions' }))).not.toBe(base);
    expect(baselineKey(noFp({ location: { path: 'other.log' } }))).not.toBe(base);
    expect(baselineKey(noFp({ location: { path: 'src/app.log', table: 'users', field: 'id_no' } }))).not.toBe(base);
    expect(baselineKey(noFp({ evidence: '138****0000' }))).not.toBe(base);
  });

  it('uses the fingerprint when there is one', () => {
    expect(baselineKey(finding())).toBe(fp('one'));
  });
});

describe('loadBaseline / parseBaseline', () => {
  const good = () => toBaseline([finding(), finding({ path: 'b.txt', fingerprint: fp('two') })], { createdAt: new Date(0), keyCheck: keyCheckOf('k') });

  it('round-trips what writeBaseline wrote', async () => {
    const file = path.join(dir, 'round.json');
    const written = await writeBaseline([finding(), finding({ fingerprint: undefined, rule: 'retention-expired', detector: null })], file);
    expect(await loadBaseline(file)).toEqual(written);
  });

  it('accepts a BOM and a baseline without keyCheck or detector', () => {
    const b = good();
    delete (b as { keyCheck?: string }).keyCheck;
    delete b.entries[0].detector;
    expect(parseBaseline('\uFEFF' + JSON.stringify(b), 'x.json')).toEqual(b);
  });

  it('says a missing file does not exist and how to write one', async () => {
    const file = path.join(dir, 'nope.json');
    await expect(loadBaseline(file)).rejects.toThrow(`baseline ${file} does not exist (write one with --write-baseline ${file})`);
  });

  const cases: Array<[string, (b: any) => unknown, RegExp]> = [
    ['bad JSON', () => '{"version": 1,', /invalid baseline f\.json: not valid JSON/],
    ['an array', () => [], /expected a JSON object/],
    ['an unknown top-level key', (b) => ({ ...b, extra: 1 }), /unknown key "extra"/],
    ['a missing version', (b) => ({ ...b, version: undefined }), /missing key "version"/],
    ['version 2', (b) => ({ ...b, version: 2 }), /"version" must be 1/],
    ['missing entries', (b) => ({ ...b, entries: undefined }), /missing key "entries"/],
    ['entries not an array', (b) => ({ ...b, entries: {} }), /"entries" must be an array/],
    ['a bad fingerprint', (b) => ({ ...b, entries: [b.entries[0], { ...b.entries[1], fingerprint: 'abc' }] }), /entries\[1\]\.fingerprint must be 64 lower-case hex/],
    ['a missing rule', (b) => ({ ...b, entries: [{ ...b.entries[0], rule: undefined }] }), /entries\[0\]\.rule must be a non-empty string/],
    ['an empty path', (b) => ({ ...b, entries: [{ ...b.entries[0], path: '' }] }), /entries\[0\]\.path must be a non-empty string/],
    ['an unknown entry key', (b) => ({ ...b, entries: [{ ...b.entries[0], line: 3 }] }), /entries\[0\]: unknown key "line"/],
    ['a bad keyCheck', (b) => ({ ...b, keyCheck: 'zz' }), /"keyCheck" must be 16/],
    ['a bad tool', (b) => ({ ...b, tool: 'piaudit' }), /"tool" must be an object/],
  ];
  for (const [name, mutate, re] of cases) {
    it(`rejects ${name}, naming the file and the key`, () => {
      const v = mutate(good());
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      expect(() => parseBaseline(text, 'f.json')).toThrow(FatalError);
      expect(() => parseBaseline(text, 'f.json')).toThrow(/^invalid baseline f\.json: /);
      expect(() => parseBaseline(text, 'f.json')).toThrow(re);
    });
  }

  it('never echoes a value from the file in its errors', () => {
    const id = makeCnId(rng);
    const b: any = good();
    const attempts = [
      { ...b, entries: [{ ...b.entries[0], fingerprint: id }] },
      { ...b, [id]: true },
      { ...b, entries: [{ ...b.entries[0], [id]: 1 }] },
      { ...b, createdAt: Number(id.slice(0, 15)) },
    ];
    for (const a of attempts) {
      let message = '';
      try {
        parseBaseline(JSON.stringify(a), 'f.json');
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^invalid baseline/);
      expect(message).not.toContain(id.slice(0, 10));
    }
    let jsonError = '';
    try {
      parseBaseline(`{"version": 1, "entries": [${id}x]}`, 'f.json');
    } catch (e) {
      jsonError = (e as Error).message;
    }
    expect(jsonError).toMatch(/not valid JSON/);
    expect(jsonError).not.toContain(id.slice(0, 10));
  });
});

describe('BaselineFilter', () => {
  const known = [
    finding({ path: 'a.txt', fingerprint: fp('a') }),
    finding({ path: 'b.txt', fingerprint: fp('b') }),
    finding({ path: 'c.txt', fingerprint: fp('c') }),
    finding({ path: 'd.log', fingerprint: undefined, detector: null, rule: 'retention-expired', evidence: undefined, message: 'old' }),
  ];
  const filter = () => new BaselineFilter(toBaseline(known));

  it('knows a baselined finding even after its line moved', () => {
    const f = filter();
    expect(f.isKnown(finding({ path: 'a.txt', fingerprint: fp('a'), line: 400 }))).toBe(true);
    expect(f.isKnown(finding({ path: './a.txt', fingerprint: fp('a') }))).toBe(true);
  });

  it('does not know a new value, the same value under another rule, or in another file', () => {
    const f = filter();
    expect(f.isKnown(finding({ path: 'a.txt', fingerprint: fp('new') }))).toBe(false);
    expect(f.isKnown(finding({ path: 'a.txt', fingerprint: fp('a'), rule: 'pi-weak-mask' }))).toBe(false);
    expect(f.isKnown(finding({ path: 'copy-of-a.txt', fingerprint: fp('a') }))).toBe(false);
  });

  it('matches fingerprint-less findings on rule + path + derived key', () => {
    const f = filter();
    expect(f.isKnown(finding({ path: 'd.log', fingerprint: undefined, detector: null, rule: 'retention-expired', evidence: undefined, message: 'older', line: 9 }))).toBe(true);
    expect(f.isKnown(finding({ path: 'e.log', fingerprint: undefined, detector: null, rule: 'retention-expired', evidence: undefined }))).toBe(false);
  });

  it('reports entries no finding matched as stale, sorted; a scope narrows them', () => {
    const f = filter();
    f.isKnown(finding({ path: 'b.txt', fingerprint: fp('b') }));
    expect(f.stale().map((e) => e.path)).toEqual(['a.txt', 'c.txt', 'd.log']);
    expect(f.stale((p) => p === 'c.txt' || p === 'b.txt').map((e) => e.path)).toEqual(['c.txt']);
  });

  it('scopes archive members by their outer file', () => {
    const f = new BaselineFilter(toBaseline([finding({ location: { path: 'x.zip', entry: 'in/a.txt' } })]));
    expect(f.stale((p) => p === 'x.zip')).toHaveLength(1);
    expect(f.isKnown(finding({ location: { path: 'x.zip', entry: 'in/a.txt', line: 8 } }))).toBe(true);
    expect(f.stale()).toEqual([]);
  });

  it('tells a key mismatch apart from new findings', () => {
    const b = toBaseline(known, { keyCheck: keyCheckOf('team-key') });
    expect(new BaselineFilter(b).keyMismatch(keyCheckOf('team-key'))).toBe(false);
    expect(new BaselineFilter(b).keyMismatch(keyCheckOf('my-own-key'))).toBe(true);
    expect(new BaselineFilter(toBaseline(known)).keyMismatch(keyCheckOf('any'))).toBe(false);
    expect(keyCheckOf('team-key')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('round-trips through a file and still matches', async () => {
    const file = path.join(dir, 'filter.json');
    await writeBaseline(known, file);
    const f = new BaselineFilter(await loadBaseline(file));
    for (const k of known) expect(f.isKnown({ ...k, location: { ...k.location, line: 1000 } })).toBe(true);
    expect(f.stale()).toEqual([]);
  });
});

// Keep the temp file helper honest: a hand-written baseline with ./ paths is normalised.
it('normalises ./ in hand-written entry paths', () => {
  const b = toBaseline([finding({ path: 'a.txt' })]);
  const text = JSON.stringify({ ...b, entries: [{ ...b.entries[0], path: './a.txt' }] });
  writeFileSync(path.join(dir, 'hand.json'), text);
  expect(new BaselineFilter(parseBaseline(text, 'hand.json')).isKnown(finding({ path: 'a.txt' }))).toBe(true);
});
