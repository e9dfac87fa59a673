/**
 * Hong Kong identity card number (HKID), reference §5.1: one or two letters + 6 digits + a check
 * character (`0`–`9` or `A`), printed as `A123456(3)`. Letters count A–Z = 10–35, a missing first
 * letter counts 36 (a space); weights 9 8 for the two letter positions and 7…2 for the digits;
 * check = (11 − Σ mod 11) mod 11, with 10 written `A`.
 * @example hkidValid('A123456(3)') // true
 */

/** Check character for a prefix of 1–2 upper-case letters and a 6-digit body, or '' when malformed. */
export function hkidCheckChar(prefix: string, digits6: string): string {
  if (prefix.length < 1 || prefix.length > 2 || digits6.length !== 6) return '';
  const first = prefix.length === 2 ? letterValue(prefix.charCodeAt(0)) : 36;
  const second = letterValue(prefix.charCodeAt(prefix.length - 1));
  if (first < 0 || second < 0) return '';
  let s = first * 9 + second * 8;
  for (let k = 0; k < 6; k++) {
    const d = digits6.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return '';
    s += d * (7 - k);
  }
  const c = (11 - (s % 11)) % 11;
  return c === 10 ? 'A' : String(c);
}

/**
 * True for a well-formed HKID with the right check character. Accepts the printed form
 * `A123456(3)`, the bare form `A1234563`, a space before the bracket and lower case.
 */
export function hkidValid(s: string): boolean {
  const m = /^([A-Z]{1,2})(\d{6}) ?(?:\(([0-9A])\)|([0-9A]))$/.exec(s.toUpperCase());
  if (!m) return false;
  return hkidCheckChar(m[1], m[2]) === (m[3] ?? m[4]);
}

function letterValue(code: number): number {
  return code >= 65 && code <= 90 ? code - 55 : -1;
}
