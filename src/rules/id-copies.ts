import { createHash } from 'node:crypto';
import type { Violation } from '../model/finding.js';
import type { Location } from '../model/location.js';
import type { IdCopy, IdCopyDuplicate } from '../model/record.js';
import { formatMessage, getRule, type Lang } from './load.js';

export interface IdCopyOptions {
  lang: Lang;
}

const SIDES: Record<Lang, Record<IdCopy['side'], string>> = {
  zh: { front: '正面', back: '反面', both: '正反面' },
  en: { front: 'front', back: 'back', both: 'front and back' },
};

/**
 * The stated purpose is the holder's own words (`仅供办理入住登记使用`): shown only when it is short
 * Chinese text (no digits, no Latin letters: OCR noise or a number written into it never reaches the report).
 */
function safePurpose(p: string | undefined): string | undefined {
  if (!p || !/^[\u4e00-\u9fff]{2,24}$/.test(p)) return undefined;
  return p;
}

function place(l: Location): string {
  return `${l.path}${l.entry ? '!' + l.entry : ''}${l.page ? '#' + l.page : ''}`;
}

function detailOf(c: IdCopy, lang: Lang): string {
  const zh = lang === 'zh';
  const parts: string[] = [];
  if (c.fingerprints.length === 0) parts.push(zh ? '号码未能识读' : 'the number could not be read');
  if (c.validity?.to) parts.push(zh ? `有效期至 ${c.validity.to}${c.expired ? '（已过期）' : ''}` : `valid until ${c.validity.to}${c.expired ? ' (expired)' : ''}`);
  if (c.annotation?.date) parts.push(zh ? `注明日期 ${c.annotation.date}` : `annotated on ${c.annotation.date}`);
  return parts.length ? (zh ? '（' + parts.join('；') + '）' : `(${parts.join('; ')})`) : '';
}

/** One violation per copy: without a purpose annotation (high), or stored with one (low). */
export function evaluateIdCopies(copies: readonly IdCopy[], opts: IdCopyOptions): Violation[] {
  return copies.map((c) => {
    const rule = c.annotation ? 'id-copy-stored' : 'id-copy-no-purpose';
    const def = getRule(rule);
    const purpose = safePurpose(c.annotation?.purpose);
    const purposeText = purpose ? (opts.lang === 'zh' ? `（“${purpose}”）` : ` ("${purpose}")`) : '';
    return {
      rule,
      detector: null,
      severity: def.severity,
      articles: [...def.articles],
      location: c.location,
      fingerprint: c.fingerprints[0] ?? createHash('sha256').update(`id-copy:${place(c.location)}`).digest('hex'),
      message: formatMessage(def.message[opts.lang], { side: SIDES[opts.lang][c.side], purpose: purposeText, detail: detailOf(c, opts.lang) }),
    };
  });
}

/** The same card in several copies: one violation naming every copy. */
export function evaluateIdDuplicates(groups: readonly IdCopyDuplicate[], opts: IdCopyOptions): Violation[] {
  return groups.map((g) => {
    const def = getRule('id-copy-duplicate');
    const shown = g.copies.slice(0, 20).map(place);
    const more = g.copies.length - shown.length;
    const places = shown.join(opts.lang === 'zh' ? '、' : ', ') + (more > 0 ? (opts.lang === 'zh' ? ` 等另 ${more} 处` : ` and ${more} more`) : '');
    return {
      rule: 'id-copy-duplicate' as const,
      detector: null,
      severity: def.severity,
      articles: [...def.articles],
      location: g.copies[0],
      fingerprint: g.fingerprint,
      message: formatMessage(def.message[opts.lang], { count: g.copies.length, places, detail: '' }),
    };
  });
}
