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

/** The key right before a value: `"uid":`, `ts=`, `docNo: `. */
const KEY_BEFORE = /([A-Za-z_][A-Za-z0-9_.-]*|[\u4e00-\u9fff]+)["']?\s*[:=：]\s*["']?$/;
/** Keys that name a document number; any other key (`uid`, `ts`, `order_id`) names something else. */
const DOCUMENT_KEY = /doc|permit|cert|card|passport|no$|num|证|号/i;

/**
 * A bare 8- or 10-digit number is a Taiwan permit only next to its keyword and not under a key that
 * names something else: a log line mentioning 台胞证 also holds user ids, timestamps and costs.
 */
function plausibleTaiwanPermit(line: string, index: number, length: number, ctx: { near(i: number, l: number, k: readonly string[]): boolean }): boolean {
  const key = KEY_BEFORE.exec(line.slice(Math.max(0, index - 40), index));
  if (key) return DOCUMENT_KEY.test(key[1]) || TW_ONLY.some((k) => key[1].includes(k));
  return ctx.near(index, length, TW_ONLY);
}

export const cnPermit = defineTextDetector({
  id: 'cn-permit',
  entity: 'CN_TRAVEL_PERMIT',
  title: { zh: '港澳台居民往来内地通行证号码', en: 'mainland travel permit number' },
  keywords: KEYWORDS,
  triggers: keywordTriggers(KEYWORDS),
  findInLine(line, ctx) {
    const hasContext = { hkMo: ctx.inLine(HKMO_PERMIT_KEYWORDS), tw: ctx.inLine(TW_ONLY) };
    return findPermits(line, hasContext).filter((m) => m.kind !== 'permit-tw' || plausibleTaiwanPermit(line, m.index, m.length, ctx)).map((m) => ({ index: m.index, length: m.length, value: m.value, masked: m.masked, confidence: 0.65, facts: {} }));
  },
  examples: {
    valid: [
      { text: '回乡证号码 H12345678', value: 'H12345678' },
      { text: '台胞证：12345678', value: '12345678' },
    ],
    invalid: [
      { text: 'H12345678 without a keyword', reason: 'no permit keyword (no check digit)' },
      { text: '{"uid":73759490,"doc_type":"台胞证"}', reason: 'a user id under its own key, not the permit number' },
    ],
    masked: [{ text: '回乡证 H12****78', value: 'H12****78' }],
  },
});
