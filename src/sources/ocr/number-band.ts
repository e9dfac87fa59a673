/**
 * The second OCR pass for numbers. The Chinese model misreads or drops digits of an ID line now and
 * then; the English model, restricted to digits and X on one line, reads them reliably (stack.md).
 * Re-reading only the band of a line that holds a number costs a fraction of a second page pass.
 *
 * A line is worked on as one string (its words concatenated) so that a number split into several
 * words, or glued to its label (号码1101…), is one run; boxes inside a word are estimated from the
 * character widths (a CJK character about twice a digit).
 */
import { isRealDate } from '../../util/checksums/dates.js';
import { gb11643Valid } from '../../util/checksums/gb11643.js';
import type { TsvLine, TsvWord } from './tsv.js';

/** Digits and what OCR makes of them (reference 1.3): a run of them may be a number. */
const DIGITISH = /[0-9OoDQlI|i!ZzSsBGbgqXx×]/;
/** Labels after which the rest of the line is the ID number, however badly it was read. */
const ID_LABEL = /身份号码|身份证号|公民身份|号码|证号/g;

/** Shortest run worth a second read: a mobile number has 11 digits. */
export const MIN_RUN = 11;
/** After an ID label, a read this short still gets a second look (digits may have been dropped). */
const MIN_AFTER_LABEL = 4;
/** Width of an 18-character ID on a card in line heights (digits ~0.6 high, spaced). */
const ID_WIDTH_PER_HEIGHT = 13;
/** Characters of other kinds tolerated inside a run (a digit read as 和 or 殊). */
const MAX_JUNK = 2;

export interface DigitRun {
  /** Index of the line in the page. */
  line: number;
  /** Character range [start, end) in the line's words concatenated. */
  start: number;
  end: number;
  /** The run as read. */
  text: string;
  /** After an ID label, or 17–19 characters long: only a valid ID may replace it. */
  idLike: boolean;
  /** Box of the run in the OCR'd image. */
  box: { x: number; y: number; w: number; h: number };
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function isWide(c: string): boolean {
  return c.charCodeAt(0) >= 0x2e80;
}

/** x range of characters [from, to) of a word, by estimated character widths. */
function charSpan(word: TsvWord, from: number, to: number): [number, number] {
  const widths = word.text.split('').map((c) => (isWide(c) ? 1 : 0.55));
  const total = widths.reduce((a, b) => a + b, 0) || 1;
  const before = widths.slice(0, from).reduce((a, b) => a + b, 0);
  const inside = widths.slice(from, to).reduce((a, b) => a + b, 0);
  return [word.x + (word.w * before) / total, word.x + (word.w * (before + inside)) / total];
}

/** The line's words as one string, with the word and offset of each character (UTF-16 units). */
function flatten(line: TsvLine): { text: string; word: number[]; offset: number[] } {
  let text = '';
  const word: number[] = [];
  const offset: number[] = [];
  line.words.forEach((w, wi) => {
    for (let k = 0; k < w.text.length; k++) {
      word.push(wi);
      offset.push(k);
    }
    text += w.text;
  });
  return { text, word, offset };
}

/** Box of characters [start, end) of a flattened line. */
function rangeBox(line: TsvLine, flat: ReturnType<typeof flatten>, start: number, end: number): Box {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let wi = flat.word[start]; wi <= flat.word[end - 1]; wi++) {
    const w = line.words[wi];
    const from = wi === flat.word[start] ? flat.offset[start] : 0;
    const to = wi === flat.word[end - 1] ? flat.offset[end - 1] + 1 : w.text.length;
    const [a, b] = charSpan(w, from, to);
    x0 = Math.min(x0, a);
    x1 = Math.max(x1, b);
    y0 = Math.min(y0, w.y);
    y1 = Math.max(y1, w.y + w.h);
  }
  return { x: Math.floor(x0), y: y0, w: Math.ceil(x1 - x0), h: y1 - y0 };
}

/** A valid 18-character resident ID read exactly: no second read needed. */
export function isCleanId(s: string, asOfYmd: number): boolean {
  return /^[1-9]\d{16}[\dX]$/.test(s) && gb11643Valid(s) && isRealDate(s.slice(6, 14), 18000101, asOfYmd);
}

