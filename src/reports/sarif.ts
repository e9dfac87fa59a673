import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { ReportFinding } from '../model/finding.js';
import type { Location } from '../model/location.js';
import type { Report } from '../model/report.js';
import type { Severity } from '../model/severity.js';
import { getArticle, loadRules, type ArticleDef, type Lang, type RuleDef } from '../rules/load.js';
import { chineseNumber } from './rules-text.js';
import { BufferedOut, type ReportWriter, type TextSink } from './sink.js';

/**
 * SARIF 2.1.0 (OASIS) for code-scanning tools such as GitHub code scanning and the SARIF viewers.
 *
 * Mapping decisions (the report contract is the JSON report; this is a view of it):
 * - One run; `tool.driver.rules` lists every rule of the rule set in RULE_IDS order, so a
 *   result's `ruleIndex` is the rule's position there and a rule with no finding still documents itself.
 * - level: critical/high → error, medium → warning, low/info → note; the piaudit severity itself
 *   stays in `properties.severity` (SARIF has no critical), and `security-severity` carries it
 *   as the CVSS-like number GitHub sorts by.
 * - Where a finding is:
 *   - a plain file: `physicalLocation` with the path as a URI reference (relative paths stay
 *     relative, each segment percent-encoded; absolute paths become `file:` URIs) and a 1-based
 *     `region` {startLine, startColumn} (columns are UTF-16 code units: `run.columnKind`).
 *   - an archive member: the artifact is the archive on disk (`outer.tar.gz`), the member is a
 *     `logicalLocation` {kind 'resource', fullyQualifiedName = the entry path} and
 *     `properties.entry`. No `region`: a line of the member is not a line of the compressed archive,
 *     so the member's line/col go to `properties.line`/`properties.column` instead.
 *   - a database table (SQLite file, dump, or server): the artifact is the file, or for a server the
 *     redacted connection URL (already password-free, and a URI in its own right); the column is a
 *     `logicalLocation` {kind 'member', name = field, fullyQualifiedName = `table.field`}; the
 *     row key goes to `properties.row`. A location keeps a physicalLocation in every case because
 *     GitHub code scanning rejects results without one.
 *   - a document page (PDF, scanned image): `properties.page` and `properties.bbox`; line/col there
 *     count lines of the extracted page text, so they go to properties as well, not to `region`.
 * - `partialFingerprints['piaudit/v1']` is the finding's keyed HMAC (never the value).
 * - Scan errors are `toolExecutionNotifications` (level error), skipped paths are notes; their
 *   messages are the scanner's own and hold no values. `executionSuccessful` is false only for a
 *   partial (interrupted or time-budgeted) scan: an unreadable file is a notification, not a tool failure.
 */

const SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Where the tool is documented (the package page: the package has no other home yet). */
const INFORMATION_URI = 'https://www.npmjs.com/package/piaudit';
/** Bump when the fingerprint's derivation changes, so consumers do not match old against new. */
const FINGERPRINT_KEY = 'piaudit/v1';

const LEVEL_BY_SEVERITY: Record<Severity, Sarif.Result.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/**
 * GitHub's `security-severity` scale (0–10; ≥9 critical, ≥7 high, ≥4 medium, >0 low). Info gets
 * none: an example value or a masked one is no security problem.
 */
const SECURITY_SEVERITY: Partial<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
};

const LAW_LABEL: Record<ArticleDef['law'], Record<Lang, string>> = {
  'civil-code': { zh: '《民法典》', en: 'Civil Code' },
  pipl: { zh: '《个人信息保护法》', en: 'PIPL' },
};

/** `Civil Code Art. 1034` / `《民法典》第一千零三十四条`. */
function articleLabel(a: ArticleDef, lang: Lang): string {
  return lang === 'zh' ? `${LAW_LABEL[a.law].zh}第${chineseNumber(a.number)}条` : `${LAW_LABEL[a.law].en} Art. ${a.number}`;
}

/** `pi-unmasked` → `PiUnmasked`: SARIF's `name` is an identifier-like word, distinct from the id. */
function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

/** Markdown block quote of a statute text (paragraphs kept). */
function quote(text: string): string {
  return text
    .split('\n')
    .map((p) => `> ${p}`)
    .join('\n>\n');
}

