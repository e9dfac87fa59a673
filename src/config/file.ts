import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FatalError } from '../model/errors.js';
import type { ParseError } from 'jsonc-parser';
import { CONFIG_FILE_NAME, type LoadedConfig } from './settings.js';

/**
 * Finding and loading `piaudit.config.json`. Discovery costs a few stat calls; the JSONC parser
 * and the validator are imported only when a file is there, so a pre-commit scan in a project
 * without a config starts as fast as before.
 */

export interface FindOptions {
  /** The home folder (default os.homedir()): the search never goes above it. */
  home?: string;
}

/**
 * The nearest `piaudit.config.json` in `start` or its parents, or undefined. The search stops at
 * the filesystem root, and at the home folder, whose own config is not read unless `start` is
 * the home folder itself: a stray `~/piaudit.config.json` must not change every scan of every
 * project below it.
 */
export function findConfigFile(start: string, opts: FindOptions = {}): string | undefined {
  const home = path.resolve(opts.home ?? os.homedir());
  let dir = path.resolve(start);
  for (;;) {
    if (dir === home && dir !== path.resolve(start)) return undefined;
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (isFile(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The folder a scan's config search starts from: the first path given (its folder when it is a
 * file; for a glob or a missing path, the nearest folder of it that exists), or `cwd` for stdin
 * or when no path is given.
 */
export function searchStart(firstPath: string | undefined, cwd: string): string {
  if (firstPath === undefined || firstPath === '-') return cwd;
  let p = path.resolve(cwd, firstPath);
  for (;;) {
    try {
      return statSync(p).isDirectory() ? p : path.dirname(p);
    } catch {
      const parent = path.dirname(p);
      if (parent === p) return cwd;
      p = parent;
    }
  }
}

/** How the config file is chosen: `--config FILE`, `--no-config`, or discovery. */
export type ConfigChoice = { file: string } | { none: true } | { searchFrom: string };

/**
 * The config to use, loaded and validated, or undefined when there is none.
 * @throws FatalError (exit code 2) when `--config FILE` does not exist; ConfigError when the file does not
 * parse or validate.
 */
export async function resolveConfig(choice: ConfigChoice, opts: FindOptions & { cwd: string }): Promise<LoadedConfig | undefined> {
  if ('none' in choice) return undefined;
  let file: string | undefined;
  if ('file' in choice) {
    file = path.resolve(opts.cwd, choice.file);
    if (!existsSync(file)) throw new FatalError(`--config: ${choice.file} does not exist`);
  } else file = findConfigFile(choice.searchFrom, opts);
  return file === undefined ? undefined : loadConfigFile(file, opts.cwd);
}

/** A config file found invalid: every problem, each naming its key and line. */
export class ConfigError extends FatalError {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/**
 * Reads, parses (JSONC: comments and trailing commas allowed) and validates one config file.
 * @throws ConfigError listing every problem as `piaudit.config.json: "failOn" must be … (line 3)`.
 */
export async function loadConfigFile(file: string, cwd: string = process.cwd()): Promise<LoadedConfig> {
  const shown = displayPath(file, cwd);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new FatalError(`${shown}: cannot read the config file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // editors on Windows add a BOM
  const [{ parseTree, printParseErrorCode }, { validateConfig, lineAt, lineStartsOf }] = await Promise.all([import('jsonc-parser'), import('./validate.js')]);
  const syntax: ParseError[] = [];
  const tree = parseTree(text, syntax, { allowTrailingComma: true, disallowComments: false });
  if (syntax.length) {
    const starts = lineStartsOf(text);
    throw new ConfigError(syntax.map((e) => `${shown}: syntax error: ${describeSyntaxError(printParseErrorCode(e.error))} (line ${lineAt(starts, e.offset)})`));
  }
  const dir = path.dirname(file);
  const { settings, problems } = validateConfig(tree, text, dir);
  if (problems.length) throw new ConfigError(problems.map((p) => `${shown}: ${p.message} (line ${p.line})`));
  return { file, dir, settings };
}

/** The file as the user would name it: relative to cwd when inside it. */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** `PropertyNameExpected` → `property name expected`. */
function describeSyntaxError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
