import type { Candidate } from './model/candidate.js';
import type { ScanError, SkippedPath } from './model/errors.js';
import type { ReportFinding, Violation } from './model/finding.js';
import type { Report, ScanSummary } from './model/report.js';
import type { Directive, SourceRef, TextWindow } from './model/source.js';
import type { DocumentItem, ExtractContext, OcrEngine, OcrPage, TextPart } from './model/document.js';
import type { Finding } from './model/finding.js';
import type { Location } from './model/location.js';
import { ymd } from './util/checksums/dates.js';
import { type Lang, type ScanOptions, langFromEnv } from './config/options.js';
import { loadKey } from './config/key.js';
import { readTextWindows, SkipSource, walk, type WalkStats } from './sources/index.js';
import { contentKindOf, isSqlDump, maybeSqlDump, nameOf, readDocument, readHead, type ContentKind } from './sources/dispatch.js';
import { ArchiveBudget, DEFAULT_ARCHIVE_LIMITS, MAX_ARCHIVE_DEPTH, type ArchiveLimitsInput } from './sources/archive/limits.js';
import { correctOcrText } from './detectors/ocr-digits.js';
import { detect, JsonRecords, prepareDetectors, tableStateFor } from './detectors/index.js';
import { ColumnInventory } from './analyzers/columns.js';
import { exposureOf, kindsInOrder } from './analyzers/exposure.js';
import { evaluateExposure } from './rules/exposure.js';
import { isSensitive, keptReadable, RetentionScope, type TextRecordState } from './analyzers/retention/scope.js';
import { builtinCategory } from './analyzers/retention/category.js';
import { isTimeColumnName } from './analyzers/retention/columns.js';
import { AgeHistogram } from './analyzers/retention/records.js';
import { dayOfTime } from './analyzers/retention/dates.js';
import { retentionPolicy } from './rules/retention-policy.js';
import { evaluateRetention } from './rules/retention.js';
import type { DetectorId } from './model/ids.js';
import { idCardPageJudge } from './analyzers/id-copy/page-judge.js';
import type { IdCopy } from './model/record.js';
import { findHashedCells, type HashedCell } from './analyzers/hashed-columns.js';
import { evaluateHashedCells } from './rules/hashed.js';
import { analyze, DEFAULT_MASK_THRESHOLD, findIdentityKits, idCopyOf, IdCopyIndex, idFingerprints, MaskLinker } from './analyzers/index.js';
import { evaluateIdCopies, evaluateIdDuplicates } from './rules/id-copies.js';
import { evaluate, evaluateCombinations, evaluateRecords } from './rules/evaluate.js';
import { postprocess } from './postprocess/index.js';
import { isSilenced } from './postprocess/suppress-inline.js';
import { TOOL_VERSION } from './util/version.js';
import { DocumentCache, type CachedDocument } from './config/cache.js';
import { readFile } from 'node:fs/promises';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { copyLocation, displayPath, locationAtPart, relativeToRoot, suffixOf } from './pipeline/locations.js';
import { documentErrorText, readErrorText } from './pipeline/problems.js';
import { drain, givenSources, IMAGE_READ_AHEAD_BYTES, lookahead, READ_AHEAD_FILES } from './pipeline/events.js';
import { Inventory, onIdCard, personKey, toReportFinding } from './pipeline/summary.js';

/**
 * The only place that knows the order of the stages:
 *   sources (walk, read windows) → detectors → analyzers → rules → postprocess → report.
 * Work is done per window so memory follows the input's window size, not the file's size;
 * everything that leaves a window has already been redacted.
 */
export interface ScanResult {
  report: Report;
  /** Whether any root could be read at all (exit code 2 when none). */
  anyRootReadable: boolean;
}

/**
 * Runs a scan. With `onFinding`, each finding goes to it as soon as it is judged and redacted (in
 * walk order: files as the walker meets them, values in text order) and `report.findings` stays
 * empty, so memory does not grow with the number of findings; without it the report holds them.
 */
