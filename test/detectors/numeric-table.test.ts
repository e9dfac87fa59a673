import { describe, expect, test } from 'vitest';
import { detectText } from '../helpers/detect.js';

// Edge cases that need positions, facts or confidence (Presidio-style tables, style.md practice 3).
describe('cn-id', () => {
  test.each([
    { name: 'plain, position', text: 'x 11010519491231002X', value: '11010519491231002X', col: 3 },
    { name: 'after Chinese text (col in UTF-16 units)', text: '姓名张三身份证11010519491231002X', value: '11010519491231002X', col: 8 },
    { name: 'dash separators', text: 'id 110105-19491231-002X', value: '11010519491231002X', col: 4 },
    { name: 'in JSON', text: '{"id_no":"440524188001010014"}', value: '440524188001010014', col: 11 },
    { name: 'percent-encoded context', text: 'q=%E8%BA%AB%E4%BB%BD%E8%AF%81%3D11010519491231002X', value: '11010519491231002X', col: 33 },
    { name: 'after JSON newline escape', text: '"msg":"a\\n11010519491231002X"', value: '11010519491231002X', col: 11 },
  ])('$name', ({ text, value, col }) => {
    const c = detectText(text).filter((x) => x.detector === 'cn-id');
    expect(c.map((x) => [x.value, x.location.line, x.location.col])).toEqual([[value, 1, col]]);
  });

  test('under-14 holder is marked (PIPL Art. 28)', () => {
    const [c] = detectText('身份证 110105201506011238');
    expect(c.facts).toMatchObject({ idKind: 'resident', under14: true });
  });

  test('an adult is not under 14', () => {
    expect(detectText('身份证 11010519491231002X')[0].facts.under14).toBe(false);
  });

  test.each([
    { text: '810000199001010019', kind: 'permit-hk' },
    { text: '820000199001010029', kind: 'permit-mo' },
    { text: '830000199001010039', kind: 'permit-tw' },
    { text: '911840199001010018', kind: 'foreign-permanent' },
  ])('$text is a $kind number', ({ text, kind }) => {
    expect(detectText(text)[0].facts.idKind).toBe(kind);
  });

  test('a birth date after the as-of date is rejected', () => {
    // 2025-06-01 birth, valid checksum, as-of 2025-01-01
    const id = '110105202506010000'.slice(0, 17);
    const { gb11643Check } = require_gb();
    expect(detectText(id + gb11643Check(id))).toEqual([]);
    expect(detectText(id + gb11643Check(id), 20250701).map((c) => c.detector)).toEqual(['cn-id']);
  });

  test('unknown area code: only with a keyword, at lower confidence', () => {
    // 990105… passes checksum and date but province 99 does not exist (reference §1.8).
    const body = '99010519491231002';
    const id = body + require_gb().gb11643Check(body);
    expect(detectText(`ref ${id}`)).toEqual([]);
    const [c] = detectText(`身份证号 ${id}`);
    expect(c.facts.unknownArea).toBe(true);
    expect(c.confidence).toBeLessThan(detectText('身份证号 11010519491231002X')[0].confidence);
  });

  test('15-digit legacy ID needs a keyword', () => {
    expect(detectText('110105491231002')).toEqual([]);
    expect(detectText('身份证: 110105491231002')[0]).toMatchObject({ value: '110105491231002', facts: { idKind: 'resident-15' } });
  });

  test('two values in one line keep their own columns', () => {
    const c = detectText('13800138000 11010519491231002X');
    expect(c.map((x) => [x.detector, x.location.col])).toEqual([
      ['cn-mobile', 1],
      ['cn-id', 13],
    ]);
  });

  test('lines are counted across the window', () => {
    const c = detectText('a\nb\r\n\n  11010519491231002X');
    expect(c[0].location).toMatchObject({ line: 4, col: 3 });
  });
});

describe('cn-mobile', () => {
  test.each([
    { text: '19212345678', segment: 'China Broadnet' },
    { text: '16212345678', segment: 'China Telecom' },
    { text: '14912345678', segment: 'China Telecom' },
    { text: '17491234567', segment: 'Inmarsat' },
  ])('$text is in segment of $segment', ({ text, segment }) => {
    expect(detectText(text)[0].facts.segment).toBe(segment);
  });

  test.each([
    { text: 'ts 1700000000000', why: '13-digit epoch milliseconds' },
    { text: '0x13800138000', why: 'hex literal' },
    { text: '550e8400-e29b-41d4-a716-13800138000', why: 'last UUID group' },
    { text: 'v13800138000', why: 'glued letter' },
    { text: '13800138000123', why: 'longer number' },
  ])('ignores $why', ({ text }) => {
    expect(detectText(text)).toEqual([]);
  });

  test('context raises confidence', () => {
    const plain = detectText('x 13912345678')[0];
    const labelled = detectText('手机号 13912345678')[0];
    expect(plain.context).toBe(false);
    expect(labelled.context).toBe(true);
    expect(labelled.confidence).toBeGreaterThan(plain.confidence);
  });
});

describe('bank-card', () => {
  test('a valid 18-digit resident ID is claimed by cn-id, not bank-card', () => {
    // 11010519491231002X is not all digits; use an ID whose check digit is a digit and which is also Luhn-valid
    const candidates = detectText('卡号 440524188001010014');
    expect(candidates.map((c) => c.detector)).toEqual(['cn-id']);
  });

  test('issuer from the BIN table', () => {
    expect(detectText('6222020200112233446')[0].facts.issuer).toBe('ICBC');
  });

  test.each([
    { text: '6222 0202 0011 2233 446', value: '6222020200112233446' },
    { text: '6225-8814-1420-7430', value: '6225881414207430' },
  ])('grouped digits $text', ({ text, value }) => {
    expect(detectText(text).map((c) => c.value)).toEqual([value]);
  });

  test('odd grouping is not a card', () => {
    expect(detectText('62220 20200 11223 3446')).toEqual([]);
  });
});

import { gb11643Check } from '../../src/util/checksums/gb11643.js';
function require_gb() {
  return { gb11643Check };
}

// Regressions found by the benchmark's planted corpus (issue #2).
describe('boundaries and readings found by the bench', () => {
  test('a URL-encoded +86 prefix', () => {
    expect(detectText('mobile=%2B8613912345678&x=1').map((c) => [c.detector, c.value, c.location.col])).toEqual([['cn-mobile', '13912345678', 8]]);
  });

  test('a value after a decimal and a space keeps its own boundary', () => {
    expect(detectText('price 12.50 13912345678').map((c) => [c.detector, c.value])).toEqual([['cn-mobile', '13912345678']]);
  });

  test('a dash-joined token glued to a decimal is dropped whole', () => {
    expect(detectText('v 1.2-13912345678')).toEqual([]);
  });

  test('"card" inside "idCard" is not a card keyword', () => {
    const [c] = detectText('{"idCard":"610301********8501"}');
    expect([c.detector, c.value]).toEqual(['cn-id', '610301********8501']);
    expect(c.alternatives?.map((a) => a.detector)).toEqual(['bank-card']);
  });
});
