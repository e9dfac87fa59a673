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

/** Batches small writes (one per finding) into 64 KB chunks. */
export class BufferedOut {
  private buf = '';
  constructor(private readonly write: (s: string) => void) {}

  push(s: string): void {
    this.buf += s;
    if (this.buf.length >= 1 << 16) this.flush();
  }

  flush(): void {
    if (this.buf) this.write(this.buf);
    this.buf = '';
  }
}
