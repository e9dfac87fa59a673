import { createReadStream } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Extract } from 'tar-stream';
import type { DocumentItem } from '../../model/document.js';
import { ArchiveBudget, limitReason, safeErrorMessage } from './limits.js';

/** A member as tar-stream hands it over (its type is not exported by name). */
type Source = Extract extends AsyncIterable<infer S> ? S : never;

/**
 * The members of a tar or tar.gz, streamed start to end (tar has no index): regular files become
 * `file` items; directories, links, devices and fifos are passed over silently, since they hold no
 * content of their own (a link's target, when it is in the archive, is scanned as itself). Tar
 * headers state exact sizes, so limits are checked before a member is read. When the stream breaks
 * (truncated download, corrupt gzip) the members read so far have been yielded and an error item
 * ends the listing; the member that was cut is dropped.
 */
export async function* readTar(input: { path?: string; data?: Buffer }, gzipped: boolean, budget: ArchiveBudget, signal?: AbortSignal): AsyncGenerator<DocumentItem> {
  const tar = await import('tar-stream');
  const extract: Extract = (tar.default ?? tar).extract();
  const source = input.data ? Readable.from([input.data]) : createReadStream(input.path!);
  const fail = (e: Error): void => {
    extract.destroy(e);
  };
  source.on('error', fail);
  const gunzip = gzipped ? createGunzip() : undefined;
  if (gunzip) {
    gunzip.on('error', fail);
    source.pipe(gunzip).pipe(extract as unknown as NodeJS.WritableStream);
  } else {
    source.pipe(extract as unknown as NodeJS.WritableStream);
  }
  const limits = budget.limits;
  const entries = extract[Symbol.asyncIterator]();
  let failure: unknown;
  try {
    for (;;) {
      let entry: Source;
      try {
        const next = await entries.next();
        if (next.done) break;
        entry = next.value;
      } catch (e) {
        failure = e;
        break;
      }
      if (signal?.aborted) break;
      if (!budget.takeEntry()) {
        yield { type: 'skip', reason: limitReason.entries(limits) };
        break;
      }
      const { header } = entry;
      if (header.type !== 'file' && header.type !== 'contiguous-file') {
        entry.resume();
        continue;
      }
      const name = header.name.replace(/\\/g, '/');
      const size = header.size;
      const mtimeMs = header.mtime instanceof Date && Number.isFinite(header.mtime.getTime()) ? header.mtime.getTime() : undefined;
      if (!budget.fits(size)) {
        yield { type: 'skip', reason: limitReason.totalBytes(limits), at: { entry: name } };
        break;
      }
      budget.takeBytes(size);
      if (size <= limits.maxMemberBytes) {
        let data: Buffer;
        try {
          data = await readAll(entry, size);
        } catch (e) {
          failure = e;
          break;
        }
        yield { type: 'file', file: { name, size, mtimeMs, data } };
        continue;
      }
      const stream = detachable(entry);
      yield { type: 'file', file: { name, size, mtimeMs, stream } };
      // The consumer is done with it: whatever it left unread is skipped so the tar can go on.
      if (!stream.readableEnded) stream.destroy();
      entry.resume();
    }
  } finally {
    source.unpipe();
    source.destroy();
    gunzip?.destroy();
    if (!extract.destroyed) extract.destroy();
  }
  if (failure && !signal?.aborted) yield { type: 'error', message: `corrupt or truncated ${gzipped ? 'tar.gz' : 'tar'} archive, the rest not read (${safeErrorMessage(failure)})` };
}

async function readAll(entry: Source, size: number): Promise<Buffer> {
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for await (const chunk of entry as AsyncIterable<Buffer>) {
    chunk.copy(out, at);
    at += chunk.length;
  }
  if (at !== size) throw new Error('member shorter than its header says');
  return out;
}

/**
 * A Node stream of the member's bytes that the consumer may destroy freely: destroying a
 * tar-stream entry itself would destroy the whole extraction (tar-stream propagates it).
 */
function detachable(entry: Source): PassThrough {
  const out = new PassThrough();
  entry.on('data', (data: unknown) => {
    const chunk = data as Buffer;
    if (out.destroyed) return;
    if (!out.write(chunk)) {
      entry.pause();
      out.once('drain', () => entry.resume());
    }
  });
  entry.on('end', () => out.end());
  entry.on('error', (e: Error) => out.destroy(e));
  out.on('close', () => entry.resume());
  return out;
}
