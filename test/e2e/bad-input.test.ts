/**
 * Bad and awkward input, end to end through the BUILT CLI: truncated gzip, binary garbage, an
 * unreadable file, a FIFO, symlinks out of the root, a directory loop, a missing path, a 30 MB
 * single-line JSON, GBK, UTF-16LE, CRLF, full-width digits, percent- and \u-escaped text. The scan
 * must complete, say what it skipped or could not read, and still find everything in the good files.
 * Plus the CLI's argument errors, `rules`, `explain` and stdin.
 */
import { PLANTED_DETECTORS } from '../helpers/synth.js';
import { execFileSync, execSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { constants as zc, gunzipSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  comparePlants,
  describeComparison,
  DocBuilder,
  ensureBuilt,
  groupCard,
  makeCnId,
  makeHexTraceId,
  makeOrderNumber,
  makePerson,
  makeRng,
  makeTimestampMs,
  parseReport,
  REPO_ROOT,
  runCli,
  toFullWidth,
  validateReport,
  type CliResult,
  type JsonReport,
  type Person,
  type Plant,
  type Rng,
} from '../helpers/synth.js';

const T = 30_000;
const AS_OF = ['--as-of', '2025-01-01'];
const HUGE_BYTES = 30 * 1024 * 1024;
const MIB = 1024 * 1024;

/** Files whose values must all be found exactly (path relative to the scan's cwd). */
const GOOD_FILES = ['tree/good/app.log', 'tree/good/crlf.log', 'tree/good/gbk.txt', 'tree/good/utf16.txt', 'tree/good/utf8-bom.txt', 'tree/good/fullwidth.txt', 'tree/good/escaped.log', 'tree/good/huge-line.json'];
const ENCODED_FILE = 'tree/encoded/values-encoded.log';
const MIXED_FILE = 'tree/mixed/utf8-with-one-gbk-line.log';
const GARBAGE_NONUL = Array.from({ length: 8 }, (_, i) => `tree/bad/garbage-nonul-${i + 1}.dat`);

/**
 * The 30 MB single-line JSON: records with some Chinese text, values at the start, the middle, the
 * end, and one straddling every MiB boundary (the reader cuts long lines into 1 MiB windows).
 */
function hugeLine(rng: Rng, people: Person[]): { text: string; plants: Plant[] } {
  const parts: string[] = ['['];
  let units = 1; // UTF-16 length so far
  let bytes = 1;
  const plants: Plant[] = [];
  const push = (s: string): void => {
    parts.push(s);
    units += s.length;
    bytes += Buffer.byteLength(s, 'utf8');
  };
  const plant = (prefix: string, value: string, detector: Plant['detector']): void => {
    push(prefix);
    plants.push({ file: '', line: 1, col: units + 1, text: value, value, detector, kind: 'unmasked', tags: ['huge-line'] });
    push(value);
    push('"},');
  };
  plant('{"event":"register","mobile":"', people[0].mobile, 'cn-mobile');
  let n = 0;
  let nextBoundary = MIB;
  let middleDone = false;
  while (bytes < HUGE_BYTES - 400) {
    if (!middleDone && bytes >= HUGE_BYTES / 2) {
      plant('{"event":"kyc","idCard":"', people[1].id, 'cn-id');
      middleDone = true;
      continue;
    }
    // Straddle the next MiB boundary with a mobile number: it starts 5 bytes before the boundary.
    const prefix = '{"event":"sms","mobile":"';
    const remaining = nextBoundary - (bytes + prefix.length);
    if (remaining <= 300 && remaining >= 5) {
      push(' '.repeat(remaining - 5));
      plant(prefix, people[2 + ((nextBoundary / MIB) % (people.length - 3))].mobile, 'cn-mobile');
      nextBoundary += MIB;
      continue;
    }
    if (remaining < 5) nextBoundary += MIB; // passed inside a filler record
    n++;
    push(`{"i":${n},"name":"张三","memo":"订单备注，已发货","amount":${rng.int(1, 9999)}.${rng.digits(2)},"sku":"SKU-${rng.int(1000, 9999)}","ts":${makeTimestampMs(rng)}},`);
  }
  plant('{"event":"pay","cardNo":"', people[people.length - 1].card, 'bank-card');
  parts.push('{"end":true}]');
  return { text: parts.join(''), plants };
}

describe('bad input', () => {
  let base: string;
  let plants: Plant[];
  let encodedPlants: Plant[];
  let mixedPlants: Plant[];
  let cutExpected: Plant[];
  let cutPlants: Plant[];
  let run: CliResult;
  let report: JsonReport;
  let outsidePaths: string[];

  beforeAll(() => {
    ensureBuilt();
    base = mkdtempSync(path.join(os.tmpdir(), 'piaudit-bad-'));
    const rng = makeRng(31337);
    const people = Array.from({ length: 30 }, () => makePerson(rng));
    plants = [];
    const file = (rel: string, bytes: Buffer | string): string => {
      const full = path.join(base, rel);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, bytes);
      return full;
    };
    const doc = (rel: string, d: DocBuilder, encode: (s: string) => Buffer, eol = '\n'): Plant[] => {
      file(rel, encode(d.toString(eol)));
      const placed = d.placed(rel).plants;
      return placed;
    };
    const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

    // Good files.
    const a = new DocBuilder();
    a.line('# synthetic test data');
    for (const p of people.slice(0, 3)) {
      a.text(`用户${p.name} 身份证号码：`).plant(p.id, 'cn-id', 'unmasked').text(' 手机：').plant(p.mobile, 'cn-mobile', 'unmasked').text(' 卡号：').plant(p.card, 'bank-card', 'unmasked').text(` 订单 ${makeOrderNumber(rng)}`).endLine();
    }
    plants.push(...doc('tree/good/app.log', a, utf8));

    const crlf = new DocBuilder();
    for (const p of people.slice(3, 6)) crlf.text(`客户 ${p.name}，回拨 `).plant(p.mobile, 'cn-mobile', 'unmasked').text('，证件 ').plant(p.id, 'cn-id', 'unmasked').endLine();
    crlf.text('trace ').text(makeHexTraceId(rng)).text(' 卡号 ').plant(people[6].card, 'bank-card', 'unmasked').endLine();
    plants.push(...doc('tree/good/crlf.log', crlf, utf8, '\r\n'));

    const gbk = new DocBuilder();
    gbk.line('姓名,身份证号,手机,银行卡号');
    for (const p of people.slice(7, 10)) gbk.text(`${p.name},`).plant(p.id, 'cn-id', 'unmasked').text(',').plant(p.mobile, 'cn-mobile', 'unmasked').text(',').plant(p.card, 'bank-card', 'unmasked').endLine();
    plants.push(...doc('tree/good/gbk.txt', gbk, (s) => iconv.encode(s, 'gbk'), '\r\n'));

    const u16 = new DocBuilder();
    u16.line('会员资料（UTF-16）');
    for (const p of people.slice(10, 12)) u16.text(`会员：${p.name}　身份证号码：`).plant(p.id, 'cn-id', 'unmasked').text('　联系电话：').plant(p.mobile, 'cn-mobile', 'unmasked').endLine();
    plants.push(...doc('tree/good/utf16.txt', u16, (s) => Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(s, 'utf-16le')])));

    const bom = new DocBuilder();
    bom.text('身份证号：').plant(people[29].id, 'cn-id', 'unmasked').text(' 手机 ').plant(people[29].mobile, 'cn-mobile', 'unmasked').endLine();
    plants.push(...doc('tree/good/utf8-bom.txt', bom, (s) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(s)])));

    const fw = new DocBuilder();
    let idX = makeCnId(rng);
    while (!idX.endsWith('X')) idX = makeCnId(rng);
    fw.text('手机：').plant(toFullWidth(people[12].mobile), 'cn-mobile', 'unmasked', { value: people[12].mobile }).endLine();
    fw.text('身份证：').plant(toFullWidth(idX), 'cn-id', 'unmasked', { value: idX }).endLine();
    fw.text('银行卡：').plant(toFullWidth(people[13].card), 'bank-card', 'unmasked', { value: people[13].card }).endLine();
    plants.push(...doc('tree/good/fullwidth.txt', fw, utf8));

    // Raw values between percent-encoded and \u-escaped text.
    const esc = new DocBuilder();
    esc.text('GET /api/user?name=%E5%BC%A0%E4%B8%89&mobile=').plant(people[14].mobile, 'cn-mobile', 'unmasked').text('&idcard=').plant(people[14].id, 'cn-id', 'unmasked').text(' HTTP/1.1').endLine();
    esc.text('GET /api/pay?memo=%E5%8D%A1%E5%8F%B7%EF%BC%9A').plant(people[15].card, 'bank-card', 'unmasked').text('&sig=').text(makeHexTraceId(rng)).endLine();
    esc.text('{"msg":"\\u5b9e\\u540d\\u8ba4\\u8bc1\\uff1a').plant(people[16].id, 'cn-id', 'unmasked').text('\\u3001\\u624b\\u673a').plant(people[16].mobile, 'cn-mobile', 'unmasked').text('"}').endLine();
    esc.text('{"log":"first line\\n').plant(people[17].mobile, 'cn-mobile', 'unmasked').text('\\tok"}').endLine();
    plants.push(...doc('tree/good/escaped.log', esc, utf8));

    const huge = hugeLine(rng, people.slice(18, 30));
    file('tree/good/huge-line.json', huge.text);
    plants.push(...huge.plants.map((p) => ({ ...p, file: 'tree/good/huge-line.json' })));

    // Values that are themselves encoded (decisions.md: decode %XX and \uXXXX before detection).
    const enc = new DocBuilder();
    const m = people[18].mobile;
    const card = people[19].card;
    enc.text('GET /api/sms?to=').plant(`%2B86${m}`, 'cn-mobile', 'unmasked', { value: m, tags: ['%2B86'] }).text('&tpl=1').endLine();
    enc.text('POST /bind?cardNo=').plant(groupCard(card, '%20'), 'bank-card', 'unmasked', { value: card, tags: ['%20-grouped'] }).text('&ok=1').endLine();
    const escapedDigits = [...toFullWidth(people[20].mobile)].map((ch) => `\\u${ch.charCodeAt(0).toString(16)}`).join('');
    enc.text('{"memo":"\\u624b\\u673a').plant(escapedDigits, 'cn-mobile', 'unmasked', { value: people[20].mobile, tags: ['\\u-escaped full-width digits'] }).text('"}').endLine();
    encodedPlants = doc(ENCODED_FILE, enc, utf8);

    // A UTF-8 log with one GBK line (a legacy component writing to the same file).
    const mixedUtf8 = new DocBuilder();
    const mixedGbk = new DocBuilder();
    const old15 = makeCnId(rng, { birth: '19660708' });
    mixedUtf8.text(`用户${people[23].name} 身份证号码：`).plant(people[23].id, 'cn-id', 'unmasked').text('，手机：').plant(people[23].mobile, 'cn-mobile', 'unmasked').endLine();
    mixedUtf8.text('老客户 身份证 ').plant(old15.slice(0, 6) + old15.slice(8, 17), 'cn-id', 'unmasked', { tags: ['id15'] }).endLine();
    mixedGbk.line('').line('');
    mixedGbk.text('旧系统 手机：').plant(people[24].mobile, 'cn-mobile', 'unmasked').endLine();
    file(MIXED_FILE, Buffer.concat([utf8(mixedUtf8.toString()), iconv.encode(mixedGbk.lines[2] + '\n', 'gbk')]));
    mixedPlants = [...mixedUtf8.placed(MIXED_FILE).plants, ...mixedGbk.placed(MIXED_FILE).plants];

    // Bad files.
    const log = new DocBuilder();
    for (let i = 0; i < 300; i++) {
      const p = people[i % people.length];
      log.text(`2024-11-02 10:00:${String(i % 60).padStart(2, '0')} INFO 注册 身份证 `).plant(p.id, 'cn-id', 'unmasked').text(' 手机 ').plant(p.mobile, 'cn-mobile', 'unmasked').text(` trace=${makeHexTraceId(rng)}`).endLine();
    }
    const gz = gzipSync(Buffer.from(log.toString(), 'utf8'));
    const cut = gz.subarray(0, gz.length >> 1);
    file('tree/bad/cut.log.gz', cut);
    // What a reader can recover before the cut: the complete lines of the partial stream.
    const recovered = gunzipSync(cut, { finishFlush: zc.Z_SYNC_FLUSH }).toString('utf8');
    const completeLines = recovered.slice(0, recovered.lastIndexOf('\n') + 1).split('\n').length - 1;
    cutPlants = log.placed('tree/bad/cut.log.gz').plants;
    cutExpected = cutPlants.filter((p) => p.line <= completeLines);

    const nul = rng.bytes(64 * 1024);
    for (let i = 0; i < nul.length; i += 97) nul[i] = 0;
    file('tree/bad/garbage-nul.bin', nul);
    GARBAGE_NONUL.forEach((rel, i) => {
      const r = makeRng(1000 + i);
      const b = Buffer.alloc(32 * 1024);
      for (let k = 0; k < b.length; k++) b[k] = r.int(1, 255);
      file(rel, b);
    });

    execSync(`mkfifo ${JSON.stringify(path.join(base, 'tree/bad/pipe.fifo'))}`);

    const secret = new DocBuilder();
    secret.text('身份证 ').plant(people[21].id, 'cn-id', 'unmasked').endLine();
    file('tree/bad/secret.log', secret.toString());

    // Outside the root, reached by symlinks.
    const out = new DocBuilder();
    out.text('外部 身份证 ').plant(people[22].id, 'cn-id', 'unmasked').text(' 手机 ').plant(people[22].mobile, 'cn-mobile', 'unmasked').endLine();
    file('outside/leak.log', out.toString());
    symlinkSync(path.join(base, 'outside'), path.join(base, 'tree/link-out'));
    symlinkSync(path.join(base, 'outside/leak.log'), path.join(base, 'tree/file-link-out.log'));
    outsidePaths = ['tree/link-out', 'tree/file-link-out.log'];
    mkdirSync(path.join(base, 'tree/loop'));
    symlinkSync('..', path.join(base, 'tree/loop/up'));

    // Readable by nobody (for the privilege-drop case), except secret.log.
    execSync(`chmod -R a+rX ${JSON.stringify(base)}`);
    chmodSync(path.join(base, 'tree/bad/secret.log'), 0o000);

    run = runCli(['scan', 'tree', 'nonexistent-dir/xyz.log', '-f', 'json', ...AS_OF], { cwd: base, timeout: 60_000 });
    report = parseReport<JsonReport>(run);
  }, 120_000);

  afterAll(() => {
    if (base) rmSync(base, { recursive: true, force: true });
  });

  const skippedFor = (p: string): string | undefined => report.scan.skipped.find((s) => s.path === p)?.reason;
  const errorFor = (p: string): string | undefined => report.scan.errors.find((e) => e.path === p)?.message;

  it('completes (no hang on the FIFO), exits 1 not 2, and the report validates', () => {
    expect(run.error, 'spawn error / timeout').toBeUndefined();
    expect(run.signal).toBeNull();
    expect(run.code, run.stderr).toBe(1);
    expect(validateReport(report)).toEqual([]);
    expect(report.scan.bytesScanned).toBeGreaterThan(HUGE_BYTES);
  });

  for (const rel of GOOD_FILES) {
    it(`finds every value in ${rel} at its line and col, and nothing else`, () => {
      const mine = plants.filter((p) => p.file === rel);
      expect(mine.length).toBeGreaterThan(0);
      const cmp = comparePlants(
        report.findings.filter((f) => f.location.path === rel),
        mine,
      );
      expect(describeComparison(cmp)).toBe('');
    });
  }

  it('the 30 MB line: values at the start, middle, end and across every MiB window boundary are on line 1 at the right col', () => {
    const mine = plants.filter((p) => p.file === 'tree/good/huge-line.json');
    expect(mine.length).toBeGreaterThanOrEqual(3 + 25);
    for (const p of mine) {
      const f = report.findings.find((x) => x.location.path === p.file && x.location.col === p.col);
      expect(f?.location.line, `col ${p.col}`).toBe(1);
      expect(f?.detector).toBe(p.detector);
    }
  });

  it('truncated gzip: an error entry that says gzip, and the scan goes on', () => {
    expect(errorFor('tree/bad/cut.log.gz')).toMatch(/gzip/i);
    expect(cutExpected.length).toBeGreaterThan(20);
    expect(cutExpected.length).toBeLessThan(cutPlants.length);
  });

  // Regression test, fixed in issue #2 (was: src/sources/text.ts `readTextWindows`): lines are held in `carry` until a full 1 MiB window
  // is buffered; when the gunzip stream errors ("unexpected end of file") the loop throws and the
  // carried lines are never emitted. A truncated .gz smaller than 1 MiB decompressed therefore loses
  // ALL its findings, although the error message says "findings before the cut are kept".
  // Expected: the complete lines recovered before the cut are scanned (emit the carry, minus a
  // partial last line, before rethrowing).
  it('truncated gzip: the findings before the cut are kept', () => {
    const found = report.findings.filter((f) => f.location.path === 'tree/bad/cut.log.gz');
    const cmp = comparePlants(found, cutExpected);
    expect(cmp.missing.length, `${cmp.missing.length} of ${cutExpected.length} values before the cut missing`).toBe(0);
  });

  it('binary garbage with NUL bytes is skipped as binary', () => {
    expect(skippedFor('tree/bad/garbage-nul.bin')).toMatch(/binary/i);
    expect(report.findings.filter((f) => f.location.path.includes('garbage-nul'))).toEqual([]);
  });

  // Regression test, fixed in issue #2 (was: src/sources/text.ts `looksBinary`): without NULs, a file is binary when more than 10 % of the
  // first 8 KiB are control characters. Uniform random bytes 1..255 have 26/255 = 10.2 % control
  // characters, right at the threshold: about one random file in four passes as text and is decoded
  // as GB18030 and scanned (here: several of the 8 seeded files). Expected: all skipped as "binary
  // file". Suggested fix: also count bytes that are invalid in both UTF-8 and GB18030, or lower the
  // threshold (e.g. 5 %, or 1 % like file(1)-style heuristics).
  it('binary garbage WITHOUT NUL bytes is skipped as binary too', () => {
    const notSkipped = GARBAGE_NONUL.filter((p) => !/binary/i.test(skippedFor(p) ?? ''));
    expect(notSkipped).toEqual([]);
  });

  it('a FIFO inside the tree is skipped as a FIFO (never opened)', () => {
    expect(skippedFor('tree/bad/pipe.fifo')).toMatch(/fifo/i);
  });

  it('a FIFO given as a root is skipped too, without hanging', () => {
    const r = runCli(['scan', 'tree/bad/pipe.fifo', 'tree/good/app.log', '-f', 'json', ...AS_OF], { cwd: base, timeout: 20_000 });
    expect(r.error, 'timeout').toBeUndefined();
    expect(r.code, r.stderr).toBe(1);
    const rep = parseReport<JsonReport>(r);
    expect(rep.scan.skipped.find((s) => s.path === 'tree/bad/pipe.fifo')?.reason).toMatch(/fifo/i);
  }, T);

  it('symlinks pointing outside the root are skipped with a reason and their target is not scanned', () => {
    for (const p of outsidePaths) expect(skippedFor(p), p).toMatch(/outside/i);
    expect(report.findings.filter((f) => f.location.path.includes('outside') || f.location.path.includes('link-out'))).toEqual([]);
  });

  it('a directory loop (symlink to its parent) is skipped as a loop', () => {
    expect(skippedFor('tree/loop/up')).toMatch(/loop/i);
    // nothing was scanned twice
    const keys = report.findings.map((f) => `${f.rule}:${f.location.path}:${f.location.line}:${f.location.col}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(report.findings.filter((f) => f.location.path.includes('loop/'))).toEqual([]);
  });

  it('a nonexistent path among real ones is an error entry ("no such file"), not a failure', () => {
    expect(errorFor('nonexistent-dir/xyz.log')).toMatch(/no such file/i);
    expect(run.stderr).toMatch(/nonexistent-dir\/xyz\.log/);
  });

  // Known limitation, partly fixed in issue #2 (src/detectors/tokenize.ts `scanTokens`): percent escapes and \uXXXX escapes are mostly
  // treated as token boundaries and decoded only for the keyword context (src/detectors/context.ts),
  // not for the value, contrary to decisions.md ("Decode percent-encoding and JSON \uXXXX escapes
  // before detection (map offsets back)"). Each case is its own test:
  //  - `to=%2B86<mobile>`: found since the %2B commit, but at the column of `86` (20), not where
  //    the value as written starts (`%2B`, 17; for a clear `+86 …` the report points at the `+`);
  //  - a card grouped with `%20`: missed;
  //  - a mobile written as JSON-escaped full-width digits (`\uff11\uff13…`, what Python's
  //    json.dumps emits by default): missed.
  // Expected: each found with its detector at the column where its encoded text starts.
  const encodedCases = ['%2B86', '%20-grouped', '\\u-escaped full-width digits'];
  // `%2B86` is fixed (issue #2); the other two are known limitations listed in the README:
  // values are decoded for context, not yet for the digits themselves.
  for (const tag of encodedCases) {
    const known = tag !== '%2B86';
    (known ? it.fails : it)(`an encoded value (${tag}) is found at the column where its encoded text starts`, () => {
      const mine = encodedPlants.filter((p) => p.tags.includes(tag));
      expect(mine.length).toBe(1);
      const p = mine[0];
      const onLine = report.findings.filter((f) => f.location.path === ENCODED_FILE && f.location.line === p.line);
      expect(onLine.map((f) => [f.detector, f.rule, f.location.col])).toEqual([[p.detector, 'pi-unmasked', p.col]]);
    });
  }

  // Regression test, fixed in issue #2 (was: src/sources/text.ts `toUtf8`, by the per-window design of decisions.md): a window that is
  // not valid UTF-8 is decoded as GB18030 as a whole, and windows are 1 MiB, so a small UTF-8 log with
  // ONE GBK line is read entirely as GB18030. Its UTF-8 lines become mojibake: columns after Chinese
  // text are wrong (`用户… 身份证号码：<id>` reported at col 17 instead of 12), and keywords are lost,
  // so context-only detections vanish (a 15-digit legacy ID after 身份证 is not reported). Expected:
  // every value at its own column. Suggested fix: when a window is not valid UTF-8, decide per line
  // (valid UTF-8 lines stay UTF-8, the others are read as GB18030).
  it('a UTF-8 file with one GBK line: values of every line found at the right column', () => {
    const cmp = comparePlants(
      report.findings.filter((f) => f.location.path === MIXED_FILE),
      mixedPlants,
    );
    expect(describeComparison(cmp)).toBe('');
  });

  /** setpriv prefix that drops to nobody, when that can work here (root, setpriv, a tree nobody can read). */
  let privWrapCache: string[] | null | undefined;
  const privWrap = (): string[] | null => {
    if (privWrapCache !== undefined) return privWrapCache;
    privWrapCache = null;
    const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
    if (!setpriv || process.getuid?.() !== 0) return privWrapCache;
    const wrap = [setpriv, '--reuid=nobody', '--regid=nogroup', '--clear-groups'];
    try {
      // nobody must be able to read the good file and run node + the repo, and NOT the secret file.
      const probe = `const fs = require('fs'); fs.readFileSync(${JSON.stringify(path.join(base, 'tree/good/app.log'))}); fs.readFileSync(${JSON.stringify(path.join(REPO_ROOT, 'dist/cli/main.js'))}); try { fs.readFileSync(${JSON.stringify(path.join(base, 'tree/bad/secret.log'))}); process.exit(3) } catch {}`;
      execFileSync(setpriv, [...wrap.slice(1), process.execPath, '-e', probe], { stdio: 'ignore' });
      privWrapCache = wrap;
    } catch {
      // stays null
    }
    return privWrapCache;
  };
  const skipMessage = 'skipping: needs root, setpriv and a tree readable by nobody to make a file unreadable';

  it('an unreadable file is an error entry ("permission denied") when the CLI runs without root (setpriv)', (ctx) => {
    const wrap = privWrap();
    if (!wrap) {
      console.warn(skipMessage);
      ctx.skip();
      return;
    }
    const r = runCli(['scan', 'tree/bad/secret.log', 'tree/good/app.log', '-f', 'json', ...AS_OF], { cwd: base, wrap });
    expect(r.code, r.stderr).toBe(1);
    const rep = parseReport<JsonReport>(r);
    expect(validateReport(rep)).toEqual([]);
    expect(rep.scan.errors.find((e) => e.path === 'tree/bad/secret.log')?.message).toMatch(/permission denied|EACCES/i);
    expect(rep.findings.filter((f) => f.location.path === 'tree/bad/secret.log')).toEqual([]);
    expect(rep.findings.filter((f) => f.location.path === 'tree/good/app.log' && PLANTED_DETECTORS.has(f.detector!)).length).toBe(plants.filter((p) => p.file === 'tree/good/app.log').length);
  }, T);

  // Regression test, fixed in issue #2 (was: src/sources/walk.ts `walk`): `stats.readableRoots++` runs as soon as lstat() of a root
  // succeeds, before the file is opened or the directory listed. A root that exists but cannot be
  // read (EACCES) therefore counts as readable, and `scan <unreadable file or dir>` alone exits 0
  // (clean!) with only an error entry. decisions.md: exit 2 when "no root could be read at all".
  // Expected: exit 2. Suggested fix: count a root as readable once a file in it was opened or its
  // directory listed.
  it('an unreadable file as the only root exits 2 (nothing could be read)', (ctx) => {
    const wrap = privWrap();
    if (!wrap) {
      console.warn(skipMessage);
      ctx.skip();
      return;
    }
    const r = runCli(['scan', 'tree/bad/secret.log', '-f', 'json', ...AS_OF], { cwd: base, wrap });
    expect(parseReport<JsonReport>(r).scan.errors.map((e) => e.path)).toEqual(['tree/bad/secret.log']);
    expect(r.code).toBe(2);
  }, T);

  it('the tree itself is left as it was (mode 000 file still 000, no new files)', () => {
    expect(statSync(path.join(base, 'tree/bad/secret.log')).mode & 0o777).toBe(0);
    expect(readdirSync(path.join(base, 'tree')).sort()).toEqual(['bad', 'encoded', 'file-link-out.log', 'good', 'link-out', 'loop', 'mixed']);
  });
});

describe('CLI arguments and commands', () => {
  let dir: string;
  let plant: { id: string; mobile: string };
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(path.join(os.tmpdir(), 'piaudit-args-'));
    const p = makePerson(makeRng(99));
    plant = { id: p.id, mobile: p.mobile };
    writeFileSync(path.join(dir, 'a.log'), `身份证 ${p.id} 手机 ${p.mobile}\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scan /nonexistent alone exits 2 and says so', () => {
    const r = runCli(['scan', '/nonexistent/piaudit-e2e', '-f', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such file|nothing could be scanned/i);
  }, T);

  it('--fail-on bogus exits 2 with a message naming the flag', () => {
    const r = runCli(['scan', 'a.log', '--fail-on', 'bogus'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--fail-on/);
  }, T);

  it('--fail-on none exits 0 even with findings; the default exits 1; --fail-on critical exits 0 for high', () => {
    const none = runCli(['scan', 'a.log', '-f', 'json', '--fail-on', 'none', ...AS_OF], { cwd: dir });
    expect(none.code).toBe(0);
    expect(parseReport<JsonReport>(none).findings.filter((f) => f.detector).length).toBe(2);
    expect(runCli(['scan', 'a.log', ...AS_OF], { cwd: dir }).code).toBe(1);
    expect(runCli(['scan', 'a.log', '--fail-on', 'critical', ...AS_OF], { cwd: dir }).code).toBe(0);
  }, T);

  it('an unknown format or a bad --as-of exits 2', () => {
    expect(runCli(['scan', 'a.log', '-f', 'yaml'], { cwd: dir }).code).toBe(2);
    expect(runCli(['scan', 'a.log', '--as-of', '2025-02-30'], { cwd: dir }).code).toBe(2);
  }, T);

  it('`rules` lists every rule id of rules/*.json', () => {
    const ids = readdirSync(path.join(REPO_ROOT, 'rules'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(path.join(REPO_ROOT, 'rules', f), 'utf8')))
      .filter((j) => !Array.isArray(j) && typeof j.id === 'string')
      .map((j) => j.id as string);
    expect(ids.length).toBeGreaterThanOrEqual(9);
    const r = runCli(['rules']);
    expect(r.code).toBe(0);
    for (const id of ids) expect(r.stdout).toMatch(new RegExp(`^${id}\\b`, 'm'));
  }, T);

  it('`explain pi-weak-mask` prints the Chinese text of Civil Code Art. 1034 (from rules/articles.json)', () => {
    const articles = JSON.parse(readFileSync(path.join(REPO_ROOT, 'rules', 'articles.json'), 'utf8')) as Array<{ id: string; text: { zh: string } }>;
    const rule = JSON.parse(readFileSync(path.join(REPO_ROOT, 'rules', 'pi-weak-mask.json'), 'utf8')) as { articles: string[] };
    expect(rule.articles).toContain('CC-1034');
    const zh = articles.find((a) => a.id === 'CC-1034')!.text.zh;
    expect(zh.length).toBeGreaterThan(50);
    const r = runCli(['explain', 'pi-weak-mask']);
    expect(r.code).toBe(0);
    for (const para of zh.split('\n')) expect(r.stdout).toContain(para);
    expect(runCli(['explain', 'no-such-rule']).code).toBe(2);
  }, T);

  it('`scan -` reads stdin', () => {
    const input = `日志 ${'x'.repeat(3)} 手机号 ${plant.mobile}\n第二行 身份证 ${plant.id}\n`;
    const r = runCli(['scan', '-', '-f', 'json', ...AS_OF], { cwd: dir, input });
    expect(r.code, r.stderr).toBe(1);
    const rep = parseReport<JsonReport>(r);
    expect(validateReport(rep)).toEqual([]);
    const got = rep.findings.map((f) => [f.detector, f.rule, f.location.line, f.location.col]);
    expect(got).toEqual([
      ['cn-mobile', 'pi-unmasked', 1, input.indexOf(plant.mobile) + 1],
      ['cn-id', 'pi-unmasked', 2, input.split('\n')[1].indexOf(plant.id) + 1],
    ]);
    expect(rep.findings[0].location.path).toMatch(/stdin/);
  }, T);
});
