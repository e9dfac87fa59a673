import { describe, expect, it } from 'vitest';
import { keyMayBePersonal, rowIdOf } from '../../src/sources/database/table-part.js';
import { makeCnId, makeMobile, makePerson, makeRng } from '../helpers/synth.js';

const rng = makeRng(77);
const person = makePerson(rng);

describe('row ids never print a personal key', () => {
  it.each([
    ['a resident ID', makeCnId(rng), true],
    ['a mobile', makeMobile(rng), true],
    ['an e-mail', 'someone@example.com', true],
    ['a Chinese name', person.name, true],
    ['an address in Chinese', '浙江省杭州市西湖区文三路 1 号', true],
    ['a passport number', 'E12345678', true],
    ['a Hong Kong ID', 'A123456(3)', true],
    ['a landline', '0571-88886666', true],
    ['a username', 'zhang.wei', true],
    ['an order code (not known to be opaque)', 'ORD-2024-000123', true],
    ['an empty key', '', true],
    ['a small integer', '42', false],
    ['a negative integer', '-7', false],
    ['a 10-digit number', '1234567890', false],
    ['a 12-digit serial number', '202401010001', false],
    ['a UUID', '3f2b8c1e-9a4d-4e7b-b1c2-0d9e8f7a6b5c', false],
    ['a hex token', '9f86d081884c7d659a2feaa0c55ad015', false],
    ['a day', '2024-03-01', false],
    ['a time stamp', '2024-03-01 10:00:00', false],
  ])('%s', (_what, key, personal) => {
    expect(keyMayBePersonal(key)).toBe(personal);
    const id = rowIdOf(['k'], [key], 7);
    if (personal) expect(id).toBe('#7');
    else expect(String(id)).toBe(String(Number(key)) === key ? key : key);
  });

  it('a composite key with one personal part is named by its row number', () => {
    expect(rowIdOf(['org', 'xm'], ['12', person.name], 3)).toBe('#3');
    expect(rowIdOf(['org', 'seq'], ['12', '5'], 3)).toBe('org=12,seq=5');
  });
});
