import type { Directive, TextWindow } from '../model/source.js';
import { lineOf } from './locate.js';

const MARK = Buffer.from('piaudit-ignore');

/**
 * A directive with an optional expiry. Kept here (not in model/source.ts) because only the
 * directive parser and suppress-inline read it; a plain `Directive[]` carries it through the
 * pipeline unchanged.
 */
export interface ExpiringDirective extends Directive {
  /**
   * `until YYYY-MM-DD`: honoured through that day (inclusive, UTC like --as-of). `'invalid'` when
   * the comment has `until` followed by something date-like that is not a real YYYY-MM-DD date: such
   * a directive is never honoured, so a typo cannot silence a finding for ever.
   */
  until?: string;
}

/** `until 2027-01-01`, `until: 2027-01-01`, `until=2027-01-01`; only a digit-led word is an expiry attempt. */
const UNTIL = /(?:^|\s)until[\s:=]+(\d\S*)/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Inline suppressions in any comment style (style.md practice 7, after gitleaks:allow and
 * secretlint's filter-comments): `piaudit-ignore [ids]` silences its own line,
 * `piaudit-ignore-next-line [ids]` the next one; ids are rule or detector ids, none = all.
 * `until YYYY-MM-DD` before the reason makes it expire. Text after ` -- ` is the reason and is not
 * parsed. A native indexOf keeps this off the hot path.
 */
export function findDirectives(win: TextWindow): ExpiringDirective[] {
  const out: ExpiringDirective[] = [];
  const b = win.bytes;
  let p = b.indexOf(MARK);
  while (p !== -1) {
    const eol = b.indexOf(10, p);
    const rest = b.toString('utf8', p + MARK.length, eol === -1 ? Math.min(b.length, p + 200) : Math.min(eol, p + 200));
    const nextLine = rest.startsWith('-next-line');
    const args = (nextLine ? rest.slice('-next-line'.length) : rest).split(' -- ')[0];
    const ids = args.match(/[a-z][a-z0-9]*(?:-[a-z0-9]+)+/g) ?? [];
    const line = lineOf(win, p);
    const d: ExpiringDirective = { kind: nextLine ? 'ignore-next-line' : 'ignore-line', line: nextLine ? line + 1 : line, ids };
    const until = UNTIL.exec(args);
    if (until) d.until = realDate(until[1]) ? until[1] : 'invalid';
    out.push(d);
    p = b.indexOf(MARK, p + MARK.length);
  }
  return out;
}

/** A real calendar date written YYYY-MM-DD (2027-02-30 is not). */
function realDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}
