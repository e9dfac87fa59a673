/**
 * Is this OCR'd page a copy of a resident ID card, which side, does it carry a purpose annotation,
 * and what validity period does it show? A pure function of the page text (reference 6.1, 6.3).
 *
 * OCR text is noisy: spaces between characters, a character dropped or misread, a label split over
 * two words. Whitespace is removed before matching, and labels of three or more characters match
 * with one character missing, extra or wrong.
 *
 * What it returns is safe to store: side, score, the holder-written purpose and date of the
 * annotation, and the card's validity dates. Never the ID number, the name, the address or the
 * birth date: a date is taken as the annotation's only from annotation lines, never from a line
 * labelled 出生 or 有效期限, and never when it equals a birth date in an ID on the page.
 */
import { isRealDate } from '../../util/checksums/dates.js';
import { gb11643Valid } from '../../util/checksums/gb11643.js';
import { surnameLength } from '../../detectors/data/surnames.js';

export type IdCardSide = 'front' | 'back' | 'both';

export interface IdCopyClass {
  side: IdCardSide | undefined;
  /** Evidence for the side found, 0–1 (1: every label and a valid number). */
  score: number;
  /** Present when a purpose annotation was read. */
  annotation?: { purpose?: string; date?: string };
  /** Validity period on the back: dates as YYYY.MM.DD, `to` may be 长期 (no expiry). */
  validity?: { from?: string; to?: string };
}

interface Label {
  text: string;
  weight: number;
}

// The photo side ("front" in common usage). The number label is the strongest sign.
const FRONT: readonly Label[] = [
  { text: '公民身份号码', weight: 2 },
  { text: '姓名', weight: 1 },
  { text: '性别', weight: 1 },
  { text: '民族', weight: 1 },
  { text: '出生', weight: 1 },
  { text: '住址', weight: 1 },
];
const VALID_ID_WEIGHT = 2;
const FRONT_MAX = 9;

// The emblem side. 居民身份证 and 中华人民共和国 alone also head notices and forms.
const BACK: readonly Label[] = [
  { text: '中华人民共和国', weight: 1 },
  { text: '居民身份证', weight: 1.5 },
  { text: '签发机关', weight: 2 },
  { text: '有效期限', weight: 2 },
];
const VALIDITY_WEIGHT = 1;
const BACK_MAX = 7.5;

/** Points needed for a side: e.g. the number label and a valid ID, or three labels. */
const SIDE_THRESHOLD = 3;

/** Annotation phrases (reference 6.3); matched with one character of OCR error allowed. */
const INVALID_FOR_OTHER_USE = ['他用无效', '复印无效', '再复印无效', '它用无效'];
/**
 * 仅供…使用 / 仅限…用 / 只用于… / 供…使用: the stated purpose follows the opening words. 仪 is how
 * OCR often reads 仅. Without 仅/只 the phrase must also close with 使用/专用/之用.
 */
const PURPOSE_OPEN = /([仅只仪]?)(供|限于|限|用于)/g;
/** Where the purpose ends: its closing word, punctuation, or the "invalid for other use" part. */
const PURPOSE_END = /使用|专用|之用|用途|[，,。；;！!]|他用|它用|其他|再复印|复印/;
const MAX_PURPOSE = 20;

const DATE_CN = /((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?/;
const DATE_DOTTED = /((?:19|20)\d{2})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})/;
/** 2015.03.01-2035.03.01 or 2006.05.01-长期 (长期 often read as 长其 or 长朝: 长 is enough). */
const VALIDITY = /((?:19|20)\d{2})\s*[.\-/·]?\s*(\d{2})\s*[.\-/·]?\s*(\d{2})\s*[-—–~至一]+\s*(?:((?:19|20)\d{2})\s*[.\-/·]?\s*(\d{2})\s*[.\-/·]?\s*(\d{2})|(长))/;

function squeeze(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '');
}

/** True when `text` holds `word` with at most one character missing, extra or different. */
export function fuzzyIncludes(text: string, word: string): boolean {
  if (text.includes(word)) return true;
  if (word.length < 3) return false;
  const n = word.length;
  for (let i = 0; i + n - 1 <= text.length; i++) {
    // Substitution: n characters with one different.
    if (i + n <= text.length && mismatches(text, i, word) <= 1) return true;
    // One character dropped by OCR: n-1 characters equal to word without one character.
    for (let skip = 0; skip < n; skip++) if (equalsSkipping(text, i, word, skip)) return true;
    // One character inserted: n+1 characters that, without one, equal the word.
    if (i + n + 1 <= text.length) for (let extra = 1; extra < n; extra++) if (text.slice(i, i + extra) + text.slice(i + extra + 1, i + n + 1) === word) return true;
  }
  return false;
}

function mismatches(text: string, at: number, word: string): number {
  let m = 0;
  for (let k = 0; k < word.length && m <= 1; k++) if (text[at + k] !== word[k]) m++;
  return m;
}

function equalsSkipping(text: string, at: number, word: string, skip: number): boolean {
  if (at + word.length - 1 > text.length) return false;
  for (let k = 0, t = at; k < word.length; k++) {
    if (k === skip) continue;
    if (text[t++] !== word[k]) return false;
  }
  return true;
}

/** Birth dates (YYYYMMDD) of the valid 18-character IDs on the page. */
function idBirthDates(flat: string): Set<string> {
  const births = new Set<string>();
  for (const m of flat.toUpperCase().matchAll(/(?<![0-9])[1-9]\d{16}[\dX](?![0-9])/g)) {
    const id = m[0];
    if (gb11643Valid(id) && isRealDate(id.slice(6, 14), 18000101, 99991231)) births.add(id.slice(6, 14));
  }
  return births;
}

