import type { DocumentItem } from '../../model/document.js';
import { TextDecoder } from 'node:util';
import { utf16Units } from '../../util/utf8.js';
import { parseAlterPrimaryKey, parseCopyHead, parseCreateTable, parseInsertHead, tableKey, type TableSchema } from './sql-schema.js';
import { blobText, CELL_MAX_CHARS, cellText, DEFAULT_TABLE_LIMITS, TablePartBuilder, type TablePartLimits } from './table-part.js';

/**
 * A byte-level state machine over a SQL dump, fed chunk by chunk: memory holds one statement head
 * (capped), one value (capped) and one part of rows, whatever the dump size — an extended INSERT
 * of 100 MB on one line is parsed value by value, never built as a string. It reads:
 *
 * - mysqldump / MariaDB: `INSERT INTO `t` VALUES (…),(…);` with MySQL string escapes (\' \\ \n
 *   \0 \Z …, '' too), _binary'…' / X'…' / 0x… binary values, NULL, numbers as written, column
 *   names from the preceding CREATE TABLE (and its PRIMARY KEY for row ids), `SET NAMES` (a GBK
 *   dump's trail bytes may be 0x5C, the backslash: they are taken with their lead byte);
 * - pg_dump: `COPY s.t (a, b) FROM stdin;` blocks up to `\.` with COPY escapes (\t \n \\ \N …),
 *   and `INSERT` statements (--inserts / --column-inserts) with standard strings (no backslash
 *   escapes, E'…' has them), dollar-quoted function bodies skipped whole;
 * - SQLite `.dump`: INSERTs with standard strings.
 *
 * Rows become table parts (table-part.ts) located by table, column and row (the primary key when
 * the dump declared it before the data, else the 1-based row number within the table), plus the
 * dump line and column where the value starts.
 */

export interface DumpParserOptions {
  limits?: Readonly<TablePartLimits>;
}

// States. Numbers, not strings: the switch runs once per byte.
const TOP = 0;
const TOP_DASH = 1;
const TOP_SLASH = 2;
const TOP_SLASH_STAR = 3;
const LINE_COMMENT = 4;
const BLOCK_COMMENT = 5;
const BLOCK_COMMENT_STAR = 6;
const STMT = 10;
const STMT_SQ = 11;
const STMT_SQ_ESC = 12;
const STMT_DQ = 13;
const STMT_BQ = 14;
const STMT_BLOCK = 15;
const STMT_BLOCK_STAR = 16;
const STMT_LINE = 17;
const STMT_DOLLAR_TAG = 18;
const STMT_DOLLAR = 19;
const V_BETWEEN = 20;
const V_START = 21;
const V_STR = 22;
const V_STR_ESC = 23;
const V_STR_QUOTE = 24;
const V_STR_MB = 25;
const V_AFTER = 26;
const V_AFTER_SQ = 27;
const V_BARE = 28;
const V_BARE_SQ = 29;
const V_BARE_SQ_ESC = 30;
const C_AWAIT_NL = 40;
const C_LINE_START = 41;
const C_FIELD = 42;
const C_ESC = 43;
const C_OCT = 44;
const C_HEX = 45;
const C_END1 = 46;
const C_END2 = 47;

const SQ = 0x27; // '
const DQ = 0x22; // "
const BQ = 0x60; // `
const BS = 0x5c; // \
const NL = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const LP = 0x28; // (
const RP = 0x29; // )
const COMMA = 0x2c;
const SEMI = 0x3b;
const DOLLAR = 0x24;

/** A statement head is kept up to this size; past it the statement is only scanned for its end (its data is not needed). */
const STMT_MAX_BYTES = 1 << 20;
/** A value is kept up to this many bytes (see CELL_MAX_CHARS). */
const VALUE_MAX_BYTES = CELL_MAX_CHARS;

const isSpace = (b: number): boolean => b === 0x20 || b === NL || b === CR || b === TAB || b === 0x0c;

/** String flags: how the bytes of a quoted value turn into a cell. */
const STR_PLAIN = 0;
const STR_HEX = 1; // X'4142'
const STR_BITS = 2; // B'0101'
const STR_BINARY = 3; // _binary'…': bytes, text only when valid UTF-8

/** Multibyte encodings whose trail bytes can be ASCII (0x5C '\\', 0x27 '''): a lead byte takes the next byte with it. */
const LEGACY_MULTIBYTE = new Set(['gbk', 'gb18030', 'big5']);

function charsetOf(name: string): string {
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (n === 'gbk' || n === 'cp936' || n === 'gb2312' || n === 'euccn') return 'gbk';
  if (n === 'gb18030') return 'gb18030';
  if (n === 'big5' || n === 'big5hkscs') return 'big5';
  if (n === 'latin1' || n === 'cp1252' || n === 'win1252') return 'windows-1252';
  return 'utf-8';
}

