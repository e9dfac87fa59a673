import { defineTextDetector } from './define.js';
import { findHkIds, HKID_KEYWORDS, PASSPORT_KEYWORDS } from './find/letter-ids.js';
import { looksLikePathPart } from './path-like.js';

/**
 * Hong Kong identity card numbers (reference §5.1): 1–2 letters + 6 digits + check (0–9 or A),
 * `A123456(3)`. The check digit validates without context; Windows `KB1234567` update numbers pass
 * it too, so that bare shape needs a keyword (find/letter-ids.ts).
 */
export const hkId = defineTextDetector({
  id: 'hk-id',
  entity: 'HK_ID',
  title: { zh: '香港身份证号码', en: 'Hong Kong identity card number' },
  keywords: HKID_KEYWORDS,
  triggers: [],
  triggerPattern: /[A-Z]{1,2}[0-9*]{6}/,
  findInLine(line, ctx) {
    const context = ctx.inLine(HKID_KEYWORDS);
    // Two letters + 7 characters is also a passport shape (EA1234567, MA…, PE/SE/DE…); next to a
    // passport keyword it is one, whatever the HKID check digit says.
    return findHkIds(line, context)
      .filter((m) => context || !looksLikePathPart(line, m.index, m.length))
      .filter((m) => !(/^[A-Z]{2}/.test(m.value) && nearestBefore(line, m.index, PASSPORT_KEYWORDS) > nearestBefore(line, m.index, HKID_KEYWORDS)))
      .map((m) => ({ index: m.index, length: m.length, value: m.value, masked: m.masked, confidence: m.checked ? 0.85 : 0.6, facts: {} }));
  },
  examples: {
    valid: [
      { text: '香港身份證 A123456(3)', value: 'A1234563' },
      { text: 'hkid=G123456(A)', value: 'G123456A' },
    ],
    invalid: [
      { text: 'A123456(4)', reason: 'wrong check digit' },
      { text: 'Installed update KB1234567', reason: 'a Windows update number, no HKID keyword' }, // piaudit-ignore hk-id -- invented example
      { text: 'Passed: com/sun/net/bugs/A1234563.java', reason: 'a test file name (JDK bug ids look like HKIDs)' },
    ],
    masked: [{ text: '香港身份證 A12****(3)', value: 'A12****3' }],
  },
});

/** Position of the last of `keywords` before `index` in the line (lower-cased), -1 if none. */
function nearestBefore(line: string, index: number, keywords: readonly string[]): number {
  const before = line.slice(0, index).toLowerCase();
  let best = -1;
  for (const k of keywords) best = Math.max(best, before.lastIndexOf(k));
  return best;
}
