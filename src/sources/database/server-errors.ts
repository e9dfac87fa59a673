/**
 * Error text for database sources. A driver error can carry the password (a URL echoed back), a
 * value (PostgreSQL's `invalid input syntax …: "…"`, bytes of a bad encoding) or a row (`detail`):
 * only the first line of `message` is used, value-bearing tails are cut, secrets are scrubbed, and
 * common network failures get a plain explanation.
 */

const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the server running and listening on that host and port?)',
  ETIMEDOUT: 'no answer within the connect timeout',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'the server reset the connection',
  EPIPE: 'the server closed the connection',
  PROTOCOL_CONNECTION_LOST: 'the server closed the connection',
};

/** Messages whose tail is a value (never shown): cut at their first colon. */
const VALUE_TAIL = /invalid input|invalid byte sequence|out of range|incorrect \w+ value|duplicate|truncated|malformed|cannot cast|conversion/i;

/** A one-line reason for `err`, safe to print: no password, no value. */
export function safeReason(err: unknown, secrets: readonly (string | undefined)[] = []): string {
  const e = err as { code?: unknown; errno?: unknown; message?: unknown; sqlState?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  if (code && NETWORK[code]) return NETWORK[code];
  let msg = String(e?.message ?? err ?? 'unknown error').split('\n')[0].trim();
  if (/timeout/i.test(msg) && /connect/i.test(msg)) return NETWORK.ETIMEDOUT;
  if (/Connection terminated unexpectedly|server closed the connection|Connection terminated/i.test(msg)) return 'the server closed the connection';
  if (VALUE_TAIL.test(msg)) msg = msg.replace(/:.*$/, '');
  msg = msg.replace(/0x[0-9a-f]{2}(?:\s*0x[0-9a-f]{2})*/gi, '0x…');
  for (const s of secrets) {
    if (!s) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) msg = msg.split(form).join('***');
  }
  if (msg.length > 300) msg = msg.slice(0, 297) + '…';
  // SQLSTATE (PostgreSQL: 5 characters in `code`) or MySQL's symbolic code helps a DBA look it up.
  const tag = code && /^[A-Z0-9]{5}$/.test(code) ? `SQLSTATE ${code}` : code && /^ER_/.test(code) ? code : undefined;
  return tag ? `${msg} (${tag})` : msg;
}

/** True for errors after which the connection cannot be used (it dropped, the server went away). */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; fatal?: unknown; message?: unknown } | undefined;
  if (e?.fatal === true) return true;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (code in NETWORK) return true;
  // PostgreSQL: class 08 (connection exception), 57P01-57P03 (admin shutdown, crash, cannot connect now).
  if (/^08|^57P0[1-3]$/.test(code)) return true;
  return /Connection terminated|Client was closed|Connection lost|closed state|not queryable/i.test(String(e?.message ?? ''));
}
