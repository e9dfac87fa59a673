import type { Violation } from '../model/finding.js';
import { countCandidates, DEFAULT_MASK_THRESHOLD } from '../analyzers/index.js';
import { findDivisions } from '../detectors/address/matcher.js';

/**
 * Redaction (style.md practice 6): the last step that sees a raw value. Evidence is the value under
 * one canonical mask per detector, merged with the mask the source already had, and the result
 * must itself pass the masking policy (≥ 10,000 candidates); when it does not (a permit's area
 * code leaves few), the next, stronger mask is used. The raw finding is dropped afterwards.
 */

/** Canonical masks, most revealing first: [visible at start, visible at end]. */
const MASKS: Record<string, Array<[number, number]>> = {
  'cn-id': [[3, 4], [1, 1], [0, 0]],
  'cn-mobile': [[3, 4], [3, 0], [0, 0]],
  'bank-card': [[6, 4], [0, 4], [0, 0]],
};
const FALLBACK: Array<[number, number]> = [[2, 2], [1, 1], [0, 0]];

function applyMask(shown: string, keepStart: number, keepEnd: number): string {
  let out = '';
  for (let i = 0; i < shown.length; i++) out += i < keepStart || i >= shown.length - keepEnd ? shown[i] : '*';
  return out;
}

/** The evidence string for a detector's value (already masked values keep their own mask too). */
export function evidenceFor(detector: string, value: string, asOf: Date, threshold: number): string {
  // An e-mail keeps its domain (not personal) and the first character of the local part; a name
  // keeps its first character (the surname), as reference §6.2 recommends.
  if (detector === 'email') {
    const at = value.indexOf('@');
    return value[0] + '*'.repeat(Math.max(2, at - 1)) + value.slice(at);
  }
  if (detector === 'person-name') return value[0] + '*'.repeat(Math.max(1, value.length - 1));
  // An address keeps its leading division names (province, city, district: not personal) and
  // hides everything finer, the form reference §6.2 recommends (`北京市海淀区****`).
  if (detector === 'cn-address') {
    let keep = 0;
    for (const d of findDivisions(value)) {
      if (d.index !== keep || d.level === 'township') break;
      keep = d.index + d.length;
    }
    return value.slice(0, keep) + '****';
  }
  const bar = Math.max(threshold, DEFAULT_MASK_THRESHOLD);
  const masks = MASKS[detector] ?? FALLBACK;
  // 15-digit legacy IDs have no counter; first 3 + last 2 hides the whole birth date.
  if (detector === 'cn-id' && value.length === 15) return applyMask(value, 3, 2);
  for (const [s, e] of masks) {
    const ev = applyMask(value, s, e);
    if (s === 0 && e === 0) return ev;
    const n = countCandidates(detector as never, ev, asOf);
    if (n === undefined || n >= bar) return ev;
  }
  return '*'.repeat(value.length);
}

/** Sets each violation's evidence and drops its raw finding, in place (the violations are this stage's own). */
export function redact(violations: Violation[], asOf: Date, threshold: number): Violation[] {
  for (const v of violations) {
    const finding = v.finding;
    if (!finding) continue;
    v.evidence = evidenceFor(finding.detector, finding.value, asOf, threshold);
    v.finding = undefined;
  }
  return violations;
}
