/**
 * The OCR engine of a scan: tesseract.js 7 workers in our own threads (worker-main.ts), fully
 * offline, created once per scan and terminated at its end.
 *
 * Per image, as little work as gives the right numbers (stack.md: a plain full-page pool reaches
 * ~3.4 images/s on 2 cores against ~5.7 for the native CLI):
 *   1. decode inside WebAssembly (memory-safe), to grey, box-reduced to at most MAX_PIXELS;
 *      EXIF orientation applied; small scans enlarged;
 *   2. one Chinese (chi_sim) pass over the page, page segmentation auto, with tesseract's
 *      inverted-line retry off (it re-recognises every low-confidence line: twice the time on card
 *      backgrounds and stamps);
 *   3. only when that reads next to no Chinese, or reads the page sideways: orientation detection
 *      (osd, legacy engine, started on first need) and at most two passes turned by 90/180/270;
 *   4. only for a page that reads as an ID card with no purpose annotation (or a front with no
 *      valid number): a sparse-text look for what layout analysis dropped (stamps written across
 *      the photo, now and then the number line);
 *   5. only for lines holding a long digit-like run that is not already a valid ID, or whatever
 *      follows an ID label: an English digits-only read of that band (number-band.ts).
 * Pools: chi_sim workers = cores (capped), English workers about half as many (their jobs are
 * short). Each worker costs 100–180 MB.
 */
import os from 'node:os';
import { ymd } from '../../util/checksums/dates.js';
import type { BBox, OcrEngine, OcrPage, PageJudge } from '../../model/document.js';
import { jpegExifOrientation } from './exif.js';
import { sniffImageFormat } from './format.js';
import { applyExifOrientation, crop, rotate, scale, toPgm, unrotatePoint, type GrayImage, type QuarterTurn } from './gray-image.js';
import { languageDataDir } from './lang-data.js';
import { bandReplacement, findDigitRuns, isCleanId, mergeBandReading, type DigitRun } from './number-band.js';
import { layoutText } from './page-text.js';
import { WorkerPool } from './pool.js';
import { parseTsv, type TsvLine, type TsvWord } from './tsv.js';
import { OcrWorker, type WorkerSetup } from './worker-client.js';

export interface OcrEngineOptions {
  /** Chinese-pass workers; default: available cores, at most MAX_WORKERS. */
  workers?: number;
  /** Time allowed for all workers to start (default 60 s; a start normally takes 0.5–1 s). */
  startTimeoutMs?: number;
  /** Time allowed for one step of one image (default 60 s). */
  jobTimeoutMs?: number;
  /** Judges ID-card pages for a second look (analyzers/id-copy/page-judge.ts); none: one read per page. */
  judge?: PageJudge;
}

/** What the engine did so far, for benchmarks and tests (times are summed over workers). */
export interface OcrStats {
  images: number;
  bandReads: number;
  orientationChecks: number;
  turnedPages: number;
  /** Second, sparse-text reads of ID cards with no purpose annotation or no valid number found. */
  secondLooks: number;
  decodeMs: number;
  pageMs: number;
  bandMs: number;
  orientationMs: number;
}

export interface PiauditOcrEngine extends OcrEngine {
  readonly workers: number;
  readonly stats: OcrStats;
}

const MAX_WORKERS = 4;
/** About 4 MP: an A4 page at 170 dpi; a 12 MP phone photo is halved to 3 MP. */
const MAX_PIXELS = 4_200_000;
/** Larger images are refused before decoding (a 100 MP PNG would need 400 MB of WebAssembly heap). */
const MAX_SOURCE_PIXELS = 60_000_000;
/**
 * A scan with a longer side under MIN_LONG_SIDE or a shorter side under MIN_SHORT_SIDE is enlarged
 * (to 900 / 640 px), so that card text reaches ~20 px. Not more: a larger page only costs time (a
 * 740 px card reads as well as the same card at 1000 px, 20 % faster).
 */
const MIN_LONG_SIDE = 640;
const MIN_SHORT_SIDE = 480;
const UPSCALED_LONG_SIDE = 900;
const UPSCALED_SHORT_SIDE = 640;
/** Digit bands whose text is lower than this (pixels) are enlarged before the English read. */
const BAND_TEXT_HEIGHT = 40;
/** Fewer Chinese characters read with STRONG_CONFIDENCE than this: check the orientation. */
const MIN_STRONG_CHARS = 8;
const STRONG_CONFIDENCE = 80;
/**
 * Orientation detection below this confidence is not acted on. Very low: on cards OSD is right but
 * unsure (0.05–0.5 seen, varying with a few pixels of scaling), and a turned page is kept only if
 * it reads better than the unturned one.
 */
