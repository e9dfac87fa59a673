import type { Candidate } from './candidate.js';
import type { DetectorId, RuleId } from './ids.js';
import type { Location } from './location.js';
import type { Severity } from './severity.js';

/** How well a value is masked: counted, not guessed (analyzers/mask-strength). */
export interface MaskVerdict {
  /** How many real values fit what is visible (1 for a value in clear). */
  candidates: number;
  strength: 'clear' | 'weak' | 'masked';
}

/** A candidate after analysis: masking verdict and fingerprint added. */
export interface Finding extends Candidate {
  mask: MaskVerdict;
  /** Keyed hash (HMAC-SHA256) of the normalised value, hex. */
  fingerprint: string;
}

/** A finding judged by a rule: what the report shows, still with the raw value until redaction. */
export interface Violation {
  rule: RuleId;
  detector: DetectorId | null;
  severity: Severity;
  articles: string[];
  location: Location;
  masked?: boolean;
  candidates?: number;
  fingerprint?: string;
  message: string;
  /** Detector confidence 0..1 (additive field of the report). */
  confidence?: number;
  /**
   * A well-known example value (rules/well-known-examples.json, the detectors' own examples): kept
   * at info whatever severity the user's `rules` config gives the rule.
   */
  example?: boolean;
  /** Only for value findings, until postprocess/redact turns it into `evidence`. */
  finding?: Finding;
  evidence?: string;
}

/** A finding as the JSON report prints it (schemaVersion 1). */
export interface ReportFinding {
  rule: RuleId;
  detector: DetectorId | null;
  severity: Severity;
  articles: string[];
  location: Location;
  evidence?: string;
  masked?: boolean;
  candidates?: number;
  fingerprint?: string;
  message: string;
  /** Detector confidence 0..1 after the context boost (additive, optional). */
  confidence?: number;
}
