/**
 * The body of an OCR worker thread. It runs tesseract.js's own worker script (the message protocol
 * of tesseract.js 7.0.0: load, loadLanguage, initialize, setParameters, recognize, detect) with an
 * adapter of ours, which is what makes OCR offline and quiet by construction:
 *   - `fetch` always throws: language data can only come from the local folders we name;
 *   - the cache functions never write (tesseract.js would otherwise drop traineddata in the cwd);
 *   - console output of the thread is dropped: the wasm core prints diagnostics ("Estimating
 *     resolution", "Failed loading language") that would otherwise land in our stdout reports.
 * It adds one action, `decode`: untrusted image bytes are decoded by leptonica inside WebAssembly
 * (memory-safe: a corrupt file becomes an error, where @napi-rs/canvas 0.1.100 segfaults on a
 * truncated JPEG or PNG header), converted to 8-bit grey and reduced by box averaging.
 *
 * The function is sent to the thread as source text (`Function.prototype.toString`) and run with
 * `eval: true`, so it must be self-contained: no imports, no outside variables, plain JavaScript
 * semantics (type annotations are stripped by the compiler), `require` from the thread's scope.
 */

export interface WorkerConfig {
  /** Absolute folder of the tesseract.js package. */
  tesseractDir: string;
  /** Absolute path of bmp-js's main file (leptonica reads only some BMP variants). */
  bmpJsPath?: string;
}

export interface DecodeRequest {
  bytes: Uint8Array;
  /** Reduce by an integer box factor until at most this many pixels remain. */
  maxPixels: number;
  /** Refuse, from the header alone, an image with more pixels than this. */
  maxSourcePixels: number;
}

export interface DecodeResult {
  gray: Uint8Array;
  width: number;
  height: number;
  /** Size of the decoded image before reduction. */
  sourceWidth: number;
  sourceHeight: number;
}

/* eslint-disable @typescript-eslint/no-require-imports */
declare const require: (id: string) => any;

