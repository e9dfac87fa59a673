/**
 * Numeric cells as plain digits. A worksheet stores numbers as decimal text of an IEEE double,
 * often in exponent form (`1.3800138E10`, `1.10105199001011E+17`). Phone numbers (11 digits)
 * survive as numbers intact; an 18-digit resident ID typed into a number cell does not: a double
 * holds 15-17 significant digits, so Excel stores `110105199001011234` as `1.10105199001011E+17`
 * and shows `110105199001011000`, sequence and check character gone. We expand the exponent
 * with zeros and keep exactly the digits the file holds (no rounding, no invented digits): such a
 * value cannot pass the GB 11643 checksum and cannot be recovered from the file. A writer that
 * stored the full integer as plain text (some libraries do) keeps it whole, and it is found.
 */
export function formatNumberCell(raw: string): string {
  const v = raw.trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?[eE]([+-]?\d+)$/.exec(v);
  if (!m) return v;
  const [, sign, int, frac = '', expText] = m;
  const exp = Number(expText);
  const digits = int + frac;
  const point = int.length + exp; // where the decimal point falls in `digits`
  if (exp < 0 || point < digits.length || point > 30) return v; // a fraction or absurdly large: as stored
  return sign + (digits + '0'.repeat(point - digits.length)).replace(/^0+(?=\d)/, '');
}
