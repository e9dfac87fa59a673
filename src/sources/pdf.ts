import type { DocumentItem, ExtractContext, TextPart } from '../model/document.js';
import { documentError, pageError, safeReason } from './pdf/errors.js';
import { formPart } from './pdf/fields.js';
import { buildLines, type PdfStyles } from './pdf/lines.js';
import { openPdf, type PdfDocument, type PdfJs, type PdfPage } from './pdf/load.js';
import { mapRadicals } from './pdf/radicals.js';
import { drawsScan, ocrPart, renderPage } from './pdf/scan.js';

/**
 * PDF source: the text layer page by page, form fields, and OCR of pages that are scans.
 * pdf.js loads on the first PDF met (./pdf/load.ts); each page is read, yielded and released
 * before the next one, so memory holds one page plus pdf.js's per-document caches. Nothing is
 * written to disk; nothing of the content goes into error messages.
 */

/** A page with fewer non-space characters than this may be a scan with a caption or a stamp. */
const SPARSE_TEXT = 32;

export async function* extractPdf(data: Uint8Array, ctx: ExtractContext): AsyncGenerator<DocumentItem> {
  ctx.signal?.throwIfAborted();
  const { task, pdfjs } = await openPdf(data);
  let doc: PdfDocument;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => undefined);
    yield { type: 'error', message: documentError(e) };
    return;
  }
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      ctx.signal?.throwIfAborted();
      yield* readPage(doc, n, pdfjs, ctx);
    }
  } finally {
    // Frees the document's parsed objects, fonts and the data copy (the shared worker stays).
    await task.destroy().catch(() => undefined);
  }
}

async function* readPage(doc: PdfDocument, n: number, pdfjs: PdfJs, ctx: ExtractContext): AsyncGenerator<DocumentItem> {
  let page: PdfPage;
  try {
    page = await doc.getPage(n);
  } catch (e) {
    yield { type: 'error', message: pageError(n, 'reading the page', e), at: { page: n } };
    return;
  }
  try {
    let chars = 0;
    try {
      const content = await page.getTextContent();
      const text = mapRadicals(buildLines(content.items, content.styles as PdfStyles).join('\n'));
      chars = text.replace(/\s+/g, '').length;
      if (chars > 0) {
        // 'lines': a text page is a contract, a list, a table; its lines are the records (a table
        // row is rebuilt as one line), while one record per page would join unrelated people.
        const part: TextPart = { text, at: { page: n }, origin: 'text-layer', record: 'lines' };
        yield { type: 'text', part };
      }
    } catch (e) {
      yield { type: 'error', message: pageError(n, 'text extraction', e), at: { page: n } };
    }
    try {
      const form = await formPart(page, n);
      if (form) yield { type: 'text', part: form };
    } catch (e) {
      yield { type: 'error', message: pageError(n, 'reading form fields', e), at: { page: n } };
    }
    if (chars < SPARSE_TEXT) yield* scanPage(page, n, chars, pdfjs, ctx);
  } finally {
    page.cleanup();
  }
}

async function* scanPage(page: PdfPage, n: number, chars: number, pdfjs: PdfJs, ctx: ExtractContext): AsyncGenerator<DocumentItem> {
  try {
    if (!(await drawsScan(pdfjs, page))) return;
  } catch (e) {
    yield { type: 'error', message: pageError(n, 'reading the page content', e), at: { page: n } };
    return;
  }
  if (!ctx.ocr) {
    const what = chars === 0 ? 'has no text layer' : 'is mostly an image';
    yield { type: 'skip', reason: `page ${n} ${what}; OCR off`, at: { page: n } };
    return;
  }
  let rendered: Awaited<ReturnType<typeof renderPage>>;
  try {
    rendered = await renderPage(page);
  } catch (e) {
    yield { type: 'error', message: pageError(n, 'rendering for OCR', e), at: { page: n } };
    return;
  }
  try {
    const engine = await ctx.ocr();
    const read = await engine.recognize(rendered.jpeg, { signal: ctx.signal });
    if (read.text.trim()) yield { type: 'text', part: ocrPart(read, n) };
  } catch (e) {
    ctx.signal?.throwIfAborted();
    yield { type: 'error', message: `page ${n}: OCR failed: ${safeReason(e)}`, at: { page: n } };
  }
}
