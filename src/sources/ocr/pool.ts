/**
 * A fixed set of OCR workers of one language, handed out one job at a time. A worker that died
 * (crash, time limit) is replaced the next time its slot is used.
 */
import { OcrWorker, type WorkerSetup } from './worker-client.js';

export class WorkerPool {
  private readonly idle: OcrWorker[] = [];
  private readonly waiting: Array<{ resolve: (w: OcrWorker) => void; reject: (err: Error) => void }> = [];
  private readonly all = new Set<OcrWorker>();
  private closed = false;

  private constructor(
    private readonly setup: WorkerSetup,
    private readonly startTimeoutMs: number,
  ) {}

  static async start(setup: WorkerSetup, size: number, startTimeoutMs: number): Promise<WorkerPool> {
    const pool = new WorkerPool(setup, startTimeoutMs);
    const started = await Promise.allSettled(Array.from({ length: size }, () => OcrWorker.start(setup, startTimeoutMs)));
    for (const s of started) if (s.status === 'fulfilled') pool.add(s.value);
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await pool.terminate();
      throw failed.reason;
    }
    return pool;
  }

  get size(): number {
    return this.all.size;
  }

  /** Runs `job` on a free worker (waiting for one), replacing the worker first if it died. */
  async use<T>(job: (w: OcrWorker) => Promise<T>): Promise<T> {
    let w = await this.acquire();
    try {
      if (!w.alive) w = await this.replace(w);
      return await job(w);
    } finally {
      this.release(w);
    }
  }

  async terminate(): Promise<void> {
    this.closed = true;
    const workers = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('OCR engine terminated'));
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private add(w: OcrWorker): void {
    this.all.add(w);
    this.idle.push(w);
  }

  private acquire(): Promise<OcrWorker> {
    if (this.closed) return Promise.reject(new Error('OCR engine terminated'));
    const w = this.idle.pop();
    if (w) return Promise.resolve(w);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(w: OcrWorker): void {
    if (this.closed) return;
    const next = this.waiting.shift();
    if (next) next.resolve(w);
    else this.idle.push(w);
  }

  private async replace(dead: OcrWorker): Promise<OcrWorker> {
    this.all.delete(dead);
    const fresh = await OcrWorker.start(this.setup, this.startTimeoutMs);
    this.all.add(fresh);
    return fresh;
  }
}
