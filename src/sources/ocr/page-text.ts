/**
 * Turns OCR lines of words into the page text and word list of an OcrPage. Tesseract separates
 * Chinese "words" with spaces (公民 身份 号 码); they are joined without one so that keywords,
 * names and addresses read as written, while Latin words and numbers keep a space between them.
 */
import type { BBox, OcrWord } from '../../model/document.js';
import type { TsvLine } from './tsv.js';

/** CJK ideographs, CJK punctuation and full-width forms: no space is written between them. */
const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;

function joinsTight(before: string, after: string): boolean {
  return WIDE.test(before.slice(-1)) || WIDE.test(after.slice(0, 1));
}

/** Where each word of `words` sits in `text` (1-based line and column, UTF-16 length). */
export interface WordSpan {
  /** Index of the word in the page's word list. */
  index: number;
  line: number;
  col: number;
  length: number;
}

export interface PageText {
  text: string;
  words: OcrWord[];
  spans: WordSpan[];
}

/** `toImageBox` maps a box of the OCR'd image back to the pixels of the original file. */
export function layoutText(lines: readonly TsvLine[], toImageBox: (x: number, y: number, w: number, h: number) => BBox): PageText {
  const out: string[] = [];
  const words: OcrWord[] = [];
  const spans: WordSpan[] = [];
  for (const line of lines) {
    let s = '';
    for (const word of line.words) {
      if (s && !joinsTight(s, word.text)) s += ' ';
      spans.push({ index: words.length, line: out.length + 1, col: s.length + 1, length: word.text.length });
      words.push({ text: word.text, bbox: toImageBox(word.x, word.y, word.w, word.h), confidence: word.confidence });
      s += word.text;
    }
    out.push(s);
  }
  return { text: out.join('\n'), words, spans };
}

/** The word whose span covers (line, col), for locating a value found in the text. */
export function wordAt(spans: readonly WordSpan[], line: number, col: number): number | undefined {
  for (const s of spans) {
    if (s.line === line && col >= s.col && col < s.col + s.length) return s.index;
    if (s.line > line) break;
  }
  return undefined;
}

/** Spans of `words` located in `text` in order (for a page whose spans were not kept). */
export function locateWords(text: string, words: readonly OcrWord[]): WordSpan[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const spans: WordSpan[] = [];
  let from = 0;
  let line = 0;
  for (let index = 0; index < words.length; index++) {
    const w = words[index];
    const at = text.indexOf(w.text, from);
    if (at < 0) continue;
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= at) line++;
    spans.push({ index, line: line + 1, col: at - lineStarts[line] + 1, length: w.text.length });
    from = at + w.text.length;
  }
  return spans;
}
