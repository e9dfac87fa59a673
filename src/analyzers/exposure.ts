import type { DetectorId } from '../model/ids.js';

/**
 * Exposure of a file that holds personal information (issue 6, Art. 1038 and PIPL Art. 51): other
 * users can read or change it, it sits under a web root where a web server may hand it out, or it
 * is owned by another user than its folder (copied in by hand, left behind by another service).
 */

/** Folders whose contents a web server commonly serves (a path segment match). */
export const DEFAULT_WEB_ROOTS = ['/var/www/', '/srv/www/', '/usr/share/nginx/html/', '/public/', '/static/', '/htdocs/', '/uploads/', '/wwwroot/', '/public_html/'];

export interface FileFacts {
  absPath: string;
  mode: number;
  uid: number;
  /** The owner of the folder holding it, when known. */
  dirUid?: number;
}

export interface Exposure {
  mode: string;
  worldReadable: boolean;
  worldWritable: boolean;
  webRoot?: string;
  /** [file owner, folder owner] when they differ. */
  owners?: [number, number];
}

export function exposureOf(f: FileFacts, webRoots: readonly string[] = DEFAULT_WEB_ROOTS): Exposure | undefined {
  const perms = f.mode & 0o777;
  const worldReadable = (perms & 0o004) !== 0;
  const worldWritable = (perms & 0o002) !== 0;
  const path = f.absPath.replace(/\\/g, '/');
  // A web root is a path fragment (`/var/www/`, `/uploads/`) anywhere in the absolute path.
  const webRoot = webRoots.find((r) => path.includes(r));
  const owners: [number, number] | undefined = f.dirUid !== undefined && f.dirUid !== f.uid ? [f.uid, f.dirUid] : undefined;
  if (!worldReadable && !worldWritable && !webRoot && !owners) return undefined;
  return { mode: perms.toString(8).padStart(3, '0'), worldReadable, worldWritable, ...(webRoot ? { webRoot } : {}), ...(owners ? { owners } : {}) };
}

/** The kinds of unmasked information a file holds, in a stable order, for the message. */
export function kindsInOrder(kinds: ReadonlySet<DetectorId>): DetectorId[] {
  const order: DetectorId[] = ['cn-id', 'bank-card', 'cn-mobile', 'cn-landline', 'person-name', 'cn-address', 'email', 'cn-passport', 'hk-id', 'mo-id', 'tw-id', 'cn-permit'];
  return order.filter((k) => kinds.has(k));
}
