/**
 * The signatures in a file's first bytes that more than one source checks: dispatch decides the
 * kind of a file by them, and each reader checks its own input again. One light module (no
 * imports), so dispatch can load it at start-up without loading the readers.
 */

/** Offset of `%PDF-` within the first 1024 bytes (the PDF spec allows junk before the header), or -1. */
export function pdfHeaderOffset(head: Uint8Array): number {
  return Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 1024)).indexOf('%PDF-', 0, 'latin1');
}

/**
 * The OLE2 compound file magic. A password-protected docx/xlsx/pptx is not a zip but an OLE file
 * holding the encrypted package, and legacy .doc/.xls/.ppt are OLE files too: neither is read.
 */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export function isOleCompoundFile(head: Buffer): boolean {
  return head.length >= OLE_MAGIC.length && head.subarray(0, OLE_MAGIC.length).equals(OLE_MAGIC);
}

/** The 16-byte header every SQLite 3 database starts with (SQLCipher files have none: they look random). */
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export function isSqlite(head: Buffer): boolean {
  return head.length >= SQLITE_MAGIC.length && head.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC);
}
