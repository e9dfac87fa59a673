import { describe, expect, it } from 'vitest';
import * as names from '../../src/detectors/data/divisions.generated.js';
import { DIVISION_TRIE } from '../../src/detectors/data/divisions-trie.generated.js';
import { childOf, compileTrie, decodeTrie, encodeTrie } from '../../src/detectors/address/packed-trie.js';
import { DIVISION_TRIE_TABLES } from '../../src/detectors/address/trie-tables.js';
import { divisionLevelOf, divisionNameCount } from '../../src/detectors/address/matcher.js';

const tables = DIVISION_TRIE_TABLES.map(([constName, code]) => [names[constName], code] as const);

describe('packed division trie', () => {
  it('the generated trie is the one compiled from the generated name tables (run `npm run data` when this fails)', () => {
    const fresh = encodeTrie(compileTrie(tables));
    expect(DIVISION_TRIE.counts).toBe(fresh.counts);
    expect(DIVISION_TRIE.chars).toBe(fresh.chars);
    expect(DIVISION_TRIE.term).toBe(fresh.term);
  });

  it('knows every name of every table, at the level of the first table holding it', () => {
    const all = new Set<string>();
    for (const [packed] of tables) for (const n of packed.split('|')) all.add(n);
    expect(divisionNameCount()).toBe(all.size);
    const level = ['', 'province', 'prefecture', 'county', 'township', 'province', 'prefecture'];
    const owner = new Map<string, number>();
    for (const [packed, code] of tables) for (const n of packed.split('|')) if (!owner.has(n)) owner.set(n, code);
    for (const [n, code] of owner) expect(divisionLevelOf(n), n).toBe(level[code]);
  });

  it.each([
    ['small table', [['甲乙|甲丙|乙', 1]] as const, ['甲乙', '甲丙', '乙'], ['甲', '乙乙', '丙']],
    ['first table owns a shared name', [['甲乙', 1], ['甲乙|丁', 2]] as const, ['甲乙', '丁'], ['甲']],
  ])('compile, encode and decode round-trip: %s', (_name, input, present, absent) => {
    const t = decodeTrie(encodeTrie(compileTrie(input)));
    const codeOf = (s: string) => {
      let node = 0;
      for (let i = 0; i < s.length; i++) if ((node = childOf(t, node, s.charCodeAt(i))) === 0) return 0;
      return t.term[node];
    };
    for (const s of present) expect(codeOf(s), s).toBeGreaterThan(0);
    for (const s of absent) expect(codeOf(s), s).toBe(0);
    expect(codeOf('甲乙')).toBe(1);
  });
});
