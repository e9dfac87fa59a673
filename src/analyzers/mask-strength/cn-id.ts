/**
 * Masking strength of a masked resident identity number (GB 11643-1999, reference §1): the exact
 * number of real 18-character values that agree with what the mask shows. Policy (issue 02,
 * decisions.md "Candidate counting"): fewer than 10,000 candidates is a weak mask, because an attacker
 * can enumerate them (and one more fact, e.g. the holder's age or town, usually narrows them to one).
 *
 * Why not brute force: `110***********002X` hides 11 characters, i.e. 10^11 fillings. Instead we use
 * the shape of the MOD 11-2 checksum. The weighted sum S = Σ a_k·W_k (mod 11) is a sum of three
 * independent parts, one per segment:
 *
 *   S ≡ S_area(1–6) + S_date(7–14) + S_seq(15–17)   (mod 11)
 *
 * and each segment's admissible values do not depend on the other segments. So for each segment we
 * build a histogram h[r] = "how many admissible segment values have partial sum ≡ r (mod 11)". The
 * number of 17-character bodies with total residue t is the cyclic convolution (h_area * h_date *
 * h_seq)[t], and the check character is a function of t alone ("10X98765432"[t]). A visible check
 * character therefore selects exactly one residue t; a hidden one accepts all eleven, and the count is
 * simply the product of the three segment totals.
 *
 * Cost: each histogram is cached by the segment's shown pattern ('110105', '110***', '1949****', …),
 * so a repeated pattern costs three Map look-ups and at most 121 multiplications.
 */
import { GB11643_CHECK_CHARS, GB11643_WEIGHTS } from '../../util/checksums/gb11643.js';
import { daysInMonth, isLeapYear, isRealDate, ymd } from '../../util/checksums/dates.js';

export interface IdCountOptions {
  /** The "today" of the scan; births from asOf − 120 years to asOf (UTC calendar dates, inclusive). */
  asOf: Date;
  /**
   * Membership test for a fully visible area code. Must describe the same set as `areaCodes` (it is
   * only a faster path: a visible code needs no scan of the list).
   */
  isKnownArea: (code6: string) => boolean;
  /**
   * The historical GB/T 2260 codes (incl. 810000/820000/830000), used when area digits are hidden.
   * Treat it as immutable and pass the same array on every call: prepared data is cached per array.
   */
  areaCodes: readonly string[];
}

/** A residue histogram (index = partial weighted sum mod 11) and its total. */
interface Hist {
  h: Float64Array;
  total: number;
}

const M = 11;
/** Caches are cleared wholesale when they grow past this: simple, and the hot patterns refill fast. */
const MAX_CACHE = 10_000;
const SHOWN_RE = /^[0-9*]{17}[0-9*X]$/;
const STAR = 42; // '*'
const ZERO = 48; // '0'

const AREA_W = GB11643_WEIGHTS.slice(0, 6);
const DATE_W = GB11643_WEIGHTS.slice(6, 14);
const SEQ_W = GB11643_WEIGHTS.slice(14, 17);

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(key, value);
  return value;
}

function finish(h: Float64Array): Hist {
  let total = 0;
  for (let r = 0; r < M; r++) total += h[r];
  return { h, total };
}

/**
 * Histogram of a run of independent digit positions (each either visible or free 0–9), by dynamic
 * programming over residues: adding a free digit with weight w spreads every residue r over
 * r + 0·w, r + 1·w, …, r + 9·w (mod 11).
 */
function digitRunHist(pattern: string, from: number, weights: readonly number[], start: Float64Array): Float64Array {
  let cur = start;
  for (let i = from; i < pattern.length; i++) {
    const w = weights[i];
    const c = pattern.charCodeAt(i);
    const next = new Float64Array(M);
    if (c === STAR) {
      for (let r = 0; r < M; r++) {
        const n = cur[r];
        if (n === 0) continue;
        for (let d = 0; d < 10; d++) next[(r + d * w) % M] += n;
      }
    } else {
      const add = ((c - ZERO) * w) % M;
      for (let r = 0; r < M; r++) next[(r + add) % M] = cur[r];
    }
    cur = next;
  }
  return cur;
}

