import type { Candidate } from '../model/candidate.js';
import type { MaskVerdict } from '../model/finding.js';
import { isKnownAreaCode, listAreaCodes } from '../detectors/data/area-codes.js';
import { listBinPrefixes } from '../detectors/data/bank-bins.js';
import { MOBILE_SEGMENTS } from '../detectors/data/mobile-segments.js';
import { countCardCandidates, countIdCandidates, countMobileCandidates } from './mask-strength/index.js';

/** The policy (issue 2): fewer real values than this consistent with what is shown = weak mask. */
export const DEFAULT_MASK_THRESHOLD = 10_000;

const MOBILE_PREFIXES = MOBILE_SEGMENTS.map((s) => s.prefix);

/**
 * How many real values fit a shown pattern (`*` = hidden), for the detectors that have a counter;
 * undefined for kinds without one (later issues' detectors fall back to visible-character rules).
 */
export function countCandidates(detector: Candidate['detector'], pattern: string, asOf: Date): number | undefined {
  switch (detector) {
    case 'cn-id':
      return pattern.length === 18 ? countIdCandidates(pattern, { asOf, isKnownArea: isKnownAreaCode, areaCodes: listAreaCodes() }) : undefined;
    case 'cn-mobile':
      return countMobileCandidates(pattern, MOBILE_PREFIXES);
    case 'bank-card':
      return countCardCandidates(pattern, listBinPrefixes());
    default:
      return undefined;
  }
}

/** Verdict for one candidate: clear values have 1 candidate; masked ones are counted. */
export function maskVerdict(c: Candidate, threshold: number, asOf: Date): MaskVerdict {
  if (!c.masked) return { candidates: 1, strength: 'clear' };
  const n = countCandidates(c.detector, c.value, asOf);
  if (n === undefined) return { candidates: Number.NaN, strength: 'masked' };
  return { candidates: n, strength: n >= threshold ? 'masked' : 'weak' };
}
