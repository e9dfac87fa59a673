/**
 * Masking strength of a masked 11-digit mainland mobile number (reference §2.1): how many assigned
 * numbers agree with what the mask shows. Mobile numbers carry no check digit, so the count is a sum
 * over the assigned segment prefixes: a prefix that agrees with the visible digits contributes
 * 10^(hidden positions after the prefix), one that disagrees contributes nothing.
 *
 * `138****5678` hides exactly the HLR digits 4–7: 10,000 candidates, i.e. just at the weak/masked
 * threshold of the policy (< 10,000 is weak), and the visible prefix and last four still narrow a
 * person down quickly, which is why reference §6.2 asks for digits 4–7 to be hidden.
 */

const SHOWN_RE = /^[0-9*]{11}$/;
const LENGTH = 11;
const POW10 = Array.from({ length: LENGTH + 1 }, (_, k) => 10 ** k);

/** Prefix sets prepared once per (immutable) array. */
const prepared = new WeakMap<readonly string[], readonly string[]>();

/**
 * Deduplicate, and drop any prefix that extends another prefix of the set (e.g. `1340` when `134`
 * is present): the union of numbers is unchanged and the remaining prefixes do not overlap, so
 * summing per prefix never counts a number twice even if a caller's list overlaps.
 */
function prepare(prefixes: readonly string[]): readonly string[] {
  let p = prepared.get(prefixes);
  if (p) return p;
  const set = [...new Set(prefixes)];
  for (const x of set) {
    if (!/^\d{1,11}$/.test(x)) throw new RangeError(`countMobileCandidates: bad prefix ${JSON.stringify(x)}`);
  }
  p = set.filter((x) => !set.some((y) => y !== x && x.startsWith(y)));
  prepared.set(prefixes, p);
  return p;
}

/**
 * Number of 11-digit numbers consistent with `shown` (digits and `*`) whose prefix is one of
 * `prefixes` (e.g. `MOBILE_SEGMENTS.map((s) => s.prefix)`). 0 for an impossible pattern.
 *
 * @example countMobileCandidates('138****5678', prefixes) // 10000
 */
export function countMobileCandidates(shown: string, prefixes: readonly string[]): number {
  if (!SHOWN_RE.test(shown)) return 0;
  const list = prepare(prefixes);
  // hiddenAfter[i] = number of '*' in shown[i..10].
  const hiddenAfter = new Uint8Array(LENGTH + 1);
  for (let i = LENGTH - 1; i >= 0; i--) hiddenAfter[i] = hiddenAfter[i + 1] + (shown.charCodeAt(i) === 42 ? 1 : 0);

  let total = 0;
  outer: for (const prefix of list) {
    for (let k = 0; k < prefix.length; k++) {
      const c = shown.charCodeAt(k);
      if (c !== 42 && c !== prefix.charCodeAt(k)) continue outer;
    }
    total += POW10[hiddenAfter[prefix.length]];
  }
  return total;
}
