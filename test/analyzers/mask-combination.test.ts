import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { scan } from '../../src/index.js';

const asOf = new Date(Date.UTC(2025, 0, 1));

async function scanFiles(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'piaudit-mc-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const { report } = await scan({ paths: [dir], cwd: dir, key: Buffer.from('k'), asOf });
  return report.findings.filter((f) => f.rule === 'pi-mask-combination');
}

// issue #3: differently masked copies of one value, linked by a shared context.
describe('pi-mask-combination', () => {
  test('a log keeps the first digits, an export the last ones, both next to the same name', async () => {
    const found = await scanFiles({
      'app.log': '姓名：王小明 身份证 33010619800101****\n',
      'export.csv': '姓名：王小明 身份证 330***********1235\n',
    });
    expect(found).toHaveLength(1);
    const [f] = found;
    expect([f.detector, f.severity, f.candidates]).toEqual(['cn-id', 'high', 1]);
    expect(f.message).toContain('app.log:1');
    expect(f.message).toContain('export.csv:1');
    expect(f.evidence).toBe('330***********1235');
  });

  test('two views in one record', async () => {
    const found = await scanFiles({ 'row.txt': 'head=13912****** tail=139****5678\n' });
    expect(found.map((f) => [f.detector, f.candidates])).toEqual([['cn-mobile', 100]]);
  });

  test.each([
    { name: 'different people (names differ)', files: { 'a.log': '姓名：王小明 身份证 33010619800101****\n', 'b.log': '姓名：李大海 身份证 330***********1235\n' } },
    { name: 'views that disagree on a visible digit', files: { 'r.txt': 'a=13912****** b=138****5678\n' } },
    { name: 'the same mask everywhere', files: { 'a.log': '姓名：王小明 手机 139****5678\n', 'b.log': '姓名：王小明 手机 139****5678\n' } },
    { name: 'a union that still leaves many candidates', files: { 'r.txt': 'a=1391****** b=139*****678\n' } },
  ])('no finding: $name', async ({ files }) => {
    expect(await scanFiles(files)).toEqual([]);
  });
});
