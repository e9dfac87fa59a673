import { createHmac } from 'node:crypto';
import type { SourceAges } from '../analyzers/retention/records.js';
import { dayText } from '../analyzers/retention/dates.js';
import type { Violation } from '../model/finding.js';
import type { Location } from '../model/location.js';
import type { RetentionBasis, RetentionCategory } from '../model/retention.js';
import type { RetentionLimit } from './retention-policy.js';
import { formatMessage, getRule, type Lang } from './load.js';

/**
 * `retention-expired` for one source (a file, or a table of a database, dump or server): judged
 * once, after the source is read, from the ages of its records holding unmasked personal
 * information. The finding says how many of them are older than the limit, the oldest date and
 * what dated them; it never carries a value.
 */

const KIND: Record<RetentionCategory, Record<Lang, string>> = {
  logs: { zh: '日志', en: 'Log' },
  backups: { zh: '备份', en: 'Backup' },
  'id-copies': { zh: '身份证复印件', en: 'ID-card copy' },
  uploads: { zh: '上传文件', en: 'Upload' },
  exports: { zh: '导出文件', en: 'Export' },
  databases: { zh: '数据库表', en: 'Database table' },
  other: { zh: '文件', en: 'File' },
};

const BASIS: Record<RetentionBasis, Record<Lang, string>> = {
  'log-timestamp': { zh: '日志行时间戳', en: 'log timestamps' },
  'file-name': { zh: '文件名中的日期', en: 'date in the file name' },
  column: { zh: '时间列', en: 'column' },
  annotation: { zh: '复印件用途标注的日期', en: 'date of the copy’s purpose annotation' },
  mtime: { zh: '文件修改时间', en: 'file modification time' },
};

export interface RetentionSource {
  location: Location;
  ages: SourceAges;
  limit: RetentionLimit;
  /** The as-of date as a day number (see analyzers/retention/dates.ts). */
  asOfDay: number;
}

/** The finding for a source kept beyond its limit, or undefined when it is within it (or has no limit). */
export function evaluateRetention(s: RetentionSource, lang: Lang, key: Buffer): Violation | undefined {
  const { limit, ages } = s;
  if (limit.days === null) return undefined;
  const cutoff = s.asOfDay - limit.days;
  const old = ages.olderThan(cutoff);
  if (old.records === 0 || old.oldest === undefined) return undefined;
  const def = getRule('retention-expired');
  const zh = lang === 'zh';
  const sensitive = ages.oldestSensitive !== undefined && ages.oldestSensitive < cutoff;
  const table = s.location.table;
  const kind = KIND[limit.category][lang] + (table ? (zh ? `（表 ${table}）` : ` (table ${table})`) : '');
  const threshold = thresholdText(limit, lang);
  const bases = old.bases.map((b) => (b === 'column' && ages.column ? `${BASIS.column[lang]} ${ages.column}` : BASIS[b][lang])).join(zh ? '、' : ', ');
  const total = ages.records;
  const detail = zh
    ? `含个人信息的记录中有 ${old.records} 条（共 ${total} 条）早于该期限，最早的日期为 ${dayText(old.oldest)}（依据：${bases}）。${sensitive ? '其中包含未屏蔽的身份证号或银行卡号。' : ''}`
    : `${old.records} of ${total} record${total === 1 ? '' : 's'} holding personal information ${old.records === 1 ? 'is' : 'are'} older than that; the oldest dates from ${dayText(old.oldest)} (basis: ${bases}).${sensitive ? ' They include unmasked resident IDs or bank card numbers.' : ''}`;
  const where = s.location.entry ? `${s.location.path}!${s.location.entry}` : s.location.path;
  return {
    rule: 'retention-expired',
    detector: null,
    severity: sensitive ? 'high' : def.severity,
    articles: [...def.articles],
    location: s.location,
    // Keyed like every fingerprint; stable while the file or table stays (not with its contents).
    fingerprint: createHmac('sha256', key).update(`retention:${where}:${table ?? ''}`).digest('hex'),
    message: formatMessage(def.message[lang], { kind, threshold, detail }).trim(),
  };
}

/** `365 days`, or `184 days (the policy's 90 days raised to the statutory minimum: …)`. */
function thresholdText(limit: RetentionLimit, lang: Lang): string {
  const zh = lang === 'zh';
  const days = zh ? `${limit.days} 天` : `${limit.days} days`;
  const raised = limit.minimum && limit.maxAgeDays !== null && limit.minimum.days > limit.maxAgeDays;
  if (!raised) return days;
  return zh
    ? `${days}：策略的 ${limit.maxAgeDays} 天低于法定最短保存期限，按${limit.minimum!.law.zh}计`
    : `${days}: the policy's ${limit.maxAgeDays} days raised to the statutory minimum, ${limit.minimum!.law.en}`;
}
