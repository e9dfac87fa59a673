import type { ReportFinding } from '../../model/finding.js';
import type { RuleId } from '../../model/ids.js';
import { SEVERITIES, type Severity } from '../../model/severity.js';

/** Folders tracked one by one; beyond this, findings count in one "other folders" bucket (bounded memory). */
export const MAX_FOLDERS = 5000;
/** Findings kept per rule for the static "by rule" sections (the full list is in the client-side table). */
export const SAMPLES_PER_RULE = 20;

export type SeverityCounts = Partial<Record<Severity, number>>;

export interface FolderCount {
  folder: string;
  total: number;
  bySeverity: SeverityCounts;
}

/** The folder of a finding's path (`/` or `\` separated; a database URL keeps everything before its last `/`). */
export function folderOf(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i < 0 ? '.' : i === 0 ? p[0] : p.slice(0, i);
}

/**
 * What the page needs besides the findings themselves, gathered while they stream past: counts per
 * folder and per article, and the first few findings per rule. Memory depends on the number of
 * folders (capped) and rules, never on the number of findings.
 */
export class Aggregates {
  readonly folders = new Map<string, FolderCount>();
  readonly other: FolderCount = { folder: '', total: 0, bySeverity: {} };
  /** Findings citing each article. */
  readonly byArticle = new Map<string, number>();
  /** Per article, findings per rule citing it. */
  readonly articleRules = new Map<string, Map<RuleId, number>>();
  readonly samples = new Map<RuleId, ReportFinding[]>();
  count = 0;

  add(f: ReportFinding): void {
    this.count++;
    const name = folderOf(f.location.path);
    let folder = this.folders.get(name);
    if (!folder && this.folders.size < MAX_FOLDERS) this.folders.set(name, (folder = { folder: name, total: 0, bySeverity: {} }));
    bump(folder ?? this.other, f.severity);
    for (const a of f.articles) {
      this.byArticle.set(a, (this.byArticle.get(a) ?? 0) + 1);
      let rules = this.articleRules.get(a);
      if (!rules) this.articleRules.set(a, (rules = new Map()));
      rules.set(f.rule, (rules.get(f.rule) ?? 0) + 1);
    }
    let sample = this.samples.get(f.rule);
    if (!sample) this.samples.set(f.rule, (sample = []));
    if (sample.length < SAMPLES_PER_RULE) sample.push(f);
  }

  /** Folders with the most findings first (then by name, for a stable page). */
  topFolders(): FolderCount[] {
    return [...this.folders.values()].sort((a, b) => b.total - a.total || (a.folder < b.folder ? -1 : 1));
  }
}

function bump(c: FolderCount, s: Severity): void {
  c.total++;
  c.bySeverity[s] = (c.bySeverity[s] ?? 0) + 1;
}

/** Index of a severity in SEVERITIES (the compact row encoding uses it). */
export function severityIndex(s: Severity): number {
  return SEVERITIES.indexOf(s);
}