function pad2(s: string): string {
  return s.padStart(2, '0');
}

function realDate(y: string, m: string, d: string): string | undefined {
  const ymd = `${y}${pad2(m)}${pad2(d)}`;
  return isRealDate(ymd, 19000101, 21001231) ? `${y}.${pad2(m)}.${pad2(d)}` : undefined;
}

function findValidity(lines: readonly string[]): IdCopyClass['validity'] {
  for (const line of lines) {
    const m = VALIDITY.exec(line);
    if (!m) continue;
    const from = realDate(m[1], m[2], m[3]);
    if (!from) continue;
    if (m[7]) return { from, to: '长期' };
    const to = realDate(m[4], m[5], m[6]);
    if (to && to > from) return { from, to };
  }
  return undefined;
}

/** Words of a street address: a "purpose" holding one is an address line OCR ran into. */
const ADDRESS_WORDS = /[省市区县镇乡村路街巷号栋幢室]|单元/;

/**
 * The annotation's purpose, or undefined when it could be a value: numbers are cut out, and a
 * purpose that reads like an address or is as short as a name (surname + 1–2 characters) is
 * dropped; the annotation itself still counts.
 */
function cleanPurpose(raw: string): string | undefined {
  const p = raw.replace(/[0-9A-Za-z]{4,}/g, '').replace(/^[，,。.：:、\s"“”']+|[，,。.：:、\s"“”']+$/g, '');
  if (!/[\u4e00-\u9fff]{2,}/.test(p) || ADDRESS_WORDS.test(p)) return undefined;
  if (p.length <= 3 && surnameLength(p) > 0) return undefined;
  return p.slice(0, MAX_PURPOSE);
}

/** The stated purpose in one line, or undefined when the line holds no purpose phrase. */
function purposeIn(line: string): { purpose?: string } | undefined {
  for (const m of line.matchAll(PURPOSE_OPEN)) {
    const rest = line.slice(m.index! + m[0].length, m.index! + m[0].length + MAX_PURPOSE + 4);
    const end = PURPOSE_END.exec(rest);
    const closed = end !== null && /^(使用|专用|之用|用途)$/.test(end[0]);
    if (!m[1] && !closed) continue;
    let raw = end ? rest.slice(0, end.index) : rest.slice(0, MAX_PURPOSE);
    // 仅限…用, and a closing 使用 of which OCR kept only 使.
    if (!closed) raw = raw.replace(/[使便]?用?$/, '');
    return { purpose: cleanPurpose(raw) };
  }
  return undefined;
}

/** True for a line of OCR text that holds a purpose-annotation phrase (仅供…使用, 他用无效, …). */
export function isAnnotationLine(line: string): boolean {
  const s = squeeze(line);
  return purposeIn(s) !== undefined || INVALID_FOR_OTHER_USE.some((w) => fuzzyIncludes(s, w));
}

function findAnnotation(lines: readonly string[], births: ReadonlySet<string>): IdCopyClass['annotation'] {
  let purpose: string | undefined;
  const annotationLines: number[] = [];
  lines.forEach((line, i) => {
    const found = purposeIn(line);
    if (found) {
      purpose ??= found.purpose;
      annotationLines.push(i);
    } else if (INVALID_FOR_OTHER_USE.some((w) => fuzzyIncludes(line, w))) {
      annotationLines.push(i);
    }
  });
  if (annotationLines.length === 0) return undefined;
  // The date is written under (or after) the annotation: look in its lines and the two after.
  let date: string | undefined;
  const candidates = new Set<number>();
  for (const i of annotationLines) for (let k = i; k <= i + 2 && k < lines.length; k++) candidates.add(k);
  for (const i of [...candidates].sort((a, b) => a - b)) {
    const line = lines[i];
    if (/出生|有效期|期限/.test(line) || VALIDITY.test(line)) continue;
    const m = DATE_CN.exec(line) ?? DATE_DOTTED.exec(line);
    if (!m) continue;
    const d = realDate(m[1], m[2], m[3]);
    if (d && !births.has(d.replace(/\./g, ''))) {
      date = d;
      break;
    }
  }
  return { ...(purpose ? { purpose } : {}), ...(date ? { date } : {}) };
}

/**
 * Classifies the text of one image or page.
 * @example classifyIdCopy('签发机关 某某县公安局\n有效期限 2015.03.01-2035.03.01').side // 'back'
 */
export function classifyIdCopy(text: string): IdCopyClass {
  const lines = text.split('\n').map(squeeze).filter(Boolean);
  const flat = lines.join('');
  const births = idBirthDates(flat);

  let front = 0;
  for (const l of FRONT) if (fuzzyIncludes(flat, l.text)) front += l.weight;
  // 身份号码 split or half-read still marks the number line.
  if (!fuzzyIncludes(flat, '公民身份号码') && /身份号码|公民身份/.test(flat)) front += 1.5;
  if (births.size > 0) front += VALID_ID_WEIGHT;

  const validity = findValidity(lines);
  let back = 0;
  for (const l of BACK) if (fuzzyIncludes(flat, l.text)) back += l.weight;
  if (validity) back += VALIDITY_WEIGHT;

  const isFront = front >= SIDE_THRESHOLD;
  const isBack = back >= SIDE_THRESHOLD;
  const side: IdCardSide | undefined = isFront && isBack ? 'both' : isFront ? 'front' : isBack ? 'back' : undefined;
  const score = Math.round(Math.min(1, Math.max(front / FRONT_MAX, back / BACK_MAX)) * 100) / 100;
  const annotation = findAnnotation(lines, births);
  return {
    side,
    score,
    ...(annotation ? { annotation } : {}),
    ...(validity && isBack ? { validity } : {}),
  };
}