const MIN_ORIENTATION_CONFIDENCE = 0.03;
/** A weak page with this many words holds text that may read once turned. */
const MIN_WORDS_OF_TURNED_TEXT = 8;
/** Passes spent on turned versions of one page at most. */
const MAX_TURN_TRIES = 2;

const COMMON_PARAMS = {
  tessedit_do_invert: '0',
  // Stops "Estimating resolution" guesses; LSTM recognition does not depend on it.
  user_defined_dpi: '300',
};

export async function createOcrEngine(opts: OcrEngineOptions = {}): Promise<PiauditOcrEngine> {
  const workers = Math.max(1, Math.min(MAX_WORKERS, opts.workers ?? os.availableParallelism()));
  const startTimeoutMs = opts.startTimeoutMs ?? 60_000;
  const jobTimeoutMs = opts.jobTimeoutMs ?? 60_000;
  const chiSetup: WorkerSetup = { lang: 'chi_sim', langPath: languageDataDir('chi_sim'), params: { ...COMMON_PARAMS, tessedit_pageseg_mode: '3' } };
  const engSetup: WorkerSetup = {
    lang: 'eng',
    langPath: languageDataDir('eng'),
    params: { ...COMMON_PARAMS, tessedit_pageseg_mode: '6', tessedit_char_whitelist: '0123456789X' },
  };
  const osdSetup: WorkerSetup = { lang: 'osd', langPath: languageDataDir('osd') };

  // Each worker start has its own deadline (worker-client.ts), so this settles within the timeout.
  const started = await Promise.allSettled([WorkerPool.start(chiSetup, workers, startTimeoutMs), WorkerPool.start(engSetup, Math.max(1, Math.floor(workers / 2)), startTimeoutMs)]);
  const pools = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) {
    await Promise.all(pools.map((p) => p.terminate()));
    throw new Error(`OCR engine failed to start: ${failure.reason instanceof Error ? failure.reason.message : String(failure.reason)}`);
  }
  const [chi, eng] = pools;
  let osd: Promise<OcrWorker | undefined> | undefined;
  let osdBusy: Promise<unknown> = Promise.resolve();
  const stats: OcrStats = { images: 0, bandReads: 0, orientationChecks: 0, turnedPages: 0, secondLooks: 0, decodeMs: 0, pageMs: 0, bandMs: 0, orientationMs: 0 };
  const timed = async <T>(key: 'decodeMs' | 'pageMs' | 'bandMs' | 'orientationMs', work: Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work;
    } finally {
      stats[key] += performance.now() - t0;
    }
  };

  /** Orientation of a page by tesseract's OSD, one detection at a time (it is rare and quick). */
  async function detectTurn(page: GrayImage): Promise<QuarterTurn> {
    osd ??= OcrWorker.start(osdSetup, startTimeoutMs).catch(() => undefined);
    const worker = await osd;
    if (!worker?.alive) return 0;
    stats.orientationChecks++;
    const run = osdBusy.then(() => worker.detect(toPgm(page), jobTimeoutMs));
    osdBusy = run.catch(() => undefined);
    const found = await timed('orientationMs', run).catch(() => undefined);
    const degrees = found?.orientation_degrees ?? 0;
    if ((found?.orientation_confidence ?? 0) < MIN_ORIENTATION_CONFIDENCE) return 0;
    // tesseract.js reports the clockwise turn that puts the page upright (a page scanned turned by
    // 90° clockwise comes back as 270).
    return (degrees % 360) as QuarterTurn;
  }

  async function readBands(page: GrayImage, lines: TsvLine[], runs: DigitRun[], asOfYmd: number): Promise<void> {
    const reads = await Promise.all(
      runs.map((run) =>
        eng.use(async (w) => {
          // A read that does not validate as an ID is retried on a differently framed band: the
          // English model is sensitive to a few pixels of margin and to the enlargement factor.
          let last: { replacement?: string; confidence: number } = { confidence: 0 };
          for (const framing of BAND_FRAMINGS) {
            stats.bandReads++;
            const band = bandImage(page, run, framing);
            const r = await timed('bandMs', w.recognize(toPgm(band), {}, { text: true, tsv: false }, jobTimeoutMs));
            last = { replacement: bandReplacement(run, r.text ?? '', asOfYmd), confidence: r.confidence ?? 0 };
            if (!run.idLike || (last.replacement && isCleanId(last.replacement, asOfYmd))) break;
          }
          return { run, ...last };
        }),
      ),
    );
    // Right to left within a line, so the character offsets of the runs not yet merged stay valid.
    reads.sort((a, b) => a.run.line - b.run.line || b.run.start - a.run.start);
    for (const { run, replacement, confidence } of reads) if (replacement) mergeBandReading(lines, run, replacement, confidence);
  }

  async function recognize(image: Buffer, options: { signal?: AbortSignal } = {}): Promise<OcrPage> {
    options.signal?.throwIfAborted();
    const format = sniffImageFormat(image);
    if (!format) throw new Error('not an image format OCR can read');
    stats.images++;
    // Posting a view to a thread clones its whole ArrayBuffer: copy a slice of a larger buffer
    // (an archive member) rather than ship the archive.
    const whole = image.byteOffset === 0 && image.byteLength === image.buffer.byteLength;
    const bytes = whole ? new Uint8Array(image.buffer, 0, image.byteLength) : new Uint8Array(image);
    const orientation = format === 'jpg' ? jpegExifOrientation(bytes) : 1;
    const asOfYmd = ymd(new Date());

    const { page, lines, turn, viewW, viewH, factor } = await chi.use(async (w) => {
      const decoded = await timed('decodeMs', w.decode({ bytes, maxPixels: MAX_PIXELS, maxSourcePixels: MAX_SOURCE_PIXELS }, jobTimeoutMs));
      let gray: GrayImage = applyExifOrientation({ data: decoded.gray, width: decoded.width, height: decoded.height }, orientation);
      // Sizes "as a viewer shows the file": EXIF turns by 90/270 swap the stored width and height.
      const swapped = orientation >= 5;
      const viewW = swapped ? decoded.sourceHeight : decoded.sourceWidth;
      const viewH = swapped ? decoded.sourceWidth : decoded.sourceHeight;
      let factor = gray.width / viewW;
      const longSide = Math.max(gray.width, gray.height);
      const shortSide = Math.min(gray.width, gray.height);
      if (longSide < MIN_LONG_SIDE || shortSide < MIN_SHORT_SIDE) {
        const up = Math.min(2.5, Math.max(UPSCALED_LONG_SIDE / longSide, UPSCALED_SHORT_SIDE / shortSide));
        gray = scale(gray, up);
        factor *= up;
      }
      options.signal?.throwIfAborted();
      let lines = await timed('pageMs', readPage(w, gray, jobTimeoutMs));
      let turn: QuarterTurn = 0;
      let page = gray;
      if (strongChars(lines) < MIN_STRONG_CHARS || mostlySideways(lines)) {
        // Turns to try, OSD's guess first. Without a guess only a page that holds text (many
        // words, none read well) is worth more passes: a photo without text stays as it is.
        const guess = await detectTurn(gray);
        const wordy = wordCount(lines) >= MIN_WORDS_OF_TURNED_TEXT;
        const tries = [...new Set<QuarterTurn>([...(guess ? [guess] : []), ...(wordy ? ([180, 90, 270] as const) : [])])].slice(0, MAX_TURN_TRIES);
        let best = strongChars(lines);
        for (const t of tries) {
          const turned = rotate(gray, t);
          const again = await timed('pageMs', readPage(w, turned, jobTimeoutMs));
          const strong = strongChars(again);
          if (strong > best) {
            best = strong;
            lines = again;
            turn = t;
            page = turned;
          }
          if (best >= 2 * MIN_STRONG_CHARS) break;
        }
        if (turn !== 0) stats.turnedPages++;
      }
      if (opts.judge?.needsSecondLook(lines.map(lineText).join('\n'), asOfYmd)) {
        stats.secondLooks++;
        const sparse = await timed('pageMs', readPage(w, page, jobTimeoutMs, { tessedit_pageseg_mode: '11' }));
        lines = [...lines, ...linesToAdd(lines, sparse, opts.judge)];
      }
      return { page, lines, turn, viewW, viewH, factor };
    });

    options.signal?.throwIfAborted();
    const runs = findDigitRuns(lines, asOfYmd);
    if (runs.length > 0) await readBands(page, lines, runs.slice(0, 4), asOfYmd);

    // Boxes back to the pixels of the file as a viewer shows it: undo our turn, then our scaling.
    const rotW = turn === 90 || turn === 270 ? page.height : page.width;
    const rotH = turn === 90 || turn === 270 ? page.width : page.height;
    const toImageBox = (x: number, y: number, w: number, h: number): BBox => {
      const [ax, ay] = unrotatePoint(x, y, turn, rotW, rotH);
      const [bx, by] = unrotatePoint(x + w, y + h, turn, rotW, rotH);
      const x0 = Math.min(ax, bx) / factor;
      const y0 = Math.min(ay, by) / factor;
      return [Math.round(x0), Math.round(y0), Math.round(Math.abs(bx - ax) / factor), Math.round(Math.abs(by - ay) / factor)];
    };
    const laid = layoutText(lines, toImageBox);
    const confidences = laid.words.map((w) => w.confidence);
    const confidence = confidences.length ? confidences.reduce((a, b) => a + b, 0) / confidences.length : 0;
    return { text: laid.text, words: laid.words, width: viewW, height: viewH, confidence: Math.round(confidence * 10) / 10, rotation: turn };
  }

  return {
    workers,
    stats,
    recognize,
    async terminate() {
      const closing = [chi.terminate(), eng.terminate()];
      if (osd) closing.push(osd.then((w) => w?.terminate()));
      await Promise.all(closing);
    },
  };
}

