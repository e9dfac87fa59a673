/**
 * Limits that keep an archive (or an Office package, which is a zip too) from exhausting memory or
 * time: a zip bomb expands 10 MB into terabytes, a tar of millions of tiny files keeps the scan busy
 * for hours. Every limit hit is reported as a `skip` item so the report says what was not scanned.
 */
export interface ArchiveLimits {
  /** Expanded bytes read from one archive tree (all members, nested archives included when they share a budget). */
  maxTotalBytes: number;
  /** Members (files, directories, links) looked at in one archive tree. */
  maxEntries: number;
  /** A member up to this size is handed over as a Buffer; a bigger one as a stream (or skipped where it cannot be streamed). */
  maxMemberBytes: number;
  /** Expanded/compressed ratio above which a zip member is treated as a bomb... */
  maxRatio: number;
  /** ...but only once it expands beyond this many bytes: a small file of zeros is no threat. */
  ratioMinBytes: number;
  /** How deep archives inside archives are opened (the pipeline recurses and checks this). */
  maxDepth: number;
}

/** Archives inside archives are opened this deep: backup.tar.gz → site.zip → export.xlsx is depth 3. */
export const MAX_ARCHIVE_DEPTH = 3;

/**
 * Defaults. 1 GiB expanded is more than a server backup worth scanning for personal data in one go
 * and less than what hurts a 2 GB CI runner; 100k entries covers a big source tree. 64 MiB per
 * buffered member keeps a handful of members in flight affordable. Real text deflates about 3-20x
 * and even repetitive logs rarely pass 100x, while deflate tops out near 1032x: a member beyond
 * 100x that expands past 8 MiB is almost certainly a bomb (a small one is just a file of zeros).
 */
export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = Object.freeze({
  maxTotalBytes: 1 << 30,
  maxEntries: 100_000,
  maxMemberBytes: 64 << 20,
  maxRatio: 100,
  ratioMinBytes: 8 << 20,
  maxDepth: MAX_ARCHIVE_DEPTH,
});

/**
 * What is left of the limits for a whole archive tree. Passing the same budget to nested
 * archives (see `ArchiveBudget.for`) makes the totals apply to the tree, not to each level.
 */
export class ArchiveBudget {
  bytesLeft: number;
  entriesLeft: number;

  constructor(readonly limits: Readonly<ArchiveLimits>) {
    this.bytesLeft = limits.maxTotalBytes;
    this.entriesLeft = limits.maxEntries;
  }

  /** A shared budget for `limits` (the one given with them, if any) so nested calls draw from the same totals. */
  static for(limits: Readonly<ArchiveLimits> & { budget?: ArchiveBudget }): ArchiveBudget {
    return limits.budget ?? new ArchiveBudget(limits);
  }

  /** Counts one more entry; false when the entry count limit is passed. */
  takeEntry(): boolean {
    this.entriesLeft--;
    return this.entriesLeft >= 0;
  }

  /** Counts expanded bytes; false when the total size limit is passed. */
  takeBytes(n: number): boolean {
    this.bytesLeft -= n;
    return this.bytesLeft >= 0;
  }

  /** Whether a member of this declared size still fits in the total (checked before reading it). */
  fits(n: number): boolean {
    return n <= this.bytesLeft;
  }
}

/** Limits as given by the caller, optionally with a budget shared across nested archives. */
export type ArchiveLimitsInput = Readonly<ArchiveLimits> & { budget?: ArchiveBudget };

/** Whether a compressed member looks like a bomb (checked on the declared sizes before inflating). */
export function looksLikeBomb(compressed: number, expanded: number, limits: Readonly<ArchiveLimits>): boolean {
  return expanded > limits.ratioMinBytes && expanded > limits.maxRatio * Math.max(compressed, 1);
}

export const limitReason = {
  entries: (limits: Readonly<ArchiveLimits>) => `archive limit: more than ${limits.maxEntries} entries, the rest not scanned`,
  totalBytes: (limits: Readonly<ArchiveLimits>) => `archive limit: more than ${formatBytes(limits.maxTotalBytes)} expanded, the rest not scanned`,
  ratio: (compressed: number, expanded: number) =>
    `archive limit: compression ratio ${Math.round(expanded / Math.max(compressed, 1))}:1 (${formatBytes(expanded)} from ${formatBytes(compressed)}), looks like a zip bomb`,
};

export function formatBytes(n: number): string {
  if (n >= 1 << 30) return `${+(n / (1 << 30)).toFixed(1)} GiB`;
  if (n >= 1 << 20) return `${+(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${+(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} B`;
}

/**
 * An error message safe for the report: library messages describe the damage ("invalid
 * distance too far back", "Unexpected end of data") but some quote names or bytes after a colon,
 * and names inside archives can themselves be personal data (张三身份证.jpg); keep the part before
 * the first colon and never more than 120 characters.
 */
export function safeErrorMessage(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  const head = raw.split(/[:\n]/, 1)[0].trim();
  return (head || 'unreadable').slice(0, 120);
}
