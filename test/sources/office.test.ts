import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import type { DocumentItem, TextPart } from '../../src/model/document.js';
import type { Location } from '../../src/model/location.js';
import { extractOffice, officeFormatOf, officeFormatOfZip, OLE_SKIP_REASON, repeatsHeaderLine, type OfficeFormat } from '../../src/sources/office/index.js';
import { formatNumberCell } from '../../src/sources/office/numbers.js';
import { columnLetters, sheetRef } from '../../src/sources/office/parts.js';
import { makeDocx, makeOdp, makeOds, makeOdt, makePptx, makeXlsx, makeZip, markZipEntryEncrypted, TINY_PNG } from '../helpers/office-files.js';
import { makeCnId, makeMobile, makeName, makeRng, REPO_ROOT } from '../helpers/synth.js';

const rng = makeRng(20240401);
const people = Array.from({ length: 6 }, () => ({ name: makeName(rng), id: makeCnId(rng), mobile: makeMobile(rng) }));
const [alice, bob, carol] = people;

async function collect(data: Buffer, format: OfficeFormat, partSize?: { maxLines?: number; maxChars?: number }): Promise<DocumentItem[]> {
  const items: DocumentItem[] = [];
  for await (const item of extractOffice(data, format, {}, { partSize })) items.push(item);
  return items;
}

const textParts = (items: DocumentItem[]): TextPart[] => items.flatMap((i) => (i.type === 'text' ? [i.part] : []));

/** Where `value` is in the parts: the part's `at` merged with what `refine` says for its first line/column. */
function locate(parts: TextPart[], value: string): Array<Partial<Location>> {
  const out: Array<Partial<Location>> = [];
  for (const part of parts) {
    part.text.split('\n').forEach((line, i) => {
      for (let col = line.indexOf(value); col !== -1; col = line.indexOf(value, col + 1)) {
        if (i === 0 && repeatsHeaderLine(part)) continue;
        out.push({ ...part.at, line: i + 1, col: col + 1, ...part.refine?.(i + 1, col + 1) });
      }
    });
  }
  return out;
}