// ---------------------------------------------------------------------------------------------
// Area segment (positions 1–6)

interface PreparedAreas {
  /** Distinct 6-digit codes not starting with 9, as char codes (6 per entry). */
  chars: Uint8Array;
  /** Partial weighted sum mod 11 of each code. */
  residue: Uint8Array;
  count: number;
  hists: Map<string, Hist>;
}

const preparedAreas = new WeakMap<readonly string[], PreparedAreas>();

function prepareAreas(list: readonly string[]): PreparedAreas {
  let p = preparedAreas.get(list);
  if (p) return p;
  const chars = new Uint8Array(list.length * 6);
  const residue = new Uint8Array(list.length);
  const seen = new Set<string>();
  let count = 0;
  for (const code of list) {
    if (seen.has(code)) continue;
    seen.add(code);
    if (!/^\d{6}$/.test(code)) throw new RangeError(`countIdCandidates: bad area code ${JSON.stringify(code)}`);
    // Codes beginning with 9 are left out: the foreign-resident branch below already counts every
    // 9xxxxx value, and counting such a code twice would inflate the total.
    if (code.charCodeAt(0) === 57) continue;
    let s = 0;
    for (let k = 0; k < 6; k++) {
      const c = code.charCodeAt(k);
      chars[count * 6 + k] = c;
      s += (c - ZERO) * AREA_W[k];
    }
    residue[count++] = s % M;
  }
  p = { chars, residue, count, hists: new Map() };
  preparedAreas.set(list, p);
  return p;
}

function areaHist(pattern: string, opts: IdCountOptions): Hist {
  if (pattern.indexOf('*') < 0) {
    // Fully visible: one value, admissible when it is a known code or a foreigner's 9xxxxx number.
    const h = new Float64Array(M);
    if (pattern.charCodeAt(0) === 57 /* '9' */ || opts.isKnownArea(pattern)) {
      let s = 0;
      for (let k = 0; k < 6; k++) s += (pattern.charCodeAt(k) - ZERO) * AREA_W[k];
      h[s % M] = 1;
    }
    return finish(h);
  }
  const prep = prepareAreas(opts.areaCodes);
  const hit = prep.hists.get(pattern);
  if (hit) return hit;

  const h = new Float64Array(M);
  const { chars, residue, count } = prep;
  outer: for (let i = 0; i < count; i++) {
    for (let k = 0; k < 6; k++) {
      const c = pattern.charCodeAt(k);
      if (c !== STAR && c !== chars[i * 6 + k]) continue outer;
    }
    h[residue[i]]++;
  }
  // Foreigners' permanent residence numbers (reference §1.7): 9 + five digits (province and
  // nationality codes we do not validate), so the five digits are free where hidden.
  const first = pattern.charCodeAt(0);
  if (first === STAR || first === 57) {
    const start = new Float64Array(M);
    start[(9 * AREA_W[0]) % M] = 1;
    const foreign = digitRunHist(pattern, 1, AREA_W, start);
    for (let r = 0; r < M; r++) h[r] += foreign[r];
  }
  return remember(prep.hists, pattern, finish(h));
}

// ---------------------------------------------------------------------------------------------
// Date segment (positions 7–14)

interface DateTable {
  min: number;
  max: number;
  hists: Map<string, Hist>;
  /** Every date with its digits, built only for a pattern that shows some date digits. */
  dates?: DateList;
}

interface DateList {
  /** Index of the first date of the j-th year of the range; one extra entry closes the last year. */
  yearStart: Int32Array;
  /** Char codes of the dates, 8 per date, ascending. */
  chars: Uint8Array;
  residue: Uint8Array;
}

const dateTables = new Map<number, DateTable>();

/**
 * All valid birth dates for one asOf: [asOf − 120 years, asOf] compared as YYYYMMDD numbers. For an
 * asOf of 29 February the lower bound "Feb 29, 120 years earlier" may not exist (1900 is not a leap
 * year); the numeric comparison then starts at 1 March, which is also what Date arithmetic gives.
 *
 * The fully hidden date (`********`, what most masks hide) needs only the residue histogram of all
 * those dates, computed year by year: a whole year's month-and-day residues are the same histogram
 * shifted by the year's digits. Listing the 44,000 dates is left to patterns that show a digit.
 */
