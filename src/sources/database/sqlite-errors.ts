/**
 * SQLite failures as report text. Messages are built from the error code only: SQLite's own text
 * can quote SQL (a malformed schema's CREATE statement, a CHECK expression), and nothing of a
 * database's content may reach the report.
 */
export function sqliteProblem(e: unknown): string {
  const code = String((e as { code?: unknown } | undefined)?.code ?? '');
  const message = e instanceof Error ? e.message : '';
  if (code === 'SQLITE_NOTADB') return 'not a SQLite database, or encrypted (file is not a database)';
  if (code.startsWith('SQLITE_CORRUPT')) return 'corrupt SQLite database (database disk image is malformed)';
  if (code === 'SQLITE_IOERR_SHORT_READ') return 'truncated SQLite database (short read)';
  if (code.startsWith('SQLITE_IOERR')) return `I/O error reading the SQLite database (${code})`;
  if (code.startsWith('SQLITE_CANTOPEN')) return `cannot open the SQLite database (${code})`;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'SQLite database locked by another process';
  if (code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH')) return `access denied by SQLite (${code})`;
  if (code === 'SQLITE_NOMEM' || code === 'SQLITE_TOOBIG') return `SQLite value too large to read (${code})`;
  // A virtual table whose module this build lacks (a custom tokenizer, an extension): the module
  // name is code, not content.
  const module = /^no such module: ([A-Za-z0-9_]{1,40})$/.exec(message);
  if (module) return `virtual table module ${module[1]} not available`;
  if (code.startsWith('SQLITE_')) return `SQLite error ${code}`;
  if (/^E[A-Z]+$/.test(code)) return `cannot read the file (${code})`;
  return 'SQLite error';
}
