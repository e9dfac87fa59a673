import type { ReportFinding } from '../../model/finding.js';
import type { RuleId } from '../../model/ids.js';
import type { Report } from '../../model/report.js';
import { SEVERITIES, type Severity } from '../../model/severity.js';
import { getArticle, getRule, type Lang } from '../../rules/load.js';
import type { Aggregates, FolderCount } from './aggregate.js';
import { esc } from './escape.js';
import { severityName, t } from './i18n.js';
import { locationSuffix } from './rows.js';
import { barChart, columnChart } from './svg.js';

/** Folders listed in the per-folder table (the rest are counted in one line). */
const FOLDERS_SHOWN = 200;
const COLORS: Record<Severity, string> = { critical: '#8e1b1b', high: '#d64545', medium: '#e09b2d', low: '#3a8fc7', info: '#8a94a6' };

/** The static parts of the page, built from the summary and the bounded aggregates once the scan is over. */
export function sections(report: Report, agg: Aggregates, lang: Lang): string {
  return [cards(report, lang), charts(report, lang), byRule(report, agg, lang), byArticle(agg, lang), folders(agg, lang), inventory(report, lang), columns(report, lang)].join('\n');
}

function sevBadge(lang: Lang, s: Severity): string {
  return `<span class="sev ${s}">${esc(severityName(lang, s))}</span>`;
}

function rulesWithFindings(report: Report): RuleId[] {
  return (Object.keys(report.summary.byRule) as RuleId[]).filter((r) => report.summary.byRule[r] > 0).sort((a, b) => report.summary.byRule[b] - report.summary.byRule[a] || (a < b ? -1 : 1));
}

function cards(report: Report, lang: Lang): string {
  const { summary, scan } = report;
  const card = (value: number, label: string, cls = '', id = ''): string =>
    `<div class="card ${cls}"${id ? ` data-card="${id}"` : ''}><b>${value}</b><span>${esc(label)}</span></div>`;
  const list = [
    card(summary.total, t(lang, 'total'), '', 'total'),
    ...SEVERITIES.map((s) => card(summary.bySeverity[s] ?? 0, severityName(lang, s), s, s)),
    card(scan.filesScanned, t(lang, 'filesScanned'), '', 'files'),
    card(summary.distinctIds, t(lang, 'distinctIds'), '', 'distinct-ids'),
  ];
  if (scan.errors.length) list.push(card(scan.errors.length, t(lang, 'errors'), 'high', 'errors'));
  if (summary.ignoredByFiles) list.push(card(summary.ignoredByFiles, t(lang, 'ignored'), '', 'ignored'));
  const partial = scan.partial ? `<p class="warn">${esc(t(lang, 'partial'))}</p>` : '';
  return `<section id="s-cards">${partial}<div class="cards">${list.join('')}</div></section>`;
}

function charts(report: Report, lang: Lang): string {
  const rules = rulesWithFindings(report);
  const ages = ageChart(report, lang);
  if (!rules.length) return `<section id="s-charts"><p>${esc(t(lang, 'none'))}</p>${ages ? `<div class="charts">${ages}</div>` : ''}</section>`;
  const perRule = barChart(
    t(lang, 'chartRule'),
    rules.map((r) => ({ label: getRule(r).title[lang], value: report.summary.byRule[r], color: '#4a6fa5' })),
  );
  const perSeverity = barChart(
    t(lang, 'chartSeverity'),
    SEVERITIES.map((s) => ({ label: severityName(lang, s), value: report.summary.bySeverity[s] ?? 0, color: COLORS[s] })),
  );
  return `<section id="s-charts"><div class="charts">${perRule}${perSeverity}${ages}</div></section>`;
}

/** Age colours: young records calm, old ones warm (the buckets past a year are where policies bite). */
const AGE_COLORS = ['#5b9bd5', '#5b9bd5', '#7fa7c9', '#e09b2d', '#d9822b', '#d64545', '#8e1b1b'];

/** The ages of the records holding unmasked information (summary.retention), as a histogram. */
function ageChart(report: Report, lang: Lang): string {
  const r = report.summary.retention;
  if (!r?.ageBuckets.length) return '';
  const title = t(lang, 'chartAges', { sources: r.sources, expired: r.expired });
  return columnChart(
    title,
    r.ageBuckets.map((b, i) => ({ label: ageLabel(b.label, lang), value: b.records, color: AGE_COLORS[Math.min(i, AGE_COLORS.length - 1)] })),
  );
}

