import type { Report } from '../model/report.js';
import { renderJson } from './json.js';
import { renderTerminal, type TerminalOptions } from './terminal.js';

export { renderRuleList, renderExplain } from './rules-text.js';

/** Report formats by name (ESLint's formatter table); later issues add html, sarif and csv. */
export const FORMATS = {
  terminal: 'grouped by file, with a summary (colour on a TTY)',
  json: 'the JSON report, schemaVersion 1',
} as const;
export type FormatName = keyof typeof FORMATS;

export function render(report: Report, format: FormatName, terminal: TerminalOptions): string {
  return format === 'json' ? renderJson(report) : renderTerminal(report, terminal);
}
