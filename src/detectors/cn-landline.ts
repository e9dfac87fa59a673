import { defineTextDetector } from './define.js';

/**
 * Landlines (reference §2.2): area code (010, 02x, 0xxx) + a local number of the length that city
 * uses, validated by libphonenumber's full metadata (loaded only when a window holds a candidate:
 * importing it costs ~100 ms, too much for a pre-commit hook on plain text). Service numbers
 * (400/800, 95xxx, 96xxx, 12xxx) are not personal and are left out.
 */
let finder: typeof import('./find/landline.js') | undefined;

export const cnLandline = defineTextDetector({
  id: 'cn-landline',
  entity: 'CN_LANDLINE',
  title: { zh: '固定电话号码', en: 'landline number' },
  keywords: ['电话', '座机', '固话', '联系电话', 'tel', 'phone', 'fax', '传真'],
  triggers: [],
  triggerPattern: /(?:\(?0[1-9][0-9]{1,2}\)?|86[- )]{1,2}\(?0?[1-9][0-9]{1,2}\)?)[- ]?[0-9*][0-9*]{2,3}[- ]?[0-9*]{4}/,
  async prepare() {
    finder ??= await import('./find/landline.js');
  },
  findInLine(line) {
    if (!finder) return [];
    // National significant number (no +86, no trunk 0), so each number has one normal form.
    return finder.findLandlines(line).map((m) => ({ index: m.index, length: m.length, value: m.value.replace(/^\+86/, ''), masked: m.masked, confidence: 0.8, facts: {} }));
  },
  examples: {
    valid: [
      { text: '联系电话：010-62345678', value: '1062345678' },
      { text: 'tel (0755) 8600 1234', value: '75586001234' },
      { text: '0991-2345678 转 123', value: '9912345678' },
    ],
    invalid: [
      { text: '0755-8600123', reason: 'Shenzhen numbers have 8 digits' },
      { text: '400-123-4567', reason: 'a service number' },
      { text: '010-6234567', reason: 'Beijing numbers have 8 digits' },
    ],
    masked: [{ text: '电话 010-6234****', value: '106234****' }],
  },
});
