import { closeSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { DocumentItem, ExtractContext } from '../model/document.js';
import type { SourceRef } from '../model/source.js';
import { archiveKindOf, ARCHIVE_SNIFF_BYTES } from './archive/kind.js';
import { looksBinary } from './text.js';
import { sniffImageFormat } from './ocr/format.js';
import { isOleCompoundFile, isSqlite, pdfHeaderOffset } from './magic.js';
import type { ArchiveLimitsInput } from './archive/limits.js';

/**
 * What a source holds, by its first bytes (never by extension alone: uploads are misnamed, and a
 * scan of `upload/abc123` must still OCR the JPEG in it). Text is the fallback; the text source
 * itself then refuses binary files.
 */
export type ContentKind = 'text' | 'pdf' | 'image' | 'zip' | 'tar' | 'tgz' | 'ole' | 'sqlite' | 'sql-dump';

const SNIFF_BYTES = ARCHIVE_SNIFF_BYTES;

export function contentKindOf(head: Buffer, name: string): ContentKind {
  // A PDF may start with junk before its header (the spec allows 1,024 bytes), but a text file
  // that mentions `%PDF-` (this project's own source does) is text: away from offset 0, the header
  // counts only in a file that is binary anyway.
  const pdfAt = pdfHeaderOffset(head);
  if (pdfAt === 0 || (pdfAt > 0 && looksBinary(head))) return 'pdf';
  // The OCR source's own sniffer, so what is dispatched as an image is what it can read. PNM
  // ("P5\n…") is left to the text source: too many text files start that way.
  const image = sniffImageFormat(head);
  if (image && image !== 'pnm') return 'image';
  if (isOleCompoundFile(head)) return 'ole';
  if (isSqlite(head)) return 'sqlite';
  return archiveKindOf(head, name) ?? 'text';
}

const DUMP_MARKERS = ['-- MySQL dump', '-- MariaDB dump', 'PostgreSQL database dump', 'INSERT INTO', 'CREATE TABLE', 'COPY '];

/**
 * Whether a text (or gzip) source may be an SQL dump, cheaply: by name or by a marker in its
 * head. The dump parser itself (loaded only then) makes the decision (`isSqlDump`).
 */
export function maybeSqlDump(head: Buffer, name: string): boolean {
  if (/\.(sql|dump)(\.gz)?$/i.test(name)) return true;
  const text = head.toString('latin1');
  return DUMP_MARKERS.some((m) => text.includes(m));
}

export async function isSqlDump(head: Buffer, name: string): Promise<boolean> {
  const { looksLikeSqlDump } = await import('./database/sql-dump.js');
  return looksLikeSqlDump(head, name);
}

/** The first bytes of a source, for `contentKindOf` (stdin and streamed members are text). */
export function readHead(ref: SourceRef): Buffer | undefined {
  if (ref.data) return ref.data.subarray(0, SNIFF_BYTES);
  if (!ref.absPath || ref.stream) return undefined;
  const fd = openSync(ref.absPath, 'r');
  try {
    const buf = Buffer.allocUnsafe(SNIFF_BYTES);
    const n = readSync(fd, buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** The name an extractor sees: the innermost entry, else the path. */
export function nameOf(ref: SourceRef): string {
  const inner = ref.entry?.split('!').pop();
  return inner || ref.path;
}

/**
 * Items of a document source. Extractors load lazily (pdfjs, tesseract, yauzl only when such a
 * file is met); a document's bytes are read whole (PDF and zip need random access), archives on
 * disk are read through their own streaming or random-access readers.
 */
export async function* readDocument(ref: SourceRef, kind: Exclude<ContentKind, 'text'>, ctx: ExtractContext, limits: ArchiveLimitsInput): AsyncGenerator<DocumentItem> {
  if (kind === 'ole') {
    yield { type: 'skip', reason: 'encrypted or legacy binary Office file (not scanned)' };
    return;
  }
  if (kind === 'sqlite') {
    const { readSqlite } = await import('./database/sqlite.js');
    if (ref.data) {
      // An archive member in memory: opened as an in-memory database, never written out.
      yield* readSqlite({ data: ref.data }, { signal: ctx.signal });
    } else if (ref.absPath && !ref.stream) {
      yield* readSqlite(ref.absPath, { signal: ctx.signal });
    } else {
      yield { type: 'skip', reason: 'SQLite database inside an archive, too large to read into memory (not scanned)' };
    }
    return;
  }
  if (kind === 'sql-dump') {
    const { readSqlDump, dumpChunks } = await import('./database/sql-dump.js');
    const chunks = dumpChunks(ref.data ? { data: ref.data } : ref.absPath!, { signal: ctx.signal });
    yield* readSqlDump(chunks, { signal: ctx.signal });
    return;
  }
  if (kind === 'tar' || kind === 'tgz' || kind === 'zip') {
    const input = ref.data ? { data: ref.data } : { path: ref.absPath! };
    if (kind === 'zip') {
      const { officeFormatOfZip, extractOffice } = await import('./office/index.js');
      const format = await officeFormatOfZip(input);
      if (format) {
        yield* extractOffice(ref.data ?? (await readFile(ref.absPath!)), format, ctx, { limits });
        return;
      }
    }
    const { readArchive } = await import('./archive/index.js');
    yield* readArchive(input, kind, limits, ctx.signal);
    return;
  }
  const data = ref.data ?? (await readFile(ref.absPath!));
  if (kind === 'pdf') {
    const { extractPdf } = await import('./pdf.js');
    yield* extractPdf(data, ctx);
  } else {
    const { extractImage } = await import('./image.js');
    yield* extractImage(data, nameOf(ref), ctx);
  }
}
