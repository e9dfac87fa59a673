/**
 * Minimal valid Office files built in memory for tests: docx, xlsx, pptx, odt, ods, odp with just
 * the parts a reader needs ([Content_Types].xml, rels, the main part), zipped with yazl. Values
 * come from test/helpers/synth.ts (synthetic people, never real data).
 */
import yazl from 'yazl';

export interface ZipMember {
  name: string;
  data: string | Buffer;
  /** Deflate it (default true). */
  compress?: boolean;
  /** Unix mode (e.g. 0o120777 for a symlink). */
  mode?: number;
  /** An empty directory entry (`name` without the trailing '/'). */
  directory?: boolean;
}

/** A zip of `members`, in order, with a fixed mtime so bytes are reproducible. */
export async function makeZip(members: readonly ZipMember[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = new Date(Date.UTC(2024, 0, 1));
  for (const m of members) {
    if (m.directory) zip.addEmptyDirectory(m.name, { mtime });
    else zip.addBuffer(Buffer.isBuffer(m.data) ? m.data : Buffer.from(m.data, 'utf8'), m.name, { compress: m.compress ?? true, mtime, ...(m.mode ? { mode: m.mode } : {}) });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Marks a member as encrypted (general purpose bit 0) in its local and central headers. */
export function markZipEntryEncrypted(zip: Buffer, name: string): Buffer {
  const out = Buffer.from(zip);
  const nameBytes = Buffer.from(name, 'utf8');
  let marked = 0;
  for (let at = 0; at + 46 <= out.length; at++) {
    const sig = out.readUInt32LE(at);
    if (sig === 0x04034b50 && out.readUInt16LE(at + 26) === nameBytes.length && out.subarray(at + 30, at + 30 + nameBytes.length).equals(nameBytes)) {
      out.writeUInt16LE(out.readUInt16LE(at + 6) | 1, at + 6);
      marked++;
    } else if (sig === 0x02014b50 && out.readUInt16LE(at + 28) === nameBytes.length && out.subarray(at + 46, at + 46 + nameBytes.length).equals(nameBytes)) {
      out.writeUInt16LE(out.readUInt16LE(at + 8) | 1, at + 8);
      marked++;
    }
  }
  if (marked !== 2) throw new Error(`expected 2 headers for ${name}, found ${marked}`);
  return out;
}

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A 1x1 PNG, for embedded-image tests (the reader only needs to hand it over). */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

function rels(list: ReadonlyArray<{ id: string; type: string; target: string }>): string {
  return `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">${list.map((r) => `<Relationship Id="${r.id}" Type="${REL_NS}/${r.type}" Target="${r.target}"/>`).join('')}</Relationships>`;
}

function contentTypes(overrides: ReadonlyArray<[string, string]>): string {
  return `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>${overrides.map(([p, t]) => `<Override PartName="/${p}" ContentType="${t}"/>`).join('')}</Types>`;
}

// ---------------------------------------------------------------------------------------------
// xlsx

/** A cell: text (shared string unless `inline`), a number, a raw stored number text, or empty. */
export type SheetCell = string | number | { raw: string } | { inline: string } | null | undefined;

export interface SheetSpec {
  name: string;
  /** Rows from row 1 (or `firstRow`); a null row is left out of the XML (a gap). */
  rows: ReadonlyArray<ReadonlyArray<SheetCell> | null>;
  firstRow?: number;
  hidden?: boolean;
  /** Cell comments (notes). */
  comments?: ReadonlyArray<{ ref: string; text: string }>;
}

function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export async function makeXlsx(sheets: readonly SheetSpec[], opts: { images?: Buffer[] } = {}): Promise<Buffer> {
  const shared: string[] = [];
  const sharedIndex = new Map<string, number>();
  const sst = (s: string): number => {
    let i = sharedIndex.get(s);
    if (i === undefined) {
      i = shared.length;
      shared.push(s);
      sharedIndex.set(s, i);
    }
    return i;
  };
  const members: ZipMember[] = [];
  const sheetXml = sheets.map((sheet) => {
    const rowsXml: string[] = [];
    sheet.rows.forEach((row, i) => {
      if (!row) return;
      const r = (sheet.firstRow ?? 1) + i;
      const cells = row
        .map((cell, c) => {
          const ref = `${columnName(c)}${r}`;
          if (cell === null || cell === undefined || cell === '') return '';
          if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
          if (typeof cell === 'string') return `<c r="${ref}" t="s"><v>${sst(cell)}</v></c>`;
          if ('raw' in cell) return `<c r="${ref}"><v>${cell.raw}</v></c>`;
          return `<c r="${ref}" t="inlineStr"><is><t>${xmlEscape(cell.inline)}</t></is></c>`;
        })
        .join('');
      rowsXml.push(`<row r="${r}">${cells}</row>`);
    });
    return `${XML_HEAD}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL_NS}"><sheetData>${rowsXml.join('')}</sheetData></worksheet>`;
  });
  const workbook = `${XML_HEAD}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL_NS}"><sheets>${sheets
    .map((s, i) => `<sheet name="${xmlEscape(s.name)}" sheetId="${i + 1}"${s.hidden ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`)
    .join('')}</sheets></workbook>`;
  const sharedXml = `${XML_HEAD}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.length}" uniqueCount="${shared.length}">${shared
    .map((s) => `<si><t xml:space="preserve">${xmlEscape(s)}</t></si>`)
    .join('')}</sst>`;
  members.push({ name: '[Content_Types].xml', data: contentTypes([['xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml']]) });
  members.push({ name: '_rels/.rels', data: rels([{ id: 'rId1', type: 'officeDocument', target: 'xl/workbook.xml' }]) });
  members.push({ name: 'xl/workbook.xml', data: workbook });
  members.push({
    name: 'xl/_rels/workbook.xml.rels',
    data: rels([...sheets.map((_, i) => ({ id: `rId${i + 1}`, type: 'worksheet', target: `worksheets/sheet${i + 1}.xml` })), { id: `rId${sheets.length + 1}`, type: 'sharedStrings', target: 'sharedStrings.xml' }]),
  });
  members.push({ name: 'xl/sharedStrings.xml', data: sharedXml });
  sheetXml.forEach((xml, i) => members.push({ name: `xl/worksheets/sheet${i + 1}.xml`, data: xml }));
  sheets.forEach((sheet, i) => {
    if (!sheet.comments) return;
    members.push({ name: `xl/worksheets/_rels/sheet${i + 1}.xml.rels`, data: rels([{ id: 'rId1', type: 'comments', target: `../comments${i + 1}.xml` }]) });
    members.push({
      name: `xl/comments${i + 1}.xml`,
      data: `${XML_HEAD}<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>author</author></authors><commentList>${sheet.comments
        .map((c) => `<comment ref="${c.ref}" authorId="0"><text><r><rPr><b/></rPr><t>author:</t></r><r><t xml:space="preserve"> ${xmlEscape(c.text)}</t></r></text></comment>`)
        .join('')}</commentList></comments>`,
    });
  });
  (opts.images ?? []).forEach((img, i) => members.push({ name: `xl/media/image${i + 1}.png`, data: img, compress: false }));
  return makeZip(members);
}

// ---------------------------------------------------------------------------------------------
// docx

/** A body block: a paragraph (text) or a table (rows of cells). */
export type DocBlock = string | { table: string[][] };

function wordParagraph(text: string): string {
  return `<w:p><w:r><w:t xml:space="preserve">${xmlEscape(text)}</w:t></w:r></w:p>`;
}

function wordBlocks(blocks: readonly DocBlock[]): string {
  return blocks
    .map((b) =>
      typeof b === 'string'
        ? wordParagraph(b)
        : `<w:tbl><w:tblPr/>${b.table.map((row) => `<w:tr>${row.map((cell) => `<w:tc><w:tcPr/>${wordParagraph(cell)}</w:tc>`).join('')}</w:tr>`).join('')}</w:tbl>`,
    )
    .join('');
}

const W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

export interface DocxSpec {
  body: readonly DocBlock[];
  header?: readonly string[];
  footnotes?: readonly string[];
  images?: readonly Buffer[];
  /** Raw XML for the body, replacing `body` (for odd structures). */
  rawBody?: string;
}

export async function makeDocx(spec: DocxSpec): Promise<Buffer> {
  const documentRels: Array<{ id: string; type: string; target: string }> = [];
  const members: ZipMember[] = [
    { name: '[Content_Types].xml', data: contentTypes([['word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml']]) },
    { name: '_rels/.rels', data: rels([{ id: 'rId1', type: 'officeDocument', target: 'word/document.xml' }]) },
    { name: 'word/document.xml', data: `${XML_HEAD}<w:document ${W_NS}><w:body>${spec.rawBody ?? wordBlocks(spec.body)}<w:sectPr/></w:body></w:document>` },
  ];
  if (spec.header) {
    documentRels.push({ id: 'rId10', type: 'header', target: 'header1.xml' });
    members.push({ name: 'word/header1.xml', data: `${XML_HEAD}<w:hdr ${W_NS}>${spec.header.map(wordParagraph).join('')}</w:hdr>` });
  }
  if (spec.footnotes) {
    documentRels.push({ id: 'rId11', type: 'footnotes', target: 'footnotes.xml' });
    members.push({
      name: 'word/footnotes.xml',
      data: `${XML_HEAD}<w:footnotes ${W_NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>${spec.footnotes.map((f, i) => `<w:footnote w:id="${i + 1}">${wordParagraph(f)}</w:footnote>`).join('')}</w:footnotes>`,
    });
  }
  (spec.images ?? []).forEach((img, i) => {
    documentRels.push({ id: `rId${20 + i}`, type: 'image', target: `media/image${i + 1}.png` });
    members.push({ name: `word/media/image${i + 1}.png`, data: img, compress: false });
  });
  members.push({ name: 'word/_rels/document.xml.rels', data: rels(documentRels) });
  return makeZip(members);
}

// ---------------------------------------------------------------------------------------------
// pptx

export interface SlideSpec {
  paragraphs: readonly string[];
  table?: readonly string[][];
  notes?: readonly string[];
}

const P_NS = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';

function drawingParagraphs(paragraphs: readonly string[]): string {
  return `<p:txBody><a:bodyPr/>${paragraphs.map((t) => `<a:p><a:r><a:rPr lang="zh-CN"/><a:t>${xmlEscape(t)}</a:t></a:r></a:p>`).join('')}</p:txBody>`;
}

/** Slides in `slides` order; their part names are numbered in reverse, to prove order comes from presentation.xml. */
export async function makePptx(slides: readonly SlideSpec[]): Promise<Buffer> {
  const n = slides.length;
  const partOf = (i: number): string => `slide${n - i}.xml`;
  const members: ZipMember[] = [
    { name: '[Content_Types].xml', data: contentTypes([['ppt/presentation.xml', 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml']]) },
    { name: '_rels/.rels', data: rels([{ id: 'rId1', type: 'officeDocument', target: 'ppt/presentation.xml' }]) },
    { name: 'ppt/presentation.xml', data: `${XML_HEAD}<p:presentation ${P_NS}><p:sldIdLst>${slides.map((_, i) => `<p:sldId id="${256 + i}" r:id="rId${i + 1}"/>`).join('')}</p:sldIdLst></p:presentation>` },
    { name: 'ppt/_rels/presentation.xml.rels', data: rels(slides.map((_, i) => ({ id: `rId${i + 1}`, type: 'slide', target: `slides/${partOf(i)}` }))) },
  ];
  slides.forEach((s, i) => {
    const table = s.table
      ? `<p:graphicFrame><a:graphic><a:graphicData><a:tbl>${s.table.map((row) => `<a:tr h="0">${row.map((c) => `<a:tc><a:txBody><a:bodyPr/><a:p><a:r><a:t>${xmlEscape(c)}</a:t></a:r></a:p></a:txBody></a:tc>`).join('')}</a:tr>`).join('')}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>`
      : '';
    members.push({ name: `ppt/slides/${partOf(i)}`, data: `${XML_HEAD}<p:sld ${P_NS}><p:cSld><p:spTree><p:sp>${drawingParagraphs(s.paragraphs)}</p:sp>${table}</p:spTree></p:cSld></p:sld>` });
    if (s.notes) {
      members.push({ name: `ppt/slides/_rels/${partOf(i)}.rels`, data: rels([{ id: 'rId1', type: 'notesSlide', target: `../notesSlides/notesSlide${n - i}.xml` }]) });
      members.push({ name: `ppt/notesSlides/notesSlide${n - i}.xml`, data: `${XML_HEAD}<p:notes ${P_NS}><p:cSld><p:spTree><p:sp>${drawingParagraphs(s.notes)}</p:sp></p:spTree></p:cSld></p:notes>` });
    }
  });
  return makeZip(members);
}

// ---------------------------------------------------------------------------------------------
// OpenDocument

const ODF_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" office:version="1.3"';

function odfPackage(mimetype: string, body: string, extra: ZipMember[] = [], manifestExtra = ''): Promise<Buffer> {
  return makeZip([
    { name: 'mimetype', data: mimetype, compress: false },
    { name: 'content.xml', data: `${XML_HEAD}<office:document-content ${ODF_NS}><office:body>${body}</office:body></office:document-content>` },
    {
      name: 'META-INF/manifest.xml',
      data: `${XML_HEAD}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="${mimetype}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">${manifestExtra}</manifest:file-entry></manifest:manifest>`,
    },
    ...extra,
  ]);
}

function odfParagraph(text: string): string {
  return `<text:p>${xmlEscape(text)}</text:p>`;
}

export function makeOdt(blocks: readonly DocBlock[], opts: { images?: Buffer[]; encrypted?: boolean } = {}): Promise<Buffer> {
  const body = blocks
    .map((b) => (typeof b === 'string' ? odfParagraph(b) : `<table:table table:name="T">${b.table.map((row) => `<table:table-row>${row.map((c) => `<table:table-cell>${odfParagraph(c)}</table:table-cell>`).join('')}</table:table-row>`).join('')}</table:table>`))
    .join('');
  const images = (opts.images ?? []).map((data, i) => ({ name: `Pictures/image${i + 1}.png`, data, compress: false }));
  const encryption = opts.encrypted ? '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="AAAA"/></manifest:encryption-data>' : '';
  return odfPackage('application/vnd.oasis.opendocument.text', `<office:text>${body}</office:text>`, images, encryption);
}

/** ODS sheets; a cell given as a number is a float cell (`office:value`), shown with `display` if given. */
export type OdsCell = string | number | { value: string; display: string } | { repeat: number; text?: string } | null;

export function makeOds(sheets: ReadonlyArray<{ name: string; rows: ReadonlyArray<ReadonlyArray<OdsCell> | { emptyRows: number }> }>): Promise<Buffer> {
  const cellXml = (c: OdsCell): string => {
    if (c === null || c === '') return '<table:table-cell/>';
    if (typeof c === 'number') return `<table:table-cell office:value-type="float" office:value="${c}"><text:p>${c}</text:p></table:table-cell>`;
    if (typeof c === 'string') return `<table:table-cell office:value-type="string"><text:p>${xmlEscape(c)}</text:p></table:table-cell>`;
    if ('repeat' in c) return `<table:table-cell table:number-columns-repeated="${c.repeat}"${c.text ? ` office:value-type="string"><text:p>${xmlEscape(c.text)}</text:p></table:table-cell>` : '/>'}`;
    return `<table:table-cell office:value-type="float" office:value="${c.value}"><text:p>${xmlEscape(c.display)}</text:p></table:table-cell>`;
  };
  const body = sheets
    .map(
      (s) =>
        `<table:table table:name="${xmlEscape(s.name)}">${s.rows
          .map((r) => ('emptyRows' in r ? `<table:table-row table:number-rows-repeated="${r.emptyRows}"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>` : `<table:table-row>${r.map(cellXml).join('')}<table:table-cell table:number-columns-repeated="16000"/></table:table-row>`))
          .join('')}</table:table>`,
    )
    .join('');
  return odfPackage('application/vnd.oasis.opendocument.spreadsheet', `<office:spreadsheet>${body}</office:spreadsheet>`);
}

export function makeOdp(pages: ReadonlyArray<readonly string[]>): Promise<Buffer> {
  const body = pages.map((p, i) => `<draw:page draw:name="page${i + 1}"><draw:frame><draw:text-box>${p.map(odfParagraph).join('')}</draw:text-box></draw:frame></draw:page>`).join('');
  return odfPackage('application/vnd.oasis.opendocument.presentation', `<office:presentation>${body}</office:presentation>`);
}
