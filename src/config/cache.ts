import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import type { ScanError, SkippedPath } from '../model/errors.js';
import type { ReportFinding } from '../model/finding.js';
import type { IdCopy } from '../model/record.js';

/**
 * Results of slow documents (OCR'd images, PDFs), so a re-scan of an unchanged folder is near
 * instant (issue 4). An entry is keyed by the file's content, the tool version and every option
 * that changes results, under the fingerprint key: the same bytes anywhere on disk hit, a changed
 * option or another key misses. It holds only what the report shows (redacted findings, keyed
 * fingerprints, locations without the path), never OCR text or a full value. Files are 0600 in a
 * 0700 folder of the user's cache directory (XDG_CACHE_HOME), never in a scanned tree.
 */

export interface CachedDocument {
  /** Findings as the report prints them, `location.path` left out (the same bytes may move). */
  findings: Array<Omit<ReportFinding, 'location'> & { location: Omit<ReportFinding['location'], 'path'> }>;
  errors: Array<Omit<ScanError, 'path'> & { at: string }>;
  skipped: Array<Omit<SkippedPath, 'path'> & { at: string }>;
  copies: Array<Omit<IdCopy, 'location'> & { location: Omit<IdCopy['location'], 'path'> }>;
  /**
   * The document's records for retention-expired, as a fresh scan counts them (whatever the
   * severities kept in `findings`): each ID copy, and each kept value's line.
   */
  retention: {
    copies: Array<{ date?: string; sensitive: boolean }>;
    lines: Array<{ location: { entry?: string; page?: number; line?: number }; kept: boolean; sensitive: boolean }>;
  };
}

// 2: entries carry the document's retention records (a version-1 entry has none and is not read).
const FORMAT = 2;

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'piaudit');
  return envPaths('piaudit', { suffix: '' }).cache;
}

export class DocumentCache {
  private readonly dir: string;

  /** `settings`: tool version and every result-changing option, in a stable order. */
  constructor(
    private readonly key: Buffer,
    private readonly settings: string,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.dir = path.join(cacheDir(env), 'documents', `v${FORMAT}`);
  }

  /** The entry name for some content: an HMAC, so the cache reveals no file hashes. */
  keyOf(content: Buffer): string {
    const digest = createHash('sha256').update(content).digest();
    return createHmac('sha256', this.key).update(this.settings).update('\u0000').update(digest).digest('hex');
  }

  get(name: string): CachedDocument | undefined {
    try {
      const raw = JSON.parse(readFileSync(this.file(name), 'utf8')) as { format: number; entry: CachedDocument };
      return raw.format === FORMAT ? raw.entry : undefined;
    } catch {
      return undefined; // missing or damaged: scan again
    }
  }

  /** Stores an entry; a cache that cannot be written only costs speed, so failures are silent. */
  put(name: string, entry: CachedDocument): void {
    const file = this.file(name);
    try {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ format: FORMAT, entry }), { mode: 0o600 });
      renameSync(tmp, file);
    } catch {
      // read-only home, full disk: the scan result is unaffected
    }
  }

  private file(name: string): string {
    return path.join(this.dir, name.slice(0, 2), `${name}.json`);
  }
}
