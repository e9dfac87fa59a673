/**
 * The sources stage: paths in, text windows out. `walk` finds what to read; `readTextWindows`
 * reads one source. Later issues add PDF, image, Office, archive and database sources here.
 */
export { walk, errorText, type WalkEvent, type WalkOptions, type WalkStats } from './walk.js';
export { readTextWindows, SkipSource, WINDOW_BYTES, type ReadStats } from './text.js';
