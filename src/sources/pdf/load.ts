import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Loads pdf.js on first use (importing it costs 250–380 ms, most of a short scan) and opens
 * documents with the options this tool needs. The legacy build is the one that runs on Node 20
 * (the modern one wants DOMMatrix and Promise.withResolvers).
 */

export type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
export type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
export type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;
export type LoadingTask = ReturnType<PdfJs['getDocument']>;

interface Loaded {
  pdfjs: PdfJs;
  /** One in-process ("fake") worker shared by every document: set up once, warm afterwards. */
  worker: InstanceType<PdfJs['PDFWorker']>;
  /** pdfjs-dist's own data folders, as the trailing-slash paths pdf.js wants. */
  dirs: { cMapUrl: string; standardFontDataUrl: string; wasmUrl: string; iccUrl: string };
}

let loading: Promise<Loaded> | undefined;

/**
 * The legacy bundles carry core-js, which replaces built-ins process-wide when it judges them
 * non-conforming: JSON.stringify and JSON.parse (for JSON.rawJSON; a stringify/parse round trip
 * became 11x slower), Array.prototype.push (an edge case past 2^32 elements; small pushes 4x
 * slower) and Function.prototype.toString. The rest of the scan (detectors, reports) would pay
 * for that after the first PDF, so replaced built-ins are put back once both bundles have loaded;
 * pdf.js uses none of the edge cases. What core-js only adds (Promise.withResolvers,
 * Map.prototype.getOrInsertComputed, iterator helpers …) is what pdf.js needs on Node 20: kept.
 */
const BUILTINS: object[] = [
  Object, Object.prototype, Function.prototype, Array, Array.prototype, JSON, Math, Reflect, Number, String.prototype, RegExp.prototype,
  Promise, Promise.prototype, Map.prototype, Set.prototype, WeakMap.prototype, ArrayBuffer.prototype, Uint8Array, Uint8Array.prototype,
  Object.getPrototypeOf(Uint8Array.prototype) as object, Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())) as object,
];

type Snapshot = [object, PropertyKey, PropertyDescriptor][];

function snapshotBuiltins(): Snapshot {
  const out: Snapshot = [];
  for (const o of BUILTINS) for (const k of Reflect.ownKeys(o)) out.push([o, k, Object.getOwnPropertyDescriptor(o, k)!]);
  return out;
}

function restoreBuiltins(snapshot: Snapshot): void {
  for (const [o, k, before] of snapshot) {
    const now = Object.getOwnPropertyDescriptor(o, k);
    if (now && Object.is(now.value, before.value) && now.get === before.get && now.set === before.set) continue;
    try {
      Object.defineProperty(o, k, before);
    } catch {
      // A non-configurable property cannot have been replaced either.
    }
  }
}

async function load(): Promise<Loaded> {
  const builtins = snapshotBuiltins();
  let pdfjs: PdfJs;
  try {
    pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // Load the worker bundle now (pdf.js would on the first document, through globalThis.pdfjsWorker)
    // so that its own core-js copy is undone too.
    const workerBundle = 'pdfjs-dist/legacy/build/pdf.worker.mjs'; // untyped: imported for its side effect
    await import(workerBundle);
  } finally {
    restoreBuiltins(builtins);
  }
  const require = createRequire(import.meta.url);
  // The package has no `exports` map, so its package.json resolves; its folders sit beside it.
  const root = path.dirname(require.resolve('pdfjs-dist/package.json'));
  const dir = (name: string): string => path.join(root, name) + path.sep;
  // Warnings off (pdf.js prints them with console.warn); getDocument sets the level again.
  const worker = new pdfjs.PDFWorker({ verbosity: pdfjs.VerbosityLevel.ERRORS });
  return {
    pdfjs,
    worker,
    dirs: { cMapUrl: dir('cmaps'), standardFontDataUrl: dir('standard_fonts'), wasmUrl: dir('wasm'), iccUrl: dir('iccs') },
  };
}

export function loadPdfJs(): Promise<Loaded> {
  loading ??= load().catch((e: unknown) => {
    loading = undefined; // let a later document retry
    throw e;
  });
  return loading;
}

/**
 * Starts loading a document. `data` is copied: pdf.js transfers (detaches) the buffer it is
 * given, which would empty the caller's Buffer, or an archive's whole buffer when `data` is a
 * view into it.
 */
export async function openPdf(data: Uint8Array): Promise<{ task: LoadingTask; pdfjs: PdfJs }> {
  const { pdfjs, worker, dirs } = await loadPdfJs();
  const copy = new Uint8Array(data.byteLength);
  copy.set(data);
  const task = pdfjs.getDocument({
    data: copy,
    worker,
    ...dirs,
    cMapPacked: true,
    // Never compile PDF functions with `new Function`: the input is untrusted.
    isEvalSupported: false,
    // Text extraction needs glyph-to-Unicode maps, not font programs turned into paths.
    disableFontFace: true,
    fontExtraProperties: false,
    useSystemFonts: false,
    // Never reach for the network or the page's JavaScript.
    useWorkerFetch: false,
    enableXfa: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    // Decoded images above this many pixels are skipped (a decompression bomb's canvas).
    maxImageSize: 100_000_000,
    canvasMaxAreaInBytes: 512 * 1024 * 1024,
  });
  return { task, pdfjs };
}
