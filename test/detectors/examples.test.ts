import { describe, expect, test } from 'vitest';
import { ALL_DETECTORS } from '../../src/detectors/index.js';
import { beforeAll } from 'vitest';
import { detectorsReady, detectText } from '../helpers/detect.js';

beforeAll(detectorsReady);

// style.md practice 3: every detector carries its own true and false positives; this one test
// runs them all, so a detector cannot ship without examples or regress on its own.
describe.each(ALL_DETECTORS.map((d) => [d.id, d] as const))('%s examples', (_id, d) => {
  test('has examples of every kind', () => {
    expect(d.examples.valid.length).toBeGreaterThan(0);
    expect(d.examples.invalid.length).toBeGreaterThan(0);
    expect(d.examples.masked.length).toBeGreaterThan(0);
  });

  test.each(d.examples.valid.map((e) => [e.text, e] as const))('finds %s', (_t, e) => {
    const found = detectText(e.text).filter((c) => c.detector === d.id && !c.masked);
    expect(found.map((c) => c.value)).toEqual([e.value]);
  });

  test.each(d.examples.invalid.map((e) => [e.text, e] as const))('ignores %s', (_t, e) => {
    expect(e.reason, 'an invalid example says why').toBeTruthy();
    expect(detectText(e.text).filter((c) => !c.masked)).toEqual([]);
  });

  test.each(d.examples.masked.map((e) => [e.text, e] as const))('recognises masked %s', (_t, e) => {
    const found = detectText(e.text).filter((c) => c.masked);
    expect(found.map((c) => [c.detector, c.value])).toEqual([[d.id, e.value]]);
  });
});
