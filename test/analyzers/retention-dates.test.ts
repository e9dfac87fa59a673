import { describe, expect, test } from 'vitest';
import { dayOf, dayText } from '../../src/analyzers/retention/dates.js';
import { cellDay, lineTimestamp } from '../../src/analyzers/retention/timestamps.js';
import { fileNameDay } from '../../src/analyzers/retention/file-name.js';
import { isTimeColumnName, timestampColumn } from '../../src/analyzers/retention/columns.js';

/** A syslog reference: the file was last written on 2024-06-15. */
const CTX = { notAfter: dayOf(2024, 6, 15)! };
/** Each line on its own context: no format hint from an earlier line. */
const parsed = (line: string, ctx = CTX): string | undefined => {
  const d = lineTimestamp(line, { ...ctx });
  return d === undefined ? undefined : dayText(d);
};

const POSITIVE: Array<[string, string, string]> = [
    ['ISO 8601 with T', '2024-03-01T12:00:00 INFO login ok', '2024-03-01'],
    ['ISO 8601 with zone and fraction', '2024-03-01T12:00:00.123+08:00 user=x', '2024-03-01'],
    ['ISO 8601 with a space', '2024-03-01 12:00:00 INFO user=x', '2024-03-01'],
    ['log4j comma millis', '2024-03-01 12:00:00,456 [main] INFO x', '2024-03-01'],
    ['bracketed', '[2024-03-01 12:00:00] local.INFO: x', '2024-03-01'],
    ['slashes with time', '2024/03/01 12:00:00 [error] 123#0: x', '2024-03-01'],
    ['slashes, date only at the start', '2024/03/01 order placed', '2024-03-01'],
    ['dashes, date only at the start (CSV)', '2024-03-01,user,x', '2024-03-01'],
    ['dots with two-digit month and day', '2024.03.01 order placed', '2024-03-01'],
    ['nginx / Apache', '203.0.113.9 - - [01/Mar/2024:12:00:00 +0800] "GET / HTTP/1.1" 200', '2024-03-01'],
    ['Apache with a user', '198.51.100.7 - frank [10/Oct/2023:13:55:36 -0700] "GET /a.gif"', '2023-10-10'],
    ['syslog, same year as mtime', 'Mar  1 12:00:00 host sshd[123]: x', '2024-03-01'],
    ['syslog with two-digit day', 'Jun 15 08:00:00 host app: x', '2024-06-15'],
    ['syslog after the mtime date: the year before', 'Dec 31 23:59:59 host app: x', '2023-12-31'],
    ['syslog with a priority', '<34>Mar  1 12:00:00 host app: x', '2024-03-01'],
    ['compact with a space', '20240301 120000 INFO x', '2024-03-01'],
    ['compact with colons', '20240301 12:00:00 INFO x', '2024-03-01'],
    ['Chinese date', '2024年3月1日 用户登记', '2024-03-01'],
    ['Chinese date with time', '【2024年3月1日 12:00】 x', '2024-03-01'],
    ['Chinese date with time after a prefix', 'INFO 时间 2024年3月1日 12时30分 x', '2024-03-01'],
    ['after a level and thread', 'INFO [http-nio-8080-exec-1] 2024-03-01 12:00:00 x', '2024-03-01'],
    ['JSON log, time first', '{"time":"2024-03-01T12:00:00Z","msg":"x"}', '2024-03-01'],
    ['JSON log, time last (Docker)', `{"log":"${'x'.repeat(120)}","stream":"stdout","time":"2024-03-01T12:00:00.1Z"}`, '2024-03-01'],
    ['JSON log, epoch seconds', `{"msg":"${'y'.repeat(100)}","ts":1709294400}`, '2024-03-01'],
    ['leap day', '2024-02-29 00:00:01 x', '2024-02-29'],
];

const NEGATIVE: Array<[string, string]> = [
    ['version numbers', 'v1.2.3 started'],
    ['a calendar version without leading zeros', '2024.3.1 released'],
    ['a version later in the line', 'INFO starting app 2023.10.2'],
    ['node version', 'node 20.19.4 ready'],
    ['a resident ID (birth date inside)', 'user id=110105199003071234 ok'],
    ['a resident ID at the start', '110105199003071234 x'],
    ['a phone number', '13912345678 called'],
    ['a 14-digit order number', '20240301120000 order'],
    ['an invalid month and day', '2024-13-45 12:00:00 x'],
    ['an invalid day', '2023-02-29 12:00:00 x'],
    ['an invalid time', '2024-03-01 25:61:00 x'],
    ['an invalid compact date', '20241345 120000 x'],
    ['a bare date later in the line (a birth date)', 'name x, born 1990-03-07, id y'],
    ['a year out of range', '1899-03-01 12:00:00 x'],
    ['a timestamp far from the start', `${'x'.repeat(100)} 2024-03-01 12:00:00`],
    ['a millisecond epoch in plain text', '1709294400000 x'],
    ['an IP address', '192.168.100.200 - GET'],
    ['a date glued to letters', 'id2024-03-01 12:00:00x'],
];

