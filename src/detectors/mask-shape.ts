/** Shape checks shared by the masked forms of the numeric detectors. */

/** Number of separate runs of `*` in a masked pattern (`110***********002X` has 1). */
export function maskRuns(pattern: string): number {
  let runs = 0;
  for (let i = 0; i < pattern.length; i++) if (pattern[i] === '*' && pattern[i - 1] !== '*') runs++;
  return runs;
}

/** Visible (non-`*`) characters of a pattern. */
export function visibleCount(pattern: string): number {
  let n = 0;
  for (let i = 0; i < pattern.length; i++) if (pattern[i] !== '*') n++;
  return n;
}

/** Group lengths of a span text split at its separators: `138-0013-8000` → [3, 4, 4]. */
export function groupLengths(text: string): number[] {
  return text.split(/[ -]/).map((g) => g.length);
}

/** True when `lengths` equals one of the allowed layouts. */
export function layoutIs(lengths: number[], allowed: readonly (readonly number[])[]): boolean {
  return allowed.some((a) => a.length === lengths.length && a.every((v, i) => v === lengths[i]));
}
