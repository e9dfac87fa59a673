/**
 * The EXIF orientation of a JPEG (phone photos are stored sideways with a tag saying how to turn
 * them). Leptonica ignores the tag, so the OCR engine turns the decoded pixels itself.
 * Returns 1–8 as in the EXIF specification; 1 (as stored) when absent or unreadable.
 */
export function jpegExifOrientation(data: Uint8Array): number {
  if (data[0] !== 0xff || data[1] !== 0xd8) return 1;
  let i = 2;
  while (i + 4 <= data.length && data[i] === 0xff) {
    const marker = data[i + 1];
    const size = (data[i + 2] << 8) | data[i + 3];
    if (marker === 0xda || size < 2) break; // start of scan: no more metadata
    if (marker === 0xe1 && size >= 16 && data[i + 4] === 0x45 && data[i + 5] === 0x78 && data[i + 6] === 0x69 && data[i + 7] === 0x66) {
      return tiffOrientation(data, i + 10, Math.min(data.length, i + 2 + size));
    }
    i += 2 + size;
  }
  return 1;
}

function tiffOrientation(d: Uint8Array, start: number, end: number): number {
  if (start + 8 > end) return 1;
  const le = d[start] === 0x49;
  const u16 = (p: number): number => (le ? d[p] | (d[p + 1] << 8) : (d[p] << 8) | d[p + 1]);
  const u32 = (p: number): number => (le ? (d[p] | (d[p + 1] << 8) | (d[p + 2] << 16)) + d[p + 3] * 0x1000000 : d[p] * 0x1000000 + ((d[p + 1] << 16) | (d[p + 2] << 8) | d[p + 3]));
  const ifd = start + u32(start + 4);
  if (ifd + 2 > end) return 1;
  const count = u16(ifd);
  for (let k = 0; k < count; k++) {
    const entry = ifd + 2 + k * 12;
    if (entry + 12 > end) break;
    if (u16(entry) === 0x0112) {
      const v = u16(entry + 8);
      return v >= 1 && v <= 8 ? v : 1;
    }
  }
  return 1;
}
