import type { DocumentItem } from '../../model/document.js';
import type { ArchiveKind } from './kind.js';
import { ArchiveBudget, type ArchiveLimitsInput } from './limits.js';
import { readTar } from './tar.js';
import { readZip } from './zip.js';

/**
 * Archives as sources (issue 4): zip, tar and tar.gz read in memory, never extracted to disk.
 * Each regular member is yielded as a `file` item, with its bytes as a Buffer up to
 * `limits.maxMemberBytes` and as a stream beyond (valid until the next item is requested: the
 * consumer must read or destroy it first). The pipeline scans members like files of their own,
 * recursing into nested archives and documents while the depth stays within `limits.maxDepth`;
 * pass `limits.budget` (an `ArchiveBudget`) down to nested calls so the totals hold for the whole
 * tree. Limit hits are `skip` items ('archive limit: …'); damage is an `error` item after the
 * members that could be read.
 */
export async function* readArchive(input: { path?: string; data?: Buffer }, kind: ArchiveKind, limits: ArchiveLimitsInput, signal?: AbortSignal): AsyncGenerator<DocumentItem> {
  const budget = ArchiveBudget.for(limits);
  if (kind === 'zip') yield* readZip(input, budget, signal);
  else yield* readTar(input, kind === 'tgz', budget, signal);
}

export { archiveKindOf, isTarHeader, ARCHIVE_SNIFF_BYTES, type ArchiveKind } from './kind.js';
export { ArchiveBudget, DEFAULT_ARCHIVE_LIMITS, MAX_ARCHIVE_DEPTH, type ArchiveLimits, type ArchiveLimitsInput } from './limits.js';
