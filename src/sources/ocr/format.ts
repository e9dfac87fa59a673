/**
 * Image formats by magic bytes. Names are the usual file extensions; `pnm` covers the binary
 * netpbm formats leptonica reads natively.
 */
export type ImageFormat = 'png' | 'jpg' | 'gif' | 'webp' | 'bmp' | 'tif' | 'pnm';

export function sniffImageFormat(head: Uint8Array): ImageFormat | undefined {
  const b = head;
  if (b.length < 4) return undefined;
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpg';
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) return 'gif';
  if (b.length >= 12 && b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return 'webp';
  if (b[0] === 0x42 && b[1] === 0x4d && b.length >= 26) {
    // "BM" alone starts too many text files; ask for a plausible DIB header size as well.
    const dib = b[14] | (b[15] << 8) | (b[16] << 16) | (b[17] << 24);
    if ([12, 40, 52, 56, 64, 108, 124].includes(dib)) return 'bmp';
    return undefined;
  }
  if ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0x00) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0x00 && b[3] === 0x2a)) return 'tif';
  if (b[0] === 0x50 && b[1] >= 0x34 && b[1] <= 0x36 && (b[2] === 0x0a || b[2] === 0x20 || b[2] === 0x0d || b[2] === 0x09)) return 'pnm';
  return undefined;
}
