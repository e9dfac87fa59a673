/**
 * Context text around a value, for keyword boosts (Presidio's context enhancer with a character
 * window instead of a word window: Chinese has no spaces). Percent-encoding and JSON `\uXXXX`
 * escapes are decoded first, because log lines carry `%E8%BA%AB%E4%BB%BD%E8%AF%81` and
 * `\u8eab\u4efd\u8bc1` as often as 身份证.
 */

/** Bytes of context taken before and after a value (≈ 30 CJK characters before). */
export const CONTEXT_BEFORE = 96;
export const CONTEXT_AFTER = 32;

export function contextText(b: Buffer, start: number, end: number): string {
  const before = b.toString('utf8', Math.max(0, start - CONTEXT_BEFORE), start);
  const after = b.toString('utf8', end, Math.min(b.length, end + CONTEXT_AFTER));
  return decodeEscapes(before + ' ' + after).toLowerCase();
}

/** Decode `%XX` runs and `\uXXXX` escapes where they are valid; leave anything else as it is. */
export function decodeEscapes(s: string): string {
  if (s.includes('%')) {
    s = s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return m;
      }
    });
  }
  if (s.includes('\\u')) s = s.replace(/\\u([0-9A-Fa-f]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return s;
}

/**
 * True when any keyword occurs in the (lower-cased) context. An ASCII keyword must start a word
 * (`card` in `card_no` or `"card":`, not in `idcard`, which is an ID's label); Chinese keywords
 * match anywhere, as Chinese has no word breaks.
 */
export function hasKeyword(context: string, keywords: readonly string[]): boolean {
  for (const k of keywords) {
    let p = context.indexOf(k);
    if (p === -1) continue;
    if (k.charCodeAt(0) >= 0x80) return true;
    while (p !== -1) {
      const before = p === 0 ? 32 : context.charCodeAt(p - 1);
      if (!(before >= 0x61 && before <= 0x7a)) return true;
      p = context.indexOf(k, p + 1);
    }
  }
  return false;
}
