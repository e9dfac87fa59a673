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
 * undefined for names, e-mail and addresses, which fall back to visible-character rules.
 */
export function countCandidates(detector: Candidate['detector'], pattern: string, asOf: Date): number | undefined {
  switch (detector) {
    case 'cn-id':
      return pattern.length === 18 ? countIdCandidates(pattern, { asOf, isKnownArea: isKnownAreaCode, areaCodes: listAreaCodes() }) : undefined;
    case 'cn-mobile':
      return countMobileCandidates(pattern, MOBILE_PREFIXES);
    case 'bank-card':
      return countCardCandidates(pattern, listBinPrefixes());
    case 'cn-landline':
    case 'hk-id':
    case 'tw-id':
    case 'mo-id':
    case 'cn-passport':
    case 'cn-permit':
      return countHidden(detector, pattern);
    default:
      return undefined;
  }
}

/**
 * Document numbers and landlines without a dedicated counter: every hidden position is a digit
 * (10 values; the letters of these formats sit in front and stay visible in every mask we have
 * seen), and a visible check character of an HK or Taiwan ID rules out 10 in 11 or 9 in 10.
 * An upper bound where the formats constrain more; good enough for "too few hidden characters".
 */
function countHidden(detector: Candidate['detector'], pattern: string): number {
  const hidden = [...pattern].filter((ch) => ch === '*').length;
  let n = 10 ** hidden;
  const checkVisible = pattern[pattern.length - 1] !== '*';
  if (checkVisible && detector === 'hk-id') n = Math.ceil(n / 11);
  if (checkVisible && detector === 'tw-id') n = Math.ceil(n / 10);
  return n;
}

/**
 * Kinds without a counter (names, e-mail, addresses) are judged by the conventions of reference
 * §6.2: at most one character of a name, or of an e-mail's local part, visible; no household-level
 * part of an address visible.
 */
function visibleRule(c: Candidate): MaskVerdict['strength'] {
  // An address is masked well when nothing below the township stays visible (no room, unit,
  // door number): the detector reports the finest level the visible part still reaches.
  if (c.detector === 'cn-address') return c.facts.addressLevel === 'household' ? 'weak' : 'masked';
  const value = c.value;
  const part = c.detector === 'email' ? value.slice(0, value.indexOf('@')) : value;
  const visible = [...part].filter((ch) => ch !== '*' && ch !== '某').length;
  return visible <= 1 ? 'masked' : 'weak';
}

/** Verdict for one candidate: clear values have 1 candidate; masked ones are counted. */
export function maskVerdict(c: Candidate, threshold: number, asOf: Date): MaskVerdict {
  if (!c.masked) return { candidates: 1, strength: 'clear' };
  const n = countCandidates(c.detector, c.value, asOf);
  if (n === undefined) return { candidates: Number.NaN, strength: visibleRule(c) };
  return { candidates: n, strength: n >= threshold ? 'masked' : 'weak' };
}
