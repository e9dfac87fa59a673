import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { findLandlines, isFixedLine, landlineCandidates, validateLandline, type LandlineCandidate } from '../../src/detectors/find/landline.js';

// Values from reference §2.2–2.4 and libphonenumber's own CN example numbers; the rest is synthetic.
const PEER_EXAMPLES = new URL('../../../shared/peer/libphonenumber/cn_example_numbers.tsv', import.meta.url);

describe('findLandlines: valid', () => {
  test.each([
    { text: '010-62345678', value: '+861062345678' },
    { text: '电话：(0755) 8600 1234。', value: '+8675586001234', span: '(0755) 8600 1234' },
    { text: '0755-86001234', value: '+8675586001234' },
    { text: '乌鲁木齐 0991-2345678', value: '+869912345678', span: '0991-2345678' },
    { text: '0351-7654321', value: '+863517654321' },
    { text: '01062345678', value: '+861062345678' },
    { text: '075586001234', value: '+8675586001234' },
    { text: '(010)62345678', value: '+861062345678' },
    { text: '0755 8600-1234', value: '+8675586001234' },
    { text: '+86 10 6234 5678', value: '+861062345678' },
    { text: '+86-10-62345678', value: '+861062345678' },
    { text: '+86 (0)10 62345678', value: '+861062345678' },
    { text: '+86 0755 86001234', value: '+8675586001234' },
    { text: '(+86)755-86001234', value: '+8675586001234' },
    { text: '0086 10 62345678', value: '+861062345678' },
    { text: '00861062345678', value: '+861062345678' },
    { text: 'tel=020-83456789&x=1', value: '+862083456789', span: '020-83456789' },
    { text: '电话 010-62345678 2号楼', value: '+861062345678', span: '010-62345678' },
    { text: 'id=7,010-62345678', value: '+861062345678', span: '010-62345678' },
    { text: '联系电话021-62345678，传真021-62345679', value: '+862162345678', second: '+862162345679' },
  ])('$text', ({ text, value, span, second }) => {
    const found = findLandlines(text);
    expect(found.map((m) => m.value)).toEqual(second ? [value, second] : [value]);
    expect(found[0]).toMatchObject({ masked: false, checked: false });
    expect(text.slice(found[0].index, found[0].index + found[0].length)).toBe(span ?? (second ? '021-62345678' : text));
  });

  test.each([
    { text: '010-62345678-123', ext: '123' },
    { text: '010-62345678转8001', ext: '8001' },
    { text: '0755-86001234 ext. 55', ext: '55' },
    { text: '0755-86001234 ext 55', ext: '55' },
    { text: '0755-86001234#6', ext: '6' },
  ])('extension: $text', ({ text, ext }) => {
    const found = findLandlines(text);
    expect(found).toHaveLength(1);
    expect(found[0].extension).toBe(ext);
    expect(found[0].length).toBe(text.length);
  });
});

describe('findLandlines: invalid', () => {
  test.each([
    { text: '0311-8765432', reason: 'Shijiazhuang uses 8-digit local numbers' },
    { text: '0512-6523456', reason: 'Suzhou uses 8-digit local numbers' },
    { text: '0571-8888888', reason: 'Hangzhou uses 8-digit local numbers' },
    { text: '0755-8600123', reason: 'Shenzhen needs 8 digits' },
    { text: '010-6234567', reason: 'Beijing needs 8 digits' },
    { text: '0000-1234567', reason: 'no such area code' },
    { text: '026-62345678', reason: 'area code 26 is not used' },
    { text: '010-02345678', reason: 'local numbers never start with 0' },
    { text: '13800138000', reason: 'a mobile (another detector)' },
    { text: '+86 138 0013 8000', reason: 'a mobile with country code' },
    { text: '013800138000', reason: 'a mobile with a trunk 0' },
    { text: '400-123-4567', reason: 'shared-cost service number' },
    { text: '800-123-4567', reason: 'toll-free service number' },
    { text: '+86 400 123 4567', reason: 'shared-cost with country code' },
    { text: '95588', reason: '95xxx service number' },
    { text: '010-95588123', reason: '95 service number after an area code (libphonenumber says FIXED_LINE)' },
    { text: '021-96123456', reason: '96 service number after an area code (libphonenumber says FIXED_LINE)' },
    { text: '12345', reason: '12xxx hotline' },
    { text: '010-12345', reason: '12xxx hotline after an area code (too short for a local number)' },
    { text: '0311-10012345', reason: '100xx carrier line after an area code' },
    { text: 'a010-62345678', reason: 'glued to a letter' },
    { text: '010-62345678b', reason: 'glued to a letter' },
    { text: '9010-62345678', reason: 'inside a longer number' },
    { text: '010-623456789', reason: 'nine-digit local number' },
    { text: '0x01062345678', reason: 'hex literal' },
    { text: 'deadbeef01062345678cafe', reason: 'inside a hex/trace id' },
    { text: '3.01062345678', reason: 'decimal fraction' },
    { text: '6222 0755 8600 1234', reason: 'digit groups of a card number' },
    { text: '081111 020509 6043 INFO', reason: 'HDFS log time and thread id' },
    { text: '010-62345678/9', reason: 'continues across a slash' },
    { text: '62345678', reason: 'no area code' },
  ])('$text: $reason', ({ text }) => {
    expect(findLandlines(text)).toEqual([]);
  });
});

