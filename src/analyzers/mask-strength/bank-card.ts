/**
 * Masking strength of a masked bank card number (reference §3): how many Luhn-valid numbers of the
 * shown length, starting with a known BIN prefix, agree with what the mask shows. The shown length is
 * the card's length (decisions.md "Candidate counting": issuer length tables do not apply to a masked
 * card, since we cannot tell which issuer table to trust before the prefix is known).
 *
 * The math: Luhn adds, for each digit, either the digit or its "double" (2d, minus 9 above 9),
 * depending only on the digit's distance from the RIGHT end (odd distance = doubled; the check digit
 * is distance 0). Both maps are bijections of 0–9, so the positions contribute independently to the
 * sum mod 10, and a single free digit anywhere makes the residue of the part it belongs to uniform:
 * with h ≥ 1 hidden digits after a BIN prefix, exactly 10^(h−1) of the 10^h fillings complete any
 * given prefix sum to 0 mod 10 (the same fact that makes exactly one check digit work, reference
 * §3.2). With h = 0 the tail is fixed and either completes the sum or not. So a BIN prefix of length
 * p whose Luhn contribution is s adds 10^(h_p − 1), or [s + visible tail sum ≡ 0 (mod 10)].
 *
 * The BIN list (~1,800 entries) is walked as a trie along the shown digits: a visible prefix
 * visits one path, hidden prefix positions fan out. The walk's result, a histogram
 * "prefixes of length p with contribution ≡ r", depends only on the shown head (up to the longest
 * BIN) and the parity of the length, so it is cached by that key: a fully hidden head (the whole
 * trie, ~75 µs) is walked once, not per value.
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
  /** Length of the longest prefix. */
  maxDepth: number;
  /** Prefix histograms by `parity + shown head` (see prefixHist). */
  hists: Map<string, Float64Array>;
}

const MAX_CACHE = 10_000;
const tries = new WeakMap<readonly string[], Trie>();

function buildTrie(prefixes: readonly string[]): Trie {
  let t = tries.get(prefixes);
  if (t) return t;
  const children: number[] = new Array(10).fill(-1);
  const terminal: number[] = [0];
  let maxDepth = 0;
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
    maxDepth = Math.max(maxDepth, p.length);
  }
  t = { children: Int32Array.from(children), terminal: Uint8Array.from(terminal), maxDepth, hists: new Map() };
  tries.set(prefixes, t);
  return t;
}

/**
 * hist[p * 10 + r] = number of BIN prefixes of length p consistent with the shown head whose Luhn
 * contribution (at their positions in a card of length n) is ≡ r (mod 10). If the prefix set
 * overlaps, the walk stops at the first prefix reached, so a number is counted once.
 */
function prefixHist(trie: Trie, shown: string, n: number): Float64Array {
  const depth = Math.min(trie.maxDepth, n);
  const key = (n & 1) + shown.slice(0, depth);
  const hit = trie.hists.get(key);
  if (hit) return hit;
  const { children, terminal } = trie;
  const hist = new Float64Array((depth + 1) * 10);
  const walk = (node: number, i: number, sum: number): void => {
    if (terminal[node] === 1) {
      hist[i * 10 + (sum % 10)]++;
      return;
    }
    if (i === depth) return;
    const doubled = (n - 1 - i) % 2 === 1;
    const c = shown.charCodeAt(i);
    const lo = c === STAR ? 0 : c - ZERO;
    const hi = c === STAR ? 9 : c - ZERO;
    for (let d = lo; d <= hi; d++) {
      const child = children[node * 10 + d];
      if (child >= 0) walk(child, i + 1, sum + (doubled ? DOUBLED[d] : d));
    }
  };
  walk(0, 0, 0);
  if (trie.hists.size >= MAX_CACHE) trie.hists.clear();
  trie.hists.set(key, hist);
  return hist;
}

const POW10 = Array.from({ length: 20 }, (_, k) => 10 ** k);
/** Scratch arrays (the function is synchronous): hidden count and visible Luhn sum of shown[i..]. */
const hiddenFrom = new Uint8Array(20);
const visibleFrom = new Uint16Array(20);

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
  const hist = prefixHist(trie, shown, n);

  hiddenFrom[n] = 0;
  visibleFrom[n] = 0;
  for (let i = n - 1; i >= 0; i--) {
    const c = shown.charCodeAt(i);
    if (c === STAR) {
      hiddenFrom[i] = hiddenFrom[i + 1] + 1;
      visibleFrom[i] = visibleFrom[i + 1];
    } else {
      const d = c - ZERO;
      hiddenFrom[i] = hiddenFrom[i + 1];
      visibleFrom[i] = visibleFrom[i + 1] + ((n - 1 - i) % 2 === 1 ? DOUBLED[d] : d);
    }
  }

  let total = 0;
  const depth = hist.length / 10 - 1;
  for (let p = 0; p <= depth; p++) {
    const h = hiddenFrom[p];
    for (let r = 0; r < 10; r++) {
      const k = hist[p * 10 + r];
      if (k === 0) continue;
      // Hidden tail: uniform over residues. Visible tail: it completes the sum or it does not.
      if (h > 0) total += k * POW10[h - 1];
      else if ((r + visibleFrom[p]) % 10 === 0) total += k;
    }
  }
  return total;
}
