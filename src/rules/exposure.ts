import { createHmac } from 'node:crypto';
import type { Exposure } from '../analyzers/exposure.js';
import type { Violation } from '../model/finding.js';
import type { DetectorId } from '../model/ids.js';
import { ALL_DETECTORS } from '../detectors/index.js';
import { formatMessage, getRule, type Lang } from './load.js';

const TITLES = new Map(ALL_DETECTORS.map((d) => [d.id as string, d.title]));

/** `exposed-permissions` for one file: what it holds (kinds, never values), why it is exposed, the fix. */
export function evaluateExposure(path: string, e: Exposure, kinds: readonly DetectorId[], lang: Lang, key: Buffer): Violation {
  const def = getRule('exposed-permissions');
  const zh = lang === 'zh';
  const kind = kinds.map((k) => TITLES.get(k)?.[lang] ?? k).join(zh ? '、' : ', ');
  const why: string[] = [];
  const fix: string[] = [];
  if (e.worldReadable || e.worldWritable) {
    why.push(zh ? `权限 ${e.mode}（${e.worldWritable ? '所有用户可写' : '所有用户可读'}）` : `mode ${e.mode} (${e.worldWritable ? 'world-writable' : 'world-readable'})`);
    fix.push(`chmod 600 '${path.replace(/'/g, "'\\''")}'`);
  }
  if (e.webRoot) {
    why.push(zh ? `位于 Web 目录（${e.webRoot}）下` : `under a web root (${e.webRoot})`);
    fix.push(zh ? '移出 Web 根目录' : 'move it out of the web root');
  }
  if (e.owners) {
    why.push(zh ? `属主 uid ${e.owners[0]} 与所在目录属主 uid ${e.owners[1]} 不同` : `owned by uid ${e.owners[0]}, its folder by uid ${e.owners[1]}`);
    fix.push(zh ? '核对属主（chown 为处理它的服务账号）' : 'check the owner (chown it to the service account that processes it)');
  }
  const detail = zh ? `（${why.join('；')}。修复：${fix.join('；')}）` : `(${why.join('; ')}. Fix: ${fix.join('; ')}.)`;
  return {
    rule: 'exposed-permissions',
    detector: null,
    severity: def.severity,
    articles: [...def.articles],
    location: { path },
    // Keyed like every fingerprint, so baselines match across machines only under the team's key.
    fingerprint: createHmac('sha256', key).update(`exposed:${path}:${e.mode}:${e.webRoot ?? ''}`).digest('hex'),
    message: formatMessage(def.message[lang], { kind, detail }),
  };
}
