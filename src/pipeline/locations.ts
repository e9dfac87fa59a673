import type { Location } from '../model/location.js';
import type { SourceRef } from '../model/source.js';
import type { TextPart } from '../model/document.js';
import path from 'node:path';

/** Where things found inside sources are, in findings, errors and skips. */

/** A file's path relative to the root it was found under ('/'-separated), for retention path globs. */
export function relativeToRoot(where: { path: string; absPath?: string }, rootDirs: readonly string[]): string {
  if (where.absPath) {
    for (const r of rootDirs) {
      if (where.absPath === r) return path.basename(r);
      if (where.absPath.startsWith(r.endsWith(path.sep) ? r : r + path.sep)) return path.relative(r, where.absPath).split(path.sep).join('/');
    }
  }
  return where.path.split(path.sep).join('/');
}

/** Where an ID copy is: the file, the member, the page. */
export function copyLocation(ref: SourceRef, part: TextPart): Location {
  const l: Location = { path: ref.path };
  const entry = part.at.entry ? (ref.entry ? `${ref.entry}!${part.at.entry}` : part.at.entry) : ref.entry;
  if (entry) l.entry = entry;
  if (part.at.page) l.page = part.at.page;
  return l;
}

/** Where a value at (line, col) of a document part is: the source, then the part's page/table, then its cell or word box. */
export function locationAtPart(ref: SourceRef, part: TextPart, line: number, col: number): Location {
  // A database row is located by table, column and row (a dump's refine adds its own line).
  const at = part.origin === 'database' ? {} : { line, col };
  const base: Location = ref.entry ? { path: ref.path, entry: ref.entry, ...at } : { path: ref.path, ...at };
  return { ...base, ...part.at, ...part.refine?.(line, col) };
}

/** The part of a problem's place inside a document: `!word/media/image1.png`, ` (page 3)`. */
export function suffixOf(at: Partial<Location> | undefined): string | undefined {
  if (!at) return undefined;
  return `${at.entry ? '!' + at.entry : ''}${at.page ? ` (page ${at.page})` : ''}` || undefined;
}

/** How a source is named in `scan.errors` and `scan.skipped`: `backup.tar.gz!var/log/app.log`, `scan.pdf (page 3)`. */
export function displayPath(ref: SourceRef, at?: Partial<Location>): string {
  let s = ref.entry ? `${ref.path}!${ref.entry}` : ref.path;
  if (at?.entry) s += `!${at.entry}`;
  if (at?.page) s += ` (page ${at.page})`;
  return s;
}
