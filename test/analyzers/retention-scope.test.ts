import { describe, expect, test } from 'vitest';
import { dayOf, dayOfTime, dayText } from '../../src/analyzers/retention/dates.js';
import { RetentionScope } from '../../src/analyzers/retention/scope.js';
import type { Finding } from '../../src/model/finding.js';
import type { DetectorId } from '../../src/model/ids.js';

/**
 * The retention scope on hand-made windows and findings: which lines are records, how each is
 * dated (its own timestamp, else the file's name or mtime), and what is not counted.
 */

const AS_OF = dayOf(2025, 1, 1)!;

function finding(line: number, detector: DetectorId, strength: 'clear' | 'weak' | 'masked' = 'clear', wellKnown = false): Finding {
  return {
    detector,
    location: { path: 'x.log', line, col: 1 },
    value: 'v',
    masked: strength === 'masked',
    confidence: 1,
    context: false,
    facts: wellKnown ? { wellKnown: true } : {},
    record: `${line}`,
    mask: { candidates: strength === 'clear' ? 1 : strength === 'weak' ? 5 : 1e6, strength },
    fingerprint: 'f',
  };
}

/** The dated records of a scope as `day → count`, oldest first. */
function records(scope: RetentionScope): Array<[string, number]> {
  return [...scope.file.days()].map(([d, [n]]) => [dayText(d), n] as [string, number]).sort();
}

const win = (text: string, firstLine = 1, firstCol = 0) => ({ bytes: Buffer.from(text, 'utf8'), firstLine, firstCol });

describe('text records', () => {
  test('each line holding kept information is one record dated by its own timestamp; the others and masked values do not count', () => {
    const scope = new RetentionScope(AS_OF);
    const text = [
      '2023-01-05 10:00:00 id=A phone=B', // 1: two values, one record
      '2023-01-06 10:00:00 nothing here', // 2: no finding
      '用户 2023-02-01 08:00:00 登记 id=C', // 3: Chinese before the timestamp (decoded as UTF-8)
      '2023-03-01 10:00:00 masked id=D', // 4: masked only
      '2023-03-02 10:00:00 example id=E', // 5: a documented example only
      `{"msg":"${'x'.repeat(300)}","time":"2022-12-31T23:00:00Z"}`, // 6: a long JSON line, time last
      '   at com.example.Foo(Foo.java:42) phone=F', // 7: no timestamp: the file's fallback
    ].join('\n');
    const findings = [finding(1, 'cn-id'), finding(1, 'cn-mobile'), finding(3, 'cn-id', 'weak'), finding(4, 'cn-id', 'masked'), finding(5, 'cn-id', 'clear', true), finding(6, 'cn-mobile'), finding(7, 'cn-mobile')];
    const dating = scope.datingOf({ path: 'logs/app.log', mtimeMs: Date.UTC(2024, 5, 1) });
    scope.addTextLines(win(text), findings, dating, { line: 0 });
    expect(records(scope)).toEqual([
      ['2022-12-31', 1],
      ['2023-01-05', 1],
      ['2023-02-01', 1],
      ['2024-06-01', 1],
    ]);
    // The oldest record holding an ID (weak masks count) decides high severity.
    expect(dayText(scope.file.oldestSensitive!)).toBe('2023-01-05');
    expect(scope.file.olderThan(dayOf(2023, 1, 10)!)).toEqual({ records: 2, oldest: dayOf(2022, 12, 31), bases: ['log-timestamp'] });
    expect(scope.file.olderThan(AS_OF).bases).toEqual(['log-timestamp', 'mtime']);
  });

  test('a line cut across windows is one record, dated from the window holding its start', () => {
    const scope = new RetentionScope(AS_OF);
    const dating = scope.datingOf({ path: 'big.log', mtimeMs: Date.UTC(2024, 5, 1) });
    const state = { line: 0 };
    scope.addTextLines(win('2023-04-01 10:00:00 start of a long line id=A'), [finding(1, 'cn-mobile')], dating, state);
    // The next window starts inside line 1 (firstCol > 0): its ID makes the record sensitive, no new record.
    scope.addTextLines(win(' more of it id=B\n2023-04-02 10:00:00 id=C', 1, 40), [finding(1, 'cn-id'), finding(2, 'cn-mobile')], dating, state);
    expect(records(scope)).toEqual([
      ['2023-04-01', 1],
      ['2023-04-02', 1],
    ]);
    expect(dayText(scope.file.oldestSensitive!)).toBe('2023-04-01');
  });

  test('fallbacks: the date in the file name before the mtime; a syslog stamp takes its year from the mtime', () => {
    const named = new RetentionScope(AS_OF);
    named.addTextLines(win('no timestamp id=A'), [finding(1, 'cn-id')], named.datingOf({ path: 'app.log.2023-03-01', mtimeMs: Date.UTC(2024, 0, 1) }), { line: 0 });
    expect(records(named)).toEqual([['2023-03-01', 1]]);
    expect(named.file.olderThan(AS_OF).bases).toEqual(['file-name']);

    const syslog = new RetentionScope(AS_OF);
    syslog.addTextLines(win('Dec 30 10:00:00 host app: id=A\nJan  2 10:00:00 host app: id=B'), [finding(1, 'cn-id'), finding(2, 'cn-id')], syslog.datingOf({ path: 'messages', mtimeMs: Date.UTC(2023, 0, 3) }), { line: 0 });
    expect(records(syslog)).toEqual([
      ['2022-12-30', 1],
      ['2023-01-02', 1],
    ]);

    // No name date, no mtime (stdin): undated, not judged.
    const stdin = new RetentionScope(AS_OF);
    stdin.addTextLines(win('no timestamp id=A'), [finding(1, 'cn-id')], stdin.datingOf({ path: '<stdin>' }), { line: 0 });
    expect(stdin.file.records).toBe(0);
    expect(stdin.file.undated).toBe(1);
  });

  test('an archive member without its own mtime is dated by the archive file', () => {
    const scope = new RetentionScope(AS_OF, Date.UTC(2022, 1, 2));
    const d = scope.datingOf({ path: 'backup.tar', entry: 'var/log/app.txt' });
    expect(d.fallback).toEqual({ day: dayOfTime(Date.UTC(2022, 1, 2)), basis: 'mtime' });
    expect(scope.datingOf({ path: 'backup.tar', entry: 'var/log/app.log.2021-07-01' }).fallback).toEqual({ day: dayOf(2021, 7, 1), basis: 'file-name' });
  });
});

