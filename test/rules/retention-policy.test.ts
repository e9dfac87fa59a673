import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { builtinCategory } from '../../src/analyzers/retention/category.js';
import { dayOf } from '../../src/analyzers/retention/dates.js';
import { SourceAges } from '../../src/analyzers/retention/records.js';
import { RETENTION_CATEGORIES, STATUTORY_MINIMUMS } from '../../src/model/retention.js';
import { evaluateRetention } from '../../src/rules/retention.js';
import { parsePolicyDefaults, policyDefaults, RetentionPolicy, retentionPolicy } from '../../src/rules/retention-policy.js';

const RAW = JSON.parse(readFileSync(new URL('../../rules/retention-policy.json', import.meta.url), 'utf8'));

describe('built-in categories', () => {
  test.each([
    ['app.log', {}, 'logs'],
    ['app.log.3', {}, 'logs'],
    ['app.log.2.gz', {}, 'logs'],
    ['access.log.2024-03-01.gz', {}, 'logs'],
    ['app-20240301.log', {}, 'logs'],
    ['app.log.2024-03-01', {}, 'logs'],
    ['logs/app.txt', {}, 'logs'],
    ['srv/log/app.out', {}, 'logs'],
    ['messages', { abs: '/var/log/messages' }, 'logs'],
    ['backups/app.log', {}, 'logs'], // a log kept in a backups folder is still a log
    ['db.bak', {}, 'backups'],
    ['shop.sql', {}, 'backups'],
    ['shop.sql.gz', {}, 'backups'],
    ['pg.dump', {}, 'backups'],
    ['backup/users.csv', {}, 'backups'],
    ['backups/app.db', { database: true }, 'backups'],
    ['site-backup-2024.tar.gz', {}, 'backups'],
    ['bak.zip', {}, 'backups'],
    ['scans/lease.jpg', { idCopy: true }, 'id-copies'],
    ['uploads/lease.jpg', { idCopy: true }, 'id-copies'],
    ['uploads/avatar.png', {}, 'uploads'],
    ['public/upload/form.pdf', {}, 'uploads'],
    ['exports/users.txt', {}, 'exports'],
    ['users.csv', {}, 'exports'],
    ['report.xlsx', {}, 'exports'],
    ['app.db', { database: true }, 'databases'],
    ['notes.txt', {}, 'other'],
    ['blog/post.md', {}, 'other'], // `blog/` is not `log/`
    ['catalog.tar.gz', {}, 'other'],
  ] as const)('%s %j → %s', (rel, facts, want) => {
    expect(builtinCategory({ rel, ...facts })).toBe(want);
  });
});