describe('xlsx', () => {
  const header = ['姓名', '身份证号', '手机', '备注'];
  const rows = [header, ...people.map((p, i) => [p.name, p.id, Number(p.mobile), i % 2 ? { inline: `inline ${i}` } : null])];

  test('cells located as Sheet1!C7 with shared strings, inline strings and numbers', async () => {
    const file = await makeXlsx([{ name: 'Sheet1', rows }]);
    const items = await collect(file, 'xlsx');
    expect(items.filter((i) => i.type !== 'text')).toEqual([]);
    const parts = textParts(items);
    expect(parts).toHaveLength(1);
    const lines = parts[0].text.split('\n');
    expect(lines[0]).toBe(header.join('\t'));
    expect(lines[1]).toBe([alice.name, alice.id, alice.mobile].join('\t')); // empty trailing cell dropped
    expect(lines[2]).toBe([bob.name, bob.id, bob.mobile, 'inline 1'].join('\t'));
    expect(parts[0].origin).toBe('office');
    expect(locate(parts, alice.id)).toEqual([{ line: 2, col: alice.name.length + 2, field: 'Sheet1!B2', row: 2 }]);
    expect(locate(parts, carol.mobile)[0]).toMatchObject({ field: 'Sheet1!C4', row: 4 });
    expect(locate(parts, 'inline 1')[0]).toMatchObject({ field: 'Sheet1!D3', row: 3 });
    expect(locate(parts, '身份证号')[0]).toMatchObject({ field: 'Sheet1!B1', row: 1 });
  });

  test('empty cells keep columns aligned; gaps keep real row numbers (Sheet1!C7)', async () => {
    const file = await makeXlsx([{ name: 'Sheet1', rows: [['姓名', '', '身份证'], null, null, null, null, null, [alice.name, null, alice.id]] }]);
    const parts = textParts(await collect(file, 'xlsx'));
    expect(parts[0].text).toBe(`姓名\t\t身份证\n${alice.name}\t\t${alice.id}`);
    expect(locate(parts, alice.id)).toEqual([{ line: 2, col: alice.name.length + 3, field: 'Sheet1!C7', row: 7 }]);
  });

  test('multiple sheets (hidden ones too), names quoted when needed', async () => {
    const file = await makeXlsx([
      { name: 'Sheet1', rows: [['手机'], [alice.mobile]] },
      { name: '客户 名单', rows: [['身份证'], [bob.id]], hidden: true },
      { name: "O'Brien", rows: [['x'], [carol.id]] },
    ]);
    const parts = textParts(await collect(file, 'xlsx'));
    expect(parts).toHaveLength(3);
    expect(locate(parts, alice.mobile)[0].field).toBe('Sheet1!A2');
    expect(locate(parts, bob.id)[0].field).toBe("'客户 名单'!A2");
    expect(locate(parts, carol.id)[0].field).toBe("'O''Brien'!A2");
  });

  test('numbers: phones intact, exponent form expanded, IDs stored as numbers lose digits', async () => {
    const asNumber = Number(alice.id).toPrecision(15); // what Excel keeps of an 18-digit ID
    const file = await makeXlsx([{ name: 'S', rows: [['a', 'b', 'c', 'd'], [{ raw: `${alice.mobile.slice(0, 1)}.${alice.mobile.slice(1)}E10` }, { raw: asNumber.replace('e+', 'E+') }, 3.5, { raw: '1.5E-3' }]] }]);
    const lines = textParts(await collect(file, 'xlsx'))[0].text.split('\n');
    const [mobile, id, frac, small] = lines[1].split('\t');
    expect(mobile).toBe(alice.mobile);
    expect(id).toHaveLength(18);
    expect(id).not.toBe(alice.id);
    expect(id.slice(0, 15)).toBe(Number(alice.id).toPrecision(15).replace('.', '').slice(0, 15));
    expect(frac).toBe('3.5');
    expect(small).toBe('1.5E-3');
    expect(formatNumberCell('1.3800138E10')).toBe('13800138000');
    expect(formatNumberCell('110105199001011234')).toBe('110105199001011234');
  });

  test('a big sheet comes in parts of N rows, header first in each, rows still right', async () => {
    const big: Array<Array<string | number>> = [['序号', '姓名', '身份证']];
    const ids: string[] = [];
    for (let i = 1; i <= 95; i++) {
      const id = makeCnId(rng);
      ids.push(id);
      big.push([i, makeName(rng), id]);
    }
    const parts = textParts(await collect(await makeXlsx([{ name: 'Big', rows: big }]), 'xlsx', { maxLines: 10 }));
    expect(parts.length).toBe(11); // 10 lines each: 1 + 9 rows first, then the header + 9 rows
    for (const [i, part] of parts.entries()) {
      expect(part.text.split('\n')[0]).toBe('序号\t姓名\t身份证');
      expect(repeatsHeaderLine(part)).toBe(i > 0);
      expect(part.text.split('\n').length).toBeLessThanOrEqual(11);
    }
    // Every ID exactly once (repeated header lines aside), at its own row.
    ids.forEach((id, i) => expect(locate(parts, id)).toEqual([expect.objectContaining({ field: `Big!C${i + 2}`, row: i + 2 })]));
    // The repeated header line maps to the real header cells.
    expect(parts[3].refine!(1, 1)).toEqual({ field: 'Big!A1', row: 1 });
  });

  test('cell comments are read, located at their cell', async () => {
    const file = await makeXlsx([{ name: 'Sheet1', rows: [['姓名'], [alice.name]], comments: [{ ref: 'A2', text: `身份证 ${alice.id}` }] }]);
    const parts = textParts(await collect(file, 'xlsx'));
    expect(locate(parts, alice.id)).toEqual([expect.objectContaining({ field: 'Sheet1!A2 comment', row: 2, line: 1 })]);
  });

  test('embedded images are yielded as files', async () => {
    const items = await collect(await makeXlsx([{ name: 'S', rows: [['a']] }], { images: [TINY_PNG] }), 'xlsx');
    expect(items.filter((i) => i.type === 'file')).toEqual([{ type: 'file', file: { name: 'xl/media/image1.png', size: TINY_PNG.length, data: TINY_PNG } }]);
  });
});

