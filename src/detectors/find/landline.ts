import { PhoneNumber } from 'libphonenumber-js/max';

/**
 * Mainland landline numbers (reference §2.2–2.3): a regex prefilter of our own finds area code +
 * local number shapes, and libphonenumber-js (`max` metadata) decides, per area code, whether the
 * local number has the city's length and prefix. Only FIXED_LINE (or FIXED_LINE_OR_MOBILE) numbers
 * are kept: mobiles belong to the mobile detector, and toll-free/shared-cost numbers (800/400) are
 * not personal. Service numbers that libphonenumber files under FIXED_LINE once dialled with an area
 * code (`95xxx`, `96xxx`, `100xx` carrier lines) are dropped; 5-digit `12xxx` hotlines never reach
 * the validator because a local number here has 7 or 8 digits.
 *
 * This is the only module that imports libphonenumber-js (its metadata is ~157 KB of JSON). The
 * module has no side effects of its own, so a caller that wants the cost only when needed loads it
 * with `const { findLandlines } = await import('./find/landline.js')`.
 *
 * Accepted shapes (after full-width folding): `010-62345678`, `(0755) 8600 1234`, `0991-2345678`,
 * `01062345678`, `+86 10 6234 5678`, `+86 (0)10 62345678`, `(+86)755-86001234`, `0086 10 62345678`,
 * `+86 0755 86001234`, with an extension after `-`, `转`, `ext`, `x` or `#`. Besides the letter/digit
 * boundary, a candidate that continues another number (`6222 0755 8600 1234`, `3.01062345678`) is
 * skipped. A masked local number
 * (`010-6234****`, `0755****1234`) is reported when its area code is real.
 */

export interface LandlineMatch {
  /** UTF-16 offset of the first character (an opening bracket or `+` included) in the line. */
  index: number;
  /** Length of the matched text, extension included. */
  length: number;
  /** E.164 without extension (`+861062345678`); a masked number keeps its `*` (`+86106234****`). */
  value: string;
  masked: boolean;
  /** Always false: a phone number has no check digit (libphonenumber validated every clear value). */
  checked: boolean;
  /** Area code without the trunk `0` (`10`, `755`). */
  areaCode: string;
  /** Extension digits, when written. */
  extension?: string;
}

/** One prefilter hit, before validation. */
export interface LandlineCandidate {
  index: number;
  length: number;
  areaCode: string;
  /** Local number, separators removed; may hold `*`. */
  local: string;
  extension?: string;
}

const AREA = '(10|2[0-57-9]|[3-9]\\d{2})';
/**
 * `+86`/`0086` (optionally bracketed) + optional `(0)` or trunk `0` + area code, or trunk `0` + area
 * code (optionally bracketed); then a 7–8 character local number split at most once; then an
 * optional extension. Boundaries: no ASCII letter or digit on either side.
 */
const LANDLINE_RE = new RegExp(
  '(?<![A-Za-z0-9+])' +
    '(?:\\(?(?:\\+|00)86\\)?[ -]?(?:\\(0\\)[ -]?|\\(?0?)' + AREA + '\\)?|\\(?0' + AREA + '\\)?)' +
    '[ -]?([\\d*]{3,4})[ -]?([\\d*]{4})' +
    '(?:[ ]?(?:-|转|ext\\.?|x|#)[ ]?(\\d{1,6}))?' +
    '(?![A-Za-z0-9*])',
  'g',
);

/** Local numbers of service lines libphonenumber accepts as FIXED_LINE after an area code. */
const SERVICE_LOCAL = /^(?:95|96|100)/;

/**
 * True when the text at [start, end) continues another number: a digit right before it across a
 * space, `.`, `/` or `-` (digit groups of a bank card, a time, a decimal), or a digit right after it
 * across `.`, `/` or `-`. A space after the number is not a join (`010-62345678 2号楼`).
 */
function continuesNumber(line: string, start: number, end: number): boolean {
  const before = line.charCodeAt(start - 1);
  if ((before === 32 || before === 46 || before === 47 || before === 45) && isDigit(line.charCodeAt(start - 2))) return true;
  const after = line.charCodeAt(end);
  return (after === 46 || after === 47 || after === 45) && isDigit(line.charCodeAt(end + 1));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The prefilter alone: landline-shaped substrings of a line, no validation. */
export function landlineCandidates(line: string): LandlineCandidate[] {
  const out: LandlineCandidate[] = [];
  if (!line.includes('0') && !line.includes('+')) return out;
  LANDLINE_RE.lastIndex = 0;
  for (let m = LANDLINE_RE.exec(line); m !== null; m = LANDLINE_RE.exec(line)) {
    if (continuesNumber(line, m.index, m.index + m[0].length)) continue;
    const areaCode = m[1] ?? m[2];
    const local = m[3] + m[4];
    const c: LandlineCandidate = { index: m.index, length: m[0].length, areaCode, local };
    if (m[5] !== undefined) c.extension = m[5];
    out.push(c);
  }
  return out;
}

/**
 * True when the national significant number (area code without `0` + local number) is a mainland
 * fixed line by libphonenumber's metadata: ~5 µs per call (see the landline test, which prints it).
 */
export function isFixedLine(nationalNumber: string): boolean {
  const type = new PhoneNumber(`+86${nationalNumber}`).getType();
  return type === 'FIXED_LINE' || type === 'FIXED_LINE_OR_MOBILE';
}

/** Validate one candidate; undefined when it is not a personal landline. */
export function validateLandline(c: LandlineCandidate): LandlineMatch | undefined {
  const { areaCode, local } = c;
  if (local.length < 7 || local.length > 8 || local[0] === '0') return undefined;
  const masked = local.includes('*');
  if (masked) {
    // An area code alone is no phone number: ask for at least two visible local digits.
    let visible = 0;
    for (const ch of local) if (ch !== '*') visible++;
    if (visible < 2) return undefined;
    // The local number's length per city cannot be checked digit by digit, so try filling the
    // masks with one digit: a real area code with the right local length gives a fixed line.
    let ok = false;
    for (let d = 2; d <= 8 && !ok; d++) {
      const filled = local.replace(/\*/g, String(d));
      if (!SERVICE_LOCAL.test(filled) && isFixedLine(areaCode + filled)) ok = true;
    }
    if (!ok) return undefined;
  } else {
    if (SERVICE_LOCAL.test(local)) return undefined;
    if (!isFixedLine(areaCode + local)) return undefined;
  }
  const out: LandlineMatch = { index: c.index, length: c.length, value: `+86${areaCode}${local}`, masked, checked: false, areaCode };
  if (c.extension !== undefined) out.extension = c.extension;
  return out;
}

/** Landline numbers in one line (full-width already folded to ASCII), validated. */
export function findLandlines(line: string): LandlineMatch[] {
  const out: LandlineMatch[] = [];
  for (const c of landlineCandidates(line)) {
    const v = validateLandline(c);
    if (v) out.push(v);
  }
  return out;
}
