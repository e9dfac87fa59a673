import type { Finding } from '../../model/finding.js';
import type { Location } from '../../model/location.js';
import type { IdCopy, IdCopyDuplicate } from '../../model/record.js';
import { classifyIdCopy } from './classify.js';

/**
 * ID-card copies (issue 4, reference 6.1 and 6.3): an image or PDF page whose text reads as the
 * front (公民身份号码, 姓名, 住址 + a valid ID) or back (签发机关, 有效期限) of a resident ID card,
 * also when the number itself could not be read. The purpose annotation, the validity period and
 * the IDs' fingerprints are kept; the text itself is not.
 */
export function idCopyOf(text: string, findings: readonly Finding[], location: Location, asOf: Date): IdCopy | undefined {
  const c = classifyIdCopy(text);
  if (!c.side) return undefined;
  const fingerprints = idFingerprints(findings);
  const copy: IdCopy = { location, side: c.side, fingerprints };
  if (c.annotation) copy.annotation = { ...(c.annotation.purpose ? { purpose: c.annotation.purpose } : {}), ...(c.annotation.date ? { date: c.annotation.date } : {}) };
  if (c.validity) {
    copy.validity = { ...(c.validity.from ? { from: c.validity.from } : {}), ...(c.validity.to ? { to: c.validity.to } : {}) };
    const end = c.validity.to && /^\d{4}\.?\d{2}\.?\d{2}$/.test(c.validity.to) ? c.validity.to.replace(/\./g, '') : undefined;
    if (end) copy.expired = Number(end) < Number(asOf.toISOString().slice(0, 10).replace(/-/g, ''));
  }
  return copy;
}

/** Fingerprints of the clear resident IDs among findings (what links copies of one card). */
export function idFingerprints(findings: readonly Finding[]): string[] {
  return [...new Set(findings.filter((f) => f.detector === 'cn-id' && !f.masked).map((f) => f.fingerprint))];
}

/** Collects copies across the scan and finds the same card stored more than once. */
export class IdCopyIndex {
  private readonly byId = new Map<string, Location[]>();

  add(copy: IdCopy): void {
    for (const fp of copy.fingerprints) {
      let list = this.byId.get(fp);
      if (!list) this.byId.set(fp, (list = []));
      list.push(copy.location);
    }
  }

  duplicates(): IdCopyDuplicate[] {
    const out: IdCopyDuplicate[] = [];
    for (const [fingerprint, copies] of this.byId) if (copies.length > 1) out.push({ fingerprint, copies });
    return out;
  }
}
