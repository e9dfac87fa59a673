/**
 * OCR never touches the network and never writes language data into the current directory.
 *
 * A tripwire preloaded with `node --require` (which Node also runs in every worker thread)
 * replaces fetch, TCP connects, HTTP requests and DNS lookups with functions that log the attempt
 * and throw (Unix-socket connects are let through: local IPC).
 * The control run proves the tripwire catches tesseract.js's own download attempt (a worker
 * created without local language data asks the jsDelivr CDN); the real run starts piaudit's engine
 * under the same tripwire, reads two cards (one upside down, so the orientation worker starts too)
 * and must leave the log and its working directory empty.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encode, renderCardScan } from '../../helpers/id-scans.js';
import { REPO_ROOT } from '../../helpers/synth.js';

const TRIPWIRE = `
const fs = require('node:fs');
const { threadId } = require('node:worker_threads');
const log = (what) => fs.appendFileSync(process.env.TRIPWIRE_LOG, threadId + ' ' + what + '\\n');
const blocked = (what) => { log(what); throw new Error('network blocked by test'); };
const net = require('node:net');
const connect = net.Socket.prototype.connect;
// Unix-socket paths are local IPC (tsx's loader talks to its parent that way), not network.
const isLocalPath = (a) => typeof a === 'string' || (a && typeof a === 'object' && typeof a.path === 'string');
net.Socket.prototype.connect = function (...a) {
  const first = Array.isArray(a[0]) ? a[0][0] : a[0];
  if (isLocalPath(first)) return connect.apply(this, a);
  blocked('net.connect ' + JSON.stringify(first).slice(0, 200));
};
const dns = require('node:dns');
for (const k of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) dns[k] = () => blocked('dns.' + k);
for (const k of ['lookup', 'resolve', 'resolve4', 'resolve6']) dns.promises[k] = async () => blocked('dns.promises.' + k);
for (const mod of ['node:http', 'node:https']) { const m = require(mod); m.request = () => blocked(mod + '.request'); m.get = () => blocked(mod + '.get'); }
globalThis.fetch = async (url) => blocked('fetch ' + String(url).slice(0, 80));
`;

const CONTROL = `
const { createWorker } = require(${JSON.stringify(path.join(REPO_ROOT, 'node_modules', 'tesseract.js'))});
createWorker('eng', 1, { cacheMethod: 'none', errorHandler: () => {} }).then((w) => w.terminate(), () => {});
`;

function engineScript(images: string[]): string {
  const engineUrl = pathToFileURL(path.join(REPO_ROOT, 'src', 'sources', 'ocr', 'engine.ts')).href;
  return `
import { readFileSync } from 'node:fs';
const { createOcrEngine } = await import(${JSON.stringify(engineUrl)});
const engine = await createOcrEngine({ workers: 1 });
const pages = [];
for (const file of ${JSON.stringify(images)}) pages.push(await engine.recognize(readFileSync(file)));
const stats = engine.stats;
await engine.terminate();
console.log(JSON.stringify({ texts: pages.map((p) => p.text), rotations: pages.map((p) => p.rotation), orientationChecks: stats.orientationChecks }));
`;
}

let dir: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  log: string;
}

/** Runs a script under the tripwire with an empty working directory; stops it after `ms`. */
function runTripwired(name: string, script: string, extraArgs: string[], ms: number, stopWhenLogged = false): Promise<Run> {
  const cwd = path.join(dir, `${name}-cwd`);
  mkdirSync(cwd, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, script);
  const logFile = path.join(dir, `${name}.log`);
  writeFileSync(logFile, '');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', path.join(dir, 'tripwire.cjs'), ...extraArgs, file], {
      cwd,
      env: { ...process.env, TRIPWIRE_LOG: logFile, NODE_PATH: path.join(REPO_ROOT, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const poll = setInterval(() => {
      if (stopWhenLogged && readFileSync(logFile, 'utf8').length > 0) child.kill();
    }, 100);
    const timer = setTimeout(() => child.kill(), ms);
    child.on('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ code, stdout, stderr, log: readFileSync(logFile, 'utf8') });
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'piaudit-ocr-offline-'));
  writeFileSync(path.join(dir, 'tripwire.cjs'), TRIPWIRE);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('OCR offline', () => {
  test('control: the tripwire catches a download attempt made inside a tesseract.js worker thread', async () => {
    const run = await runTripwired('control.cjs', CONTROL, [], 30_000, true);
    expect(run.log).toMatch(/fetch https:\/\/cdn\.jsdelivr\.net/);
  });

  test('the engine starts, reads and stops with no network attempt and nothing written to the cwd', async () => {
    const upright = await renderCardScan({ seed: 31, side: 'front' });
    const upsideDown = await renderCardScan({ seed: 32, side: 'front', rotation: 180 });
    const files = [path.join(dir, 'upright.jpg'), path.join(dir, 'upside-down.jpg')];
    writeFileSync(files[0], await encode(upright.canvas, 'jpg', 90));
    writeFileSync(files[1], await encode(upsideDown.canvas, 'jpg', 90));
    // tsx compiles the engine's TypeScript in the child; given by path, the cwd has no node_modules.
    const tsx = pathToFileURL(path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    const run = await runTripwired('engine.mts', engineScript(files), ['--import', tsx], 120_000);
    expect(run.log).toBe('');
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout.trim().split('\n').pop()!) as { texts: string[]; rotations: number[]; orientationChecks: number };
    expect(out.texts[0].replace(/\s+/g, '')).toContain(upright.person.id);
    expect(out.rotations[1]).toBe(180);
    expect(out.orientationChecks).toBeGreaterThan(0);
    const cwd = path.join(dir, 'engine.mts-cwd');
    expect(existsSync(cwd) ? readdirSync(cwd) : []).toEqual([]);
  });
});
