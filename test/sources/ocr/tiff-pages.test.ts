import { describe, expect, test } from 'vitest';
import { tiffPageOffsets, tiffWithFirstPage } from '../../../src/sources/ocr/tiff-pages.js';
import { encodeTiff, encodeTiffPages } from '../../helpers/id-scans-formats.js';

const page = (v: number, width = 4, height = 3) => ({ grey: new Uint8Array(width * height).fill(v), width, height });

describe('tiffPageOffsets', () => {
  test.each([
    ['one page', encodeTiff(page(1).grey, 4, 3), 1],
    ['three pages', encodeTiffPages([page(1), page(2), page(3)]), 3],
  ])('%s', (_what, data, pages) => {
    expect(tiffPageOffsets(data)).toHaveLength(pages);
  });

  test('each page, put first, is a TIFF whose only readable first page has that page\'s pixels', () => {
    const data = encodeTiffPages([page(10), page(20, 5, 2), page(30)]);
    const offsets = tiffPageOffsets(data);
    offsets.forEach((offset, k) => {
      const single = tiffWithFirstPage(data, offset);
      expect(tiffPageOffsets(single)[0]).toBe(offset);
      // The first directory's strip holds the page's own grey level.
      const entries = single.readUInt16LE(offset);
      let strip = -1;
      for (let e = 0; e < entries; e++) if (single.readUInt16LE(offset + 2 + e * 12) === 273) strip = single.readUInt32LE(offset + 2 + e * 12 + 8);
      expect(single[strip]).toBe([10, 20, 30][k]);
    });
    expect(data.readUInt32LE(4)).toBe(offsets[0]); // the input is left as it was
  });

  test.each([
    ['not a TIFF', Buffer.from('GIF89a......'), 0],
    ['too short', Buffer.from([0x49, 0x49, 0x2a]), 0],
    ['BigTIFF (43): first page only, by the decoder', Buffer.from([0x49, 0x49, 0x2b, 0x00, 8, 0, 0, 0, 0, 0, 0, 0]), 0],
  ])('%s gives no page list', (_what, data, n) => {
    expect(tiffPageOffsets(data)).toHaveLength(n);
  });

  test('a directory chain that loops or points past the end stops there', () => {
    const data = encodeTiffPages([page(1), page(2)]);
    const [first, second] = tiffPageOffsets(data);
    const loop = Buffer.from(data);
    loop.writeUInt32LE(first, second + 2 + loop.readUInt16LE(second) * 12); // page 2 links back to page 1
    expect(tiffPageOffsets(loop)).toEqual([first, second]);
    const outside = Buffer.from(data);
    outside.writeUInt32LE(data.length + 100, first + 2 + outside.readUInt16LE(first) * 12);
    expect(tiffPageOffsets(outside)).toEqual([first]);
  });

  test('a thumbnail or reduced-resolution directory is not a page', () => {
    const data = encodeTiffPages([page(1), page(2), page(3)]);
    const [first, second, third] = tiffPageOffsets(data);
    // Give page 2 a NewSubfileType entry saying "reduced resolution" (bit 0), in place of its first tag.
    const marked = Buffer.from(data);
    marked.writeUInt16LE(254, second + 2);
    marked.writeUInt16LE(4, second + 4);
    marked.writeUInt32LE(1, second + 6);
    marked.writeUInt32LE(1, second + 10);
    expect(tiffPageOffsets(marked)).toEqual([first, third]);
  });

  test('big-endian files are read too', () => {
    const le = encodeTiff(page(1).grey, 4, 3);
    // A minimal big-endian header and one empty directory.
    const be = Buffer.alloc(8 + 2 + 4);
    be.write('MM', 0, 'latin1');
    be.writeUInt16BE(42, 2);
    be.writeUInt32BE(8, 4);
    be.writeUInt16BE(0, 8);
    expect(tiffPageOffsets(be)).toEqual([8]);
    expect(tiffWithFirstPage(be, 8).readUInt32BE(4)).toBe(8);
    expect(tiffPageOffsets(le)).toEqual([8]);
  });
});
