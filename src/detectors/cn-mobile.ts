import { MOBILE_SEGMENTS, mobileSegmentOf } from './data/mobile-segments.js';
import { defineDetector, type DetectorMatch, type Span } from './define.js';
import { groupLengths, layoutIs, maskRuns } from './mask-shape.js';

/**
 * Mainland mobile numbers (reference §2.1): 11 digits whose first 3–5 digits are an assigned
 * segment; digits 4–7 name the registration area, so they matter for masking too. Prefix forms
 * `+86`, `0086` and `86 ` (with a separator), separators 3-4-4. The tokenizer's boundaries already
 * reject numbers inside longer digit runs, hex ids and decimals.
 */

/** Separator layouts of the 11 national digits. */
const LAYOUTS = [[11], [3, 4, 4], [3, 8], [7, 4]] as const;

/** Strip an international prefix; returns the national part and its group lengths, or undefined. */
function national(span: Span): { digits: string; lengths: number[] } | undefined {
  const text = span.text;
  let rest: string;
  if (text.startsWith('+86')) rest = text.slice(3);
  else if (text.startsWith('0086')) rest = text.slice(4);
  else if (text.startsWith('86') && (text[2] === ' ' || text[2] === '-')) rest = text.slice(2);
  else if (text[0] === '+') return undefined;
  else rest = text;
  if (rest[0] === ' ' || rest[0] === '-') rest = rest.slice(1);
  const digits = rest.replace(/[ -]/g, '');
  if (digits.length !== 11) return undefined;
  return { digits, lengths: groupLengths(rest) };
}

/** Could the shown pattern start an assigned segment? (`1**` could, `10*` could not.) */
function segmentPossible(pattern: string): boolean {
  return MOBILE_SEGMENTS.some((s) => [...s.prefix].every((ch, i) => pattern[i] === '*' || pattern[i] === ch));
}

export const cnMobile = defineDetector({
  id: 'cn-mobile',
  entity: 'CN_MOBILE',
  title: { zh: '手机号码', en: 'mobile phone number' },
  keywords: ['手机', '电话', '联系方式', '联系电话', '号码', '手机号', 'mobile', 'phone', 'tel', 'cell', 'msisdn', 'shouji', 'sjhm'],
  lengths: [11, 13, 15], // national, 86/+86 + national, 0086 + national
  match(span, ctx): DetectorMatch | undefined {
    const nat = national(span);
    if (!nat || !layoutIs(nat.lengths, LAYOUTS)) return undefined;
    const d = nat.digits;
    if (d[0] !== '1') return undefined;
    if (!span.hasMask) {
      if (!/^\d{11}$/.test(d)) return undefined;
      const seg = mobileSegmentOf(d);
      if (!seg) return undefined;
      return { value: d, masked: false, confidence: 0.8, facts: { segment: seg.carrier } };
    }
    const pattern = d.replace(/X/g, '*');
    if (!/^1[\d*]{10}$/.test(pattern) || !pattern.includes('*')) return undefined;
    if (maskRuns(pattern) > 2 || !segmentPossible(pattern)) return undefined;
    // `1**********` says nothing; ask for at least 4 visible digits or a keyword.
    const visible = pattern.replace(/\*/g, '').length;
    if (visible < 4 && !ctx.hasContext()) return undefined;
    return { value: pattern, masked: true, confidence: 0.7, facts: {} };
  },
  examples: {
    valid: [
      { text: '手机：13800138000', value: '13800138000' },
      { text: 'mobile=+86 138 0013 8000;', value: '13800138000' },
      { text: 'tel 0086-138-0013-8000', value: '13800138000' },
      { text: '(+86)13123456789', value: '13123456789' },
      { text: 'call １３８００１３８０００ now', value: '13800138000' },
      { text: '"phone":"86 13800138000"', value: '13800138000' },
    ],
    invalid: [
      { text: '14012345678', reason: 'segment 140 is reserved' },
      { text: '15412345678', reason: 'segment 154 is unassigned' },
      { text: '1380013800', reason: '10 digits' },
      { text: 'order 138001380001234', reason: 'inside a longer number' },
      { text: 'session=ab13800138000', reason: 'glued to letters (hex id)' },
      { text: 'ts=1380013800.0001', reason: 'decimal number' },
      { text: '2024-13800138000-77', reason: 'part of a dash-joined identifier' },
    ],
    masked: [
      { text: '手机 138****5678', value: '138****5678' },
      { text: 'mobile: 138xxxx5678', value: '138****5678' },
      { text: 'tel 138＊＊＊＊5678', value: '138****5678' },
      { text: 'phone 1380013****', value: '1380013****' },
    ],
  },
});
