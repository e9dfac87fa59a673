/**
 * Masking strength of a masked bank card number (reference §3): how many Luhn-valid numbers of the
 * shown length, starting with a known BIN prefix, agree with what the mask shows. The shown length is
 * the card's length (decisions.md "Candidate counting": issuer length tables do not apply to a masked
 * card, since we cannot tell which issuer table to trust before the prefix is known).
 *
 * The math: Luhn adds, for each digit, either the digit or its "double" (2d, minus 9 above 9),
 * depending only on the digit's distance from the RIGHT end (odd distance = doubled, the check digit
 * is distance 0). So, for a fixed length n, each position contributes independently to the sum mod 10,
 * and a DP over residues counts fillings exactly:
 *
 *   suffix[i][r] = number of fillings of positions i..n-1 (consistent with the mask) whose Luhn
 *                  contribution ≡ r (mod 10)
 *
 * A BIN prefix of length p with contribution s then adds suffix[p][(10 − s) mod 10]. The BIN list
 * (~1,800 entries) is walked as a trie along the shown digits, so a visible prefix visits one path
 * and only hidden prefix positions fan out.
 *
 * Exactness: counts above Number.MAX_SAFE_INTEGER (≥ 16 hidden digits after a short prefix) are
 * rounded; they are far beyond the 10,000 threshold, so the verdict does not depend on it.
 */

const SHOWN_RE = /^[0-9*]{12,19}$/;
const STAR = 42;
const ZERO = 48;
/** Luhn value of a doubled digit: 2d, minus 9 when above 9. */
const DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];

interface Trie {
  /** children[node * 10 + digit] = child node, or -1. Node 0 is the root. */
  children: Int32Array;
  /** 1 where a BIN prefix ends. */
  terminal: Uint8Array;
}

const tries = new WeakMap<readonly string[], Trie>();

function buildTrie(prefixes: readonly string[]): Trie {
  let t = tries.get(prefixes);
  if (t) return t;
  const children: number[] = new Array(10).fill(-1);
  const terminal: number[] = [0];
  for (const p of prefixes) {
    if (!/^\d{1,19}$/.test(p)) throw new RangeError(`countCardCandidates: bad BIN prefix ${JSON.stringify(p)}`);
    let node = 0;
    for (let k = 0; k < p.length; k++) {
      const slot = node * 10 + (p.charCodeAt(k) - ZERO);
      if (children[slot] < 0) {
        children[slot] = terminal.length;
        terminal.push(0);
        for (let d = 0; d < 10; d++) children.push(-1);
      }
      node = children[slot];
    }
    terminal[node] = 1;
  }
  t = { children: Int32Array.from(children), terminal: Uint8Array.from(terminal) };
  tries.set(prefixes, t);
  return t;
}

/** Scratch table for suffix[i][r], reused across calls (the function is synchronous). */
const suffix = new Float64Array(20 * 10);

/**
 * Number of Luhn-valid digit strings of length `shown.length` consistent with `shown` (12–19 digits
 * and `*`) whose prefix is one of `binPrefixes`. 0 for an impossible pattern. If the prefix set
 * overlaps (`62` and `622202`), a number is counted once, under the shorter prefix.
 *
 * @example countCardCandidates('622202******1234', bins) // 100000 when '622202' is a BIN
 */
export function countCardCandidates(shown: string, binPrefixes: readonly string[]): number {
  if (!SHOWN_RE.test(shown)) return 0;
  const trie = buildTrie(binPrefixes);
  const n = shown.length;

  // suffix[n] = "empty filling, residue 0"; then extend one position at a time to the left.
  suffix.fill(0, n * 10, n * 10 + 10);
  suffix[n * 10] = 1;
  for (let i = n - 1; i >= 0; i--) {
    const doubled = (n - 1 - i) % 2 === 1;
    const base = i * 10;
    const next = base + 10;
    suffix.fill(0, base, base + 10);
    const c = shown.charCodeAt(i);
    if (c === STAR) {
      for (let d = 0; d < 10; d++) {
        const v = doubled ? DOUBLED[d] : d;
        for (let r = 0; r < 10; r++) suffix[base + ((r + v) % 10)] += suffix[next + r];
      }
    } else {
      const d = c - ZERO;
      const v = doubled ? DOUBLED[d] : d;
      for (let r = 0; r < 10; r++) suffix[base + ((r + v) % 10)] = suffix[next + r];
    }
  }

  // Walk the BIN trie along the shown digits, carrying the prefix's Luhn contribution.
  const { children, terminal } = trie;
  let total = 0;
  const walk = (node: number, depth: number, sum: number): void => {
    if (terminal[node] === 1) {
      // The digits after the prefix must bring the whole sum to 0 mod 10.
      total += suffix[depth * 10 + ((10 - (sum % 10)) % 10)];
      return;
    }
    if (depth === n) return;
    const doubled = (n - 1 - depth) % 2 === 1;
    const c = shown.charCodeAt(depth);
    const lo = c === STAR ? 0 : c - ZERO;
    const hi = c === STAR ? 9 : c - ZERO;
    for (let d = lo; d <= hi; d++) {
      const child = children[node * 10 + d];
      if (child >= 0) walk(child, depth + 1, sum + (doubled ? DOUBLED[d] : d));
    }
  };
  walk(0, 0, 0);
  return total;
}