describe('docx', () => {
  test('paragraphs numbered, tables as tab-separated parts with header row first', async () => {
    const file = await makeDocx({
      body: [
        '租赁合同',
        '',
        `承租人：${alice.name}，身份证号码 ${alice.id}`,
        { table: [['姓名', '电话'], [bob.name, bob.mobile], [carol.name, carol.mobile]] },
        `联系电话 ${alice.mobile}`,
      ],
      header: [`经办人 ${carol.mobile}`],
      footnotes: [`注：${bob.id}`],
    });
    const items = await collect(file, 'docx');
    expect(items.filter((i) => i.type !== 'text')).toEqual([]);
    const parts = textParts(items);
    expect(locate(parts, alice.id)).toEqual([expect.objectContaining({ field: 'paragraph 3', line: 2 })]);
    expect(locate(parts, alice.mobile)).toEqual([expect.objectContaining({ field: 'paragraph 4' })]);
    const table = parts.find((p) => p.text.startsWith('姓名\t电话'))!;
    expect(table.text).toBe(`姓名\t电话\n${bob.name}\t${bob.mobile}\n${carol.name}\t${carol.mobile}`);
    expect(locate(parts, carol.mobile)).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'table 1, row 3, column 2' }), expect.objectContaining({ field: 'header 1, paragraph 1' })]),
    );
    expect(locate(parts, bob.id)).toEqual([expect.objectContaining({ field: 'footnotes, paragraph 2' })]);
  });

  test('text boxes with a fallback copy are read once; tracked deletions are read', async () => {
    const rawBody =
      `<w:p><w:r><w:t>前文</w:t></w:r><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>${alice.id}</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>` +
      `<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>${alice.id}</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>` +
      `<w:p><w:del><w:r><w:delText>${bob.mobile}</w:delText></w:r></w:del><w:r><w:instrText> HYPERLINK "x" </w:instrText></w:r></w:p>`;
    const parts = textParts(await collect(await makeDocx({ body: [], rawBody }), 'docx'));
    expect(locate(parts, alice.id)).toEqual([expect.objectContaining({ field: 'paragraph 2' })]);
    expect(locate(parts, bob.mobile)).toEqual([expect.objectContaining({ field: 'paragraph 3' })]);
    expect(parts.map((p) => p.text).join('\n')).not.toContain('HYPERLINK');
  });

  test('a cell merged across columns keeps the next cells under their headers', async () => {
    const cell = (t: string, span = 1) => `<w:tc>${span > 1 ? `<w:tcPr><w:gridSpan w:val="${span}"/></w:tcPr>` : ''}<w:p><w:r><w:t>${t}</w:t></w:r></w:p></w:tc>`;
    const rawBody = `<w:tbl><w:tr>${cell('姓名')}${cell('性别')}${cell('手机')}</w:tr><w:tr>${cell(alice.name, 2)}${cell(alice.mobile)}</w:tr></w:tbl>`;
    const parts = textParts(await collect(await makeDocx({ body: [], rawBody }), 'docx'));
    expect(parts[0].text).toBe(`姓名\t性别\t手机\n${alice.name}\t\t${alice.mobile}`);
    expect(locate(parts, alice.mobile)).toEqual([expect.objectContaining({ field: 'table 1, row 2, column 3' })]);
  });

  test('embedded image yielded as a file for OCR', async () => {
    const items = await collect(await makeDocx({ body: ['见附件'], images: [TINY_PNG] }), 'docx');
    expect(items.find((i) => i.type === 'file')).toEqual({ type: 'file', file: { name: 'word/media/image1.png', size: TINY_PNG.length, data: TINY_PNG } });
  });

  test('corrupt docx: an error item, no content', async () => {
    const good = await makeDocx({ body: [`身份证 ${alice.id}`] });
    const truncated = good.subarray(0, Math.floor(good.length / 2));
    const items = await collect(truncated, 'docx');
    expect(items).toHaveLength(1);
    expect(items[0].type).toBe('error');
    expect(JSON.stringify(items)).not.toContain(alice.id);

    const badXml = await makeZip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'word/document.xml', data: `<w:document xmlns:w="w"><w:body><w:p><w:t>${alice.id}</w:t></w:p><w:p><w:t>broken</w:body>` },
    ]);
    const bad = await collect(badXml, 'docx');
    expect(bad.some((i) => i.type === 'error' && /malformed XML/.test(i.message))).toBe(true);
    expect(JSON.stringify(bad.filter((i) => i.type !== 'text'))).not.toContain(alice.id);
  });

  test('not Office content at all: an error, whatever the extension says', async () => {
    const items = await collect(await makeZip([{ name: 'readme.txt', data: 'hello' }]), 'docx');
    expect(items).toEqual([{ type: 'error', message: expect.stringContaining('no Office Open XML content') }]);
  });
});

