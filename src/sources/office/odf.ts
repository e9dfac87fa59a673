import type { DocumentItem, TextPart } from '../../model/document.js';
import { partFailure } from './failures.js';
import { ODF_VOCABULARY } from './flow.js';
import { formatNumberCell } from './numbers.js';
import type { OfficePackage } from './package.js';
import { sheetLocator, TablePartBuilder, type PartSize } from './parts.js';
import { readStory } from './story.js';
import { attr, parseXml, type XmlHandler, type XmlTag } from './xml.js';

export type OdfKind = 'odt' | 'ods' | 'odp';

/** The ODF kinds by the package's `mimetype` (templates read like documents). */
export const ODF_MIMETYPES: Readonly<Record<string, OdfKind>> = {
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.text-template': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.spreadsheet-template': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
  'application/vnd.oasis.opendocument.presentation-template': 'odp',
};

/** A password-protected ODF file: content.xml is encrypted, the manifest says so. */
export async function odfIsEncrypted(pkg: OfficePackage, signal?: AbortSignal): Promise<boolean> {
  const manifest = await pkg.text('META-INF/manifest.xml', signal);
  return manifest !== undefined && /<(?:\w+:)?encryption-data\b/.test(manifest);
}

/**
 * OpenDocument: content.xml, the whole document in one XML. Text documents as Word ones (story.ts
 * conventions) plus headers and footers from styles.xml; spreadsheets as xlsx (`Sheet1!C7`);
 * presentations by page, like pptx slides.
 */
export async function* extractOdf(pkg: OfficePackage, kind: OdfKind, size: Readonly<PartSize>, signal?: AbortSignal): AsyncGenerator<DocumentItem> {
  if (!pkg.has('content.xml')) {
    yield { type: 'error', message: 'corrupt OpenDocument file: no content part' };
    return;
  }
  try {
    if (kind === 'ods') yield* readOdsContent(pkg, size, signal);
    else yield* readStory(await pkg.stream('content.xml'), 'content.xml', kind === 'odp' ? { ...ODF_VOCABULARY, page: 'page' } : ODF_VOCABULARY, '', size, {}, signal);
  } catch (e) {
    yield partFailure(e, 'document content');
  }
  if (kind === 'odt' && pkg.has('styles.xml')) {
    try {
      yield* readStory(await pkg.stream('styles.xml'), 'styles.xml', ODF_VOCABULARY, 'headers and footers', size, {}, signal);
    } catch (e) {
      yield partFailure(e, 'headers and footers');
    }
  }
}

async function* readOdsContent(pkg: OfficePackage, size: Readonly<PartSize>, signal?: AbortSignal): AsyncGenerator<DocumentItem> {
  const handler = new OdsHandler(size);
  const drain = (): DocumentItem[] => handler.take().map((part) => ({ type: 'text', part }));
  yield* parseXml<DocumentItem>(await pkg.stream('content.xml'), 'content.xml', handler, drain, signal);
}

/** Excel's column count: nothing past it is shown, and ODF repeats empty cells up to it. */
const MAX_COLUMNS = 16384;

/**
 * SAX state for `<table:table table:name><table:table-row><table:table-cell office:value-type>`.
 * ODF compresses runs: `number-rows-repeated` / `number-columns-repeated` (often a million empty
 * rows styled to the sheet's end), so empty runs only advance the counters, and a repeated
 * non-empty row is emitted once (its copies hold the same values at later rows).
 */
class OdsHandler implements XmlHandler {
  private builder?: TablePartBuilder;
  private readonly ready: TablePartBuilder[] = [];
  private row = 0;
  private rowRepeat = 1;
  private cells: string[] = [];
  private column = 0;
  private inCell = false;
  private cellRepeat = 1;
  private cellNumber?: string;
  private cellParagraphs: string[] = [];
  private paragraph?: string;
  private paragraphDepth = 0;

  constructor(private readonly size: Readonly<PartSize>) {}

  open(tag: XmlTag): void {
    switch (tag.name) {
      case 'table':
        this.builder = new TablePartBuilder(sheetLocator(attr(tag, 'name') ?? `sheet ${this.ready.length + 1}`), {}, this.size);
        this.row = 0;
        break;
      case 'table-row':
        this.rowRepeat = repeatCount(attr(tag, 'number-rows-repeated'));
        this.cells = [];
        this.column = 0;
        break;
      case 'table-cell':
      case 'covered-table-cell': {
        this.inCell = true;
        this.cellRepeat = repeatCount(attr(tag, 'number-columns-repeated'));
        // Numbers by their stored value (full digits), not the formatted display (`1.38E+10`).
        this.cellNumber = attr(tag, 'value-type') === 'float' ? attr(tag, 'value') : undefined;
        this.cellParagraphs = [];
        break;
      }
      case 'p':
      case 'h':
        if (this.inCell) {
          if (this.paragraphDepth++ === 0) this.paragraph = '';
        }
        break;
      case 's':
      case 'tab':
      case 'line-break':
        if (this.paragraph !== undefined) this.paragraph += ' ';
        break;
    }
  }

  text(t: string): void {
    if (this.paragraph !== undefined) this.paragraph += t;
  }

  close(name: string): void {
    switch (name) {
      case 'p':
      case 'h':
        if (this.inCell && --this.paragraphDepth === 0) {
          if (this.paragraph) this.cellParagraphs.push(this.paragraph);
          this.paragraph = undefined;
        }
        break;
      case 'table-cell':
      case 'covered-table-cell': {
        this.inCell = false;
        const value = this.cellNumber !== undefined ? formatNumberCell(this.cellNumber) : this.cellParagraphs.join(' ').trim();
        if (value) for (let k = 0; k < this.cellRepeat && this.column + k < MAX_COLUMNS; k++) this.cells[this.column + k] = value;
        this.column += this.cellRepeat;
        break;
      }
      case 'table-row':
        this.builder?.addRow(this.row + 1, this.cells);
        this.row += this.rowRepeat;
        this.cells = [];
        break;
      case 'table':
        if (this.builder) {
          this.builder.flush();
          this.ready.push(this.builder);
          this.builder = undefined;
        }
        break;
    }
  }

  /** Finished parts in sheet order: closed sheets first, then what the open one has ready. */
  take(): TextPart[] {
    const parts: TextPart[] = [];
    for (const b of this.ready.splice(0)) parts.push(...b.take());
    if (this.builder) parts.push(...this.builder.take());
    return parts;
  }
}

function repeatCount(v: string | undefined): number {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : 1;
}
