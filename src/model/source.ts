import type { Location } from './location.js';

/** What a scanned thing is, for messages and (later) retention/exposure policies. */
export type SourceKind = 'text' | 'log' | 'gzip' | 'stdin' | 'member';

/** A file (or stream) the walker found, before it is read. */
export interface SourceRef {
  /** Path as shown in the report (relative to the working directory when under it). */
  path: string;
  /** Absolute path on disk; absent for stdin. */
  absPath?: string;
  /**
   * Path inside the file for something nested in it: an archive member (`var/log/app.log`), an
   * image embedded in a document (`word/media/image1.png`), `!`-joined when nested deeper
   * (`inner.zip!doc.txt`). Absent for plain files.
   */
  entry?: string;
  /** The bytes of a nested source held in memory (an archive member, an embedded image). */
  data?: Buffer;
  /** Or a stream of them (a big archive member), read once. */
  stream?: AsyncIterable<Buffer>;
  /** How deep inside archives and documents this source is (0 for files on disk). */
  depth?: number;
  kind: SourceKind;
  size?: number;
  mtimeMs?: number;
  mode?: number;
  uid?: number;
}

/**
 * A slice of a text source, always UTF-8 bytes of whole lines (a huge line is cut at a safe
 * point between tokens and continues in the next window). Sources transcode GB18030 and UTF-16
 * to UTF-8 first so that every detector runs one byte-level fast path.
 */
export interface TextWindow {
  bytes: Buffer;
  /** 1-based line number of bytes[0]. */
  firstLine: number;
  /** 0-based column (UTF-16 code units) of bytes[0] within its line; > 0 only after a cut line. */
  firstCol: number;
}

/** Something a source found that is not a value, e.g. an inline suppression comment. */
export interface Directive {
  kind: 'ignore-line' | 'ignore-next-line';
  line: number;
  /** Rule or detector ids the directive names; empty = all. */
  ids: string[];
}

/** Turns a text location into the report's Location. */
export type Locate = (line: number, col: number) => Location;