export async function scan(opts: ScanOptions, onFinding?: (f: ReportFinding) => void): Promise<ScanResult> {
  const started = Date.now();
  const cwd = opts.cwd ?? process.cwd();
  const asOf = opts.asOf ?? new Date();
  const threshold = opts.maskThreshold ?? DEFAULT_MASK_THRESHOLD;
  const lang: Lang = opts.lang ?? langFromEnv();
  const minSeverity = opts.minSeverity ?? 'info';
  const ruleSeverity = opts.ruleSeverity;
  // What every postprocess call shares (the directives differ per source).
  const post = { minSeverity, asOf, threshold, lang, ruleSeverity };
  let key = opts.key;
  if (!key) {
    const k = loadKey();
    if (k.warning) opts.onWarning?.(k.warning);
    key = k.key;
  }
  const only = opts.detectors?.length ? new Set(opts.detectors) : undefined;
  const walkStats: WalkStats = { ignoredByFiles: 0, defaultExcluded: 0, readableRoots: 0 };
  const skipped: SkippedPath[] = [];
  const errors: ScanError[] = [];
  const kept: ReportFinding[] = [];
  const summary: ScanSummary = { total: 0, bySeverity: {}, byRule: {}, byDetector: {}, ignoredByFiles: 0, distinctIds: 0, inventory: {} };
  const inventory = new Inventory();
  const idPeople = new Set<number>();
  const linker = new MaskLinker(threshold, asOf);
  const idCopies = new IdCopyIndex();
  const columns = new ColumnInventory();
  const emit = (v: Violation): void => {
    const f = toReportFinding(v);
    if (capture) {
      const { path: _path, ...where } = f.location;
      capture.findings.push({ ...f, location: where });
    }
    count(f);
  };
  let cacheHits = 0;
  /** Counts a finding into the summary and hands it on. */
  let baselined = 0;
  // Kinds of unmasked information the file being scanned holds (for exposed-permissions).
  let exposureKinds: Set<DetectorId> | undefined;
  // Dated records of unmasked information of the file (or server) being scanned (for retention-expired).
  // The rule set to `off` is the policy off: no timestamps read, no summary.
  const retentionOn = opts.retention?.enabled !== false && opts.ruleSeverity?.['retention-expired'] !== 'off';
  const retention = await retentionPolicy(retentionOn ? opts.retention : { enabled: false });
  const asOfDay = dayOfTime(asOf.getTime());
  const ages = retention.enabled ? new AgeHistogram(asOfDay) : undefined;
  const retentionCounts = { sources: 0, expired: 0 };
  let retentionScope: RetentionScope | undefined;
  const count = (f: ReportFinding): void => {
    // Known findings (`--baseline`) leave the report, the counts and the exit code; cached replays too.
    if (opts.baseline?.isKnown(f)) {
      baselined++;
      return;
    }
    if (exposureKinds && f.detector && (f.rule === 'pi-unmasked' || f.rule === 'pi-weak-mask') && f.severity !== 'info') exposureKinds.add(f.detector);
    summary.total++;
    summary.bySeverity[f.severity] = (summary.bySeverity[f.severity] ?? 0) + 1;
    summary.byRule[f.rule] = (summary.byRule[f.rule] ?? 0) + 1;
    if (f.detector) {
      summary.byDetector[f.detector] = (summary.byDetector[f.detector] ?? 0) + 1;
      inventory.add(f);
      if (f.location.table) columns.addFinding(f);
    }
    if (onFinding) onFinding(f);
    else kept.push(f);
  };
  // Results of the document being scanned, recorded for the cache (undefined when not caching it).
  let capture: CachedDocument | undefined;
  const cache =
    opts.cache === false
      ? undefined
      : new DocumentCache(key, JSON.stringify([TOOL_VERSION, ymd(asOf), threshold, lang, minSeverity, [...(only ?? [])].sort(), opts.ocr !== false, ruleSeverity ?? {}]));
  let filesScanned = 0;
  let bytesScanned = 0;
  // With only databases to scan, no folder is walked (not even the current one).
  const roots = opts.sources ? ['(staged)'] : opts.paths.length ? opts.paths : opts.databases?.length ? [] : ['.'];
  // Retention path globs match the path relative to the root a file was found under.
  const rootDirs = opts.sources ? [] : roots.filter((r) => r !== '-').map((r) => path.resolve(cwd, r));

  const walker = opts.sources ? givenSources(opts.sources, walkStats) : walk(
    {
      roots,
      cwd,
      include: opts.include ?? [],
      exclude: opts.exclude ?? [],
      includeBase: opts.includeBase,
      excludeBase: opts.excludeBase,
      maxFileSize: opts.maxFileSize,
      ignoreFiles: opts.ignoreFiles ?? true,
      defaultExcludes: opts.defaultExcludes ?? true,
      signal: opts.signal,
    },
    walkStats,
  );

  // OCR starts on the first image or scanned page and is shared by the whole scan.
  let ocrEngine: Promise<OcrEngine> | undefined;
  const startOcr = (): Promise<OcrEngine> => (ocrEngine ??= import('./sources/ocr/engine.js').then((m) => m.createOcrEngine({ judge: idCardPageJudge })));
  // Images met ahead of time are already being read by the pool (see readAhead): a read started
  // for these exact bytes is taken over instead of starting another.
  const early = new WeakMap<Buffer, Promise<OcrPage>>();
  const extractContext: ExtractContext = {
    signal: opts.signal,
    ocr:
      opts.ocr === false
        ? undefined
        : async () => {
            const engine = await startOcr();
            return {
              recognize: (image, o) => {
                const started = early.get(image);
                early.delete(image);
                return started ?? engine.recognize(image, o);
              },
              terminate: () => engine.terminate(),
            };
          },
  };

  /**
   * Files are scanned one at a time, but OCR has a pool of workers: the next few images the walker
   * meets are read into memory and handed to the pool now, so its workers are busy while earlier
   * files are judged. Their bytes travel with the file (`ref.data`), which is how the extractor's
   * request finds the read already under way. Cached images are not OCR'd again.
   */
  const readAhead = (ref: SourceRef): SourceRef => {
    if (opts.ocr === false || !ref.absPath) return ref;
    try {
      const head = readHead(ref);
      if (head) sniffedHeads.set(ref, head); // its turn sniffs the same bytes: not read twice
      if (!head || contentKindOf(head, ref.path) !== 'image' || (ref.size ?? 0) > IMAGE_READ_AHEAD_BYTES) return ref;
      const data = readFileSync(ref.absPath);
      if (cache) {
        const name = cache.keyOf(data);
        const hit = cache.get(name);
        cacheLookups.set(data, { name, hit });
        if (hit) return { ...ref, data };
      }
      const read = startOcr().then((engine) => engine.recognize(data, { signal: opts.signal }));
      read.catch(() => undefined); // failures surface when the image's turn comes
      early.set(data, read);
      return { ...ref, data };
    } catch {
      return ref; // unreadable: its turn reports why
    }
  };

  /** First bytes already read by readAhead, and cache lookups already made for read-ahead images. */
  const sniffedHeads = new WeakMap<SourceRef, Buffer>();
  const cacheLookups = new WeakMap<Buffer, { name: string; hit?: CachedDocument }>();

  /** Scans one source (a file, or something nested in one); false when it could not be read at all. */
  const scanSource = async (ref: SourceRef, limits?: ArchiveLimitsInput): Promise<boolean> => {
    let kind: ContentKind = 'text';
    try {
      const head = sniffedHeads.get(ref) ?? readHead(ref);
      const name = nameOf(ref);
      if (head) kind = contentKindOf(head, name);
      if (head && kind === 'text' && maybeSqlDump(head, name) && (await isSqlDump(head, name))) kind = 'sql-dump';
    } catch {
      // Unreadable: the text source reports it with the reason.
    }
    if (kind === 'text') return scanText(ref);
    return scanDocument(ref, kind, limits ?? { ...DEFAULT_ARCHIVE_LIMITS, budget: new ArchiveBudget(DEFAULT_ARCHIVE_LIMITS) });
  };

  const scanText = async (ref: SourceRef): Promise<boolean> => {
    const stats = { bytes: 0 };
    const state: SourceState = { lastKitLine: 0 }; // records never span files
    const table = tableStateFor(ref.entry ?? ref.path);
    let json: JsonRecords | undefined;
    let firstWindow = true;
    const directives: Directive[] = [];
    let completed = false;
    const deadline = opts.fileTimeBudgetMs ? Date.now() + opts.fileTimeBudgetMs : Infinity;
    const records: TextRecordState = { line: 0 };
    try {
      for await (const win of readTextWindows(ref, stats, opts.signal)) {
        opts.onProgress?.({ files: filesScanned, bytes: bytesScanned + stats.bytes, current: displayPath(ref), currentBytes: stats.bytes, currentSize: ref.size });
        await prepareDetectors(win, only);
        if (firstWindow) json = JsonRecords.forFirstWindow(win);
        firstWindow = false;
        const found = detect(win, ref, { asOf: ymd(asOf), only, table, records: json });
        directives.push(...found.directives);
        if (found.candidates.length) {
          const findings = handle(found.candidates, directives, state);
          // Timestamps are parsed here, only for lines that hold a finding: not on the bytes' path.
          if (retentionScope) {
            const dating = retentionScope.datingOf(ref);
            // A CSV's rows open with a date that dates them only under a time column (not `birthday`).
            if (table?.header && dating.bareDates === undefined) dating.bareDates = isTimeColumnName(table.header[0] ?? '');
            retentionScope.addTextLines(win, unsilenced(findings, directives), dating, records);
          }
        }
        if (Date.now() > deadline) {
          errors.push({ path: displayPath(ref), message: `stopped after the per-file time budget (${opts.fileTimeBudgetMs} ms) at line ${win.firstLine}; findings before it are kept` });
          break;
        }
      }
      completed = true;
    } catch (e) {
      if (e instanceof SkipSource) {
        skipped.push({ path: displayPath(ref), reason: e.reason });
        return true;
      }
      errors.push({ path: displayPath(ref), message: readErrorText(e) });
    } finally {
      bytesScanned += stats.bytes;
    }
    if (completed || stats.bytes > 0) filesScanned++;
    return completed || stats.bytes > 0;
  };

  /** PDFs, images, Office files and archives: text parts are detected, nested files scanned in turn. */
  const scanDocument = async (ref: SourceRef, kind: Exclude<ContentKind, 'text'>, limits: ArchiveLimitsInput, items?: AsyncIterable<DocumentItem>): Promise<boolean> => {
    // OCR'd images and PDFs are the slow kinds: their results are cached by content.
    let cacheName: string | undefined;
    if (cache && (kind === 'image' || kind === 'pdf') && !capture) {
      try {
        ref = { ...ref, data: ref.data ?? (await readFile(ref.absPath!)) };
      } catch (e) {
        errors.push({ path: displayPath(ref), message: readErrorText(e) });
        return false;
      }
      // A read-ahead image was hashed already; a miss then is asked again (an identical file
      // scanned in between may have filled the entry).
      const known = cacheLookups.get(ref.data!);
      cacheName = known?.name ?? cache.keyOf(ref.data!);
      const hit = known?.hit ?? cache.get(cacheName);
      if (hit) {
        replay(ref, hit);
        return true;
      }
      capture = { findings: [], errors: [], skipped: [], copies: [], retention: { copies: [], lines: [] } };
    }
    let parts = 0;
    let read = false;
    if (kind === 'sqlite' && retentionScope) retentionScope.database = true;
    if (kind === 'sql-dump' && retentionScope) retentionScope.backupTables = true;
    opts.onProgress?.({ files: filesScanned, bytes: bytesScanned, current: displayPath(ref) });
    const problem = (list: 'errors' | 'skipped', at: string | undefined, text: string): void => {
      const where = displayPath(ref) + (at ?? '');
      if (list === 'errors') errors.push({ path: where, message: text });
      else skipped.push({ path: where, reason: text });
      if (capture) (list === 'errors' ? capture.errors.push({ at: at ?? '', message: text }) : capture.skipped.push({ at: at ?? '', reason: text }));
    };
    try {
      for await (const item of items ?? readDocument(ref, kind, extractContext, limits)) {
        read = true;
        if (opts.signal?.aborted) break;
        if (item.type === 'text') scanPart(ref, item.part, ++parts);
        else if (item.type === 'error') problem('errors', suffixOf(item.at), item.message);
        else if (item.type === 'skip') problem('skipped', suffixOf(item.at), item.reason);
        else {
          const f = item.file;
          const child: SourceRef = {
            path: ref.path,
            entry: ref.entry ? `${ref.entry}!${f.name}` : f.name,
            kind: 'member',
            size: f.size,
            mtimeMs: f.mtimeMs,
            data: f.data,
            stream: f.stream,
            depth: (ref.depth ?? 0) + 1,
          };
          if (child.depth! > MAX_ARCHIVE_DEPTH) {
            skipped.push({ path: displayPath(child), reason: `nested more than ${MAX_ARCHIVE_DEPTH} levels deep` });
            await drain(f.stream);
            continue;
          }
          await scanSource(child, limits);
          await drain(f.stream); // a member the text source refused (binary) must still be consumed
        }
      }
    } catch (e) {
      problem('errors', undefined, documentErrorText(e));
    }
    // An interrupted document is not cached: the next scan must do it whole.
    if (cacheName && capture && !opts.signal?.aborted) cache!.put(cacheName, capture);
    if (cacheName) capture = undefined;
    if (ref.data) bytesScanned += ref.data.length;
    else if (ref.size) bytesScanned += ref.size;
    if (read) filesScanned++;
    return read;
  };

  /** One database server: every readable table (or a sample of each), located by table, column and row. */
  const dbDisplays: string[] = [];
  const scanDatabase = async (url: string): Promise<void> => {
    const { parseDbUrl, redactDbUrl } = await import('./sources/database/url.js');
    dbDisplays.push(redactDbUrl(url));
    let target;
    try {
      target = parseDbUrl(url);
    } catch (e) {
      errors.push({ path: redactDbUrl(url), message: (e as Error).message });
      return;
    }
    if (target.password === undefined && opts.askPassword) target.password = await opts.askPassword(target.display);
    const { readServer } = await import('./sources/database/server.js');
    const ref: SourceRef = { path: target.display, kind: 'member' };
    const items = readServer(target, { schemas: opts.schemas, ...(opts.fullTables ? { full: true } : { sample: opts.sample }), signal: opts.signal });
    // A server counts as read unless all it gave was errors (wrong password, unreachable host).
    let errorsOnly = true;
    let any = false;
    const watched = (async function* () {
      for await (const item of items) {
        any = true;
        if (item.type !== 'error') errorsOnly = false;
        yield item;
      }
    })();
    // A server's tables are judged by their timestamp columns only (no file, no mtime).
    retentionScope = retention.enabled ? new RetentionScope(asOfDay) : undefined;
    await scanDocument(ref, 'sqlite', { ...DEFAULT_ARCHIVE_LIMITS, budget: new ArchiveBudget(DEFAULT_ARCHIVE_LIMITS) }, watched);
    if (retentionScope) judgeRetention(retentionScope, ref);
    retentionScope = undefined;
    if (!any || !errorsOnly) walkStats.readableRoots++;
  };

  /** A file holding unmasked information that others can read, or that a web server may serve. */
  const judgeExposure = (ref: SourceRef, kinds: Set<DetectorId>): void => {
    let dirUid: number | undefined;
    try {
      dirUid = statSync(path.dirname(ref.absPath!)).uid;
    } catch {
      // the folder cannot be read: judge without the owner check
    }
    const e = exposureOf({ absPath: ref.absPath!, mode: ref.mode!, uid: ref.uid ?? -1, dirUid }, opts.webRoots);
    if (!e) return;
    for (const v of postprocess([evaluateExposure(ref.path, e, kindsInOrder(kinds), lang, key!)], { directives: [], ...post })) emit(v);
  };

  /** A cached document: its findings, problems and ID copies as if it had been scanned now. */
  const replay = (ref: SourceRef, hit: CachedDocument): void => {
    for (const f of hit.findings) {
      const finding = { ...f, location: { path: ref.path, ...f.location } } as ReportFinding;
      if (finding.detector === 'cn-id' && finding.rule === 'pi-unmasked' && finding.fingerprint) idPeople.add(personKey(finding.fingerprint));
      count(finding);
    }
    for (const e of hit.errors) errors.push({ path: displayPath(ref) + e.at, message: e.message });
    for (const k of hit.skipped) skipped.push({ path: displayPath(ref) + k.at, reason: k.reason });
    for (const c of hit.copies) idCopies.add({ ...c, location: { path: ref.path, ...c.location } });
    if (retentionScope) {
      // The records the fresh scan counted, whatever severities the cached findings kept.
      const dating = retentionScope.datingOf(ref);
      for (const c of hit.retention.copies) retentionScope.addIdCopy(c.date, c.sensitive, dating);
      retentionScope.addPartLines(hit.retention.lines, dating);
    }
    bytesScanned += ref.data?.length ?? 0;
    filesScanned++;
    cacheHits++;
  };

  /** One text part of a document: located by its page, cell or word box; OCR digit confusions fixed where they validate. */
  const scanPart = (ref: SourceRef, part: TextPart, partNo: number): void => {
    const text = part.origin === 'ocr' ? correctOcrText(part.text, ymd(asOf)) : part.text;
    if (part.table) columns.addRows(part.at.path ?? ref.path, part.table.name, part.table.rows);
    const win: TextWindow = { bytes: Buffer.from(text, 'utf8'), firstLine: 1, firstCol: 0 };
    // A sheet or a database table comes as tab-separated rows under its header row: the column
    // context applies (a `姓名` or `sfzh` column labels every cell below it).
    const tabular = part.table !== undefined || (part.origin === 'office' && text.slice(0, text.indexOf('\n') >>> 0).includes('\t'));
    const table = tabular ? { delimiter: '\t' } : undefined;
    const found = detect(win, ref, { asOf: ymd(asOf), only, table });
    // Later parts of a split table repeat its header row for the column context: not a value again.
    if (part.headerRepeated) found.candidates = found.candidates.filter((c) => c.location.line !== 1);
    for (const c of found.candidates) {
      c.location = locationAtPart(ref, part, c.location.line!, c.location.col!);
      c.record = part.record === 'part' ? `${partNo}` : `${partNo}:${c.record}`;
    }
    // Unsalted digests in identity columns are reversible (reference 6.2 point 3).
    if (tabular && !only) {
      const hashed = findHashedCells(text).filter((h) => !(part.headerRepeated && h.line === 1));
      if (hashed.length) {
        const at = (h: HashedCell): Location => ({ ...locationAtPart(ref, part, h.line, h.col) });
        for (const v of postprocess(evaluateHashedCells(hashed, at, key!, lang), { directives: [], ...post })) emit(v);
      }
    }
    // An ID-card image is sensitive personal information in itself (PIPL Art. 28): its number is
    // critical, and the copy is judged for its purpose annotation.
    const copy = part.visual ? idCopyOf(text, [], copyLocation(ref, part), asOf) : undefined;
    const findings = handle(found.candidates, found.directives, undefined, copy ? onIdCard : undefined);
    // Recorded for the cache too, so that a replay counts what this scan counts.
    if (retentionScope || capture) noteRetention(ref, part, unsilenced(findings, found.directives), copy);
    if (!copy) return;
    copy.fingerprints = idFingerprints(findings);
    idCopies.add(copy);
    if (capture) {
      const { path: _path, ...where } = copy.location;
      capture.copies.push({ ...copy, location: where });
    }
    for (const v of postprocess(evaluateIdCopies([copy], { lang }), { directives: [], ...post })) emit(v);
  };

  /** Findings a suppression comment does not silence (what the retention rule counts). */
  const unsilenced = (findings: Finding[], directives: Directive[]): Finding[] =>
    directives.length ? findings.filter((f) => !isSilenced(directives, f.location.line, [f.detector, 'pi-unmasked', 'pi-weak-mask', 'retention-expired'], asOf)) : findings;

  /** The records of a document part for retention: an ID copy, table rows, or lines of a page. */
  const noteRetention = (ref: SourceRef, part: TextPart, findings: Finding[], copy: IdCopy | undefined): void => {
    const scope = retentionScope;
    const dating = scope?.datingOf(ref);
    if (copy) {
      const sensitive = findings.some(isSensitive);
      scope?.addIdCopy(copy.annotation?.date, sensitive, dating!);
      capture?.retention.copies.push({ date: copy.annotation?.date, sensitive });
    } else if (part.origin === 'database' && part.table) {
      if (!scope) return; // tables are never cached
      // A table part's record is `part:line` (see scanPart); line 1 is the header.
      const rows = new Map<number, boolean>();
      for (const f of findings) {
        if (!keptReadable(f)) continue;
        const line = Number(f.record.slice(f.record.indexOf(':') + 1));
        rows.set(line, (rows.get(line) ?? false) || isSensitive(f));
      }
      if (rows.size) scope.addTableRows(ref.entry, part.table.name, part.table.columns, part.text, rows, dating!);
    } else {
      const lines = findings.map((f) => ({ location: f.location, kept: keptReadable(f), sensitive: isSensitive(f) }));
      scope?.addPartLines(lines, dating!);
      if (capture) for (const l of lines) capture.retention.lines.push({ location: { entry: l.location.entry, page: l.location.page, line: l.location.line }, kept: l.kept, sensitive: l.sensitive });
    }
  };

  /** retention-expired for the file (or server) just read: once for its lines and once per table, never per value. */
  const judgeRetention = (scope: RetentionScope, where: { path: string; absPath?: string }): void => {
    const rel = relativeToRoot(where, rootDirs);
    const limit = retention.limitFor({ rel, abs: where.absPath }, () => builtinCategory({ rel, abs: where.absPath, idCopy: scope.idCopy, database: scope.database }));
    const sources = [
      { location: { path: where.path } as Location, ages: scope.file },
      ...[...scope.tables.values()].map((t) => ({ location: { path: where.path, ...(t.entry ? { entry: t.entry } : {}), table: t.table } as Location, ages: t.ages })),
    ];
    for (const s of sources) {
      if (s.ages.records === 0) continue;
      retentionCounts.sources++;
      ages!.add(s.ages);
      const v = evaluateRetention({ ...s, limit, asOfDay }, lang, key!);
      if (!v) continue;
      // Counted as the report shows it: a finding the user's levels or the severity floor drop is not.
      for (const x of postprocess([v], { directives: [], ...post })) {
        retentionCounts.expired++;
        emit(x);
      }
    }
  };

  const handle = (candidates: Candidate[], directives: Directive[], state: SourceState | undefined, adjust?: (v: Violation) => void): Finding[] => {
    const findings = analyze(candidates, { key: key!, threshold, asOf });
    linker.add(findings);
    for (const f of findings) if (f.detector === 'cn-id' && !f.masked) idPeople.add(personKey(f.fingerprint));
    const kits = findIdentityKits(findings).filter((k) => {
      const line = k.location.line;
      // A document part is whole (never split across windows): every kit in it is new.
      if (!state || line === undefined) return true;
      if (line <= state.lastKitLine) return false; // the same (huge) line seen in an earlier window
      state.lastKitLine = line;
      return true;
    });
    const judged = [...evaluate(findings, { lang, threshold }), ...evaluateRecords(kits, { lang, threshold })];
    if (adjust) judged.forEach(adjust);
    for (const v of postprocess(judged, { directives, ...post })) emit(v);
    return findings;
  };

  for await (const ev of lookahead(walker, READ_AHEAD_FILES, readAhead)) {
    if (opts.signal?.aborted) break;
    if (ev.type === 'skip') skipped.push({ path: ev.path, reason: ev.reason });
    else if (ev.type === 'error') errors.push({ path: ev.path, message: ev.message });
    else {
      const onDisk = ev.ref.absPath !== undefined && ev.ref.mode !== undefined && !ev.ref.data;
      exposureKinds = onDisk ? new Set() : undefined;
      retentionScope = retention.enabled ? new RetentionScope(asOfDay, ev.ref.mtimeMs) : undefined;
      if ((await scanSource(ev.ref)) && ev.root) walkStats.readableRoots++;
      if (exposureKinds?.size) judgeExposure(ev.ref, exposureKinds);
      if (retentionScope) judgeRetention(retentionScope, ev.ref);
      exposureKinds = undefined;
      retentionScope = undefined;
    }
  }

  // Database servers (`--db`), after the files: each table streamed as parts of rows.
  for (const url of opts.databases ?? []) {
    if (opts.signal?.aborted) break;
    await scanDatabase(url);
  }

  if (ocrEngine) await (await ocrEngine.catch(() => undefined))?.terminate();
  for (const v of postprocess(evaluateIdDuplicates(idCopies.duplicates(), { lang }), { directives: [], ...post })) emit(v);

  // Cross-place analyses need the whole scan: their findings come last.
  for (const v of postprocess(evaluateCombinations(linker.results(), { lang, threshold }), { directives: [], ...post })) emit(v);
  summary.ignoredByFiles = walkStats.ignoredByFiles;
  summary.distinctIds = idPeople.size;
  summary.inventory = inventory.entries();
  if (opts.baseline) summary.baselined = baselined;
  if (ages && retentionCounts.sources) summary.retention = { ...retentionCounts, ageBuckets: ages.buckets() };
  const columnEntries = columns.entries(lang);
  if (columnEntries) summary.columns = columnEntries;
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'piaudit', version: TOOL_VERSION },
    scan: {
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      roots: [...roots, ...dbDisplays],
      filesScanned,
      bytesScanned,
      skipped,
      errors,
      ...(opts.signal?.aborted ? { partial: true } : {}),
      ...(cacheHits ? { cachedDocuments: cacheHits } : {}),
      ...(opts.configFile ? { config: opts.configFile } : {}),
    },
    summary,
    findings: kept,
  };
  return { report, anyRootReadable: walkStats.readableRoots > 0 };
}

/** Per-source state of record-level analyses. */
interface SourceState {
  /** Kits are per line; a huge line spans windows, so remember the last line that had one. */
  lastKitLine: number;
}
