import { defineTextDetector } from './define.js';
import { findTwIds, TWID_KEYWORDS } from './find/letter-ids.js';
import { looksLikePathPart } from './path-like.js';

/**
 * Taiwan national ID and resident certificate numbers (reference §5.3): letter + 1/2 (8/9 for the
 * 2021 resident certificate) + 8 digits, the last a check digit over the letter's two-digit code.
 */
export const twId = defineTextDetector({
  id: 'tw-id',
  entity: 'TW_ID',
  title: { zh: '台湾身份证号码', en: 'Taiwan ID number' },
  keywords: TWID_KEYWORDS,
  triggers: [],
  triggerPattern: /[A-Z][A-Z0-9*][0-9*]{8}/,
  findInLine(line, ctx) {
    const context = ctx.inLine(TWID_KEYWORDS);
    return findTwIds(line, context)
      .filter((m) => context || !looksLikePathPart(line, m.index, m.length))
      .map((m) => ({ index: m.index, length: m.length, value: m.value, masked: m.masked, confidence: m.checked ? 0.85 : 0.6, facts: {} }));
  },
  examples: {
    valid: [
      { text: '身分證字號 A123456789', value: 'A123456789' },
      { text: 'resident A800000014', value: 'A800000014' },
    ],
    invalid: [
      { text: 'A123456788', reason: 'wrong check digit' },
      { text: 'serial XA1234567890', reason: 'inside a longer token' },
    ],
    masked: [{ text: '身分證 A12****789', value: 'A12****789' }],
  },
});
