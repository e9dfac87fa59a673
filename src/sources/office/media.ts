import type { DocumentItem } from '../../model/document.js';
import { formatBytes } from '../archive/limits.js';
import { partFailure } from './failures.js';
import type { OfficePackage } from './package.js';

/**
 * Embedded files handed back to the pipeline as nested files: raster images (the pipeline sends
 * them through OCR: a scanned ID card pasted into a Word contract is the classic case) and
 * embedded objects (an xlsx or PDF inside a docx, scanned as documents of their own). Vector
 * drawings (emf, wmf, svg) and audio/video have no text to OCR and are left out.
 */
const EMBEDDED = /^(?:(?:word|xl|ppt)\/(?:media|embeddings)\/|Pictures\/)[^/]+$/;
const RASTER_OR_DOCUMENT = /\.(?:png|jpe?g|gif|bmp|tiff?|webp|docx|docm|xlsx|xlsm|pptx|pptm|odt|ods|odp|pdf|zip)$/i;

export function isEmbeddedFile(name: string): boolean {
  return EMBEDDED.test(name) && RASTER_OR_DOCUMENT.test(name);
}

export async function* embeddedFiles(pkg: OfficePackage, maxBytes: number, signal?: AbortSignal): AsyncGenerator<DocumentItem> {
  for (const name of [...pkg.names()].filter(isEmbeddedFile).sort()) {
    if (signal?.aborted) return;
    const size = pkg.size(name) ?? 0;
    if (size > maxBytes) {
      yield { type: 'skip', reason: `embedded file over ${formatBytes(maxBytes)} (not scanned)`, at: { entry: name } };
      continue;
    }
    try {
      yield { type: 'file', file: { name, size, data: await pkg.bytes(name, maxBytes, signal) } };
    } catch (e) {
      yield partFailure(e, 'embedded file', { entry: name });
    }
  }
}
