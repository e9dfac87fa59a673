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

/** An image or PDF page recognised as a copy of a resident ID card (issue 4). */
export interface IdCopy {
  location: Location;
  side: 'front' | 'back' | 'both';
  /** The purpose annotation written on the copy ("仅供…使用，他用无效"), when one was read. */
  annotation?: { purpose?: string; date?: string };
  /** Validity period read from the back side (`2015.03.01-2035.03.01`, `长期`). */
  validity?: { from?: string; to?: string };
  /** True when the validity period ended before the as-of date. */
  expired?: boolean;
  /** Keyed fingerprints of the ID numbers read on it (none when the number was unreadable). */
  fingerprints: string[];
}

/** The same ID card stored more than once (same ID fingerprint on several copies). */
export interface IdCopyDuplicate {
  fingerprint: string;
  copies: Location[];
}
