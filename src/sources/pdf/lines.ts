/**
 * Rebuilds the lines of a PDF page from pdf.js text items. A PDF has no lines, only runs of glyphs
 * placed anywhere: a form draws the label "身份证号：" and the value as separate runs, often far
 * apart in the content stream; a table cell per digit draws one run per digit; producers cut a
 * number into runs at font or kerning changes. Detectors need a value whole and on the line of its
 * label, so runs are ordered geometrically (like `pdftotext -layout`), not in stream order:
 * grouped by writing direction and baseline, sorted along the line, and joined with a space only
 * where the gap between them is a real gap.
 */

/** The part of a pdf.js TextItem used here (TextMarkedContent items have no `str`). */
export interface PdfTextItem {
  str: string;
  /** [a, b, c, d, e, f]: the text matrix times the CTM, in PDF user space (y up). */
  transform: number[];
  /** Advance along the writing direction, user space units (horizontal fonts). */
  width: number;
  /** Advance for vertical fonts; the font size for horizontal ones. */
  height: number;
  fontName: string;
}

/** Font style per fontName, as pdf.js returns it in TextContent.styles. */
export type PdfStyles = Record<string, { vertical?: boolean } | undefined>;

interface Run {
  str: string;
  /** Writing direction key: '' for ordinary horizontal text, else the rounded unit vector. */
  dir: string;
  /** Position along the line and across it (larger across = earlier line). */
  along: number;
  across: number;
  advance: number;
  /** Font size in user space, the unit of every tolerance below. */
  em: number;
}

/** Baselines closer than this (in em) are one line: covers sub/superscripts, not the next line. */
const SAME_LINE_EM = 0.45;
/** A digit-to-digit gap below this (em) is a cut inside one number, not a word space (≈0.25 em). */
const NUMBER_CUT_EM = 0.2;
/** Any other gap above this (em) becomes a space (pdf.js itself uses ~0.1 em). */
const SPACE_EM = 0.15;
/**
 * Chinese is written without spaces, and justified or letter-spaced lines put a gap between every
 * pair of ideographs: with at least this many ideograph-to-ideograph joins in a line, their median
 * gap is the line's normal spacing and only a gap beyond it (by SPACE_EM) is a space. A typed space
 * between two words (张三 身份证号码, 0.22 em in Noto CJK) stays a space in ordinary lines.
 */
const CJK_SPACING_MIN_PAIRS = 6;
/** Digit boxes (one digit per cell): at least this many single-digit runs in a row … */
const DIGIT_BOX_MIN = 6;
/** … each at most this far (em) from the previous one, join into one number. */
const DIGIT_BOX_GAP_EM = 2.5;

const ONE_DIGIT = /^[0-9]$/;
const ONE_X = /^[Xx]$/;
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
/** Ideographs, CJK punctuation, full-width forms and radicals: written without spaces between. */
const CJK_CLASS = String.raw`[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u{20000}-\u{3134f}]`;
const CJK_END = new RegExp(`${CJK_CLASS}$`, 'u');
const CJK_START = new RegExp(`^${CJK_CLASS}`, 'u');

/** Control characters: what a broken font without a Unicode map yields (glyph ids as codes). */
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f]/g;
const BREAKS = /[\t\n\v\f\r]/g;

function toRun(item: PdfTextItem, styles: PdfStyles): Run | undefined {
  const str = item.str.replace(CONTROL, '').replace(BREAKS, ' ');
  if (!str || !str.trim()) return undefined; // spaces are re-derived from the geometry
  const [a, b, c, d, e, f] = item.transform;
  const vertical = styles[item.fontName]?.vertical === true;
  // Writing direction: the text matrix's x axis, or its negated y axis for vertical fonts.
  let dx = a;
  let dy = b;
  if (vertical) {
    dx = -c;
    dy = -d;
  }
  const norm = Math.hypot(dx, dy) || 1;
  dx /= norm;
  dy /= norm;
  const em = (vertical ? Math.hypot(a, b) : Math.hypot(c, d)) || item.height || 1;
  return {
    str,
    // Runs of different directions never share a line.
    dir: dx === 1 && dy === 0 ? '' : `${Math.round(dx * 64)},${Math.round(dy * 64)}`,
    along: e * dx + f * dy,
    across: -e * dy + f * dx,
    advance: vertical ? item.height : item.width,
    em,
  };
}

