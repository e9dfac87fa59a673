import type { ReportFinding } from '../model/finding.js';
import type { Report } from '../model/report.js';

/**
 * A report being written while the scan runs: findings go out as they are found, so a 2 GB log
 * with a million findings neither holds them in memory nor builds one giant string (V8 strings
 * stop near 512 MB). `end` receives the report without findings (counts, errors, summary).
 */
export interface ReportWriter {
  add(f: ReportFinding): void;
  end(report: Report): void;
}

/**
 * Where report text goes. A sink that can also take bytes (`bytes`, which must be done with them
 * when it returns: the buffer is reused) lets the writer encode each small piece into one buffer:
 * building 64 KB strings of mixed Chinese and ASCII and encoding them whole cost six times as much
 * (a third of the report's time on a scan with 600,000 findings).
 */
export interface TextSink {
  (s: string): void;
  bytes?: (b: Uint8Array) => void;
}

/** Encoded bytes gathered before a write. */
const BYTE_CHUNK = 1 << 20;

/** Batches small writes (one per finding) into 64 KB strings, or 1 MiB of bytes for a byte sink. */
export class BufferedOut {
  private buf = '';
  private readonly bytes: Buffer | undefined;
  private at = 0;

  constructor(private readonly write: TextSink) {
    if (write.bytes) this.bytes = Buffer.allocUnsafe(BYTE_CHUNK);
  }

  push(s: string): void {
    const bytes = this.bytes;
    if (bytes) {
      // UTF-8 takes at most 3 bytes per UTF-16 unit: make room first, so nothing is cut.
      if (this.at + s.length * 3 > bytes.length) {
        this.flush();
        if (s.length * 3 > bytes.length) {
          this.write(s);
          return;
        }
      }
      this.at += bytes.write(s, this.at);
      return;
    }
    this.buf += s;
    if (this.buf.length >= 1 << 16) this.flush();
  }

  flush(): void {
    if (this.bytes) {
      if (this.at) this.write.bytes!(this.bytes.subarray(0, this.at));
      this.at = 0;
      return;
    }
    if (this.buf) this.write(this.buf);
    this.buf = '';
  }
}