describe('policy merging', () => {
  const where = (rel: string, abs?: string) => ({ rel, ...(abs ? { abs } : {}) });
  const cat = (c: (typeof RETENTION_CATEGORIES)[number]) => () => c;

  test('the defaults file is valid and names every category and statutory minimum', () => {
    const d = parsePolicyDefaults(RAW, 'rules/retention-policy.json');
    expect(Object.keys(d.categories).sort()).toEqual([...RETENTION_CATEGORIES].sort());
    expect(Object.keys(d.minimums).sort()).toEqual([...STATUTORY_MINIMUMS].sort());
    for (const c of RETENTION_CATEGORIES) expect(typeof RAW.categories[c].why, c).toBe('string');
  });

  test('defaults: each category gets the file figure, raised to its statutory minimum', () => {
    const p = new RetentionPolicy(undefined);
    for (const c of RETENTION_CATEGORIES) {
      const d = RAW.categories[c];
      const min = d.statutoryMinimum ? RAW.statutoryMinimums[d.statutoryMinimum].days : 0;
      const l = p.limitFor(where('x'), cat(c));
      expect(l.category).toBe(c);
      expect(l.maxAgeDays).toBe(d.maxAgeDays);
      expect(l.days).toBe(d.maxAgeDays === null ? null : Math.max(d.maxAgeDays, min));
    }
  });

  test('a category override keeps the default statutory minimum: 90 days for logs is applied as 184', () => {
    const p = new RetentionPolicy({ categories: { logs: { maxAgeDays: 90 } } });
    const l = p.limitFor(where('app.log'), cat('logs'));
    expect(l).toMatchObject({ category: 'logs', maxAgeDays: 90, days: RAW.statutoryMinimums['network-logs'].days, minimum: { id: 'network-logs' } });
    // Above the minimum the user's figure stands.
    expect(new RetentionPolicy({ categories: { logs: { maxAgeDays: 400 } } }).limitFor(where('a.log'), cat('logs')).days).toBe(400);
  });

  test('a chosen statutory minimum is a floor; null means no limit', () => {
    const p = new RetentionPolicy({ categories: { exports: { maxAgeDays: 30, statutoryMinimum: 'e-commerce' }, backups: { maxAgeDays: null } } });
    expect(p.limitFor(where('o.csv'), cat('exports')).days).toBe(RAW.statutoryMinimums['e-commerce'].days);
    expect(p.limitFor(where('b.bak'), cat('backups')).days).toBeNull();
  });

  test('paths: the first matching glob decides category and limit, relative or absolute', async () => {
    const p = await retentionPolicy({
      paths: [
        { glob: 'orders/**', category: 'databases', maxAgeDays: 10, statutoryMinimum: 'e-commerce' },
        { glob: '**/*.log', maxAgeDays: 200 },
        { glob: '**/*.log', maxAgeDays: 999 }, // never reached: the first match wins
        { glob: '/srv/kyc/**', category: 'id-copies', maxAgeDays: null },
        { glob: 'tmp/**', maxAgeDays: 7 },
      ],
    });
    expect(p.limitFor(where('orders/2024.db'), cat('other'))).toMatchObject({ category: 'databases', maxAgeDays: 10, days: RAW.statutoryMinimums['e-commerce'].days, glob: 'orders/**' });
    expect(p.limitFor(where('x/app.log'), cat('logs'))).toMatchObject({ category: 'logs', maxAgeDays: 200, days: 200, glob: '**/*.log' });
    expect(p.limitFor(where('a.jpg', '/srv/kyc/a.jpg'), cat('uploads'))).toMatchObject({ category: 'id-copies', days: null });
    // A path entry without a category keeps the built-in one, and its minimum: tmp logs still get 184.
    expect(p.limitFor(where('tmp/x.txt'), cat('other'))).toMatchObject({ category: 'other', days: 7 });
    expect(p.limitFor(where('tmp/.hidden.log'), cat('logs'))).toMatchObject({ days: 200 }); // dot files match too
    expect(p.limitFor(where('elsewhere.txt'), cat('other')).glob).toBeUndefined();
  });

  test('a glob without a slash matches at any depth, as --include and --exclude do', async () => {
    const p = await retentionPolicy({ paths: [{ glob: '*.csv', maxAgeDays: 30 }, { glob: 'exports/*.xlsx', maxAgeDays: 60 }] });
    expect(p.limitFor(where('a.csv'), cat('exports'))).toMatchObject({ days: 30 });
    expect(p.limitFor(where('exports/2024/a.csv'), cat('exports'))).toMatchObject({ days: 30 });
    expect(p.limitFor(where('exports/a.xlsx'), cat('exports'))).toMatchObject({ days: 60 });
    expect(p.limitFor(where('deep/exports/a.xlsx'), cat('exports')).glob).toBeUndefined(); // a slash anchors at the root
  });

  test('enabled=false turns the rule off', () => {
    expect(new RetentionPolicy({ enabled: false }).enabled).toBe(false);
    expect(new RetentionPolicy({}).enabled).toBe(true);
  });

  test('a broken defaults file names the key', () => {
    expect(() => parsePolicyDefaults({ ...RAW, categories: { ...RAW.categories, logs: { maxAgeDays: 0 } } }, 'f.json')).toThrow(/f\.json: "categories\.logs\.maxAgeDays"/);
    expect(policyDefaults().categories.logs.statutoryMinimum).toBe('network-logs');
  });
});

describe('the rule', () => {
  const asOfDay = dayOf(2025, 1, 1)!;
  const key = Buffer.from('k');

  test('counts records older than the limit, states the oldest date and basis, high with IDs or cards', () => {
    const ages = new SourceAges();
    ages.add(dayOf(2022, 5, 1), 'log-timestamp', false);
    ages.add(dayOf(2023, 1, 1), 'mtime', true);
    ages.add(dayOf(2024, 12, 1), 'log-timestamp', true); // within the limit: its ID does not raise the old records
    const limit = new RetentionPolicy(undefined).limitOf('logs');
    const v = evaluateRetention({ location: { path: 'a.log' }, ages, limit, asOfDay }, 'en', key)!;
    expect(v).toMatchObject({ rule: 'retention-expired', severity: 'high', detector: null, location: { path: 'a.log' } });
    expect(v.message).toContain(`(${limit.days} days)`);
    expect(v.message).toContain('2 of 3 records');
    expect(v.message).toContain('2022-05-01');
    expect(v.message).toContain('log timestamps, file modification time');
    expect(v.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  test('medium when the expired records hold no ID or card; nothing within the limit', () => {
    const ages = new SourceAges();
    ages.add(dayOf(2020, 5, 1), 'column', false);
    ages.add(dayOf(2024, 12, 1), 'column', true);
    ages.column = 'created_at';
    const limit = new RetentionPolicy(undefined).limitOf('databases');
    const v = evaluateRetention({ location: { path: 'app.db', table: 'users' }, ages, limit, asOfDay }, 'zh', key)!;
    expect(v.severity).toBe('medium');
    expect(v.message).toContain('表 users');
    expect(v.message).toContain('时间列 created_at');
    const young = new SourceAges();
    young.add(dayOf(2024, 6, 1), 'column', true);
    expect(evaluateRetention({ location: { path: 'app.db', table: 'users' }, ages: young, limit, asOfDay }, 'en', key)).toBeUndefined();
  });

  test('the message says when a statutory minimum raised the policy', () => {
    const ages = new SourceAges();
    ages.add(dayOf(2020, 1, 1), 'log-timestamp', false);
    const limit = new RetentionPolicy({ categories: { logs: { maxAgeDays: 30 } } }).limitOf('logs');
    expect(evaluateRetention({ location: { path: 'a.log' }, ages, limit, asOfDay }, 'en', key)!.message).toMatch(/184 days: the policy's 30 days raised to the statutory minimum, Cybersecurity Law Art\. 21\(3\)/);
  });
});
