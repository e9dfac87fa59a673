/**
 * Images (png, jpg/jpeg, webp, bmp, tif/tiff, gif first frame) through OCR: one text part per
 * image, located by the image's path and, for a value, the box of the word holding it. The OCR
 * engine comes from the scan (created on the first image, shared); with OCR off the image is
 * listed as skipped. Messages never carry image content.
 */
import type { DocumentItem, ExtractContext } from '../model/document.js';
import { sniffImageFormat } from './ocr/format.js';
import { locateWords, wordAt } from './ocr/page-text.js';

/** The image format of a file by its first bytes (`png`, `jpg`, `gif`, `webp`, `bmp`, `tif`, `pnm`). */
export function isImage(head: Buffer): string | undefined {
  return sniffImageFormat(head);
}

/**
 * `name` is the file's name for context only: the pipeline puts the path into locations and error
 * entries itself, so messages here say what went wrong, not where.
 */
export async function* extractImage(data: Buffer, name: string, ctx: ExtractContext): AsyncGenerator<DocumentItem> {
  void name;
  if (!ctx.ocr) {
    yield { type: 'skip', reason: 'OCR off (--no-ocr)' };
    return;
  }
  const format = isImage(data);
  if (!format) {
    yield { type: 'error', message: 'not a readable image (unknown format)' };
    return;
  }
  let page;
  try {
    const engine = await ctx.ocr();
    page = await engine.recognize(data, { signal: ctx.signal });
  } catch (err) {
    if (ctx.signal?.aborted) return;
    yield { type: 'error', message: `${format} image could not be read by OCR: ${reason(err)}` };
    return;
  }
  if (!page.text.trim()) return;
  const spans = locateWords(page.text, page.words);
  yield {
    type: 'text',
    part: {
      text: page.text,
      at: {},
      origin: 'ocr',
      record: 'part',
      visual: { kind: 'image', width: page.width, height: page.height, confidence: page.confidence, rotation: page.rotation },
      refine: (line, col) => {
        const i = wordAt(spans, line, col);
        return i === undefined ? undefined : { bbox: page.words[i].bbox };
      },
    },
  };
}

/** The error's own message, which for OCR failures never holds recognised text. */
function reason(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.length > 160 ? `${msg.slice(0, 160)}…` : msg;
}
