import { describe, expect, test } from 'vitest';
import { analyze, findIdentityKits } from '../../src/analyzers/index.js';
import { detect, JsonRecords, prepareDetectors } from '../../src/detectors/index.js';
import type { TextWindow } from '../../src/model/source.js';
import { AS_OF } from '../helpers/detect.js';
import { makeCnId, makeMobile, makeRng } from '../helpers/synth.js';

// Synthetic people: checksum-valid IDs and real mobile segments from the generators, invented names.
const rng = makeRng(1034);
const people = [
  { name: '王小明', id: makeCnId(rng), phone: makeMobile(rng) },
  { name: '李晓红', id: makeCnId(rng), phone: makeMobile(rng) },
];
const opts = { key: Buffer.from('k'), threshold: 10_000, asOf: new Date(Date.UTC(2025, 0, 1)) };

function windowOf(text: string, firstLine = 1): TextWindow {
  return { bytes: Buffer.from(text), firstLine, firstCol: 0 };
}

async function kitsIn(windows: TextWindow[]) {
  const records = JsonRecords.forFirstWindow(windows[0]);
  const out = [];
  for (const win of windows) {
    await prepareDetectors(win);
    const found = detect(win, { path: 'people.json', kind: 'text' }, { asOf: AS_OF, records });
    out.push(...findIdentityKits(analyze(found.candidates, opts)));
  }
  return out;
}

const pretty = JSON.stringify(people.map((p) => ({ real_name: p.name, id_card: p.id, mobile: p.phone, note: 'a "{quoted}" brace' })), null, 2);

describe('multi-line JSON records (issue #3)', () => {
  test('each pretty-printed object is one record: one kit per person', async () => {
    const kits = await kitsIn([windowOf(pretty)]);
    expect(kits.map((k) => k.kinds)).toEqual([
      ['name', 'id', 'phone'],
      ['name', 'id', 'phone'],
    ]);
    // The two kits are different people, located at their own object.
    expect(new Set(kits.map((k) => k.fingerprint)).size).toBe(2);
    const lines = pretty.split('\n');
    expect(lines[kits[1].location.line! - 1]).toContain(people[1].name);
  });

  test('the structure carries across windows: a record opened in one window goes on in the next', async () => {
    const lines = pretty.split('\n');
    const open = lines.findIndex((l, i) => l.trim() === '{' && i > 1); // the second person's `{`
    const cut = lines.findIndex((l) => l.includes(people[1].name)) + 1; // cut after the name
    const first = windowOf(lines.slice(0, cut).join('\n') + '\n');
    const second = windowOf(lines.slice(cut).join('\n'), cut + 1);
    const records = JsonRecords.forFirstWindow(first)!;
    let checked = 0;
    for (const win of [first, second]) {
      await prepareDetectors(win);
      const found = detect(win, { path: 'people.json', kind: 'text' }, { asOf: AS_OF, records });
      const second = found.candidates.filter((c) => c.location.line! > open + 1);
      for (const c of second) expect(c.record).toBe(`${open + 1}`);
      checked += second.length;
    }
    expect(checked).toBe(3); // the second person's name, ID and mobile
  });

  test('JSON Lines and plain text keep one record per line', () => {
    const jsonl = people.map((p) => JSON.stringify({ n: p.name })).join('\n');
    expect(JsonRecords.forFirstWindow(windowOf(jsonl))).toBeUndefined();
    expect(JsonRecords.forFirstWindow(windowOf('plain text\n{'))).toBeUndefined();
    expect(JsonRecords.forFirstWindow(windowOf('  [\n  {'))).toBeInstanceOf(JsonRecords);
  });

  test('a nested object (an address inside a person) stays in the person record', async () => {
    const text = JSON.stringify([{ real_name: people[0].name, contact: { mobile: people[0].phone, extra: { id_card: people[0].id } } }], null, 2);
    const kits = await kitsIn([windowOf(text)]);
    expect(kits.map((k) => k.kinds)).toEqual([['name', 'id', 'phone']]);
  });

  test('kinds in different objects never make a kit', async () => {
    const text = JSON.stringify([{ real_name: people[0].name }, { id_card: people[1].id }, { mobile: people[0].phone }], null, 2);
    expect(await kitsIn([windowOf(text)])).toEqual([]);
  });
});
