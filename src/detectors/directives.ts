import type { Directive, TextWindow } from '../model/source.js';
import { lineOf } from './locate.js';

const MARK = Buffer.from('piaudit-ignore');

/**
 * Inline suppressions in any comment style (style.md practice 7, after gitleaks:allow and
 * secretlint's filter-comments): `piaudit-ignore [ids]` silences its own line,
 * `piaudit-ignore-next-line [ids]` the next one; ids are rule or detector ids, none = all.
 * Text after ` -- ` is the reason and is not parsed. A native indexOf keeps this off the hot path.
 */
export function findDirectives(win: TextWindow): Directive[] {
  const out: Directive[] = [];
  const b = win.bytes;
  let p = b.indexOf(MARK);
  while (p !== -1) {
    const eol = b.indexOf(10, p);
    const rest = b.toString('utf8', p + MARK.length, eol === -1 ? Math.min(b.length, p + 200) : Math.min(eol, p + 200));
    const nextLine = rest.startsWith('-next-line');
    const args = (nextLine ? rest.slice('-next-line'.length) : rest).split(' -- ')[0];
    const ids = args.match(/[a-z][a-z0-9]*(?:-[a-z0-9]+)+/g) ?? [];
    const line = lineOf(win, p);
    out.push({ kind: nextLine ? 'ignore-next-line' : 'ignore-line', line: nextLine ? line + 1 : line, ids });
    p = b.indexOf(MARK, p + MARK.length);
  }
  return out;
}
