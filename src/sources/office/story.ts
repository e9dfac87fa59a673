import type { Readable } from 'node:stream';
import type { DocumentItem } from '../../model/document.js';
import type { Location } from '../../model/location.js';
import { FlowHandler, type FlowVocabulary } from './flow.js';
import { LinePartBuilder, TablePartBuilder, type PartSize } from './parts.js';
import { parseXml } from './xml.js';

/**
 * A story of a text document (Word body, header, footnotes; ODF body) as parts. Locations, in the
 * `field` of each value (there are no pages in a Word file until it is laid out):
 * - a paragraph: `paragraph 12`, the 12th paragraph of the story counted from 1, empty ones
 *   included (table paragraphs are not counted: they are in the table's location);
 * - a table cell: `table 2, row 3, column 4`, tables counted from 1 in document order, rows and
 *   columns from 1 (a column is the cell's position in its row, merged cells padded);
 * - outside the body the story comes first: `header 1, paragraph 2`, `footnotes, paragraph 3`.
 * Each table is its own part with its first row as line 1, so a header row labels its columns.
 * Slides add `at.page` (the slide number) and number paragraphs and tables per slide.
 */
export async function* readStory(source: Readable | string, partName: string, words: FlowVocabulary, story: string, size: Readonly<PartSize>, at: Partial<Location> = {}, signal?: AbortSignal): AsyncGenerator<DocumentItem> {
  const prefix = story ? `${story}, ` : '';
  const paragraphBuilder = (where: Partial<Location>) => new LinePartBuilder((n) => ({ field: `${prefix}paragraph ${n}` }), where, size);
  let where = at;
  let paragraphs = paragraphBuilder(where);
  let table: TablePartBuilder | undefined;
  const done: DocumentItem[] = [];
  const finishParagraphs = (): void => {
    paragraphs.flush();
    for (const part of paragraphs.take()) done.push({ type: 'text', part });
  };
  const handler = new FlowHandler(words, {
    paragraph: (n, text) => paragraphs.add(n, text),
    tableRow: (t, row, cells) => {
      table ??= new TablePartBuilder((r, c) => ({ field: `${prefix}table ${t}, row ${r}, column ${c + 1}` }), where, size);
      table.addRow(row, cells);
    },
    tableEnd: () => {
      table?.flush();
      for (const part of table?.take() ?? []) done.push({ type: 'text', part });
      table = undefined;
    },
    // Presentations in one XML (ODF): each page gets its own parts, located by page number.
    pageStart: (page) => {
      finishParagraphs();
      where = { ...at, page };
      paragraphs = paragraphBuilder(where);
    },
    pageEnd: finishParagraphs,
  });
  const drain = (): DocumentItem[] => {
    for (const part of paragraphs.take()) done.push({ type: 'text', part });
    for (const part of table?.take() ?? []) done.push({ type: 'text', part });
    return done.splice(0);
  };
  yield* parseXml<DocumentItem>(source, partName, handler, drain, signal);
  paragraphs.flush();
  table?.flush();
  yield* drain();
}
