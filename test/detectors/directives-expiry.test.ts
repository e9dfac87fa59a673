/**
 * Inline suppressions with an expiry (`until YYYY-MM-DD`): parsed by findDirectives, honoured by
 * suppressInline through that day, reported again afterwards with a note saying why.
 */
import { describe, expect, it } from 'vitest';
import { findDirectives, type ExpiringDirective } from '../../src/detectors/directives.js';
import { suppressInline } from '../../src/postprocess/suppress-inline.js';
import type { Violation } from '../../src/model/finding.js';

const win = (text: string, firstLine = 1) => ({ bytes: Buffer.from(text), firstLine, firstCol: 0 });

const violation = (line: number, rule: Violation['rule'] = 'pi-unmasked', detector: Violation['detector'] = 'cn-id'): Violation => ({
  rule,
  detector,
  severity: 'high',
  articles: ['1034'],
  location: { path: 'a.txt', line, col: 1 },
  message: 'unmasked resident ID',
});

const day = (s: string) => new Date(`${s}T00:00:00Z`);

describe('findDirectives: until', () => {
  it('reads the date before the reason, with ids', () => {
    const [d] = findDirectives(win('# piaudit-ignore-next-line pi-unmasked until 2027-01-01 -- migration fixture\n'));
    expect(d).toEqual({ kind: 'ignore-next-line', line: 2, ids: ['pi-unmasked'], until: '2027-01-01' });
  });

  it('accepts `until:` and `until=` and no ids', () => {
    expect(findDirectives(win('// piaudit-ignore until: 2026-06-30'))[0]).toEqual({ kind: 'ignore-line', line: 1, ids: [], until: '2026-06-30' });
    expect(findDirectives(win('<!-- piaudit-ignore cn-id until=2026-06-30 -->'))[0]).toMatchObject({ ids: ['cn-id'], until: '2026-06-30' });
  });

  it('marks a date-like but unreal or misformatted date invalid', () => {
    expect(findDirectives(win('# piaudit-ignore until 2027-02-30'))[0].until).toBe('invalid');
    expect(findDirectives(win('# piaudit-ignore until 2027-1-1'))[0].until).toBe('invalid');
    expect(findDirectives(win('# piaudit-ignore until 20270101'))[0].until).toBe('invalid');
  });

  it('ignores `until` in the reason and `until` followed by prose', () => {
    expect(findDirectives(win('# piaudit-ignore cn-id -- kept until 2020-01-01 for the audit'))[0]).toEqual({ kind: 'ignore-line', line: 1, ids: ['cn-id'] });
    expect(findDirectives(win('# piaudit-ignore until we migrate'))[0].until).toBeUndefined();
  });

  it('keeps the old behaviour for directives without a date', () => {
    const ds = findDirectives(win('a\n# piaudit-ignore-next-line cn-mobile bank-card -- docs\nb\n', 10));
    expect(ds).toEqual([{ kind: 'ignore-next-line', line: 12, ids: ['cn-mobile', 'bank-card'] }]);
  });
});

describe('suppressInline: expiry', () => {
  const until = (u: string | undefined, ids: string[] = ['pi-unmasked']): ExpiringDirective => ({ kind: 'ignore-next-line', line: 5, ids, ...(u ? { until: u } : {}) });

  it('honours a directive through its date (inclusive)', () => {
    expect(suppressInline([violation(5)], [until('2027-01-01')], { asOf: day('2026-12-31') })).toEqual([]);
    expect(suppressInline([violation(5)], [until('2027-01-01')], { asOf: new Date('2027-01-01T23:59:59Z') })).toEqual([]);
  });

  it('reports the finding again after the date, with a note (en and zh)', () => {
    const [en] = suppressInline([violation(5)], [until('2027-01-01')], { asOf: day('2027-01-02') });
    expect(en.message).toBe('unmasked resident ID (suppression expired 2027-01-01)');
    const [zh] = suppressInline([violation(5)], [until('2027-01-01')], { asOf: day('2027-01-02'), lang: 'zh' });
    expect(zh.message).toContain('2027-01-01');
    expect(zh.message).toContain('过期');
  });

  it('does not mutate the input violation', () => {
    const v = violation(5);
    suppressInline([v], [until('2020-01-01')], { asOf: day('2025-01-01') });
    expect(v.message).toBe('unmasked resident ID');
  });

  it('never honours an invalid date, and says so', () => {
    const [v] = suppressInline([violation(5)], [until('invalid')], { asOf: day('2025-01-01') });
    expect(v.message).toMatch(/until date is not a valid YYYY-MM-DD/);
  });

  it('a live directive wins over an expired one on the same line; the note names the latest date', () => {
    expect(suppressInline([violation(5)], [until('2020-01-01'), until(undefined, ['cn-id'])], { asOf: day('2025-01-01') })).toEqual([]);
    const [v] = suppressInline([violation(5)], [until('2020-01-01'), until('2024-03-01', [])], { asOf: day('2025-01-01') });
    expect(v.message).toMatch(/expired 2024-03-01\)$/);
  });

  it('an expired directive for another rule adds no note', () => {
    const [v] = suppressInline([violation(5)], [until('2020-01-01', ['pi-masked'])], { asOf: day('2025-01-01') });
    expect(v.message).toBe('unmasked resident ID');
  });

  it('works end to end from a comment to the suppression', () => {
    const text = '# piaudit-ignore-next-line cn-id until 2026-01-01 -- fixture\nvalue here\n';
    const ds = findDirectives(win(text));
    expect(suppressInline([violation(2)], ds, { asOf: day('2025-06-01') })).toEqual([]);
    expect(suppressInline([violation(2)], ds, { asOf: day('2026-01-02') })).toHaveLength(1);
  });

  it('without options keeps the old call shape (dateless directives always honoured)', () => {
    expect(suppressInline([violation(5), violation(6)], [until(undefined)])).toEqual([violation(6)]);
  });
});