/** One `reportingDescriptor`: title, the articles it cites (with their text in `help`), advice. */
export function sarifRule(rule: RuleDef, lang: Lang): Sarif.ReportingDescriptor {
  const articles = rule.articles.map((id) => getArticle(id)).filter((a): a is ArticleDef => a !== undefined);
  const cites = articles.map((a) => `${articleLabel(a, lang)} (${a.title[lang]})`).join(lang === 'zh' ? '；' : '; ');
  const citesLabel = lang === 'zh' ? '依据：' : 'Cites: ';
  const adviceLabel = lang === 'zh' ? '建议' : 'What to do';
  const articlesLabel = lang === 'zh' ? '相关条文' : 'Articles';
  const markdown = [
    `**${rule.title[lang]}**`,
    '',
    `### ${adviceLabel}`,
    '',
    rule.advice[lang],
    '',
    `### ${articlesLabel}`,
    ...articles.flatMap((a) => ['', `**[${articleLabel(a, lang)}](${a.source})** ${a.title[lang]}`, '', quote(a.text[lang])]),
  ].join('\n');
  const securitySeverity = SECURITY_SEVERITY[rule.severity];
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title[lang] },
    fullDescription: { text: `${rule.title[lang]}. ${citesLabel}${cites}` },
    help: { text: rule.advice[lang], markdown },
    defaultConfiguration: { level: LEVEL_BY_SEVERITY[rule.severity], enabled: rule.implemented },
    properties: {
      articles: [...rule.articles],
      ...(securitySeverity ? { 'security-severity': securitySeverity } : {}),
      tags: ['security', 'privacy', 'personal-information'],
    },
  };
}

/** A database server's redacted URL (`mysql://app@db:3306/crm`), not a path on disk. */
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The report's path as a SARIF URI: relative paths stay relative references (the spec's and
 * GitHub's preference: the consumer resolves them against the checkout), segments percent-encoded
 * so `#`, `?`, `%`, spaces and Chinese file names survive; absolute paths become `file:` URIs.
 */
export function pathToSarifUri(p: string): string {
  if (URL_SCHEME.test(p)) return p;
  if (path.isAbsolute(p)) return pathToFileURL(p).href;
  return p.split(/[\\/]/).map(encodeURIComponent).join('/');
}

/** Keys of `properties` only present when set; undefined values would be dropped by JSON anyway. */
function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function sarifLocation(loc: Location): { location: Sarif.Location; extra: Record<string, unknown> } {
  const physicalLocation: Sarif.PhysicalLocation = { artifactLocation: { uri: pathToSarifUri(loc.path) } };
  const logicalLocations: Sarif.LogicalLocation[] = [];
  const lineIsTheArtifacts = loc.entry === undefined && loc.table === undefined && loc.page === undefined;
  if (loc.line !== undefined && lineIsTheArtifacts) {
    physicalLocation.region = defined({ startLine: loc.line, startColumn: loc.col }) as Sarif.Region;
  }
  if (loc.entry !== undefined) logicalLocations.push({ name: path.posix.basename(loc.entry), fullyQualifiedName: loc.entry, kind: 'resource' });
  if (loc.table !== undefined) {
    const member = loc.field ?? loc.table;
    logicalLocations.push({ name: member, fullyQualifiedName: loc.field !== undefined ? `${loc.table}.${loc.field}` : loc.table, kind: loc.field !== undefined ? 'member' : 'type' });
  }
  const location: Sarif.Location = { physicalLocation };
  if (logicalLocations.length) location.logicalLocations = logicalLocations;
  const extra = defined({
    entry: loc.entry,
    line: lineIsTheArtifacts ? undefined : loc.line,
    column: lineIsTheArtifacts ? undefined : loc.col,
    page: loc.page,
    bbox: loc.bbox,
    table: loc.table,
    field: loc.field,
    row: loc.row,
  });
  return { location, extra };
}

const RULE_INDEX = new Map<string, number>();

