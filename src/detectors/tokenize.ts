/**
 * The byte-level fast path (stack.md: decoding UTF-8 caps string scanning near 100 MB/s, a byte
 * scan for digit runs reaches ~400 MB/s). We walk the raw UTF-8 window once, skip everything that
 * cannot start a number-shaped value, and only build strings for runs long enough to matter.
 *
 * A token is a run of digit groups joined by single separators (space or `-`):
 *   `110105 19491231 002X`, `+86 138-0013-8000`, `622202******1234`, `１３８００１３８０００`.
 * Boundaries follow decisions.md: an adjacent ASCII letter, digit or `_` blocks a match (hex, UUIDs,
 * longer numbers, `blk_…` ids); Chinese characters, spaces and other punctuation do not. `%XX` and `\uXXXX`/`\n`
 * escapes count as boundaries, because logs are full of URL- and JSON-encoded text.
 */

const OTHER = 0;
const DIGIT = 1;
const ALPHA = 2;
const MASK = 3;
const PLUS = 4;
const LEAD = 5; // 0xEF / 0xE2: possible full-width digit or mask character
const PCT = 6;
const BSL = 7;

const CLS = new Uint8Array(256);
for (let c = 0x30; c <= 0x39; c++) CLS[c] = DIGIT;
for (let c = 0x41; c <= 0x5a; c++) CLS[c] = ALPHA;
for (let c = 0x61; c <= 0x7a; c++) CLS[c] = ALPHA;
CLS[0x5f] = ALPHA; // `_` joins identifiers (`blk_6225…`, `user_13800…`) like a letter, as regex \w does
CLS[0x2a] = MASK; // *
CLS[0x23] = MASK; // #
CLS[0x2b] = PLUS;
CLS[0xef] = LEAD;
CLS[0xe2] = LEAD;
CLS[0x25] = PCT;
CLS[0x5c] = BSL;

const HEX = new Uint8Array(256);
for (const ch of '0123456789abcdefABCDEF') HEX[ch.charCodeAt(0)] = 1;

/** Number-shaped runs shorter than this (digits and mask characters) are never personal data we detect. */
export const MIN_SIGNIFICANT = 10;
/** Longest span any numeric detector accepts (a 19-digit card, or `0086` + 11 digits, plus slack). */
export const MAX_SPAN = 22;

/** Width in bytes of a token character at `j` (digit, mask or X), 0 when `j` is not one. */
function charWidth(b: Buffer, j: number, n: number, allowX: boolean): number {
  const x = b[j];
  const c = CLS[x];
  if (c === DIGIT || c === MASK) return 1;
  if (allowX && (x === 0x78 || x === 0x58)) return 1;
  if (c === LEAD && j + 2 < n) {
    const y = b[j + 1];
    const z = b[j + 2];
    if (x === 0xef) {
      if (y === 0xbc && ((z >= 0x90 && z <= 0x99) || z === 0x8a || (allowX && z === 0xb8))) return 3; // ０-９ ＊ Ｘ
      if (allowX && y === 0xbd && z === 0x98) return 3; // ｘ
    } else if ((y === 0x80 && z === 0xa2) || (y === 0x97 && z === 0x8f)) {
      return 3; // • ●
    }
  }
  return 0;
}

/** Normalised character of a token character of width `w` at `j`. */
function normChar(b: Buffer, j: number, w: number): string {
  const x = b[j];
  if (w === 1) {
    if (x === 0x2a || x === 0x23) return '*';
    if (x === 0x78 || x === 0x58) return 'X';
    return String.fromCharCode(x);
  }
  if (x === 0xef) {
    const z = b[j + 2];
    if (b[j + 1] === 0xbd) return 'X';
    if (z === 0x8a) return '*';
    if (z === 0xb8) return 'X';
    return String.fromCharCode(0x30 + z - 0x90);
  }
  return '*';
}

/** One digit group of a token. */
export interface TokenGroup {
  /** Byte offsets in the window. */
  byteStart: number;
  byteEnd: number;
  /** Normalised characters of the group. */
  chars: string;
  /** Separator after this group (' ' or '-'), '' for the last. */
  sep: string;
}

/** A number-shaped run found in a window, see the file comment. */
export interface Token {
  /** Byte offset where the token starts (the `+` if there is one). */
  start: number;
  end: number;
  plus: boolean;
  groups: TokenGroup[];
}

function skipAlnum(b: Buffer, i: number, n: number): number {
  while (i < n) {
    const c = CLS[b[i]];
    if (c !== ALPHA && c !== DIGIT) break;
    i++;
  }
  return i;
}

/**
 * Calls `onToken` for every token in `b` with at least MIN_SIGNIFICANT digits or mask characters.
 * The callback receives the token object, which is reused only in the sense that a new one is
 * built per token; it may keep it.
 */
