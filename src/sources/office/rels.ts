import { parseXmlFully } from './xml.js';
import { relsPathOf, resolveTarget, type OfficePackage } from './package.js';

/** One OPC relationship, its target resolved to a package path. */
export interface Relationship {
  id: string;
  /** The type's last segment: `worksheet`, `sharedStrings`, `header`, `slide`, `notesSlide`, `officeDocument`… */
  type: string;
  target: string;
}

/** The relationships of `part` ('' for the package's own `_rels/.rels`); external targets are left out. */
export async function readRelationships(pkg: OfficePackage, part: string, signal?: AbortSignal): Promise<Relationship[]> {
  const relsPath = part ? relsPathOf(part) : '_rels/.rels';
  const xml = await pkg.text(relsPath, signal);
  if (xml === undefined) return [];
  const out: Relationship[] = [];
  await parseXmlFully(xml, relsPath, {
    open(tag) {
      if (tag.name !== 'Relationship') return;
      const { Id, Type, Target, TargetMode } = tag.attributes;
      if (!Id || !Target || TargetMode === 'External') return;
      out.push({ id: Id, type: (Type ?? '').slice((Type ?? '').lastIndexOf('/') + 1), target: resolveTarget(part, Target) });
    },
  }, signal);
  return out;
}

/** The main part of an OOXML package (word/document.xml, xl/workbook.xml…), from `_rels/.rels`. */
export async function mainPart(pkg: OfficePackage, fallback: string, signal?: AbortSignal): Promise<string> {
  const rels = await readRelationships(pkg, '', signal);
  const main = rels.find((r) => r.type === 'officeDocument' && pkg.has(r.target));
  return main?.target ?? fallback;
}
