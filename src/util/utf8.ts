/** UTF-16 code units of the UTF-8 bytes [from, to): one per lead byte, two for 4-byte sequences. */
export function utf16Units(b: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const x = b[i];
    if ((x & 0xc0) !== 0x80) n += x >= 0xf0 ? 2 : 1;
  }
  return n;
}
