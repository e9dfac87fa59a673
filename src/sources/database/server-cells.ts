import { blobText } from './table-part.js';
import type { DbColumn } from './server-types.js';

/**
 * Driver values as cell text (bytes only when they are UTF-8 text, as in SQLite BLOBs). The rows become table parts through table-part.ts, the builder SQLite
 * files and dumps use too.
 */

/** Turns one driver value into cell text (see the module comment of server.ts for the rules). */
export function cellValue(value: unknown, column: DbColumn): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    if (column.encoding === 'pg-hex') return blobText(hexBytes(value));
    return value;
  }
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Buffer.isBuffer(value)) return blobText(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value === 'boolean') return value ? '1' : '0';
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

function hexBytes(s: string): Buffer {
  // bytea_output = 'hex' is set for the session: `\x` then two hex digits a byte.
  return s.startsWith('\\x') ? Buffer.from(s.slice(2), 'hex') : Buffer.alloc(0);
}