function dateTable(asOf: Date): DateTable {
  const max = ymd(asOf);
  let t = dateTables.get(max);
  if (t) return t;
  const min = max - 1_200_000;
  const all = new Float64Array(M);
  for (let y = Math.floor(min / 10000); y <= Math.floor(max / 10000); y++) {
    const whole = y * 10000 + 101 >= min && y * 10000 + 1231 <= max;
    if (whole) {
      const shift = yearResidue(y);
      const year = monthDayHist(isLeapYear(y));
      for (let r = 0; r < M; r++) all[(r + shift) % M] += year[r];
    } else {
      forEachDate(y, min, max, (_m0, _m1, _d0, _d1, r) => void all[r]++);
    }
  }
  t = { min, max, hists: new Map([['********', finish(all)]]) };
  if (dateTables.size >= 16) dateTables.clear();
  dateTables.set(max, t);
  return t;
}

/** Weighted digit sum of a year in positions 7–10, mod 11. */
function yearResidue(y: number): number {
  return (Math.floor(y / 1000) * DATE_W[0] + (Math.floor(y / 100) % 10) * DATE_W[1] + (Math.floor(y / 10) % 10) * DATE_W[2] + (y % 10) * DATE_W[3]) % M;
}

const monthDayHists: Array<Float64Array | undefined> = [];

/** Residues (positions 11–14) of every month-and-day of a common or a leap year. */
function monthDayHist(leap: boolean): Float64Array {
  const k = leap ? 1 : 0;
  let h = monthDayHists[k];
  if (!h) {
    h = new Float64Array(M);
    forEachDate(leap ? 2000 : 2001, 0, Infinity, (_m0, _m1, _d0, _d1, r) => void h![(r - yearResidue(leap ? 2000 : 2001) + M) % M]++);
    monthDayHists[k] = h;
  }
  return h;
}

/** Calls `f` with the month and day digits and the date's residue for each date of year y within [min, max]. */
function forEachDate(y: number, min: number, max: number, f: (m0: number, m1: number, d0: number, d1: number, residue: number) => void): void {
  const yearSum = yearResidue(y);
  for (let m = 1; m <= 12; m++) {
    const m0 = Math.floor(m / 10);
    const m1 = m % 10;
    const monthSum = yearSum + m0 * DATE_W[4] + m1 * DATE_W[5];
    for (let d = 1, dim = daysInMonth(y, m); d <= dim; d++) {
      const value = y * 10000 + m * 100 + d;
      if (value < min || value > max) continue;
      const d0 = Math.floor(d / 10);
      const d1 = d % 10;
      f(m0, m1, d0, d1, (monthSum + d0 * DATE_W[6] + d1 * DATE_W[7]) % M);
    }
  }
}

/** Every date of the table's range with its digits and residue, ascending. */
function dateList(t: DateTable): DateList {
  if (t.dates) return t.dates;
  const minYear = Math.floor(t.min / 10000);
  const maxYear = Math.floor(t.max / 10000);
  const yearStart = new Int32Array(maxYear - minYear + 2);
  const room = (maxYear - minYear + 1) * 366;
  const chars = new Uint8Array(room * 8);
  const residue = new Uint8Array(room);
  let n = 0;
  for (let y = minYear; y <= maxYear; y++) {
    yearStart[y - minYear] = n;
    const y0 = ZERO + Math.floor(y / 1000);
    const y1 = ZERO + (Math.floor(y / 100) % 10);
    const y2 = ZERO + (Math.floor(y / 10) % 10);
    const y3 = ZERO + (y % 10);
    forEachDate(y, t.min, t.max, (m0, m1, d0, d1, r) => {
      const at = n * 8;
      chars[at] = y0;
      chars[at + 1] = y1;
      chars[at + 2] = y2;
      chars[at + 3] = y3;
      chars[at + 4] = ZERO + m0;
      chars[at + 5] = ZERO + m1;
      chars[at + 6] = ZERO + d0;
      chars[at + 7] = ZERO + d1;
      residue[n++] = r;
    });
  }
  yearStart[maxYear - minYear + 1] = n;
  return (t.dates = { yearStart, chars: chars.subarray(0, n * 8), residue: residue.subarray(0, n) });
}

