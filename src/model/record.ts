import type { DetectorId } from './ids.js';
import type { Finding } from './finding.js';
import type { Location } from './location.js';

/** The kinds of Art. 1034 data an identity kit combines (issue #3). */
export type KitKind = 'name' | 'id' | 'phone' | 'address' | 'card';

/**
 * A record-level finding: something about several values seen together (one line, JSON object,
 * CSV row, later a DB row or document page), not about one value.
 */
export interface RecordFinding {
  rule: 'pi-identity-kit';
  location: Location;
  kinds: KitKind[];
  detectors: DetectorId[];
  /** Keyed hash over the member values' fingerprints: the same kit gives the same fingerprint. */
  fingerprint: string;
  /** The values that make the kit (raw values: in-process only, like every Finding before redaction). */
  members: Finding[];
}
