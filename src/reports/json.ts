import type { Report } from '../model/report.js';

/** The JSON report (schemaVersion 1; schema/report.schema.json), pretty-printed. */
export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
