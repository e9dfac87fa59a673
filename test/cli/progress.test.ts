import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ProgressLine } from '../../src/cli/progress.js';

describe('progress line on stderr', () => {
  let out: string[];
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    out = [];
  });
  afterEach(() => vi.useRealTimers());

  test('silent during the first second: a quick scan prints nothing extra', () => {
    const p = new ProgressLine((s) => out.push(s), 80);
    vi.advanceTimersByTime(500);
    p.update({ files: 3, bytes: 1 << 20, current: 'a.log' });
    p.done();
    expect(out).toEqual([]);
  });

  test('then redrawn in place, at most every 100 ms, never wider than the terminal, cleared at the end', () => {
    const p = new ProgressLine((s) => out.push(s), 60);
    vi.advanceTimersByTime(2000);
    p.update({ files: 12, bytes: 40 << 20, current: 'logs/very/long/path/to/some/application-server.log.2024-03-01.gz' });
    vi.advanceTimersByTime(50);
    p.update({ files: 13, bytes: 41 << 20, current: 'b.log' });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^\r\x1b\[2Kscanning: 12 file\(s\), 40\.0 MB, 20\.0 MB\/s/);
    expect(out[0].length - '\r\x1b[2K'.length).toBeLessThanOrEqual(60);
    p.done();
    expect(out[1]).toBe('\r\x1b[2K');
  });

  test('a big file shows how far it is and an estimate of the time left', () => {
    const p = new ProgressLine((s) => out.push(s), 200);
    vi.advanceTimersByTime(10_000);
    p.update({ files: 0, bytes: 100 << 20, current: 'big.log', currentBytes: 100 << 20, currentSize: 400 << 20 });
    expect(out[0]).toContain('25 % of this file, ~30 s left');
  });
});