interface Target {
  name: string;
  key: string;
  columns: string[];
  /** Column indexes of the primary key in `columns`. */
  keyIdx: number[];
  /** For a statement that names no columns and a table without CREATE TABLE: columns grow with the first row. */
  generic: boolean;
}

interface TableState {
  rows: number;
  parts: number;
}

export class SqlDumpParser {
  private state = TOP;
  // Statement head.
  private stmt = Buffer.alloc(4096);
  private stmtLen = 0;
  private storing = true;
  private depth = 0;
  private delimiter = ';';
  private delimMatch = 0;
  private dollarTag = '';
  private dollarMatch = 0;
  private stmtLine = 1;
  private lastHead = '';
  private lastInsert: { name: string; columns?: string[] } | undefined;
  // Comments at top level: the dump's header and trailer lines.
  private comment = '';
  // Values.
  private val = Buffer.alloc(1024);
  private valLen = 0;
  private valCut = false;
  private strFlag = STR_PLAIN;
  private strEscapes = true;
  private escaped = false;
  private bareDepth = 0;
  private afterDepth = 0;
  private cellLine = 0;
  private cellCol = 0;
  private cells: string[] = [];
  private cellLines: number[] = [];
  private cellCols: number[] = [];
  private cellExact: boolean[] = [];
  private pendingCell: string | undefined;
  private rowLine = 0;
  private copyNull = false;
  private numAcc = 0;
  private numDigits = 0;
  // Dialect.
  private backslashEscapes = true;
  private charset = 'utf-8';
  private multibyte = false;
  private decoder: TextDecoder | undefined;
  private kind: 'mysql' | 'pg' | undefined;
  private complete = false;
  // Tables.
  private readonly schemas = new Map<string, TableSchema>();
  private readonly tables = new Map<string, TableState>();
  private target: Target | undefined;
  private builder: TablePartBuilder | undefined;
  private builderTarget: Target | undefined;
  private partLines: number[] = [];
  private partCols: number[] = [];
  private partExact: boolean[] = [];
  private partRowStart: number[] = [];
  private longCells = 0;
  // Position of the scan cursor, for the dump line and column of values.
  private line = 1;
  private colUnits = 0;
  private cursor = 0;
  private buf: Buffer = Buffer.alloc(0);

  readonly items: DocumentItem[] = [];
  private readonly limits: Readonly<TablePartLimits>;

  constructor(opts: DumpParserOptions = {}) {
    this.limits = opts.limits ?? DEFAULT_TABLE_LIMITS;
  }

  /** Parses one chunk; completed parts and problems are appended to `items` for the caller to take. */
  push(chunk: Buffer): void {
    this.buf = chunk;
    this.cursor = 0;
    this.run(chunk);
    this.advanceTo(chunk.length);
  }

  /** End of input: the last part, and an error when the dump stops mid-statement or lacks its trailer. */
  end(): void {
    let cut: string | undefined;
    if (this.state === C_END2) this.state = TOP; // `\.` as the very last bytes
    if (this.state === LINE_COMMENT) this.topComment(this.comment);
    const where = this.target ? ` of table ${this.target.name}` : '';
    if (this.state >= V_BETWEEN && this.state < C_AWAIT_NL) cut = `ended inside an INSERT${where}, line ${this.line}`;
    else if (this.state >= C_AWAIT_NL) cut = `ended inside the COPY data${where}, line ${this.line}`;
    else if (this.state >= STMT && this.stmtLen > 0) cut = `ended inside a statement starting at line ${this.stmtLine}`;
    else if (this.kind && !this.complete) cut = `no "${this.kind === 'mysql' ? 'Dump completed' : 'PostgreSQL database dump complete'}" trailer`;
    this.flushPart();
    this.reportLongCells();
    if (cut) this.items.push({ type: 'error', message: `truncated SQL dump (${cut})` });
  }

  /** The input failed (a broken gzip stream): rows so far are kept, then the reason. */
  fail(reason: string): void {
    this.flushPart();
    this.reportLongCells();
    this.items.push({ type: 'error', message: `truncated SQL dump (${reason}, line ${this.line})` });
  }

  // ---------------------------------------------------------------------------------------------
  // Position

  private advanceTo(i: number): void {
    const b = this.buf;
    let from = this.cursor;
    if (i <= from) return;
    let nl = b.indexOf(NL, from);
    if (nl !== -1 && nl < i) {
      while (nl !== -1 && nl < i) {
        this.line++;
        from = nl + 1;
        nl = b.indexOf(NL, from);
      }
      this.colUnits = 0;
    }
    this.colUnits += utf16Units(b, from, i);
    this.cursor = i;
  }

  /** Marks where the value starting at byte `i` is (1-based line and UTF-16 column). */
  private markCell(i: number): void {
    if (i < this.buf.length) this.advanceTo(i);
    else this.advanceTo(this.buf.length);
    this.cellLine = this.line;
    this.cellCol = this.colUnits + 1;
  }

