/**
 * Domestic bank-card BIN table (reference §3.3) over `bank-bins.generated.ts`, which
 * `scripts/build-data.ts` extracts from the source text of bankcardinfo@2.0.6.
 *
 * That package is deliberately NOT a run-time dependency: its lookup sends any card number it cannot
 * match locally to a remote Alipay API. Everything here is local data, and nothing here does I/O.
 *
 * Structures are built on first call, so importing this module only costs the packed string array.
 */
import { BIN_BANKS, BIN_ENTRIES_PACKED, BIN_PROVENANCE } from './bank-bins.generated.js';

export { BIN_PROVENANCE };

/** DC debit (储蓄卡), CC credit (信用卡), SCC semi-credit (准贷记卡), PC prepaid (预付费卡). */
export type BinCardType = 'DC' | 'CC' | 'SCC' | 'PC';

/** One bank's claim on a prefix. */
export interface BinClaim {
  bank: string;
  name?: string;
  type: BinCardType;
  /** Card lengths (all digits, prefix included) this bank issues under the prefix, ascending. */
  lengths: readonly number[];
}

/** All data for one BIN prefix; `bank`, `name` and `type` are those of the first claim. */
export interface BinEntry {
  prefix: string;
  /** Union of the card lengths of all claims, ascending. */
  lengths: readonly number[];
  bank: string;
  name?: string;
  type: BinCardType;
  /**
   * Every claim on the prefix, in the package's match order (its lookup returned the first pattern
   * that matched prefix AND length). 32 prefixes have claims from two or three banks, e.g. 622303 is
   * ICBC debit with 18 digits but NJCB credit with 16; see binClaimForLength.
   */
  claims?: readonly BinClaim[];
}

interface Index {
  byPrefix: Map<string, BinEntry>;
  /** Distinct prefix lengths, longest first. */
  prefixLengths: number[];
  entries: readonly BinEntry[];
}

let index: Index | undefined;
let minimalPrefixes: readonly string[] | undefined;

function build(): Index {
  const byPrefix = new Map<string, BinEntry>();
  // The packed list is sorted by prefix, and entries of one prefix are in package match order, so
  // the first row seen for a prefix is its primary claim.
  for (const row of BIN_ENTRIES_PACKED) {
    const [prefix, len, bankRow, type] = row.split(',');
    const length = Number(len);
    const [bank, name] = BIN_BANKS[Number(bankRow)];
    let entry = byPrefix.get(prefix);
    if (!entry) {
      entry = { prefix, lengths: [], bank, name, type: type as BinCardType, claims: [] };
      byPrefix.set(prefix, entry);
    }
    const claims = entry.claims as BinClaim[];
    let claim = claims.find((c) => c.bank === bank && c.name === name && c.type === type);
    if (!claim) {
      claim = { bank, name, type: type as BinCardType, lengths: [] };
      claims.push(claim);
    }
    if (!claim.lengths.includes(length)) (claim.lengths as number[]).push(length);
    if (!entry.lengths.includes(length)) (entry.lengths as number[]).push(length);
  }
  for (const entry of byPrefix.values()) {
    (entry.lengths as number[]).sort((a, b) => a - b);
    for (const c of entry.claims!) {
      (c.lengths as number[]).sort((a, b) => a - b);
      Object.freeze(c.lengths);
      Object.freeze(c);
    }
    Object.freeze(entry.lengths);
    Object.freeze(entry.claims);
    Object.freeze(entry);
  }
  const prefixLengths = [...new Set([...byPrefix.keys()].map((p) => p.length))].sort((a, b) => b - a);
  const entries = Object.freeze([...byPrefix.values()].sort((a, b) => (a.prefix < b.prefix ? -1 : 1)));
  return { byPrefix, prefixLengths, entries };
}

function getIndex(): Index {
  return (index ??= build());
}

/** True when a card of `length` digits is issued under this entry's prefix (by any claim). */
export function binAllowsLength(entry: BinEntry, length: number): boolean {
  return entry.lengths.includes(length);
}

/**
 * The claim the package itself would report for a card of `length` digits: the first claim, in
 * package order, that issues that length. Undefined when no claim has that length.
 */
export function binClaimForLength(entry: BinEntry, length: number): BinClaim | undefined {
  const claims = entry.claims ?? [{ bank: entry.bank, name: entry.name, type: entry.type, lengths: entry.lengths }];
  return claims.find((c) => c.lengths.includes(length));
}

/**
 * BIN entry for a digit string, by longest matching prefix (prefixes are 3–10 digits).
 *
 * `digits` is either a whole card number or just its leading digits (e.g. the visible head of a
 * masked number). Some short prefixes are refined by longer ones with other card lengths (62829 is a
 * 15-digit BIN, 628290 a 16-digit one), so when the card length is known — passed as `cardLength`, or
 * taken from `digits` when it is 15–20 digits long — the longest prefix that issues that length wins,
 * and the plain longest match is the fallback.
 */
export function lookupBin(digits: string, cardLength?: number): BinEntry | undefined {
  const { byPrefix, prefixLengths } = getIndex();
  const wanted = cardLength ?? (digits.length >= 15 && digits.length <= 20 ? digits.length : undefined);
  let longest: BinEntry | undefined;
  for (const n of prefixLengths) {
    if (n > digits.length) continue;
    const entry = byPrefix.get(digits.slice(0, n));
    if (!entry) continue;
    if (wanted === undefined || entry.lengths.includes(wanted)) return entry;
    longest ??= entry;
  }
  return longest;
}

/** All merged entries (one per distinct prefix), sorted by prefix. */
export function listBinEntries(): readonly BinEntry[] {
  return getIndex().entries;
}

/**
 * Minimal prefix set covering every BIN: a prefix is dropped when a shorter prefix in the set
 * already covers it (e.g. 62215049 under 622150). Sorted ascending; no element is a prefix of
 * another. Used to count how many card numbers a masked pattern could stand for.
 */
export function listBinPrefixes(): readonly string[] {
  if (!minimalPrefixes) {
    // In lexicographic order a prefix comes right before everything it covers, so comparing with
    // the last kept prefix is enough.
    const sorted = [...getIndex().byPrefix.keys()].sort();
    const kept: string[] = [];
    for (const p of sorted) if (kept.length === 0 || !p.startsWith(kept[kept.length - 1])) kept.push(p);
    minimalPrefixes = Object.freeze(kept);
  }
  return minimalPrefixes;
}

/** Number of (prefix, card length, bank, type) rows in the generated table, before merging. */
export function binRowCount(): number {
  return BIN_ENTRIES_PACKED.length;
}
