/**
 * Trigger strings for keyword-gated text detectors: Chinese keywords as they are, ASCII ones in
 * the three cases text uses (`passport`, `Passport`, `PASSPORT`); triggers are byte-exact.
 */
export function keywordTriggers(keywords: readonly string[]): string[] {
  const out = new Set<string>();
  for (const w of keywords) {
    // Short Latin words are inside too many others (`mtp` in smtp, `bir` in birth): a trigger must
    // be distinctive, and the finder checks the real keyword anyway.
    if (/^[a-z]{1,3}$/i.test(w)) continue;
    if (/^[\x00-\x7f]+$/.test(w)) {
      out.add(w.toLowerCase());
      out.add(w[0].toUpperCase() + w.slice(1).toLowerCase());
      out.add(w.toUpperCase());
    } else out.add(w);
  }
  return [...out];
}
