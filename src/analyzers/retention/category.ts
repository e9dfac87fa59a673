import type { RetentionCategory } from '../../model/retention.js';

/**
 * The built-in kind of a source for the retention policy, when no `paths` entry of the policy
 * names it. The order is the order of precedence: a log kept in a backups folder is still a log
 * (log rules apply to it), a database dumped to `x.sql` is a backup, a scanned ID card in an
 * uploads folder is an ID copy, and `.csv` / `.xlsx` are exports only when nothing above applies.
 */

export interface SourceFacts {
  /** Path relative to the scanned root, '/'-separated. */
  rel: string;
  /** Absolute path on disk, when there is one. */
  abs?: string;
  /** The file holds a copy of a resident ID card (per the id-copy analyzer). */
  idCopy?: boolean;
  /** A SQLite file, or a table of a database server (`--db`). */
  database?: boolean;
}

const COMPRESSED = String.raw`(?:\.(?:gz|bz2|xz|zst|z|zip))?`;
const LOG_NAME = new RegExp(String.raw`\.log(?:\.\d+)?${COMPRESSED}$|\.log[._-](?:19|20)\d{2}-?\d{2}-?\d{2}|[._-](?:19|20)\d{2}-?\d{2}-?\d{2}\.log(?:\.\d+)?${COMPRESSED}$`, 'i');
const LOG_DIR = /(?:^|\/)logs?\//i;
const BACKUP_NAME = new RegExp(String.raw`\.(?:bak|sql|dump)${COMPRESSED}$`, 'i');
const BACKUP_DIR = /(?:^|\/)backups?\//i;
const ARCHIVE = /\.(?:tar|tgz|tar\.gz|tar\.bz2|tar\.xz|tar\.zst|zip|7z|rar)$/i;
const UPLOAD_DIR = /(?:^|\/)uploads?\//i;
const EXPORT_DIR = /(?:^|\/)exports?\//i;
const EXPORT_NAME = /\.(?:csv|tsv|xlsx|xls|ods)$/i;

/** The built-in category of a source. */
export function builtinCategory(f: SourceFacts): RetentionCategory {
  const rel = f.rel.replace(/\\/g, '/');
  const abs = (f.abs ?? '').replace(/\\/g, '/');
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  if (LOG_NAME.test(base) || LOG_DIR.test(rel) || abs.startsWith('/var/log/')) return 'logs';
  if (BACKUP_NAME.test(base) || BACKUP_DIR.test(rel) || (ARCHIVE.test(base) && /backup|bak/i.test(base))) return 'backups';
  if (f.idCopy) return 'id-copies';
  if (UPLOAD_DIR.test(rel)) return 'uploads';
  if (EXPORT_DIR.test(rel) || EXPORT_NAME.test(base)) return 'exports';
  if (f.database) return 'databases';
  return 'other';
}
