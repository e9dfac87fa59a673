/** A per-source problem: it goes into `scan.errors` and the scan goes on. */
export interface ScanError {
  path: string;
  message: string;
}

/** A path that was deliberately not scanned, with the reason (`scan.skipped`). */
export interface SkippedPath {
  path: string;
  reason: string;
}

/** A failure that stops the whole run with exit code 2 (bad arguments, nothing readable). */
export class FatalError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'FatalError';
  }
}
