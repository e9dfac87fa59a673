/** Issue 6: the config file's `rules` levels, as a postprocess step. */
import { describe, expect, test } from 'vitest';
import type { Violation } from '../../src/model/finding.js';
import { applyRuleSeverity } from '../../src/postprocess/rule-severity.js';
import { postprocess } from '../../src/postprocess/index.js';

const v = (rule: Violation['rule'], severity: Violation['severity'], extra: Partial<Violation> = {}): Violation => ({
  rule, detector: null, severity, articles: [], location: { path: 'a.log', line: 1 }, message: 'm', ...extra,
});

describe('applyRuleSeverity', () => {
  test.each([
    { name: 'no levels: unchanged', levels: undefined, input: [v('pi-masked', 'info')], expected: ['pi-masked:info'] },
    { name: 'off drops the rule only', levels: { 'pi-masked': 'off' as const }, input: [v('pi-masked', 'info'), v('pi-unmasked', 'high')], expected: ['pi-unmasked:high'] },
    { name: 'a severity replaces the default', levels: { 'pi-weak-mask': 'critical' as const }, input: [v('pi-weak-mask', 'medium')], expected: ['pi-weak-mask:critical'] },
    { name: 'a severity replaces a raise too (ID-card image, under 14)', levels: { 'pi-unmasked': 'medium' as const }, input: [v('pi-unmasked', 'critical')], expected: ['pi-unmasked:medium'] },
    { name: 'a well-known example stays info', levels: { 'pi-unmasked': 'critical' as const }, input: [v('pi-unmasked', 'info', { example: true })], expected: ['pi-unmasked:info'] },
    { name: 'off drops well-known examples as well', levels: { 'pi-unmasked': 'off' as const }, input: [v('pi-unmasked', 'info', { example: true })], expected: [] },
  ])('$name', ({ levels, input, expected }) => {
    expect(applyRuleSeverity(input, levels).map((x) => `${x.rule}:${x.severity}`)).toEqual(expected);
  });

  test('does not modify the violations it is given (a pure step)', () => {
    const input = [v('pi-masked', 'info')];
    applyRuleSeverity(input, { 'pi-masked': 'high' });
    expect(input[0].severity).toBe('info');
  });

  test('runs before the severity floor: a rule raised above --min-severity is kept', () => {
    const out = postprocess([v('pi-masked', 'info'), v('pi-identity-kit', 'high')], {
      directives: [], minSeverity: 'medium', asOf: new Date(Date.UTC(2025, 0, 1)), threshold: 10_000, ruleSeverity: { 'pi-masked': 'medium', 'pi-identity-kit': 'low' },
    });
    expect(out.map((x) => `${x.rule}:${x.severity}`)).toEqual(['pi-masked:medium']);
  });
});

describe('through the pipeline', () => {
  test('a raised pi-unmasked leaves the well-known example at info, and off removes pi-masked', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { scan } = await import('../../src/pipeline.js');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'piaudit-rule-severity-'));
    try {
      // 13800138000 is the documented example mobile (rules/well-known-examples.json); 139****0000 is masked.
      writeFileSync(path.join(dir, 'doc.md'), 'call 13800138000 or 139****0000\n', { mode: 0o600 });
      const base = { paths: [dir], cwd: dir, cache: false, ocr: false, asOf: new Date(Date.UTC(2025, 0, 1)) };
      const before = await scan(base);
      expect(before.report.findings.map((f) => `${f.rule}:${f.severity}`).sort()).toEqual(['pi-masked:info', 'pi-unmasked:info']);
      const { report } = await scan({ ...base, ruleSeverity: { 'pi-unmasked': 'critical', 'pi-masked': 'off' } });
      expect(report.findings.map((f) => `${f.rule}:${f.severity}`)).toEqual(['pi-unmasked:info']);
      expect(report.findings[0].message).toMatch(/^well-known example value/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
