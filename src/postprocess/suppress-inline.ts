import type { Violation } from '../model/finding.js';
import type { Directive } from '../model/source.js';
import type { ExpiringDirective } from '../detectors/directives.js';

export interface SuppressOptions {
  /** The scan's reference date: `until` dates are compared with it (default: now). */
  asOf?: Date;
  /** Language of the note appended to a finding whose suppression expired (default en). */
  lang?: 'zh' | 'en';
}

/**
 * Drops violations silenced by an inline directive on their line (`piaudit-ignore`) or the line
 * before (`piaudit-ignore-next-line`), when the directive names no ids or names the rule or the
 * detector. Directives apply within the same source only: the caller passes that source's list.
 *
 * A directive with `until YYYY-MM-DD` is honoured through that day (UTC, like --as-of). After it,
 * or when its date is not a real date, the violation is reported again and its message says why,
 * so a reviewer sees that a suppression lapsed rather than a mysterious new finding.
 */
export function suppressInline(violations: Violation[], directives: Directive[], opts: SuppressOptions = {}): Violation[] {
  if (directives.length === 0) return violations;
  const today = isoDay(opts.asOf ?? new Date());
  const byLine = new Map<number, ExpiringDirective[]>();
  for (const d of directives) byLine.set(d.line, [...(byLine.get(d.line) ?? []), d]);
  const out: Violation[] = [];
  for (const v of violations) {
    const line = v.location.line;
    const ds = line === undefined ? undefined : byLine.get(line);
    const ids = v.detector === null ? [v.rule] : [v.rule, v.detector];
    const matching = ds?.filter((d) => names(d, ids));
    if (!matching?.length) {
      out.push(v);
      continue;
    }
    // Any live matching directive silences.
    if (matching.some((d) => live(d, today))) continue;
    out.push({ ...v, message: v.message + lapseNote(matching, opts.lang ?? 'en') });
  }
  return out;
}

/**
 * Whether something on `line` is silenced for any of `ids` (a rule or detector id) by a live
 * directive: the file-level rules (retention) ask it for the values they count, so that a value a
 * comment silenced does not come back through them.
 */
export function isSilenced(directives: readonly Directive[], line: number | undefined, ids: readonly string[], asOf: Date): boolean {
  if (line === undefined || directives.length === 0) return false;
  const today = isoDay(asOf);
  return (directives as ExpiringDirective[]).some((d) => d.line === line && names(d, ids) && live(d, today));
}

/** The directive names one of these rule or detector ids, or names none (then it covers all). */
function names(d: ExpiringDirective, ids: readonly string[]): boolean {
  return d.ids.length === 0 || d.ids.some((id) => ids.includes(id));
}

/** The directive is in force on `today` (no `until`, or a valid one not passed; ISO dates compare as strings). */
function live(d: ExpiringDirective, today: string): boolean {
  return d.until === undefined || (d.until !== 'invalid' && d.until >= today);
}

/** Why a suppression no longer holds: the latest expiry date, or an unreadable date. */
function lapseNote(ds: ExpiringDirective[], lang: 'zh' | 'en'): string {
  const dates = ds.map((d) => d.until).filter((u): u is string => u !== undefined && u !== 'invalid').sort();
  const last = dates.at(-1);
  if (last) return lang === 'zh' ? `（忽略注释已于 ${last} 过期）` : ` (suppression expired ${last})`;
  return lang === 'zh' ? '（忽略注释的 until 日期无效，应为 YYYY-MM-DD）' : ' (suppression ignored: its until date is not a valid YYYY-MM-DD date)';
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
