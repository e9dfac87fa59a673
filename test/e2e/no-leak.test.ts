/**
 * Nothing the scanner finds may leave it in clear: no planted value (nor its compact, grouped,
 * 15-digit, lower-case-x or full-width variants) in stdout, stderr or a written report, whatever the
 * format. And a scan writes nothing inside the scanned tree and changes none of its files.
 */
import { PLANTED_DETECTORS } from '../helpers/synth.js';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DocBuilder,
  ensureBuilt,
  groupCard,
  makeCnId,
  makeHexTraceId,
  makeOrderNumber,
  makePerson,
  makeRng,
  maskCard,
  maskId,
  maskMobile,
  parseReport,
  runCli,
  toFullWidth,
  toId15,
  validateReport,
  type JsonReport,
  type Plant,
  type CliResult,
} from '../helpers/synth.js';

const T = 30_000;

interface Snapshot {
  [rel: string]: { type: string; size: number; mtimeMs: number; mode: number; sha?: string };
}

/** Listing of a tree with sizes, mtimes, modes and content hashes (symlinks not followed). */
function snapshot(root: string): Snapshot {
  const out: Snapshot = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const st = lstatSync(full);
      const rel = path.relative(root, full);
      const type = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : st.isSymbolicLink() ? 'link' : 'other';
      out[rel] = { type, size: st.size, mtimeMs: st.mtimeMs, mode: st.mode };
      if (type === 'file') out[rel].sha = createHash('sha256').update(readFileSync(full)).digest('hex');
      if (type === 'dir') walk(full);
    }
  };
  walk(root);
  return out;
}

/** Every form in which a planted value must not appear in any output. */
function leakForms(p: Plant): string[] {
  const forms = new Set<string>([p.text, p.text.replace(/[\s-]/g, ''), p.value]);
  if (p.detector === 'cn-id' && p.value.length === 18) {
    forms.add(p.value.toLowerCase());
    if (p.value.slice(6, 8) === '19') forms.add(toId15(p.value));
  }
  if (p.detector === 'bank-card') forms.add(groupCard(p.value)).add(groupCard(p.value, '-'));
  if (p.detector === 'cn-mobile') forms.add(`${p.value.slice(0, 3)} ${p.value.slice(3, 7)} ${p.value.slice(7)}`);
  for (const f of [...forms]) forms.add(toFullWidth(f));
  return [...forms];
}

