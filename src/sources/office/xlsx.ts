import type { DocumentItem } from '../../model/document.js';
import { formatNumberCell } from './numbers.js';
import type { OfficePackage } from './package.js';
import { formatBytes } from '../archive/limits.js';
import { columnOfRef, LinePartBuilder, sheetLocator, sheetRef, TablePartBuilder, type PartSize } from './parts.js';
import { mainPart, readRelationships } from './rels.js';
import { relationshipId, decodeOoxmlEscapes, parseXml, parseXmlFully, type XmlHandler, type XmlTag } from './xml.js';
import { partFailure } from './failures.js';

/**
 * xlsx: every worksheet (hidden ones too: hiding is not protecting) as parts whose lines are its
 * rows, cells tab-separated in column order with empty cells kept, the sheet's first non-empty row
 * first. Cell values are what Excel shows for strings (shared and inline), booleans, errors and
 * numbers (see numbers.ts); formulas count by their cached result. Dates stored as serial numbers
 * stay serial numbers (resolving number formats from styles.xml is not worth it for PI).
 */
export async function* extractXlsx(pkg: OfficePackage, size: Readonly<PartSize>, signal?: AbortSignal): AsyncGenerator<DocumentItem> {
  const workbook = await mainPart(pkg, 'xl/workbook.xml', signal);
  const workbookXml = await pkg.text(workbook, signal);
  if (workbookXml === undefined) {
    yield { type: 'error', message: 'corrupt spreadsheet: no workbook part' };
    return;
  }
  const sheets: Array<{ name: string; rid: string }> = [];
  await parseXmlFully(workbookXml, workbook, {
    open(tag) {
      if (tag.name !== 'sheet') return;
      const rid = relationshipId(tag);
      if (rid) sheets.push({ name: tag.attributes.name ?? `sheet ${sheets.length + 1}`, rid });
    },
  }, signal);
  const rels = await readRelationships(pkg, workbook, signal);
  let shared: string[] = [];
  const sharedRel = rels.find((r) => r.type === 'sharedStrings' && pkg.has(r.target));
  if (sharedRel && (pkg.size(sharedRel.target) ?? 0) > SHARED_STRINGS_MAX_BYTES) {
    yield { type: 'skip', reason: `shared strings over ${formatBytes(SHARED_STRINGS_MAX_BYTES)}: text cells not scanned` };
  } else if (sharedRel) {
    try {
      shared = await readSharedStrings(pkg, sharedRel.target, signal);
    } catch (e) {
      // Without them every text cell is blank: say so, and still read the numbers.
      yield partFailure(e, 'shared strings');
    }
  }
  for (const sheet of sheets) {
    if (signal?.aborted) return;
    const rel = rels.find((r) => r.id === sheet.rid);
    if (!rel || rel.type !== 'worksheet' || !pkg.has(rel.target)) continue; // chartsheets hold no cells
    try {
      yield* readSheet(pkg, rel.target, sheet.name, shared, size, signal);
    } catch (e) {
      yield partFailure(e, 'worksheet', { field: sheet.name });
    }
    const comments = (await readRelationships(pkg, rel.target, signal)).find((r) => r.type === 'comments' && pkg.has(r.target));
    if (comments) {
      try {
        yield* readComments(pkg, comments.target, sheet.name, size, signal);
      } catch (e) {
        yield partFailure(e, 'cell comments', { field: sheet.name });
      }
    }
  }
}

/**
 * The shared string table is held whole (every sheet indexes into it); past this size, which
 * would cost gigabytes as JS strings, text cells are given up and numbers still read.
 */
const SHARED_STRINGS_MAX_BYTES = 256 << 20;

/** Cell comments (notes): `{ field: 'Sheet1!C7 comment' }`, one line per comment. */
async function* readComments(pkg: OfficePackage, part: string, sheetName: string, size: Readonly<PartSize>, signal?: AbortSignal): AsyncGenerator<DocumentItem> {
  const refs: string[] = [];
  const builder = new LinePartBuilder((i) => {
    const column = columnOfRef(refs[i]) ?? 0;
    const row = Number(/\d+$/.exec(refs[i])?.[0] ?? 0);
    return { field: `${sheetRef(sheetName, column, row)} comment`, row };
  }, {}, size);
  let text = '';
  let inComment = false;
  let inText = 0;
  const handler: XmlHandler = {
    open(tag) {
      if (tag.name === 'comment') {
        inComment = true;
        text = '';
        refs.push(tag.attributes.ref ?? 'A1');
      } else if (tag.name === 't' && inComment && !tag.isSelfClosing) inText++;
    },
    text(t) {
      if (inText) text += t;
    },
    close(name) {
      if (name === 't' && inText) inText--;
      else if (name === 'comment' && inComment) {
        inComment = false;
        builder.add(refs.length - 1, decodeOoxmlEscapes(text));
      }
    },
  };
  const toItems = (): DocumentItem[] => builder.take().map((p) => ({ type: 'text', part: p }));
  yield* parseXml<DocumentItem>(await pkg.stream(part), part, handler, toItems, signal);
  builder.flush();
  yield* toItems();
}

