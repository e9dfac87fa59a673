import { describe, expect, it } from 'vitest';
import { BIN_PROVENANCE } from '../../src/detectors/data/bank-bins.generated.js';
import {
  binAllowsLength,
  binClaimForLength,
  binRowCount,
  listBinEntries,
  listBinPrefixes,
  lookupBin,
} from '../../src/detectors/data/bank-bins.js';

describe('lookupBin', () => {
  it('ICBC 622202, 19 digits', () => {
    const e = lookupBin('6222020200112233446');
    expect(e?.bank).toBe('ICBC');
    expect(e?.prefix).toBe('622202');
    expect(e?.name).toBe('中国工商银行');
    expect(binAllowsLength(e!, 19)).toBe(true);
    expect(binAllowsLength(e!, 16)).toBe(false);
  });

  it('CMB 622588, 16 digits', () => {
    const e = lookupBin('6225881414207430');
    expect(e?.bank).toBe('CMB');
    expect(binAllowsLength(e!, 16)).toBe(true);
  });

  it('ABC 622848 from a bare prefix', () => {
    const e = lookupBin('622848');
    expect(e?.bank).toBe('ABC');
    expect(e?.type).toBe('DC');
    expect(binAllowsLength(e!, 19)).toBe(true);
  });

  it('old 9-prefixed and 3-digit domestic BINs', () => {
    expect(lookupBin('9558801234567890123')?.bank).toBe('ICBC');
    expect(lookupBin('1031234567890123456')?.bank).toBe('ABC');
  });

  it('returns undefined for non-BIN numbers and short input', () => {
    expect(lookupBin('1234567890123456')).toBeUndefined();
    expect(lookupBin('0000000000000000')).toBeUndefined();
    expect(lookupBin('62')).toBeUndefined();
    expect(lookupBin('')).toBeUndefined();
  });

  it('prefers the longest prefix, and a prefix that issues the card length', () => {
    // 62215049 refines 622150 (both PSBC 19-digit) - longest wins.
    expect(lookupBin('6221504900000000000')?.prefix).toBe('62215049');
    // 62829 issues 15-digit cards, 628290 16-digit ones.
    expect(lookupBin('628290000000000')?.prefix).toBe('62829');
    expect(lookupBin('6282900000000000')?.prefix).toBe('628290');
    expect(lookupBin('628290')?.prefix).toBe('628290');
  });

  it('keeps every bank claim of a shared prefix in package order', () => {
    const e = lookupBin('622303')!;
    expect(e.claims!.length).toBeGreaterThan(1);
    expect(binAllowsLength(e, 16) && binAllowsLength(e, 18)).toBe(true);
    // The package answers ICBC for 18 digits and NJCB for 16 (first pattern matching prefix + length).
    expect(binClaimForLength(e, 18)?.bank).toBe('ICBC');
    expect(binClaimForLength(e, 16)?.bank).toBe('NJCB');
    expect(binClaimForLength(e, 17)).toBeUndefined();
  });
});

describe('BIN table', () => {
  it('has at least 1,800 rows and 1,700 distinct prefixes, all well-formed', () => {
    expect(binRowCount()).toBeGreaterThanOrEqual(1800);
    expect(binRowCount()).toBe(BIN_PROVENANCE.count);
    const entries = listBinEntries();
    expect(entries.length).toBeGreaterThanOrEqual(1700);
    for (const e of entries) {
      expect(e.prefix).toMatch(/^\d{3,10}$/);
      expect(e.lengths.length).toBeGreaterThan(0);
      for (const n of e.lengths) {
        expect(n).toBeGreaterThanOrEqual(15);
        expect(n).toBeLessThanOrEqual(20);
      }
      expect(['DC', 'CC', 'SCC', 'PC']).toContain(e.type);
      expect(e.bank).toMatch(/^[A-Z0-9]+$/);
      expect(lookupBin(e.prefix)).toBe(e);
    }
  });

  it('listBinPrefixes is sorted, prefix-free and covers every prefix', () => {
    const prefixes = listBinPrefixes();
    expect([...prefixes].sort()).toEqual(prefixes);
    for (let i = 0; i < prefixes.length; i++) {
      for (let j = 0; j < prefixes.length; j++) {
        if (i !== j && prefixes[j].startsWith(prefixes[i])) throw new Error(`${prefixes[i]} is a prefix of ${prefixes[j]}`);
      }
    }
    const all = listBinEntries().map((e) => e.prefix);
    for (const p of all) expect(prefixes.some((q) => p.startsWith(q)), p).toBe(true);
    expect(prefixes.length).toBeLessThan(all.length);
  });
});
