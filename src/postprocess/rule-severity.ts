import type { Violation } from '../model/finding.js';
import type { RuleId } from '../model/ids.js';
import type { Severity } from '../model/severity.js';

/** Per rule: `off`, or the severity to report it at (the config file's `rules`). */
export type RuleSeverity = Partial<Record<RuleId, Severity | 'off'>>;

/**
 * The user's rule levels, ESLint-style: a rule set to `off` produces no findings, and a severity
 * replaces whatever the rule decided (its default, or a raise such as an under-14 holder's ID or
 * an ID-card image). Well-known example values stay at info: documentation must not fail a hook
 * because a team raised `pi-unmasked`.
 */
export function applyRuleSeverity(violations: Violation[], levels: RuleSeverity | undefined): Violation[] {
  if (!levels) return violations;
  const out: Violation[] = [];
  for (const v of violations) {
    const level = levels[v.rule];
    if (level === 'off') continue;
    out.push(level !== undefined && !v.example && level !== v.severity ? { ...v, severity: level } : v);
  }
  return out;
}
