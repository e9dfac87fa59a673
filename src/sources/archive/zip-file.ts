import type { Readable } from 'node:stream';
import type { Entry, ZipFile } from 'yauzl';

/**
 * Thin promise helpers over yauzl shared by archives and Office packages. yauzl is loaded on the
 * first zip met, so plain-text scans never pay for it. Files are opened with lazyEntries (entries
 * come from the central directory one at a time, the file is read at random, never as a whole) and
 * with decodeStrings off: yauzl would otherwise refuse names with `..` or a leading `/`, which
 * we only ever report (nothing is extracted to disk), so names are decoded here and kept verbatim.
 */
type Yauzl = typeof import('yauzl');

let yauzl: Promise<Yauzl> | undefined;
export function loadYauzl(): Promise<Yauzl> {
  yauzl ??= import('yauzl').then((m) => ((m as { default?: Yauzl }).default ?? m) as Yauzl);
  return yauzl;
}

export interface ZipInput {
  path?: string;
  data?: Buffer;
}

export async function openZip(input: ZipInput): Promise<ZipFile> {
  const y = await loadYauzl();
  const options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true };
  if (input.data) return y.fromBufferPromise(input.data, options);
  if (input.path) return y.openPromise(input.path, options);
  throw new Error('zip input needs a path or data');
}

/** The entry's name, UTF-8 or CP437 as its flags say, backslashes turned into '/'. */
export async function zipEntryName(entry: Entry): Promise<string> {
  const y = await loadYauzl();
  return y.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** A Unix symlink stored by Info-ZIP: its "content" is the link target, nothing to scan. */
export function isZipSymlink(entry: Entry): boolean {
  const hostUnix = entry.versionMadeBy >> 8 === 3;
  return hostUnix && ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK;
}

export function entryMtimeMs(entry: Entry): number | undefined {
  try {
    const t = entry.getLastModDate().getTime();
    return Number.isFinite(t) ? t : undefined;
  } catch {
    return undefined;
  }
}

export function openEntryStream(zip: ZipFile, entry: Entry): Promise<Readable> {
  return zip.openReadStreamPromise(entry);
}

/**
 * The whole inflated member. yauzl's size validation makes the stream fail if the member inflates
 * to more than its declared size, so `uncompressedSize` (checked against the limits beforehand)
 * bounds the memory taken here.
 */
export async function readEntryBuffer(zip: ZipFile, entry: Entry, signal?: AbortSignal): Promise<Buffer> {
  const stream = await openEntryStream(zip, entry);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, size);
}
