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

/** Number-shaped runs shorter than this (digits and mask characters) are never values we detect: the
 * shortest is a mobile (11). It also drops every `2015-10-18 18:…` log timestamp (10) before any string is built. */
export const MIN_SIGNIFICANT = 11;

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

/** Bytes that may occur inside a token: digits, masks, x/X, separators, `+`, and the bytes of ０-９ ＊ Ｘ ｘ • ●. */
const IN_TOKEN = new Uint8Array(256);
/** Bytes that may begin a token character (either side of a separator inside a token). */
const TOKEN_CHAR = new Uint8Array(256);
for (const ch of '0123456789*#xX') TOKEN_CHAR[ch.charCodeAt(0)] = IN_TOKEN[ch.charCodeAt(0)] = 1;
TOKEN_CHAR[0xef] = TOKEN_CHAR[0xe2] = 1;
for (const x of [0x20, 0x2d, 0x2b, 0xef, 0xe2, 0xbc, 0xbd, 0x8a, 0xb8, 0x98, 0x80, 0xa2, 0x97, 0x8f]) IN_TOKEN[x] = 1;
for (let x = 0x90; x <= 0x99; x++) IN_TOKEN[x] = 1;

/**
 * May the scan jump from i to k = i + 10? Every value we detect has at least 11 digits or mask
 * characters, so a token that starts in [i, k] covers k: when b[k] cannot be inside a token, none
 * starts there (ripgrep-style skipping; most bytes of text and logs are letters). Landing inside a
 * `%XX` or `\uXXXX` escape could glue the escape's hex to the digits after it, so not near one.
 */
function canJump(b: Buffer, k: number): boolean {
  const x = b[k];
  if (IN_TOKEN[x]) {
    // A separator is inside a token only between two token characters.
    if ((x !== 0x20 && x !== 0x2d) || (TOKEN_CHAR[b[k - 1]] && TOKEN_CHAR[b[k + 1]])) return false;
  }
  for (let j = k - 5; j <= k; j++) if (b[j] === 0x25 || b[j] === 0x5c) return false;
  return true;
}

/**
 * Index of the next byte that may start a token, skipping everything else: other bytes, words
 * (a letter glues any digits after it), `%XX` and `\uXXXX`/`\n` escapes. Kept small on purpose:
 * V8 optimises a small hot function at once, while a big loop waits for on-stack replacement and
 * on a busy 2-core machine ran a whole 100 MB file at baseline speed (4x slower).
 */
function nextStart(b: Buffer, i: number, n: number): number {
  while (i < n) {
    if (i + 11 < n && canJump(b, i + 10)) {
      i += 10;
      continue;
    }
    const c = CLS[b[i]];
    if (c === OTHER) {
      i++;
    } else if (c === ALPHA) {
      i = skipAlnum(b, i + 1, n);
    } else if (c === PCT) {
      i += i + 2 < n && HEX[b[i + 1]] && HEX[b[i + 2]] ? 3 : 1;
    } else if (c === BSL) {
      const e = b[i + 1];
      if (e === 0x75 /* u */ && i + 5 < n && HEX[b[i + 2]] && HEX[b[i + 3]] && HEX[b[i + 4]] && HEX[b[i + 5]]) i += 6;
      else if (e === 0x6e || e === 0x74 || e === 0x72 || e === 0x62 || e === 0x66) i += 2; // \n \t \r \b \f
      else i++;
    } else if (c === LEAD && charWidth(b, i, n, false) === 0) {
      i++;
    } else return i;
  }
  return n;
}

/**
 * Calls `onToken` for every token in `b` that has a span some detector could accept
 * (`lengthOk[n]` for its count of digits and mask characters).
 */
export function scanTokens(b: Buffer, lengthOk: Uint8Array, onToken: (t: Token) => void): void {
  const n = b.length;
  for (let i = nextStart(b, 0, n); i < n; i = nextStart(b, i, n)) i = parseToken(b, i, n, lengthOk, onToken);
}

