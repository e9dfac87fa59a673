import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { SourceRef, TextWindow } from '../model/source.js';
import { utf16Units } from '../util/utf8.js';

/**
 * Text and log sources: any extension, detected by content. Streams the bytes (gzip-compressed
 * ones through zlib), honours BOMs (UTF-8, UTF-16LE/BE), refuses binary files by a NUL sniff,
 * and cuts the text into windows of whole lines so memory stays bounded whatever the file or line
 * length. Each window is UTF-8: a window that is not valid UTF-8 is decoded as GB18030 (a superset
 * of GBK, what Chinese servers write) and re-encoded, per window, so one odd line does not turn a
 * 2 GB log into mojibake. Files are opened read-only and never written.
 */

/** Window size: big enough to amortise per-window work, small enough to keep memory flat. */
export const WINDOW_BYTES = 1 << 20;
/** Bytes looked at to decide text vs binary (git and ripgrep look at the first 8 KiB too). */
const SNIFF_BYTES = 8192;

/** Thrown to skip a source with a reason (`scan.skipped`), not an error. */
export class SkipSource extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SkipSource';
  }
}

/** Counts raw bytes read, for `scan.bytesScanned`. */
export interface ReadStats {
  bytes: number;
  /** Set when some window was not UTF-8 and was read as GB18030. */
  gb18030?: boolean;
  encoding?: string;
}

function rawStream(ref: SourceRef): AsyncIterable<Buffer> {
  if (ref.stream) return ref.stream;
  if (ref.data) {
    const data = ref.data;
    return (async function* () {
      yield data;
    })();
  }
  if (ref.kind === 'stdin') return process.stdin;
  return createReadStream(ref.absPath!, { flags: 'r', highWaterMark: WINDOW_BYTES });
}

/** Reads until at least `n` bytes (or the end) are buffered; returns them and the rest of the iterator. */
async function peek(it: AsyncIterator<Buffer>, n: number): Promise<{ head: Buffer[]; size: number; done: boolean }> {
  const head: Buffer[] = [];
  let size = 0;
  while (size < n) {
    const r = await it.next();
    if (r.done) return { head, size, done: true };
    head.push(r.value);
    size += r.value.length;
  }
  return { head, size, done: false };
}

async function* replay(head: Buffer[], it: AsyncIterator<Buffer>, done: boolean): AsyncGenerator<Buffer> {
  yield* head;
  if (done) return;
  for (;;) {
    const r = await it.next();
    if (r.done) return;
    yield r.value;
  }
}

/** Byte chunks after gzip and BOM handling, transcoded to UTF-8 where the BOM says UTF-16. */
async function* decodedChunks(ref: SourceRef, stats: ReadStats): AsyncGenerator<Buffer> {
  const counted = (async function* () {
    for await (const c of rawStream(ref)) {
      stats.bytes += (c as Buffer).length;
      yield c as Buffer;
    }
  })();
  let it: AsyncIterator<Buffer> = counted;
  let p = await peek(it, SNIFF_BYTES);
  let first = p.head.length ? Buffer.concat(p.head) : Buffer.alloc(0);
  if (first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b) {
    const gunzip = pipeline(Readable.from(replay([first], it, p.done)), createGunzip(), () => {});
    it = (async function* () {
      for await (const c of gunzip) yield c as Buffer;
    })();
    p = await peek(it, SNIFF_BYTES);
    first = p.head.length ? Buffer.concat(p.head) : Buffer.alloc(0);
    stats.encoding = 'gzip';
  }
  let bomEncoding: string | undefined;
  let skip = 0;
  if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) skip = 3;
  else if (first[0] === 0xff && first[1] === 0xfe) bomEncoding = 'utf-16le';
  else if (first[0] === 0xfe && first[1] === 0xff) bomEncoding = 'utf-16be';
  if (!bomEncoding && looksBinary(first.subarray(0, SNIFF_BYTES))) throw new SkipSource('binary file');
  const body = skip ? first.subarray(skip) : first;
  if (!bomEncoding) {
    yield* replay([body], it, p.done);
    return;
  }
  stats.encoding = bomEncoding;
  const decoder = (await loadIconv()).getDecoder(bomEncoding, { stripBOM: true });
  for await (const c of replay([body], it, p.done)) {
    const s = decoder.write(c);
    if (s) yield Buffer.from(s, 'utf8');
  }
  const tail = decoder.end();
  if (tail) yield Buffer.from(tail, 'utf8');
}

