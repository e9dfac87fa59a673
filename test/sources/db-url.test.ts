import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { DbUrlError, displayForDatabase, isDbUrl, parseDbUrl, promptPassword, redactDbUrl } from '../../src/sources/database/url.js';

const NO_ENV = { USER: 'me' };

describe('parseDbUrl', () => {
  const cases: Array<[string, Record<string, string>, Partial<ReturnType<typeof parseDbUrl>>]> = [
    ['mysql://root:pw@127.0.0.1:3307/shop', NO_ENV, { kind: 'mysql', scheme: 'mysql', host: '127.0.0.1', port: 3307, user: 'root', password: 'pw', database: 'shop' }],
    ['mariadb://app@db.example.test/crm', NO_ENV, { kind: 'mysql', scheme: 'mariadb', host: 'db.example.test', port: 3306, user: 'app', password: undefined, database: 'crm' }],
    ['postgres://u:p%40ss%2Fw0rd@[::1]/x', NO_ENV, { kind: 'postgres', host: '::1', port: 5432, user: 'u', password: 'p@ss/w0rd', database: 'x' }],
    ['postgresql://u@h', NO_ENV, { kind: 'postgres', scheme: 'postgresql', host: 'h', database: undefined }],
    ['mysql://h', NO_ENV, { user: 'me', database: undefined }],
    ['postgres://h/db', { PGUSER: 'pguser', USER: 'me' }, { user: 'pguser' }],
    // password from the environment: ours first, then the client's own variable
    ['mysql://u@h/d', { PIAUDIT_DB_PASSWORD: 'env1', MYSQL_PWD: 'env2' }, { password: 'env1' }],
    ['mysql://u@h/d', { MYSQL_PWD: 'env2', PGPASSWORD: 'nope' }, { password: 'env2' }],
    ['postgres://u@h/d', { MYSQL_PWD: 'nope', PGPASSWORD: 'env3' }, { password: 'env3' }],
    ['postgres://u:url@h/d', { PIAUDIT_DB_PASSWORD: 'env1' }, { password: 'url' }],
    ['postgres://u@h/d?password=q1&sslmode=require', NO_ENV, { password: 'q1', ssl: 'require' }],
    ['mysql://u@h/d?ssl-mode=VERIFY_IDENTITY', NO_ENV, { ssl: 'verify' }],
    ['postgres://u@/d?host=/var/run/postgresql', NO_ENV, { socketPath: '/var/run/postgresql', database: 'd' }],
    ['mysql://u@localhost/d?socket=/run/mysqld/mysqld.sock', NO_ENV, { socketPath: '/run/mysqld/mysqld.sock' }],
    ['MySQL://U@H/D', NO_ENV, { kind: 'mysql', user: 'U', host: 'H', database: 'D' }],
  ];
  test.each(cases)('%s', (url, env, expected) => {
    expect(parseDbUrl(url, env)).toMatchObject(expected);
  });

  test.each([
    ['sqlite://x.db', /not a mysql/],
    ['http://u:pw@h/d', /not a mysql/],
    ['mysql://u:pw@h:99999/d', /malformed|bad port/],
    ['mysql://u:pw@h/a/b', /more than one database/],
    ['mysql://u:12/34@h/db', /malformed/],
    ['mysql://u:12#34@h/db', /malformed/],
    ['mysql://u:12?34@h/db', /malformed/],
    ['not a url', /malformed/],
  ])('refuses %s without showing its password', (url, message) => {
    let err: unknown;
    try {
      parseDbUrl(url, NO_ENV);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DbUrlError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toMatch(/pw|34/);
  });

  test('the display URL is the redacted one', () => {
    expect(parseDbUrl('mysql://root:secret@h:3306/db', NO_ENV).display).toBe('mysql://root:***@h:3306/db');
  });
});

describe('redactDbUrl', () => {
  test.each([
    ['mysql://root:secret@127.0.0.1:3306/shop', 'mysql://root:***@127.0.0.1:3306/shop'],
    ['postgres://u:p%40ss@h/db', 'postgres://u:***@h/db'],
    ['mysql://u:p@ss@h/db', 'mysql://u:***@h/db'],
    ['postgres://u@h/db', 'postgres://u@h/db'],
    ['postgres://:onlypw@h/db', 'postgres://:***@h/db'],
    ['postgres://h/db?password=x&sslmode=require', 'postgres://h/db?password=***&sslmode=require'],
    ['mysql://h/db?sslkey=/k.pem&secret_token=abc&PWD=z', 'mysql://h/db?sslkey=***&secret_token=***&PWD=***'],
    ['mysql://h', 'mysql://h'],
    ['MYSQL://Root:Pw@Host/Db', 'mysql://Root:***@Host/Db'],
    ['mysql://u:12/34@h/db', 'mysql://***'],
    ['mysql://u:se cret@[bad', 'mysql://***'],
    ['garbage with secret', 'db://***'],
  ])('%s → %s', (url, expected) => {
    expect(redactDbUrl(url)).toBe(expected);
  });

  test('never returns the password, whatever it holds', () => {
    for (const pw of ['s3cr3t', 'p@ss', 'a:b', 'x%y', '中文密码', 'tab\there', 'q?r', 'h#s', 's/l']) {
      for (const url of [`mysql://u:${pw}@h/db`, `mysql://u:${encodeURIComponent(pw)}@h/db`, `postgres://h/db?password=${encodeURIComponent(pw)}`]) {
        const red = redactDbUrl(url);
        expect(red).not.toContain(pw);
        expect(red).not.toContain(encodeURIComponent(pw));
      }
    }
  });
});

describe('isDbUrl and displayForDatabase', () => {
  test.each([
    ['mysql://h/d', true],
    ['mariadb://h', true],
    ['postgres://h', true],
    ['postgresql://h', true],
    ['./data/app.db', false],
    ['https://h', false],
  ])('isDbUrl(%s) = %s', (s, expected) => {
    expect(isDbUrl(s)).toBe(expected);
  });

  test('a database appended to a URL that named none, query kept', () => {
    expect(displayForDatabase(parseDbUrl('postgres://u:pw@h:5432?sslmode=require', NO_ENV), 'shop')).toBe('postgres://u:***@h:5432/shop?sslmode=require');
    expect(displayForDatabase(parseDbUrl('postgres://u@h/shop', NO_ENV), 'shop')).toBe('postgres://u@h/shop');
  });
});

describe('promptPassword', () => {
  function tty(): { input: NodeJS.ReadStream; output: NodeJS.WriteStream; written: () => string; modes: boolean[] } {
    const input = new PassThrough() as unknown as NodeJS.ReadStream & { isTTY: boolean; isRaw: boolean };
    const modes: boolean[] = [];
    input.isTTY = true;
    input.isRaw = false;
    input.setRawMode = ((mode: boolean) => {
      modes.push(mode);
      input.isRaw = mode;
      return input;
    }) as NodeJS.ReadStream['setRawMode'];
    const out = new PassThrough();
    let written = '';
    out.on('data', (c: Buffer) => (written += c.toString()));
    return { input, output: out as unknown as NodeJS.WriteStream, written: () => written, modes };
  }

  test('reads a line in raw mode without echoing it', async () => {
    const t = tty();
    const p = promptPassword('mysql://u@h/db', t);
    t.input.emit('data', Buffer.from('s3cx'));
    t.input.emit('data', Buffer.from('\u007fr3t\r'));
    await expect(p).resolves.toBe('s3cr3t');
    expect(t.written()).toBe('Password for mysql://u@h/db: \n');
    expect(t.modes).toEqual([true, false]);
  });

  test('Ctrl-C rejects; a non-terminal resolves empty', async () => {
    const t = tty();
    const p = promptPassword('x', t);
    t.input.emit('data', '\u0003');
    await expect(p).rejects.toThrow(/cancelled/);
    const notTty = new PassThrough() as unknown as NodeJS.ReadStream;
    await expect(promptPassword('x', { input: notTty })).resolves.toBe('');
  });
});
