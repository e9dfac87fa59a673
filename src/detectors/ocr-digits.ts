/**
 * Corrects OCR digit confusions in resident ID numbers read from scans (reference §1.3 item 7):
 * O/o/D/Q→0, l/I/|/i/!→1, Z→2 (or 7), S→5 (or 8), B→8 (or 3), G→6 (or 9), and ×/χ/x→X as the
 * check character.
 *
 * A run of 18 ID-like characters that holds such letters is corrected only when exactly one way of
 * reading its letters as digits yields a valid number: MOD 11-2 check character, a real birth date
 * not after `asOf`, and a known area code. MOD 11-2 catches every single substitution, so a wrong
 * correction needs two compensating errors and a date and area that also hold; an ambiguous run is
 * left alone. Phone-shaped runs are never corrected: without a check digit nothing would validate
 * the guess. Each correction replaces one character by one, so the text keeps its length and every
 * column stays where OCR put it.
 */
import { isRealDate, ymd } from '../util/checksums/dates.js';
import { gb11643Valid } from '../util/checksums/gb11643.js';
import { isKnownAreaCode } from './data/area-codes.js';

/**
 * Letters OCR produces for digits, and the digits each may stand for. Some shapes are ambiguous
 * (S is a 5 or an 8, Z a 2 or a 7): every reading is tried and the checksum decides.
 */
export const OCR_DIGIT_CONFUSIONS: Readonly<Record<string, string>> = {
  O: '0',
  o: '0',
  D: '0',
  Q: '0',
  l: '1',
  I: '1',
  '|': '1',
  i: '1',
  '!': '1',
  Z: '27',
  z: '27',
  S: '58',
  s: '58',
  B: '83',
  G: '69',
  b: '6',
  g: '98',
  q: '94',
};

/** Check-character spellings: the ID's 18th character may read as any of these for X. */
const X_LOOKALIKES = new Set(['X', 'x', '×', 'χ', 'Х', 'х']);

const MIN_BIRTH = 18000101;
/** Six two-way letters; a run with more unknowns is too damaged to trust. */
const MAX_CANDIDATES = 64;
/** A run must already hold this many true digits, so words are never turned into numbers. */
const MIN_TRUE_DIGITS = 12;

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isIdChar(c: string): boolean {
  return isDigit(c) || c in OCR_DIGIT_CONFUSIONS || X_LOOKALIKES.has(c);
}

/** Letters and digits that would glue a run to a longer token (then it is not an ID on its own). */
function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[0-9A-Za-z]/.test(c);
}

/** Candidate readings of one character at `pos` (0-based in the ID), or undefined if impossible. */
function readings(c: string, pos: number): string[] | undefined {
  if (isDigit(c)) return [c];
  if (pos === 17 && X_LOOKALIKES.has(c)) return ['X'];
  const d = OCR_DIGIT_CONFUSIONS[c];
  return d ? d.split('') : undefined;
}

function validId(id: string, asOf: number): boolean {
  return /^[1-9]\d{16}[\dX]$/.test(id) && gb11643Valid(id) && isRealDate(id.slice(6, 14), MIN_BIRTH, asOf) && isKnownAreaCode(id.slice(0, 6));
}

/**
 * The only valid ID that the 18 characters can be read as, or undefined when none or several are.
 * `chars` may hold digits, confusable letters and an X look-alike at the end.
 */
export function resolveOcrId(chars: string, asOf: number): string | undefined {
  if (chars.length !== 18) return undefined;
  const options: string[][] = [];
  for (let i = 0; i < 18; i++) {
    const r = readings(chars[i], i);
    if (!r) return undefined;
    options.push(r);
  }
  let candidates = [''];
  for (const opts of options) {
    const next: string[] = [];
    for (const prefix of candidates) for (const o of opts) next.push(prefix + o);
    candidates = next;
    if (candidates.length > MAX_CANDIDATES) return undefined;
  }
  const valid = candidates.filter((c) => validId(c, asOf));
  return valid.length === 1 ? valid[0] : undefined;
}

/** Positions (in `text`) of 18 ID characters, allowing one space or dash between groups. */
function idRunAt(text: string, start: number): number[] | undefined {
  const positions: number[] = [];
  let i = start;
  while (positions.length < 18 && i < text.length) {
    const c = text[i];
    if (isIdChar(c)) {
      positions.push(i);
      i++;
    } else if ((c === ' ' || c === '-') && positions.length > 0 && i + 1 < text.length && isIdChar(text[i + 1]) && text[i - 1] !== ' ' && text[i - 1] !== '-') {
      i++;
    } else {
      return undefined;
    }
  }
  return positions.length === 18 ? positions : undefined;
}

/**
 * `text` with every ID-shaped run whose confusable letters resolve to exactly one valid ID
 * rewritten in digits; everything else untouched, same length. `asOf` is the scan's reference date
 * as YYYYMMDD (as in detector contexts, e.g. 20250101) or a Date: births after it are not valid.
 * @example correctOcrText('身份号码 11O1O519491231OO2X', 20250101) // '身份号码 11010519491231002X'
 */
export function correctOcrText(text: string, asOf: number | Date): string {
  const asOfYmd = asOf instanceof Date ? ymd(asOf) : asOf;
  let out: string[] | undefined;
  for (let start = 0; start < text.length; start++) {
    const c = text[start];
    // A run starts at an ID character that does not continue a longer token.
    if (!isIdChar(c) || isWordChar(text[start - 1])) continue;
    const positions = idRunAt(text, start);
    if (!positions) continue;
    const end = positions[17];
    if (isWordChar(text[end + 1])) continue;
    const chars = positions.map((p) => text[p]).join('');
    if (!/[^0-9X]/.test(chars)) continue; // nothing to correct
    let trueDigits = 0;
    for (const ch of chars) if (isDigit(ch)) trueDigits++;
    if (trueDigits < MIN_TRUE_DIGITS) continue;
    const id = resolveOcrId(chars, asOfYmd);
    if (!id) continue;
    // UTF-16 units, not code points: positions are string indexes.
    out ??= text.split('');
    positions.forEach((p, k) => {
      out![p] = id[k];
    });
    start = end;
  }
  return out ? out.join('') : text;
}
