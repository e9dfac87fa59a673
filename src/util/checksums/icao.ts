/**
 * ICAO Doc 9303 machine-readable-zone check digits, reference §5.7. Character values: `0`–`9` = 0–9,
 * `A`–`Z` = 10–35, filler `<` = 0; weights 7 3 1 repeating from the left; check = Σ mod 10.
 * @example icaoCheckDigit('L898902C3') // 6
 */

/** 7-3-1 check digit of an MRZ field, or -1 when it holds a character outside `0-9A-Z<`. */
export function icaoCheckDigit(s: string): number {
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let v: number;
    if (c >= 48 && c <= 57) v = c - 48;
    else if (c >= 65 && c <= 90) v = c - 55;
    else if (c === 60) v = 0;
    else return -1;
    sum += v * (i % 3 === 0 ? 7 : i % 3 === 1 ? 3 : 1);
  }
  return sum % 10;
}

/**
 * True when `check` (one character) is the check digit of `field`. A `<` check passes only over an
 * all-filler field (TD3 personal number left empty: Doc 9303 allows `<` or `0` there).
 */
export function icaoCheckMatches(field: string, check: string): boolean {
  if (check === '<') return /^<*$/.test(field);
  const d = icaoCheckDigit(field);
  return d >= 0 && check.charCodeAt(0) - 48 === d;
}

/** Names of the checks of one MRZ, in the order they appear; each is true when it passed. */
export interface MrzChecks {
  document: boolean;
  birth: boolean;
  expiry: boolean;
  /** TD3 only: the personal-number check (position 43 of line 2). */
  personal?: boolean;
  composite: boolean;
}

const LINE = /^[A-Z0-9<]+$/;

/** Every check of a TD3 (passport, 2 × 44) line 2. */
export function mrzTd3Checks(line2: string): MrzChecks | undefined {
  if (line2.length !== 44 || !LINE.test(line2)) return undefined;
  return {
    document: icaoCheckMatches(line2.slice(0, 9), line2[9]),
    birth: icaoCheckMatches(line2.slice(13, 19), line2[19]),
    expiry: icaoCheckMatches(line2.slice(21, 27), line2[27]),
    personal: icaoCheckMatches(line2.slice(28, 42), line2[42]),
    composite: icaoCheckMatches(line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, 43), line2[43]),
  };
}

/**
 * Document number and its check in a TD1 line 1 or TD2 line 2: a number longer than 9 characters
 * puts `<` in the check position and continues in the optional data, ending with its check digit.
 */
function longDocumentCheck(head9: string, check: string, optional: string): boolean {
  if (check !== '<') return icaoCheckMatches(head9, check);
  const m = /^([A-Z0-9]*?)([0-9])<*$/.exec(optional);
  return m !== null && m[1].length > 0 && icaoCheckMatches(head9 + m[1], m[2]);
}

/** Every check of a TD2 (2 × 36) line 2. */
export function mrzTd2Checks(line2: string): MrzChecks | undefined {
  if (line2.length !== 36 || !LINE.test(line2)) return undefined;
  return {
    document: longDocumentCheck(line2.slice(0, 9), line2[9], line2.slice(28, 35)),
    birth: icaoCheckMatches(line2.slice(13, 19), line2[19]),
    expiry: icaoCheckMatches(line2.slice(21, 27), line2[27]),
    composite: icaoCheckMatches(line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, 35), line2[35]),
  };
}

/** Every check of a TD1 (ID card, 3 × 30); only lines 1 and 2 carry checks. */
export function mrzTd1Checks(lines: readonly string[]): MrzChecks | undefined {
  const [l1, l2] = lines;
  if (l1 === undefined || l2 === undefined || l1.length !== 30 || l2.length !== 30) return undefined;
  if (!LINE.test(l1) || !LINE.test(l2)) return undefined;
  return {
    document: longDocumentCheck(l1.slice(5, 14), l1[14], l1.slice(15, 30)),
    birth: icaoCheckMatches(l2.slice(0, 6), l2[6]),
    expiry: icaoCheckMatches(l2.slice(8, 14), l2[14]),
    composite: icaoCheckMatches(l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29), l2[29]),
  };
}

function allPass(c: MrzChecks | undefined): boolean {
  return c !== undefined && c.document && c.birth && c.expiry && c.personal !== false && c.composite;
}

/**
 * True when every check digit of a TD3 line 2 passes, the composite included.
 * @example mrzTd3Valid('L898902C36UTO7408122F1204159ZE184226B<<<<<10') // true (ICAO specimen)
 */
export function mrzTd3Valid(line2: string): boolean {
  return allPass(mrzTd3Checks(line2));
}

/** True when every check digit of a TD2 line 2 passes, the composite included. */
export function mrzTd2Valid(line2: string): boolean {
  return allPass(mrzTd2Checks(line2));
}

/** True when every check digit of a TD1 (lines 1 and 2 of 3; line 3 holds only names) passes. */
export function mrzTd1Valid(lines: readonly string[]): boolean {
  return allPass(mrzTd1Checks(lines));
}
