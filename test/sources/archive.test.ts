import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';
import { describe, expect, test } from 'vitest';
import type { DocumentItem, NestedFile } from '../../src/model/document.js';
import { ArchiveBudget, archiveKindOf, DEFAULT_ARCHIVE_LIMITS, MAX_ARCHIVE_DEPTH, readArchive, type ArchiveKind, type ArchiveLimits } from '../../src/sources/archive/index.js';
import { makeZip, markZipEntryEncrypted } from '../helpers/office-files.js';
import { makeCnId, makeMobile, makeRng } from '../helpers/synth.js';

const rng = makeRng(4_2024);
const ID = makeCnId(rng);
const MOBILE = makeMobile(rng);
const dir = mkdtempSync(path.join(tmpdir(), 'piaudit-archive-'));

interface TarMember {
  name: string;
  data?: string | Buffer;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'fifo';
  linkname?: string;
}

async function makeTar(members: readonly TarMember[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const m of members) {
    const type = m.type ?? 'file';
    if (type === 'file') pack.entry({ name: m.name, mtime: new Date(Date.UTC(2024, 0, 1)) }, m.data ?? '');
    else pack.entry({ name: m.name, type, linkname: m.linkname, devmajor: 1, devminor: 3 });
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function read(input: { path?: string; data?: Buffer }, kind: ArchiveKind, limits: Partial<ArchiveLimits> & { budget?: ArchiveBudget } = {}): Promise<DocumentItem[]> {
  const items: DocumentItem[] = [];
  for await (const item of readArchive(input, kind, { ...DEFAULT_ARCHIVE_LIMITS, ...limits })) {
    // Streams are read here, as the pipeline would, before the next item is asked for.
    if (item.type === 'file' && item.file.stream) {
      const chunks: Buffer[] = [];
      for await (const c of item.file.stream) chunks.push(c as Buffer);
      items.push({ type: 'file', file: { ...item.file, stream: undefined, data: Buffer.concat(chunks), streamed: true } as NestedFile });
    } else items.push(item);
  }
  return items;
}

const files = (items: DocumentItem[]): NestedFile[] => items.flatMap((i) => (i.type === 'file' ? [i.file] : []));
const names = (items: DocumentItem[]): string[] => files(items).map((f) => f.name);
const text = (f: NestedFile | undefined): string | undefined => f?.data?.toString('utf8');

function saveFile(name: string, data: Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, data);
  return p;
}

describe('archiveKindOf', () => {
  test('by content: zip, empty zip, tar, tgz; gzip text and others are not archives', async () => {
    const zip = await makeZip([{ name: 'a.txt', data: 'a' }]);
    const tarball = await makeTar([{ name: 'a.txt', data: 'a' }]);
    expect(archiveKindOf(zip, 'x')).toBe('zip');
    expect(archiveKindOf(Buffer.from('504b0506' + '00'.repeat(18), 'hex'), 'empty.zip')).toBe('zip');
    expect(archiveKindOf(tarball, 'backup')).toBe('tar');
    expect(archiveKindOf(gzipSync(tarball).subarray(0, 4096), 'backup.bin')).toBe('tgz');
    expect(archiveKindOf(gzipSync(Buffer.from('line one\nline two\n'.repeat(100))), 'app.log.gz')).toBeUndefined();
    expect(archiveKindOf(Buffer.from('just text'), 'notes.tar')).toBeUndefined();
    // A gzip bomb's head is peeked cheaply and is no tar.
    expect(archiveKindOf(gzipSync(Buffer.alloc(50 << 20)).subarray(0, 4096), 'bomb.tgz')).toBeUndefined();
    expect(MAX_ARCHIVE_DEPTH).toBe(3);
  });
});

describe('zip', () => {
  test('members from memory and from a path, directories and symlinks left out, odd names kept verbatim', async () => {
    let zip = await makeZip([
      { name: 'etc', data: '', directory: true },
      { name: 'etc/current', data: 'users.csv', mode: 0o120777 },
      { name: 'aa/users.csv', data: `name,id\nx,${ID}\n` },
      { name: 'zz/abs.txt', data: MOBILE, compress: false },
      { name: 'var/log/app.log', data: 'ok\n' },
    ]);
    // yazl refuses `..` and absolute names; patch them in (same length) as a hostile zip would have them.
    zip = Buffer.from(zip.toString('latin1').replaceAll('aa/users.csv', '../users.csv').replaceAll('zz/abs.txt', '/z/abs.txt'), 'latin1');
    for (const input of [{ data: zip }, { path: saveFile('plain.zip', zip) }]) {
      const items = await read(input, 'zip');
      expect(items.every((i) => i.type === 'file')).toBe(true);
      expect(names(items)).toEqual(['../users.csv', '/z/abs.txt', 'var/log/app.log']);
      expect(text(files(items)[0])).toContain(ID);
      expect(files(items)[1]).toMatchObject({ size: 11, mtimeMs: Date.UTC(2024, 0, 1) });
    }
  });

  test('a member over maxMemberBytes comes as a stream', async () => {
    const big = `${ID}\n`.repeat(2000);
    const zip = await makeZip([{ name: 'big.txt', data: big }, { name: 'small.txt', data: 'x' }]);
    const items = await read({ path: saveFile('big.zip', zip) }, 'zip', { maxMemberBytes: 1000 });
    expect(files(items).map((f) => [f.name, (f as { streamed?: boolean }).streamed ?? false])).toEqual([['big.txt', true], ['small.txt', false]]);
    expect(text(files(items)[0])).toBe(big);
  });

  test('entry count limit: the first N members, then a skip', async () => {
    const zip = await makeZip(Array.from({ length: 10 }, (_, i) => ({ name: `f${i}.txt`, data: `${i}` })));
    const items = await read({ data: zip }, 'zip', { maxEntries: 4 });
    expect(names(items)).toEqual(['f0.txt', 'f1.txt', 'f2.txt', 'f3.txt']);
    expect(items.at(-1)).toEqual({ type: 'skip', reason: 'archive limit: more than 4 entries, the rest not scanned' });
  });

  test('total size limit stops before the member that would pass it', async () => {
    const zip = await makeZip(Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.txt`, data: 'x'.repeat(400) })));
    const items = await read({ data: zip }, 'zip', { maxTotalBytes: 1000 });
    expect(names(items)).toEqual(['f0.txt', 'f1.txt']);
    expect(items.at(-1)).toMatchObject({ type: 'skip', reason: expect.stringMatching(/^archive limit: more than 1000 B expanded/), at: { entry: 'f2.txt' } });
  });

  test('zip bomb-like ratio: that member skipped, the others read', async () => {
    const zip = await makeZip([{ name: 'zeros.bin', data: Buffer.alloc(4 << 20) }, { name: 'after.txt', data: MOBILE }]);
    const items = await read({ data: zip }, 'zip', { ratioMinBytes: 1 << 20 });
    expect(items[0]).toMatchObject({ type: 'skip', reason: expect.stringMatching(/^archive limit: compression ratio \d+:1 \(4 MiB from .*\), looks like a zip bomb$/), at: { entry: 'zeros.bin' } });
    expect(names(items)).toEqual(['after.txt']);
  });

  test('encrypted entry skipped with a reason', async () => {
    const zip = markZipEntryEncrypted(await makeZip([{ name: 'secret.csv', data: ID }, { name: 'open.txt', data: MOBILE }]), 'secret.csv');
    const items = await read({ data: zip }, 'zip');
    expect(items).toEqual([
      { type: 'skip', reason: 'encrypted zip entry (not scanned)', at: { entry: 'secret.csv' } },
      expect.objectContaining({ type: 'file', file: expect.objectContaining({ name: 'open.txt' }) }),
    ]);
  });

  test('corrupt or truncated zip: an error item, nothing quoted', async () => {
    const zip = await makeZip([{ name: `${ID}.txt`, data: ID }]);
    for (const bad of [zip.subarray(0, zip.length - 30), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 7)])]) {
      const items = await read({ data: bad }, 'zip');
      expect(items).toEqual([{ type: 'error', message: expect.stringMatching(/^corrupt or truncated zip archive/) }]);
      expect(JSON.stringify(items)).not.toContain(ID);
    }
  });

  test('damaged member data: error for it, later members still read', async () => {
    const zip = await makeZip([{ name: 'a.txt', data: `${MOBILE} `.repeat(500) }, { name: 'b.txt', data: 'fine' }]);
    const damaged = Buffer.from(zip);
    // Scribble over the middle of a.txt's deflate stream (its data starts after the 30-byte header and name).
    damaged.fill(0xff, 30 + 5 + 10, 30 + 5 + 30);
    const items = await read({ data: damaged }, 'zip');
    expect(items[0]).toMatchObject({ type: 'error', message: expect.stringMatching(/^unreadable zip entry/), at: { entry: 'a.txt' } });
    expect(names(items)).toEqual(['b.txt']);
  });
});

describe('tar and tar.gz', () => {
  test('regular files only: directories, links and devices passed over', async () => {
    const t = await makeTar([
      { name: 'var/', type: 'directory' },
      { name: 'var/log/app.log', data: `login ${MOBILE}\n` },
      { name: 'var/log/current', type: 'symlink', linkname: 'app.log' },
      { name: 'var/log/hard', type: 'link', linkname: 'var/log/app.log' },
      { name: 'dev/null', type: 'character-device' },
      { name: 'tmp/fifo', type: 'fifo' },
      { name: 'home/u/ids.txt', data: ID },
    ]);
    for (const [input, kind] of [[{ data: t }, 'tar'], [{ path: saveFile('b.tar.gz', gzipSync(t)) }, 'tgz']] as const) {
      const items = await read(input, kind);
      expect(items.every((i) => i.type === 'file')).toBe(true);
      expect(names(items)).toEqual(['var/log/app.log', 'home/u/ids.txt']);
      expect(text(files(items)[1])).toBe(ID);
      expect(files(items)[0].mtimeMs).toBe(Date.UTC(2024, 0, 1));
    }
  });

  test('a nested zip in a tar.gz is yielded as a file (the pipeline recurses)', async () => {
    const inner = await makeZip([{ name: 'users.csv', data: `id\n${ID}\n` }]);
    const tgz = gzipSync(await makeTar([{ name: 'backup/site.zip', data: inner }, { name: 'backup/readme', data: 'x' }]));
    expect(archiveKindOf(tgz, 'backup.tar.gz')).toBe('tgz');
    const items = await read({ data: tgz }, 'tgz');
    const nested = files(items)[0];
    expect(nested.name).toBe('backup/site.zip');
    expect(nested.data!.equals(inner)).toBe(true);
    expect(archiveKindOf(nested.data!, nested.name)).toBe('zip');
    // Recursing with the same budget makes the limits hold for the whole tree.
    const budget = new ArchiveBudget({ ...DEFAULT_ARCHIVE_LIMITS, maxEntries: 3 });
    const outer = await read({ data: tgz }, 'tgz', { budget });
    const innerItems = await read({ data: files(outer)[0].data }, 'zip', { budget });
    expect(names(innerItems)).toEqual(['users.csv']);
    expect(budget.entriesLeft).toBe(0);
  });

  test('truncated tgz: members before the cut kept, then an error', async () => {
    const t = await makeTar([
      { name: 'a.log', data: `a ${ID}\n` },
      { name: 'b.log', data: `b ${MOBILE}\n` },
      { name: 'c.log', data: Buffer.from(makeRng(9).bytes(200_000)) },
      { name: 'd.log', data: 'never seen' },
    ]);
    const gz = gzipSync(t);
    const items = await read({ data: gz.subarray(0, Math.floor(gz.length * 0.6)) }, 'tgz');
    expect(names(items)).toEqual(['a.log', 'b.log']);
    expect(items.at(-1)).toEqual({ type: 'error', message: expect.stringMatching(/^corrupt or truncated tar\.gz archive, the rest not read \(/) });
    // Plain tar cut mid-member too.
    const cut = await read({ data: t.subarray(0, 2048 + 100_000) }, 'tar');
    expect(names(cut)).toEqual(['a.log', 'b.log']);
    expect(cut.at(-1)).toMatchObject({ type: 'error' });
  });

  test('big members stream; unread streams are drained so the tar goes on', async () => {
    const big = 'x'.repeat(300_000);
    const t = await makeTar([{ name: 'big1', data: big }, { name: 'big2', data: big }, { name: 'small', data: ID }]);
    const items = await read({ data: t }, 'tar', { maxMemberBytes: 1000 });
    expect(files(items).map((f) => [f.name, f.data?.length])).toEqual([['big1', 300_000], ['big2', 300_000], ['small', 18]]);
    // A consumer that ignores or destroys the stream still gets the next members.
    const seen: string[] = [];
    let n = 0;
    for await (const item of readArchive({ data: t }, 'tar', { ...DEFAULT_ARCHIVE_LIMITS, maxMemberBytes: 1000 })) {
      if (item.type !== 'file') continue;
      seen.push(item.file.name);
      if (item.file.stream && n++ === 0) item.file.stream.destroy();
    }
    expect(seen).toEqual(['big1', 'big2', 'small']);
  });

  test('entry and size limits apply to tar too', async () => {
    const t = await makeTar(Array.from({ length: 6 }, (_, i) => ({ name: `f${i}`, data: 'y'.repeat(300) })));
    expect(names(await read({ data: t }, 'tar', { maxEntries: 2 }))).toEqual(['f0', 'f1']);
    const sized = await read({ data: t }, 'tar', { maxTotalBytes: 1000 });
    expect(names(sized)).toEqual(['f0', 'f1', 'f2']);
    expect(sized.at(-1)).toMatchObject({ type: 'skip', reason: expect.stringContaining('archive limit: more than'), at: { entry: 'f3' } });
  });
});
