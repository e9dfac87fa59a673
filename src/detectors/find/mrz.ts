import { mrzTd1Checks, mrzTd2Checks, mrzTd3Checks, type MrzChecks } from '../../util/checksums/icao.js';

/**
 * Machine-readable zones (ICAO Doc 9303, reference §5.7) in text, typically OCR output of a scanned
 * passport, ID card or permit: TD3 (passports, 2 × 44), TD2 (2 × 36) and TD1 (ID cards, 3 × 30).
 * An MRZ gives away name, nationality, birth date, sex and document number even when the visual
 * zone of the scan is masked.
 *
 * A block whose check digits all pass is a definite match (`valid: true`). A block with a proper
 * line 1 (document code, issuing state, names) above a well-formed line 2 is reported with
 * `valid: false` when a check fails (an OCR misread still leaks the holder). A line 2 on its own is
 * reported only when all its checks pass. Visas (document code `V`) have no composite check.
 *
 * Lines are separated by `\n`; `\r`, surrounding blanks and blanks inside a line (common in OCR
 * output) are tolerated. Pure and linear in the text; text without a `<` returns at once.
 */

export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

export interface MrzMatch {
  /** Offset of the block's first MRZ character in the text. */
  index: number;
  /** Length from `index` to the end of the block's last MRZ character (line breaks included). */
  length: number;
  format: MrzFormat;
  /** Document code from line 1 (`P`, `I`, `C`, `V`, `PO`, …); '' when only line 2 was found. */
  documentCode: string;
  /** Issuing state from line 1 ('' when only line 2 was found). */
  issuingState: string;
  /** Document number without fillers (a TD1/TD2 long number includes its continuation). */
  docNumber: string;
  /** Nationality code without fillers (`CHN`, `D`). */
  nationality: string;
  /** Birth date as printed, `YYMMDD` (the century is not in the MRZ). */
  birthDate: string;
  /** `M`, `F`, `X` or `<` (unspecified). */
  sex: string;
  /** Expiry date as printed, `YYMMDD`. */
  expiryDate: string;
  /** Primary and secondary identifiers from the name field, fillers turned into spaces. */
  names?: { surname: string; givenNames: string };
  /** True when every check digit passed (the composite included). */
  valid: boolean;
  /** Which checks passed. */
  checks: MrzChecks;
}

interface Line {
  /** Offset of the first non-blank character. */
  start: number;
  /** Offset after the last non-blank character. */
  end: number;
  /** The line without blanks when it is made of MRZ characters only and has an MRZ length; else ''. */
  mrz: string;
}

const MRZ_CHARS = /^[A-Z0-9< ]+$/;
const TD3_L1 = /^[A-Z][A-Z0-9<][A-Z<]{3}[A-Z<]{39}$/;
const TD2_L1 = /^[A-Z][A-Z0-9<][A-Z<]{3}[A-Z<]{31}$/;
const TD1_L1 = /^[A-Z][A-Z0-9<][A-Z<]{3}[A-Z0-9<]{25}$/;
const TD1_L3 = /^[A-Z<]{30}$/;
/** Line 2 of TD3/TD2: number, check, nationality, birth + check, sex, expiry + check, rest. */
const TD32_L2 = /^[A-Z0-9<]{9}[0-9<][A-Z<]{3}[0-9<]{6}[0-9][MFX<][0-9<]{6}[0-9][A-Z0-9<]+$/;
/** TD1 line 2: birth + check, sex, expiry + check, nationality, optional, composite. */
const TD1_L2 = /^[0-9<]{6}[0-9][MFX<][0-9<]{6}[0-9][A-Z<]{3}[A-Z0-9<]{11}[0-9]$/;

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let pos = 0;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    let s = pos;
    let e = nl;
    while (s < e && isBlank(text.charCodeAt(s))) s++;
    while (e > s && isBlank(text.charCodeAt(e - 1))) e--;
    let mrz = '';
    const n = e - s;
    if (n >= 30 && n <= 88) {
      const raw = text.slice(s, e);
      if (MRZ_CHARS.test(raw)) {
        const compact = raw.includes(' ') ? raw.replace(/ +/g, '') : raw;
        if (compact.length === 30 || compact.length === 36 || compact.length === 44) mrz = compact;
      }
    }
    lines.push({ start: s, end: e, mrz });
    pos = nl + 1;
  }
  return lines;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 0x3000;
}

function strip(s: string): string {
  return s.replace(/</g, '');
}

function parseNames(field: string): { surname: string; givenNames: string } {
  const cut = field.indexOf('<<');
  const surname = (cut === -1 ? field : field.slice(0, cut)).replace(/</g, ' ').trim();
  const givenNames = cut === -1 ? '' : field.slice(cut + 2).replace(/</g, ' ').trim().replace(/ +/g, ' ');
  return { surname, givenNames };
}