  // ---------------------------------------------------------------------------------------------
  // Buffers

  private stmtByte(b: number): void {
    if (!this.storing) return;
    if (this.stmtLen >= STMT_MAX_BYTES) {
      this.storing = false;
      return;
    }
    if (this.stmtLen === this.stmt.length) {
      const bigger = Buffer.alloc(Math.min(this.stmt.length * 2, STMT_MAX_BYTES));
      this.stmt.copy(bigger, 0, 0, this.stmtLen);
      this.stmt = bigger;
    }
    this.stmt[this.stmtLen++] = b;
  }

  private valBytes(src: Buffer, from: number, to: number): void {
    let n = to - from;
    if (n <= 0) return;
    if (this.valLen + n > VALUE_MAX_BYTES) {
      n = VALUE_MAX_BYTES - this.valLen;
      this.valCut = true;
      if (n <= 0) return;
    }
    this.ensureVal(n);
    src.copy(this.val, this.valLen, from, from + n);
    this.valLen += n;
  }

  private valByte(b: number): void {
    if (this.valLen >= VALUE_MAX_BYTES) {
      this.valCut = true;
      return;
    }
    this.ensureVal(1);
    this.val[this.valLen++] = b;
  }

  private ensureVal(n: number): void {
    if (this.valLen + n <= this.val.length) return;
    let size = this.val.length * 2;
    while (size < this.valLen + n) size *= 2;
    const bigger = Buffer.alloc(size);
    this.val.copy(bigger, 0, 0, this.valLen);
    this.val = bigger;
  }

  private stmtText(): string {
    return this.stmt.toString('utf8', 0, this.stmtLen);
  }

  /** True when the statement so far starts with `word` (upper-case ASCII), case-insensitively. */
  private stmtStartsWith(word: string): boolean {
    if (this.stmtLen < word.length) return false;
    for (let k = 0; k < word.length; k++) if ((this.stmt[k] | 0x20) !== (word.charCodeAt(k) | 0x20)) return false;
    return this.stmtLen === word.length || !/[A-Za-z0-9_]/.test(String.fromCharCode(this.stmt[word.length]));
  }

  // ---------------------------------------------------------------------------------------------
  // The machine