/** Maximal runs of digit-like characters with at most MAX_JUNK others between them: [start, end, digitish count]. */
function digitishRuns(text: string): Array<[number, number, number]> {
  const runs: Array<[number, number, number]> = [];
  let i = 0;
  while (i < text.length) {
    if (!DIGITISH.test(text[i])) {
      i++;
      continue;
    }
    let end = i + 1;
    let count = 1;
    let j = i + 1;
    while (j < text.length) {
      let gap = 0;
      while (j + gap < text.length && !DIGITISH.test(text[j + gap]) && gap <= MAX_JUNK) gap++;
      if (j + gap >= text.length || gap > MAX_JUNK) break;
      j += gap;
      while (j < text.length && DIGITISH.test(text[j])) {
        count++;
        j++;
      }
      end = j;
    }
    runs.push([i, end, count]);
    i = end;
  }
  return runs;
}

/**
 * Runs worth a second read: long digit-like runs (not already a valid ID), and whatever follows an
 * ID label on its line, even if only a few digits survived the first read.
 */
export function findDigitRuns(lines: readonly TsvLine[], asOfYmd: number): DigitRun[] {
  const runs: DigitRun[] = [];
  lines.forEach((line, li) => {
    if (line.words.length === 0) return;
    const flat = flatten(line);
    const afterLabel = new Set<number>();
    for (const m of flat.text.matchAll(ID_LABEL)) afterLabel.add(m.index! + m[0].length);
    for (const [start, end, count] of digitishRuns(flat.text)) {
      const text = flat.text.slice(start, end);
      const labelled = [...afterLabel].some((p) => p <= start && /^[\s:：]*$/.test(flat.text.slice(p, start)));
      if (count < (labelled ? MIN_AFTER_LABEL : MIN_RUN)) continue;
      if (isCleanId(text.toUpperCase(), asOfYmd)) continue;
      const box = rangeBox(line, flat, start, end);
      // Digits the first read dropped leave no box: after a label, reach as far as 18 digits would.
      if (labelled) box.w = Math.max(box.w, Math.round(box.h * ID_WIDTH_PER_HEIGHT));
      const idLike = labelled || (count >= 17 && count <= 19);
      runs.push({ line: li, start, end, text, idLike, box });
    }
  });
  return runs;
}

/**
 * What the band's read should replace the run with, or undefined to keep the first read: the one
 * valid ID in the band's lines if there is exactly one; for a run that is not ID-like, else a line
 * that is a plain number of about the run's length (the English read of digits is the better one,
 * stack.md). An ID-like run is never replaced by digits that do not validate: they are no better. The band may also hold
 * a neighbouring line (a stamp's date above the number), hence the search over lines.
 */
export function bandReplacement(run: DigitRun, band: string, asOfYmd: number): string | undefined {
  const lines = band
    .split('\n')
    .map((l) => l.replace(/\s+/g, ''))
    .filter((l) => /^[0-9X]+$/.test(l));
  const ids = new Set<string>();
  for (const digits of lines) for (let i = 0; i + 18 <= digits.length; i++) if (isCleanId(digits.slice(i, i + 18), asOfYmd)) ids.add(digits.slice(i, i + 18));
  if (ids.size === 1) return [...ids][0];
  if (ids.size > 1 || run.idLike) return undefined;
  const plain = lines.filter((l) => l.length >= MIN_RUN && Math.abs(l.length - run.text.length) <= 1);
  return plain.length === 1 ? plain[0] : undefined;
}

/**
 * Replaces the run's characters in its line by one word holding `digits`; the parts of the first
 * and last words outside the run stay as words of their own.
 */
export function mergeBandReading(lines: TsvLine[], run: DigitRun, digits: string, confidence: number): void {
  const line = lines[run.line];
  const flat = flatten(line);
  const firstWord = flat.word[run.start];
  const lastWord = flat.word[run.end - 1];
  const replaced: TsvWord[] = [];
  const first = line.words[firstWord];
  const headLen = flat.offset[run.start];
  if (headLen > 0) {
    const [a, b] = charSpan(first, 0, headLen);
    replaced.push({ ...first, text: first.text.slice(0, headLen), x: Math.floor(a), w: Math.ceil(b - a) });
  }
  replaced.push({ text: digits, ...run.box, confidence });
  const last = line.words[lastWord];
  const tailFrom = flat.offset[run.end - 1] + 1;
  if (tailFrom < last.text.length) {
    const [a, b] = charSpan(last, tailFrom, last.text.length);
    replaced.push({ ...last, text: last.text.slice(tailFrom), x: Math.floor(a), w: Math.ceil(b - a) });
  }
  line.words.splice(firstWord, lastWord - firstWord + 1, ...replaced);
}