describe('findLandlines: masked', () => {
  test.each([
    { text: '010-6234****', value: '+86106234****' },
    { text: '0755****1234', value: '+86755****1234' },
    { text: '座机 (021) ****5678', value: '+8621****5678' },
    { text: '0991-234****', value: '+86991234****' },
  ])('$text', ({ text, value }) => {
    expect(findLandlines(text)).toMatchObject([{ value, masked: true, checked: false }]);
  });

  test.each([
    { text: '0755-********', reason: 'nothing of the local number shown' },
    { text: '0000-1234***', reason: 'no such area code' },
    { text: '010-234****', reason: 'Beijing needs 8 local characters' },
  ])('ignores $text ($reason)', ({ text }) => expect(findLandlines(text)).toEqual([]));
});

describe('cross-check with libphonenumber example numbers', () => {
  const rows = existsSync(PEER_EXAMPLES)
    ? readFileSync(PEER_EXAMPLES, 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => l.split('\t') as [string, string])
    : [];
  const example = (type: string) => rows.find(([t]) => t === type)?.[1];

  test('fixedLine example is found as a landline, the mobile one is not', () => {
    if (rows.length === 0) {
      console.log('skipped: ../shared/peer/libphonenumber/cn_example_numbers.tsv is absent');
      return;
    }
    const fixed = example('fixedLine');
    const mobile = example('mobile');
    expect(fixed).toBeDefined();
    expect(mobile).toBeDefined();
    const nsn = fixed!;
    // The national significant number starts with the area code; 2-digit codes are 10 and 2x.
    const area = /^(?:10|2\d)/.test(nsn) ? nsn.slice(0, 2) : nsn.slice(0, 3);
    for (const text of [`0${nsn}`, `0${area}-${nsn.slice(area.length)}`, `+86 ${area} ${nsn.slice(area.length)}`]) {
      expect(findLandlines(text).map((m) => m.value), text).toEqual([`+86${nsn}`]);
    }
    for (const text of [mobile!, `+86 ${mobile}`, `0${mobile}`, `+86-${mobile!.slice(0, 3)}-${mobile!.slice(3, 7)}-${mobile!.slice(7)}`]) {
      expect(findLandlines(text), text).toEqual([]);
    }
    for (const type of ['tollFree', 'sharedCost', 'premiumRate']) {
      const n = example(type);
      if (n) expect(findLandlines(`+86 ${n}`), type).toEqual([]);
    }
  });
});

describe('cost', () => {
  test('per-candidate validation with libphonenumber-js/max', () => {
    const areas = ['10', '20', '21', '22', '23', '24', '25', '27', '28', '29', '311', '351', '371', '431', '512', '571', '755', '898', '991', '999'];
    const candidates: LandlineCandidate[] = [];
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), (seed >>> 12) % n);
    for (let i = 0; i < 20_000; i++) {
      const len = 7 + rand(2);
      let local = String(2 + rand(8));
      while (local.length < len) local += String(rand(10));
      candidates.push({ index: 0, length: 0, areaCode: areas[rand(areas.length)], local });
    }
    for (const c of candidates.slice(0, 500)) validateLandline(c); // warm up
    let t = performance.now();
    let valid = 0;
    for (const c of candidates) if (validateLandline(c)) valid++;
    const perCandidate = ((performance.now() - t) * 1000) / candidates.length;

    t = performance.now();
    for (let i = 0; i < 20_000; i++) isFixedLine('1062345678');
    const perCall = ((performance.now() - t) * 1000) / 20_000;

    const line = '2016-09-28 04:30:33, Info CBS Read out cached package applicability for package: Package_for_KB3121255~31bf3856ad364e35~amd64~~6.1.1.0';
    t = performance.now();
    for (let i = 0; i < 20_000; i++) landlineCandidates(line);
    const prefilter = ((performance.now() - t) * 1000) / 20_000;

    console.log(
      `landline: validateLandline ${perCandidate.toFixed(2)} µs per candidate (${valid}/${candidates.length} valid), ` +
        `isFixedLine ${perCall.toFixed(2)} µs per call, prefilter ${prefilter.toFixed(2)} µs per ${line.length}-char log line`,
    );
    expect(valid).toBeGreaterThan(0);
    expect(perCandidate).toBeLessThan(500);
  });
});
