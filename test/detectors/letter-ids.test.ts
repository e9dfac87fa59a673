import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { hkidCheckChar, hkidValid } from '../../src/util/checksums/hkid.js';
import { twidKind, twidValid } from '../../src/util/checksums/twid.js';
import {
  findHkIds,
  findMoIds,
  findPassports,
  findPermits,
  findTwIds,
  HKID_KEYWORDS,
  HKMO_PERMIT_KEYWORDS,
  LETTER_ID_KEYWORDS,
  MO_ID_KEYWORDS,
  PASSPORT_KEYWORDS,
  TW_PERMIT_KEYWORDS,
  TWID_KEYWORDS,
  type LineMatch,
} from '../../src/detectors/find/letter-ids.js';

// Every value here is synthetic (computed check digits) or a documented specimen of reference §5.
const PEER_WINDOWS_LOG = new URL('../../../shared/peer/loghub/Windows_2k.log', import.meta.url);

const values = (ms: LineMatch[]) => ms.map((m) => m.value);
const spans = (line: string, ms: LineMatch[]) => ms.map((m) => line.slice(m.index, m.index + m.length));

describe('hkidValid (reference §5.1)', () => {
  test.each([
    ['A123456(3)'],
    ['A1234563'],
    ['AB987654(3)'],
    ['G123456(A)'],
    ['A123456 (3)'],
    ['a123456(3)'],
    ['Z683365(A)'],
    ['XA123456(8)'],
    ['WX0000017'],
  ])('valid %s', (s) => expect(hkidValid(s)).toBe(true));

  test.each([
    ['A123456(4)', 'wrong check digit (3 expected)'],
    ['G123456(0)', 'wrong check character (A expected)'],
    ['A12345(3)', 'five digits'],
    ['ABC123456(3)', 'three letters'],
    ['1123456(3)', 'no letter'],
    ['A123456(B)', 'check is 0-9 or A'],
    ['A123456(3', 'unbalanced bracket'],
    ['', 'empty'],
  ])('invalid %s: %s', (s) => expect(hkidValid(s)).toBe(false));

  test('check character of a one-letter prefix counts the missing letter as 36', () => {
    expect(hkidCheckChar('A', '123456')).toBe('3');
    expect(hkidCheckChar('G', '123456')).toBe('A');
    expect(hkidCheckChar('', '123456')).toBe('');
    expect(hkidCheckChar('A', '12345x')).toBe('');
  });
});

describe('twidValid (reference §5.3)', () => {
  test.each([
    ['A123456789', 'national'],
    ['F131104093', 'national'],
    ['B200000004', 'national'],
    ['I100000003', 'national'],
    ['O200000006', 'national'],
    ['W100000001', 'national'],
    ['Z100000002', 'national'],
    ['A800000014', 'resident-new'],
    ['A900000007', 'resident-new'],
    ['AA00000009', 'resident-old'],
    ['a123456789', 'national'],
  ])('valid %s (%s)', (s, kind) => {
    expect(twidValid(s)).toBe(true);
    expect(twidKind(s.toUpperCase())).toBe(kind);
  });

  test.each([
    ['A123456788', 'wrong check digit'],
    ['A323456789', 'second digit must be 1, 2, 8 or 9'],
    ['I123456789', 'I counts 34, not 18'],
    ['AE00000009', 'old resident certificates use A-D as second letter'],
    ['A12345678', 'nine characters'],
    ['1123456789', 'no letter'],
  ])('invalid %s: %s', (s) => expect(twidValid(s)).toBe(false));
});

