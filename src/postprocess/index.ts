import type { Violation } from '../model/finding.js';
import type { Directive } from '../model/source.js';
import type { Severity } from '../model/severity.js';
import { redact } from './redact.js';
import { suppressInline } from './suppress-inline.js';
import { atLeast } from './threshold.js';
import { applyRuleSeverity, type RuleSeverity } from './rule-severity.js';

import { sortViolations } from './sort.js';

export { sortViolations } from './sort.js';
export { evidenceFor } from './redact.js';

export interface PostprocessOptions {
  directives: Directive[];
  minSeverity: Severity;
  asOf: Date;
  threshold: number;
  /** Language of the note an expired suppression adds to a message. */
  lang?: 'zh' | 'en';
  /** The user's per-rule levels (`off` or a severity), applied before the severity floor. */
  ruleSeverity?: RuleSeverity;
}

/**
 * The postprocess stage for one source, as a list of pure steps (secretlint's message processors):
 * inline suppressions, the user's rule levels, severity floor, redaction, order. Redaction
 * always runs: nothing after it holds a raw value.
 */
export function postprocess(violations: Violation[], opts: PostprocessOptions): Violation[] {
  let v = suppressInline(violations, opts.directives, { asOf: opts.asOf, lang: opts.lang });
  v = applyRuleSeverity(v, opts.ruleSeverity);
  v = atLeast(v, opts.minSeverity);
  v = redact(v, opts.asOf, opts.threshold);
  return sortViolations(v);
}
