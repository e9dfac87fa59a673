import type { DetectorId } from './ids.js';
import type { Location } from './location.js';

/** Facts a detector learned while validating a value; analyzers and rules read them. */
export interface CandidateFacts {
  /** cn-id: kind of number. */
  idKind?: 'resident' | 'resident-15' | 'permit-hk' | 'permit-mo' | 'permit-tw' | 'foreign-permanent';
  /** cn-id: holder younger than 14 on the as-of date (PIPL Art. 28: sensitive). */
  under14?: boolean;
  /** cn-id: the area code is not in the historical GB/T 2260 set (lower confidence). */
  unknownArea?: boolean;
  /** bank-card: issuer from the BIN table. */
  issuer?: string;
  /** cn-mobile: carrier segment, for messages. */
  segment?: string;
  /** cn-address: the finest level the visible part reaches. */
  addressLevel?: 'household' | 'building';
  /** The value is a documented example (rules/well-known-examples.json). */
  wellKnown?: boolean;
}

/**
 * A value a detector found. `value` is the normalised full value (or, when masked, the shown
 * pattern with every mask character as `*`). It never leaves the process: postprocess/redact
 * replaces it with masked evidence before any report is rendered.
 */
export interface Candidate {
  detector: DetectorId;
  location: Location;
  value: string;
  masked: boolean;
  /** 0..1: pattern + validation + context. */
  confidence: number;
  /** Context keywords seen near the value. */
  context: boolean;
  facts: CandidateFacts;
  /** Record key for record-level analyzers: path + line for text. */
  record: string;
  /**
   * Other readings of a masked value, most confident first (`62**************34` may be a card or
   * an ID): the analyzer takes the first one that some real value fits.
   */
  alternatives?: Array<Pick<Candidate, 'detector' | 'value' | 'confidence' | 'context' | 'facts'>>;
}
