/**
 * Trigger strings for keyword-gated text detectors: Chinese keywords as they are, ASCII ones in
 * the three cases text uses (`passport`, `Passport`, `PASSPORT`); triggers are byte-exact.
 */
export function keywordTriggers(keywords: readonly string[]): string[] {
  const out = new Set<string>();
  for (const k of keywords) {
    const w = k.trim();
    if (!w) continue;
    if (/^[\x00-\x7f]+$/.test(w)) {
      out.add(w.toLowerCase());
      out.add(w[0].toUpperCase() + w.slice(1).toLowerCase());
      out.add(w.toUpperCase());
    } else out.add(w);
  }
  return [...out];
}
