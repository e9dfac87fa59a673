import { describe, expect, test } from 'vitest';
import { detect, tableStateFor } from '../../src/detectors/index.js';
import { splitCells } from '../../src/detectors/columns.js';

function scanCsv(text: string, path = 'members.csv') {
  const table = tableStateFor(path);
  return detect({ bytes: Buffer.from(text), firstLine: 1, firstCol: 0 }, { path, kind: 'text' }, { asOf: 20250101, table }).candidates;
}

// issue #3: "a CSV/DB column named so" is context for a name.
describe('labelled columns', () => {
  test('a name column labels every cell below it', () => {
    const found = scanCsv('编号,姓名,城市\n1,王小明,杭州\n2,欧阳明月,上海\n3,李*,北京\n').filter((c) => c.detector === 'person-name');
    expect(found.map((c) => [c.value, c.masked, c.location.line, c.location.col])).toEqual([
      ['王小明', false, 2, 3],
      ['欧阳明月', false, 3, 3],
      ['李*', true, 4, 3],
    ]);
  });

  test.each([
    { name: 'a filename column', text: 'id,filename\n1,王小明\n' },
    { name: 'a city column', text: '编号,城市\n1,杭州市\n' },
    { name: 'not a delimited file', text: '编号,姓名\n1,王小明\n', path: 'notes.txt' },
  ])('no name: $name', ({ text, path }) => {
    expect(scanCsv(text, path).filter((c) => c.detector === 'person-name')).toEqual([]);
  });

  test('quoted cells keep their offsets', () => {
    expect(splitCells('1,"王, 小明",x', ',')).toEqual([
      { text: '1', index: 0 },
      { text: '王, 小明', index: 3 },
      { text: 'x', index: 10 },
    ]);
  });
});

describe('a column header is the label of the numbers below it (numeric detectors)', () => {
  const detectTable = (text: string) =>
    detect({ bytes: Buffer.from(text), firstLine: 1, firstCol: 0 }, { path: 't.csv', kind: 'text' }, { asOf: 20250101, table: { delimiter: ',' } }).candidates.filter((c) => c.detector === 'cn-id');

  test.each([
    { header: 'uid,sfzh_tail', found: 1 },
    { header: 'uid,身份证号后段', found: 1 },
    { header: 'uid,note', found: 0 },
  ])('a mask-led ID under "$header"', ({ header, found }) => {
    // Leading masks need a label: the header gives it, a neutral header does not.
    expect(detectTable(`${header}\n7,**********01011235\n`)).toHaveLength(found);
  });
});