describe('pptx', () => {
  test('slides by presentation order as pages, tables and notes included', async () => {
    const file = await makePptx([
      { paragraphs: ['员工信息', alice.name] },
      { paragraphs: ['名单'], table: [['姓名', '手机'], [bob.name, bob.mobile]] },
      { paragraphs: ['谢谢'], notes: [`联系 ${carol.mobile}`] },
    ]);
    const parts = textParts(await collect(file, 'pptx'));
    expect(locate(parts, alice.name)).toEqual([expect.objectContaining({ page: 1, field: 'paragraph 2' })]);
    expect(locate(parts, bob.mobile)).toEqual([expect.objectContaining({ page: 2, field: 'table 1, row 2, column 2' })]);
    expect(locate(parts, carol.mobile)).toEqual([expect.objectContaining({ page: 3, field: 'notes, paragraph 1' })]);
  });
});

describe('OpenDocument', () => {
  test('odt paragraphs and tables', async () => {
    const parts = textParts(await collect(await makeOdt(['标题', `身份证 ${alice.id}`, { table: [['姓名', '手机'], [bob.name, bob.mobile]] }]), 'odt'));
    expect(locate(parts, alice.id)).toEqual([expect.objectContaining({ field: 'paragraph 2' })]);
    expect(locate(parts, bob.mobile)).toEqual([expect.objectContaining({ field: 'table 1, row 2, column 2' })]);
  });

  test('ods cells as Sheet!C7, repeated empty rows and columns cost nothing, numbers by value', async () => {
    const file = await makeOds([
      {
        name: '名单',
        rows: [['姓名', null, '手机', '身份证'], { emptyRows: 4 }, [alice.name, null, { value: alice.mobile, display: '1.38E+10' }, alice.id], { emptyRows: 1_000_000 }, [bob.name, { repeat: 2 }, bob.id]],
      },
    ]);
    const items = await collect(file, 'ods');
    const parts = textParts(items);
    expect(parts).toHaveLength(1);
    expect(parts[0].text.split('\n')[1]).toBe(`${alice.name}\t\t${alice.mobile}\t${alice.id}`);
    expect(locate(parts, alice.mobile)).toEqual([expect.objectContaining({ field: '名单!C6', row: 6 })]);
    expect(locate(parts, bob.id)).toEqual([expect.objectContaining({ field: '名单!D1000007', row: 1000007 })]);
  });

  test('odp pages', async () => {
    const parts = textParts(await collect(await makeOdp([['封面'], ['联系人', alice.mobile]]), 'odt'));
    expect(locate(parts, alice.mobile)).toEqual([expect.objectContaining({ page: 2, field: 'paragraph 2' })]);
  });

  test('embedded pictures and encrypted documents', async () => {
    const items = await collect(await makeOdt(['x'], { images: [TINY_PNG] }), 'odt');
    expect(items.find((i) => i.type === 'file')).toMatchObject({ file: { name: 'Pictures/image1.png' } });
    expect(await collect(await makeOdt([alice.id], { encrypted: true }), 'odt')).toEqual([{ type: 'skip', reason: 'encrypted OpenDocument file (not scanned)' }]);
  });
});

