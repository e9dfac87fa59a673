import type { Candidate } from '../model/candidate.js';
import type { Finding } from '../model/finding.js';
import { fingerprint } from './fingerprint.js';
import { maskVerdict } from './mask-verdict.js';

export { DEFAULT_MASK_THRESHOLD, countCandidates } from './mask-verdict.js';
export { findIdentityKits } from './identity-kit.js';
export { idCopyOf, idFingerprints, IdCopyIndex } from './id-copy/index.js';
export { MaskLinker, type CombinationFinding } from './mask-combination.js';

export interface AnalyzeOptions {
  key: Buffer;
  /** Candidate threshold of the masking policy. */
  threshold: number;
  asOf: Date;
}

/**
 * The analyze stage: candidates of one source in, findings out (the same objects, completed). Adds the masking verdict and the
 * keyed fingerprint. A masked pattern that no real value of its kind fits (0 candidates) is read
 * as its next alternative kind, and dropped when none fits.
 */
export function analyze(candidates: Candidate[], opts: AnalyzeOptions): Finding[] {
  const out: Finding[] = [];
  for (const found of candidates) {
    let c = found;
    let mask = maskVerdict(c, opts.threshold, opts.asOf);
    for (const alt of found.alternatives ?? []) {
      if (!(c.masked && mask.candidates === 0)) break;
      c = { ...found, ...alt, alternatives: undefined };
      mask = maskVerdict(c, opts.threshold, opts.asOf);
    }
    if (c.masked && mask.candidates === 0) continue;
    // The candidate becomes the finding in place: it is not used again, and a copy of every
    // field per value showed in the profile of scans with hundreds of thousands of values.
    const f = c as Finding;
    f.mask = mask;
    f.fingerprint = fingerprint(opts.key, c);
    out.push(f);
  }
  return out;
}
