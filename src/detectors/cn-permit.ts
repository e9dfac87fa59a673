import { defineTextDetector } from './define.js';
import { keywordTriggers } from './keyword-triggers.js';
import { findPermits, HKMO_PERMIT_KEYWORDS, TW_PERMIT_KEYWORDS } from './find/letter-ids.js';

/**
 * Mainland travel permits (reference §5.4–5.5): for HK/Macao residents (回乡证, H/M + 8 digits,
 * + 2 renewal digits on older cards) and for Taiwan residents (台胞证, 8 digits, older cards + 2
 * (+ office letter)). No check digit: only next to a permit keyword.
 */
const KEYWORDS = [...new Set([...HKMO_PERMIT_KEYWORDS, ...TW_PERMIT_KEYWORDS])];
/** 通行证 alone names both permits; only Taiwan-specific words open the bare-digits Taiwan form. */
const GENERIC = new Set(['通行证', '通行證', 'mainland travel permit']);
const TW_ONLY = TW_PERMIT_KEYWORDS.filter((k) => !GENERIC.has(k));

export const cnPermit = defineTextDetector({
  id: 'cn-permit',
  entity: 'CN_TRAVEL_PERMIT',
  title: { zh: '港澳台居民往来内地通行证号码', en: 'mainland travel permit number' },
  keywords: KEYWORDS,
  triggers: keywordTriggers(KEYWORDS),
  findInLine(line, ctx) {
    const hasContext = { hkMo: ctx.inLine(HKMO_PERMIT_KEYWORDS), tw: ctx.inLine(TW_ONLY) };
    return findPermits(line, hasContext).map((m) => ({ index: m.index, length: m.length, value: m.value, masked: m.masked, confidence: 0.65, facts: {} }));
  },
  examples: {
    valid: [
      { text: '回乡证号码 H12345678', value: 'H12345678' },
      { text: '台胞证：12345678', value: '12345678' },
    ],
    invalid: [{ text: 'H12345678 without a keyword', reason: 'no permit keyword (no check digit)' }],
    masked: [{ text: '回乡证 H12****78', value: 'H12****78' }],
  },
});
