import { run } from './run.js';

/**
 * Process glue: real stdout/stderr, Ctrl-C → a partial report (a second Ctrl-C kills), and the exit
 * code set on process.exitCode so pending output is flushed (never process.exit here).
 */
const controller = new AbortController();
process.once('SIGINT', () => {
  process.stderr.write('\npiaudit: interrupted, writing a partial report (Ctrl-C again to abort)\n');
  controller.abort();
  process.once('SIGINT', () => process.kill(process.pid, 'SIGINT'));
});
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e; // `piaudit … | head` closes the pipe early: not an error
});

process.exitCode = await run(process.argv.slice(2), {
  // Bytes are copied: the writer reuses its buffer, and a pipe may take them later.
  stdout: Object.assign((s: string) => void process.stdout.write(s), { bytes: (b: Uint8Array) => void process.stdout.write(Buffer.from(b)) }),
  stderr: (s) => void process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
  stderrColumns: process.stderr.isTTY ? process.stderr.columns || 80 : undefined,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