describe('findHkIds', () => {
  test.each([
    { text: '香港身份證 A123456(3)', value: 'A1234563', span: 'A123456(3)' },
    { text: 'HKID: A1234563', value: 'A1234563', span: 'A1234563' },
    { text: '持证人AB987654(3)。', value: 'AB9876543', span: 'AB987654(3)' },
    { text: 'id=G123456(A);', value: 'G123456A', span: 'G123456(A)' },
    { text: 'A123456 (3) 已登记', value: 'A1234563', span: 'A123456 (3)' },
    { text: '"hkid":"XA123456(8)"', value: 'XA1234568', span: 'XA123456(8)' },
    { text: 'no keyword needed: Z683365(A)', value: 'Z683365A', span: 'Z683365(A)' },
  ])('finds $text', ({ text, value, span }) => {
    const found = findHkIds(text);
    expect(values(found)).toEqual([value]);
    expect(spans(text, found)).toEqual([span]);
    expect(found[0]).toMatchObject({ masked: false, checked: true, kind: 'hkid' });
  });

  test.each([
    { text: 'A123456(4)', reason: 'wrong check digit' },
    { text: 'xA1234563', reason: 'glued to a letter' },
    { text: 'A12345634', reason: 'inside a longer alphanumeric run' },
    { text: '0xA1234563', reason: 'hex-like token' },
    { text: 'deadbeefA1234563', reason: 'inside a hex/trace id' },
    { text: 'A123456(3)b', reason: 'a letter right after the bracket' },
    { text: 'a123456(3)', reason: 'lower case without context' },
    { text: 'ABC123456(3)', reason: 'three letters' },
    { text: 'A123456789', reason: 'Taiwan ID shape, not HK' },
  ])('ignores $text ($reason)', ({ text }) => expect(findHkIds(text)).toEqual([]));

  test('lower case is accepted with context', () => {
    expect(values(findHkIds('hkid a123456(3)', true))).toEqual(['A1234563']);
  });

  describe('Windows update numbers (KB + 7 digits) look like HK IDs', () => {
    test('KB1234567 passes the HKID check digit, so the check alone cannot reject it', () => {
      expect(hkidValid('KB1234567')).toBe(true);
    });
    test.each([
      { text: 'Package_for_KB3121255~31bf3856ad364e35~amd64~~6.1.1.0', kb: 'KB3121255' },
      { text: 'Installed update KB1234567 successfully', kb: 'KB1234567' },
      { text: 'KB2506014', kb: 'KB2506014' },
    ])('rejects $kb without context', ({ text, kb }) => {
      expect(hkidValid(kb)).toBe(kb !== 'KB2506014');
      expect(findHkIds(text)).toEqual([]);
    });
    test('the bracketed form KB123456(7) is an HKID shape, not an update number', () => {
      expect(values(findHkIds('KB123456(7)'))).toEqual(['KB1234567']);
    });
    test('with an HKID keyword the bare form is accepted', () => {
      expect(values(findHkIds('香港身份證 KB1234567', true))).toEqual(['KB1234567']);
    });
    test('no HK ID in the loghub Windows sample', () => {
      if (!existsSync(PEER_WINDOWS_LOG)) {
        console.log('skipped: ../shared/peer/loghub/Windows_2k.log is absent');
        return;
      }
      const text = readFileSync(PEER_WINDOWS_LOG, 'utf8');
      const kbs = [...new Set(text.match(/KB\d{7}/g) ?? [])];
      expect(kbs.filter((kb) => hkidValid(kb)).length, 'some update numbers pass the HKID check').toBeGreaterThan(0);
      const found = text.split('\n').flatMap((l) => findHkIds(l));
      expect(found).toEqual([]);
    });
  });

  test.each([
    { text: '身份證 A12****(3)', value: 'A12****3', context: false },
    { text: 'A1234**(*)', value: 'A1234***', context: false },
    { text: 'HKID A12••••(3)', value: 'A12****3', context: false },
    { text: 'HKID A12****3', value: 'A12****3', context: true },
  ])('masked $text', ({ text, value, context }) => {
    const found = findHkIds(text, context);
    expect(values(found)).toEqual([value]);
    expect(found[0]).toMatchObject({ masked: true, checked: false });
  });

  test('a bare masked form needs context', () => {
    expect(findHkIds('A12****3')).toEqual([]);
  });
});

describe('findTwIds', () => {
  test.each([
    { text: '身分證字號：A123456789', value: 'A123456789', kind: 'twid' },
    { text: 'F131104093 王小明', value: 'F131104093', kind: 'twid' },
    { text: '居留證 A800000014', value: 'A800000014', kind: 'tw-resident-new' },
    { text: '舊式居留證AA00000009。', value: 'AA00000009', kind: 'tw-resident-old' },
    { text: '(O200000006)', value: 'O200000006', kind: 'twid' },
  ])('finds $text', ({ text, value, kind }) => {
    const found = findTwIds(text);
    expect(values(found)).toEqual([value]);
    expect(found[0]).toMatchObject({ masked: false, checked: true, kind });
  });

  test.each([
    { text: 'A123456788', reason: 'wrong check digit' },
    { text: 'A1234567890', reason: 'inside a longer run' },
    { text: 'XA123456789', reason: 'glued to a letter' },
    { text: 'sha=ffA123456789', reason: 'inside a hex token' },
    { text: 'a123456789', reason: 'lower case without context' },
    { text: 'A323456789', reason: 'second digit 3' },
  ])('ignores $text ($reason)', ({ text }) => expect(findTwIds(text)).toEqual([]));

  test.each([
    { text: '身分證 A12****789', value: 'A12****789', context: false },
    { text: 'A1******89', value: 'A1******89', context: false },
    { text: '身分證 A*****6789', value: 'A*****6789', context: true },
  ])('masked $text', ({ text, value, context }) => {
    const found = findTwIds(text, context);
    expect(values(found)).toEqual([value]);
    expect(found[0]).toMatchObject({ masked: true, checked: false });
  });

  test.each([
    { text: 'A*****6789', reason: 'sex digit hidden, no context' },
    { text: 'A1**34**89', reason: 'two mask runs, no context' },
  ])('ignores masked $text ($reason)', ({ text }) => expect(findTwIds(text)).toEqual([]));
});