function dateHist(pattern: string, asOf: Date): Hist {
  const t = dateTable(asOf);
  if (pattern.indexOf('*') < 0) {
    // Fully visible: no scan and no cache entry (there are ~44,000 such patterns per asOf).
    const h = new Float64Array(M);
    if (isRealDate(pattern, t.min, t.max)) {
      let s = 0;
      for (let k = 0; k < 8; k++) s += (pattern.charCodeAt(k) - ZERO) * DATE_W[k];
      h[s % M] = 1;
    }
    return finish(h);
  }
  const hit = t.hists.get(pattern);
  if (hit) return hit;

  // Enumerate the valid dates consistent with the pattern. Years whose four digits disagree with
  // the visible year digits are skipped whole, so '1949****' scans 365 dates, not 44,000.
  const h = new Float64Array(M);
  const { chars, residue, yearStart } = dateList(t);
  const years = yearStart.length - 1;
  for (let j = 0; j < years; j++) {
    const lo = yearStart[j];
    const hi = yearStart[j + 1];
    if (lo === hi) continue;
    let ok = true;
    for (let k = 0; k < 4 && ok; k++) {
      const c = pattern.charCodeAt(k);
      ok = c === STAR || c === chars[lo * 8 + k];
    }
    if (!ok) continue;
    outer: for (let i = lo; i < hi; i++) {
      for (let k = 4; k < 8; k++) {
        const c = pattern.charCodeAt(k);
        if (c !== STAR && c !== chars[i * 8 + k]) continue outer;
      }
      h[residue[i]]++;
    }
  }
  return remember(t.hists, pattern, finish(h));
}

// ---------------------------------------------------------------------------------------------
// Sequence segment (positions 15–17): every digit is free, so a per-digit DP suffices.

const seqHists = new Map<string, Hist>();

function seqHist(pattern: string): Hist {
  const hit = seqHists.get(pattern);
  if (hit) return hit;
  const start = new Float64Array(M);
  start[0] = 1;
  return remember(seqHists, pattern, finish(digitRunHist(pattern, 0, SEQ_W, start)));
}

// ---------------------------------------------------------------------------------------------

/**
 * Number of valid 18-character resident/permit/foreigner numbers consistent with `shown`
 * (digits, `*` for one hidden character each, `X` only as the check character). 0 for an
 * impossible pattern.
 *
 * @example countIdCandidates('110105********002X', opts) // ≈ 3,300 (only the birth date hidden: weak)
 */
export function countIdCandidates(shown: string, opts: IdCountOptions): number {
  if (!SHOWN_RE.test(shown)) return 0;
  if (Number.isNaN(opts.asOf.getTime())) throw new RangeError('countIdCandidates: asOf is an invalid Date');

  const area = areaHist(shown.slice(0, 6), opts);
  if (area.total === 0) return 0;
  const date = dateHist(shown.slice(6, 14), opts.asOf);
  if (date.total === 0) return 0;
  const seq = seqHist(shown.slice(14, 17));

  const check = shown[17];
  // Hidden check character: every body has exactly one check character, so nothing is filtered.
  if (check === '*') return area.total * date.total * seq.total;

  // Visible check character: it fixes the body's residue t; count the triples (a, d, q) of segment
  // residues with a + d + q ≡ t (mod 11). The largest count is ~10^5 · 4.4·10^4 · 10^3 < 2^53, so
  // double arithmetic stays exact.
  const t = GB11643_CHECK_CHARS.indexOf(check);
  const A = area.h;
  const D = date.h;
  const Q = seq.h;
  let total = 0;
  for (let a = 0; a < M; a++) {
    if (A[a] === 0) continue;
    for (let d = 0; d < M; d++) {
      if (D[d] === 0) continue;
      total += A[a] * D[d] * Q[(t - a - d + 2 * M) % M];
    }
  }
  return total;
}
