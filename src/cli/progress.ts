/**
 * A one-line progress display on stderr for long scans (issue 6): files done, bytes, speed, the
 * current file and, for a big file whose size is known, its ETA. Shown only when stderr is a
 * terminal and not under --quiet, redrawn at most 10 times a second, cleared at the end, and
 * silent for the first second so quick scans (a pre-commit hook) print nothing extra.
 */
export interface ProgressEvent {
  files: number;
  bytes: number;
  /** The source being read, and how far into it (bytes) when known. */
  current?: string;
  currentBytes?: number;
  currentSize?: number;
}

const REDRAW_MS = 100;
const QUIET_START_MS = 1000;

export class ProgressLine {
  private readonly started = Date.now();
  private last = 0;
  private shown = false;

  constructor(
    private readonly write: (s: string) => void,
    private readonly columns: number,
  ) {}

  update(p: ProgressEvent): void {
    const now = Date.now();
    if (now - this.started < QUIET_START_MS || now - this.last < REDRAW_MS) return;
    this.last = now;
    const secs = (now - this.started) / 1000;
    const mbps = p.bytes / 1048576 / secs;
    let line = `scanning: ${p.files} file(s), ${(p.bytes / 1048576).toFixed(1)} MB, ${mbps.toFixed(1)} MB/s`;
    if (p.current && p.currentSize && p.currentBytes && p.currentSize > 64 << 20 && mbps > 0) {
      const left = (p.currentSize - p.currentBytes) / 1048576 / mbps;
      line += `, ${Math.round((100 * p.currentBytes) / p.currentSize)} % of this file, ~${Math.ceil(left)} s left`;
    }
    if (p.current) line += ` — ${p.current}`;
    // Never wrap: a wrapped line cannot be redrawn in place.
    if (line.length > this.columns - 1) line = line.slice(0, Math.max(10, this.columns - 2)) + '…';
    this.write(`\r\x1b[2K${line}`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.write('\r\x1b[2K');
  }
}
