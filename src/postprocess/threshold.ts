import type { Violation } from '../model/finding.js';
import { severityRank, type Severity } from '../model/severity.js';

/** Keeps violations at or above the minimum severity the user asked to see. */
export function atLeast(violations: Violation[], min: Severity): Violation[] {
  const floor = severityRank(min);
  return min === 'info' ? violations : violations.filter((v) => severityRank(v.severity) >= floor);
}