/** Document number of TD1 line 1 / TD2 line 2, following a long number into the optional data. */
function longDocNumber(head9: string, check: string, optional: string): string {
  if (check !== '<') return strip(head9);
  const m = /^([A-Z0-9]*?)[0-9]<*$/.exec(optional);
  return strip(head9) + (m ? m[1] : '');
}

function allPass(c: MrzChecks, visa: boolean): boolean {
  return c.document && c.birth && c.expiry && (visa || (c.personal !== false && c.composite));
}

/** Find every MRZ block in `text`. */
export function findMrz(text: string): MrzMatch[] {
  const out: MrzMatch[] = [];
  if (!text.includes('<')) return out;
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const a = lines[i].mrz;
    if (a === '') continue;
    const b = lines[i + 1]?.mrz ?? '';
    const found = tryTd3(lines, i, a, b) ?? tryTd2(lines, i, a, b) ?? tryTd1(lines, i, a, b);
    if (found) {
      out.push(found.match);
      i += found.lines - 1;
    }
  }
  return out;
}

interface Found {
  match: MrzMatch;
  lines: number;
}

function span(lines: Line[], first: number, count: number): { index: number; length: number } {
  return { index: lines[first].start, length: lines[first + count - 1].end - lines[first].start };
}

function tryTd3(lines: Line[], i: number, a: string, b: string): Found | undefined {
  if (a.length === 44 && b.length === 44 && TD3_L1.test(a) && TD32_L2.test(b)) {
    const checks = mrzTd3Checks(b)!;
    const visa = a[0] === 'V';
    return { match: td32Match('TD3', lines, i, 2, a, b, checks, visa), lines: 2 };
  }
  if (a.length === 44 && TD32_L2.test(a)) {
    const checks = mrzTd3Checks(a)!;
    if (allPass(checks, false)) return { match: td32Match('TD3', lines, i, 1, '', a, checks, false), lines: 1 };
  }
  return undefined;
}

function tryTd2(lines: Line[], i: number, a: string, b: string): Found | undefined {
  if (a.length === 36 && b.length === 36 && TD2_L1.test(a) && TD32_L2.test(b)) {
    const checks = mrzTd2Checks(b)!;
    const visa = a[0] === 'V';
    return { match: td32Match('TD2', lines, i, 2, a, b, checks, visa), lines: 2 };
  }
  if (a.length === 36 && TD32_L2.test(a)) {
    const checks = mrzTd2Checks(a)!;
    if (allPass(checks, false)) return { match: td32Match('TD2', lines, i, 1, '', a, checks, false), lines: 1 };
  }
  return undefined;
}

function td32Match(format: 'TD2' | 'TD3', lines: Line[], i: number, count: number, l1: string, l2: string, checks: MrzChecks, visa: boolean): MrzMatch {
  const docNumber = format === 'TD2' ? longDocNumber(l2.slice(0, 9), l2[9], l2.slice(28, 35)) : strip(l2.slice(0, 9));
  const m: MrzMatch = {
    ...span(lines, i, count),
    format,
    documentCode: l1 === '' ? '' : strip(l1.slice(0, 2)),
    issuingState: l1 === '' ? '' : strip(l1.slice(2, 5)),
    docNumber,
    nationality: strip(l2.slice(10, 13)),
    birthDate: l2.slice(13, 19),
    sex: l2[20],
    expiryDate: l2.slice(21, 27),
    valid: allPass(checks, visa),
    checks,
  };
  if (l1 !== '') m.names = parseNames(l1.slice(5));
  return m;
}

function tryTd1(lines: Line[], i: number, a: string, b: string): Found | undefined {
  if (a.length !== 30 || b.length !== 30 || !TD1_L1.test(a) || !TD1_L2.test(b)) return undefined;
  const checks = mrzTd1Checks([a, b])!;
  const valid = allPass(checks, false);
  const c = lines[i + 2]?.mrz ?? '';
  const withNames = c.length === 30 && TD1_L3.test(c);
  const count = withNames ? 3 : 2;
  // Two lines without the name line: report only when the checks prove it is an MRZ.
  if (!withNames && !valid) return undefined;
  const m: MrzMatch = {
    ...span(lines, i, count),
    format: 'TD1',
    documentCode: strip(a.slice(0, 2)),
    issuingState: strip(a.slice(2, 5)),
    docNumber: longDocNumber(a.slice(5, 14), a[14], a.slice(15, 30)),
    nationality: strip(b.slice(15, 18)),
    birthDate: b.slice(0, 6),
    sex: b[7],
    expiryDate: b.slice(8, 14),
    valid,
    checks,
  };
  if (withNames) m.names = parseNames(c);
  return { match: m, lines: count };
}