export function scanTokens(b: Buffer, onToken: (t: Token) => void): void {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = CLS[b[i]];
    if (c === OTHER) {
      i++;
      continue;
    }
    if (c === ALPHA) {
      i = skipAlnum(b, i + 1, n);
      continue;
    }
    if (c === PCT) {
      i += i + 2 < n && HEX[b[i + 1]] && HEX[b[i + 2]] ? 3 : 1;
      continue;
    }
    if (c === BSL) {
      const e = b[i + 1];
      if (e === 0x75 /* u */ && i + 5 < n && HEX[b[i + 2]] && HEX[b[i + 3]] && HEX[b[i + 4]] && HEX[b[i + 5]]) i += 6;
      else if (e === 0x6e || e === 0x74 || e === 0x72 || e === 0x62 || e === 0x66) i += 2; // \n \t \r \b \f
      else i++;
      continue;
    }
    // A decimal fraction or dotted version (`3.14159…`, `10.2.13800138000`) is not a value, nor the
    // tail of a dash-joined identifier (`…-a716-13800138000`, the last group of a UUID).
    const afterDot = i >= 2 && ((b[i - 1] === 0x2e && CLS[b[i - 2]] === DIGIT) || (b[i - 1] === 0x2d && (CLS[b[i - 2]] === ALPHA || CLS[b[i - 2]] === DIGIT)));
    let j = i;
    const plus = c === PLUS;
    if (plus) {
      j++;
      if (j >= n || CLS[b[j]] !== DIGIT) {
        i = j;
        continue;
      }
    } else if (c === LEAD && charWidth(b, j, n, false) === 0) {
      i++;
      continue;
    }
    // Phase 1: find the extent and count significant characters without building strings.
    let significant = 0;
    const bounds: number[] = []; // byteStart, byteEnd pairs
    for (;;) {
      const gs = j;
      let w: number;
      while (j < n && (w = charWidth(b, j, n, j > gs)) > 0) {
        j += w;
        significant++;
      }
      if (j === gs) break;
      bounds.push(gs, j);
      const s = b[j];
      if ((s === 0x20 || s === 0x2d) && j + 1 < n && charWidth(b, j + 1, n, false) > 0) {
        j++;
        continue;
      }
      break;
    }
    let end = j;
    // Right boundary: a letter or digit glued to the last group blocks that group.
    if (end < n && (CLS[b[end]] === ALPHA || CLS[b[end]] === DIGIT)) {
      bounds.length -= 2;
      end = bounds.length ? bounds[bounds.length - 1] : i;
      if (bounds.length && !afterDot) emit(b, i, end, plus, bounds, onToken);
      i = skipAlnum(b, j, n);
      continue;
    }
    // A fraction or version string continues after a dot: `…1234.5678` is not a value either.
    const beforeDotDigit = end + 1 < n && ((b[end] === 0x2e && CLS[b[end + 1]] === DIGIT) || (b[end] === 0x2d && CLS[b[end + 1]] === ALPHA));
    if (!afterDot && !beforeDotDigit && significant >= MIN_SIGNIFICANT) emit(b, i, end, plus, bounds, onToken);
    i = end > i ? end : i + 1;
  }
}

function emit(b: Buffer, start: number, end: number, plus: boolean, bounds: number[], onToken: (t: Token) => void): void {
  let significant = 0;
  const groups: TokenGroup[] = [];
  for (let k = 0; k < bounds.length; k += 2) {
    const gs = bounds[k];
    const ge = bounds[k + 1];
    let chars = '';
    for (let j = gs; j < ge; ) {
      const w = charWidth(b, j, ge, j > gs);
      chars += normChar(b, j, w);
      j += w;
    }
    significant += chars.length;
    groups.push({ byteStart: gs, byteEnd: ge, chars, sep: k + 2 < bounds.length ? String.fromCharCode(b[ge]) : '' });
  }
  if (significant < MIN_SIGNIFICANT) return;
  onToken({ start, end, plus, groups });
}

/** A candidate span: a contiguous range of a token's groups that starts and ends at a space or the token's ends. */
export interface TokenSpan {
  first: number;
  last: number;
  text: string;
  compact: string;
  byteStart: number;
  byteEnd: number;
}

/**
 * The spans of a token worth trying, longest first. Groups joined by `-` belong together
 * (`138-0013-8000`), while a space may also separate two values (`2024 13800138000`), so spans
 * may start or end only at spaces and at the token's ends.
 */
export function tokenSpans(t: Token, minLen: number, maxLen: number): TokenSpan[] {
  const g = t.groups;
  const out: TokenSpan[] = [];
  for (let a = 0; a < g.length; a++) {
    if (a > 0 && g[a - 1].sep !== ' ') continue;
    let len = 0;
    for (let z = a; z < g.length; z++) {
      len += g[z].chars.length;
      if (len > maxLen) break;
      if (z < g.length - 1 && g[z].sep !== ' ') continue;
      if (len < minLen) continue;
      let text = a === 0 && t.plus ? '+' : '';
      let compact = text;
      for (let k = a; k <= z; k++) {
        text += g[k].chars + (k < z ? g[k].sep : '');
        compact += g[k].chars;
      }
      out.push({ first: a, last: z, text, compact, byteStart: a === 0 ? t.start : g[a].byteStart, byteEnd: g[z].byteEnd });
    }
  }
  out.sort((x, y) => y.compact.length - x.compact.length || x.first - y.first);
  return out;
}
