import type { DetectorId } from '../model/ids.js';

/**
 * Unsalted hashes in identity columns (issue 5, reference 6.2 point 3): an MD5/SHA hex digest in a
 * column named for an ID number, a phone or a card is not de-identification. The whole space is
 * small (about 2.7 × 10^11 resident IDs, 5.4 × 10^9 mobiles), so a GPU reverses every such digest
 * in seconds to minutes. Found by the column name and the digest shape; the digest itself is never
 * reported.
 */

/** Column-name hints (Chinese, pinyin, English) and the kind they name. */
const HINTS: ReadonlyArray<[RegExp, DetectorId]> = [
  [/身份证|证件号|sfz|shenfenzheng|zjhm|id_?card|id_?no|idcard|id_?number|identity|cert_?no/i, 'cn-id'],
  [/手机|电话|shouji|dianhua|mobile|phone|msisdn|^tel/i, 'cn-mobile'],
  [/银行卡|卡号|yhkh|card_?no|bank_?card|pan$|account_?no/i, 'bank-card'],
];

const DIGESTS: Record<number, string> = { 32: 'MD5', 40: 'SHA-1', 56: 'SHA-224', 64: 'SHA-256', 128: 'SHA-512' };

export interface HashedCell {
  /** 1-based line of the part's text, and the column index in its header. */
  line: number;
  col: number;
  field: string;
  detector: DetectorId;
  algorithm: string;
  /** The digest, for a keyed fingerprint only; never reported. */
  digest: string;
}

/** The kind a column name hints at, if any. */
export function columnHint(name: string): DetectorId | undefined {
  for (const [re, kind] of HINTS) if (re.test(name)) return kind;
  return undefined;
}

/**
 * Hex digests in hinted columns of a tab-separated table (line 1 the header). `col` is the 1-based
 * UTF-16 column of the cell in its line, like every other location.
 */
export function findHashedCells(text: string): HashedCell[] {
  const lines = text.split('\n');
  const header = lines[0]?.split('\t') ?? [];
  const hinted = header.map((h) => columnHint(h.trim()));
  if (!hinted.some(Boolean)) return [];
  const out: HashedCell[] = [];
  for (let i = 1; i < lines.length; i++) {
    let offset = 0;
    const cells = lines[i].split('\t');
    for (let c = 0; c < cells.length; c++) {
      const kind = hinted[c];
      const cell = cells[c].trim();
      if (kind && DIGESTS[cell.length] && /^[0-9a-fA-F]+$/.test(cell) && /[a-fA-F]/.test(cell) && /\d/.test(cell)) {
        out.push({ line: i + 1, col: offset + cells[c].indexOf(cell) + 1, field: header[c].trim(), detector: kind, algorithm: DIGESTS[cell.length], digest: cell.toLowerCase() });
      }
      offset += cells[c].length + 1;
    }
  }
  return out;
}
