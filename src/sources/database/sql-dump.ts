import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { constants as zlibConstants, createGunzip, gunzipSync } from 'node:zlib';
import type { DocumentItem } from '../../model/document.js';
import { SqlDumpParser } from './sql-dump-parser.js';
import type { TablePartLimits } from './table-part.js';

/**
 * SQL dumps (`.sql`, `.sql.gz`) as a source: mysqldump / MariaDB, pg_dump plain format, SQLite
 * `.dump`. The parser (sql-dump-parser.ts) is fed chunk by chunk, so a 5 GB dump streams through
 * in bounded memory; decompression is the caller's (`dumpChunks` does it for a file).
 */

const GZIP_MAGIC = [0x1f, 0x8b];

const isGzip = (head: Buffer): boolean => head.length >= 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];

/** Headers the dump tools write on line 1 (or near it). */
const DUMP_HEADER = /^-- (?:MySQL dump|MariaDB dump)|^-- PostgreSQL database dump/m;
/** A `.sql` file of data: an INSERT, a CREATE TABLE or a COPY FROM stdin near the top. */
const SQL_DATA = /\b(?:INSERT\s+(?:IGNORE\s+)?INTO|CREATE\s+TABLE|COPY\s+\S+.*\bFROM\s+stdin)\b/i;

/**
 * A SQL dump, from the first bytes (up to a few KB) and the name: a dump tool's header, or a
 * `.sql` / `.sql.gz` name with data statements near the top. A gzip head is inflated as far as
 * it goes (a partial stream inflates without error when flushed with Z_SYNC_FLUSH).
 */
export function looksLikeSqlDump(head: Buffer, name: string): boolean {
  let bytes = head;
  if (isGzip(head)) {
    try {
      bytes = gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch {
      return false;
    }
  }
  const text = bytes.subarray(0, 64 << 10).toString('utf8');
  if (DUMP_HEADER.test(text.slice(0, 4096))) return true;
  return /\.sql(?:\.gz)?$/i.test(name) && SQL_DATA.test(text);
}

export interface SqlDumpOptions {
  signal?: AbortSignal;
  /** Part size (tests use small parts). */
  limits?: Readonly<TablePartLimits>;
}

/** Table parts of a dump, from its decompressed bytes. A stream that fails (a cut gzip) ends with an error item after the rows read. */
export async function* readSqlDump(chunks: AsyncIterable<Buffer>, opts: SqlDumpOptions = {}): AsyncGenerator<DocumentItem> {
  const parser = new SqlDumpParser({ limits: opts.limits });
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      if (opts.signal?.aborted) return;
      let next: IteratorResult<Buffer>;
      try {
        next = await iterator.next();
      } catch (e) {
        parser.fail(streamProblem(e));
        yield* parser.items.splice(0);
        return;
      }
      if (next.done) break;
      parser.push(next.value);
      if (parser.items.length) yield* parser.items.splice(0);
    }
    parser.end();
    yield* parser.items.splice(0);
  } finally {
    await iterator.return?.();
  }
}

/** A read or inflate failure as report text: its code, never its message's data. */
function streamProblem(e: unknown): string {
  const code = String((e as { code?: unknown } | undefined)?.code ?? '');
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(e instanceof Error ? e.message : '')) return 'compressed stream ends early';
  if (code.startsWith('Z_')) return `corrupt compressed stream (${code})`;
  return code ? `read error ${code}` : 'read error';
}

/** A dump's bytes (a file, or an archive member in memory), inflated when they start with the gzip magic (whatever the name). */
export async function* dumpChunks(source: string | { data: Buffer }, opts: { signal?: AbortSignal } = {}): AsyncGenerator<Buffer> {
  let head: Buffer;
  if (typeof source === 'string') {
    const fh = await open(source, 'r');
    head = Buffer.alloc(2);
    try {
      await fh.read(head, 0, 2, 0);
    } finally {
      await fh.close();
    }
  } else head = source.data.subarray(0, 2);
  // A dump held in memory (an archive member) streams from its buffer the same way.
  const file = typeof source === 'string' ? createReadStream(source, { highWaterMark: 1 << 20, signal: opts.signal }) : Readable.from([source.data]);
  if (!isGzip(head)) {
    try {
      for await (const chunk of file) yield chunk as Buffer;
    } finally {
      file.destroy();
    }
    return;
  }
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  file.on('error', (e: Error) => gunzip.destroy(e));
  file.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } finally {
    file.destroy();
    gunzip.destroy();
  }
}
