/**
 * Luhn "mod 10" (ISO/IEC 7812-1 Annex B), reference §3.1: from the rightmost digit, double every
 * second digit, subtract 9 from doubles above 9; valid when the sum is a multiple of 10.
 * @example luhnValid('6225881414207430') // true
 */
export function luhnValid(digits: string): boolean {
  return luhnSum(digits) % 10 === 0;
}

/** The Luhn sum of a digit string (the check digit included, if present). */
export function luhnSum(digits: string): number {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum;
}

/** The digit that makes `body` + digit Luhn-valid. */
export function luhnCheckDigit(body: string): string {
  const s = luhnSum(body + '0') % 10;
  return String((10 - s) % 10);
}
