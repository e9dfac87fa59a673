/**
 * Tesseract's TSV output, reduced to lines of words. TSV is the cheapest output that carries word
 * boxes and confidences (the JSON "blocks" output adds every symbol and choice).
 * Columns: level page block par line word left top width height conf text; level 5 is a word.
 */

export interface TsvWord {
  text: string;
  /** Box in the pixels of the image tesseract was given. */
  x: number;
  y: number;
  w: number;
  h: number;
  confidence: number;
}

export interface TsvLine {
  words: TsvWord[];
}

export function parseTsv(tsv: string): TsvLine[] {
  const lines: TsvLine[] = [];
  let key = '';
  let current: TsvLine | undefined;
  for (const row of tsv.split('\n')) {
    if (!row.startsWith('5\t')) continue;
    const cols = row.split('\t');
    if (cols.length < 12) continue;
    const text = cols.slice(11).join('\t').trim();
    if (!text) continue;
    const lineKey = `${cols[1]}.${cols[2]}.${cols[3]}.${cols[4]}`;
    if (!current || lineKey !== key) {
      current = { words: [] };
      lines.push(current);
      key = lineKey;
    }
    current.words.push({ text, x: Number(cols[6]), y: Number(cols[7]), w: Number(cols[8]), h: Number(cols[9]), confidence: Number(cols[10]) });
  }
  return lines;
}
