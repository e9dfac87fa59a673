import type { Violation } from '../model/finding.js';

/** Stable report order: path, line, column, then rule, so two runs diff cleanly. */
export function sortViolations(violations: Violation[]): Violation[] {
  return [...violations].sort(
    (a, b) =>
      cmp(a.location.path, b.location.path) ||
      cmp(a.location.entry ?? '', b.location.entry ?? '') ||
      (a.location.line ?? 0) - (b.location.line ?? 0) ||
      (a.location.col ?? 0) - (b.location.col ?? 0) ||
      cmp(a.rule, b.rule),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
