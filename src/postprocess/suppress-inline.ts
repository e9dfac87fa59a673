import type { Violation } from '../model/finding.js';
import type { Directive } from '../model/source.js';

/**
 * Drops violations silenced by an inline directive on their line (`piaudit-ignore`) or the line
 * before (`piaudit-ignore-next-line`), when the directive names no ids or names the rule or the
 * detector. Directives apply within the same source only: the caller passes that source's list.
 */
export function suppressInline(violations: Violation[], directives: Directive[]): Violation[] {
  if (directives.length === 0) return violations;
  const byLine = new Map<number, Directive[]>();
  for (const d of directives) byLine.set(d.line, [...(byLine.get(d.line) ?? []), d]);
  return violations.filter((v) => {
    const line = v.location.line;
    if (line === undefined) return true;
    const ds = byLine.get(line);
    if (!ds) return true;
    return !ds.some((d) => d.ids.length === 0 || d.ids.includes(v.rule) || (v.detector !== null && d.ids.includes(v.detector)));
  });
}
