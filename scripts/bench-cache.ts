/**
 * Cached re-scan of a folder of images (issue 4: "a cached re-scan of 1,000 images in under 3 s").
 * Builds N small distinct images (a few lines of synthetic text each), scans the folder once to
 * fill a fresh cache, then again and times the second, whole process included.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(REPO, 'bin', 'piaudit.js');

export interface CacheBenchResult {
  images: number;
  firstMs: number;
  cachedMs: number;
  cachedDocuments: number;
  findings: number;
}

/** N distinct PNGs: short lines of invented words and numbers, like receipts and notices. */
async function makeImages(dir: string, n: number): Promise<void> {
  const { createCanvas } = await import('@napi-rs/canvas');
  const words = ['收据', '编号', '金额', '日期', '备注', '通知', '物业', '停车', '缴费', '维修'];
  for (let i = 0; i < n; i++) {
    const c = createCanvas(360, 160);
    const g = c.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, 360, 160);
    g.fillStyle = '#000';
    g.font = '22px sans-serif';
    g.fillText(`${words[i % words.length]} ${String(100000 + i)}`, 16, 50);
    g.fillText(`${words[(i * 7) % words.length]} ${(i * 37) % 1000}.${i % 100}`, 16, 100);
    writeFileSync(path.join(dir, `img-${String(i).padStart(4, '0')}.png`), c.toBuffer('image/png'));
  }
}

function scan(dir: string, cacheHome: string): { ms: number; report: { findings: unknown[]; scan: { cachedDocuments?: number } } } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, 'scan', dir, '--format', 'json', '--fail-on', 'none'], {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    env: { ...process.env, XDG_CACHE_HOME: cacheHome, PIAUDIT_KEY: process.env.PIAUDIT_KEY ?? 'bench' },
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`piaudit exited ${r.status}: ${r.stderr.slice(0, 300)}`);
  return { ms, report: JSON.parse(r.stdout) };
}

export async function benchCache(n = 1000, log: (s: string) => void = (s) => process.stderr.write(s + '\n')): Promise<CacheBenchResult> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'piaudit-bench-cache-'));
  try {
    const dir = path.join(work, 'images');
    mkdirSync(dir);
    log(`  … ${n} images`);
    await makeImages(dir, n);
    log('  … first scan (OCR, fills the cache)');
    const first = scan(dir, path.join(work, 'cache'));
    log('  … cached re-scan');
    const second = scan(dir, path.join(work, 'cache'));
    return { images: n, firstMs: first.ms, cachedMs: second.ms, cachedDocuments: second.report.scan.cachedDocuments ?? 0, findings: second.report.findings.length };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv[2] ?? 1000);
  const r = await benchCache(n);
  process.stdout.write(
    `CACHED RE-SCAN of ${r.images} images: first scan ${(r.firstMs / 1000).toFixed(1)} s (${((r.images * 1000) / r.firstMs).toFixed(1)} images/s, OCR), ` +
      `re-scan ${(r.cachedMs / 1000).toFixed(2)} s (${r.cachedDocuments} from cache), target < 3 s ${r.cachedMs < 3000 ? 'MET' : 'MISSED'}\n`,
  );
}