/** One SARIF result. `evidence` is the already masked form; no field here carries a value. */
export function sarifResult(f: ReportFinding): Sarif.Result {
  if (RULE_INDEX.size === 0) loadRules().forEach((r, i) => RULE_INDEX.set(r.id, i));
  const { location, extra } = sarifLocation(f.location);
  const result: Sarif.Result = {
    ruleId: f.rule,
    level: LEVEL_BY_SEVERITY[f.severity],
    message: { text: f.message },
    locations: [location],
  };
  const ruleIndex = RULE_INDEX.get(f.rule);
  if (ruleIndex !== undefined) result.ruleIndex = ruleIndex;
  if (f.fingerprint) result.partialFingerprints = { [FINGERPRINT_KEY]: f.fingerprint };
  result.properties = defined({
    severity: f.severity,
    detector: f.detector ?? undefined,
    articles: f.articles,
    evidence: f.evidence,
    masked: f.masked,
    candidates: f.candidates,
    confidence: f.confidence,
    ...extra,
  });
  return result;
}

function notification(level: Sarif.Notification.level, p: string, text: string): Sarif.Notification {
  return { level, message: { text }, locations: [{ physicalLocation: { artifactLocation: { uri: pathToSarifUri(p) } } }] };
}

/** The run's invocation: timing, success, and one notification per unreadable or skipped source. */
export function sarifInvocation(report: Report): Sarif.Invocation {
  const started = new Date(report.scan.startedAt);
  const valid = !Number.isNaN(started.getTime());
  const notifications = [
    ...report.scan.errors.map((e) => notification('error', e.path, e.message)),
    ...report.scan.skipped.map((s) => notification('note', s.path, s.reason)),
  ];
  return {
    executionSuccessful: !report.scan.partial,
    ...(valid ? { startTimeUtc: started.toISOString(), endTimeUtc: new Date(started.getTime() + report.scan.durationMs).toISOString() } : {}),
    ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
    properties: defined({
      filesScanned: report.scan.filesScanned,
      bytesScanned: report.scan.bytesScanned,
      partial: report.scan.partial,
      cachedDocuments: report.scan.cachedDocuments,
    }),
  };
}

/** `JSON.stringify(v, null, 2)` re-indented to sit `depth` levels deep. */
function pretty(v: unknown, depth: number): string {
  return JSON.stringify(v, null, 2).replace(/\n/g, '\n' + '  '.repeat(depth));
}

/**
 * One SARIF log, streamed: the header with the tool and its rules, then each result as it is found
 * (one per line, like the JSON report), then invocations and the summary when the scan ends. JSON
 * key order has no meaning, so writing `invocations` after `results` is valid.
 */
export class SarifWriter implements ReportWriter {
  private readonly out: BufferedOut;
  private count = 0;

  constructor(write: TextSink, tool: Report['tool'], lang: Lang) {
    this.out = new BufferedOut(write);
    const driver: Sarif.ToolComponent = {
      name: tool.name,
      version: tool.version,
      semanticVersion: tool.version,
      informationUri: INFORMATION_URI,
      language: lang === 'zh' ? 'zh-CN' : 'en-US',
      rules: loadRules().map((r) => sarifRule(r, lang)),
    };
    const head = `{\n  "$schema": ${JSON.stringify(SCHEMA_URI)},\n  "version": "2.1.0",\n  "runs": [\n    {\n`;
    this.out.push(`${head}      "tool": { "driver": ${pretty(driver, 3)} },\n      "columnKind": "utf16CodeUnits",\n      "results": [`);
  }

  add(f: ReportFinding): void {
    this.out.push((this.count++ ? ',\n        ' : '\n        ') + JSON.stringify(sarifResult(f)));
  }

  end(report: Report): void {
    const tail = `${this.count ? '\n      ' : ''}],\n      "invocations": [${pretty(sarifInvocation(report), 3)}],\n      "properties": { "summary": ${pretty(report.summary, 3)} }\n    }\n  ]\n}\n`;
    this.out.push(tail);
    this.out.flush();
  }
}

/** The whole SARIF log as one string (library use and tests). */
export function renderSarif(report: Report, lang: Lang): string {
  let s = '';
  const w = new SarifWriter((chunk) => (s += chunk), report.tool, lang);
  for (const f of report.findings) w.add(f);
  w.end(report);
  return s;
}
