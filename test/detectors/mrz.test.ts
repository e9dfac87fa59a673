import { describe, expect, test } from 'vitest';
import { icaoCheckDigit, icaoCheckMatches, mrzTd1Valid, mrzTd2Valid, mrzTd3Checks, mrzTd3Valid } from '../../src/util/checksums/icao.js';
import { findMrz } from '../../src/detectors/find/mrz.js';

// ICAO Doc 9303 specimens (the fictional state UTO and holder ERIKSSON ANNA MARIA) and the
// PRC-style TD3 line of reference §5.7; everything else is built from them.
const TD3_L1 = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<';
const TD3_L2 = 'L898902C36UTO7408122F1204159ZE184226B<<<<<10';
const CN_L1 = 'P<CHNZHANG<<SAN<<<<<<<<<<<<<<<<<<<<<<<<<<<<<';
const CN_L2 = 'EA12345676CHN9001011M3001019<<<<<<<<<<<<<<04';
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const TD2_L1 = 'I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<';
const TD2_L2 = 'D231458907UTO7408122F1204159<<<<<<<6';

/** Replace the character at `i`. */
const put = (s: string, i: number, c: string) => s.slice(0, i) + c + s.slice(i + 1);

describe('icaoCheckDigit (7-3-1)', () => {
  test.each([
    ['L898902C3', 6],
    ['740812', 2],
    ['120415', 9],
    ['ZE184226B<<<<<', 1],
    ['D23145890', 7],
    ['EA1234567', 6],
    ['<<<<<<<<<', 0],
    ['', 0],
  ])('%s → %i', (s, d) => expect(icaoCheckDigit(s)).toBe(d));

  test('characters outside 0-9 A-Z < are rejected', () => {
    expect(icaoCheckDigit('ab12')).toBe(-1);
    expect(icaoCheckDigit('A B')).toBe(-1);
  });

  test('a < check passes only over an all-filler field', () => {
    expect(icaoCheckMatches('<<<<<<<<<<<<<<', '<')).toBe(true);
    expect(icaoCheckMatches('<<<<<<<<<<<<<<', '0')).toBe(true);
    expect(icaoCheckMatches('ZE184226B<<<<<', '<')).toBe(false);
  });
});

describe('mrzTd3Valid / mrzTd2Valid / mrzTd1Valid', () => {
  test.each([
    ['ICAO TD3 specimen', TD3_L2],
    ['PRC-style TD3 line (reference §5.7)', CN_L2],
  ])('valid: %s', (_n, l2) => expect(mrzTd3Valid(l2)).toBe(true));

  test.each([
    ['document check', 9],
    ['birth-date check', 19],
    ['expiry check', 27],
    ['personal-number check', 42],
    ['composite check', 43],
  ])('TD3 invalid when the %s is off by one', (_n, pos) => {
    for (const l2 of [TD3_L2, CN_L2]) {
      const d = (Number(l2[pos]) + 1) % 10;
      expect(mrzTd3Valid(put(l2, pos, String(d)))).toBe(false);
    }
  });

  test.each([
    ['a changed document number', put(CN_L2, 2, '2')],
    ['a changed birth date', put(CN_L2, 18, '2')],
    ['a changed sex (composite does not cover it, but nothing else changed)', put(CN_L2, 20, 'F')],
    ['43 characters', CN_L2.slice(1)],
    ['lower case', CN_L2.toLowerCase()],
  ])('TD3 line with %s', (name, l2) => {
    // Sex is covered by no check digit: the line stays valid. Everything else fails.
    expect(mrzTd3Valid(l2)).toBe(name.startsWith('a changed sex'));
  });

  test('checks are reported one by one', () => {
    expect(mrzTd3Checks(put(TD3_L2, 19, '3'))).toEqual({ document: true, birth: false, expiry: true, personal: true, composite: false });
  });

  test('TD2 specimen and its corruptions', () => {
    expect(mrzTd2Valid(TD2_L2)).toBe(true);
    expect(mrzTd2Valid(put(TD2_L2, 35, '7'))).toBe(false);
    expect(mrzTd2Valid(put(TD2_L2, 9, '8'))).toBe(false);
    expect(mrzTd2Valid(TD2_L2 + '<')).toBe(false);
  });

  test('TD1 specimen and its corruptions', () => {
    expect(mrzTd1Valid(TD1)).toBe(true);
    expect(mrzTd1Valid(TD1.slice(0, 2))).toBe(true);
    expect(mrzTd1Valid([TD1[0], put(TD1[1], 29, '7'), TD1[2]])).toBe(false);
    expect(mrzTd1Valid([put(TD1[0], 14, '8'), TD1[1], TD1[2]])).toBe(false);
    expect(mrzTd1Valid([TD1[0]])).toBe(false);
  });

  test('TD1 long document number continues into the optional data', () => {
    // 12-character number: 9 in place, check position '<', 3 more + their check digit in the optional data.
    const body = 'D23145890AB1';
    const check = String(icaoCheckDigit(body));
    const l1 = `I<UTO${body.slice(0, 9)}<${body.slice(9)}${check}`.padEnd(30, '<');
    const l2head = '7408122F1204159UTO<<<<<<<<<<<';
    const composite = String(icaoCheckDigit(l1.slice(5) + l2head.slice(0, 7) + l2head.slice(8, 15) + l2head.slice(18, 29)));
    const lines = [l1, l2head + composite, TD1[2]];
    expect(mrzTd1Valid(lines)).toBe(true);
    expect(findMrz(lines.join('\n'))).toMatchObject([{ format: 'TD1', docNumber: body, valid: true }]);
  });
});

