/** Read and document failures as report text: one clear sentence, never content. */

/** A document failure as one sentence (extractors throw messages without content). */
export function documentErrorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code) return readErrorText(e);
  return `cannot read document: ${err?.message ?? String(e)}`;
}

/** A read failure as one clear sentence (never a value: messages come from fs/zlib, not from content). */
export function readErrorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(err?.message ?? '')) return 'truncated gzip stream (unexpected end of file); findings before the cut are kept';
  if (err?.code?.startsWith?.('Z_')) return `corrupt gzip stream (${err.message})`;
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return `cannot read file: ${err.code} permission denied`;
  if (err?.code === 'EISDIR') return 'is a directory';
  return `cannot read file: ${err?.code ? err.code + ' ' : ''}${err?.message ?? String(e)}`;
}
