/**
 * One OCR worker thread and the calls it answers. Speaks tesseract.js 7.0.0's worker protocol
 * directly ({ workerId, jobId, action, payload } in, { jobId, action, status, data } out), because its
 * own main-thread wrapper cannot use our adapter (offline, quiet, `decode`) and throws uncaught
 * errors when a job fails. A call that outlives its time limit, or a thread that dies, rejects every
 * pending call; the pool then replaces the thread.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ocrWorkerMain, type DecodeRequest, type DecodeResult, type WorkerConfig } from './worker-main.js';

export type OcrLanguage = 'chi_sim' | 'eng' | 'osd';

export interface WorkerSetup {
  lang: OcrLanguage;
  /** Folder holding `<lang>.traineddata.gz`. */
  langPath: string;
  /** Tesseract parameters set once after start-up. */
  params?: Record<string, string>;
}

/** What tesseract.js's `recognize` action returns (the fields we ask for). */
export interface RecognizeData {
  tsv: string | null;
  text: string | null;
  confidence: number | null;
}

export interface DetectData {
  orientation_degrees: number | null;
  orientation_confidence: number | null;
}

let nextWorkerId = 0;
let workerSource: string | undefined;

function workerConfig(): WorkerConfig {
  const req = createRequire(import.meta.url);
  const tesseractDir = path.dirname(req.resolve('tesseract.js/package.json'));
  let bmpJsPath: string | undefined;
  try {
    bmpJsPath = createRequire(path.join(tesseractDir, 'package.json')).resolve('bmp-js');
  } catch {
    // Without bmp-js, BMP files go to leptonica, which reads the common variants.
  }
  return { tesseractDir, bmpJsPath };
}

function source(): string {
  // esbuild (tsx, vitest, and the CLI bundle) rewrites the function's text: `__name` wraps nested
  // functions when keeping names, and the bundle calls `__require` for `require`. tsc does neither.
  // The thread runs the text as CommonJS, where `require` is the real one.
  workerSource ??= `var __name = (f) => f;\nvar __require = require;\n(${ocrWorkerMain.toString()})(${JSON.stringify(workerConfig())});`;
  return workerSource;
}

interface Pending {
  resolve: (data: any) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export class OcrWorker {
  readonly id = `piaudit-ocr-${nextWorkerId++}`;
  readonly lang: OcrLanguage;
  private readonly thread: Worker;
  private readonly pending = new Map<string, Pending>();
  private nextJob = 0;
  private dead: Error | undefined;

  private constructor(lang: OcrLanguage) {
    this.lang = lang;
    this.thread = new Worker(source(), { eval: true, stdout: true, stderr: true });
    // The thread's own console is silenced; anything else it prints must not reach our stdout.
    this.thread.stdout.resume();
    this.thread.stderr.resume();
    this.thread.on('message', (msg: { jobId: string; status: string; data: unknown }) => this.onMessage(msg));
    this.thread.on('error', (err) => this.fail(new Error(`OCR worker failed: ${err.message}`)));
    this.thread.on('exit', (code) => this.fail(new Error(`OCR worker exited (code ${code})`)));
  }

  /** Starts a thread and loads one language (LSTM engine, or the legacy engine for `osd`) within `timeoutMs`. */
  static async start(setup: WorkerSetup, timeoutMs: number): Promise<OcrWorker> {
    const w = new OcrWorker(setup.lang);
    const deadline = Date.now() + timeoutMs;
    const left = (): number => Math.max(1, deadline - Date.now());
    try {
      const legacy = setup.lang === 'osd';
      // OEM 1 = LSTM only; orientation detection needs the legacy engine (OEM 0).
      const oem = legacy ? 0 : 1;
      await w.call('load', { options: { lstmOnly: !legacy, corePath: undefined, logging: false } }, left());
      await w.call('loadLanguage', { langs: setup.lang, options: { langPath: setup.langPath, cacheMethod: 'none', gzip: true, lstmOnly: !legacy } }, left());
      await w.call('initialize', { langs: setup.lang, oem, config: {} }, left());
      if (setup.params) await w.call('setParameters', { params: setup.params }, left());
      return w;
    } catch (err) {
      await w.terminate();
      const why = Date.now() >= deadline ? `did not start within ${Math.round(timeoutMs / 1000)} s` : `failed to start: ${err instanceof Error ? err.message : String(err)}`;
      throw new Error(`OCR worker (${setup.lang}) ${why}`);
    }
  }

  get alive(): boolean {
    return !this.dead;
  }

  recognize(image: Uint8Array, options: Record<string, unknown>, output: Record<string, boolean>, timeoutMs: number): Promise<RecognizeData> {
    return this.call('recognize', { image, options, output }, timeoutMs);
  }

  detect(image: Uint8Array, timeoutMs: number): Promise<DetectData> {
    return this.call('detect', { image }, timeoutMs);
  }

  decode(req: DecodeRequest, timeoutMs: number): Promise<DecodeResult> {
    return this.call('decode', req, timeoutMs);
  }

  async terminate(): Promise<void> {
    this.fail(new Error('OCR worker terminated'));
    await this.thread.terminate();
  }

  private call(action: string, payload: unknown, timeoutMs: number): Promise<any> {
    if (this.dead) return Promise.reject(this.dead);
    const jobId = `${this.id}-${this.nextJob++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const err = new Error(`OCR ${action} took longer than ${Math.round(timeoutMs / 1000)} s`);
        this.fail(err);
        void this.thread.terminate();
      }, timeoutMs);
      this.pending.set(jobId, { resolve, reject, timer });
      this.thread.postMessage({ workerId: this.id, jobId, action, payload });
    });
  }

  private onMessage(msg: { jobId: string; status: string; data: unknown }): void {
    if (msg.status === 'progress') return;
    const p = this.pending.get(msg.jobId);
    if (!p) return;
    this.pending.delete(msg.jobId);
    clearTimeout(p.timer);
    if (msg.status === 'resolve') p.resolve(msg.data);
    // tesseract.js rejects with a string such as "Error: Error attempting to read image."
    else p.reject(new Error(String(msg.data).replace(/^Error:\s*/, '')));
  }

  private fail(err: Error): void {
    this.dead ??= err;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(err);
      this.pending.delete(id);
    }
  }
}