/** `91-184d` → `91–184 天` / `91–184 days`, `1-2y` → `1–2 年` / `1–2 years`, `5y+` → `5 年以上` / `over 5 years`. */
function ageLabel(label: string, lang: Lang): string {
  const m = /^(\d+)-(\d+)([dy])$/.exec(label);
  if (m) return `${m[1]}–${m[2]} ${lang === 'zh' ? (m[3] === 'd' ? '天' : '年') : m[3] === 'd' ? 'days' : 'years'}`;
  const plus = /^(\d+)([dy])\+$/.exec(label);
  if (plus) return lang === 'zh' ? `${plus[1]} ${plus[2] === 'd' ? '天' : '年'}以上` : `over ${plus[1]} ${plus[2] === 'd' ? 'days' : 'years'}`;
  return label;
}

/** One finding as a static table row (the "first N" lists of the rule groups). */
function findingRow(f: ReportFinding, lang: Lang): string {
  return (
    `<tr><td>${sevBadge(lang, f.severity)}</td><td>${esc(f.detector ?? '')}</td>` +
    `<td class="loc">${esc(f.location.path + locationSuffix(f.location))}</td>` +
    `<td>${f.evidence ? `<code>${esc(f.evidence)}</code>` : ''}</td><td>${esc(f.message)}</td></tr>`
  );
}

function byRule(report: Report, agg: Aggregates, lang: Lang): string {
  const rules = rulesWithFindings(report);
  if (!rules.length) return '';
  const head = `<tr><th>${esc(t(lang, 'severity'))}</th><th>${esc(t(lang, 'detector'))}</th><th>${esc(t(lang, 'location'))}</th><th>${esc(t(lang, 'evidence'))}</th><th>${esc(t(lang, 'message'))}</th></tr>`;
  const groups = rules.map((id) => {
    const rule = getRule(id);
    const samples = agg.samples.get(id) ?? [];
    const arts = rule.articles.map((a) => `<a href="#art-${esc(a)}">${esc(a)} ${esc(getArticle(a)?.title[lang] ?? '')}</a>`).join(' · ');
    return (
      `<div class="group" id="rule-${esc(id)}" data-rule-group="${esc(id)}"><h3>${esc(rule.title[lang])} <code>${esc(id)}</code> — ${report.summary.byRule[id]}</h3>` +
      `<p><b>${esc(t(lang, 'advice'))}:</b> ${esc(rule.advice[lang])}</p><p><b>${esc(t(lang, 'articles'))}:</b> ${arts}</p>` +
      `<button type="button" data-rule="${esc(id)}">${esc(t(lang, 'showFindings'))}</button>` +
      (samples.length
        ? `<details><summary>${esc(t(lang, 'firstFindings', { n: samples.length }))}</summary><table><thead>${head}</thead><tbody>${samples.map((f) => findingRow(f, lang)).join('')}</tbody></table></details>`
        : '') +
      `</div>`
    );
  });
  return `<section id="s-rules"><h2>${esc(t(lang, 'byRule'))}</h2>${groups.join('')}</section>`;
}

function byArticle(agg: Aggregates, lang: Lang): string {
  const ids = [...agg.byArticle.keys()].sort((a, b) => (agg.byArticle.get(b) ?? 0) - (agg.byArticle.get(a) ?? 0) || (a < b ? -1 : 1));
  if (!ids.length) return '';
  const groups = ids.map((id) => {
    const art = getArticle(id);
    const rules = [...(agg.articleRules.get(id) ?? new Map<RuleId, number>()).entries()]
      .map(([r, n]) => `<a href="#rule-${esc(r)}">${esc(getRule(r).title[lang])}</a> ${n}`)
      .join(' · ');
    const title = art ? art.title[lang] : id;
    const text = art ? `<div class="article-text" data-article="${esc(id)}">${esc(art.text[lang])}</div>` : '';
    const note = art && lang === 'en' ? `<p class="muted">${esc(t(lang, 'unofficial'))}</p>` : '';
    return `<div class="group" id="art-${esc(id)}"><h3><code>${esc(id)}</code> ${esc(title)} — ${agg.byArticle.get(id)}</h3>${text}${note}<p><b>${esc(t(lang, 'rules'))}:</b> ${rules}</p></div>`;
  });
  return `<section id="s-articles"><h2>${esc(t(lang, 'byArticle'))}</h2>${groups.join('')}</section>`;
}

