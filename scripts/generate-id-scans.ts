/**
 * Writes the synthetic ID-card scan set (fronts, backs, both-sides pages, decoys; see
 * test/helpers/id-scans.ts) and its manifest.json into a directory.
 *
 *   npx tsx scripts/generate-id-scans.ts <dir> [--seed N] [--cards N] [--decoys N]
 *
 * Needs the Debian package fonts-noto-cjk. Nothing is written into the repository unless <dir> says so.
 */
import path from 'node:path';
import { generateIdScans } from '../test/helpers/id-scans.js';

function option(args: string[], name: string): number | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} needs a non-negative integer`);
  return v;
}

const args = process.argv.slice(2);
const dir = args[0];
if (!dir || dir.startsWith('--')) {
  console.error('usage: npx tsx scripts/generate-id-scans.ts <dir> [--seed N] [--cards N] [--decoys N]');
  process.exit(2);
}
const started = performance.now();
const truths = await generateIdScans(path.resolve(dir), { seed: option(args, '--seed'), cards: option(args, '--cards'), decoys: option(args, '--decoys') });
console.log(`${truths.length} images written to ${path.resolve(dir)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