describe('log line timestamps', () => {
  test.each(POSITIVE)('%s', (_name, line, want) => {
    expect(parsed(line)).toBe(want);
  });

  test.each(NEGATIVE)('does not parse %s', (_name, line) => {
    expect(parsed(line)).toBeUndefined();
  });

  test('the earliest timestamp in the head wins', () => {
    expect(parsed('2024-03-01 12:00:00 renewed until 2026-01-01 00:00:00')).toBe('2024-03-01');
    expect(parsed('1.2.3.4 - - [02/Mar/2024:01:00:00 +0800] "GET /?d=2020-01-01 00:00:00"')).toBe('2024-03-02');
  });

  test('the format hint of a source never changes a result: every line after every other gives its own answer', () => {
    const lines = [...POSITIVE.map((p) => p[1]), ...NEGATIVE.map((n) => n[1]), '10.0.0.1 - - [01/Mar/2024:12:00:00 +0800] "GET /?since=2023-01-01 00:00:00"', 'INFO 2024-03-01 12:00:00 x'];
    const alone = lines.map((l) => parsed(l));
    for (const first of lines) {
      for (const [i, l] of lines.entries()) {
        const ctx = { ...CTX };
        lineTimestamp(first, ctx);
        const d = lineTimestamp(l, ctx);
        expect(d === undefined ? undefined : dayText(d), `${JSON.stringify(first)} then ${JSON.stringify(l)}`).toBe(alone[i]);
      }
    }
  });

  test('in a table whose first column is not a time, a bare date opening a row is not its timestamp', () => {
    const table = { ...CTX, bareDates: false };
    expect(lineTimestamp('1990-03-07,name,id', { ...table })).toBeUndefined();
    expect(lineTimestamp('1990年3月7日,name', { ...table })).toBeUndefined();
    // A date with a time still is (a log-like export), and so is the bare date under a time column.
    expect(dayText(lineTimestamp('2024-03-01 12:00:00,name', { ...table })!)).toBe('2024-03-01');
    expect(dayText(lineTimestamp('2024-03-01,name', { ...CTX, bareDates: true })!)).toBe('2024-03-01');
    // A hint from a bare date does not survive the switch.
    const ctx = { ...CTX };
    lineTimestamp('2024-03-01,x', ctx);
    ctx.bareDates = false;
    expect(lineTimestamp('2024-03-02,x', ctx)).toBeUndefined();
  });

  test('a syslog stamp takes the year of the reference day, or the one before', () => {
    expect(parsed('Jan  5 00:00:00 h a: x', { notAfter: dayOf(2025, 1, 4)! })).toBe('2024-01-05');
    expect(parsed('Jan  5 00:00:00 h a: x', { notAfter: dayOf(2025, 1, 5)! })).toBe('2025-01-05');
    // Feb 29 exists only in leap years: the latest one not after the reference.
    expect(parsed('Feb 29 00:00:00 h a: x', { notAfter: dayOf(2025, 6, 1)! })).toBe('2024-02-29');
  });
});

describe('database cells', () => {
  test.each([
    ['2024-03-01 12:00:00', '2024-03-01'],
    ['2024-03-01T12:00:00.000Z', '2024-03-01'],
    ['2024-03-01 12:00:00+08', '2024-03-01'],
    ['2024-03-01', '2024-03-01'],
    ['2024/3/1', '2024-03-01'],
    ['2024年3月1日', '2024-03-01'],
    ['20240301', '2024-03-01'],
    ['20240301120000', '2024-03-01'],
    ['1709294400', '2024-03-01'],
    ['1709294400.5', '2024-03-01'],
    ['1709294400000', '2024-03-01'],
  ])('%s', (cell, want) => {
    const d = cellDay(cell);
    expect(d === undefined ? undefined : dayText(d)).toBe(want);
  });

  test.each(['', 'NULL', 'abc', '2024-13-45', '13912345678', '110105199003071234', '42', '99999999'])('does not parse %j', (cell) => {
    expect(cellDay(cell)).toBeUndefined();
  });
});

describe('dated file names', () => {
  test.each([
    ['access.log.2024-03-01.gz', '2024-03-01'],
    ['app-20240301.log', '2024-03-01'],
    ['app.log.2024-03-01', '2024-03-01'],
    ['app.2024-03-01.log', '2024-03-01'],
    ['app_2024_03_01.log', '2024-03-01'],
    ['var/log/nginx/error.log-20240301', '2024-03-01'],
    ['backup/db-20240301.sql.gz', '2024-03-01'],
    ['export_20240301_1200.csv', '2024-03-01'],
    ['export_20240301T120000.csv', '2024-03-01'],
  ])('%s', (name, want) => {
    const d = fileNameDay(name);
    expect(d === undefined ? undefined : dayText(d)).toBe(want);
  });

  test.each(['app.log', 'app.log.1', 'app.log.2.gz', 'scan-110105199003071234.jpg', 'order20240301.txt', '2024-13-45.log', 'v2024.3.1.tar.gz', 'app.log.20241345'])('no date in %s', (name) => {
    expect(fileNameDay(name)).toBeUndefined();
  });
});

describe('timestamp columns', () => {
  test.each([
    [['id', 'name', 'created_at'], 'created_at'],
    [['id', 'create_time', 'update_time'], 'update_time'],
    [['ID', 'GMT_CREATE', 'gmt_modified'], 'gmt_modified'],
    [['编号', '姓名', '创建时间'], '创建时间'],
    [['id', 'ctime'], 'ctime'],
    [['id', 'Created-At'], 'Created-At'],
  ])('%j → %s', (columns, want) => {
    expect(timestampColumn(columns)?.name).toBe(want);
  });

  test.each([
    ['date', true],
    ['Time', true],
    ['created_at', true],
    ['log_time', true],
    ['日期', true],
    ['登记时间', true],
    ['birthday', false],
    ['birth_date', false],
    ['出生日期', false],
    ['expiry_date', false],
    ['到期日期', false],
    ['name', false],
    ['id', false],
  ] as const)('first column %s names a time: %s', (name, want) => {
    expect(isTimeColumnName(name)).toBe(want);
  });

  test('a table without one', () => {
    expect(timestampColumn(['id', 'name', 'birthday', 'created_by'])).toBeUndefined();
  });
});
