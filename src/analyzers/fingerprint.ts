import { createHmac } from 'node:crypto';
import type { Candidate } from '../model/candidate.js';
import { id15to18 } from '../detectors/cn-id.js';

/**
 * Keyed fingerprints (decisions.md): HMAC-SHA256 of the normalised value, so equal values give
 * equal fingerprints while an unsalted hash of an ID (2.7e11 possibilities) could be reversed in
 * seconds. 15-digit IDs are converted to 18 digits first so both forms of one person match.
 * Masked values hash detector + shown pattern in a separate domain.
 */
export function fingerprint(key: Buffer, c: Pick<Candidate, 'detector' | 'value' | 'masked' | 'facts'>): string {
  const value = c.facts.idKind === 'resident-15' ? id15to18(c.value) : c.value;
  const input = `piaudit:${c.masked ? 'masked' : 'value'}:${c.detector}:${value}`;
  // Logs repeat the same values; an HMAC object per value showed in profiles. The cache lives in
  // this process only, is bounded, and is dropped with the key it was built for.
  if (cacheKey !== key) {
    cache.clear();
    cacheKey = key;
  }
  let fp = cache.get(input);
  if (fp === undefined) {
    fp = createHmac('sha256', key).update(input).digest('hex');
    if (cache.size >= 50_000) cache.clear();
    cache.set(input, fp);
  }
  return fp;
}

const cache = new Map<string, string>();
let cacheKey: Buffer | undefined;
