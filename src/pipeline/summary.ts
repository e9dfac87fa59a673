import type { ReportFinding, Violation } from '../model/finding.js';
import type { InventoryEntry, ScanSummary } from '../model/report.js';

/** What a judged finding becomes in the report, and the counts the summary keeps of them. */

/** A clear resident ID read on an ID-card image is critical (decisions: an ID-card image is critical). */
export function onIdCard(v: Violation): void {
  if (v.detector === 'cn-id' && v.rule === 'pi-unmasked' && v.severity !== 'info') v.severity = 'critical';
}

export function toReportFinding(v: Violation): ReportFinding {
  // Keys in the order of the contract's example, so a report reads the same as the README.
  const out: ReportFinding = { rule: v.rule, detector: v.detector, severity: v.severity, articles: v.articles, location: v.location } as ReportFinding;
  if (v.evidence !== undefined) out.evidence = v.evidence;
  if (v.masked !== undefined) out.masked = v.masked;
  if (v.candidates !== undefined) out.candidates = v.candidates;
  if (v.fingerprint !== undefined) out.fingerprint = v.fingerprint;
  out.message = v.message;
  if (v.confidence !== undefined) out.confidence = v.confidence;
  return out;
}

/** Counts per kind of information for the summary's person inventory, in bounded memory. */
export class Inventory {
  private readonly kinds = new Map<string, { e: InventoryEntry; paths: Map<string, number>; seen: Set<number> }>();

  add(f: ReportFinding): void {
    let k = this.kinds.get(f.detector!);
    if (!k) {
      k = { e: { values: 0, clear: 0, weak: 0, masked: 0, distinct: 0, locations: [], moreLocations: 0 }, paths: new Map(), seen: new Set() };
      this.kinds.set(f.detector!, k);
    }
    k.e.values++;
    if (f.rule === 'pi-unmasked') {
      k.e.clear++;
      if (f.fingerprint) k.seen.add(personKey(f.fingerprint));
    } else if (f.rule === 'pi-weak-mask') k.e.weak++;
    else if (f.rule === 'pi-masked') k.e.masked++;
    k.paths.set(f.location.path, (k.paths.get(f.location.path) ?? 0) + 1);
  }

  entries(): ScanSummary['inventory'] {
    const out: ScanSummary['inventory'] = {};
    for (const [id, k] of this.kinds) {
      const sorted = [...k.paths].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      out[id as keyof ScanSummary['inventory']] = {
        ...k.e,
        distinct: k.seen.size,
        locations: sorted.slice(0, 50).map(([path, values]) => ({ path, values })),
        moreLocations: Math.max(0, sorted.length - 50),
      };
    }
    return out;
  }
}

/**
 * 30 bits of a keyed fingerprint, for counting distinct people: a small integer stays unboxed in
 * a Set (a 52-bit key cost ~40 bytes each and 300 MB on a 2 GB log with millions of values). The
 * count is exact in practice below ~10,000 people and undercounts by ~0.05 % at a million.
 */
export function personKey(fingerprint: string): number {
  return parseInt(fingerprint.slice(0, 8), 16) >>> 2;
}