/** The shared string table: each `si`'s text runs, phonetic guides (`rPh`) left out. */
async function readSharedStrings(pkg: OfficePackage, part: string, signal?: AbortSignal): Promise<string[]> {
  const strings: string[] = [];
  let current = '';
  let inText = false;
  let phonetic = 0;
  const handler: XmlHandler = {
    open(tag) {
      if (tag.name === 'si') current = '';
      else if (tag.name === 'rPh') phonetic++;
      else if (tag.name === 't' && !phonetic && !tag.isSelfClosing) inText = true;
    },
    text(t) {
      if (inText) current += t;
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') strings.push(decodeOoxmlEscapes(current));
    },
  };
  for await (const _ of parseXml<never>(await pkg.stream(part), part, handler, () => [], signal)) {
    // nothing is queued: the table is needed whole before any sheet
  }
  return strings;
}

async function* readSheet(pkg: OfficePackage, part: string, sheetName: string, shared: readonly string[], size: Readonly<PartSize>, signal?: AbortSignal): AsyncGenerator<DocumentItem> {
  const builder = new TablePartBuilder(sheetLocator(sheetName), {}, size);
  const handler = new SheetHandler(builder, shared);
  const toItems = (): DocumentItem[] => builder.take().map((part) => ({ type: 'text', part }));
  yield* parseXml<DocumentItem>(await pkg.stream(part), part, handler, toItems, signal);
  builder.flush();
  yield* toItems();
}

/** SAX state for `<sheetData><row r="7"><c r="C7" t="s"><v>3</v></c>…`. */
class SheetHandler implements XmlHandler {
  private row = 0;
  private cells: string[] = [];
  private column = -1;
  private type = 'n';
  private value = '';
  private capture = false;
  private inCell = false;
  private inInline = false;
  private phonetic = 0;

  constructor(
    private readonly builder: TablePartBuilder,
    private readonly shared: readonly string[],
  ) {}

  open(tag: XmlTag): void {
    switch (tag.name) {
      case 'row': {
        const r = Number(tag.attributes.r);
        this.row = Number.isInteger(r) && r > 0 ? r : this.row + 1;
        this.cells = [];
        this.column = -1;
        break;
      }
      case 'c':
        this.inCell = true;
        this.column = columnOfRef(tag.attributes.r ?? '') ?? this.column + 1;
        this.type = tag.attributes.t ?? 'n';
        this.value = '';
        break;
      case 'v':
        if (this.inCell && !this.inInline) this.capture = !tag.isSelfClosing;
        break;
      case 'is':
        this.inInline = true;
        break;
      case 'rPh':
        this.phonetic++;
        break;
      case 't':
        if (this.inInline && !this.phonetic) this.capture = !tag.isSelfClosing;
        break;
    }
  }

  text(t: string): void {
    if (this.capture) this.value += t;
  }

  close(name: string): void {
    switch (name) {
      case 'v':
      case 't':
        this.capture = false;
        break;
      case 'rPh':
        this.phonetic--;
        break;
      case 'is':
        this.inInline = false;
        break;
      case 'c':
        this.inCell = false;
        if (this.column >= 0) this.cells[this.column] = this.cellValue();
        break;
      case 'row':
        this.builder.addRow(this.row, this.cells);
        this.cells = [];
        break;
    }
  }

  private cellValue(): string {
    const v = this.value;
    switch (this.type) {
      case 's':
        return this.shared[Number(v)] ?? '';
      case 'inlineStr':
      case 'str':
        return decodeOoxmlEscapes(v);
      case 'b':
        return v === '1' ? 'TRUE' : v === '0' ? 'FALSE' : v;
      case 'e':
      case 'd':
        return v;
      default:
        return v ? formatNumberCell(v) : '';
    }
  }
}