/** The lines of a page, top to bottom, each with its runs joined. */
export function buildLines(items: readonly unknown[], styles: PdfStyles): string[] {
  const byDir = new Map<string, Run[]>();
  for (const it of items) {
    if (typeof (it as PdfTextItem).str !== 'string') continue; // marked-content markers
    const run = toRun(it as PdfTextItem, styles);
    if (!run) continue;
    let list = byDir.get(run.dir);
    if (!list) byDir.set(run.dir, (list = []));
    list.push(run);
  }
  const out: string[] = [];
  // Horizontal text ('' key) first; rotated or vertical text after it, one block per direction.
  const dirs = [...byDir.keys()].sort();
  for (const dir of dirs) {
    for (const line of groupLines(byDir.get(dir)!)) out.push(joinLine(line));
  }
  return out;
}

function groupLines(runs: Run[]): Run[][] {
  runs.sort((p, q) => q.across - p.across || p.along - q.along);
  const lines: Run[][] = [];
  let current: Run[] = [];
  let anchor = 0;
  let anchorEm = 0;
  for (const r of runs) {
    if (current.length && Math.abs(anchor - r.across) <= SAME_LINE_EM * Math.max(anchorEm, r.em)) {
      current.push(r);
      continue;
    }
    if (current.length) lines.push(current);
    current = [r];
    anchor = r.across;
    anchorEm = r.em;
  }
  if (current.length) lines.push(current);
  for (const line of lines) line.sort((p, q) => p.along - q.along);
  return lines;
}

/**
 * Marks runs that are one digit each in a row of digit boxes (see DIGIT_BOX_MIN); a last box may
 * hold the X check character of a resident ID.
 */
function digitBoxes(line: Run[]): boolean[] {
  const inBox = new Array<boolean>(line.length).fill(false);
  const near = (j: number): boolean => line[j].along - (line[j - 1].along + line[j - 1].advance) <= DIGIT_BOX_GAP_EM * line[j].em;
  let i = 0;
  while (i < line.length) {
    if (!ONE_DIGIT.test(line[i].str.trim())) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < line.length && ONE_DIGIT.test(line[j].str.trim()) && near(j)) j++;
    if (j < line.length && ONE_X.test(line[j].str.trim()) && near(j)) j++;
    if (j - i >= DIGIT_BOX_MIN) inBox.fill(true, i, j);
    i = j;
  }
  return inBox;
}

function joinLine(line: Run[]): string {
  const box = digitBoxes(line);
  const gaps = line.map((r, i) => (i === 0 ? 0 : (r.along - (line[i - 1].along + line[i - 1].advance)) / Math.max(r.em, line[i - 1].em)));
  const cjkPair = line.map((r, i) => i > 0 && CJK_END.test(line[i - 1].str.slice(-2)) && CJK_START.test(r.str.slice(0, 2)));
  const cjkBase = lineSpacing(gaps.filter((_, i) => cjkPair[i]));
  let text = '';
  let prev: Run | undefined;
  for (let i = 0; i < line.length; i++) {
    const r = line[i];
    if (prev) {
      // Fake bold: the same run drawn twice a hair apart.
      if (r.str === prev.str && Math.abs(r.along - prev.along) < 0.1 * r.em) continue;
      if (!(box[i] && box[i - 1]) && needsSpace(text, r.str, gaps[i], cjkPair[i] ? cjkBase : 0)) text += ' ';
    }
    text += box[i] ? r.str.trim() : r.str;
    prev = r;
  }
  return text.trimEnd();
}

/** The normal gap (em) between ideographs of a justified or letter-spaced line, else 0. */
function lineSpacing(cjkGaps: number[]): number {
  if (cjkGaps.length < CJK_SPACING_MIN_PAIRS) return 0;
  const sorted = cjkGaps.sort((p, q) => p - q);
  return Math.max(0, sorted[sorted.length >> 1]);
}

function needsSpace(before: string, next: string, gapEm: number, base: number): boolean {
  const last = before[before.length - 1];
  const first = next[0];
  if (last === undefined || /\s/.test(last) || /\s/.test(first)) return false;
  if (isDigit(last) && isDigit(first)) return gapEm > NUMBER_CUT_EM;
  return gapEm > base + SPACE_EM;
}
