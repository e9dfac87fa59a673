import { attr, decodeOoxmlEscapes, type XmlHandler, type XmlTag } from './xml.js';

/**
 * Running text with tables, the shape shared by Word bodies, slides and ODF text: paragraphs
 * become lines (numbered in document order), top-level tables become rows of tab-separated cells.
 * A paragraph inside another one (a text box anchored in it, an ODF footnote) is a line of its own;
 * text in nested tables joins the cell of the outer table it sits in. Line breaks and tabs inside
 * a paragraph become spaces so a line stays a paragraph.
 */
export interface FlowVocabulary {
  paragraph: ReadonlySet<string>;
  table: string;
  row: string;
  cell: string;
  /** A cell hidden by a merge that still takes a column (ODF). */
  coveredCell?: string;
  /** Elements whose text is content (`w:t`); when absent, all text inside a paragraph is. */
  textElements?: ReadonlySet<string>;
  /** Elements that stand for white space (tab, line break, ODF `text:s`). */
  spaces: ReadonlySet<string>;
  /** Elements whose whole subtree is left out (`mc:Fallback`, which repeats its `mc:Choice`). */
  skip: ReadonlySet<string>;
  /** The element that starts a new page (ODF presentations' `draw:page`). */
  page?: string;
}

export interface FlowSink {
  paragraph(number: number, text: string): void;
  tableRow(table: number, row: number, cells: string[]): void;
  tableEnd(table: number): void;
  pageStart?(page: number, tag: XmlTag): void;
  pageEnd?(page: number): void;
}

export const WORD_VOCABULARY: FlowVocabulary = {
  paragraph: new Set(['p']),
  table: 'tbl',
  row: 'tr',
  cell: 'tc',
  // Deleted text of tracked changes is still in the file, and so is whatever it held.
  textElements: new Set(['t', 'delText']),
  spaces: new Set(['tab', 'br', 'cr', 'ptab']),
  skip: new Set(['Fallback', 'instrText', 'delInstrText']),
};

export const DRAWING_VOCABULARY: FlowVocabulary = {
  paragraph: new Set(['p']),
  table: 'tbl',
  row: 'tr',
  cell: 'tc',
  textElements: new Set(['t']),
  spaces: new Set(['br']),
  skip: new Set(['Fallback']),
};

export const ODF_VOCABULARY: FlowVocabulary = {
  paragraph: new Set(['p', 'h']),
  table: 'table',
  row: 'table-row',
  cell: 'table-cell',
  coveredCell: 'covered-table-cell',
  spaces: new Set(['s', 'tab', 'line-break']),
  skip: new Set(['note-citation']),
};

interface OpenParagraph {
  number: number;
  text: string;
  /** Table depth when it opened: a paragraph in a table cell feeds the cell. */
  inTable: boolean;
}

export class FlowHandler implements XmlHandler {
  private paragraphs: OpenParagraph[] = [];
  private paragraphCount = 0;
  private tableDepth = 0;
  private tableCount = 0;
  private rowCount = 0;
  private row: string[] = [];
  private cell: string[] = [];
  private span = 1;
  private capture = 0;
  private skipDepth = 0;
  private pageCount = 0;

  constructor(
    private readonly words: FlowVocabulary,
    private readonly sink: FlowSink,
  ) {}

  open(tag: XmlTag): void {
    const name = tag.name;
    if (this.skipDepth) {
      this.skipDepth++;
      return;
    }
    if (this.words.skip.has(name)) {
      this.skipDepth = 1;
      return;
    }
    if (name === this.words.page) {
      // Numbering restarts on each page: `page 3` + `paragraph 2` is how a reader finds it.
      this.paragraphCount = 0;
      this.tableCount = 0;
      this.sink.pageStart?.(++this.pageCount, tag);
    } else if (this.words.paragraph.has(name)) {
      this.paragraphs.push({ number: this.tableDepth ? 0 : ++this.paragraphCount, text: '', inTable: this.tableDepth > 0 });
    } else if (name === this.words.table) {
      if (++this.tableDepth === 1) {
        this.tableCount++;
        this.rowCount = 0;
      }
    } else if (this.tableDepth === 1 && name === this.words.row) {
      this.row = [];
      this.rowCount++;
    } else if (this.tableDepth === 1 && (name === this.words.cell || name === this.words.coveredCell)) {
      this.cell = [];
      this.span = 1;
    } else if (this.tableDepth === 1 && name === 'gridSpan') {
      // Word: a cell merged across columns takes them all; pad so later cells stay under their header.
      const n = Number(attr(tag, 'val'));
      if (Number.isInteger(n) && n > 1 && n < 1000) this.span = n;
    } else if (this.words.spaces.has(name)) {
      this.append(' ');
    } else if (this.words.textElements?.has(name)) {
      if (!tag.isSelfClosing) this.capture++;
    }
  }

  text(t: string): void {
    if (this.skipDepth || !this.paragraphs.length) return;
    if (this.words.textElements ? this.capture > 0 : true) this.append(t);
  }

  close(name: string): void {
    if (this.skipDepth) {
      this.skipDepth--;
      return;
    }
    if (name === this.words.page) {
      this.sink.pageEnd?.(this.pageCount);
    } else if (this.words.paragraph.has(name)) {
      const p = this.paragraphs.pop();
      if (!p) return;
      const text = this.words.textElements ? decodeOoxmlEscapes(p.text) : p.text;
      if (p.inTable) {
        if (this.tableDepth) this.cell.push(text);
      } else {
        this.sink.paragraph(p.number, text);
      }
    } else if (name === this.words.table) {
      if (--this.tableDepth === 0) this.sink.tableEnd(this.tableCount);
      if (this.tableDepth < 0) this.tableDepth = 0;
    } else if (this.tableDepth === 1 && name === this.words.row) {
      this.sink.tableRow(this.tableCount, this.rowCount, this.row);
    } else if (this.tableDepth === 1 && (name === this.words.cell || name === this.words.coveredCell)) {
      this.row.push(this.cell.map((s) => s.trim()).filter(Boolean).join(' '));
      for (let i = 1; i < this.span; i++) this.row.push('');
    } else if (this.words.textElements?.has(name)) {
      if (this.capture > 0) this.capture--;
    }
  }

  private append(t: string): void {
    const top = this.paragraphs[this.paragraphs.length - 1];
    if (top) top.text += t;
  }
}
