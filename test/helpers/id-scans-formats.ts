/**
 * Tiny encoders for the image formats @napi-rs/canvas cannot write (BMP, TIFF, GIF), so that tests
 * can prove the image source reads them without adding an imaging package. Input is 8-bit grey,
 * one byte per pixel, rows top to bottom; the output is the simplest valid file of each format.
 */

/** Grey pixels of an RGBA buffer (canvas ImageData): the mean of R, G and B. */
export function rgbaToGrey(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Uint8Array {
  const grey = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < grey.length; i++, j += 4) grey[i] = ((rgba[j] + rgba[j + 1] + rgba[j + 2]) / 3) | 0;
  return grey;
}

/** 24-bit uncompressed BMP (rows bottom-up, padded to 4 bytes). */
export function encodeBmp(grey: Uint8Array, width: number, height: number): Buffer {
  const rowBytes = (width * 3 + 3) & ~3;
  const size = 54 + rowBytes * height;
  const out = Buffer.alloc(size);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(size, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  out.writeUInt32LE(rowBytes * height, 34);
  for (let y = 0; y < height; y++) {
    const row = 54 + (height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x++) {
      const v = grey[y * width + x];
      out[row + x * 3] = v;
      out[row + x * 3 + 1] = v;
      out[row + x * 3 + 2] = v;
    }
  }
  return out;
}

/** Little-endian baseline TIFF, 8-bit grey, one uncompressed strip. */
export function encodeTiff(grey: Uint8Array, width: number, height: number): Buffer {
  return encodeTiffPages([{ grey, width, height }]);
}

/** A multi-page TIFF: one directory per page, chained in order, each page one uncompressed 8-bit grey strip. */
export function encodeTiffPages(pages: ReadonlyArray<{ grey: Uint8Array; width: number; height: number }>): Buffer {
  const parts = pages.map((p) => encodeTiffPage(p.grey, p.width, p.height));
  // Lay the single-page files end to end, then re-point offsets: each page's directory and strip
  // move by the page's start, and each directory's next-page link names the following one.
  const out = Buffer.concat([Buffer.alloc(8), ...parts.map((b) => b.subarray(8))]);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  let base = 0;
  const dirs: number[] = [];
  for (const b of parts) {
    const dir = b.readUInt32LE(4) + base;
    dirs.push(dir);
    const entries = out.readUInt16LE(dir);
    for (let e = 0; e < entries; e++) {
      const at = dir + 2 + e * 12;
      if (out.readUInt16LE(at) === 273) out.writeUInt32LE(out.readUInt32LE(at + 8) + base, at + 8); // StripOffsets
    }
    base += b.length - 8;
  }
  out.writeUInt32LE(dirs[0], 4);
  dirs.forEach((dir, i) => out.writeUInt32LE(dirs[i + 1] ?? 0, dir + 2 + out.readUInt16LE(dir) * 12));
  return out;
}

function encodeTiffPage(grey: Uint8Array, width: number, height: number): Buffer {
  const tags: Array<[tag: number, type: number, value: number]> = [
    [256, 4, width], // ImageWidth
    [257, 4, height], // ImageLength
    [258, 3, 8], // BitsPerSample
    [259, 3, 1], // Compression: none
    [262, 3, 1], // Photometric: black is zero
    [273, 4, 0], // StripOffsets (patched below)
    [277, 3, 1], // SamplesPerPixel
    [278, 4, height], // RowsPerStrip
    [279, 4, width * height], // StripByteCounts
  ];
  const ifdOffset = 8;
  const ifdSize = 2 + tags.length * 12 + 4;
  const dataOffset = ifdOffset + ifdSize;
  const out = Buffer.alloc(dataOffset + grey.length);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(ifdOffset, 4);
  out.writeUInt16LE(tags.length, ifdOffset);
  tags.forEach(([tag, type, value], i) => {
    const at = ifdOffset + 2 + i * 12;
    out.writeUInt16LE(tag, at);
    out.writeUInt16LE(type, at + 2);
    out.writeUInt32LE(1, at + 4);
    const v = tag === 273 ? dataOffset : value;
    if (type === 3) out.writeUInt16LE(v, at + 8);
    else out.writeUInt32LE(v, at + 8);
  });
  out.set(grey, dataOffset);
  return out;
}

/**
 * GIF89a with a 256-grey palette. The LZW stream only ever emits literal codes and resets the
 * table before it would grow past 9 bits, which every decoder accepts and needs no dictionary.
 */
export function encodeGif(grey: Uint8Array, width: number, height: number, extraFrames = 0): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(13);
  header.write('GIF89a', 0, 'latin1');
  header.writeUInt16LE(width, 6);
  header.writeUInt16LE(height, 8);
  header[10] = 0xf7; // global colour table, 8 bits, 256 entries
  parts.push(header);
  const palette = Buffer.alloc(768);
  for (let i = 0; i < 256; i++) palette.fill(i, i * 3, i * 3 + 3);
  parts.push(palette);
  for (let frame = 0; frame <= extraFrames; frame++) {
    // Later frames are plain white: a reader that took them instead of the first would find no text.
    const pixels = frame === 0 ? grey : new Uint8Array(grey.length).fill(255);
    const desc = Buffer.alloc(10);
    desc[0] = 0x2c;
    desc.writeUInt16LE(width, 5);
    desc.writeUInt16LE(height, 7);
    parts.push(desc, Buffer.from([8]), packSubBlocks(lzwLiterals(pixels)), Buffer.from([0]));
  }
  parts.push(Buffer.from([0x3b]));
  return Buffer.concat(parts);
}

function lzwLiterals(pixels: Uint8Array): Buffer {
  const CLEAR = 256;
  const END = 257;
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  const put = (code: number): void => {
    acc |= code << bits;
    bits += 9;
    while (bits >= 8) {
      bytes.push(acc & 0xff);
      acc >>>= 8;
      bits -= 8;
    }
  };
  // A decoder adds one table entry per code after the first; 9-bit codes end at 511, so reset
  // well before the table (258 + entries) reaches it.
  const RUN = 250;
  for (let i = 0; i < pixels.length; i++) {
    if (i % RUN === 0) put(CLEAR);
    put(pixels[i]);
  }
  put(END);
  if (bits > 0) bytes.push(acc & 0xff);
  return Buffer.from(bytes);
}

function packSubBlocks(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += 255) {
    const chunk = data.subarray(i, i + 255);
    parts.push(Buffer.from([chunk.length]), chunk);
  }
  return Buffer.concat(parts);
}