describe('no leak of planted values, no writes to the scanned tree', () => {
  let base: string;
  let root: string;
  let outDir: string;
  let plants: Plant[];
  let before: Snapshot;
  const runs: Array<{ name: string; r: CliResult; written?: string }> = [];

  beforeAll(() => {
    ensureBuilt();
    base = mkdtempSync(path.join(os.tmpdir(), 'piaudit-noleak-'));
    root = path.join(base, 'scanned');
    outDir = path.join(base, 'out');
    mkdirSync(outDir);
    const rng = makeRng(424242);
    plants = [];
    const write = (rel: string, doc: DocBuilder, encode: (s: string) => Buffer = (s) => Buffer.from(s, 'utf8')): void => {
      const full = path.join(root, rel);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, encode(doc.toString()));
      plants.push(...doc.placed(rel).plants);
    };
    const people = Array.from({ length: 24 }, () => makePerson(rng));

    const a = new DocBuilder();
    people.slice(0, 10).forEach((p, i) => {
      a.text(`2024-11-02 10:${10 + i}:00 INFO 注册 name=${p.name} 身份证=`).plant(i % 2 ? p.id.toLowerCase() : p.id, 'cn-id', 'unmasked', { value: p.id })
        .text(' mobile=').plant(i % 3 === 0 ? `+86 ${p.mobile.slice(0, 3)} ${p.mobile.slice(3, 7)} ${p.mobile.slice(7)}` : p.mobile, 'cn-mobile', 'unmasked', { value: p.mobile })
        .text(' 卡号 ').plant(i % 2 ? groupCard(p.card) : p.card, 'bank-card', 'unmasked', { value: p.card })
        .text(` order=${makeOrderNumber(rng)} trace=${makeHexTraceId(rng)}`)
        .endLine();
      a.text('masked ').plant(maskId(p.id, 6, 4), 'cn-id', 'weak').text(' ').plant(maskMobile(p.mobile), 'cn-mobile', 'masked').text(' ').plant(maskCard(p.card), 'bank-card', 'masked').endLine();
    });
    write('logs/app.log', a);

    const b = new DocBuilder();
    b.line('姓名,身份证号,手机,银行卡号');
    for (const p of people.slice(10, 16)) b.text(`${p.name},`).plant(p.id, 'cn-id', 'unmasked').text(',').plant(p.mobile, 'cn-mobile', 'unmasked').text(',').plant(p.card, 'bank-card', 'unmasked').endLine();
    write('export/members.csv', b, (s) => iconv.encode(s, 'gbk'));

    const c = new DocBuilder();
    for (const p of people.slice(16, 20)) c.text(`{"n":"${p.name}","tel":"`).plant(toFullWidth(p.mobile), 'cn-mobile', 'unmasked', { value: p.mobile }).text('","sfz":"').plant(p.id, 'cn-id', 'unmasked').text('"}').endLine();
    const old = makeCnId(rng, { birth: '19720315' });
    c.text('旧系统 身份证号 ').plant(toId15(old), 'cn-id', 'unmasked', { value: toId15(old) }).endLine();
    write('data/users.jsonl', c);

    const d = new DocBuilder();
    for (const p of people.slice(20, 24)) d.text('回调 银行卡号=').plant(p.card, 'bank-card', 'unmasked').text(' 手机=').plant(p.mobile, 'cn-mobile', 'unmasked').endLine();
    write('logs/old.log.gz', d, (s) => gzipSync(Buffer.from(s, 'utf8')));

    const u = new DocBuilder();
    const kid = makeCnId(rng, { under14: true });
    u.text('儿童 身份证 ').plant(kid, 'cn-id', 'unmasked').endLine();
    write('notes/utf16.txt', u, (s) => Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(s, 'utf-16le')]));

    // A truncated gzip too, so the error path (stderr summary) runs; its values must not leak either.
    const e = new DocBuilder();
    const extra = Array.from({ length: 40 }, () => makePerson(rng));
    for (const p of extra) e.text('支付 卡号 ').plant(p.card, 'bank-card', 'unmasked').text(' 身份证 ').plant(p.id, 'cn-id', 'unmasked').endLine();
    const gz = gzipSync(Buffer.from(e.toString(), 'utf8'));
    mkdirSync(path.join(root, 'logs'), { recursive: true });
    writeFileSync(path.join(root, 'logs/cut.log.gz'), gz.subarray(0, gz.length >> 1));
    plants.push(...e.placed('logs/cut.log.gz').plants);

    before = snapshot(root);
    const scan = ['scan', 'scanned', '--as-of', '2025-01-01'];
    runs.push({ name: 'terminal', r: runCli(scan, { cwd: base }) });
    runs.push({ name: 'terminal --verbose', r: runCli([...scan, '--verbose'], { cwd: base }) });
    runs.push({ name: 'terminal --verbose --lang zh', r: runCli([...scan, '--verbose', '--lang', 'zh'], { cwd: base }) });
    runs.push({ name: 'json', r: runCli([...scan, '-f', 'json'], { cwd: base }) });
    const file = path.join(outDir, 'report.json');
    runs.push({ name: 'json -o', r: runCli([...scan, '-f', 'json', '-o', file], { cwd: base }), written: file });
    const tfile = path.join(outDir, 'report.txt');
    runs.push({ name: 'terminal -o', r: runCli([...scan, '--verbose', '-o', tfile], { cwd: base }), written: tfile });
    runs.push({ name: 'json --quiet', r: runCli([...scan, '-f', 'json', '-q'], { cwd: base }) });
    // Without PIAUDIT_KEY: the key file goes to the config dir, never into the tree.
    runs.push({ name: 'json, no PIAUDIT_KEY', r: runCli([...scan, '-f', 'json'], { cwd: base, env: { PIAUDIT_KEY: undefined, XDG_CONFIG_HOME: path.join(outDir, 'config') } }) });
    // stdin
    const piped = people.slice(0, 3).map((p) => `stdin 身份证 ${p.id} 手机 ${p.mobile} 卡号 ${p.card}`).join('\n') + '\n';
    runs.push({ name: 'stdin json', r: runCli(['scan', '-', '-f', 'json', '--as-of', '2025-01-01'], { cwd: base, input: piped }) });
    runs.push({ name: 'stdin terminal', r: runCli(['scan', '-', '--verbose', '--as-of', '2025-01-01'], { cwd: base, input: piped }) });
  }, 6 * T);

  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('every run completed and found the values (so "no leak" is not vacuous)', () => {
    for (const { name, r } of runs) expect(r.code, `${name}: ${r.stderr}`).toBe(1);
    const json = parseReport<JsonReport>(runs.find((x) => x.name === 'json')!.r);
    expect(validateReport(json)).toEqual([]);
    const readable = plants.filter((p) => p.file !== 'logs/cut.log.gz');
    // Planted kinds only (names and e-mails in the surrounding text are the text detectors' job).
    const unmaskedPlanted = json.findings.filter((f) => f.rule === 'pi-unmasked' && PLANTED_DETECTORS.has(f.detector!)).length;
    expect(unmaskedPlanted).toBe(readable.filter((p) => p.kind === 'unmasked').length);
    // (exact masked counts are the contract test's job: masked 18-character values have a known detector-choice bug)
    expect((json.summary.byRule['pi-masked'] ?? 0) + (json.summary.byRule['pi-weak-mask'] ?? 0)).toBeGreaterThan(readable.filter((p) => p.kind !== 'unmasked').length / 2);
    expect(json.scan.errors.map((e) => e.path)).toEqual(['scanned/logs/cut.log.gz']);
    const stdin = parseReport<JsonReport>(runs.find((x) => x.name === 'stdin json')!.r);
    expect(stdin.findings.filter((f) => f.rule === 'pi-unmasked' && PLANTED_DETECTORS.has(f.detector!)).length).toBe(9);
    const written = JSON.parse(readFileSync(runs.find((x) => x.name === 'json -o')!.written!, 'utf8')) as JsonReport;
    expect(written.findings.length).toBe(json.findings.length);
  });

  it('no planted value, in any of its forms, appears in stdout, stderr or a written report', () => {
    const clear = plants.filter((p) => p.kind === 'unmasked');
    expect(clear.length).toBeGreaterThan(100);
    const forms = clear.flatMap((p) => leakForms(p).map((f) => ({ f, where: `${p.detector} planted at ${p.file}:${p.line}:${p.col}` })));
    for (const { name, r, written } of runs) {
      const outputs: Array<[string, string]> = [
        ['stdout', r.stdout],
        ['stderr', r.stderr],
      ];
      if (written) outputs.push(['report file', readFileSync(written, 'utf8')]);
      for (const [stream, text] of outputs) {
        const leaked = forms.filter(({ f }) => text.includes(f));
        // Print where, never the value itself.
        expect(leaked.map((l) => l.where), `${name} ${stream}`).toEqual([]);
      }
    }
  });

  it('evidence of a clear value is masked (at most first 3 + last 4 of an ID or mobile, first 6 + last 4 of a card)', () => {
    const json = parseReport<JsonReport>(runs.find((x) => x.name === 'json')!.r);
    const budget: Record<string, number> = { 'cn-id': 7, 'cn-mobile': 7, 'bank-card': 10, 'person-name': 1 };
    for (const f of json.findings) {
      if (f.detector === null) continue; // record-level findings (identity kits) carry no value
      if (f.detector === 'email') {
        // the domain stays visible; of the local part only its first character
        expect(f.evidence!.split('@')[0].replace(/\*/g, '').length).toBeLessThanOrEqual(1);
        continue;
      }
      const where = `${f.detector} at ${f.location.path}:${f.location.line}:${f.location.col}`;
      expect(f.evidence, where).toBeDefined();
      expect(f.evidence!, where).toContain('*');
      if (f.masked === false) expect(f.evidence!.replace(/\*/g, '').length, where).toBeLessThanOrEqual(budget[f.detector!]);
    }
  });

  it('nothing was written inside the scanned tree; files, sizes, modes and mtimes are unchanged', () => {
    expect(snapshot(root)).toEqual(before);
  });

  it('the report file and the key file went where they were asked (outside the tree)', () => {
    expect(existsSync(path.join(outDir, 'report.json'))).toBe(true);
    expect(existsSync(path.join(outDir, 'report.txt'))).toBe(true);
    const key = path.join(outDir, 'config', 'piaudit', 'key');
    expect(existsSync(key)).toBe(true);
    expect(lstatSync(key).mode & 0o777).toBe(0o600);
  });
});
