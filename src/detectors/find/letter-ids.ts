import { hkidCheckChar } from '../../util/checksums/hkid.js';
import { twidKind, twidValid } from '../../util/checksums/twid.js';

/**
 * Finders for the identity documents of reference §5 that are written with letters or brackets:
 * Hong Kong ID (§5.1), Macao BIR (§5.2), Taiwan ID and resident certificates (§5.3), the mainland
 * travel permits of HK/Macao (§5.4) and Taiwan (§5.5) residents, and PRC/SAR passports (§5.6).
 *
 * Each finder scans one line (full-width characters already folded to ASCII, index-preserving) and
 * returns every match with its offset in the line. They are pure and allocation-light: a line with
 * no digit costs one `indexOf`-style test.
 *
 * Only HK and Taiwan IDs carry a public check digit, so only they are reported without a keyword
 * nearby (`checked: true`). Everything else needs `hasContext` (the wrapper tests the keyword lists
 * exported below against the text around the line).
 *
 * Boundaries: an adjacent ASCII letter or digit blocks a match (hex, UUIDs, longer codes); Chinese
 * characters, spaces and punctuation do not. Values made of digits only (Macao BIR, Taiwan permit)
 * are also blocked when they continue a number across `.`, `,`, `:`, `/` or `-` (decimals, times,
 * dates, phone numbers), and a bare 8-digit Taiwan permit number that reads as a date is skipped.
 *
 * Masked forms (`A12****(3)`, `E12****78`) are reported with `masked: true` and the shown pattern as
 * value (mask characters folded to `*`); judging the mask's strength is the caller's job (§6.2).
 */

/** One value found in a line. */
export interface LineMatch {
  /** UTF-16 offset of the first character in the line. */
  index: number;
  /** Length of the matched text in the line (brackets and inner spaces included). */
  length: number;
  /** Normalised value: upper case, without brackets or spaces; a masked value keeps its `*`. */
  value: string;
  masked: boolean;
  /** True when a check digit validated the value. */
  checked: boolean;
  /** Which document the value belongs to. */
  kind: LetterIdKind;
}

export type LetterIdKind =
  | 'hkid'
  | 'twid'
  | 'tw-resident-new'
  | 'tw-resident-old'
  | 'mo-bir'
  | 'passport-cn'
  | 'passport-hk'
  | 'passport-mo'
  | 'permit-hkmo'
  | 'permit-tw';

/*
 * Context keywords. ASCII ones are lower case, because the wrapper lower-cases the context and
 * tests that an ASCII keyword starts a word (context.ts `hasKeyword`); it does not test where the
 * word ends, so short Latin keywords carry a following separator (`bir:`) where the bare word would
 * also start common English words (`birth`, `archive`).
 */

/** Keywords for the Hong Kong identity card. */
export const HKID_KEYWORDS: readonly string[] = [
  '香港身份证', '香港身份證', '香港身分證', '香港居民身份证', '香港永久性居民身份證', '身份證', '身份证号', '身份证',
  'hkid', 'hkic', 'hong kong identity', 'hk identity', 'hk id', 'identity card',
];

/** Keywords for the Taiwan national ID and resident certificates. */
export const TWID_KEYWORDS: readonly string[] = [
  '身分證', '身分证', '身份證', '身份证', '國民身分證', '统一证号', '統一證號', '居留證', '居留证', '台湾身份证', '臺灣身分證',
  'national id', 'taiwan id', 'twid', 'resident certificate', 'uniform id',
];

/** Keywords for the Macao resident identity card (BIR); there is no public checksum, so these gate every match. */
export const MO_ID_KEYWORDS: readonly string[] = [
  '澳门身份证', '澳門身份證', '澳門身分證', '澳門居民身份證', '澳门居民身份证', '澳门居民', '澳門居民', '澳門永久性居民',
  'bilhete de identidade', 'bir:', 'bir ', 'bir_', 'bir=', 'bir"', 'bir-', 'bir#', 'bir no', 'macao id', 'macau id', 'macao resident', 'macau resident',
];

/** Keywords for passports (PRC, HKSAR, MSAR). */
export const PASSPORT_KEYWORDS: readonly string[] = [
  '护照', '護照', '护照号', '護照號碼', 'passport', 'passportno', 'passport_no', 'travel document', 'hzhm', 'huzhao',
];

