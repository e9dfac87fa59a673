import { constants, gunzipSync } from 'node:zlib';

export type ArchiveKind = 'zip' | 'tar' | 'tgz';

/** How many bytes of a file `archiveKindOf` wants to see (a tar header is 512). */
export const ARCHIVE_SNIFF_BYTES = 4096;

const TAR_BLOCK = 512;

/**
 * An archive by content, the name only breaking ties: zip by its local-header magic (or the
 * end-of-central-directory magic of an empty zip), tar by the ustar magic at offset 257 or a v7
 * header whose checksum adds up, tgz by a gzip stream whose first 512 inflated bytes are such a
 * tar header. A gzip that is not a tar (app.log.gz) is text, left to the text source. Note that
 * docx/xlsx/pptx/odt/ods are zips too: ask `officeFormatOf` first.
 */
export function archiveKindOf(head: Buffer, name: string): ArchiveKind | undefined {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b) {
    if ((head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06)) return 'zip';
  }
  if (isTarHeader(head)) return 'tar';
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const inflated = inflateHead(head);
    if (isTarHeader(inflated)) return 'tgz';
    // Too little of the stream to tell (a caller that sniffed a few bytes only): trust the name.
    if (inflated.length < TAR_BLOCK && /\.(tgz|tar\.gz)$/i.test(name)) return 'tgz';
  }
  return undefined;
}

/** The ustar magic ("ustar\0" POSIX, "ustar  " GNU), else a v7 header with a valid checksum. */
export function isTarHeader(block: Buffer): boolean {
  if (block.length < TAR_BLOCK) return false;
  if (block.toString('latin1', 257, 262) === 'ustar') return true;
  return v7ChecksumMatches(block);
}

function v7ChecksumMatches(block: Buffer): boolean {
  if (block[0] === 0) return false;
  const field = block.toString('latin1', 148, 156).replace(/[\0 ]+$/g, '').trim();
  if (!/^[0-7]{1,7}$/.test(field)) return false;
  let sum = 8 * 0x20; // the checksum field counts as spaces
  for (let i = 0; i < TAR_BLOCK; i++) if (i < 148 || i >= 156) sum += block[i];
  return sum === parseInt(field, 8);
}

/**
 * The first inflated bytes of a gzip stream, from growing slices of its head so a bomb cannot make
 * the peek itself expensive: each slice inflates to at most ~1000x its size, and the first slice
 * that yields a whole tar header ends the loop.
 */
function inflateHead(head: Buffer): Buffer {
  let out = Buffer.alloc(0);
  for (const n of [64, 256, 1024, ARCHIVE_SNIFF_BYTES]) {
    try {
      out = gunzipSync(head.subarray(0, Math.min(n, head.length)), { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      return out; // not a valid gzip start: whatever came out before is all there is
    }
    if (out.length >= TAR_BLOCK || n >= head.length) break;
  }
  return out;
}
