import { expect, test } from 'vitest';
import { analyze } from '../../src/analyzers/index.js';
import { detectText } from '../helpers/detect.js';

const opts = { key: Buffer.from('k'), threshold: 10_000, asOf: new Date(Date.UTC(2025, 0, 1)) };

// issue #2: a masked value read as the wrong kind first must not be lost.
test('a masked value no card fits falls back to its ID reading', () => {
  const candidates = detectText('卡号 110105********0024');
  expect(candidates[0].detector).toBe('bank-card'); // the card keyword wins on confidence…
  const [f] = analyze(candidates, opts);
  expect([f.detector, f.masked, f.mask.candidates > 0]).toEqual(['cn-id', true, true]); // …but no BIN starts 110105
});

test('a masked value that fits no kind is dropped', () => {
  expect(analyze(detectText('卡号 000000********0000'), opts)).toEqual([]);
});
