import type { DetectorId } from '../model/ids.js';
import type { ReportFinding } from '../model/finding.js';
import type { ColumnEntry } from '../model/report.js';

/**
 * The column inventory (issue 5): which table columns hold personal information, of what kind,
 * in what share of their rows, and masked how. It answers the compliance officer's question
 * "which columns must we mask or drop", and is fed from judged findings, so it never sees values.
 */

const NAMES: Record<string, { zh: string; en: string }> = {
  'cn-id': { zh: '身份证号', en: 'resident IDs' },
  'cn-mobile': { zh: '手机号', en: 'mobile numbers' },
  'cn-landline': { zh: '固定电话', en: 'landline numbers' },
  'cn-address': { zh: '住址', en: 'addresses' },
  'bank-card': { zh: '银行卡号', en: 'bank card numbers' },
  email: { zh: '电子邮箱', en: 'e-mail addresses' },
  'person-name': { zh: '姓名', en: 'names' },
};

interface Column {
  path: string;
  table: string;
  field: string;
  kinds: Map<DetectorId, number>;
  clear: number;
  weak: number;
  masked: number;
}

export class ColumnInventory {
  private readonly rows = new Map<string, number>();
  private readonly columns = new Map<string, Column>();

  /** Rows read from a table (called per part of it). */
  addRows(path: string, table: string, rows: number): void {
    const k = `${path}\u0000${table}`;
    this.rows.set(k, (this.rows.get(k) ?? 0) + rows);
  }

  /** A judged value finding located in a table column. */
  addFinding(f: ReportFinding): void {
    const { path, table, field } = f.location;
    if (!table || !field || !f.detector) return;
    const k = `${path}\u0000${table}\u0000${field}`;
    let c = this.columns.get(k);
    if (!c) this.columns.set(k, (c = { path, table, field, kinds: new Map(), clear: 0, weak: 0, masked: 0 }));
    c.kinds.set(f.detector, (c.kinds.get(f.detector) ?? 0) + 1);
    if (f.rule === 'pi-unmasked') c.clear++;
    else if (f.rule === 'pi-weak-mask') c.weak++;
    else if (f.rule === 'pi-masked') c.masked++;
  }

  /** Columns with findings, the most values first. */
  entries(lang: 'zh' | 'en'): ColumnEntry[] | undefined {
    if (this.columns.size === 0) return undefined;
    const out: ColumnEntry[] = [];
    for (const c of this.columns.values()) {
      const rows = this.rows.get(`${c.path}\u0000${c.table}`) ?? 0;
      const values = c.clear + c.weak + c.masked;
      const hitRate = rows ? Math.min(1, values / rows) : 0;
      out.push({ path: c.path, table: c.table, field: c.field, rows, kinds: Object.fromEntries(c.kinds), clear: c.clear, weak: c.weak, masked: c.masked, hitRate: Math.round(hitRate * 1000) / 1000, verdict: verdictOf(c, rows, lang) });
    }
    return out.sort((a, b) => b.clear + b.weak + b.masked - (a.clear + a.weak + a.masked) || (a.table < b.table ? -1 : a.table > b.table ? 1 : a.field < b.field ? -1 : 1));
  }
}

/** `users.id_no: 98 % clear resident IDs` — the main kind, the main masking state, of the rows read. */
function verdictOf(c: Column, rows: number, lang: 'zh' | 'en'): string {
  const [main] = [...c.kinds].sort((a, b) => b[1] - a[1]);
  const name = NAMES[main[0]]?.[lang] ?? main[0];
  const states: Array<[number, string, string]> = [
    [c.clear, '明文', 'clear'],
    [c.weak, '弱屏蔽', 'weakly masked'],
    [c.masked, '已屏蔽', 'masked'],
  ];
  const [n, zh, en] = states.sort((a, b) => b[0] - a[0])[0];
  const pct = rows ? Math.round((100 * n) / rows) : 0;
  return lang === 'zh' ? `${c.table}.${c.field}：${pct}% 为${zh}${name}` : `${c.table}.${c.field}: ${pct} % ${en} ${name}`;
}
