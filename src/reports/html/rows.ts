import type { ReportFinding } from '../../model/finding.js';
import type { Location } from '../../model/location.js';
import { severityIndex } from './aggregate.js';
import { jsonForScript } from './escape.js';

/** Items per `<script type="application/json">` block: small blocks flush early and parse fast. */
const ITEMS_PER_BLOCK = 2000;
/** Distinct strings remembered for de-duplication; past this the table starts afresh (bounded memory). */
const MAX_DICT = 20_000;
/**
 * Findings embedded in the page. A million rows would make a page no browser opens comfortably;
 * beyond this the page says how many are left out, and every count stays exact.
 */
export const MAX_EMBEDDED = 250_000;

/** `:12:5`, ` p.3`, ` [entry]`, ` users.id_no #42` — everything of a location except its path. */
export function locationSuffix(l: Location): string {
  let s = '';
  if (l.entry !== undefined) s += ` [${l.entry}]`;
  if (l.page !== undefined) s += ` p.${l.page}`;
  if (l.table !== undefined || l.field !== undefined) s += ` ${[l.table, l.field].filter((x) => x !== undefined).join('.')}`;
  if (l.row !== undefined) s += ` #${l.row}`;
  if (l.line !== undefined) s += `:${l.line}${l.col !== undefined ? `:${l.col}` : ''}`;
  return s;
}

/**
 * Writes findings as compact JSON rows in a series of script blocks, for the page's script to
 * build the table from. Repeated strings (paths, rules, messages) are sent once: a string item
 * appends to the client's dictionary, an array item is a finding
 * `[severity, rule, detector|-1, path, location, evidence, message, masked]` whose string fields
 * are dictionary indexes except location and evidence (nearly always distinct). Keeps 100,000
 * findings near 6 MB instead of 25.
 */
export class RowEncoder {
  private readonly dict = new Map<string, number>();
  private next = 0;
  private items: string[] = [];
  embedded = 0;
  omitted = 0;

  constructor(private readonly push: (s: string) => void) {}

  add(f: ReportFinding): void {
    if (this.embedded >= MAX_EMBEDDED) {
      this.omitted++;
      return;
    }
    this.embedded++;
    const row = [
      severityIndex(f.severity),
      this.ref(f.rule),
      f.detector === null ? -1 : this.ref(f.detector),
      this.ref(f.location.path),
      locationSuffix(f.location),
      f.evidence ?? '',
      this.ref(f.message),
      f.masked ? 1 : 0,
    ];
    this.items.push(jsonForScript(row));
    if (this.items.length >= ITEMS_PER_BLOCK) this.flush();
  }

  /** Closes the current block (call once more at the end). */
  flush(): void {
    if (!this.items.length) return;
    this.push(`<script type="application/json" class="pd">[${this.items.join(',')}]</script>\n`);
    this.items = [];
  }

  private ref(s: string): number {
    let i = this.dict.get(s);
    if (i !== undefined) return i;
    if (this.dict.size >= MAX_DICT) this.dict.clear();
    i = this.next++;
    this.dict.set(s, i);
    this.items.push(jsonForScript(s));
    return i;
  }
}
