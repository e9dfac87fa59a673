/**
 * Pages of a multi-page TIFF (a scanner's or fax's several pages in one file). The OCR decoder,
 * leptonica's pixReadMem, reads the first page only, and tesseract.js exposes no page index. But
 * a TIFF's pages are independent image directories (IFDs) chained from the header, and their
 * strips are addressed by absolute offsets: the same bytes with the header pointing at page k's
 * directory are a valid TIFF whose first page is page k. So no pixel is decoded here; this reads
 * the directory chain only (TIFF 6.0 §2: an 8-byte header, then per IFD a 2-byte entry count,
 * 12-byte entries and the 4-byte offset of the next IFD, 0 at the end).
 */

/** Pages beyond this are not read (a scan batch of hundreds of pages is listed as cut). */
export const MAX_TIFF_PAGES = 100;

/** Offsets of the page directories in order; [] when this is not a classic TIFF (BigTIFF: first page only). */
export function tiffPageOffsets(data: Uint8Array, max = MAX_TIFF_PAGES + 1): number[] {
  if (data.length < 8) return [];
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const little = data[0] === 0x49 && data[1] === 0x49;
  if (!little && !(data[0] === 0x4d && data[1] === 0x4d)) return [];
  if (view.getUint16(2, little) !== 42) return [];
  const out: number[] = [];
  const seen = new Set<number>();
  // A damaged or hostile chain may loop or point outside the file: stop there, keep what was read.
  for (let at = view.getUint32(4, little); at !== 0 && out.length < max; ) {
    if (seen.has(at) || at + 2 > data.length) break;
    seen.add(at);
    const entries = view.getUint16(at, little);
    const next = at + 2 + entries * 12;
    if (next + 4 > data.length) break;
    if (!isReducedImage(view, at, entries, little)) out.push(at);
    at = view.getUint32(next, little);
  }
  return out;
}

/**
 * A thumbnail or reduced-resolution copy of another page (NewSubfileType bit 0, or the old
 * SubfileType 2): not a page of its own, and reading it would count the same card twice.
 */
function isReducedImage(view: DataView, dir: number, entries: number, little: boolean): boolean {
  for (let e = 0; e < entries; e++) {
    const at = dir + 2 + e * 12;
    const tag = view.getUint16(at, little);
    const type = view.getUint16(at + 2, little);
    const value = type === 3 ? view.getUint16(at + 8, little) : view.getUint32(at + 8, little);
    if (tag === 254) return (value & 1) === 1;
    if (tag === 255) return value === 2;
  }
  return false;
}

/** The file with its header pointing at the directory at `offset`: a TIFF whose first page is that page. */
export function tiffWithFirstPage(data: Uint8Array, offset: number): Buffer {
  const copy = Buffer.from(data);
  const little = copy[0] === 0x49;
  if (little) copy.writeUInt32LE(offset, 4);
  else copy.writeUInt32BE(offset, 4);
  return copy;
}