async function readPage(w: OcrWorker, img: GrayImage, timeoutMs: number, params: Record<string, string> = {}): Promise<TsvLine[]> {
  const r = await w.recognize(toPgm(img), params, { text: false, tsv: true }, timeoutMs);
  return parseTsv(r.tsv ?? '');
}

function lineText(line: TsvLine): string {
  return line.words.map((w) => w.text).join('');
}

/**
 * What the sparse look adds: annotation lines (each with the line after it, where the date is
 * written) and any line in a place the first read left empty. A line the first read already
 * covers is not added again: its values would be counted twice.
 */
function linesToAdd(first: readonly TsvLine[], sparse: readonly TsvLine[], judge: PageJudge): TsvLine[] {
  const boxes = first.flatMap((l) => l.words);
  const covered = (line: TsvLine): boolean => {
    const b = unionBox(line.words);
    const area = Math.max(1, b.w * b.h);
    return boxes.some((w) => overlap(b, w) > 0.2 * Math.min(area, w.w * w.h));
  };
  const keep = new Set<number>();
  sparse.forEach((line, i) => {
    if (judge.isAnnotationLine(lineText(line))) {
      keep.add(i);
      if (i + 1 < sparse.length) keep.add(i + 1);
    } else if (!covered(line)) {
      keep.add(i);
    }
  });
  return [...keep].sort((a, b) => a - b).map((i) => sparse[i]);
}

