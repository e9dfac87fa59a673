import { DEFAULT_WEB_ROOTS } from '../analyzers/exposure.js';
import type { ScanOptions } from './options.js';
import { CONFIG_KEYS, type ConfigKey, type ConfigSettings, type LoadedConfig } from './settings.js';

/** Where a setting's value came from. */
export type SettingSource = 'cli' | 'config' | 'default';

export interface MergedSettings {
  settings: ConfigSettings;
  from: Record<ConfigKey, SettingSource>;
}

/**
 * Precedence, key by key: a flag the user typed, else the config file, else the built-in default.
 * `flags` holds the command line's values with commander's defaults filled in, so a default never
 * hides a config value: only `given(key)` (commander's value source `cli`) makes a flag win.
 */
export function mergeSettings(flags: ConfigSettings, given: (key: ConfigKey) => boolean, config?: ConfigSettings): MergedSettings {
  const settings: ConfigSettings = {};
  const from = {} as Record<ConfigKey, SettingSource>;
  const set = <K extends ConfigKey>(key: K, value: ConfigSettings[K]): void => {
    if (value !== undefined) settings[key] = value;
  };
  for (const key of CONFIG_KEYS) {
    if (given(key)) {
      set(key, flags[key]);
      from[key] = 'cli';
    } else if (config?.[key] !== undefined) {
      set(key, config[key]);
      from[key] = 'config';
    } else {
      set(key, flags[key]);
      from[key] = 'default';
    }
  }
  return { settings, from };
}

/**
 * The part of ScanOptions the settings decide. Globs that came from the config file stay
 * relative to its folder (`includeBase`/`excludeBase`); typed ones are relative to each scanned
 * root, as before. Web roots add to the built-in ones, as `--web-root` does.
 */
export function scanOptionsOf(m: MergedSettings, config?: LoadedConfig): Partial<ScanOptions> {
  const s = m.settings;
  const o: Partial<ScanOptions> = {
    include: s.include ?? [],
    exclude: s.exclude ?? [],
    maxFileSize: s.maxFileSize,
    ignoreFiles: s.ignoreFiles,
    defaultExcludes: s.defaultExcludes,
    maskThreshold: s.maskThreshold,
    fileTimeBudgetMs: s.fileTimeout === undefined ? undefined : s.fileTimeout * 1000,
    lang: s.lang,
    minSeverity: s.minSeverity,
    detectors: s.detectors,
    ocr: s.ocr,
    cache: s.cache,
    databases: s.databases ?? [],
    webRoots: s.webRoots?.length ? [...DEFAULT_WEB_ROOTS, ...s.webRoots] : undefined,
    schemas: s.schemas?.length ? s.schemas : undefined,
    sample: s.sample,
    fullTables: s.full,
  };
  if (config && m.from.include === 'config' && o.include!.length) o.includeBase = config.dir;
  if (config && m.from.exclude === 'config' && o.exclude!.length) o.excludeBase = config.dir;
  if (s.rules && Object.keys(s.rules).length) o.ruleSeverity = s.rules;
  if (s.retention) o.retention = s.retention;
  if (config) o.configFile = config.file;
  // Unset keys are left out, so `{ ...myDefaults, ...scanOptionsOf(…) }` keeps the caller's values.
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<ScanOptions>;
}
