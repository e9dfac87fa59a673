import type { Location } from './location.js';

/** What a scanned thing is, for messages and (later) retention/exposure policies. */
export type SourceKind = 'text' | 'log' | 'gzip' | 'stdin';

/** A file (or stream) the walker found, before it is read. */
export interface SourceRef {
  /** Path as shown in the report (relative to the working directory when under it). */
  path: string;
  /** Absolute path on disk; absent for stdin. */
  absPath?: string;
  /** Archive member or sheet cell etc. (issue 4); absent for plain files. */
  entry?: string;
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
