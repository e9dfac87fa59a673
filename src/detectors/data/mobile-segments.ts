/**
 * Mainland mobile number segments in use (11-digit numbers), reference §2.1 (table of 2020-05 after
 * VincentSit/ChinaMobilePhoneNumberRegex, cross-checked with libphonenumber). Prefixes never overlap,
 * so a number matches at most one entry. 13-digit IoT numbers are bound to devices, not people, and
 * are left out on purpose. 149 and the 174x blocks are here although libphonenumber rejects them.
 */
export interface MobileSegment {
  prefix: string;
  carrier: 'China Mobile' | 'China Unicom' | 'China Telecom' | 'China Broadnet' | 'Inmarsat' | 'MIIT emergency';
}

// Comma-separated on purpose: three prefixes separated by spaces read as one 3-4-4 phone number.
const RAW: Array<[MobileSegment['carrier'], string]> = [
  ['China Mobile', '1340,1341,1342,1343,1344,1345,1346,1347,1348,135,136,137,138,139,150,151,152,157,158,159,172,178,182,183,184,187,188,195,197,198,165,1703,1705,1706,147'],
  ['China Unicom', '130,131,132,155,156,166,175,176,185,186,196,167,171,1704,1707,1708,1709,145'],
  ['China Telecom', '133,1349,153,173,17400,17401,17402,17403,17404,17405,177,180,181,189,190,191,193,199,162,1700,1701,1702,149'],
  ['China Broadnet', '192'],
  ['Inmarsat', '1749'],
  ['MIIT emergency', '17406,17407,17408,17409,17410,17411,17412'],
];

export const MOBILE_SEGMENTS: readonly MobileSegment[] = RAW.flatMap(([carrier, list]) =>
  list.split(',').map((prefix) => ({ prefix, carrier })),
);

/** Segment of an 11-digit number, or undefined when its prefix is not assigned. */
export function mobileSegmentOf(digits11: string): MobileSegment | undefined {
  for (const s of MOBILE_SEGMENTS) if (digits11.startsWith(s.prefix)) return s;
  return undefined;
}
