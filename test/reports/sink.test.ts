import { describe, expect, test } from 'vitest';
import { BufferedOut, type TextSink } from '../../src/reports/sink.js';

/** A sink that records what it got, as bytes, in order (copying: the writer reuses its buffer). */
function recordingSink(withBytes: boolean): { sink: TextSink; out: () => Buffer; calls: string[] } {
  const chunks: Buffer[] = [];
  const calls: string[] = [];
  const sink: TextSink = Object.assign(
    (s: string) => {
      calls.push('text');
      chunks.push(Buffer.from(s, 'utf8'));
    },
    withBytes
      ? {
          bytes: (b: Uint8Array) => {
            calls.push('bytes');
            chunks.push(Buffer.from(b));
          },
        }
      : {},
  );
  return { sink, out: () => Buffer.concat(chunks), calls };
}

const pieces = [
  '{"evidence":"梁**","message":"Unmasked personal name"}',
  ',\n    ',
  '😀 astral and 中文 mixed',
  'x'.repeat(70_000), // bigger than the 64 KB text batch
  '末'.repeat(400_000), // bigger than the 1 MiB byte buffer once encoded
  'tail',
];

describe('BufferedOut', () => {
  test.each([
    ['a text sink', false],
    ['a byte sink', true],
  ])('%s receives exactly the pushed text, in order', (_what, withBytes) => {
    const { sink, out, calls } = recordingSink(withBytes);
    const w = new BufferedOut(sink);
    for (let round = 0; round < 3; round++) for (const p of pieces) w.push(p);
    w.flush();
    expect(out().equals(Buffer.from(pieces.join('').repeat(3), 'utf8'))).toBe(true);
    if (withBytes) expect(calls).toContain('bytes');
    else expect(calls.every((c) => c === 'text')).toBe(true);
  });

  test('a byte sink gets whole characters: nothing is cut at the buffer edge', () => {
    const { sink, out } = recordingSink(true);
    const w = new BufferedOut(sink);
    const piece = '身份证号 110***********1234，'; // 3-byte characters around ASCII
    for (let i = 0; i < 100_000; i++) w.push(piece);
    w.flush();
    expect(out().toString('utf8')).toBe(piece.repeat(100_000));
  });
});
