import type { Readable } from 'node:stream';
import type { Entry, ZipFile } from 'yauzl';
import { ArchiveBudget, formatBytes, limitReason, looksLikeBomb } from '../archive/limits.js';
import { openEntryStream, openZip, readEntryBuffer, zipEntryName } from '../archive/zip-file.js';

/**
 * An Office file's zip package, opened from memory: the central directory is listed once (names
 * only), then parts are read by name, each checked against the limits before it is inflated.
 */

/** A part that is deliberately not read (encrypted, bomb-like, over a limit): becomes a `skip` item. */
export class PartSkipped extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'PartSkipped';
  }
}

/** Small parts (rels, workbook.xml, presentation.xml) are read whole; bigger ones are streamed. */
const SMALL_PART_BYTES = 32 << 20;

export class OfficePackage {
  private constructor(
    private readonly zip: ZipFile,
    private readonly entries: Map<string, Entry>,
    readonly budget: ArchiveBudget,
  ) {}

  /** @throws for a zip that cannot be listed (corrupt, truncated) or PartSkipped when it has too many entries. */
  static async open(data: Buffer, budget: ArchiveBudget): Promise<OfficePackage> {
    const zip = await openZip({ data });
    const entries = new Map<string, Entry>();
    try {
      for await (const entry of zip.eachEntry()) {
        if (!budget.takeEntry()) throw new PartSkipped(limitReason.entries(budget.limits));
        const name = await zipEntryName(entry);
        if (!name.endsWith('/')) entries.set(name, entry);
      }
    } catch (e) {
      zip.close();
      throw e;
    }
    return new OfficePackage(zip, entries, budget);
  }

  names(): IterableIterator<string> {
    return this.entries.keys();
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  size(name: string): number | undefined {
    return this.entries.get(name)?.uncompressedSize;
  }

  /** The part's entry after the checks every read goes through; charges its size to the budget. */
  private admit(name: string, maxBytes = Infinity): Entry {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`missing part ${name}`);
    const limits = this.budget.limits;
    if (entry.isEncrypted()) throw new PartSkipped(`encrypted part ${name} (not scanned)`);
    if (!entry.canDecodeFileData()) throw new PartSkipped(`part ${name} uses unsupported compression method ${entry.compressionMethod} (not scanned)`);
    const size = entry.uncompressedSize;
    if (looksLikeBomb(entry.compressedSize, size, limits)) throw new PartSkipped(`${limitReason.ratio(entry.compressedSize, size)} (${name})`);
    if (size > maxBytes) throw new PartSkipped(`part ${name} is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit (not scanned)`);
    if (!this.budget.fits(size)) throw new PartSkipped(`${limitReason.totalBytes(limits)} (${name})`);
    this.budget.takeBytes(size);
    return entry;
  }

  /** A small part as text (rels, manifests, workbook.xml), or undefined when absent. */
  async text(name: string, signal?: AbortSignal): Promise<string | undefined> {
    if (!this.entries.has(name)) return undefined;
    const entry = this.admit(name, SMALL_PART_BYTES);
    return (await readEntryBuffer(this.zip, entry, signal)).toString('utf8');
  }

  /** A part's bytes (embedded images), up to `maxBytes`. */
  async bytes(name: string, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
    const entry = this.admit(name, maxBytes);
    return readEntryBuffer(this.zip, entry, signal);
  }

  /** A part as a stream, for parts that can be big (sheets, document.xml, shared strings). */
  async stream(name: string): Promise<Readable> {
    const entry = this.admit(name);
    return openEntryStream(this.zip, entry);
  }

  close(): void {
    this.zip.close();
  }
}

/**
 * Where a relationship target points, as a package path: targets are relative to the folder of
 * the part that owns the rels (`xl/` for `xl/_rels/workbook.xml.rels`) unless they start with '/'.
 */
export function resolveTarget(ownerPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const base = ownerPart.includes('/') ? ownerPart.slice(0, ownerPart.lastIndexOf('/') + 1) : '';
  const segments: string[] = [];
  for (const s of (base + target).split('/')) {
    if (s === '..') segments.pop();
    else if (s !== '.' && s !== '') segments.push(s);
  }
  return segments.join('/');
}

/** The rels part of a part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`. */
export function relsPathOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}
