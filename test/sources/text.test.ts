import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, test } from 'vitest';
import { detect } from '../../src/detectors/index.js';
import type { Candidate } from '../../src/model/candidate.js';
import type { SourceRef } from '../../src/model/source.js';
import { readTextWindows, SkipSource, WINDOW_BYTES, type ReadStats } from '../../src/sources/text.js';
import { AS_OF } from '../helpers/detect.js';

const dir = mkdtempSync(path.join(tmpdir(), 'piaudit-text-'));
const ID = '11010519491231002X';

async function scanFile(name: string, content: Buffer | string): Promise<{ found: Candidate[]; windows: number; stats: ReadStats }> {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  const ref: SourceRef = { path: name, absPath: file, kind: 'text' };
  const stats: ReadStats = { bytes: 0 };
  const found: Candidate[] = [];
  let windows = 0;
  for await (const w of readTextWindows(ref, stats)) {
    windows++;
    found.push(...detect(w, ref, { asOf: AS_OF }).candidates);
  }
  return { found, windows, stats };
}

const where = (cs: Candidate[]) => cs.map((c) => [c.value, c.location.line, c.location.col]);

describe('readTextWindows', () => {
  test('many windows keep exact line numbers', async () => {
    const lines: string[] = [];
    const expected: Array<[string, number, number]> = [];
    for (let i = 1; i <= 60_000; i++) {
      if (i % 7919 === 0) {
        lines.push(`line ${i} 身份证 ${ID}`);
        expected.push([ID, i, `line ${i} 身份证 `.length + 1]);
      } else lines.push(`line ${i} some text that is long enough to fill windows quickly 2024-01-01T00:00:00Z`);
    }
    const { found, windows } = await scanFile('many.log', lines.join('\n'));
    expect(windows).toBeGreaterThan(2);
    expect(where(found)).toEqual(expected);
  });

  test('a single huge line is cut between tokens, columns continue across windows', async () => {
    const parts: string[] = [];
    const expected: Array<[string, number, number]> = [];
    let col = 1;
    const filler = '{"k":"v","n":12345},'.repeat(2000);
    while (col < 3 * WINDOW_BYTES) {
      parts.push(filler);
      col += filler.length;
      const at = `"身份证":"${ID}",`;
      expected.push([ID, 1, col + '"身份证":"'.length]);
      parts.push(at);
      col += at.length;
    }
    const { found, windows } = await scanFile('huge.json', parts.join(''));
    expect(windows).toBeGreaterThan(2);
    expect(where(found)).toEqual(expected);
  });

  test('GBK text (a Chinese server CSV) is read as GB18030', async () => {
    const text = '姓名,身份证号,手机\n张三,11010519491231002X,13800138000\n';
    const { found, stats } = await scanFile('gbk.csv', iconv.encode(text, 'gbk'));
    expect(stats.gb18030).toBe(true);
    expect(where(found)).toEqual([
      [ID, 2, 4],
      ['13800138000', 2, 23],
    ]);
  });

  test.each(['utf-16le', 'utf-16be'])('%s with BOM', async (enc) => {
    const text = '\ufeff第一行\n手机 13800138000\n';
    const { found } = await scanFile(`u16-${enc}.txt`, iconv.encode(text, enc));
    expect(where(found)).toEqual([['13800138000', 2, 4]]);
  });

  test('UTF-8 BOM and CRLF line endings', async () => {
    const { found } = await scanFile('crlf.txt', '\ufeffa\r\nb\r\n id 11010519491231002X\r\n');
    expect(where(found)).toEqual([[ID, 3, 5]]);
  });

  test('gzip is decompressed; bytes counted are bytes read', async () => {
    const plain = Buffer.from('x\n'.repeat(1000) + `手机 13800138000\n`);
    const gz = gzipSync(plain);
    const { found, stats } = await scanFile('a.log.1.gz', gz);
    expect(where(found)).toEqual([['13800138000', 1001, 4]]);
    expect(stats.bytes).toBe(gz.length);
  });

  test('a truncated gzip throws after yielding what it could read', async () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => (i === 10 ? `手机 13800138000` : `row ${i} ${Math.sin(i)}`)).join('\n');
    const gz = gzipSync(lines);
    const found: Candidate[] = [];
    const file = path.join(dir, 'cut.gz');
    writeFileSync(file, gz.subarray(0, Math.floor(gz.length / 2)));
    const ref: SourceRef = { path: 'cut.gz', absPath: file, kind: 'gzip' };
    await expect(
      (async () => {
        for await (const w of readTextWindows(ref, { bytes: 0 })) found.push(...detect(w, ref, { asOf: AS_OF }).candidates);
      })(),
    ).rejects.toThrow(/unexpected end of file/i);
    expect(where(found)).toEqual([['13800138000', 11, 4]]);
  });

  test('binary files are skipped', async () => {
    await expect(scanFile('bin.dat', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]))).rejects.toBeInstanceOf(SkipSource);
    const noisy = Buffer.alloc(4096);
    for (let i = 0; i < noisy.length; i++) noisy[i] = (i * 7919) % 31 || 1; // control bytes, no NUL
    await expect(scanFile('ctl.dat', noisy)).rejects.toBeInstanceOf(SkipSource);
  });
});
