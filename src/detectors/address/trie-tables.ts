/**
 * Which name table gets which terminal code in the division trie, in insertion order (a name in
 * two tables belongs to the first). Shared by the generator and the matcher's tests.
 * Codes: 1–4 full names of province, prefecture, county, township; 5–6 short forms of a province,
 * a prefecture.
 */
export const DIVISION_TRIE_TABLES = [
  ['DIVISION_PROVINCES', 1],
  ['DIVISION_PREFECTURES', 2],
  ['DIVISION_COUNTIES', 3],
  ['DIVISION_TOWNSHIPS', 4],
  ['DIVISION_PROVINCES_SHORT', 5],
  ['DIVISION_PREFECTURES_SHORT', 6],
] as const;