/**
 * NUL bytes mean binary (git's rule). So does more than 1 % of other control characters (text,
 * UTF-8 or GBK, has next to none besides tab, newline, CR, form feed and the ESC of ANSI colours;
 * uniformly random bytes have 10 %), so garbage without NULs is not decoded as GB18030 text.
 */
export function looksBinary(head: Buffer): boolean {
  if (head.includes(0)) return true;
  let ctl = 0;
  for (let i = 0; i < head.length; i++) {
    const x = head[i];
    if ((x < 0x20 && x !== 0x09 && x !== 0x0a && x !== 0x0d && x !== 0x0c && x !== 0x1b) || x === 0x7f) ctl++;
  }
  return head.length > 0 && ctl / head.length > 0.01;
}

/** Where to cut a window that has no newline: an ASCII byte that cannot be inside a number-shaped value. */
function safeCut(b: Buffer, limit: number): number {
  const floor = Math.max(1, limit - 4096);
  for (let i = limit - 1; i >= floor; i--) {
    const x = b[i];
    if (x < 0x80 && !(x >= 0x30 && x <= 0x39) && !((x | 0x20) >= 0x61 && (x | 0x20) <= 0x7a) && x !== 0x20 && x !== 0x2d && x !== 0x2a && x !== 0x23 && x !== 0x2b && x !== 0x25 && x !== 0x5c) return i + 1;
  }
  // No such byte nearby: cut before any UTF-8 lead byte so no character is split.
  for (let i = limit - 1; i >= floor; i--) if ((b[i] & 0xc0) !== 0x80) return i;
  return limit;
}

/** iconv-lite, loaded on the first file that needs it (most servers' logs are UTF-8). */
let iconv: typeof import('iconv-lite') | undefined;
async function loadIconv(): Promise<typeof import('iconv-lite')> {
  iconv ??= (await import('iconv-lite')).default;
  return iconv;
}

/**
 * Checks a window's encoding once and loads iconv before a window that needs it is emitted
 * (emit itself stays synchronous). Returns the verdict so emit does not check again.
 */
async function prepare(raw: Buffer): Promise<boolean> {
  const utf8 = isUtf8(raw);
  if (!utf8) await loadIconv();
  return utf8;
}

/**
 * Makes a window UTF-8: valid UTF-8 stays as it is; otherwise each line that is not valid UTF-8 is
 * read as GB18030, so one GBK line in a UTF-8 log does not turn its neighbours into mojibake.
 */
function toUtf8(bytes: Buffer, utf8: boolean, stats: ReadStats): Buffer {
  if (utf8) return bytes;
  stats.gb18030 = true;
  const parts: Buffer[] = [];
  // Runs of lines with the same verdict are converted together (a GBK CSV is one run).
  let runStart = 0;
  let runUtf8 = true;
  const close = (to: number): void => {
    if (to <= runStart) return;
    const run = bytes.subarray(runStart, to);
    parts.push(runUtf8 ? run : Buffer.from(iconv!.decode(run, 'gb18030'), 'utf8'));
    runStart = to;
  };
  for (let p = 0; p < bytes.length; ) {
    const nl = bytes.indexOf(10, p);
    const end = nl === -1 ? bytes.length : nl + 1;
    const ok = isUtf8(bytes.subarray(p, end));
    if (ok !== runUtf8) {
      close(p);
      runUtf8 = ok;
    }
    p = end;
  }
  close(bytes.length);
  return Buffer.concat(parts);
}

/** Where to end a window that starts at `start`: after the last newline, else a safe cut. */
function cutPoint(b: Buffer, start: number): number {
  const nl = b.lastIndexOf(10, start + WINDOW_BYTES - 1);
  return nl >= start ? nl + 1 - start : safeCut(b.subarray(start), WINDOW_BYTES);
}

/** Tracks line and column across windows. */
class Windower {
  private line = 1;
  private col = 0;
  constructor(private readonly stats: ReadStats) {}

