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
  /** Rows of BIN_ENTRIES_PACKED per prefix, in package match order. */
  rowsByPrefix: Map<string, number[]>;
  /** Distinct prefix lengths, longest first. */
  prefixLengths: number[];
}

let index: Index | undefined;
const entryCache = new Map<string, BinEntry>();
let allEntries: readonly BinEntry[] | undefined;
let minimalPrefixes: readonly string[] | undefined;

/**
 * Only the rows per prefix are indexed up front; an entry's objects are built when a lookup first
 * reaches its prefix (building all 1,500 entries at once showed in the start-up profile of a
 * pre-commit scan that met one card number).
 */
function build(): Index {
  const rowsByPrefix = new Map<string, number[]>();
  const lengths = new Set<number>();
  for (let r = 0; r < BIN_ENTRIES_PACKED.length; r++) {
    const row = BIN_ENTRIES_PACKED[r];
    const prefix = row.slice(0, row.indexOf(','));
    const rows = rowsByPrefix.get(prefix);
    if (rows) rows.push(r);
    else {
      rowsByPrefix.set(prefix, [r]);
      lengths.add(prefix.length);
    }
  }
  return { rowsByPrefix, prefixLengths: [...lengths].sort((a, b) => b - a) };
}

function getIndex(): Index {
  return (index ??= build());
}

/** The merged entry of one prefix (the packed list keeps a prefix's rows in package match order, so its first row is the primary claim). */
function entryOf(prefix: string, rows: readonly number[]): BinEntry {
  const known = entryCache.get(prefix);
  if (known) return known;
  let entry: BinEntry | undefined;
  for (const r of rows) {
    const [, len, bankRow, type] = BIN_ENTRIES_PACKED[r].split(',');
    const length = Number(len);
    const [bank, name] = BIN_BANKS[Number(bankRow)];
    entry ??= { prefix, lengths: [], bank, name, type: type as BinCardType, claims: [] };
    const claims = entry.claims as BinClaim[];
    let claim = claims.find((c) => c.bank === bank && c.name === name && c.type === type);
    if (!claim) {
      claim = { bank, name, type: type as BinCardType, lengths: [] };
      claims.push(claim);
    }
    if (!claim.lengths.includes(length)) (claim.lengths as number[]).push(length);
    if (!entry.lengths.includes(length)) (entry.lengths as number[]).push(length);
  }
  (entry!.lengths as number[]).sort((a, b) => a - b);
  for (const c of entry!.claims!) {
    (c.lengths as number[]).sort((a, b) => a - b);
    Object.freeze(c.lengths);
    Object.freeze(c);
  }
  Object.freeze(entry!.lengths);
  Object.freeze(entry!.claims);
  Object.freeze(entry);
  entryCache.set(prefix, entry!);
  return entry!;
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
  const { rowsByPrefix, prefixLengths } = getIndex();
  const wanted = cardLength ?? (digits.length >= 15 && digits.length <= 20 ? digits.length : undefined);
  let longest: BinEntry | undefined;
  for (const n of prefixLengths) {
    if (n > digits.length) continue;
    const prefix = digits.slice(0, n);
    const rows = rowsByPrefix.get(prefix);
    if (!rows) continue;
    const entry = entryOf(prefix, rows);
    if (wanted === undefined || entry.lengths.includes(wanted)) return entry;
    longest ??= entry;
  }
  return longest;
}

/** All merged entries (one per distinct prefix), sorted by prefix. */
export function listBinEntries(): readonly BinEntry[] {
  allEntries ??= Object.freeze([...getIndex().rowsByPrefix].map(([prefix, rows]) => entryOf(prefix, rows)).sort((a, b) => (a.prefix < b.prefix ? -1 : 1)));
  return allEntries;
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
    const sorted = [...getIndex().rowsByPrefix.keys()].sort();
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
