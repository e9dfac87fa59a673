import type { Location } from './location.js';

/**
 * What the document sources (PDF, images through OCR, Office files, archives) hand to the
 * pipeline. A plain text file becomes windows of lines (source.ts); a document becomes parts:
 * pieces of text that each know where they came from (page, cell, word box), plus nested files
 * (archive members, images embedded in a docx) that are scanned like files of their own.
 */

/** [x, y, width, height] in pixels of the scanned image or rendered page. */
export type BBox = [number, number, number, number];

/** A piece of extracted text and what locates the values in it. */
export interface TextPart {
  /** The text, lines separated by '\n'. Values are located by 1-based line and column in it. */
  text: string;
  /** Location fields every value of this part shares (page, entry, field, …), merged into its location. */
  at: Partial<Location>;
  /**
   * A finer location for a value at (line, col) of `text`, 1-based, col in UTF-16 units: the cell
   * of a sheet (`{ field: 'Sheet1!C7', row: 7 }`), the word box of an OCR read (`{ bbox }`). What it
   * returns is merged over `at`; line/col stay unless it sets them.
   */
  refine?: (line: number, col: number) => Partial<Location> | undefined;
  /**
   * How the text was obtained. OCR text may hold confused characters (O→0, l→1, Z→2, S→5, B→8):
   * detection may correct them, but only where exactly one correction validates.
   */
  origin: 'text-layer' | 'ocr' | 'office' | 'database';
  /**
   * A table's rows (a sheet, a database table): line 1 is the header (column names, tab-separated)
   * and each further line one row, cells tab-separated in header order, so column names label the
   * cells below them. `rows` counts the data rows of this part (for the column inventory).
   */
  table?: { name: string; columns: string[]; rows: number };
  /** Line 1 repeats a header already scanned with an earlier part of the same table: not values again. */
  headerRepeated?: boolean;
  /** Set when the part is a whole image or page (for ID-copy classification). */
  visual?: VisualInfo;
  /**
   * What a record is for record-level analyses (identity kits): each line (sheet rows, text) or the
   * whole part (an ID card, a form page). Default 'lines'.
   */
  record?: 'lines' | 'part';
}

export interface VisualInfo {
  kind: 'image' | 'pdf-page';
  width: number;
  height: number;
  /** Mean OCR word confidence, 0–100, when the text came from OCR. */
  confidence?: number;
  /** Rotation applied before OCR, degrees clockwise (0, 90, 180, 270). */
  rotation?: number;
}

/** A file inside another one, scanned like a file of its own with `entry` naming it. */
export interface NestedFile {
  /** Path inside the container, '/'-separated (`var/log/app.log`, `word/media/image1.png`). */
  name: string;
  /** Uncompressed size when known. */
  size?: number;
  mtimeMs?: number;
  /** Its bytes, when small enough to hold (documents and images always are; limits apply). */
  data?: Buffer;
  /**
   * Or a stream of its bytes (a big text member of a tar; a Node Readable is one): the consumer
   * must read it to the end or stop with `return()` (a `for await` break does), which destroys it.
   */
  stream?: AsyncIterable<Buffer>;
}

export type DocumentItem =
  | { type: 'text'; part: TextPart }
  | { type: 'file'; file: NestedFile }
  /** Something of the document could not be read (one page, one member); the rest goes on. */
  | { type: 'error'; message: string; at?: Partial<Location> }
  /** Something was deliberately not scanned (a limit hit, OCR off); listed in scan.skipped. */
  | { type: 'skip'; reason: string; at?: Partial<Location> };

/** One word of an OCR read, for locations and classification. */
export interface OcrWord {
  text: string;
  bbox: BBox;
  confidence: number;
}

/** What OCR returns for one image. */
export interface OcrPage {
  text: string;
  /** Words in reading order; lines of `text` are made of them. */
  words: OcrWord[];
  width: number;
  height: number;
  confidence: number;
  rotation: number;
}

/** The OCR service the pipeline creates lazily (once per scan) and terminates at the end. */
export interface OcrEngine {
  recognize(image: Buffer, opts?: { signal?: AbortSignal }): Promise<OcrPage>;
  terminate(): Promise<void>;
}

/**
 * What the OCR engine may ask about a page it has read, from later stages it must not import:
 * whether an ID-card page deserves a second, sparse look (no purpose annotation or no valid number
 * found on the first), and whether a line is a purpose annotation.
 */
export interface PageJudge {
  needsSecondLook(text: string, asOfYmd: number): boolean;
  isAnnotationLine(line: string): boolean;
}

/** What every extractor gets from the pipeline. */
export interface ExtractContext {
  signal?: AbortSignal;
  /** Absent when OCR is off (`--no-ocr`): image sources then yield a skip. */
  ocr?: () => Promise<OcrEngine>;
}
