import { closeSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { DocumentItem, ExtractContext } from '../model/document.js';
import type { SourceRef } from '../model/source.js';
import { archiveKindOf, ARCHIVE_SNIFF_BYTES } from './archive/kind.js';
import type { ArchiveLimitsInput } from './archive/limits.js';

/**
 * What a source holds, by its first bytes (never by extension alone: uploads are misnamed, and a
 * scan of `upload/abc123` must still OCR the JPEG in it). Text is the fallback; the text source
 * itself then refuses binary files.
 */
export type ContentKind = 'text' | 'pdf' | 'image' | 'zip' | 'tar' | 'tgz' | 'ole' | 'sqlite';

const SNIFF_BYTES = ARCHIVE_SNIFF_BYTES;

/** The magic numbers of the image formats OCR reads. */
export function imageFormatOf(h: Buffer): string | undefined {
  if (h.length < 12) return undefined;
  if (h[0] === 0x89 && h[1] === 0x50 && h[2] === 0x4e && h[3] === 0x47) return 'png';
  if (h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff) return 'jpeg';
  if (h.toString('latin1', 0, 4) === 'GIF8') return 'gif';
  if (h[0] === 0x42 && h[1] === 0x4d && h.readUInt32LE(2) > 26) return 'bmp';
  if ((h[0] === 0x49 && h[1] === 0x49 && h[2] === 0x2a && h[3] === 0) || (h[0] === 0x4d && h[1] === 0x4d && h[2] === 0 && h[3] === 0x2a)) return 'tiff';
  if (h.toString('latin1', 0, 4) === 'RIFF' && h.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return undefined;
}

export function contentKindOf(head: Buffer, name: string): ContentKind {
  const pdfAt = head.subarray(0, 1024).indexOf('%PDF-');
  if (pdfAt !== -1) return 'pdf';
  if (imageFormatOf(head)) return 'image';
  if (head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0 && head.readUInt32BE(4) === 0xa1b11ae1) return 'ole';
  if (head.toString('latin1', 0, 16) === 'SQLite format 3\u0000') return 'sqlite';
  return archiveKindOf(head, name) ?? 'text';
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
function nameOf(ref: SourceRef): string {
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
    yield { type: 'skip', reason: 'SQLite database (database scanning is not in this version)' };
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
