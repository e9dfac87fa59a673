import type { Candidate } from '../model/candidate.js';
import type { Finding } from '../model/finding.js';
import { fingerprint } from './fingerprint.js';
import { maskVerdict } from './mask-verdict.js';

export { DEFAULT_MASK_THRESHOLD, countCandidates } from './mask-verdict.js';

export interface AnalyzeOptions {
  key: Buffer;
  /** Candidate threshold of the masking policy. */
  threshold: number;
  asOf: Date;
}

/**
 * The analyze stage: candidates of one source in, findings out. Adds the masking verdict and the
 * keyed fingerprint. A masked pattern that no real value fits (0 candidates) was not this kind
 * of value after all and is dropped here.
 */
export function analyze(candidates: Candidate[], opts: AnalyzeOptions): Finding[] {
  const out: Finding[] = [];
  for (const c of candidates) {
    const mask = maskVerdict(c, opts.threshold, opts.asOf);
    if (c.masked && mask.candidates === 0) continue;
    out.push({ ...c, mask, fingerprint: fingerprint(opts.key, c) });
  }
  return out;
}
