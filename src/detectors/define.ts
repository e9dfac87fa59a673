import type { CandidateFacts } from '../model/candidate.js';
import type { DetectorId } from '../model/ids.js';

/**
 * A number-shaped value as the tokenizer hands it to detectors, already normalised: full-width
 * digits and letters are ASCII, every mask character (`*` `＊` `#` `•` `●`) is `*`, `x` is `X`,
 * and single separators (space or `-`) between digit groups are kept so detectors can judge them.
 */
export interface Span {
  /** Normalised text with separators, e.g. `110105 19491231 002X`, `+86 138****5678`. */
  text: string;
  /** The same without separators and spaces: `11010519491231002X`. */
  compact: string;
  /** True when `compact` holds a mask character (`*`), or an `X` a detector may read as one. */
  hasMask: boolean;
}

/** What a detector may ask about the surroundings of a span. */
export interface MatchContext {
  /** True when one of this detector's keywords occurs in the text window around the span. */
  hasContext(): boolean;
  /** The as-of date as YYYYMMDD (births after it are impossible; tests pin it). */
  asOf: number;
}

/** A detector's verdict on one span. */
export interface DetectorMatch {
  /** Normalised full value, or for a masked value the shown pattern with `*` for hidden characters. */
  value: string;
  masked: boolean;
  /** 0..1 before the context boost. */
  confidence: number;
  facts: CandidateFacts;
}

/** One row of a detector's own examples; the generic example test runs every row. */
export interface DetectorExample {
  /** A line of text to scan. */
  text: string;
  /** For valid rows: the normalised value expected (or the masked pattern). */
  value?: string;
  /** Why an invalid row must not match. */
  reason?: string;
}

/**
 * A number-shaped detector: one file each in src/detectors, file name == id (style.md practice 1).
 * Patterns stay weak on purpose; `match` validates (checksum, date, area, segment) and returns
 * undefined for anything that is not this kind, so the tokenizer can try the next detector.
 */
export interface NumericDetector {
  id: DetectorId;
  /** UPPER_SNAKE entity name, Presidio style. */
  entity: string;
  title: { zh: string; en: string };
  /** Context words (ASCII ones lower-case) that raise confidence within a character window. */
  keywords: readonly string[];
  /**
   * Numbers of digits and mask characters (separators and `+` not counted) this detector can
   * accept. The tokenizer builds no string for a run no detector could accept (a 12-digit id, a
   * `2015-10-18 18:01` timestamp): in logs that is most of them.
   */
  lengths: readonly number[];
  match(span: Span, ctx: MatchContext): DetectorMatch | undefined;
  examples: {
    valid: readonly DetectorExample[];
    invalid: readonly DetectorExample[];
    masked: readonly DetectorExample[];
  };
}

/** Identity helper that gives detector files a typed literal (secretlint's creator shape). */
export function defineDetector(d: NumericDetector): NumericDetector {
  return d;
}

/** One value a text detector found in a line. `index`/`length` are UTF-16 offsets in the line. */
export interface LineMatch extends DetectorMatch {
  index: number;
  length: number;
}

/** What a text detector may ask about a line. */
export interface LineContext {
  asOf: number;
  /** True when one of `keywords` (lower-case) occurs within ~30 characters before `index` or just after. */
  near(index: number, length: number, keywords: readonly string[]): boolean;
  /** True when one of `keywords` occurs anywhere in the line. */
  inLine(keywords: readonly string[]): boolean;
}

/**
 * A detector for values without a number shape of their own (e-mail, names, addresses, letter-led
 * IDs). It declares byte strings that must occur in a line (`@`, `姓名`, `号`…) so the stage
 * decodes and hands it only those lines; `findInLine` gets the line with full-width letters and
 * digits normalised to ASCII (offsets unchanged).
 */
export interface TextDetector {
  id: DetectorId;
  entity: string;
  title: { zh: string; en: string };
  /** Context words (ASCII ones lower-case). */
  keywords: readonly string[];
  /** A line is examined only when it contains one of these (case-sensitive UTF-8)… */
  triggers: readonly string[];
  /** …or a match of this pattern over the window read as latin1 (byte offsets = string offsets). */
  triggerPattern?: RegExp;
  /** Header names (lower-case; a header containing one counts) whose column holds this kind. */
  columnLabels?: readonly string[];
  /** Reads one cell under such a column (the column is the label, so no keyword is needed). */
  readCell?(cell: string): DetectorMatch | undefined;
  /** Loads what findInLine needs (a heavy library) before the first window that triggers it. */
  prepare?: () => Promise<void>;
  findInLine(line: string, ctx: LineContext): LineMatch[];
  examples: {
    valid: readonly DetectorExample[];
    invalid: readonly DetectorExample[];
    masked: readonly DetectorExample[];
  };
}

/** Identity helper for text detector files. */
export function defineTextDetector(d: TextDetector): TextDetector {
  return d;
}

/** Confidence after context: keywords near a value raise it, never above 1 (Presidio's enhancer). */
export function boost(confidence: number, context: boolean): number {
  return context ? Math.min(1, confidence + 0.35) : confidence;
}