describe('table rows and ID copies', () => {
  test('rows are dated by the timestamp column; a row without a value there by the file', () => {
    const scope = new RetentionScope(AS_OF);
    const text = ['id\tsfzh\tcreated_at', '1\tA\t2020-01-02 03:04:05', '2\tB\t', '3\tC\t1577923200', '4\tD\t2024-12-01'].join('\n');
    const dating = scope.datingOf({ path: 'app.db', mtimeMs: Date.UTC(2024, 11, 20) });
    scope.addTableRows(undefined, 'users', ['id', 'sfzh', 'created_at'], text, new Map([[2, true], [3, false], [4, false], [5, true]]), dating);
    const t = scope.tables.get('\0users')!;
    expect(t.ages.column).toBe('created_at');
    expect([...t.ages.days()].map(([d, [n]]) => [dayText(d), n]).sort()).toEqual([
      ['2020-01-02', 2], // row 1 by its text, row 3 by its epoch seconds
      ['2024-12-01', 1],
      ['2024-12-20', 1], // row 2: no value, the file's mtime
    ]);
    expect(t.ages.olderThan(AS_OF).bases).toEqual(['column', 'mtime']);
  });

  test('an ID copy is one record, dated by its annotation, and makes the file an id-copy', () => {
    const scope = new RetentionScope(AS_OF);
    const dating = scope.datingOf({ path: 'scan.jpg', mtimeMs: Date.UTC(2024, 11, 1) });
    scope.addIdCopy('2021.03.04', true, dating);
    scope.addIdCopy(undefined, false, dating);
    expect(scope.idCopy).toBe(true);
    expect(records(scope)).toEqual([
      ['2021-03-04', 1],
      ['2024-12-01', 1],
    ]);
    expect(scope.file.olderThan(AS_OF).bases).toEqual(['annotation', 'mtime']);
  });
});
