import type { BBox, OcrPage, TextPart } from '../../model/document.js';
import type { Location } from '../../model/location.js';
import type { PdfJs, PdfPage } from './load.js';

/**
 * Pages without a text layer (scans, photos of ID cards pasted into a PDF): decide whether there
 * is something to read, render the page for OCR, and turn the OCR read into a TextPart whose
 * values locate to word boxes.
 */

/** Render resolution: tesseract reads body text best at ~250–300 dpi. */
const DPI = 250;
/** Small pages (an ID card's 85.6 × 54 mm) are rendered up to this to give OCR enough pixels… */
const MIN_LONG_SIDE = 1600;
const MAX_DPI = 600;
/** …and big ones (A3, posters) capped so one page stays well under 100 MB of canvas. */
const MAX_LONG_SIDE = 4000;
const MAX_PIXELS = 12_000_000;
const JPEG_QUALITY = 90;
/** More path constructions than this on a text-less page: likely text drawn as outlines. */
const OUTLINED_TEXT_PATHS = 200;

/**
 * Whether a page with little or no text layer draws something OCR could read: an image, or
 * enough vector paths to be outlined text. A blank page is not worth a 0.3 s render.
 * The operator list is cached by pdf.js for the render that follows.
 */
export async function drawsScan(pdfjs: PdfJs, page: PdfPage): Promise<boolean> {
  const { OPS } = pdfjs;
  const images = new Set<number>([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageXObjectRepeat, OPS.paintInlineImageXObjectGroup, OPS.paintImageMaskXObject]);
  const ops = await page.getOperatorList();
  let paths = 0;
  for (const fn of ops.fnArray) {
    if (images.has(fn)) return true;
    if (fn === OPS.constructPath && ++paths > OUTLINED_TEXT_PATHS) return true;
  }
  return false;
}

export interface Rendered {
  jpeg: Buffer;
  width: number;
  height: number;
}

/** The page as a JPEG (tesseract decodes it 2–6x faster than a PNG of the same page). */
export async function renderPage(page: PdfPage): Promise<Rendered> {
  const base = page.getViewport({ scale: 1 }); // 72 dpi, page rotation applied
  const long = Math.max(base.width, base.height);
  let scale = DPI / 72;
  if (long * scale < MIN_LONG_SIDE) scale = Math.min(MIN_LONG_SIDE / long, MAX_DPI / 72);
  if (long * scale > MAX_LONG_SIDE) scale = MAX_LONG_SIDE / long;
  const area = base.width * base.height * scale * scale;
  if (area > MAX_PIXELS) scale *= Math.sqrt(MAX_PIXELS / area);
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.round(viewport.width));
  const height = Math.max(1, Math.round(viewport.height));
  const { createCanvas } = await import('@napi-rs/canvas');
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  // JPEG has no alpha: transparent areas would turn black, so paint the paper white first.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  await page.render({ canvas: canvas as never, canvasContext: ctx as never, viewport }).promise;
  const jpeg = await canvas.encode('jpeg', JPEG_QUALITY);
  return { jpeg, width, height };
}

/** A location with the word box, which the report keeps for OCR findings. */
type BoxedLocation = Partial<Location> & { bbox?: BBox };

/** The OCR read of page `pageNo` as a TextPart; `refine` maps a (line, col) to its word's box. */
export function ocrPart(read: OcrPage, pageNo: number): TextPart {
  const text = read.text;
  // Words are in reading order and make up the text's lines: find each one from where the
  // previous one ended, so a repeated word maps to its own occurrence.
  const starts: number[] = [];
  const ends: number[] = [];
  const boxes: BBox[] = [];
  let cursor = 0;
  for (const w of read.words) {
    if (!w.text) continue;
    const at = text.indexOf(w.text, cursor);
    if (at === -1) continue;
    starts.push(at);
    ends.push(at + w.text.length);
    boxes.push(w.bbox);
    cursor = at + w.text.length;
  }
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const refine = (line: number, col: number): Partial<Location> | undefined => {
    if (line < 1 || line > lineStarts.length) return undefined;
    const offset = lineStarts[line - 1] + col - 1;
    // The last word starting at or before the offset; it holds the offset if it ends after it.
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found === -1 || ends[found] <= offset) return undefined;
    const where: BoxedLocation = { bbox: boxes[found] };
    return where;
  };
  return {
    text,
    at: { page: pageNo },
    origin: 'ocr',
    // A scanned page is one document (an ID card, a filled-in form): its values belong together.
    record: 'part',
    visual: { kind: 'pdf-page', width: read.width, height: read.height, confidence: read.confidence, rotation: read.rotation },
    refine,
  };
}
