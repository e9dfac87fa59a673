/**
 * Derives the radical → ideograph table of src/sources/pdf/radicals.ts from the installed Noto CJK
 * fonts (Debian fonts-noto-cjk), the fonts Chromium prints Chinese with on Linux.
 *
 * Why from a font and not from NFKC: Chromium writes a PDF's ToUnicode map by reversing the
 * font's cmap, and where one glyph serves both a radical (U+2F3E ⼾) and an ideograph (U+6237 户)
 * it may pick the radical. The right ideograph is therefore the one sharing the radical's glyph in
 * that font, which NFKC does not always give (NFKC maps ⼾ to the traditional 戶) and does not give
 * at all for the CJK Radicals Supplement block (U+2E80–U+2EFF). Faces are tried Simplified Chinese
 * first, then TC, HK, JP, KR; the ideograph found is NFKC-normalised (a compatibility ideograph
 * such as U+F98A becomes 力 U+529B). Radicals with no glyph-equal ideograph in any face keep NFKC
 * (the Kangxi block) or stay as they are (pure radical shapes like ⺀, no word uses them).
 */
import { readFileSync, existsSync } from 'node:fs';

export const NOTO_CJK_PATH = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

const IDEOGRAPHS: [number, number][] = [
  [0x4e00, 0x9fff],
  [0x3400, 0x4dbf],
  [0xf900, 0xfaff],
  [0x20000, 0x2ffff],
];

export function haveNotoCjk(): boolean {
  return existsSync(NOTO_CJK_PATH);
}

/** radical code point → ideograph code point, for every radical that maps to something else. */
export async function deriveRadicalTable(): Promise<Map<number, number>> {
  const fontkit = (await import('@pdf-lib/fontkit')).default as any;
  const coll = fontkit.create(readFileSync(NOTO_CJK_PATH));
  const table = new Map<number, number>();
  for (const face of ['sc', 'tc', 'hk', 'jp', 'kr']) {
    const font = coll.getFont(`NotoSansCJK${face}-Regular`);
    const byGlyph = new Map<number, number>();
    for (const [lo, hi] of IDEOGRAPHS) {
      for (let c = lo; c <= hi; c++) {
        if (!font.hasGlyphForCodePoint(c)) continue;
        const g = font.glyphForCodePoint(c).id as number;
        if (!byGlyph.has(g)) byGlyph.set(g, c);
      }
    }
    for (let c = 0x2e80; c <= 0x2fdf; c++) {
      if (table.has(c) || !font.hasGlyphForCodePoint(c)) continue;
      const u = byGlyph.get(font.glyphForCodePoint(c).id);
      if (u !== undefined) table.set(c, String.fromCodePoint(u).normalize('NFKC').codePointAt(0)!);
    }
  }
  for (let c = 0x2f00; c <= 0x2fdf; c++) {
    const nfkc = String.fromCodePoint(c).normalize('NFKC');
    if (!table.has(c) && nfkc !== String.fromCodePoint(c)) table.set(c, nfkc.codePointAt(0)!);
  }
  return table;
}
