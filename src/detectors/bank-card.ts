import { luhnValid } from '../util/checksums/luhn.js';
import { binAllowsLength, lookupBin } from './data/bank-bins.js';
import { defineDetector, type DetectorMatch } from './define.js';
import { groupLengths, maskRuns, visibleCount } from './mask-shape.js';

/**
 * Bank card numbers (reference §3), 15–19 digits (20 where the BIN table says so): Luhn, then the issuer. Luhn alone passes one random number in
 * ten, and logs are full of 16–19-digit ids, so a clear number must also carry a known domestic
 * BIN with an allowed length (bankcardinfo's table, extracted at build time), or the UnionPay 62
 * prefix at 16–19 digits; international brand prefixes need a keyword nearby. A number that is a
 * valid resident ID is claimed by cn-id first (the registry's order).
 */

/** Brand prefixes of international schemes seen on dual-brand Chinese cards, with their lengths. */
function internationalBrand(d: string): boolean {
  const n2 = Number(d.slice(0, 2));
  const n4 = Number(d.slice(0, 4));
  if (d[0] === '4') return d.length === 16 || d.length === 19;
  if ((n2 >= 51 && n2 <= 55) || (n4 >= 2221 && n4 <= 2720)) return d.length === 16;
  if (n2 === 34 || n2 === 37) return d.length === 15;
  if (n4 >= 3528 && n4 <= 3589) return d.length >= 16 && d.length <= 19;
  return false;
}

/** Grouping: none, fours with a shorter tail (`6222 0202 0011 2233 446`), or AmEx 4-6-5. */
function layoutOk(text: string): boolean {
  const g = groupLengths(text);
  if (g.length === 1) return true;
  if (g.length === 3 && g[0] === 4 && g[1] === 6 && g[2] === 5) return true;
  return g.slice(0, -1).every((l) => l === 4) && g[g.length - 1] >= 1 && g[g.length - 1] <= 4;
}

export const bankCard = defineDetector({
  id: 'bank-card',
  entity: 'BANK_CARD',
  title: { zh: '银行卡号', en: 'bank card number' },
  keywords: ['卡号', '银行卡', '银行账号', '账号', '帐号', '尾号', '信用卡', '借记卡', 'card', 'pan', 'cardno', 'card_no', 'bank', 'account', 'yhkh'],
  lengths: [15, 16, 17, 18, 19, 20],
  match(span, ctx): DetectorMatch | undefined {
    const d = span.compact;
    if (d[0] === '+' || !layoutOk(span.text)) return undefined;
    if (!span.hasMask) {
      if (!/^\d{15,20}$/.test(d) || !luhnValid(d)) return undefined;
      const bin = lookupBin(d);
      if (bin && binAllowsLength(bin, d.length)) return { value: d, masked: false, confidence: 0.85, facts: { issuer: bin.bank } };
      if (d.startsWith('62') && d.length >= 16 && d.length <= 19) return { value: d, masked: false, confidence: 0.7, facts: { issuer: bin?.bank ?? 'UnionPay' } };
      if ((bin || internationalBrand(d)) && ctx.hasContext()) return { value: d, masked: false, confidence: 0.5, facts: { issuer: bin?.bank } };
      return undefined;
    }
    const pattern = d.replace(/X/g, '*');
    if (!/^[\d*]{15,19}$/.test(pattern) || !pattern.includes('*') || maskRuns(pattern) > 2 || visibleCount(pattern) < 2) return undefined;
    const context = ctx.hasContext();
    // A hidden prefix (`************1234`) could be anything: only with a keyword.
    if (pattern[0] === '*' && !context) return undefined;
    // A visible prefix that is a domestic BIN issuing cards of exactly this length is strong
    // evidence (`620200********6529`: ICBC, 18 digits), stronger than an area code, which 7,267
    // six-digit prefixes are: it beats the masked-ID reading (0.55) when no keyword decides.
    const shown = pattern.slice(0, pattern.indexOf('*'));
    const bin = shown.length >= 4 ? lookupBin(shown, pattern.length) : undefined;
    const binFits = bin !== undefined && binAllowsLength(bin, pattern.length) && shown.startsWith(bin.prefix);
    return { value: pattern, masked: true, confidence: context ? 0.6 : binFits ? 0.58 : 0.5, facts: binFits ? { issuer: bin.bank } : {} };
  },
  examples: {
    valid: [
      { text: '卡号：6222020200112233446', value: '6222020200112233446' },
      { text: 'card 6225 8814 1420 7430', value: '6225881414207430' },
      { text: 'card_no=4111111111111111', value: '4111111111111111' },
    ],
    invalid: [
      { text: '6225881414207431', reason: 'Luhn fails' },
      { text: '4111111111111111', reason: 'international brand prefix without a card keyword' },
      { text: 'blk_6225881414207430', reason: 'glued to letters (HDFS block id)' },
      { text: '16225881414207430', reason: 'inside a longer number' },
    ],
    masked: [
      { text: '卡号 622202******1234', value: '622202******1234' },
      { text: 'card: 6222 **** **** 1234', value: '6222********1234' },
      { text: '银行卡 ************1234', value: '************1234' },
    ],
  },
});
