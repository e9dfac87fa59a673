import type { Report } from '../model/report.js';
import type { TerminalOptions } from './terminal.js';
import { JsonWriter, renderJson } from './json.js';
import type { ReportWriter } from './sink.js';

export { renderRuleList, renderExplain } from './rules-text.js';
export type { ReportWriter } from './sink.js';
export type { TerminalOptions } from './terminal.js';

/** Report formats by name (ESLint's formatter table); later issues add html, sarif and csv. */
export const FORMATS = {
  terminal: 'grouped by file, with a summary (colour on a TTY)',
  json: 'the JSON report, schemaVersion 1',
} as const;
export type FormatName = keyof typeof FORMATS;

/** A streaming writer for a format; a format's module (and its libraries, e.g. chalk) loads only when used. */
export async function createWriter(format: FormatName, write: (s: string) => void, tool: Report['tool'], terminal: TerminalOptions): Promise<ReportWriter> {
  if (format === 'json') return new JsonWriter(write, tool);
  const { TerminalWriter } = await import('./terminal.js');
  return new TerminalWriter(write, terminal);
}

/** Renders a finished report in one go (library use). */
export async function render(report: Report, format: FormatName, terminal: TerminalOptions): Promise<string> {
  if (format === 'json') return renderJson(report);
  return (await import('./terminal.js')).renderTerminal(report, terminal);
}
