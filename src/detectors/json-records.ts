import type { TextWindow } from '../model/source.js';

/**
 * Records of pretty-printed JSON (issue #3): in `[ {\n "name": …,\n "id_card": …\n }, … ]` one
 * person spans several lines, so "a record is a line" would never see the person whole. This
 * tracker follows the brace structure of a JSON file across windows and maps each line to the
 * object it belongs to: the innermost object that is an array element (a row of an export), or
 * the top-level object. JSON Lines files keep line records (each line is its own object), and so
 * do other files: only a file that opens with `{` or `[` and does not close on its first line is
 * tracked.
 */

/** A record longer than this many lines is a document, not a row: its lines stay records of their own. */
const MAX_RECORD_LINES = 60;

interface Open {
  array: boolean;
  /** 1-based line where this object opened; 0 for arrays. */
  line: number;
  /** True when this object is a record: an array element, or the top level. */
  record: boolean;
}

export class JsonRecords {
  private readonly stack: Open[] = [];
  private inString = false;
  private escaped = false;
  /** Record start per line of the current window (index = line - base). */
  private starts: Int32Array = new Int32Array(0);
  private base = 0;

  /**
   * A tracker when the source looks like multi-line JSON by its first window, else undefined
   * (JSON Lines and everything else keep one record per line).
   */
  static forFirstWindow(win: TextWindow): JsonRecords | undefined {
    const b = win.bytes;
    let i = 0;
    while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++;
    if (b[i] !== 0x7b && b[i] !== 0x5b) return undefined;
    const nl = b.indexOf(0x0a, i);
    if (nl === -1) return undefined; // one line: a line record is the object already
    let e = nl - 1;
    while (e > i && (b[e] === 0x20 || b[e] === 0x0d || b[e] === 0x09 || b[e] === 0x2c)) e--;
    if (e > i && (b[e] === 0x7d || b[e] === 0x5d)) return undefined; // `{…}` closes on its line: JSON Lines
    return new JsonRecords();
  }

  /** Follows the structure through one window (windows must come in order). */
  feed(win: TextWindow): void {
    const b = win.bytes;
    let lines = 1;
    for (let i = b.indexOf(0x0a); i !== -1; i = b.indexOf(0x0a, i + 1)) lines++;
    if (this.starts.length < lines) this.starts = new Int32Array(lines);
    this.base = win.firstLine;
    let line = win.firstLine;
    this.starts[0] = this.current(line);
    let lineHasStart = false;
    for (let i = 0; i < b.length; i++) {
      const c = b[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
        continue;
      }
      switch (c) {
        case 0x22:
          this.inString = true;
          break;
        case 0x7b: {
          const parent = this.stack[this.stack.length - 1];
          this.stack.push({ array: false, line, record: !parent || parent.array });
          // A line that opens a record (`{` of an element) belongs to it.
          if (!lineHasStart && (!parent || parent.array)) {
            this.starts[line - this.base] = line;
            lineHasStart = true;
          }
          break;
        }
        case 0x5b:
          this.stack.push({ array: true, line: 0, record: false });
          break;
        case 0x7d:
        case 0x5d:
          this.stack.pop();
          break;
        case 0x0a:
          line++;
          this.starts[line - this.base] = this.current(line);
          lineHasStart = false;
          break;
      }
    }
  }

  /** The record key of a line of the last fed window: the start line of its record, or the line itself. */
  recordOf(line: number): number {
    const i = line - this.base;
    const start = i >= 0 && i < this.starts.length ? this.starts[i] : 0;
    return start > 0 && line - start <= MAX_RECORD_LINES ? start : line;
  }

  /** Start line of the innermost open record at `line`, 0 when none. */
  private current(line: number): number {
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const o = this.stack[k];
      if (o.record) return line - o.line <= MAX_RECORD_LINES ? o.line : 0;
    }
    return 0;
  }
}
