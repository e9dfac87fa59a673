import { ODF_MIMETYPES } from './odf.js';
import { openZip, readEntryBuffer, zipEntryName } from '../archive/zip-file.js';

/** The Office formats read as documents (templates and macro-enabled variants included). */
export type OfficeFormat = 'docx' | 'xlsx' | 'pptx' | 'odt' | 'ods' | 'odp';

export const OLE_SKIP_REASON = 'encrypted or legacy binary Office file (not scanned)';

export { isOleCompoundFile } from '../magic.js';

/** OOXML main folders: the package's content, not its name, says what it is. */
const OOXML_FOLDERS: ReadonlyArray<[string, OfficeFormat]> = [
  ['word/', 'docx'],
  ['xl/', 'xlsx'],
  ['ppt/', 'pptx'],
];

/** What an extension suggests, used only once the content has shown the family (OOXML or ODF). */
function formatByExtension(name: string): OfficeFormat | undefined {
  const ext = /\.([a-z]+)$/i.exec(name)?.[1].toLowerCase();
  switch (ext) {
    case 'docx': case 'docm': case 'dotx': case 'dotm': return 'docx';
    case 'xlsx': case 'xlsm': case 'xltx': case 'xltm': return 'xlsx';
    case 'pptx': case 'pptm': case 'potx': case 'potm': case 'ppsx': case 'ppsm': return 'pptx';
    case 'odt': case 'ott': return 'odt';
    case 'ods': case 'ots': return 'ods';
    case 'odp': case 'otp': return 'odp';
    default: return undefined;
  }
}

/**
 * The Office format of a zip, from its entry names (the central directory: exact) or from the
 * head of the file (local headers walked as far as the bytes go: ODF's uncompressed `mimetype`
 * entry, which the spec puts first, is decisive; OOXML's `[Content_Types].xml`, which Office writes
 * first, proves the family and the first folders or the extension tell which one). Undefined when
 * it is not an Office package (a plain zip, an xlsb) or the head cannot tell (then try
 * `officeFormatOfZip`, which lists the central directory).
 */
export function officeFormatOf(name: string, content: readonly string[] | Buffer, mimetype?: string): OfficeFormat | undefined {
  let names: readonly string[];
  if (Buffer.isBuffer(content)) {
    const head = walkLocalHeaders(content);
    names = head.names;
    mimetype ??= head.mimetype;
  } else {
    names = content;
  }
  const has = new Set(names);
  if (has.has('mimetype')) {
    const byMime = mimetype ? ODF_MIMETYPES[mimetype.trim()] : undefined;
    if (byMime) return byMime;
    const byName = formatByExtension(name);
    if (byName === 'odt' || byName === 'ods' || byName === 'odp') return byName;
  }
  if (has.has('[Content_Types].xml')) {
    for (const [folder, format] of OOXML_FOLDERS) if (names.some((n) => n.startsWith(folder))) return format;
    const byName = formatByExtension(name);
    if (byName === 'docx' || byName === 'xlsx' || byName === 'pptx') return byName;
  }
  return undefined;
}

/** Names (and the ODF mimetype) from the local file headers in `head`, as far as sizes are known. */
function walkLocalHeaders(head: Buffer): { names: string[]; mimetype?: string } {
  const names: string[] = [];
  let mimetype: string | undefined;
  let at = 0;
  while (at + 30 <= head.length && head.readUInt32LE(at) === 0x04034b50) {
    const flags = head.readUInt16LE(at + 6);
    const method = head.readUInt16LE(at + 8);
    const compressed = head.readUInt32LE(at + 18);
    const nameEnd = at + 30 + head.readUInt16LE(at + 26);
    const dataStart = nameEnd + head.readUInt16LE(at + 28);
    if (nameEnd > head.length) break;
    const name = head.toString('utf8', at + 30, nameEnd);
    names.push(name);
    if (name === 'mimetype' && method === 0 && dataStart + compressed <= head.length) mimetype = head.toString('latin1', dataStart, dataStart + compressed);
    // Bit 3: sizes follow the data, so the next header cannot be found from here.
    if (flags & 0x08) break;
    at = dataStart + compressed;
  }
  return { names, mimetype };
}

/**
 * The Office format of a zip file or buffer from its central directory (names only, plus the
 * few bytes of an ODF `mimetype`): what to call when `archiveKindOf` says 'zip'. Undefined for
 * plain zips and for files that are not readable zips.
 */
export async function officeFormatOfZip(input: { path?: string; data?: Buffer }, name = ''): Promise<OfficeFormat | undefined> {
  let zip;
  try {
    zip = await openZip(input);
  } catch {
    return undefined;
  }
  try {
    const names: string[] = [];
    let mimetype: string | undefined;
    for await (const entry of zip.eachEntry()) {
      const entryName = await zipEntryName(entry);
      names.push(entryName);
      if (entryName === 'mimetype' && entry.uncompressedSize <= 256 && !entry.isEncrypted() && entry.canDecodeFileData()) {
        mimetype = (await readEntryBuffer(zip, entry)).toString('latin1');
      }
      // An Office package has tens to hundreds of parts; a zip with thousands is an archive.
      if (names.length > 10_000) return undefined;
    }
    return officeFormatOf(name, names, mimetype);
  } catch {
    return undefined;
  } finally {
    zip.close();
  }
}
