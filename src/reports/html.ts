import type { ReportFinding } from '../model/finding.js';
import type { RuleId } from '../model/ids.js';
import type { Report } from '../model/report.js';
import { SEVERITIES } from '../model/severity.js';
import { getRule, type Lang } from '../rules/load.js';
import { Aggregates } from './html/aggregate.js';
import { CSS, SCRIPT } from './html/assets.js';
import { esc, jsonForScript } from './html/escape.js';
import { severityName, t } from './html/i18n.js';
import { RowEncoder } from './html/rows.js';
import { sections } from './html/sections.js';
import { BufferedOut, type ReportWriter, type TextSink } from './sink.js';

/** Rows the findings table shows at once; filters and search narrow the rest (the counts stay exact). */
const TABLE_LIMIT = 500;

/**
 * Nothing may load from anywhere: the report travels by e-mail and opens offline, and a page that
 * fetched nothing cannot leak what it shows. Inline style and script are the only things allowed.
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/**
 * The HTML report: one self-contained page, written as a stream. The head and the (empty) findings
 * table go out first, then each finding as a compact JSON row while the scan runs, then — once the
 * summary is known — the cards, charts, groups and breakdowns, and the script that fills the table.
 * CSS `order` puts the summary on top although it is written last. Memory stays bounded: findings
 * are not kept, only counts per folder/article and a few samples per rule.
 */
export class HtmlWriter implements ReportWriter {
  private readonly out: BufferedOut;
  private readonly rows: RowEncoder;
  private readonly agg = new Aggregates();

  constructor(write: TextSink, private readonly tool: Report['tool'], private readonly lang: Lang) {
    this.out = new BufferedOut(write);
    this.rows = new RowEncoder((s) => this.out.push(s));
    this.out.push(this.head());
  }

  add(f: ReportFinding): void {
    this.agg.add(f);
    this.rows.add(f);
  }

  end(report: Report): void {
    const { lang } = this;
    this.rows.flush();
    const omitted = this.rows.omitted ? `<p class="warn">${esc(t(lang, 'notEmbedded', { n: this.rows.omitted }))}</p>` : '';
    const rules = (Object.keys(report.summary.byRule) as RuleId[]).filter((r) => report.summary.byRule[r] > 0).sort();
    const meta = {
      severities: SEVERITIES,
      severityNames: SEVERITIES.map((s) => severityName(lang, s)),
      ruleTitles: Object.fromEntries(rules.map((r) => [r, getRule(r).title[lang]])),
      rules: rules.map((r) => [r, `${getRule(r).title[lang]} (${report.summary.byRule[r]})`]),
      detectors: Object.keys(report.summary.byDetector).sort().map((d) => [d, `${d} (${report.summary.byDetector[d]})`]),
      limit: TABLE_LIMIT,
      total: this.rows.embedded,
      showing: t(lang, 'showing'),
    };
    const roots = report.scan.roots.join(', ');
    this.out.push(
      `${omitted}\n` +
        sections(report, this.agg, lang) +
        `\n<p class="muted" id="scan-info">${esc(t(lang, 'roots'))}: ${esc(roots)} · ${esc(t(lang, 'generated'))}: ${esc(report.scan.startedAt)} · ${esc(this.tool.name)} ${esc(this.tool.version)}</p>` +
        `\n</main>\n<script type="application/json" id="meta">${jsonForScript(meta)}</script>\n<script>${SCRIPT}</script>\n</body>\n</html>\n`,
    );
    this.out.flush();
  }

  private head(): string {
    const { lang } = this;
    const th = (k: Parameters<typeof t>[1]): string => `<th>${esc(t(lang, k))}</th>`;
    const sevOptions = SEVERITIES.map((s) => `<option value="${s}">${esc(severityName(lang, s))}</option>`).join('');
    return (
      `<!DOCTYPE html>\n<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">\n<head>\n<meta charset="utf-8">\n` +
      `<meta http-equiv="Content-Security-Policy" content="${CSP}">\n<meta name="referrer" content="no-referrer">\n` +
      `<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${esc(t(lang, 'title'))}</title>\n<style>${CSS}</style>\n</head>\n<body>\n` +
      `<header><h1>${esc(t(lang, 'title'))}</h1></header>\n<main>\n` +
      `<section id="s-findings"><h2>${esc(t(lang, 'findings'))}</h2>` +
      `<div class="filters" id="filters" hidden>` +
      `<select id="f-sev" aria-label="${esc(t(lang, 'severity'))}"><option value="">${esc(t(lang, 'severity'))}: ${esc(t(lang, 'all'))}</option>${sevOptions}</select>` +
      `<select id="f-rule" aria-label="${esc(t(lang, 'rule'))}"><option value="">${esc(t(lang, 'rule'))}: ${esc(t(lang, 'all'))}</option></select>` +
      `<select id="f-det" aria-label="${esc(t(lang, 'detector'))}"><option value="">${esc(t(lang, 'detector'))}: ${esc(t(lang, 'all'))}</option></select>` +
      `<input id="f-q" type="search" placeholder="${esc(t(lang, 'search'))}" aria-label="${esc(t(lang, 'search'))}"></div>` +
      `<noscript><p>${esc(t(lang, 'noScript'))}</p></noscript><p class="status" id="status"></p>` +
      `<table id="findings"><thead><tr>${th('severity')}${th('rule')}${th('detector')}${th('location')}${th('evidence')}${th('message')}</tr></thead><tbody id="rows"></tbody></table></section>\n`
    );
  }
}

/** The whole page as one string (library use and tests). */
export function renderHtml(report: Report, lang: Lang): string {
  let s = '';
  const w = new HtmlWriter((chunk) => (s += chunk), report.tool, lang);
  for (const f of report.findings) w.add(f);
  w.end(report);
  return s;
}
