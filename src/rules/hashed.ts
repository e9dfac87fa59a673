import { createHmac } from 'node:crypto';
import type { Violation } from '../model/finding.js';
import type { Location } from '../model/location.js';
import type { HashedCell } from '../analyzers/hashed-columns.js';
import { getRule, ruleSeverity, type Lang } from './load.js';

const KINDS: Record<string, { zh: string; en: string; space: { zh: string; en: string } }> = {
  'cn-id': { zh: '身份证号', en: 'resident ID numbers', space: { zh: '全部约 2.7×10^11 个号码', en: 'all ~2.7 × 10^11 numbers' } },
  'cn-mobile': { zh: '手机号', en: 'mobile numbers', space: { zh: '全部约 5.4×10^9 个号码', en: 'all ~5.4 × 10^9 numbers' } },
  'bank-card': { zh: '银行卡号', en: 'bank card numbers', space: { zh: '已知卡 BIN 下的号码', en: 'the numbers under known BINs' } },
};

/**
 * An unsalted digest in an identity column is a mask that hides nothing (reference 6.2 point 3):
 * reported as a weak mask with one candidate (pi-weak-mask's severity for the kind). The evidence
 * names the algorithm only; the fingerprint is keyed over the digest.
 */
export function evaluateHashedCells(cells: readonly HashedCell[], at: (c: HashedCell) => Location, key: Buffer, lang: Lang): Violation[] {
  const def = getRule('pi-weak-mask');
  return cells.map((c) => {
    const k = KINDS[c.detector];
    const message =
      lang === 'zh'
        ? `“${c.field}”列中的${k.zh}以未加盐的 ${c.algorithm} 摘要保存：对${k.space.zh}逐一计算摘要即可还原，不属于去标识化（《个人信息保护法》第七十三条）。`
        : `${k.en} in column "${c.field}" are stored as unsalted ${c.algorithm} digests: hashing ${k.space.en} reverses them, so this is not de-identification (PIPL Art. 73).`;
    return {
      rule: 'pi-weak-mask',
      detector: c.detector,
      severity: ruleSeverity(def, c.detector),
      articles: [...new Set([...def.articles, 'PIPL-73'])],
      location: at(c),
      masked: true,
      candidates: 1,
      fingerprint: createHmac('sha256', key).update(`hashed:${c.detector}:${c.digest}`).digest('hex'),
      evidence: `${c.algorithm.toLowerCase()}:${c.digest.slice(0, 4)}…`,
      message,
    };
  });
}
