import type { DetectorId } from '../model/ids.js';
import type { ArticleDef, RuleDef } from '../rules/load.js';

/**
 * Plain-text output of `piaudit rules` and `piaudit explain <rule>`. No colour here: the CLI may
 * add it, and the text must stay readable when piped into a file or a pager.
 */

const LAW_NAME: Record<ArticleDef['law'], { zh: string; en: string }> = {
  'civil-code': { zh: '《中华人民共和国民法典》', en: 'PRC Civil Code' },
  pipl: { zh: '《中华人民共和国个人信息保护法》', en: 'Personal Information Protection Law (PIPL)' },
};

const DIGITS = '零一二三四五六七八九';
const UNITS = ['', '十', '百', '千'];

/**
 * An article number as Chinese statutes write it (1034 → 一千零三十四, 19 → 十九), 1–9999.
 * @example chineseNumber(73) // '七十三'
 */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) return String(n);
  const digits = String(n).split('').map(Number);
  let out = '';
  let pendingZero = false;
  digits.forEach((d, i) => {
    const unit = UNITS[digits.length - 1 - i];
    if (d === 0) {
      pendingZero = out !== '';
      return;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    // 10–19 read 十, 十一 … (not 一十一) when the tens digit leads.
    out += d === 1 && unit === '十' && out === '' ? unit : DIGITS[d] + unit;
  });
  return out;
}

/** The article's heading in both languages, e.g. `CC-1034  PRC Civil Code Art. 1034 / 《…民法典》第一千零三十四条`. */
function articleHeading(a: ArticleDef): string {
  const law = LAW_NAME[a.law];
  return `${a.id}  ${law.en} Art. ${a.number} / ${law.zh}第${chineseNumber(a.number)}条`;
}

/** Display width in a terminal: CJK and full-width characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6)
      ? 2
      : 1;
  }
  return w;
}

function pad(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - width(s)));
}

/** Indents every line of a (possibly multi-paragraph) text. */
function indent(text: string, by = '  '): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : by + l))
    .join('\n');
}

/**
 * `piaudit rules`: one line per rule with id, default severity, status, English and Chinese title.
 * Rules with per-detector severities get a `*` after the default (see `piaudit explain`).
 */
export function renderRuleList(rules: readonly RuleDef[]): string {
  const header = ['RULE', 'SEVERITY', 'STATUS', 'TITLE', '标题'];
  const rows = rules.map((r) => [
    r.id,
    r.severity + (Object.keys(r.severityByDetector).length > 0 ? '*' : ''),
    r.implemented ? 'implemented' : 'planned',
    r.title.en,
    r.title.zh,
  ]);
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => width(row[c]))));
  const lines = all.map((row) =>
    row
      .map((cell, c) => (c === row.length - 1 ? cell : pad(cell, widths[c])))
      .join('  ')
      .trimEnd(),
  );
  const notes = ['', '* severity differs by detector; `piaudit explain <rule>` shows the details.'];
  return [...lines, ...(rows.some((r) => r[1].endsWith('*')) ? notes : [])].join('\n') + '\n';
}

/**
 * `piaudit explain <rule>`: titles, severities, message templates, advice in both languages, then
 * the full text of each cited article (Chinese, the official text, then the English rendering).
 * `articles` may be all articles or just the rule's; they are shown in the rule's order.
 */
export function renderExplain(rule: RuleDef, articles: readonly ArticleDef[]): string {
  const out: string[] = [];
  out.push(`${rule.id}: ${rule.title.en}`, `${rule.id}：${rule.title.zh}`, '');
  out.push(`Status:   ${rule.implemented ? 'implemented' : 'planned (defined, not reported yet)'}`);
  out.push(`Severity: ${rule.severity} (default)`);
  const byDetector = Object.entries(rule.severityByDetector) as [DetectorId, string][];
  for (const [det, sev] of byDetector) out.push(`          ${sev} for ${det}`);
  out.push('', 'Message / 提示:', indent(`en: ${rule.message.en}`), indent(`zh: ${rule.message.zh}`));
  out.push('', 'Advice:', indent(rule.advice.en), '', '建议：', indent(rule.advice.zh));
  out.push('', `Articles / 法条: ${rule.articles.join(', ')}`);
  for (const id of rule.articles) {
    const a = articles.find((x) => x.id === id);
    out.push('', '-'.repeat(72));
    if (!a) {
      out.push(`${id}  (text not available)`);
      continue;
    }
    out.push(articleHeading(a), `${a.title.en} / ${a.title.zh}`, '');
    out.push(indent(a.text.zh), '', indent(a.text.en), '', `Source: ${a.source}`);
  }
  out.push('', 'English renderings of the statutes are unofficial; the Chinese text is authoritative.');
  return out.join('\n') + '\n';
}
