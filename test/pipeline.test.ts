import { chmodSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { scan } from '../src/index.js';
import { gb11643Check } from '../src/util/checksums/gb11643.js';

const body = '33010619800101123';
const ID = body + gb11643Check(body);

// issue #3: "how many people's IDs do we hold, and where".
test('the person inventory counts distinct people and where each kind is stored', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'piaudit-inv-'));
  mkdirSync(path.join(dir, 'a'));
  writeFileSync(path.join(dir, 'a', 'one.log'), `id ${ID}\nid ${ID}\nphone 139****5678\n`);
  writeFileSync(path.join(dir, 'two.csv'), `${ID},13912345678\n`);
  const { report } = await scan({ paths: [dir], cwd: dir, key: Buffer.from('k'), asOf: new Date(Date.UTC(2025, 0, 1)) });
  expect(report.summary.distinctIds).toBe(1);
  expect(report.summary.inventory['cn-id']).toEqual({
    values: 3,
    clear: 3,
    weak: 0,
    masked: 0,
    distinct: 1,
    locations: [
      { path: path.join('a', 'one.log'), values: 2 },
      { path: 'two.csv', values: 1 },
    ],
    moreLocations: 0,
  });
  expect(report.summary.inventory['cn-mobile']).toMatchObject({ values: 2, clear: 1, masked: 1, distinct: 1 });
});

test('with a finding callback the report keeps no findings, and the summary still counts them', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'piaudit-stream-'));
  writeFileSync(path.join(dir, 'x.log'), `id ${ID}\nphone 13912345678\n`, { mode: 0o600 }); // private: no exposure finding
  const seen: string[] = [];
  const { report } = await scan({ paths: [dir], cwd: dir, key: Buffer.from('k') }, (f) => seen.push(f.detector!));
  expect(seen).toEqual(['cn-id', 'cn-mobile']);
  expect(report.findings).toEqual([]);
  expect(report.summary.total).toBe(2);
});

test('exposed-permissions: a world-readable file or one under a web root holding unmasked values; a private one is fine', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'piaudit-exposure-'));
  mkdirSync(path.join(dir, 'uploads'));
  writeFileSync(path.join(dir, 'open.log'), `id ${ID}\n`, { mode: 0o644 });
  writeFileSync(path.join(dir, 'private.log'), `id ${ID}\n`, { mode: 0o600 });
  writeFileSync(path.join(dir, 'uploads', 'export.csv'), `id,phone\n${ID},13912345678\n`, { mode: 0o600 });
  writeFileSync(path.join(dir, 'masked.log'), `id 110***********1235\n`, { mode: 0o644 });
  chmodSync(path.join(dir, 'open.log'), 0o644); // the umask must not decide the test
  const { report } = await scan({ paths: [dir], cwd: dir, key: Buffer.from('k') });
  const exposed = report.findings.filter((f) => f.rule === 'exposed-permissions');
  expect(exposed.map((f) => f.location.path).sort()).toEqual(['open.log', path.join('uploads', 'export.csv')]);
  const open = exposed.find((f) => f.location.path === 'open.log')!;
  expect(open).toMatchObject({ severity: 'high', detector: null, articles: ['CC-1038', 'PIPL-51'] });
  expect(open.message).toMatch(/mode 644 \(world-readable\).*chmod 600/);
  expect(exposed.find((f) => f.location.path !== 'open.log')!.message).toMatch(/web root \(\/uploads\/\)/);
});