describe('findMrz', () => {
  test.each([
    {
      name: 'ICAO TD3 specimen',
      text: `${TD3_L1}\n${TD3_L2}`,
      want: { format: 'TD3', documentCode: 'P', issuingState: 'UTO', docNumber: 'L898902C3', nationality: 'UTO', birthDate: '740812', sex: 'F', expiryDate: '120415', names: { surname: 'ERIKSSON', givenNames: 'ANNA MARIA' }, valid: true },
    },
    {
      name: 'PRC-style TD3 with CRLF inside OCR text',
      text: `扫描结果：\r\n${CN_L1}\r\n${CN_L2}\r\n签名`,
      want: { format: 'TD3', issuingState: 'CHN', docNumber: 'EA1234567', nationality: 'CHN', birthDate: '900101', sex: 'M', names: { surname: 'ZHANG', givenNames: 'SAN' }, valid: true },
    },
    {
      name: 'TD1 specimen',
      text: TD1.join('\n'),
      want: { format: 'TD1', documentCode: 'I', docNumber: 'D23145890', nationality: 'UTO', birthDate: '740812', sex: 'F', names: { surname: 'ERIKSSON', givenNames: 'ANNA MARIA' }, valid: true },
    },
    {
      name: 'TD2 specimen',
      text: `${TD2_L1}\n${TD2_L2}\n`,
      want: { format: 'TD2', docNumber: 'D23145890', nationality: 'UTO', expiryDate: '120415', names: { surname: 'ERIKSSON', givenNames: 'ANNA MARIA' }, valid: true },
    },
    {
      name: 'OCR blanks inside and around the lines',
      text: `  ${CN_L1.slice(0, 20)} ${CN_L1.slice(20)}  \n\t${CN_L2.slice(0, 10)} ${CN_L2.slice(10, 30)} ${CN_L2.slice(30)}`,
      want: { format: 'TD3', docNumber: 'EA1234567', valid: true },
    },
    {
      name: 'line 2 alone, all checks passing',
      text: `mrz: \n${CN_L2}\n`,
      want: { format: 'TD3', documentCode: '', docNumber: 'EA1234567', valid: true },
    },
  ])('$name', ({ text, want }) => {
    const found = findMrz(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject(want);
  });

  test('index and length cover the block', () => {
    const text = `前言\n${CN_L1}\r\n${CN_L2}\n后记`;
    const [m] = findMrz(text);
    expect(text.slice(m.index, m.index + m.length)).toBe(`${CN_L1}\r\n${CN_L2}`);
  });

  test('a line-1 block with a failing check is reported as not valid', () => {
    const [m] = findMrz(`${CN_L1}\n${put(CN_L2, 43, '5')}`);
    expect(m).toMatchObject({ format: 'TD3', valid: false, docNumber: 'EA1234567' });
    expect(m.checks.composite).toBe(false);
  });

  test.each([
    { name: 'a lone line 2 with a failing check', text: put(CN_L2, 43, '5') },
    { name: 'text without <', text: 'EA12345676CHN9001011M3001019XXXXXXXXXXXXXX04' },
    { name: 'a 44-character filler line', text: '<'.repeat(44) },
    { name: 'lines of the wrong length', text: `${CN_L1}<\n${CN_L2}<` },
    { name: 'MRZ line inside a longer line', text: `token=${CN_L2}` },
    { name: 'TD1 without line 3 and with a failing check', text: `${TD1[0]}\n${put(TD1[1], 29, '7')}` },
    { name: 'empty text', text: '' },
  ])('nothing for $name', ({ text }) => expect(findMrz(text)).toEqual([]));

  test('two passports in one text', () => {
    const found = findMrz(`${TD3_L1}\n${TD3_L2}\n\n${CN_L1}\n${CN_L2}`);
    expect(found.map((m) => m.docNumber)).toEqual(['L898902C3', 'EA1234567']);
  });

  test('a visa (document code V) has no composite check', () => {
    const l1 = 'V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<';
    const l2 = 'L8988901C4XXX4009078F96121096ZE184226B<<<<<<'; // MRV-A specimen layout
    const [m] = findMrz(`${l1}\n${l2}`);
    expect(m).toMatchObject({ format: 'TD3', documentCode: 'V', valid: true });
  });

  test('speed on text without MRZ', () => {
    const text = 'INFO 2024-01-01 user=alice action=login ok <br>\n'.repeat(20_000) + 'A<B<C<D<E<F<G<H<I<J<K<L<M<N<O<\n'.repeat(20_000);
    const t = performance.now();
    findMrz(text);
    const ms = performance.now() - t;
    console.log(`findMrz: ${(text.length / 1e6 / (ms / 1000)).toFixed(0)} MB/s on ${(text.length / 1e6).toFixed(1)} M chars with '<' and no MRZ`);
    expect(ms).toBeLessThan(2000);
  });
});
