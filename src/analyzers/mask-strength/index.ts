/**
 * Masking strength: the exact number of real values consistent with a masked value. Pure functions
 * with injected data (area codes, mobile segments, BINs); the policy threshold (< 10,000 = weak mask)
 * is applied by the caller.
 */
export { countIdCandidates, type IdCountOptions } from './cn-id.js';
export { countMobileCandidates } from './cn-mobile.js';
export { countCardCandidates } from './bank-card.js';