  emit(raw: Buffer, utf8: boolean): TextWindow {
    const win: TextWindow = { bytes: toUtf8(raw, utf8, this.stats), firstLine: this.line, firstCol: this.col };
    const b = win.bytes;
    let nl = -1;
    for (let p = b.indexOf(10); p !== -1; p = b.indexOf(10, p + 1)) {
      this.line++;
      nl = p;
    }
    this.col = nl === -1 ? this.col + utf16Units(b, 0, b.length) : utf16Units(b, nl + 1, b.length);
    return win;
  }
}

/**
 * The text source: windows of whole lines with exact line numbers, in constant memory.
 * Plain files are read with a reused buffer (no copy per chunk: Buffer.concat showed up as 14 % of
 * a profile); gzip, UTF-16 and stdin go through streams. A yielded window's bytes are only valid
 * until the next one is requested: consumers must not keep them (detect() does not).
 * @throws SkipSource for binary files; read errors (truncated gzip, EACCES) propagate.
 */
export async function* readTextWindows(ref: SourceRef, stats: ReadStats, signal?: AbortSignal): AsyncGenerator<TextWindow> {
  if (ref.kind === 'stdin' || !ref.absPath || ref.data || ref.stream) {
    yield* streamWindows(ref, stats, signal);
    return;
  }
  // Synchronous reads: a CLI has nothing else to do meanwhile, and async reads of 1 MB chunks
  // left the main thread idle ~9 % of a scan waiting on the thread pool.
  const fd = openSync(ref.absPath, 'r');
  let fallback = false;
  try {
    const buf = Buffer.allocUnsafe(WINDOW_BYTES * 2);
    let end = 0;
    let eof = false;
    while (end < SNIFF_BYTES && !eof) {
      const got = readSync(fd, buf, end, buf.length - end, null);
      if (got === 0) eof = true;
      end += got;
    }
    const head = buf.subarray(0, Math.min(end, SNIFF_BYTES));
    const gzip = head[0] === 0x1f && head[1] === 0x8b;
    const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
    if (gzip || utf16) fallback = true;
    else {
      stats.bytes += end;
      if (looksBinary(head)) throw new SkipSource('binary file');
      let start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
      const w = new Windower(stats);
      for (;;) {
        while (end - start >= WINDOW_BYTES) {
          const cut = cutPoint(buf, start);
          const raw = buf.subarray(start, start + cut);
          yield w.emit(raw, await prepare(raw));
          start += cut;
        }
        if (eof) {
          if (end > start) {
            const raw = buf.subarray(start, end);
            yield w.emit(raw, await prepare(raw));
          }
          return;
        }
        if (signal?.aborted) return;
        buf.copyWithin(0, start, end);
        end -= start;
        start = 0;
        while (end < buf.length) {
          const got = readSync(fd, buf, end, buf.length - end, null);
          if (got === 0) {
            eof = true;
            break;
          }
          end += got;
          stats.bytes += got;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  if (fallback) yield* streamWindows(ref, stats, signal);
}

/** Windows from a stream of byte chunks (gzip, UTF-16, stdin). */
async function* streamWindows(ref: SourceRef, stats: ReadStats, signal?: AbortSignal): AsyncGenerator<TextWindow> {
  const w = new Windower(stats);
  let carry: Buffer | undefined;
  let failure: unknown;
  try {
    for await (const chunk of decodedChunks(ref, stats)) {
      if (signal?.aborted) return;
      let buf = carry ? Buffer.concat([carry, chunk]) : chunk;
      while (buf.length >= WINDOW_BYTES) {
        const cut = cutPoint(buf, 0);
        const raw = buf.subarray(0, cut);
        yield w.emit(raw, await prepare(raw));
        buf = buf.subarray(cut);
      }
      carry = buf.length ? Buffer.from(buf) : undefined;
    }
  } catch (e) {
    // A truncated or corrupt gzip: what was decompressed before the damage is still text to
    // scan (the lines held back for the next window); then the error is reported.
    if (e instanceof SkipSource) throw e;
    failure = e;
  }
  if (carry?.length) yield w.emit(carry, await prepare(carry));
  if (failure) throw failure;
}
