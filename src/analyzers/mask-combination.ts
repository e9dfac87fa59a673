import { createHash } from 'node:crypto';
import type { Finding } from '../model/finding.js';
import type { DetectorId } from '../model/ids.js';
import type { Location } from '../model/location.js';
import { countCandidates } from './mask-verdict.js';

/**
 * pi-mask-combination (issue #3): the same value masked differently in different places (a log
 * keeps the first digits, an export the last ones). Masked views are linked when they share a
 * context that names the same person: the same record (line), or a clear name with the same
 * fingerprint in their records. Views of one link whose visible characters agree are merged; when
 * the union leaves fewer candidates than the policy threshold, while each view alone left more than
 * the union, the masking can be undone by combination: one finding names every place.
 * State is kept for the whole scan in bounded form (patterns and locations, no clear values).
 */

/** Kinds with a candidate counter (the merge is judged by counting). */
const COMBINABLE = new Set<DetectorId>(['cn-id', 'cn-mobile', 'bank-card']);
/** Views kept per link; a link with more is a bulk export, not one person's trail. */
const MAX_VIEWS = 4;
/** Name links kept across the scan: bounded memory on huge scans (older links are dropped first). */
const MAX_LINKS = 10_000;

export interface CombinationFinding {
  rule: 'pi-mask-combination';
  detector: DetectorId;
  /** Union of the visible characters (still masked where every view hides). */
  union: string;
  candidates: number;
  locations: Location[];
  fingerprint: string;
}

interface View {
  pattern: string;
  location: Location;
  fingerprint: string;
}

function merge(a: string, b: string): string | undefined {
  let out = '';
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== '*' && y !== '*' && x !== y) return undefined;
    out += x === '*' ? y : x;
  }
  return out;
}

export class MaskLinker {
  /** Links by a person's name: they span windows and files. */
  private readonly links = new Map<string, View[]>();
  /** Links by record, judged as soon as their window is done (records never span windows). */
  private readonly local = new Map<string, View[]>();
  private readonly found: CombinationFinding[] = [];
  private readonly reported = new Set<string>();

  constructor(
    private readonly threshold: number,
    private readonly asOf: Date,
  ) {}

  /** Feed the findings of one window (records are lines, so a window holds whole records). */
  add(findings: readonly Finding[]): void {
    const names = new Map<string, string>();
    for (const f of findings) if (f.detector === 'person-name' && !f.masked) names.set(recordKey(f), f.fingerprint);
    for (const f of findings) {
      if (!f.masked || !COMBINABLE.has(f.detector)) continue;
      const rk = recordKey(f);
      const view = { pattern: f.value, location: f.location, fingerprint: f.fingerprint };
      remember(this.local, `${f.detector}:${f.value.length}:r:${rk}`, view, Infinity);
      const name = names.get(rk);
      if (name) remember(this.links, `${f.detector}:${f.value.length}:n:${name}`, view, MAX_LINKS);
    }
    this.judge(this.local);
    this.local.clear();
  }

  /** The combinations found, once the scan is over. */
  results(): CombinationFinding[] {
    this.judge(this.links);
    return this.found;
  }

  private judge(links: Map<string, View[]>): void {
    const out = this.found;
    const reported = this.reported;
    for (const [key, views] of links) {
      const patterns = new Set(views.map((v) => v.pattern));
      if (patterns.size < 2) continue;
      const detector = key.slice(0, key.indexOf(':')) as DetectorId;
      // Merge greedily the views that agree with the first one.
      let union = views[0].pattern;
      const used: View[] = [views[0]];
      for (const v of views.slice(1)) {
        const m = merge(union, v.pattern);
        if (m !== undefined && m !== union) {
          union = m;
          used.push(v);
        } else if (m === union) used.push(v);
      }
      if (new Set(used.map((u) => u.pattern)).size < 2) continue;
      const n = countCandidates(detector, union, this.asOf);
      if (n === undefined || n >= this.threshold) continue;
      const smallestAlone = Math.min(...used.map((u) => countCandidates(detector, u.pattern, this.asOf) ?? Infinity));
      if (n >= smallestAlone) continue;
      const id = `${detector}:${union}:${used.map((u) => u.fingerprint).sort().join(',')}`;
      if (reported.has(id)) continue;
      reported.add(id);
      const fingerprint = createHash('sha256').update(used.map((u) => u.fingerprint).sort().join(':')).digest('hex');
      out.push({ rule: 'pi-mask-combination', detector, union, candidates: n, locations: used.map((u) => u.location), fingerprint });
    }
  }
}

function remember(links: Map<string, View[]>, key: string, v: View, max: number): void {
  let views = links.get(key);
  if (!views) {
    if (links.size >= max) links.delete(links.keys().next().value!);
    links.set(key, (views = []));
  }
  if (views.length < MAX_VIEWS && !views.some((x) => x.pattern === v.pattern && x.location === v.location)) views.push(v);
}

function recordKey(f: Finding): string {
  return `${f.location.path}\u0000${f.location.entry ?? ''}\u0000${f.record}`;
}
