import type { DocumentItem, ExtractContext } from '../../model/document.js';
import { ArchiveBudget, DEFAULT_ARCHIVE_LIMITS, safeErrorMessage, type ArchiveLimits, type ArchiveLimitsInput } from '../archive/limits.js';
import { extractDocx } from './docx.js';
import { isOleCompoundFile, OLE_SKIP_REASON, officeFormatOf, type OfficeFormat } from './format.js';
import { embeddedFiles } from './media.js';
import { extractOdf, odfIsEncrypted, ODF_MIMETYPES } from './odf.js';
import { OfficePackage, PartSkipped } from './package.js';
import { DEFAULT_PART_SIZE, type PartSize } from './parts.js';
import { extractPptx } from './pptx.js';
import { extractXlsx } from './xlsx.js';

/**
 * Office files as sources (issue 4): docx, xlsx, pptx and OpenDocument odt/ods/odp, read from
 * memory with yauzl and streamed through saxes, part by part, so a huge sheet costs one part of
 * memory. Yields text parts with locations (`Sheet1!C7`, `paragraph 12`, slide number as page),
 * embedded images and objects as nested files for the pipeline to scan, and skip/error items for
 * what cannot be read (encrypted files, limits, damage); messages never quote content.
 */
export interface OfficeOptions {
  /** Rows/paragraphs and characters per part (tests make it small). */
  partSize?: Partial<PartSize>;
  /** Limits for the package's zip (with a shared budget when the file sits in an archive). */
  limits?: ArchiveLimitsInput;
}

/**
 * Limits for an Office package's own zip: the archive defaults. Sheet XML deflates only ~10-20x
 * (measured on 50-70 MB sheets of data and of styled empty cells: every cell spells out its
 * incrementing reference), so the 100:1 bomb guard leaves real files alone.
 */
export const OFFICE_LIMITS: Readonly<ArchiveLimits> = DEFAULT_ARCHIVE_LIMITS;

const LABELS: Readonly<Record<OfficeFormat, string>> = {
  docx: 'Word document',
  xlsx: 'spreadsheet',
  pptx: 'presentation',
  odt: 'OpenDocument text',
  ods: 'OpenDocument spreadsheet',
  odp: 'OpenDocument presentation',
};

export async function* extractOffice(data: Buffer, format: OfficeFormat, ctx: ExtractContext, options: OfficeOptions = {}): AsyncGenerator<DocumentItem> {
  if (isOleCompoundFile(data)) {
    yield { type: 'skip', reason: OLE_SKIP_REASON };
    return;
  }
  const budget = ArchiveBudget.for(options.limits ?? OFFICE_LIMITS);
  const size: PartSize = { ...DEFAULT_PART_SIZE, ...options.partSize };
  const signal = ctx.signal;
  let pkg: OfficePackage;
  try {
    pkg = await OfficePackage.open(data, budget);
  } catch (e) {
    if (e instanceof PartSkipped) yield { type: 'skip', reason: e.reason };
    else yield { type: 'error', message: `corrupt ${LABELS[format]} (not a readable zip package: ${safeErrorMessage(e)})` };
    return;
  }
  try {
    const actual = await contentFormat(pkg, format, signal);
    if (!actual) {
      yield { type: 'error', message: `corrupt ${LABELS[format]} (no ${format.startsWith('od') ? 'OpenDocument' : 'Office Open XML'} content)` };
      return;
    }
    if ((actual === 'odt' || actual === 'ods' || actual === 'odp') && (await odfIsEncrypted(pkg, signal))) {
      yield { type: 'skip', reason: 'encrypted OpenDocument file (not scanned)' };
      return;
    }
    switch (actual) {
      case 'docx':
        yield* extractDocx(pkg, size, signal);
        break;
      case 'xlsx':
        yield* extractXlsx(pkg, size, signal);
        break;
      case 'pptx':
        yield* extractPptx(pkg, size, signal);
        break;
      default:
        yield* extractOdf(pkg, actual, size, signal);
    }
    yield* embeddedFiles(pkg, budget.limits.maxMemberBytes, signal);
  } catch (e) {
    if (e instanceof PartSkipped) yield { type: 'skip', reason: e.reason };
    else yield { type: 'error', message: `unreadable ${LABELS[format]} (${safeErrorMessage(e)})` };
  } finally {
    pkg.close();
  }
}

/**
 * What the package really holds: the caller's format guess is checked against the content, which
 * wins (a .xlsx that is in fact a Word document is read as one).
 */
async function contentFormat(pkg: OfficePackage, guess: OfficeFormat, signal?: AbortSignal): Promise<OfficeFormat | undefined> {
  const names = [...pkg.names()];
  let mimetype: string | undefined;
  if (pkg.has('mimetype') && (pkg.size('mimetype') ?? 0) <= 256) mimetype = await pkg.text('mimetype', signal);
  const found = officeFormatOf(`file.${guess}`, names, mimetype);
  if (found) return found;
  return mimetype && ODF_MIMETYPES[mimetype.trim()] ? ODF_MIMETYPES[mimetype.trim()] : undefined;
}

export { officeFormatOf, officeFormatOfZip, isOleCompoundFile, OLE_SKIP_REASON, type OfficeFormat } from './format.js';
export { repeatsHeaderLine, ROWS_PER_PART, CHARS_PER_PART, type PartSize } from './parts.js';
