/**
 * Taiwan uniform ID numbers, reference §5.3: national ID (letter + `1`/`2` + 8 digits), the 2021
 * resident certificate (letter + `8`/`9` + 8 digits) and the old resident certificate (letter +
 * letter + 8 digits). The first letter is worth a two-digit code (I, O, W–Z out of order), split into
 * tens d1 and units d2; S = d1 + 9·d2 + 8·n1 + 7·n2 + … + 1·n8 + check; valid iff S mod 10 = 0.
 * In the old resident certificate the second letter counts as the units digit of its own code
 * (secondary: taiwan-id-validator `isOriginalResidentCertificateNumberValid`; `AA00000009` is valid). piaudit-ignore tw-id -- invented example
 * @example twidValid('A123456789') // true
 */

/** Letter codes A…Z in alphabetical order (A10 … H17, I34, J18 … V29, W32, X30, Y31, Z33). */
export const TWID_LETTER_CODES: readonly number[] = [
  10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33,
];

/** Which kind of number a well-formed value is, before the check digit is tested. */
export type TwidKind = 'national' | 'resident-new' | 'resident-old';

/** The kind of a 10-character upper-case value by shape, or undefined. */
export function twidKind(s: string): TwidKind | undefined {
  if (!/^[A-Z][A-Z0-9]\d{8}$/.test(s)) return undefined;
  const c = s[1];
  if (c === '1' || c === '2') return 'national';
  if (c === '8' || c === '9') return 'resident-new';
  if (c >= 'A' && c <= 'D') return 'resident-old';
  return undefined;
}

/** True for a Taiwan national ID or resident certificate number with the right check digit. */
export function twidValid(s: string): boolean {
  const v = s.toUpperCase();
  if (twidKind(v) === undefined) return false;
  const code = TWID_LETTER_CODES[v.charCodeAt(0) - 65];
  let sum = Math.floor(code / 10) + (code % 10) * 9;
  const second = v.charCodeAt(1);
  const n1 = second >= 65 ? TWID_LETTER_CODES[second - 65] % 10 : second - 48;
  sum += n1 * 8;
  for (let k = 2; k < 9; k++) sum += (v.charCodeAt(k) - 48) * (9 - k);
  sum += v.charCodeAt(9) - 48;
  return sum % 10 === 0;
}