/** Keywords for the Mainland Travel Permit for HK and Macao residents (回乡证). */
export const HKMO_PERMIT_KEYWORDS: readonly string[] = [
  '回乡证', '回鄉證', '回乡卡', '港澳居民来往内地通行证', '港澳居民來往內地通行證', '来往内地通行证', '來往內地通行證', '通行证', '通行證',
  'home return permit', 'home-return permit', 'mainland travel permit', 'hxz',
];

/** Keywords for the Mainland Travel Permit for Taiwan residents (台胞证). */
export const TW_PERMIT_KEYWORDS: readonly string[] = [
  '台胞证', '台胞證', '臺胞證', '台湾居民来往大陆通行证', '台灣居民來往大陸通行證', '臺灣居民來往大陸通行證', '来往大陆通行证', '來往大陸通行證',
  '通行证', '通行證', 'mainland travel permit', 'taiwan compatriot', 'mtp', 'tbz',
];

/** Every keyword that makes one of the context-gated finders fire (union of the lists above). */
export const LETTER_ID_KEYWORDS: readonly string[] = [
  ...new Set([...HKID_KEYWORDS, ...TWID_KEYWORDS, ...MO_ID_KEYWORDS, ...PASSPORT_KEYWORDS, ...HKMO_PERMIT_KEYWORDS, ...TW_PERMIT_KEYWORDS]),
];

/** Mask characters accepted inside a masked value; all are reported as `*`. */
const MASK = '*•●';

const HAS_DIGIT = /\d/;

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** True when the digit-only value at [start, end) continues a number across `.,:/-` on either side. */
function gluedNumber(line: string, start: number, end: number): boolean {
  const joiners = '.,:/-';
  if (start >= 2 && joiners.includes(line[start - 1]) && isDigitCode(line.charCodeAt(start - 2))) return true;
  if (end + 1 < line.length && joiners.includes(line[end]) && isDigitCode(line.charCodeAt(end + 1))) return true;
  return false;
}

function foldMask(s: string): string {
  return s.replace(/[•●]/g, '*').toUpperCase();
}

function isMasked(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (MASK.includes(s[i])) return true;
  return false;
}

function maskRuns(s: string): number {
  let runs = 0;
  for (let i = 0; i < s.length; i++) if (s[i] === '*' && s[i - 1] !== '*') runs++;
  return runs;
}

function visibleDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (isDigitCode(s.charCodeAt(i))) n++;
  return n;
}

function hasLower(s: string): boolean {
  return s !== s.toUpperCase();
}

function isYyyymmdd(v: string): boolean {
  const y = Number(v.slice(0, 4));
  const m = Number(v.slice(4, 6));
  const d = Number(v.slice(6, 8));
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1) return false;
  const dim = m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= dim;
}

// ---------------------------------------------------------------------------------------------
// Hong Kong identity card (§5.1)

/** Letters, six digits (or masks), then the check character bracketed, after an optional space, or bare. */
const HK_RE = /(?<![A-Za-z0-9])([A-Za-z]{1,2})([\d*•●]{6})(?: ?\(([0-9Aa*•●])\)|([0-9Aa*•●]))(?![A-Za-z0-9])/g;

/**
 * Hong Kong identity card numbers with a valid check character (`A123456(3)`, `A1234563`,
 * `AB987654(3)`, `G123456(A)`), and masked ones (`A12****(3)`). piaudit-ignore hk-id -- invented example
 *
 * Without context: upper case only; a masked value only in the bracketed form; the bare form
 * `KB` + 7 digits is a Windows update number (`KB2506014`, and `KB1234567` even passes the HKID piaudit-ignore hk-id -- invented example
 * check), so it needs context too.
 */
