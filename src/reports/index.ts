import type { Report } from '../model/report.js';
import { renderJson } from './json.js';
import type { TerminalOptions } from './terminal.js';

export { renderRuleList, renderExplain } from './rules-text.js';

/** Report formats by name (ESLint's formatter table); later issues add html, sarif and csv. */
export const FORMATS = {
  terminal: 'grouped by file, with a summary (colour on a TTY)',
  json: 'the JSON report, schemaVersion 1',
} as const;
export type FormatName = keyof typeof FORMATS;

/** Renders a report; a format's module (and its libraries, e.g. chalk) loads only when used. */
export async function render(report: Report, format: FormatName, terminal: TerminalOptions): Promise<string> {
  if (format === 'json') return renderJson(report);
  return (await import('./terminal.js')).renderTerminal(report, terminal);
}
