import type { Location } from '../model/location.js';
import type { SourceRef, TextWindow } from '../model/source.js';
import { utf16Units } from '../util/utf8.js';

/**
 * Maps byte offsets of a UTF-8 window to 1-based line and column (UTF-16 code units, as SARIF and
 * editors count). Offsets must be asked in increasing order: it walks forward only, so a 50 MB
 * single-line JSON costs one pass, not one pass per value.
 */
export class LineMapper {
  private line: number;
  private lineStart = 0;
  private colPos = 0;
  private col: number;

  constructor(private readonly win: TextWindow) {
    this.line = win.firstLine;
    this.col = win.firstCol;
  }

  locate(offset: number): { line: number; col: number } {
    const b = this.win.bytes;
    for (;;) {
      const nl = b.indexOf(10, this.lineStart);
      if (nl === -1 || nl >= offset) break;
      this.line++;
      this.lineStart = nl + 1;
      this.colPos = nl + 1;
      this.col = 0;
    }
    if (this.colPos < this.lineStart) {
      this.colPos = this.lineStart;
      this.col = 0;
    }
    this.col += utf16Units(b, this.colPos, offset);
    this.colPos = offset;
    return { line: this.line, col: this.col + 1 };
  }
}

/** Line number (1-based) of a byte offset, counting from the window's first line. */
export function lineOf(win: TextWindow, offset: number): number {
  let line = win.firstLine;
  let p = 0;
  for (;;) {
    const nl = win.bytes.indexOf(10, p);
    if (nl === -1 || nl >= offset) return line;
    line++;
    p = nl + 1;
  }
}

/** The report location of a text value: path, archive entry when there is one, line and column. */
export function locationAt(source: SourceRef, line: number, col: number): Location {
  return source.entry ? { path: source.path, entry: source.entry, line, col } : { path: source.path, line, col };
}
