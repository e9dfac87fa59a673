import { describe, expect, test } from 'vitest';
import { analyze, findIdentityKits } from '../../src/analyzers/index.js';
import { gb11643Check } from '../../src/util/checksums/gb11643.js';
import { detectText } from '../helpers/detect.js';

const opts = { key: Buffer.from('k'), threshold: 10_000, asOf: new Date(Date.UTC(2025, 0, 1)) };
const body = '33010619800101123';
const ID = body + gb11643Check(body);

function kits(text: string) {
  return findIdentityKits(analyze(detectText(text), opts));
}

describe('pi-identity-kit (issue #3)', () => {
  test.each([
    { name: 'name + ID + mobile on one line', text: `姓名：王小明 身份证 ${ID} 手机 13912345678`, kinds: ['name', 'id', 'phone'] },
    { name: 'ID + mobile + card, no name', text: `${ID},13912345678,6222021234567890128`, kinds: ['id', 'phone', 'card'] },
    { name: 'a weakly masked ID still counts', text: `姓名：王小明 身份证 330106********1235 手机 13912345678`, kinds: ['name', 'id', 'phone'] },
  ])('$name', ({ text, kinds }) => {
    const [k] = kits(text);
    expect(k.kinds).toEqual(kinds);
    expect(k.location).toMatchObject({ line: 1 });
  });

  test.each([
    { name: 'two kinds only', text: `姓名：王小明 手机 13912345678` },
    { name: 'well-masked values do not count', text: `姓名：王小明 身份证 330***********1235 手机 139****5678` },
    { name: 'the kinds on different lines', text: `姓名：王小明\n身份证 ${ID}\n手机 13912345678` },
  ])('no kit: $name', ({ text }) => {
    expect(kits(text)).toEqual([]);
  });

  test('the same kit twice gives the same fingerprint, another person another', () => {
    const a = kits(`姓名：王小明 身份证 ${ID} 手机 13912345678`)[0];
    const b = kits(`联系人：王小明，身份证 ${ID}，手机 13912345678`)[0];
    const c = kits(`姓名：王小明 身份证 ${ID} 手机 13912345679`)[0];
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(c.fingerprint).not.toBe(a.fingerprint);
  });
});

// issue #3: Buffer.lastIndexOf with a negative offset searches from the end; a trigger at byte 0
// used to hand the detector the last line instead of the first.
test('a text detector finds a value on the first line of a window', () => {
  expect(detectText('姓名：王小明\n姓名：李大海\n').map((c) => [c.value, c.location.line])).toEqual([
    ['王小明', 1],
    ['李大海', 2],
  ]);
});
