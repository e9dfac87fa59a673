import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAME } from '../config/settings.js';
import { configTemplate } from '../config/template.js';
import { FatalError } from '../model/errors.js';

/**
 * `piaudit init [dir]`: writes the commented default config into `dir`. The only command that
 * writes into a project folder, and only because it was asked to; an existing file is kept
 * unless `force`.
 * @returns the path written.
 */
export function initConfig(dir: string, opts: { force?: boolean } = {}): string {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new FatalError(`init: ${dir} is not a folder`);
  const file = path.join(dir, CONFIG_FILE_NAME);
  if (existsSync(file) && !opts.force) throw new FatalError(`init: ${file} already exists (use --force to overwrite it)`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, configTemplate());
  } catch (e) {
    throw new FatalError(`init: cannot write ${file}: ${(e as Error).message}`);
  }
  return file;
}