function sevCells(c: { bySeverity: Partial<Record<Severity, number>> }): string {
  return SEVERITIES.map((s) => `<td class="num">${c.bySeverity[s] ?? 0}</td>`).join('');
}

function folders(agg: Aggregates, lang: Lang): string {
  const all = agg.topFolders();
  if (!all.length) return '';
  const shown = all.slice(0, FOLDERS_SHOWN);
  const rest: FolderCount = { folder: '', total: agg.other.total, bySeverity: { ...agg.other.bySeverity } };
  for (const f of all.slice(FOLDERS_SHOWN)) {
    rest.total += f.total;
    for (const s of SEVERITIES) if (f.bySeverity[s]) rest.bySeverity[s] = (rest.bySeverity[s] ?? 0) + (f.bySeverity[s] ?? 0);
  }
  const hiddenFolders = all.length - shown.length + (agg.other.total ? 1 : 0);
  const head = `<tr><th>${esc(t(lang, 'folder'))}</th><th class="num">${esc(t(lang, 'count'))}</th>${SEVERITIES.map((s) => `<th class="num">${esc(severityName(lang, s))}</th>`).join('')}</tr>`;
  const rows = shown.map((f) => `<tr><td class="loc">${esc(f.folder)}</td><td class="num">${f.total}</td>${sevCells(f)}</tr>`);
  if (rest.total) rows.push(`<tr><td class="muted">${esc(t(lang, 'otherFolders'))} ${esc(hiddenFolders > 1 ? t(lang, 'moreFolders', { n: hiddenFolders }) : '')}</td><td class="num">${rest.total}</td>${sevCells(rest)}</tr>`);
  return `<section id="s-folders"><h2>${esc(t(lang, 'byFolder'))}</h2><table><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function inventory(report: Report, lang: Lang): string {
  const entries = Object.entries(report.summary.inventory ?? {}).filter(([, e]) => e && e.values > 0);
  if (!entries.length) return '';
  const cols = ['kind', 'values', 'clear', 'weak', 'masked', 'distinct'] as const;
  const head = `<tr>${cols.map((c, i) => `<th${i ? ' class="num"' : ''}>${esc(t(lang, c))}</th>`).join('')}</tr>`;
  const rows = entries.map(([kind, e]) => `<tr><td>${esc(kind)}</td><td class="num">${e!.values}</td><td class="num">${e!.clear}</td><td class="num">${e!.weak}</td><td class="num">${e!.masked}</td><td class="num">${e!.distinct}</td></tr>`);
  return `<section id="s-inventory"><h2>${esc(t(lang, 'inventory'))}</h2><table><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function columns(report: Report, lang: Lang): string {
  const list = report.summary.columns;
  if (!list?.length) return '';
  const head = `<tr><th>${esc(t(lang, 'source'))}</th><th>${esc(t(lang, 'column'))}</th><th class="num">${esc(t(lang, 'rows'))}</th><th>${esc(t(lang, 'kind'))}</th><th class="num">${esc(t(lang, 'clear'))}</th><th class="num">${esc(t(lang, 'weak'))}</th><th class="num">${esc(t(lang, 'masked'))}</th><th class="num">${esc(t(lang, 'hitRate'))}</th><th>${esc(t(lang, 'verdict'))}</th></tr>`;
  const rows = list.map((c) => {
    const kinds = Object.entries(c.kinds).map(([k, n]) => `${k} ${n}`).join(', ');
    return `<tr><td class="loc">${esc(c.path)}</td><td><code>${esc(`${c.table}.${c.field}`)}</code></td><td class="num">${c.rows}</td><td>${esc(kinds)}</td><td class="num">${c.clear}</td><td class="num">${c.weak}</td><td class="num">${c.masked}</td><td class="num">${esc((c.hitRate * 100).toFixed(1))} %</td><td>${esc(c.verdict)}</td></tr>`;
  });
  return `<section id="s-columns"><h2>${esc(t(lang, 'columns'))}</h2><table><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></section>`;
}
