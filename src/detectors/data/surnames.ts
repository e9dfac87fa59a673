import { createRequire } from 'node:module';

/**
 * Chinese surnames from the npm package chinese-surnames@1.0.0 (MIT, 1,062 entries incl. 95
 * compound ones such as 欧阳), loaded on first use: plain-text scans never pay for it.
 */
let single: Set<string> | undefined;
let compound: Set<string> | undefined;

function load(): void {
  const list = createRequire(import.meta.url)('chinese-surnames') as string[];
  single = new Set(list.filter((s) => s.length === 1));
  compound = new Set(list.filter((s) => s.length === 2));
}

/** Length of the surname a name starts with (2 for a compound surname), or 0. */
export function surnameLength(name: string): number {
  if (!single) load();
  if (name.length >= 3 && compound!.has(name.slice(0, 2))) return 2;
  return single!.has(name[0]) ? 1 : 0;
}