function overlap(a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function unionBox(words: readonly TsvWord[]): { x: number; y: number; w: number; h: number } {
  const x0 = Math.min(...words.map((w) => w.x));
  const y0 = Math.min(...words.map((w) => w.y));
  const x1 = Math.max(...words.map((w) => w.x + w.w));
  const y1 = Math.max(...words.map((w) => w.y + w.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * Chinese characters in words read with high confidence: a measure of "found real text". Digits do
 * not count: an upside-down ID line reads as confident digits and letters.
 */
function strongChars(lines: readonly TsvLine[]): number {
  let n = 0;
  for (const line of lines) for (const w of line.words) if (w.confidence >= STRONG_CONFIDENCE) n += (w.text.match(/[\u4e00-\u9fff]/g) ?? []).length;
  return n;
}

function wordCount(lines: readonly TsvLine[]): number {
  return lines.reduce((n, l) => n + l.words.length, 0);
}

/**
 * Tesseract reads a card turned by 90° as vertical Chinese text, passably but losing lines; when
 * most words of two or more characters are taller than wide, the page is worth turning.
 */
function mostlySideways(lines: readonly TsvLine[]): boolean {
  let tall = 0;
  let counted = 0;
  for (const line of lines)
    for (const w of line.words) {
      if (w.text.length < 2) continue;
      counted++;
      if (w.h > w.w * 1.3) tall++;
    }
  return counted >= 4 && tall > counted / 2;
}

/** How a band is cut and enlarged: margins in line heights, text height to enlarge to. */
interface BandFraming {
  padX: number;
  padY: number;
  textHeight: number;
}

/** First framing, then the retries for an ID that did not validate. */
const BAND_FRAMINGS: readonly BandFraming[] = [
  { padX: 0.6, padY: 0.5, textHeight: BAND_TEXT_HEIGHT },
  { padX: 1.0, padY: 0.8, textHeight: BAND_TEXT_HEIGHT * 1.4 },
  { padX: 0.4, padY: 0.35, textHeight: 0 },
];

/**
 * The run's band with a margin, enlarged when its text is small. Never reduced: the run's box can
 * be inflated by a stamp overlapping the line, and shrinking would make the digits illegible.
 */
function bandImage(page: GrayImage, run: DigitRun, framing: BandFraming): GrayImage {
  const { x, y, w, h } = run.box;
  const padY = Math.round(h * framing.padY);
  const padX = Math.round(h * framing.padX);
  const band = crop(page, x - padX, y - padY, w + 2 * padX, h + 2 * padY);
  const f = Math.min(3, framing.textHeight / Math.max(1, h));
  return f > 1.15 ? scale(band, f) : band;
}
