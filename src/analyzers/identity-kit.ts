import { createHash } from 'node:crypto';
import type { Finding } from '../model/finding.js';
import type { DetectorId } from '../model/ids.js';
import type { KitKind, RecordFinding } from '../model/record.js';

/** Which kit kind a detector contributes (e-mail is personal information but not in the kit list). */
const KIND: Partial<Record<DetectorId, KitKind>> = {
  'person-name': 'name',
  'cn-id': 'id',
  'hk-id': 'id',
  'mo-id': 'id',
  'tw-id': 'id',
  'cn-passport': 'id',
  'cn-permit': 'id',
  'cn-mobile': 'phone',
  'cn-landline': 'phone',
  'cn-address': 'address',
  'bank-card': 'card',
};

/** Three kinds for one person are enough to impersonate them (open an account, pass a KYC check). */
export const KIT_MIN_KINDS = 3;

/**
 * Identity kits (issue #3): a record holding three or more kinds among name, ID, phone, address and
 * bank card. Values masked well do not count (they no longer identify); clear and weakly masked
 * ones do. The fingerprints inside are already keyed, so hashing them together needs no key.
 */
export function findIdentityKits(findings: readonly Finding[]): RecordFinding[] {
  const byRecord = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!KIND[f.detector] || f.mask.strength === 'masked') continue;
    const k = `${f.location.path}\u0000${f.location.entry ?? ''}\u0000${f.record}`;
    let list = byRecord.get(k);
    if (!list) byRecord.set(k, (list = []));
    list.push(f);
  }
  const out: RecordFinding[] = [];
  for (const list of byRecord.values()) {
    const kinds = [...new Set(list.map((f) => KIND[f.detector]!))];
    if (kinds.length < KIT_MIN_KINDS) continue;
    const order: KitKind[] = ['name', 'id', 'phone', 'address', 'card'];
    kinds.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const first = list[0];
    const fp = createHash('sha256')
      .update(list.map((f) => f.fingerprint).sort().join(':'))
      .digest('hex');
    // A record-level finding points at the record (the line), not at one value's column.
    const { col: _col, ...where } = first.location;
    out.push({ rule: 'pi-identity-kit', location: where, kinds, detectors: [...new Set(list.map((f) => f.detector))], fingerprint: fp, members: list });
  }
  return out;
}
