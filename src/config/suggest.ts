/**
 * "Did you mean" for unknown keys and ids: the closest known name when it is near enough to be a
 * typo or another spelling of it (`fail-on`, `failon` and `failOnn` all suggest `failOn`).
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  const norm = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, '');
  const w = norm(word);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(w, norm(k));
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  // Two edits for names of 5+ characters, one below: "lang" → "long" is a suggestion, "db" → "ocr" is not.
  const allowed = w.length >= 5 ? 2 : 1;
  return bestDistance <= allowed ? best : undefined;
}

/** ` Did you mean "x"?` or nothing. */
export function didYouMean(word: string, known: readonly string[]): string {
  const c = closest(word, known);
  return c === undefined ? '' : `; did you mean "${c}"?`;
}

/** Levenshtein distance (insertions, deletions, substitutions), two rows of memory. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