export function ocrWorkerMain(config: WorkerConfig): void {
  const { parentPort } = require('node:worker_threads');
  const fs = require('node:fs');
  const zlib = require('node:zlib');
  const quiet = (): void => undefined;
  console.log = quiet;
  console.info = quiet;
  console.warn = quiet;
  console.error = quiet;
  console.debug = quiet;

  // The core keeps its heap private; catch the instance's Memory as it is created so that decoded
  // pixels can be read without copying them through getValue() one by one.
  // (The project's lib settings carry no WebAssembly types, hence `any`.)
  const wasm = (globalThis as any).WebAssembly;
  let memory: { buffer: ArrayBuffer } | undefined;
  const instantiate = wasm.instantiate;
  wasm.instantiate = async function (this: unknown, ...args: unknown[]) {
    const made = await instantiate.apply(this, args);
    const instance = made.instance ?? made;
    for (const v of Object.values(instance.exports ?? {})) if (v instanceof wasm.Memory) memory = v as { buffer: ArrayBuffer };
    return made;
  };

  const tess = require(`${config.tesseractDir}/src/worker-script/index.js`);
  const getCore = require(`${config.tesseractDir}/src/worker-script/node/getCore.js`);
  let core: any;

  tess.setAdapter({
    getCore: async (...args: unknown[]) => {
      const factory = await getCore(...args);
      return (opts: unknown) =>
        factory(opts).then((m: unknown) => {
          core = m;
          return m;
        });
    },
    gunzip: zlib.gunzipSync,
    fetch: async () => {
      throw new Error('network access is disabled for OCR');
    },
    readCache: (file: string) => fs.promises.readFile(file),
    writeCache: async () => undefined,
    deleteCache: async () => undefined,
    checkCache: async () => false,
  });

  /** Grey value of one RGB(A) pixel (ITU-R BT.601 luma, integer). */
  const luma = (r: number, g: number, b: number): number => (r * 77 + g * 150 + b * 29) >> 8;

  /** Box-reduces rows delivered one at a time into the output grey image. */
  function reducer(srcW: number, srcH: number, maxPixels: number) {
    let k = 1;
    while (Math.ceil(srcW / k) * Math.ceil(srcH / k) > maxPixels) k++;
    const w = Math.ceil(srcW / k);
    const h = Math.ceil(srcH / k);
    const sum = new Uint32Array(w * h);
    const count = new Uint16Array(w * h);
    if (k === 1) {
      // Nothing to reduce: rows are copied as they come.
      const gray = new Uint8Array(w * h);
      return {
        add(y: number, row: Uint8Array): void {
          gray.set(row.subarray(0, w), y * w);
        },
        result: (): DecodeResult => ({ gray, width: w, height: h, sourceWidth: srcW, sourceHeight: srcH }),
      };
    }
    return {
      add(y: number, row: Uint8Array): void {
        const base = Math.floor(y / k) * w;
        for (let x = 0; x < srcW; x++) {
          const i = base + Math.floor(x / k);
          sum[i] += row[x];
          count[i]++;
        }
      },
      result(): DecodeResult {
        const gray = new Uint8Array(w * h);
        for (let i = 0; i < gray.length; i++) gray[i] = count[i] ? Math.round(sum[i] / count[i]) : 255;
        return { gray, width: w, height: h, sourceWidth: srcW, sourceHeight: srcH };
      },
    };
  }

  function decodeBmp(bytes: Uint8Array, maxPixels: number, maxSourcePixels: number): DecodeResult {
    if (!config.bmpJsPath) throw new Error('BMP decoder missing');
    // BITMAPINFOHEADER width and height (height negative for top-down rows).
    if (bytes.length < 26) throw new Error('truncated BMP header');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const core12 = view.getUint32(14, true) === 12; // OS/2 BITMAPCOREHEADER: 16-bit sizes
    const bw = core12 ? view.getUint16(18, true) : Math.abs(view.getInt32(18, true));
    const bh = core12 ? view.getUint16(20, true) : Math.abs(view.getInt32(22, true));
    if (bw * bh > maxSourcePixels) throw new Error(`image too large to OCR (${bw} x ${bh} pixels)`);
    const bmp = require(config.bmpJsPath);
    const img = bmp.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    // bmp-js delivers ABGR bytes per pixel.
    const red = reducer(img.width, img.height, maxPixels);
    const row = new Uint8Array(img.width);
    for (let y = 0; y < img.height; y++) {
      for (let x = 0; x < img.width; x++) {
        const p = (y * img.width + x) * 4;
        row[x] = luma(img.data[p + 3], img.data[p + 2], img.data[p + 1]);
      }
      red.add(y, row);
    }
    return red.result();
  }

  /** Reads a leptonica Pix of any depth (1/2/4/8/16/32 bits, with or without colour map). */
  function decodeWithLeptonica(bytes: Uint8Array, maxPixels: number, maxSourcePixels: number): DecodeResult {
    if (!core || !memory) throw new Error('OCR core not loaded');
    const m = core;
    const heap = (): Uint8Array => new Uint8Array(memory!.buffer);
    const src = m._malloc(bytes.length);
    heap().set(bytes, src);
    // The header first: a huge image is refused before its pixels take the heap.
    const out = m._malloc(24);
    const headerOk = m._pixReadHeaderMem(src, bytes.length, out, out + 4, out + 8, out + 12, out + 16, out + 20) === 0;
    const [, hw, hh] = new Int32Array(memory.buffer, out, 6);
    m._free(out);
    if (headerOk && hw * hh > maxSourcePixels) {
      m._free(src);
      throw new Error(`image too large to OCR (${hw} x ${hh} pixels)`);
    }
    const pixPtr = m._pixReadMem(src, bytes.length);
    m._free(src);
    if (!pixPtr) throw new Error('unsupported or corrupt image data');
    const pix = m.wrapPointer(pixPtr, m.Pix);
    try {
      const w = pix.get_w();
      const h = pix.get_h();
      const d = pix.get_d();
      const wpl = pix.get_wpl();
      const dataPtr = pix.get_data();
      if (w <= 0 || h <= 0 || !dataPtr) throw new Error('empty image');
      const words = new Uint32Array(memory.buffer, dataPtr, wpl * h);
      const bytesView = heap();
      // A colour map turns indices into grey levels.
      let palette: Uint8Array | undefined;
      const cmap = pix.get_colormap();
      const cmapPtr = cmap ? m.getPointer(cmap) : 0;
      if (cmapPtr) {
        const n = cmap.get_n();
        const arr = cmap.get_array();
        palette = new Uint8Array(256);
        for (let i = 0; i < n && i < 256; i++) {
          const p = arr + i * 4; // RGBA_QUAD: red, green, blue, alpha bytes
          palette[i] = luma(bytesView[p], bytesView[p + 1], bytesView[p + 2]);
        }
      }
      const red = reducer(w, h, maxPixels);
      const row = new Uint8Array(w);
      for (let y = 0; y < h; y++) {
        const line = y * wpl;
        if (d === 32) {
          // The common case (JPEG, PNG, WebP in colour) in a tight loop of its own.
          for (let x = 0; x < w; x++) {
            const word = words[line + x];
            row[x] = ((word >>> 24) * 77 + ((word >>> 16) & 255) * 150 + ((word >>> 8) & 255) * 29) >> 8;
          }
          red.add(y, row);
          continue;
        }
        for (let x = 0; x < w; x++) {
          let v: number;
          if (d === 8) {
            v = (words[line + (x >> 2)] >>> (24 - 8 * (x & 3))) & 255;
            if (palette) v = palette[v];
          } else if (d === 1) {
            // Without a colour map, 1 means black in leptonica.
            const bit = (words[line + (x >> 5)] >>> (31 - (x & 31))) & 1;
            v = palette ? palette[bit] : bit ? 0 : 255;
          } else if (d === 2 || d === 4) {
            const perWord = 32 / d;
            const idx = (words[line + Math.floor(x / perWord)] >>> (32 - d * ((x % perWord) + 1))) & ((1 << d) - 1);
            v = palette ? palette[idx] : Math.round((idx * 255) / ((1 << d) - 1));
          } else if (d === 16) {
            v = (words[line + (x >> 1)] >>> (x & 1 ? 8 : 24)) & 255;
          } else {
            throw new Error(`unsupported pixel depth ${d}`);
          }
          row[x] = v;
        }
        red.add(y, row);
      }
      return red.result();
    } finally {
      const holder = m._malloc(4);
      new Int32Array(memory.buffer, holder, 1)[0] = pixPtr;
      m._pixDestroy(holder);
      m._free(holder);
    }
  }

  parentPort.on('message', (packet: any) => {
    if (packet.action !== 'decode') {
      tess.dispatchHandlers(packet, (obj: unknown) => parentPort.postMessage(obj));
      return;
    }
    const reply = (status: 'resolve' | 'reject', data: unknown, transfer?: ArrayBuffer[]): void =>
      parentPort.postMessage({ jobId: packet.jobId, workerId: packet.workerId, action: packet.action, status, data }, transfer);
    try {
      const { bytes, maxPixels, maxSourcePixels } = packet.payload as DecodeRequest;
      const isBmp = bytes[0] === 0x42 && bytes[1] === 0x4d;
      const out = isBmp ? decodeBmp(bytes, maxPixels, maxSourcePixels) : decodeWithLeptonica(bytes, maxPixels, maxSourcePixels);
      reply('resolve', out, [out.gray.buffer as ArrayBuffer]);
    } catch (err) {
      reply('reject', err instanceof Error ? err.message : String(err));
    }
  });
}
