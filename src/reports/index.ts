import type { Report } from '../model/report.js';
import { langFromEnv, type Lang } from '../util/lang.js';
import type { TerminalOptions } from './terminal.js';
import { JsonWriter, renderJson } from './json.js';
import type { ReportWriter, TextSink } from './sink.js';

export { renderRuleList, renderExplain } from './rules-text.js';
export type { ReportWriter } from './sink.js';
export type { TerminalOptions } from './terminal.js';

/** Report formats by name (ESLint's formatter table); a later issue adds html. */
export const FORMATS = {
  terminal: 'grouped by file, with a summary (colour on a TTY)',
  json: 'the JSON report, schemaVersion 1',
  sarif: 'SARIF 2.1.0 for code scanning (GitHub, SARIF viewers)',
  csv: 'one finding per row, UTF-8 with BOM (opens in Excel)',
  html: 'one self-contained HTML page (no network): summary, charts, filters, search',
} as const;
export type FormatName = keyof typeof FORMATS;

/**
 * A streaming writer for a format; a format's module (and its libraries, e.g. chalk) loads only when used.
 * `lang` is the language of rule texts in formats that carry them (SARIF); the CLI passes its `--lang`.
 */
export async function createWriter(format: FormatName, write: TextSink, tool: Report['tool'], terminal: TerminalOptions, lang: Lang = langFromEnv()): Promise<ReportWriter> {
  if (format === 'json') return new JsonWriter(write, tool);
  if (format === 'sarif') return new (await import('./sarif.js')).SarifWriter(write, tool, lang);
  if (format === 'csv') return new (await import('./csv.js')).CsvWriter(write);
  if (format === 'html') return new (await import('./html.js')).HtmlWriter(write, tool, lang);
  const { TerminalWriter } = await import('./terminal.js');
  return new TerminalWriter(write, terminal);
}

/** Renders a finished report in one go (library use). */
export async function render(report: Report, format: FormatName, terminal: TerminalOptions, lang: Lang = langFromEnv()): Promise<string> {
  if (format === 'json') return renderJson(report);
  if (format === 'sarif') return (await import('./sarif.js')).renderSarif(report, lang);
  if (format === 'csv') return (await import('./csv.js')).renderCsv(report);
  if (format === 'html') return (await import('./html.js')).renderHtml(report, lang);
  return (await import('./terminal.js')).renderTerminal(report, terminal);
}
