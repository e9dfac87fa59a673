import type { Entry, ZipFile } from 'yauzl';
import type { DocumentItem } from '../../model/document.js';
import { ArchiveBudget, limitReason, looksLikeBomb, safeErrorMessage } from './limits.js';
import { entryMtimeMs, isZipSymlink, openEntryStream, openZip, readEntryBuffer, zipEntryName, type ZipInput } from './zip-file.js';

/**
 * The members of a zip, one `file` item each, in central-directory order. Sizes and the
 * compression ratio are checked on the declared sizes before a member is inflated (yauzl fails
 * the read if a member inflates beyond what it declared, so the declaration can be trusted).
 * A zip whose central directory is damaged cannot be listed at all (yauzl, rightly, does not
 * guess from local headers): it becomes a single error item.
 */
export async function* readZip(input: ZipInput, budget: ArchiveBudget, signal?: AbortSignal): AsyncGenerator<DocumentItem> {
  const limits = budget.limits;
  let zip: ZipFile;
  try {
    zip = await openZip(input);
  } catch (e) {
    yield { type: 'error', message: `corrupt or truncated zip archive (${safeErrorMessage(e)})` };
    return;
  }
  try {
    const entries = zip.eachEntry();
    for (;;) {
      let entry: Entry;
      try {
        const next = await entries.next();
        if (next.done) return;
        entry = next.value;
      } catch (e) {
        yield { type: 'error', message: `corrupt zip archive, the rest not read (${safeErrorMessage(e)})` };
        return;
      }
      if (signal?.aborted) return;
      if (!budget.takeEntry()) {
        yield { type: 'skip', reason: limitReason.entries(limits) };
        return;
      }
      const name = await zipEntryName(entry);
      if (name.endsWith('/') || isZipSymlink(entry)) continue;
      const at = { entry: name };
      if (entry.isEncrypted()) {
        yield { type: 'skip', reason: 'encrypted zip entry (not scanned)', at };
        continue;
      }
      if (!entry.canDecodeFileData()) {
        yield { type: 'skip', reason: `zip entry with unsupported compression method ${entry.compressionMethod} (not scanned)`, at };
        continue;
      }
      const size = entry.uncompressedSize;
      if (looksLikeBomb(entry.compressedSize, size, limits)) {
        yield { type: 'skip', reason: limitReason.ratio(entry.compressedSize, size), at };
        continue;
      }
      if (!budget.fits(size)) {
        yield { type: 'skip', reason: limitReason.totalBytes(limits), at };
        return;
      }
      budget.takeBytes(size);
      const mtimeMs = entryMtimeMs(entry);
      if (size <= limits.maxMemberBytes) {
        let data: Buffer;
        try {
          data = await readEntryBuffer(zip, entry, signal);
        } catch (e) {
          if (signal?.aborted) return;
          yield { type: 'error', message: `unreadable zip entry (${safeErrorMessage(e)})`, at };
          continue;
        }
        yield { type: 'file', file: { name, size, mtimeMs, data } };
        continue;
      }
      let stream;
      try {
        stream = await openEntryStream(zip, entry);
      } catch (e) {
        yield { type: 'error', message: `unreadable zip entry (${safeErrorMessage(e)})`, at };
        continue;
      }
      // Already charged to the budget by its declared size, which yauzl enforces while inflating.
      yield { type: 'file', file: { name, size, mtimeMs, stream } };
      // The consumer was done with it when it asked for the next item; free the file handle.
      stream.destroy();
    }
  } finally {
    zip.close();
  }
}