describe('findMoIds (no public checksum: context only)', () => {
  test.each([
    { text: '澳門居民身份證 1234567(8)', value: '12345678' },
    { text: 'BIR: 5123456 (7)', value: '51234567' },
    { text: '澳门身份证号7654321(0)，', value: '76543210' },
  ])('finds $text', ({ text, value }) => {
    expect(findMoIds(text, false)).toEqual([]);
    const found = findMoIds(text, true);
    expect(values(found)).toEqual([value]);
    expect(found[0]).toMatchObject({ masked: false, checked: false, kind: 'mo-bir' });
  });

  test.each([
    { text: '2234567(8)', reason: 'first digit must be 1, 5 or 7' },
    { text: '1234567', reason: 'the bracketed check digit is part of the format' },
    { text: '11234567(8)', reason: 'eight digits before the bracket' },
    { text: '3.1234567(8)', reason: 'decimal fraction' },
    { text: 'x1234567(8)', reason: 'glued to a letter' },
  ])('ignores $text ($reason)', ({ text }) => expect(findMoIds(text, true)).toEqual([]));

  test('masked', () => {
    expect(findMoIds('澳門身份證 5****67(8)', true)).toMatchObject([{ value: '5****678', masked: true }]);
  });
});

describe('findPassports (no check digit: context only)', () => {
  test.each([
    { text: '护照号码：E12345678', value: 'E12345678', kind: 'passport-cn' },
    { text: 'passport EA1234567', value: 'EA1234567', kind: 'passport-cn' },
    { text: '護照 G12345678', value: 'G12345678', kind: 'passport-cn' },
    { text: '护照 P1234567', value: 'P1234567', kind: 'passport-cn' },
    { text: '护照 P.1234567', value: 'P.1234567', kind: 'passport-cn' },
    { text: '护照 PE1234567', value: 'PE1234567', kind: 'passport-cn' },
    { text: '护照 S1234567', value: 'S1234567', kind: 'passport-cn' },
    { text: '护照 S12345678', value: 'S12345678', kind: 'passport-cn' },
    { text: '护照 SE1234567', value: 'SE1234567', kind: 'passport-cn' },
    { text: '护照 D1234567', value: 'D1234567', kind: 'passport-cn' },
    { text: '护照 DE1234567', value: 'DE1234567', kind: 'passport-cn' },
    { text: '护照 141234567', value: '141234567', kind: 'passport-cn' },
    { text: 'HKSAR passport K12345678', value: 'K12345678', kind: 'passport-hk' },
    { text: '澳門特區護照MA1234567', value: 'MA1234567', kind: 'passport-mo' },
    { text: '"passport_no":"ea1234567"', value: 'EA1234567', kind: 'passport-cn' },
  ])('finds $text', ({ text, value, kind }) => {
    expect(findPassports(text, false)).toEqual([]);
    const found = findPassports(text, true);
    expect(values(found)).toEqual([value]);
    expect(found[0]).toMatchObject({ masked: false, checked: false, kind });
  });

  test.each([
    { text: '护照 EI1234567', reason: 'I is never the second letter' },
    { text: '护照 EO1234567', reason: 'O is never the second letter' },
    { text: '护照 E1234567', reason: 'E needs 8 digits' },
    { text: '护照 G123456789', reason: 'nine digits' },
    { text: '护照 P12345678', reason: 'P takes 7 digits' },
    { text: '护照 X12345678', reason: 'no such prefix' },
    { text: '护照 E12345678a', reason: 'glued to a letter' },
    { text: '护照 0xE12345678', reason: 'inside a hex token' },
    { text: '护照 131234567', reason: 'old numeric form starts with 14 or 15' },
  ])('ignores $text ($reason)', ({ text }) => expect(findPassports(text, true)).toEqual([]));

  test.each([
    { text: '护照 E12****78', value: 'E12****78' },
    { text: '护照 EA****567', value: 'EA****567' },
    { text: 'passport G1234****', value: 'G1234****' },
  ])('masked $text', ({ text, value }) => {
    expect(findPassports(text, true)).toMatchObject([{ value, masked: true, checked: false }]);
  });
});

