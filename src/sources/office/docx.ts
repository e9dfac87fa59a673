import type { DocumentItem } from '../../model/document.js';
import { partFailure } from './failures.js';
import { WORD_VOCABULARY } from './flow.js';
import type { OfficePackage } from './package.js';
import type { PartSize } from './parts.js';
import { mainPart, readRelationships, type Relationship } from './rels.js';
import { readStory } from './story.js';

/** Stories besides the body, in the order they are read, and how their locations are prefixed. */
const SIDE_STORIES: ReadonlyArray<{ type: string; label: (index: number) => string }> = [
  { type: 'header', label: (i) => `header ${i}` },
  { type: 'footer', label: (i) => `footer ${i}` },
  { type: 'footnotes', label: () => 'footnotes' },
  { type: 'endnotes', label: () => 'endnotes' },
  { type: 'comments', label: () => 'comments' },
];

/**
 * docx: the body, then headers and footers (numbered by their part names, header1.xml → `header 1`),
 * footnotes, endnotes and comments. See story.ts for the location convention.
 */
export async function* extractDocx(pkg: OfficePackage, size: Readonly<PartSize>, signal?: AbortSignal): AsyncGenerator<DocumentItem> {
  const main = await mainPart(pkg, 'word/document.xml', signal);
  if (!pkg.has(main)) {
    yield { type: 'error', message: 'corrupt Word document: no document part' };
    return;
  }
  const rels = await readRelationships(pkg, main, signal);
  const stories: Array<{ part: string; label: string }> = [{ part: main, label: '' }];
  for (const side of SIDE_STORIES) {
    const parts = uniqueTargets(rels.filter((r) => r.type === side.type && pkg.has(r.target))).sort(byNumberInName);
    parts.forEach((part, i) => stories.push({ part, label: side.label(numberInName(part) ?? i + 1) }));
  }
  for (const story of stories) {
    if (signal?.aborted) return;
    try {
      yield* readStory(await pkg.stream(story.part), story.part, WORD_VOCABULARY, story.label, size, {}, signal);
    } catch (e) {
      yield partFailure(e, story.label || 'document body');
    }
  }
}

function uniqueTargets(rels: readonly Relationship[]): string[] {
  return [...new Set(rels.map((r) => r.target))];
}

function numberInName(part: string): number | undefined {
  const m = /(\d+)\.xml$/.exec(part);
  return m ? Number(m[1]) : undefined;
}

function byNumberInName(a: string, b: string): number {
  return (numberInName(a) ?? 0) - (numberInName(b) ?? 0) || a.localeCompare(b);
}
