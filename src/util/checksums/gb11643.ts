/**
 * ISO 7064 MOD 11-2 as used by GB 11643-1999 (resident identity numbers), reference §1.2.
 * Weights are 2^(i-1) mod 11 counted from the right, so the 17 body digits weigh
 * 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 and the check character maps S mod 11 through "10X98765432".
 */
export const GB11643_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
export const GB11643_CHECK_CHARS = '10X98765432';

/**
 * Check character for a 17-digit body.
 * @example gb11643Check('11010519491231002') // 'X'
 */
export function gb11643Check(body17: string): string {
  let s = 0;
  for (let k = 0; k < 17; k++) s += (body17.charCodeAt(k) - 48) * GB11643_WEIGHTS[k];
  return GB11643_CHECK_CHARS[s % 11];
}

/** True when an 18-character upper-case value carries the right check character. */
export function gb11643Valid(id18: string): boolean {
  return id18.length === 18 && gb11643Check(id18.slice(0, 17)) === id18[17];
}