describe('findPermits (no check digit: context only)', () => {
  test.each([
    { text: '回乡证 H12345678', value: 'H12345678', kind: 'permit-hkmo' },
    { text: '港澳居民来往内地通行证：M1234567801', value: 'M1234567801', kind: 'permit-hkmo' },
    { text: '台胞证号 12345678', value: '12345678', kind: 'permit-tw' },
    { text: '台湾居民来往大陆通行证 1234567801', value: '1234567801', kind: 'permit-tw' },
    { text: '台胞證 1234567801(B)', value: '1234567801B', kind: 'permit-tw' },
  ])('finds $text', ({ text, value, kind }) => {
    expect(findPermits(text, false)).toEqual([]);
    const found = findPermits(text, true);
    expect(values(found)).toEqual([value]);
    expect(found[0]).toMatchObject({ masked: false, checked: false, kind });
  });

  test.each([
    { text: '回乡证 X12345678', reason: 'prefix must be H or M' },
    { text: '回乡证 H1234567', reason: 'seven digits' },
    { text: '回乡证 H123456789', reason: 'nine digits (neither 8 nor 10)' },
    { text: '台胞证 签发日期 20200101', reason: 'an 8-digit date' },
    { text: '台胞证 电话 010-62345678', reason: 'part of a phone number' },
    { text: '台胞证 金额 3.12345678', reason: 'decimal fraction' },
    { text: '台胞证 ab12345678', reason: 'glued to letters' },
    { text: '台胞证 123456789', reason: 'nine digits' },
  ])('ignores $text ($reason)', ({ text }) => expect(findPermits(text, true)).toEqual([]));

  test('separate contexts keep 回乡证 lines from yielding 台胞证 numbers', () => {
    const line = '回乡证 H12345678 备注 87654321';
    expect(values(findPermits(line, { hkMo: true, tw: false }))).toEqual(['H12345678']);
    expect(values(findPermits(line, true))).toEqual(['H12345678', '87654321']);
  });

  test.each([
    { text: '回乡证 H12****78', value: 'H12****78' },
    { text: '台胞证 12****78', value: '12****78' },
  ])('masked $text', ({ text, value }) => {
    expect(findPermits(text, true)).toMatchObject([{ value, masked: true, checked: false }]);
  });
});

describe('overlaps the wrapper must resolve', () => {
  test('one two-letter passport number in eleven also passes the HKID check', () => {
    // EA1234563: a 2017+ PRC passport shape and a valid HKID bare form (EA + 123456 + check 3).
    const line = '护照 EA1234563';
    expect(findPassports(line, true)).toMatchObject([{ value: 'EA1234563', kind: 'passport-cn' }]);
    expect(findHkIds(line)).toMatchObject([{ value: 'EA1234563', kind: 'hkid', checked: true }]);
  });
});

describe('keyword lists', () => {
  test.each([
    ['HKID_KEYWORDS', HKID_KEYWORDS, ['香港身份证', '身份證', 'hkid']],
    ['TWID_KEYWORDS', TWID_KEYWORDS, ['身分證', '居留證']],
    ['MO_ID_KEYWORDS', MO_ID_KEYWORDS, ['澳门身份证', '澳門居民身份證', 'bir:']],
    ['PASSPORT_KEYWORDS', PASSPORT_KEYWORDS, ['护照', 'passport']],
    ['HKMO_PERMIT_KEYWORDS', HKMO_PERMIT_KEYWORDS, ['回乡证', '港澳居民来往内地通行证', '通行证']],
    ['TW_PERMIT_KEYWORDS', TW_PERMIT_KEYWORDS, ['台胞证', '台湾居民来往大陆通行证', '通行证']],
  ] as const)('%s', (_name, list, must) => {
    for (const k of must) expect(list).toContain(k);
    for (const k of list) {
      expect(k, 'ASCII keywords are lower case (the context is lower-cased)').toBe(k.toLowerCase());
      expect(LETTER_ID_KEYWORDS).toContain(k);
    }
  });

  test('no bare "bir" keyword: it would start "birth"', () => {
    expect(MO_ID_KEYWORDS).not.toContain('bir');
  });
});

describe('speed', () => {
  test('a line without digits is rejected at once; a busy line stays cheap', () => {
    const plain = 'INFO dfs.DataNode$PacketResponder: PacketResponder for block terminating'.repeat(4);
    const busy = '护照 E12345678 回乡证 H12345678 A123456(3) A123456789 1234567(8) 台胞证 12345678 KB1234567 ';
    const n = 20_000;
    let t = performance.now();
    for (let i = 0; i < n; i++) findHkIds(plain), findTwIds(plain), findPassports(plain, true), findPermits(plain, true);
    const plainUs = ((performance.now() - t) * 1000) / n;
    t = performance.now();
    for (let i = 0; i < n; i++) findHkIds(busy), findTwIds(busy), findMoIds(busy, true), findPassports(busy, true), findPermits(busy, true);
    const busyUs = ((performance.now() - t) * 1000) / n;
    console.log(`letter-ids: ${plainUs.toFixed(2)} µs per digit-free ${plain.length}-char line (4 finders), ${busyUs.toFixed(2)} µs per busy line (5 finders)`);
    expect(busyUs).toBeLessThan(200);
  });
});