export function findHkIds(line: string, hasContext = false): LineMatch[] {
  const out: LineMatch[] = [];
  if (!HAS_DIGIT.test(line)) return out;
  HK_RE.lastIndex = 0;
  for (let m = HK_RE.exec(line); m !== null; m = HK_RE.exec(line)) {
    const [text, prefix, body, bracketed, bare] = m;
    const check = bracketed ?? bare;
    if (!hasContext && hasLower(prefix + check)) continue;
    const p = prefix.toUpperCase();
    const c = check.toUpperCase();
    if (isMasked(body + c)) {
      const v = foldMask(p + body + c);
      if (!hasContext && bracketed === undefined) continue;
      if (visibleDigits(body) + (c === '*' ? 0 : 1) < 1 || maskRuns(v) > 2) continue;
      out.push({ index: m.index, length: text.length, value: v, masked: true, checked: false, kind: 'hkid' });
      continue;
    }
    if (hkidCheckChar(p, body) !== c) continue;
    if (!hasContext && bracketed === undefined && p === 'KB' && c !== 'A') continue;
    out.push({ index: m.index, length: text.length, value: p + body + c, masked: false, checked: true, kind: 'hkid' });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Taiwan national ID and resident certificates (§5.3)

const TW_RE = /(?<![A-Za-z0-9])([A-Za-z])([1289A-Da-d*•●])([\d*•●]{8})(?![A-Za-z0-9])/g;

/**
 * Taiwan national ID (`A123456789`), 2021 resident certificate (`A800000014`) and old resident
 * certificate (`AA00000009`) numbers with a valid check digit, and masked national IDs piaudit-ignore tw-id -- invented example
 * (`A12****789`). Without context: upper case only, and a masked value must show its sex digit
 * (`1`/`2`, or `8`/`9`), one mask run and at least three digits.
 */
export function findTwIds(line: string, hasContext = false): LineMatch[] {
  const out: LineMatch[] = [];
  if (!HAS_DIGIT.test(line)) return out;
  TW_RE.lastIndex = 0;
  for (let m = TW_RE.exec(line); m !== null; m = TW_RE.exec(line)) {
    const text = m[0];
    if (!hasContext && hasLower(text)) continue;
    const v = foldMask(text);
    if (isMasked(text)) {
      if (v[1] >= 'A' && v[1] <= 'D') continue;
      if (!hasContext && (!'1289'.includes(v[1]) || maskRuns(v) !== 1 || visibleDigits(v) < 3)) continue;
      if (visibleDigits(v) < 2) continue;
      out.push({ index: m.index, length: text.length, value: v, masked: true, checked: false, kind: 'twid' });
      continue;
    }
    const kind = twidKind(v);
    if (kind === undefined || !twidValid(v)) continue;
    out.push({
      index: m.index,
      length: text.length,
      value: v,
      masked: false,
      checked: true,
      kind: kind === 'national' ? 'twid' : kind === 'resident-new' ? 'tw-resident-new' : 'tw-resident-old',
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Macao resident identity card (§5.2)

const MO_RE = /(?<![A-Za-z0-9])([157*•●][\d*•●]{6}) ?\(([\d*•●])\)(?![A-Za-z0-9])/g;

/**
 * Macao BIR numbers `1234567(8)` (first digit 1, 5 or 7, check digit bracketed). The check
 * algorithm is not public, so nothing is reported without context; masked forms (`5****67(8)`) too.
 */
export function findMoIds(line: string, hasContext: boolean): LineMatch[] {
  const out: LineMatch[] = [];
  if (!hasContext || !HAS_DIGIT.test(line)) return out;
  MO_RE.lastIndex = 0;
  for (let m = MO_RE.exec(line); m !== null; m = MO_RE.exec(line)) {
    const text = m[0];
    if (gluedNumber(line, m.index, m.index + text.length)) continue;
    const v = foldMask(m[1] + m[2]);
    const masked = v.includes('*');
    if (masked && visibleDigits(v) < 2) continue;
    out.push({ index: m.index, length: text.length, value: v, masked, checked: false, kind: 'mo-bir' });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Passports (§5.6)

/**
 * Prefix, then digits or masks. Lengths per prefix are checked in code:
 * E / G / K + 8; E + letter (not I, O) + 7; P / PE / D / DE / SE / MA + 7; P. / S. + 7; S + 7 or 8;
 * the old 14/15 + 7 digits (9 digits in all).
 */
const PASSPORT_RE = /(?<![A-Za-z0-9])(?:([Ee][A-HJ-NP-Za-hj-np-z]|[PpSsDd][Ee]|[Mm][Aa]|[EeGgKkPpSsDd]\.?)([\d*•●]{7,8})|(1[45]\d{7}))(?![A-Za-z0-9])/g;

function passportShapeOk(prefix: string, bodyLength: number): boolean {
  if (prefix.length === 2 && prefix[1] === '.') return (prefix[0] === 'P' || prefix[0] === 'S') && bodyLength === 7;
  if (prefix.length === 2) return bodyLength === 7;
  switch (prefix) {
    case 'E':
    case 'G':
    case 'K':
      return bodyLength === 8;
    case 'S':
      return true;
    case 'P':
    case 'D':
      return bodyLength === 7;
    default:
      return false;
  }
}

/**
 * PRC ordinary/official/service/diplomatic passports and HKSAR/MSAR passports (§5.6), masked ones
 * included (`E12****78`). The printed number has no check digit: nothing without context.
 */
export function findPassports(line: string, hasContext: boolean): LineMatch[] {
  const out: LineMatch[] = [];
  if (!hasContext || !HAS_DIGIT.test(line)) return out;
  PASSPORT_RE.lastIndex = 0;
  for (let m = PASSPORT_RE.exec(line); m !== null; m = PASSPORT_RE.exec(line)) {
    const text = m[0];
    if (m[3] !== undefined) {
      out.push({ index: m.index, length: text.length, value: text, masked: false, checked: false, kind: 'passport-cn' });
      continue;
    }
    const prefix = m[1].toUpperCase();
    const body = m[2];
    if (!passportShapeOk(prefix, body.length)) continue;
    const v = foldMask(prefix + body);
    const masked = isMasked(body);
    if (masked && (visibleDigits(body) < 1 || maskRuns(v) > 2)) continue;
    const kind = prefix === 'K' ? 'passport-hk' : prefix === 'MA' ? 'passport-mo' : 'passport-cn';
    out.push({ index: m.index, length: text.length, value: v, masked, checked: false, kind });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Mainland travel permits (§5.4, §5.5)

const HKMO_PERMIT_RE = /(?<![A-Za-z0-9])[HhMm][\d*•●]{8}(?:[\d*•●]{2})?(?![A-Za-z0-9])/g;
const TW_PERMIT_RE = /(?<![A-Za-z0-9])[\d*•●]{8}(?:[\d*•●]{2}(?:\([A-Za-z0-9]\))?)?(?![A-Za-z0-9])/g;

/** Which permit keywords were seen: one boolean for both, or one per permit. */
export type PermitContext = boolean | { hkMo: boolean; tw: boolean };

/**
 * Home Return Permits (回乡证: `H12345678`, `M1234567801`) and Taiwan residents' permits (台胞证: piaudit-ignore cn-permit -- invented example
 * `12345678`, `1234567801`, `1234567801(B)`), masked ones included (`H12****78`). No check digit:
 * nothing without context. Pass `{ hkMo, tw }` when the wrapper can tell the two keyword lists apart,
 * so that a bare 8-digit number near 回乡证 is not reported as a 台胞证 number.
 */
export function findPermits(line: string, hasContext: PermitContext): LineMatch[] {
  const hkMo = typeof hasContext === 'boolean' ? hasContext : hasContext.hkMo;
  const tw = typeof hasContext === 'boolean' ? hasContext : hasContext.tw;
  const out: LineMatch[] = [];
  if ((!hkMo && !tw) || !HAS_DIGIT.test(line)) return out;
  if (hkMo) {
    HKMO_PERMIT_RE.lastIndex = 0;
    for (let m = HKMO_PERMIT_RE.exec(line); m !== null; m = HKMO_PERMIT_RE.exec(line)) {
      const v = foldMask(m[0]);
      const masked = v.includes('*');
      if (masked && (visibleDigits(v) < 2 || maskRuns(v) > 2)) continue;
      out.push({ index: m.index, length: m[0].length, value: v, masked, checked: false, kind: 'permit-hkmo' });
    }
  }
  if (tw) {
    TW_PERMIT_RE.lastIndex = 0;
    for (let m = TW_PERMIT_RE.exec(line); m !== null; m = TW_PERMIT_RE.exec(line)) {
      const text = m[0];
      if (gluedNumber(line, m.index, m.index + text.length)) continue;
      const v = foldMask(text.replace(/[()]/g, ''));
      const masked = v.includes('*');
      if (masked && (visibleDigits(v) < 2 || maskRuns(v) > 2)) continue;
      if (!masked && v.length === 8 && isYyyymmdd(v)) continue;
      out.push({ index: m.index, length: text.length, value: v, masked, checked: false, kind: 'permit-tw' });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}
