/**
 * The division-name trie in a flat, precomputed layout, so that loading it costs a base64 decode
 * instead of inserting 34,000 names (building the trie at start-up took 50–70 ms of a pre-commit
 * hook's budget). scripts/build-data.ts compiles it from the name tables with `compileTrie` and
 * writes it to ../data/divisions-trie.generated.ts; a test checks the two agree.
 *
 * Layout: nodes numbered breadth-first from the root (0), so the children of a node have
 * consecutive numbers, sorted by character. `first[n]` is the number of n's first child and
 * `first[n + 1] - first[n]` how many it has (stored as those counts, 16 bits each); `chars[m]` is the character leading into node m;
 * `term[m]` the terminal code of node m (0 = no name ends there).
 */
export interface PackedTrie {
  first: Int32Array;
  chars: Uint16Array;
  term: Uint8Array;
}

/** Builds the packed trie of `|`-joined name tables, each with its terminal code (first table owning a name wins). */
export function compileTrie(tables: ReadonlyArray<readonly [packedNames: string, code: number]>): PackedTrie {
  interface Node { children: Map<number, Node>; term: number }
  const root: Node = { children: new Map(), term: 0 };
  for (const [packed, code] of tables) {
    if (packed.length === 0) continue;
    for (const name of packed.split('|')) {
      let node = root;
      for (let i = 0; i < name.length; i++) {
        const ch = name.charCodeAt(i);
        let next = node.children.get(ch);
        if (!next) node.children.set(ch, (next = { children: new Map(), term: 0 }));
        node = next;
      }
      if (node.term === 0) node.term = code;
    }
  }
  const order: Node[] = [root];
  const lead: number[] = [0];
  const first: number[] = [];
  for (let n = 0; n < order.length; n++) {
    first.push(order.length);
    for (const [ch, child] of [...order[n].children].sort((a, b) => a[0] - b[0])) {
      order.push(child);
      lead.push(ch);
    }
  }
  first.push(order.length);
  return { first: Int32Array.from(first), chars: Uint16Array.from(lead), term: Uint8Array.from(order, (n) => n.term) };
}

/** What the generated module holds: base64 of little-endian child counts (Uint16), edge characters and terminal codes. */
export interface EncodedTrie {
  counts: string;
  chars: string;
  term: string;
}

export function encodeTrie(t: PackedTrie): EncodedTrie {
  const b64 = (a: Uint16Array | Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
  // Child counts fit 16 bits (the root has a few thousand) where first-child indexes need 32: the
  // indexes are their running sum, recomputed on load.
  const counts = new Uint16Array(t.term.length);
  for (let n = 0; n < counts.length; n++) counts[n] = t.first[n + 1] - t.first[n];
  return { counts: b64(counts), chars: b64(t.chars), term: b64(t.term) };
}

export function decodeTrie(e: EncodedTrie): PackedTrie {
  const counts = new Uint16Array(bytes(e.counts));
  const first = new Int32Array(counts.length + 1);
  first[0] = 1; // node 0 is the root; its children start at 1
  for (let n = 0; n < counts.length; n++) first[n + 1] = first[n] + counts[n];
  return { first, chars: new Uint16Array(bytes(e.chars)), term: new Uint8Array(bytes(e.term)) };
}

/** Decoded bytes as an aligned ArrayBuffer range (typed-array views need an aligned start). */
function bytes(b64: string): ArrayBuffer {
  const b = Buffer.from(b64, 'base64');
  // Large decodes get a buffer of their own at offset 0; small ones may sit unaligned in Node's pool.
  if (b.byteOffset % 4 === 0 && b.byteLength === b.buffer.byteLength) return b.buffer as ArrayBuffer;
  const out = new Uint8Array(b.length);
  out.set(b);
  return out.buffer;
}

/** The child of `node` along `ch`, 0 when there is none (0 is the root, never anyone's child). */
export function childOf(t: PackedTrie, node: number, ch: number): number {
  let lo = t.first[node];
  let hi = t.first[node + 1] - 1;
  const chars = t.chars;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = chars[mid];
    if (c === ch) return mid;
    if (c < ch) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}
