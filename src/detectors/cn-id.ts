import { isRealDate } from '../util/checksums/dates.js';
import { gb11643Check, gb11643Valid } from '../util/checksums/gb11643.js';
import { isKnownAreaCode } from './data/area-codes.js';
import { defineDetector, type DetectorMatch, type Span } from './define.js';
import { groupLengths, layoutIs, maskRuns, visibleCount } from './mask-shape.js';

/**
 * Resident identity numbers (GB 11643-1999, reference §1): 18 characters = area code (6) + birth
 * date (8) + sequence (3) + MOD 11-2 check character. Also the HK/Macao/Taiwan residence permits
 * (area 810000/820000/830000, §1.6), the 2023 foreign permanent-residence number (first digit 9,
 * §1.7) and, only with a keyword nearby, the legacy 15-digit form (§1.4: no check digit, so 15 random
 * digits pass the date test a third of the time).
 */

/** Earliest birth date accepted (reference §1.3: Annex A has an 1880 birth). */
const MIN_BIRTH = 18000101;
/** Province codes of the accepting office in a foreigner's number (same two digits as citizens'). */
const PROVINCES = new Set('11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65'.split(' '));
const PERMITS: Record<string, 'permit-hk' | 'permit-mo' | 'permit-tw'> = {
  '810000': 'permit-hk',
  '820000': 'permit-mo',
  '830000': 'permit-tw',
};

/** Separator layouts seen in the wild: none, or area / birth date / sequence+check. */
const LAYOUTS_18 = [[18], [6, 8, 4]] as const;
const LAYOUTS_15 = [[15], [6, 6, 3]] as const;

function matchFull18(v: string, asOf: number, context: boolean): DetectorMatch | undefined {
  if (!/^[1-9]\d{16}[\dX]$/.test(v) || !gb11643Valid(v)) return undefined;
  if (!isRealDate(v.slice(6, 14), MIN_BIRTH, asOf)) return undefined;
  const area = v.slice(0, 6);
  const birth = Number(v.slice(6, 14));
  const under14 = birth + 140000 > asOf;
  const permit = PERMITS[area];
  if (permit) return { value: v, masked: false, confidence: 0.9, facts: { idKind: permit, under14 } };
  if (v[0] === '9' && PROVINCES.has(v.slice(1, 3))) {
    // Foreign permanent residence (2023): 9 + province of the accepting office + nationality code.
    return { value: v, masked: false, confidence: 0.6, facts: { idKind: 'foreign-permanent', under14 } };
  }
  if (isKnownAreaCode(area)) return { value: v, masked: false, confidence: 0.9, facts: { idKind: 'resident', under14 } };
  // Checksum and date hold but the area code is in no GB/T 2260 revision we know: real IDs with
  // such codes are rare, random numbers that pass checksum and date are not, so ask for a keyword.
  if (!context) return undefined;
  return { value: v, masked: false, confidence: 0.5, facts: { idKind: 'resident', under14, unknownArea: true } };
}

function matchLegacy15(v: string, asOf: number): DetectorMatch | undefined {
  if (!/^[1-9]\d{14}$/.test(v)) return undefined;
  if (!isKnownAreaCode(v.slice(0, 6)) || !isRealDate('19' + v.slice(6, 12), MIN_BIRTH, asOf)) return undefined;
  const birth = Number('19' + v.slice(6, 12));
  return { value: v, masked: false, confidence: 0.6, facts: { idKind: 'resident-15', under14: birth + 140000 > asOf } };
}

/** A masked 18-character ID: X is the check character only in the last position, a mask elsewhere. */
function matchMasked18(span: Span, context: boolean): DetectorMatch | undefined {
  const raw = span.compact;
  if (raw.length !== 18) return undefined;
  const pattern = raw.slice(0, 17).replace(/X/g, '*') + raw[17];
  if (!/^[\d*]{17}[\dX*]$/.test(pattern) || !pattern.includes('*')) return undefined;
  if (maskRuns(pattern) > 2 || visibleCount(pattern) < 2) return undefined;
  // Without a keyword, ask for a leading digit an ID can start with (cards start with 3-6, 9 too).
  const lead = pattern[0];
  const plausible = lead === '*' ? context : lead !== '0';
  if (!plausible) return undefined;
  const confidence = pattern[17] === 'X' ? 0.75 : 0.55;
  return { value: pattern, masked: true, confidence, facts: {} };
}

export const cnId = defineDetector({
  id: 'cn-id',
  entity: 'CN_RESIDENT_ID',
  title: { zh: '居民身份证号码', en: 'resident ID number' },
  keywords: ['身份证', '证件号', '公民身份号码', '身份号码', '证号', '居住证', '永久居留', 'sfz', 'sfzh', 'idcard', 'id_card', 'id_no', 'idno', 'id_number', 'idnumber', 'identity', 'cert_no', 'zjhm'],
  lengths: [15, 18],
  match(span, ctx) {
    const v = span.compact;
    if (v[0] === '+') return undefined;
    const lengths = groupLengths(span.text);
    if (v.length === 18 && layoutIs(lengths, LAYOUTS_18)) {
      if (span.hasMask) {
        const m = matchFull18(v, ctx.asOf, false) ?? matchMasked18(span, ctx.hasContext());
        return m;
      }
      return matchFull18(v, ctx.asOf, ctx.hasContext() );
    }
    if (v.length === 15 && !span.hasMask && layoutIs(lengths, LAYOUTS_15) && ctx.hasContext()) return matchLegacy15(v, ctx.asOf);
    return undefined;
  },
  examples: {
    valid: [
      { text: '身份证号：11010519491231002X', value: '11010519491231002X' },
      { text: 'id_no=11010519491231002x&ok', value: '11010519491231002X' },
      { text: '１１０１０５１９４９１２３１００２Ｘ', value: '11010519491231002X' },
      { text: 'ID 110105 19491231 002X done', value: '11010519491231002X' },
      { text: '"idCard":"440524188001010014"', value: '440524188001010014' },
      { text: 'abolished Chongwen code 110103198001011235', value: '110103198001011235' },
      { text: 'HK resident permit 810000199001010019', value: '810000199001010019' },
      { text: 'foreigner 911840199001010018', value: '911840199001010018' },
      { text: '身份证 110105491231002', value: '110105491231002' },
    ],
    invalid: [
      { text: '110105194912310021', reason: 'wrong check character (X expected)' },
      { text: '110105194902290023', reason: '1949-02-29 is not a date' },
      { text: '110105194913310020', reason: 'month 13' },
      { text: 'trace=a11010519491231002X', reason: 'glued to a letter (hex/trace id)' },
      { text: '911010519491231002X7', reason: 'inside a longer number' },
      { text: '110105491231002', reason: '15-digit form without an ID keyword' },
      { text: 'pi=3.11010519491231002X', reason: 'decimal fraction' },
    ],
    masked: [
      { text: '身份证 110105********002X', value: '110105********002X' },
      { text: 'id: 110***********002X', value: '110***********002X' },
      { text: 'id: 11010519491231***X', value: '11010519491231***X' },
      { text: 'idcard=1101xxxxxxxxxx002X', value: '1101**********002X' },
    ],
  },
});

/** Convert a 15-digit legacy number to 18 digits (insert 19, append the check character), §1.4. */
export function id15to18(v15: string): string {
  const body = v15.slice(0, 6) + '19' + v15.slice(6);
  return body + gb11643Check(body);
}
