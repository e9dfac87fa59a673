import type { DocumentItem } from '../../model/document.js';
import { partFailure } from './failures.js';
import { DRAWING_VOCABULARY } from './flow.js';
import type { OfficePackage } from './package.js';
import type { PartSize } from './parts.js';
import { mainPart, readRelationships } from './rels.js';
import { readStory } from './story.js';
import { relationshipId, parseXmlFully } from './xml.js';

/**
 * pptx: each slide in presentation order with `at: { page: slideNumber }` (the number PowerPoint
 * shows, hidden slides included), its text boxes as paragraphs and its tables as tab-separated
 * rows, then its speaker notes (`notes, paragraph N`), where presenters keep what is not on screen.
 */
export async function* extractPptx(pkg: OfficePackage, size: Readonly<PartSize>, signal?: AbortSignal): AsyncGenerator<DocumentItem> {
  const presentation = await mainPart(pkg, 'ppt/presentation.xml', signal);
  const xml = await pkg.text(presentation, signal);
  if (xml === undefined) {
    yield { type: 'error', message: 'corrupt presentation: no presentation part' };
    return;
  }
  const rels = await readRelationships(pkg, presentation, signal);
  const order: string[] = [];
  await parseXmlFully(xml, presentation, {
    open(tag) {
      if (tag.name !== 'sldId') return;
      const rid = relationshipId(tag);
      const target = rels.find((r) => r.id === rid && r.type === 'slide')?.target;
      if (target && pkg.has(target)) order.push(target);
    },
  }, signal);
  const slides = order.length ? order : fallbackSlideOrder(pkg);
  for (const [i, slide] of slides.entries()) {
    if (signal?.aborted) return;
    const page = i + 1;
    try {
      yield* readStory(await pkg.stream(slide), slide, DRAWING_VOCABULARY, '', size, { page }, signal);
      const notes = (await readRelationships(pkg, slide, signal)).find((r) => r.type === 'notesSlide' && pkg.has(r.target));
      if (notes) yield* readStory(await pkg.stream(notes.target), notes.target, DRAWING_VOCABULARY, 'notes', size, { page }, signal);
    } catch (e) {
      yield partFailure(e, 'slide', { page });
    }
  }
}

/** Slides by the number in their part names when presentation.xml does not list them. */
function fallbackSlideOrder(pkg: OfficePackage): string[] {
  const slideNumber = (p: string): number => Number(/slide(\d+)\.xml$/.exec(p)?.[1] ?? 0);
  return [...pkg.names()].filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).sort((a, b) => slideNumber(a) - slideNumber(b));
}
