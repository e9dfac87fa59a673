/** Languages of messages and reports. */
export type Lang = 'zh' | 'en';

/** The language from the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`): Chinese for zh_*, else English. */
export function langFromEnv(env: NodeJS.ProcessEnv = process.env): Lang {
  const loc = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(loc) ? 'zh' : 'en';
}
