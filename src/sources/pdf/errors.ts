/**
 * Error messages for PDFs that cannot be read. They go into the report (`scan.errors`), so they
 * must never carry document content: pdf.js reasons are structural ("Invalid PDF structure",
 * "Bad FCHECK in flate stream"), but some quote bytes of the file, so the reason is cut down to
 * ASCII, its long digit runs (which could be an ID number) blanked, and its length capped.
 */

const MAX_REASON = 80;

/** A pdf.js reason fit for a report. */
export function safeReason(e: unknown): string {
  const raw = e instanceof Error ? e.message : typeof e === 'string' ? e : 'unknown error';
  const clean = raw
    .replace(/[^\x20-\x7e]+/g, ' ')
    .replace(/\d{4,}/g, '#')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\.$/, '');
  const short = clean.length > MAX_REASON ? `${clean.slice(0, MAX_REASON - 1)}…` : clean;
  return short || 'unknown error';
}

const nameOf = (e: unknown): string => (e && typeof e === 'object' && 'name' in e ? String((e as { name: unknown }).name) : '');

/** Why a document as a whole could not be opened. */
export function documentError(e: unknown): string {
  if (nameOf(e) === 'PasswordException') return 'PDF is encrypted (password required)';
  const reason = safeReason(e);
  if (/size is zero bytes/i.test(reason)) return 'corrupt PDF: empty file';
  return `corrupt PDF: ${reason.replace(/^Invalid PDF structure$/i, 'invalid PDF structure')}`;
}

/** Why one page could not be read; the rest of the document goes on. */
export function pageError(page: number, what: string, e: unknown): string {
  return `page ${page}: ${what} failed: ${safeReason(e)}`;
}