describe('format detection and protected files', () => {
  test('by zip content, not by extension', async () => {
    const docx = await makeDocx({ body: ['x'] });
    const xlsx = await makeXlsx([{ name: 'S', rows: [['x']] }]);
    const pptx = await makePptx([{ paragraphs: ['x'] }]);
    const ods = await makeOds([{ name: 'S', rows: [['x']] }]);
    expect(await officeFormatOfZip({ data: docx })).toBe('docx');
    expect(await officeFormatOfZip({ data: xlsx }, 'upload.bin')).toBe('xlsx');
    expect(await officeFormatOfZip({ data: pptx })).toBe('pptx');
    expect(await officeFormatOfZip({ data: ods })).toBe('ods');
    expect(await officeFormatOfZip({ data: await makeZip([{ name: 'a.txt', data: 'a' }]) }, 'a.docx')).toBeUndefined();
    expect(await officeFormatOfZip({ data: Buffer.from('not a zip') })).toBeUndefined();
    // From the head: ODF's stored mimetype decides; OOXML's first folder does.
    expect(officeFormatOf('x', ods.subarray(0, 200))).toBe('ods');
    expect(officeFormatOf('x', docx.subarray(0, 4096))).toBe('docx');
    expect(officeFormatOf('x.xlsx', ['[Content_Types].xml', 'xl/workbook.xml'])).toBe('xlsx');
    expect(officeFormatOf('x.xlsx', ['a.txt'])).toBeUndefined();
  });

  test('OLE compound file (encrypted OOXML or legacy .doc): skipped with a clear reason', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect(await collect(ole, 'xlsx')).toEqual([{ type: 'skip', reason: OLE_SKIP_REASON }]);
    expect(OLE_SKIP_REASON).toBe('encrypted or legacy binary Office file (not scanned)');
  });

  test('an encrypted part is skipped, the rest read', async () => {
    const file = markZipEntryEncrypted(await makeXlsx([{ name: 'A', rows: [['x'], [alice.id]] }, { name: 'B', rows: [['y'], [bob.id]] }]), 'xl/worksheets/sheet2.xml');
    const items = await collect(file, 'xlsx');
    expect(locate(textParts(items), alice.id)).toHaveLength(1);
    expect(items).toContainEqual({ type: 'skip', reason: expect.stringContaining('encrypted part'), at: { field: 'B' } });
    expect(JSON.stringify(items)).not.toContain(bob.id);
  });

  test('a bomb-like sheet is skipped', async () => {
    const filler = `<row r="1"><c r="A1"><v>1</v></c></row>`.repeat(600_000); // ~24 MB that deflates ~1000:1
    const zip = await makeZip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'xl/workbook.xml', data: '<workbook xmlns:r="r"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>' },
      { name: 'xl/_rels/workbook.xml.rels', data: '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' },
      { name: 'xl/worksheets/sheet1.xml', data: `<worksheet><sheetData>${filler}</sheetData></worksheet>` },
    ]);
    const items = await collect(zip, 'xlsx');
    expect(items).toEqual([{ type: 'skip', reason: expect.stringMatching(/^archive limit: compression ratio \d+:1/), at: { field: 'S' } }]);
  });
});

describe('loading', () => {
  test('yauzl, saxes and tar-stream load only when an Office file or archive is met', async () => {
    const script = `
      import { createRequire } from 'node:module';
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((k) => /node_modules\\/(yauzl|saxes|tar-stream)\\//.test(k)).length;
      const office = await import('./src/sources/office/index.ts');
      await import('./src/sources/archive/index.ts');
      const before = loaded();
      const ole = Buffer.from('d0cf11e0a1b11ae1' + '00'.repeat(100), 'hex');
      for await (const _ of office.extractOffice(ole, 'docx', {})) {}
      console.log(JSON.stringify({ before, afterOle: loaded() }));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.stderr.replace(/npm warn.*\n?/g, '')).toBe('');
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toEqual({ before: 0, afterOle: 0 });
  });
});

describe('helpers', () => {
  test('column letters and sheet references', () => {
    expect([0, 25, 26, 701, 702, 16383].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA', 'XFD']);
    expect(sheetRef('Sheet1', 2, 7)).toBe('Sheet1!C7');
    expect(sheetRef('客户', 0, 1)).toBe('客户!A1');
    expect(sheetRef('2024', 0, 1)).toBe("'2024'!A1");
  });
});
