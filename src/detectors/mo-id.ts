import { defineTextDetector } from './define.js';
import { keywordTriggers } from './keyword-triggers.js';
import { findMoIds, MO_ID_KEYWORDS } from './find/letter-ids.js';

/**
 * Macao resident identity card (BIR) numbers (reference §5.2): 7 digits + a bracketed digit,
 * `1234567(8)`. The check algorithm is not public, so only next to a Macao ID keyword.
 */
export const moId = defineTextDetector({
  id: 'mo-id',
  entity: 'MO_ID',
  title: { zh: '澳门身份证号码', en: 'Macao identity card number' },
  keywords: MO_ID_KEYWORDS,
  triggers: keywordTriggers(MO_ID_KEYWORDS),
  findInLine(line, ctx) {
    return findMoIds(line, ctx.inLine(MO_ID_KEYWORDS)).map((m) => ({ index: m.index, length: m.length, value: m.value, masked: m.masked, confidence: 0.6, facts: {} }));
  },
  examples: {
    valid: [{ text: '澳門居民身份證 1234567(8)', value: '12345678' }],
    invalid: [{ text: 'ticket 1234567(8)', reason: 'no Macao ID keyword (no public checksum)' }],
    masked: [{ text: '澳門居民身份證 12****7(8)', value: '12****78' }],
  },
});
