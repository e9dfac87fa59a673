/**
 * OCR throughput: piaudit's tesseract.js engine next to the native `tesseract` CLI on the same
 * images with the same language data (the npm packages' 4.0.0_best_int files, decompressed into a
 * temp tessdata folder). Native runs as parallel processes with OMP_THREAD_LIMIT=1 (OpenMP's
 * default is 3x slower on 2 cores, stack.md), as many processes as the engine has Chinese workers.
 *
 *   npx tsx scripts/bench-ocr.ts [dir]    (no dir: the synthetic ID-card set in a temp folder)
 *
 * `benchOcr(dir, images)` is exported for scripts/bench.ts.
 */
import { idCardPageJudge } from '../src/analyzers/id-copy/page-judge.js';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createOcrEngine, type OcrStats } from '../src/sources/ocr/engine.js';
import { languageDataDir } from '../src/sources/ocr/lang-data.js';

export interface NativeResult {
  label: string;
  imagesPerSecond: number;
  seconds: number;
}

export interface BenchOcrResult {
  images: number;
  workers: number;
  startSeconds: number;
  seconds: number;
  imagesPerSecond: number;
  stats: OcrStats;
  native: NativeResult[];
  /** tesseract.js images/s divided by the native chi_sim+eng images/s (undefined without the CLI). */
  ratio?: number;
}

const IMAGE_FILE = /\.(png|jpe?g|webp|bmp|tiff?|gif)$/i;

function nativeAvailable(): boolean {
  return spawnSync('tesseract', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A tessdata folder with the npm best_int data decompressed (what tesseract.js loads). */
function nativeTessdata(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'piaudit-tessdata-'));
  for (const lang of ['chi_sim', 'eng'] as const) {
    writeFileSync(path.join(dir, `${lang}.traineddata`), gunzipSync(readFileSync(path.join(languageDataDir(lang), `${lang}.traineddata.gz`))));
  }
  return dir;
}

/** Runs the CLI over the files with `parallel` processes at a time; wall-clock seconds. */
async function runNative(files: string[], parallel: number, tessdata: string, args: string[]): Promise<number> {
  const env = { ...process.env, OMP_THREAD_LIMIT: '1' };
  const started = performance.now();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++];
      await new Promise<void>((resolve, reject) => {
        const child = spawn('tesseract', [file, 'stdout', '--tessdata-dir', tessdata, ...args], { env, stdio: ['ignore', 'ignore', 'ignore'] });
        child.on('error', reject);
        child.on('exit', () => resolve());
      });
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return (performance.now() - started) / 1000;
}

function fmt(n: number, digits = 2): string {
  return n.toFixed(digits);
}

/** Benchmarks `images` (file names in `dir`) and prints images/s of both engines and their ratio. */
export async function benchOcr(dir: string, images: string[], opts: { workers?: number; log?: (line: string) => void } = {}): Promise<BenchOcrResult> {
  const log = opts.log ?? console.log;
  const files = images.map((f) => path.join(dir, f));
  const data = files.map((f) => readFileSync(f));

  const t0 = performance.now();
  const engine = await createOcrEngine({ workers: opts.workers, judge: idCardPageJudge });
  const startSeconds = (performance.now() - t0) / 1000;
  let seconds: number;
  try {
    const t1 = performance.now();
    await Promise.all(data.map((d) => engine.recognize(d).catch(() => undefined)));
    seconds = (performance.now() - t1) / 1000;
  } finally {
    await engine.terminate();
  }
  const ips = images.length / seconds;
  log(`OCR tesseract.js (piaudit engine, ${engine.workers} workers): ${images.length} images in ${fmt(seconds, 1)} s = ${fmt(ips)} images/s (start ${fmt(startSeconds, 1)} s)`);
  const s = engine.stats;
  log(`  work: ${s.images} pages, ${s.bandReads} digit bands, ${s.orientationChecks} orientation checks (${s.turnedPages} turned), ${s.secondLooks} second looks; ms per image: decode ${fmt(s.decodeMs / s.images, 0)}, page ${fmt(s.pageMs / s.images, 0)}, bands ${fmt(s.bandMs / s.images, 0)}, orientation ${fmt(s.orientationMs / s.images, 0)}`);

  const native: NativeResult[] = [];
  let ratio: number | undefined;
  if (!nativeAvailable()) {
    log('OCR native: `tesseract` not installed (Debian: tesseract-ocr), skipped');
  } else {
    const tessdata = nativeTessdata();
    try {
      const variants: Array<[string, string[]]> = [
        ['chi_sim+eng', ['-l', 'chi_sim+eng']],
        ['chi_sim', ['-l', 'chi_sim']],
      ];
      for (const [label, args] of variants) {
        const secs = await runNative(files, engine.workers, tessdata, args);
        native.push({ label, seconds: secs, imagesPerSecond: images.length / secs });
        log(`OCR native tesseract ${label} (${engine.workers} processes, OMP_THREAD_LIMIT=1): ${fmt(secs, 1)} s = ${fmt(images.length / secs)} images/s`);
      }
      ratio = ips / native[0].imagesPerSecond;
      log(`OCR ratio tesseract.js / native chi_sim+eng: ${fmt(ratio)} (vs native chi_sim: ${fmt(ips / native[1].imagesPerSecond)})`);
    } finally {
      rmSync(tessdata, { recursive: true, force: true });
    }
  }
  return { images: images.length, workers: engine.workers, startSeconds, seconds, imagesPerSecond: ips, stats: s, native, ratio };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  let dir = process.argv[2];
  let temp: string | undefined;
  if (!dir) {
    const { generateIdScans } = await import('../test/helpers/id-scans.js');
    temp = dir = mkdtempSync(path.join(os.tmpdir(), 'piaudit-id-scans-'));
    await generateIdScans(dir);
  }
  try {
    await benchOcr(dir, readdirSync(dir).filter((f) => IMAGE_FILE.test(f)).sort());
  } finally {
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}
