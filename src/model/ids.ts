/** Detector ids of the report contract; a detector's file name equals its id. */
export const DETECTOR_IDS = [
  'cn-id', 'cn-mobile', 'cn-landline', 'cn-address', 'bank-card', 'email', 'cn-passport',
  'hk-id', 'mo-id', 'tw-id', 'cn-permit', 'person-name',
] as const;
export type DetectorId = (typeof DETECTOR_IDS)[number];

/** Rule ids of the report contract (names are fixed; later issues implement the rest). */
export const RULE_IDS = [
  'pi-unmasked', 'pi-masked', 'pi-weak-mask', 'pi-mask-combination', 'pi-identity-kit',
  'retention-expired', 'id-copy-no-purpose', 'id-copy-duplicate', 'id-copy-stored', 'exposed-permissions',
] as const;
export type RuleId = (typeof RULE_IDS)[number];