/** Reads the token that starts at `i` (see nextStart), emits it when viable; returns where to go on. */
function parseToken(b: Buffer, i: number, n: number, lengthOk: Uint8Array, onToken: (t: Token) => void): number {
  const c = CLS[b[i]];
  // A decimal fraction or dotted version (`3.14159…`, `10.2.13800138000`) is not a value, nor the
  // tail of a dash-joined identifier (`…-a716-13800138000`, the last group of a UUID).
  const glued = i >= 2 && ((b[i - 1] === 0x2e && CLS[b[i - 2]] === DIGIT) || (b[i - 1] === 0x2d && (CLS[b[i - 2]] === ALPHA || CLS[b[i - 2]] === DIGIT)));
  let j = i;
  // `+86…`, or `%2B86…` in a URL-encoded query string.
  const plus = c === PLUS || (i >= 3 && b[i - 3] === 0x25 && b[i - 2] === 0x32 && (b[i - 1] | 0x20) === 0x62);
  if (c === PLUS) {
    j++;
    if (j >= n || CLS[b[j]] !== DIGIT) return j;
  }
  // Phase 1: find the extent and count significant characters without building strings. The
  // bounds array is reused across tokens: logs are full of short digit runs (timestamps) and
  // allocating per run showed up as garbage-collector time.
  let significant = 0;
  let counted = 0;
  nb = 0;
  for (;;) {
    const gs = j;
    while (j < n) {
      const x = b[j];
      if (x >= 0x30 && x <= 0x39) {
        j++;
      } else {
        const w = charWidth(b, j, n, j > gs);
        if (w === 0) break;
        j += w;
      }
      significant++;
    }
    if (j === gs) break;
    if (nb + 2 > bounds.length) {
      bounds = grow(bounds);
      glen = grow(glen);
    }
    glen[nb] = significant - counted;
    counted = significant;
    bounds[nb++] = gs;
    bounds[nb++] = j;
    const s = b[j];
    if ((s === 0x20 || s === 0x2d) && j + 1 < n && charWidth(b, j + 1, n, false) > 0) {
      j++;
      continue;
    }
    break;
  }
  let resume = j > i ? j : i + 1;
  // Boundaries (decisions.md): a letter or digit glued to the first or last group, a decimal point
  // between digits, or a dash joining a word, blocks that group. A group joined to the rest by a
  // space is simply left out (`12.50 13912345678`); one joined by a dash takes the token with it. piaudit-ignore cn-mobile -- invented example
  let first = 0;
  let last = nb;
  if (glued) first = nb > 2 && b[bounds[1]] === 0x20 ? 2 : nb;
  if (j < n && (CLS[b[j]] === ALPHA || CLS[b[j]] === DIGIT)) {
    last = nb > 2 && b[bounds[nb - 3]] === 0x20 ? nb - 2 : 0;
    resume = skipAlnum(b, j, n);
  } else if (j + 1 < n && ((b[j] === 0x2e && CLS[b[j + 1]] === DIGIT) || (b[j] === 0x2d && CLS[b[j + 1]] === ALPHA))) {
    last = nb > 2 && b[bounds[nb - 3]] === 0x20 ? nb - 2 : 0;
  }
  if (last - first >= 2) {
    let kept = 0;
    for (let k = first; k < last; k += 2) kept += glen[k];
    if (kept >= MIN_SIGNIFICANT && viable(b, first, last, lengthOk)) emit(b, first > 0 ? bounds[first] : plus && c !== PLUS ? i - 3 : i, plus && first === 0, first, last, onToken);
  }
  return resume;
}

/** Reused by scanTokens: byteStart, byteEnd pairs of the current token's groups, `nb` of them used. */
let bounds: Int32Array = new Int32Array(256);
/** Characters per group, at the group's even index in `bounds`. */
let glen: Int32Array = new Int32Array(256);
let nb = 0;

function grow(old: Int32Array): Int32Array {
  const next = new Int32Array(old.length * 2);
  next.set(old);
  return next;
}

/**
 * Could any span of the current token (see tokenSpans) have a length some detector accepts? Uses
 * only the group lengths, so rejected runs cost no allocation.
 */
function viable(b: Buffer, from: number, to: number, lengthOk: Uint8Array): boolean {
  for (let a = from; a < to; a += 2) {
    if (a > from && b[bounds[a - 1]] !== 0x20) continue;
    let len = 0;
    for (let z = a; z < to; z += 2) {
      len += glen[z];
      if (len >= lengthOk.length) break;
      if (z + 2 < to && b[bounds[z + 1]] !== 0x20) continue;
      if (lengthOk[len]) return true;
    }
  }
  return false;
}

function emit(b: Buffer, start: number, plus: boolean, from: number, to: number, onToken: (t: Token) => void): void {
  let significant = 0;
  const groups: TokenGroup[] = [];
  for (let k = from; k < to; k += 2) {
    const gs = bounds[k];
    const ge = bounds[k + 1];
    let chars = '';
    let plain = true;
    for (let j = gs; j < ge; j++) if (b[j] < 0x30 || b[j] > 0x39) plain = false;
    if (plain) chars = b.toString('latin1', gs, ge);
    else {
      for (let j = gs; j < ge; ) {
        const w = charWidth(b, j, ge, j > gs);
        chars += normChar(b, j, w);
        j += w;
      }
    }
    significant += chars.length;
    groups.push({ byteStart: gs, byteEnd: ge, chars, sep: k + 2 < to ? String.fromCharCode(b[ge]) : '' });
  }
  if (significant < MIN_SIGNIFICANT) return;
  onToken({ start, end: bounds[to - 1], plus, groups });
}

/** A candidate span: a contiguous range of a token's groups that starts and ends at a space or the token's ends. */
export interface TokenSpan {
  first: number;
  last: number;
  text: string;
  compact: string;
  /** Digits and mask characters (the `+` and separators not counted). */
  significant: number;
  byteStart: number;
  byteEnd: number;
}

/**
 * The spans of a token worth trying, longest first. Groups joined by `-` belong together
 * (`138-0013-8000`), while a space may also separate two values (`2024 13800138000`), so spans
 * may start or end only at spaces and at the token's ends. Only lengths in `lengthOk` are built.
 */
export function tokenSpans(t: Token, lengthOk: Uint8Array): TokenSpan[] {
  const g = t.groups;
  const out: TokenSpan[] = [];
  for (let a = 0; a < g.length; a++) {
    if (a > 0 && g[a - 1].sep !== ' ') continue;
    let len = 0;
    for (let z = a; z < g.length; z++) {
      len += g[z].chars.length;
      if (len >= lengthOk.length) break;
      if (z < g.length - 1 && g[z].sep !== ' ') continue;
      if (!lengthOk[len]) continue;
      let text = a === 0 && t.plus ? '+' : '';
      let compact = text;
      for (let k = a; k <= z; k++) {
        text += g[k].chars + (k < z ? g[k].sep : '');
        compact += g[k].chars;
      }
      out.push({ first: a, last: z, text, compact, significant: len, byteStart: a === 0 ? t.start : g[a].byteStart, byteEnd: g[z].byteEnd });
    }
  }
  if (out.length > 1) out.sort((x, y) => y.significant - x.significant || x.first - y.first);
  return out;
}