  private run(b: Buffer): void {
    const n = b.length;
    let i = 0;
    while (i < n) {
      const c = b[i];
      switch (this.state) {
        case TOP:
          if (isSpace(c) || c === SEMI) i++;
          else if (c === 0x2d) {
            this.state = TOP_DASH;
            i++;
          } else if (c === 0x2f) {
            this.state = TOP_SLASH;
            i++;
          } else if (c === 0x23 || c === BS) {
            // `# comment` (MySQL) or a psql meta-command (`\connect`, `\restrict`): to the end of the line.
            this.comment = '';
            this.state = LINE_COMMENT;
            i++;
          } else this.beginStatement(i);
          break;
        case TOP_DASH:
          if (c === 0x2d) {
            this.comment = '--';
            this.state = LINE_COMMENT;
            i++;
          } else {
            this.beginStatement(i);
            this.stmtByte(0x2d);
          }
          break;
        case TOP_SLASH:
          if (c === 0x2a) {
            this.state = TOP_SLASH_STAR;
            i++;
          } else {
            this.beginStatement(i);
            this.stmtByte(0x2f);
          }
          break;
        case TOP_SLASH_STAR:
          if (c === 0x21) {
            // `/*!40101 SET NAMES utf8mb4 */`: MySQL runs it, so it is a statement.
            this.beginStatement(i);
            this.stmtByte(0x2f);
            this.stmtByte(0x2a);
            this.stmtByte(0x21);
          } else this.state = c === 0x2a ? BLOCK_COMMENT_STAR : BLOCK_COMMENT;
          i++;
          break;
        case LINE_COMMENT: {
          const nl = b.indexOf(NL, i);
          const end = nl === -1 ? n : nl;
          if (this.comment.length < 80) this.comment += b.toString('latin1', i, Math.min(end, i + 80));
          if (nl === -1) i = n;
          else {
            this.topComment(this.comment);
            this.state = TOP;
            i = nl + 1;
          }
          break;
        }
        case BLOCK_COMMENT:
          if (c === 0x2a) this.state = BLOCK_COMMENT_STAR;
          i++;
          break;
        case BLOCK_COMMENT_STAR:
          this.state = c === 0x2f ? TOP : c === 0x2a ? BLOCK_COMMENT_STAR : BLOCK_COMMENT;
          i++;
          break;

        case STMT:
          i = this.stmtStep(b, i, c);
          break;
        case STMT_SQ:
          this.stmtByte(c);
          if (c === SQ) this.state = STMT;
          else if (c === BS && this.backslashEscapes) this.state = STMT_SQ_ESC;
          i++;
          break;
        case STMT_SQ_ESC:
          this.stmtByte(c);
          this.state = STMT_SQ;
          i++;
          break;
        case STMT_DQ:
          this.stmtByte(c);
          if (c === DQ) this.state = STMT;
          i++;
          break;
        case STMT_BQ:
          this.stmtByte(c);
          if (c === BQ) this.state = STMT;
          i++;
          break;
        case STMT_BLOCK:
          this.stmtByte(c);
          if (c === 0x2a) this.state = STMT_BLOCK_STAR;
          i++;
          break;
        case STMT_BLOCK_STAR:
          this.stmtByte(c);
          this.state = c === 0x2f ? STMT : c === 0x2a ? STMT_BLOCK_STAR : STMT_BLOCK;
          i++;
          break;
        case STMT_LINE:
          this.stmtByte(c);
          if (c === NL) this.state = STMT;
          i++;
          break;
        case STMT_DOLLAR_TAG:
          this.stmtByte(c);
          i++;
          if (c === DOLLAR) {
            this.dollarTag += '$';
            this.dollarMatch = 0;
            this.state = STMT_DOLLAR;
          } else if (/[A-Za-z0-9_]/.test(String.fromCharCode(c)) && this.dollarTag.length < 64) this.dollarTag += String.fromCharCode(c);
          else this.state = STMT; // `$1`, not a dollar quote
          break;
        case STMT_DOLLAR: {
          this.stmtByte(c);
          i++;
          const tag = this.dollarTag;
          if (c === tag.charCodeAt(this.dollarMatch)) {
            if (++this.dollarMatch === tag.length) this.state = STMT;
          } else this.dollarMatch = c === DOLLAR ? 1 : 0;
          break;
        }

        case V_BETWEEN:
          if (isSpace(c) || c === COMMA) i++;
          else if (c === LP) {
            this.beginRow(i);
            i++;
          } else if (c === SEMI) {
            this.state = TOP;
            i++;
          } else {
            // ON DUPLICATE KEY UPDATE, ON CONFLICT, RETURNING: the rest of the statement is no data.
            this.storing = false;
            this.depth = 0;
            this.state = STMT;
          }
          break;
        case V_START:
          if (isSpace(c)) i++;
          else if (c === SQ) {
            this.beginValue(i + 1, STR_PLAIN, this.backslashEscapes);
            this.state = V_STR;
            i++;
          } else if (c === RP) {
            if (this.cells.length || this.pendingCell !== undefined) this.endValue();
            this.endRow();
            i++;
          } else {
            this.beginValue(i, STR_PLAIN, false);
            this.bareDepth = 0;
            this.state = V_BARE;
          }
          break;
        case V_STR:
          i = this.strStep(b, i);
          break;
        case V_STR_MB:
          this.valByte(c);
          this.state = V_STR;
          i++;
          break;
        case V_STR_ESC:
          this.escaped = true;
          this.valEscape(c);
          this.state = V_STR;
          i++;
          break;
        case V_STR_QUOTE:
          if (c === SQ) {
            this.escaped = true;
            this.valByte(SQ);
            this.state = V_STR;
            i++;
          } else {
            this.pendingCell = this.stringCell();
            this.afterDepth = 0;
            this.state = V_AFTER;
          }
          break;
        case V_AFTER:
          // After a literal: a cast (`::text`), COLLATE …, up to the next comma or the tuple's end.
          if (c === SQ) this.state = V_AFTER_SQ;
          else if (c === LP) this.afterDepth++;
          else if (c === RP && this.afterDepth > 0) this.afterDepth--;
          else if (this.afterDepth === 0 && (c === COMMA || c === RP)) {
            this.endValue();
            if (c === RP) this.endRow();
            else this.state = V_START;
          }
          i++;
          break;
        case V_AFTER_SQ:
          if (c === SQ) this.state = V_AFTER;
          i++;
          break;
        case V_BARE:
          i = this.bareStep(b, i, c);
          break;
        case V_BARE_SQ:
          this.valByte(c);
          if (c === SQ) this.state = V_BARE;
          else if (c === BS && this.backslashEscapes) this.state = V_BARE_SQ_ESC;
          i++;
          break;
        case V_BARE_SQ_ESC:
          this.valByte(c);
          this.state = V_BARE_SQ;
          i++;
          break;

        case C_AWAIT_NL:
          if (c === NL) this.state = C_LINE_START;
          i++;
          break;
        case C_LINE_START:
          this.advanceTo(i);
          this.rowLine = this.line;
          this.cells = [];
          this.cellLines = [];
          this.cellCols = [];
          this.cellExact = [];
          if (c === BS) {
            this.state = C_END1;
            i++;
          } else {
            this.beginCopyField(i);
            this.state = C_FIELD;
          }
          break;
        case C_END1:
          if (c === 0x2e) {
            this.state = C_END2;
            i++;
          } else {
            this.beginCopyField(i - 1);
            this.state = C_ESC;
          }
          break;
        case C_END2:
          if (c === NL || c === CR) {
            this.state = TOP; // `\.`: end of the COPY data
            i++;
          } else {
            this.beginCopyField(i - 2);
            this.escaped = true;
            this.valByte(0x2e);
            this.state = C_FIELD;
          }
          break;
        case C_FIELD:
          i = this.copyStep(b, i);
          break;
        case C_ESC:
          i++;
          this.escaped = true;
          if (c === 0x4e) this.copyNull = this.valLen === 0;
          else if (c >= 0x30 && c <= 0x37) {
            this.numAcc = c - 0x30;
            this.numDigits = 1;
            this.state = C_OCT;
            break;
          } else if (c === 0x78) {
            this.numAcc = 0;
            this.numDigits = 0;
            this.state = C_HEX;
            break;
          } else this.valByte(COPY_ESCAPES[c] ?? c);
          this.state = C_FIELD;
          break;
        case C_OCT:
          if (c >= 0x30 && c <= 0x37 && this.numDigits < 3) {
            this.numAcc = this.numAcc * 8 + (c - 0x30);
            this.numDigits++;
            i++;
          } else {
            this.valByte(this.numAcc & 0xff);
            this.state = C_FIELD;
          }
          break;
        case C_HEX: {
          const h = hexValue(c);
          if (h >= 0 && this.numDigits < 2) {
            this.numAcc = this.numAcc * 16 + h;
            this.numDigits++;
            i++;
          } else {
            if (this.numDigits) this.valByte(this.numAcc);
            else this.valByte(0x78); // `\x` without digits is an x
            this.state = C_FIELD;
          }
          break;
        }
        default:
          throw new Error(`sql dump parser: bad state ${this.state}`);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Statements

  private beginStatement(i: number): void {
    this.advanceTo(i);
    this.stmtLine = this.line;
    this.stmtLen = 0;
    this.storing = true;
    this.depth = 0;
    this.delimMatch = 0;
    this.state = STMT;
  }

  private stmtStep(b: Buffer, i: number, c: number): number {
    // Statement end: the delimiter outside quotes and comments.
    if (this.delimiter === ';' ? c === SEMI : this.delimiterByte(c)) {
      if (this.delimiter !== ';') this.stmtLen = Math.max(0, this.stmtLen - (this.delimiter.length - 1));
      this.endStatement();
      return i + 1;
    }
    if (c === NL && this.stmtLen < 40 && this.stmtStartsWith('DELIMITER')) {
      // mysql client command, ends at the line end: `DELIMITER ;;`
      const d = /^DELIMITER\s+(\S+)/i.exec(this.stmtText());
      if (d) this.delimiter = d[1];
      this.state = TOP;
      return i + 1;
    }
    this.stmtByte(c);
    if (c === SQ) this.state = STMT_SQ;
    else if (c === DQ) this.state = STMT_DQ;
    else if (c === BQ) this.state = STMT_BQ;
    else if (c === DOLLAR && this.storing && this.stmtLen >= 2 && /[\s(=,]/.test(String.fromCharCode(this.stmt[this.stmtLen - 2]))) {
      this.dollarTag = '$';
      this.state = STMT_DOLLAR_TAG;
    } else if (c === 0x2a && this.stmtLen >= 2 && this.stmt[this.stmtLen - 2] === 0x2f) this.state = STMT_BLOCK;
    else if (c === 0x2d && this.stmtLen >= 2 && this.stmt[this.stmtLen - 2] === 0x2d) this.state = STMT_LINE;
    else if (c === LP) {
      if (this.depth === 0 && this.storing && (this.stmtStartsWith('INSERT') || this.stmtStartsWith('REPLACE'))) {
        const head = this.stmtText();
        if (/\bVALUES?\s*\($/i.test(head)) {
          // One INSERT per row (pg_dump --inserts, sqlite .dump) repeats the same head: parse it once.
          if (head !== this.lastHead) {
            this.lastHead = head;
            this.lastInsert = parseInsertHead(head.slice(0, -1));
          }
          const parsed = this.lastInsert;
          if (parsed) {
            this.beginInsert(parsed.name, parsed.columns);
            this.beginRow(i);
            return i + 1;
          }
        }
      }
      this.depth++;
    } else if (c === RP && this.depth > 0) this.depth--;
    return i + 1;
  }

  /** Progressive match of a multi-byte delimiter (`;;`, `$$`). */
  private delimiterByte(c: number): boolean {
    const d = this.delimiter;
    if (c === d.charCodeAt(this.delimMatch)) {
      if (++this.delimMatch === d.length) {
        this.delimMatch = 0;
        return true;
      }
    } else this.delimMatch = c === d.charCodeAt(0) ? 1 : 0;
    return false;
  }

  private endStatement(): void {
    this.state = TOP;
    if (!this.storing || this.stmtLen === 0) return;
    const text = this.stmtText();
    const word = /^\s*(?:\/\*!\d*\s*)?([A-Za-z]+)/.exec(text)?.[1]?.toUpperCase();
    switch (word) {
      case 'CREATE': {
        const schema = parseCreateTable(text);
        if (schema) this.schemas.set(tableKey(schema.name), schema);
        break;
      }
      case 'ALTER': {
        // pg_dump declares primary keys here, after the data: known in time only for data that
        // follows (a dump edited by hand, or a later COPY of the same table). Rows already read
        // stay named by their row number, which still locates them in the dump's order.
        const pk = parseAlterPrimaryKey(text);
        if (pk) {
          const schema = this.schemaOf(pk.name) ?? { name: pk.name, columns: [], key: [] };
          schema.key = pk.key;
          this.schemas.set(tableKey(schema.name), schema);
        }
        break;
      }
      case 'COPY': {
        const head = parseCopyHead(text);
        if (head) {
          this.beginInsert(head.name, head.columns);
          this.state = C_AWAIT_NL;
        }
        break;
      }
      case 'SET': {
        const names = /SET\s+NAMES\s+'?([A-Za-z0-9_]+)/i.exec(text) ?? /client_encoding\s*(?:=|TO)\s*'?([A-Za-z0-9_]+)/i.exec(text);
        if (names) this.setCharset(names[1]);
        const scs = /standard_conforming_strings\s*(?:=|TO)\s*'?(on|off)/i.exec(text);
        if (scs) this.backslashEscapes = scs[1].toLowerCase() === 'off';
        break;
      }
      case 'PRAGMA':
      case 'BEGIN':
        // SQLite's .dump starts `PRAGMA foreign_keys=OFF; BEGIN TRANSACTION;`: standard strings.
        if (!this.kind && /^\s*(PRAGMA\s+foreign_keys|BEGIN\s+TRANSACTION)/i.test(text)) this.backslashEscapes = false;
        break;
      default:
    }
  }

  private setCharset(name: string): void {
    this.charset = charsetOf(name);
    this.multibyte = LEGACY_MULTIBYTE.has(this.charset);
    this.decoder = this.charset === 'utf-8' ? undefined : new TextDecoder(this.charset);
  }

  private topComment(text: string): void {
    if (/^--\s*(MySQL|MariaDB) dump/i.test(text)) this.kind = 'mysql';
    else if (/^--\s*Dump completed/i.test(text)) this.complete = true;
    else if (/^--\s*PostgreSQL database dump complete/i.test(text)) this.complete = true;
    else if (/^--\s*PostgreSQL database dump/i.test(text)) {
      this.kind = 'pg';
      this.backslashEscapes = false;
    }
  }

  private schemaOf(name: string): TableSchema | undefined {
    const exact = this.schemas.get(tableKey(name));
    if (exact) return exact;
    // `db`.`t` in one statement and `t` in another: match on the last part when that is unambiguous.
    const last = tableKey(name.split('.').pop()!);
    const found = [...this.schemas.values()].filter((s) => tableKey(s.name.split('.').pop()!) === last);
    return found.length === 1 ? found[0] : undefined;
  }

  private beginInsert(name: string, columns: string[] | undefined): void {
    const schema = this.schemaOf(name);
    const cols = columns ?? schema?.columns ?? [];
    const key = tableKey(schema?.name ?? name);
    const open = this.builderTarget;
    // The next INSERT of the same table and columns (mysqldump writes one per ~1 MB, pg_dump
    // --inserts one per row) goes on filling the same part.
    if (open && open.key === key && open.name === name && (cols.length ? open.columns.join('\0') === cols.join('\0') : open.generic)) {
      this.target = open;
      return;
    }
    const keyIdx = schema?.key.length ? schema.key.map((k) => cols.findIndex((c) => c.toLowerCase() === k.toLowerCase())) : [];
    this.target = {
      name,
      key,
      columns: cols.slice(),
      keyIdx: keyIdx.includes(-1) ? [] : keyIdx,
      generic: !cols.length,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Rows and values

  private beginRow(i: number): void {
    this.advanceTo(i);
    this.rowLine = this.line;
    this.cells = [];
    this.cellLines = [];
    this.cellCols = [];
    this.cellExact = [];
    this.pendingCell = undefined;
    this.state = V_START;
  }

  private beginValue(i: number, flag: number, escapes: boolean): void {
    this.markCell(i);
    this.valLen = 0;
    this.valCut = false;
    this.escaped = false;
    this.strFlag = flag;
    this.strEscapes = escapes;
  }

  private strStep(b: Buffer, i: number): number {
    const n = b.length;
    const esc = this.strEscapes;
    const mb = this.multibyte;
    let j = i;
    for (; j < n; j++) {
      const c = b[j];
      if (c === SQ || (c === BS && esc) || (mb && c >= 0x81 && c !== 0xff)) break;
    }
    this.valBytes(b, i, j);
    if (j === n) return n;
    const c = b[j];
    if (c === SQ) this.state = V_STR_QUOTE;
    else if (c === BS) this.state = V_STR_ESC;
    else {
      this.valByte(c);
      this.state = V_STR_MB; // the trail byte goes with its lead, whatever it is
    }
    return j + 1;
  }

  /** MySQL (and pg E'…') backslash escapes. `\%` and `\_` keep their backslash (they are LIKE escapes). */
  private valEscape(c: number): void {
    switch (c) {
      case 0x30:
        this.valByte(0);
        break;
      case 0x62:
        this.valByte(8);
        break;
      case 0x6e:
        this.valByte(NL);
        break;
      case 0x72:
        this.valByte(CR);
        break;
      case 0x74:
        this.valByte(TAB);
        break;
      case 0x5a:
        this.valByte(0x1a);
        break;
      case 0x25:
      case 0x5f:
        this.valByte(BS);
        this.valByte(c);
        break;
      default:
        this.valByte(c);
    }
  }

  private bareStep(b: Buffer, i: number, c: number): number {
    if (c === SQ) {
      // A string prefix: X'…' (hex), B'…' (bits), E'…' (escapes), N'…', _binary'…' / _utf8mb4'…'.
      const prefix = this.val.toString('latin1', 0, this.valLen).trim();
      if (/^(?:[xXbBeEnN]|_[A-Za-z0-9]+|[uU]&)$/.test(prefix)) {
        const p = prefix.toLowerCase();
        const flag = p === 'x' ? STR_HEX : p === 'b' ? STR_BITS : p === '_binary' ? STR_BINARY : STR_PLAIN;
        const line = this.cellLine;
        const col = this.cellCol;
        this.beginValue(i + 1, flag, p === 'e' || this.backslashEscapes);
        this.cellLine = line;
        this.cellCol = col;
        this.escaped = true; // the prefix shifts the column: locate at the value's start
        this.state = V_STR;
        return i + 1;
      }
      this.valByte(c);
      this.state = V_BARE_SQ;
      return i + 1;
    }
    if (c === LP) this.bareDepth++;
    else if (c === RP && this.bareDepth > 0) this.bareDepth--;
    else if (this.bareDepth === 0 && (c === COMMA || c === RP)) {
      this.pendingCell = this.bareCell();
      this.endValue();
      if (c === RP) this.endRow();
      else this.state = V_START;
      return i + 1;
    }
    this.valByte(c);
    return i + 1;
  }

  /** The cell text of the bare token just read: NULL empty, 0x… as binary, numbers and the rest as written. */
  private bareCell(): string {
    const raw = this.val.toString('utf8', 0, this.valLen).trim();
    if (/^null$/i.test(raw)) return '';
    if (/^0x[0-9a-f]+$/i.test(raw)) {
      this.escaped = true;
      return blobText(Buffer.from(raw.length % 2 ? `0${raw.slice(2)}` : raw.slice(2), 'hex'));
    }
    if (/^(?:replace|unistr)\(/i.test(raw)) {
      const text = sqliteDumpText(raw);
      if (text !== undefined) {
        this.escaped = true;
        return text;
      }
    }
    return raw;
  }

  private stringCell(): string {
    const bytes = this.val.subarray(0, this.valLen);
    switch (this.strFlag) {
      case STR_HEX:
        this.escaped = true;
        return blobText(Buffer.from(bytes.toString('latin1').replace(/\s+/g, ''), 'hex'));
      case STR_BITS:
        return '';
      case STR_BINARY:
        return blobText(bytes);
      default:
        return this.decoder ? this.decoder.decode(bytes) : bytes.toString('utf8');
    }
  }

  private endValue(): void {
    let text = this.pendingCell ?? '';
    this.pendingCell = undefined;
    if (this.valCut || text.length > CELL_MAX_CHARS) {
      this.longCells++;
      if (text.length > CELL_MAX_CHARS) text = text.slice(0, CELL_MAX_CHARS);
    }
    this.cells.push(text);
    this.cellLines.push(this.cellLine);
    this.cellCols.push(this.cellCol);
    this.cellExact.push(!this.escaped);
  }

  private endRow(): void {
    this.state = V_BETWEEN;
    this.addRow();
  }

  private beginCopyField(i: number): void {
    this.markCell(i);
    this.valLen = 0;
    this.valCut = false;
    this.escaped = false;
    this.copyNull = false;
  }

  private copyStep(b: Buffer, i: number): number {
    const n = b.length;
    let j = i;
    for (; j < n; j++) {
      const c = b[j];
      if (c === TAB || c === NL || c === BS) break;
    }
    this.valBytes(b, i, j);
    if (j === n) return n;
    const c = b[j];
    if (c === BS) {
      this.state = C_ESC;
      return j + 1;
    }
    if (c === NL && this.valLen && this.val[this.valLen - 1] === CR) this.valLen--; // a CRLF dump
    this.pendingCell = this.copyCell();
    this.endValue();
    if (c === TAB) this.beginCopyField(j + 1);
    else {
      this.addRow();
      this.state = C_LINE_START;
    }
    return j + 1;
  }

  private copyCell(): string {
    if (this.copyNull && this.valLen === 0) return '';
    const bytes = this.val.subarray(0, this.valLen);
    // bytea in hex output: `\x4142…` once the COPY escaping is undone.
    if (this.valLen > 2 && bytes[0] === BS && bytes[1] === 0x78 && this.valLen % 2 === 0 && /^[0-9a-fA-F]+$/.test(bytes.toString('latin1', 2))) {
      return blobText(Buffer.from(bytes.toString('latin1', 2), 'hex'));
    }
    return this.decoder ? this.decoder.decode(bytes) : bytes.toString('utf8');
  }

  // ---------------------------------------------------------------------------------------------
  // Parts

  private addRow(): void {
    const t = this.target;
    if (!t) return;
    const cells = this.cells;
    if (t.generic && cells.length > t.columns.length) {
      for (let k = t.columns.length; k < cells.length; k++) t.columns.push(`column${k + 1}`);
    }
    if (this.builderTarget !== t || !this.builder) this.startBuilder(t);
    let line = '';
    for (let k = 0; k < cells.length; k++) line += k === 0 ? cellText(cells[k]) : `\t${cellText(cells[k])}`;
    this.partRowStart.push(this.partCols.length);
    for (let k = 0; k < cells.length; k++) {
      this.partLines.push(this.cellLines[k]);
      this.partCols.push(this.cellCols[k]);
      this.partExact.push(this.cellExact[k]);
    }
    this.tables.get(t.key)!.rows++;
    if (this.builder!.add(line)) this.flushPart();
  }

  private startBuilder(t: Target): void {
    this.flushPart();
    let state = this.tables.get(t.key);
    if (!state) this.tables.set(t.key, (state = { rows: 0, parts: 0 }));
    this.builder = new TablePartBuilder(t.name, t.columns, { limits: this.limits, key: t.keyIdx, headerSeen: state.parts > 0, firstRow: state.rows + 1 });
    this.builderTarget = t;
  }

  private flushPart(): void {
    const builder = this.builder;
    if (!builder) return;
    const lines = this.partLines;
    const cols = this.partCols;
    const exact = this.partExact;
    const starts = this.partRowStart;
    const part = builder.take((row, column, offset) => {
      const k = starts[row] + column;
      if (k >= (row + 1 < starts.length ? starts[row + 1] : cols.length)) return undefined;
      return { line: lines[k], col: exact[k] ? cols[k] + offset : cols[k] };
    });
    this.partLines = [];
    this.partCols = [];
    this.partExact = [];
    this.partRowStart = [];
    if (!part) return;
    this.tables.get(this.builderTarget!.key)!.parts++;
    this.items.push({ type: 'text', part });
  }

  private reportLongCells(): void {
    if (this.longCells) this.items.push({ type: 'skip', reason: `${this.longCells} value(s) longer than ${CELL_MAX_CHARS >> 20} MiB: only their start scanned` });
    this.longCells = 0;
  }
}

/**
 * SQLite's `.dump` writes a text holding line breaks as an expression:
 * `replace(replace('a\r\nb','\r',char(13)),'\n',char(10))` (3.x), `unistr('a\u000ab')` (3.44+).
 * Undone here for those two shapes only; any other expression stays as written.
 */
export function sqliteDumpText(raw: string): string | undefined {
  const subs: Array<[string, string]> = [];
  let expr = raw.trim();
  for (;;) {
    const m = /^replace\(([\s\S]*),\s*'(\\[a-z])'\s*,\s*char\((\d+)\)\s*\)$/i.exec(expr);
    if (!m) break;
    subs.unshift([m[2], String.fromCharCode(Number(m[3]))]);
    expr = m[1].trim();
  }
  const uni = /^unistr\('((?:[^']|'')*)'\)$/i.exec(expr);
  const lit = uni ?? /^'((?:[^']|'')*)'$/.exec(expr);
  if (!lit || (!uni && !subs.length)) return undefined;
  let text = lit[1].replace(/''/g, "'");
  if (uni) text = text.replace(/\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|\+([0-9a-fA-F]{6})|(\\))/g, (_m, u, U, p, bs) => (bs ? '\\' : String.fromCodePoint(parseInt(u ?? U ?? p, 16))));
  for (const [from, to] of subs) text = text.split(from).join(to);
  return text;
}

/** COPY text-format escapes (besides octal, \x and \N). */
const COPY_ESCAPES: Record<number, number> = { 0x62: 8, 0x66: 0x0c, 0x6e: NL, 0x72: CR, 0x74: TAB, 0x76: 0x0b };

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}
