import type { DocumentItem } from '../../model/document.js';
import type { Location } from '../../model/location.js';
import { safeErrorMessage } from '../archive/limits.js';
import { PartSkipped } from './package.js';
import { XmlError } from './xml.js';

/**
 * One part of an Office file that could not be read, as an item: a deliberate skip (limit,
 * encryption) or an error. Messages name the kind of part and the damage, never its content.
 */
export function partFailure(e: unknown, what: string, at?: Partial<Location>): DocumentItem {
  if (e instanceof PartSkipped) return { type: 'skip', reason: e.reason, at };
  if (e instanceof XmlError) return { type: 'error', message: `unreadable ${what}: ${e.message}`, at };
  return { type: 'error', message: `unreadable ${what} (${safeErrorMessage(e)})`, at };
}
