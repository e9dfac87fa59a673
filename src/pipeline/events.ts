import type { ScanOptions } from '../config/options.js';
import type { SourceRef } from '../model/source.js';
import type { WalkEvent, WalkStats } from '../sources/index.js';

/** The stream of sources the scan goes through, and what it does to read ahead in it. */

/** Sources given by the caller (`--staged`) as walk events: all of them are roots. */
export async function* givenSources(given: NonNullable<ScanOptions['sources']>, stats: WalkStats): AsyncGenerator<WalkEvent> {
  stats.ignoredByFiles = given.ignoredByFiles;
  stats.readableRoots++; // nothing staged is a clean commit, not "nothing could be read"
  for (const k of given.skipped) yield { type: 'skip', path: k.path, reason: k.reason };
  for (const ref of given.refs) yield { type: 'file', ref, root: false };
}

/** How many walk events the pipeline looks ahead for images to OCR early (a few per worker). */
export const READ_AHEAD_FILES = 8;
/** Images larger than this are not read ahead (they are read in their turn). */
export const IMAGE_READ_AHEAD_BYTES = 64 << 20;

/** The walk's events, `depth` of them read ahead, with `start` applied to each file when it is read. */
export async function* lookahead(events: AsyncIterable<WalkEvent>, depth: number, start: (ref: SourceRef) => SourceRef): AsyncGenerator<WalkEvent> {
  const queue: WalkEvent[] = [];
  for await (const ev of events) {
    queue.push(ev.type === 'file' ? { ...ev, ref: start(ev.ref) } : ev);
    if (queue.length > depth) yield queue.shift()!;
  }
  yield* queue;
}

export async function drain(stream: AsyncIterable<Buffer> | undefined): Promise<void> {
  if (!stream) return;
  try {
    for await (const _ of stream) {
      // discard
    }
  } catch {
    // a damaged member: the archive reader reports the damage itself
  }
}
