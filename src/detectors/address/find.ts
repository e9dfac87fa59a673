/**
 * Street-address finder (reference §8.2, §8.3, §6.2): finds mainland Chinese addresses that reach a
 * building or a household in one line of text. Pure: no I/O, regexes compiled once at module level.
 *
 * How it works:
 *  1. An anchor regex finds a road, estate or village suffix directly followed by something that can
 *     start a number (digit, Chinese numeral, letter, mask character): `路1`, `小区3`, `村三`.
 *  2. The tail after the suffix is parsed with sticky regexes: lane `123弄`, door `45号`, building
 *     `4幢`/`3号楼`/`A座`, unit `2单元`, floor, room `501室`, shorthand `3-2-501`, rural group `三组`.
 *     The tail decides whether the candidate is reported and at which level.
 *  3. The name before the suffix is found by walking left over Han characters, letters and mask
 *     characters, stopping at punctuation, digits, cue words (在, 到, 地址, 位于…) and the previous
 *     match. Division names (matcher.ts) inside that run give the start of the span: the leftmost
 *     chain of adjacent division names that leaves a road/estate name of 1–16 characters. Without
 *     one the name is capped (6 characters for roads and villages, 8 for estates).
 *  4. A second pass reports masked addresses that show only divisions: `北京市海淀区****`.
 *
 * Levels (reference §8.3): `household` when a visible room (室/房/户, unit + room number, shorthand)
 * or a visible rural 村…组…号 is present; otherwise `building` (road + 号, estate + building, a
 * masked tail). Masked parts never raise the level: `3栋2单元***室` is building-level.
 *
 * Offsets are UTF-16 code units of the input line. Digits must already be ASCII (the caller
 * normalises full-width digits).
 */
import { findDivisions, isDivisionShortForm, type DivisionMatch } from './matcher.js';

export type AddressLevel = 'household' | 'building';

export interface AddressMatch {
  /** UTF-16 offset of the address in the line. */
  index: number;
  /** Length in UTF-16 code units. */
  length: number;
  /** The matched text, `line.slice(index, index + length)`. */
  value: string;
  /** household: identifies a dwelling; building: a building, an entrance or a masked tail. */
  level: AddressLevel;
  /** True when some part of the address is replaced by mask characters (`*`, `＊`, `×`, `•`, or `xx`/`XX`). */
  masked: boolean;
  /** True when the span starts with a division name (province, prefecture, county or township). */
  hasDivision: boolean;
}

// ---------------------------------------------------------------------------------------------
// Patterns
// ---------------------------------------------------------------------------------------------

/** Arabic (already ASCII) or Chinese numeral. */
const NUM = String.raw`(?:\d{1,5}|[零〇一二三四五六七八九十百千两]{1,6})`;
/** A mask in a number position: any run of symbol masks, or x/X twice or more outside a word. */
const MASK = String.raw`(?:[*＊×•]+|(?<![A-Za-z])[xX]{2,}(?![A-Za-z]))`;
const ROAD_SUFFIX = '大街|大道|胡同|路|街|巷|弄|里|道';
const ESTATE_SUFFIX = '小区|花园|家园|新村|新城|公寓|大厦|大楼|广场|山庄|公馆|苑|庭|园|府|城|邸|湾|阁';
/** Characters that may start a tail (lookahead of the anchor). */
const TAIL_START = String.raw`[\dA-Za-z零〇一二三四五六七八九十百千两第*＊×•]`;

/** Direction or section right after a road name: `中山大道西88号`, `解放路东段12号`, `民生路二段5号`. (piaudit-ignore cn-address -- invented example) */
const SECTION_SRC = String.raw`(?:[东西南北中]段?|[一二三四五六七八九十]{1,2}段)`;

const ANCHOR = new RegExp(
  `(${ROAD_SUFFIX})(?=${SECTION_SRC}?[ \u3000]?${TAIL_START})|(${ESTATE_SUFFIX})(?=${TAIL_START})|(村)(?=${TAIL_START})`,
  'g',
);

const sticky = (source: string) => new RegExp(source, 'y');
/** `123弄`, `12巷`, `5支弄` after a road (Shanghai lanes, Guangdong alleys). */
const LANE = sticky(`[ \u3000]?${NUM}(?:支弄|弄|巷)`);
const SECTION = sticky(SECTION_SRC);
/**
 * Door number `45号`, `88-1号`, `12号之一`, `***号`, optionally `号院` (Beijing compounds). Not a door:
 * `1号线` (metro), `3号楼` (a building, parsed by BUILDING), `5号机`, `2号位` and similar counters.
 */
const DOOR = sticky(
  String.raw`[ \u3000]?(?:(${NUM})|(${MASK}))(?:-${NUM})?号(?!楼|线|码|机|位|台|厅|仓|车|柜|窗|站|库|床|字|文|令|称|卡|别|件|球|手|种|型|子|外|出口|入口|口)(?:之${NUM})?(院)?`,
);
/** Building `4幢`, `3号楼`, `A座`, `二栋`, `**栋`. */
const BUILDING = sticky(String.raw`[ \u3000]?(?:(${NUM}|[A-Za-z]{1,2})|(${MASK}))(?:号楼|栋|幢|座|号院)`);
/** Estate phase or section `二期`, `A区`. */
const PHASE = sticky(String.raw`(?:${NUM}|[A-Za-z])(?:期|区)`);
const UNIT = sticky(String.raw`[ \u3000]?(?:(${NUM}|[A-Za-z])|(${MASK}))单元`);
const FLOOR = sticky(String.raw`[ \u3000]?${NUM}(?:层|楼)(?!号|栋|幢|座|单元|盘|梯|道|房)`);
/** Room `501室`, `1户`, `***室`; not `3室2厅` (a flat's layout in listings). */
const ROOM = sticky(String.raw`[ \u3000]?(?:(\d{1,5}|${NUM})|(${MASK}))(?:室|房|户)(?![厅卫])`);
/** Room number without a suffix after a unit, building or door: `2单元501`, then end or punctuation. */
const BARE_ROOM = sticky(String.raw`\d{3,5}(?=$|[^\dA-Za-z\u3400-\u9fff\-])`);
/** Building-unit-room shorthand `3-2-501` (optionally `室`), or building-room `3-501`. */
const SHORTHAND = sticky(String.raw`[ \u3000]?(?:\d{1,3}-\d{1,2}-\d{1,5}|\d{1,3}-\d{3,5})(?![\d\-])(?:室|房)?`);
/** Rural group `3组`, `三组`, `第三村民小组`, `5队`, `2社`. */
const GROUP = sticky(String.raw`第?(?:(${NUM})|(${MASK}))(?:村民小组|组|社|队)`);
/** An estate name inside a road address: `文三路123号` + `华星小区` + `3幢`. (piaudit-ignore cn-address -- invented example) */
const INNER_ESTATE = sticky(String.raw`[\u4e00-\u9fffA-Za-z]{1,10}?(?:${ESTATE_SUFFIX})(?=[ \u3000]?(?:${NUM}|[A-Za-z]|[*＊×•]))`);
/** A bare mask run (2+) standing for the rest of the address. */
const MASK_RUN = sticky(String.raw`(?:[*＊×•]{2,}|(?<![A-Za-z])[xX]{2,}(?![A-Za-z]))`);
const MASK_RUN_G = /[*＊×•]{2,}|(?<![A-Za-z])[xX]{2,}(?![A-Za-z])/g;
/** What may follow a masked division tail: an optional 号 or suffix word, then not a name character. */
const MASK_TAIL = sticky(`(?:号|${ESTATE_SUFFIX}|${ROAD_SUFFIX}|村)?(?=$|[^\\dA-Za-z\\u3400-\\u9fff])`);

/**
 * Two-character words ending in a road suffix that are not roads: `知道3号`, `这里5号`, `频道1号`.
 * Checked on the character before a one-character suffix.
 */
const NOT_ROAD = new Set(
  [
    '线路 电路 回路 思路 出路 一路 迷路 走路 网路 马路 道路 套路 退路 销路 来路 去路 前路 后路 上路 半路 分路 水路 陆路 岔路',
    '老路 弯路 邪路 歧路 门路 活路 死路 同路 带路 让路 开路 修路 问路 找路 赶路 顺路 绕路 引路 领路 探路',
    '上街 逛街 满街 当街 沿街 临街 扫街 过街 跨街 小巷 深巷 街巷 陋巷 空巷',
    '捉弄 愚弄 摆弄 玩弄 戏弄 作弄 拨弄 嘲弄 卖弄 糊弄 逗弄 侍弄 搬弄 耍弄',
    '这里 那里 哪里 家里 城里 村里 心里 手里 店里 屋里 夜里 公里 英里 海里 千里 万里 梦里 眼里 嘴里 县里 市里',
    '省里 区里 乡里 镇里 厂里 院里 司里 会里 堂里 室里 馆里 楼里 宫里 队里 组里 班里 局里 箱里 包里 车里 群里 网里 话里 圈里',
    '条路 段路 个路 条街 条巷 条道',
    '知道 频道 通道 轨道 跑道 车道 赛道 渠道 管道 隧道 味道 难道 报道 步道 航道 坑道 走道 过道 地道 说道 问道',
    '街道 行道 一道 称道 霸道 王道 厚道 人道 公道 孔道 弯道 匝道 岔道 叫道 笑道 答道 喊道 骂道 写道 讲道 布道',
  ]
    .join(' ')
    .split(' ')
    .filter((w) => w.length === 2),
);

/** Single characters that end a name walking left (the address starts after them). */
const CUE_CHARS = new Set([...'在到往去是的址从及或与为由把给', ...'号栋幢室层组']);
/** Two-character cues: `位于`, `住在`… (their last character is not a cue on its own). */
const CUE_PAIRS = new Set(['位于', '落于', '处于', '地处', '坐落', '家住', '现住', '居住', '送至', '寄至', '迁至', '搬至', '前往']);

/** Longest name allowed between a division chain and the suffix. */
const MAX_NAME_AFTER_DIVISION = 16;
/** Longest name taken without a division before it, per kind. */
const MAX_NAME: Record<Kind, number> = { road: 6, estate: 8, village: 6 };
/** How far left the name walk looks. */
const MAX_WALK = 40;

type Kind = 'road' | 'estate' | 'village';

// ---------------------------------------------------------------------------------------------
// Tail parsing
// ---------------------------------------------------------------------------------------------

interface Tail {
  end: number;
  /** A visible door number (号). */
  door: boolean;
  /** A visible room, unit + room number or shorthand. */
  room: boolean;
  /** A visible rural group (组/社/队). */
  group: boolean;
  /** A building, unit or floor (visible or masked). */
  building: boolean;
  masked: boolean;
}

function at(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
}

function isHan(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

function isMaskChar(c: number): boolean {
  return c === 0x2a /* * */ || c === 0xff0a /* ＊ */ || c === 0xd7 /* × */ || c === 0x2022 /* • */;
}

/**
 * Building details after a door number or an estate name: [estate] [phase] [building] [unit]
 * [floor] [room], or a shorthand. `afterDoor` allows an estate name and a bare room number.
 */
function parseBuilding(text: string, pos: number, t: Tail, afterDoor: boolean): number {
  let p = pos;
  if (afterDoor) {
    const est = at(INNER_ESTATE, text, p);
    if (est) {
      const q = parseBuilding(text, est.index + est[0].length, t, false);
      if (q > est.index + est[0].length) return q;
    }
  }
  let m = at(SHORTHAND, text, p);
  if (m) {
    t.room = true;
    return p + m[0].length;
  }
  let anchored = afterDoor; // something before a bare room number
  if (!afterDoor && (m = at(PHASE, text, p))) {
    p += m[0].length;
    if ((m = at(SHORTHAND, text, p))) {
      t.room = true;
      return p + m[0].length;
    }
  }
  // `5号院3号楼`: a compound number, then the building.
  if ((m = at(BUILDING, text, p)) && m[0].endsWith('号院') && at(BUILDING, text, p + m[0].length)) {
    p += m[0].length;
    if (m[2]) t.masked = true;
  }
  if ((m = at(BUILDING, text, p))) {
    p += m[0].length;
    t.building = true;
    if (m[2] || /^[xX]{2}$/.test(m[1] ?? '')) t.masked = true;
    anchored = true;
    if ((m = at(SHORTHAND, text, p)) && /^\d{1,2}-\d{3,5}/.test(m[0].trimStart())) {
      // `3栋2-501`: unit-room after the building
      t.room = true;
      return p + m[0].length;
    }
  }
  if ((m = at(UNIT, text, p))) {
    p += m[0].length;
    t.building = true;
    if (m[2]) t.masked = true;
    anchored = true;
  }
  let floor = false;
  if ((m = at(FLOOR, text, p))) {
    p += m[0].length;
    floor = true;
    anchored = true;
  }
  if ((m = at(ROOM, text, p))) {
    const digits = m[1] ?? '';
    // Without a building, unit or floor before it a room needs a real room number (`1205室`), not `3室`.
    if (m[2] || anchored || /^\d{3,5}$/.test(digits)) {
      p += m[0].length;
      if (m[2]) t.masked = true;
      else t.room = true;
      if (floor) t.building = true;
      return p;
    }
  } else if (anchored && (m = at(BARE_ROOM, text, p))) {
    // `2单元501`, `3栋501`, `文三路123号501`: a room number without 室, then end or punctuation. piaudit-ignore cn-address -- invented example
    p += m[0].length;
    t.room = true;
    return p;
  }
  if (floor && !t.room) {
    // A floor alone adds nothing for an estate (`广场3楼` is a shop floor); keep it after a door.
    if (!afterDoor && !t.building) return pos;
    t.building = true;
  }
  return p;
}

/** A mask run standing for the rest of the address after the visible part: `青禾路12号****`. */
function maskedRest(text: string, t: Tail): Tail {
  const m = at(MASK_RUN, text, t.end);
  if (m && at(MASK_TAIL, text, t.end + m[0].length)) {
    t.masked = true;
    t.end += m[0].length;
  }
  return t;
}

function parseTail(text: string, start: number, kind: Kind, suffix: string): Tail | undefined {
  const t: Tail = { end: start, door: false, room: false, group: false, building: false, masked: false };
  let p = start;
  let m: RegExpExecArray | null;

  if (kind === 'village' || suffix === '新村') {
    const g = at(GROUP, text, p);
    if (g) {
      const d = at(DOOR, text, g.index + g[0].length);
      if (d) {
        t.group = !g[2];
        t.door = !d[2];
        t.masked = Boolean(g[2] || d[2]);
        t.end = parseBuilding(text, d.index + d[0].length, t, true);
        return maskedRest(text, t);
      }
      // 村 + 组 without a door number is group-level (reference §8.3): not reported.
      return undefined;
    }
  }

  if (kind === 'road') {
    const sec = at(SECTION, text, p);
    if (sec && (at(DOOR, text, p + sec[0].length) || at(LANE, text, p + sec[0].length))) p += sec[0].length;
    const lane = at(LANE, text, p);
    if (lane && at(DOOR, text, p + lane[0].length)) p += lane[0].length;
  }

  if ((m = at(DOOR, text, p))) {
    p += m[0].length;
    if (m[2]) t.masked = true;
    else t.door = true;
    t.end = parseBuilding(text, p, t, true);
    return maskedRest(text, t);
  }

  {
    const q = parseBuilding(text, p, t, false);
    // A road needs a door number; only `路5号楼` (a numbered building on a road) is accepted without one.
    if (q > p && (kind !== 'road' || t.building)) {
      if (kind === 'road' && !/号楼|号院|栋|幢|座/.test(text.slice(p, q))) return undefined;
      t.end = q;
      return maskedRest(text, t);
    }
  }

  // `青禾路****`: the road (or estate, village) followed only by a mask run.
  if ((m = at(MASK_RUN, text, p)) && at(MASK_TAIL, text, p + m[0].length)) {
    return { end: p + m[0].length, door: false, room: false, group: false, building: false, masked: true };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Name and division prefix
// ---------------------------------------------------------------------------------------------

/** Start of the run of name characters ending at `s`: Han, letters, mask characters; no cues. */
function runStart(text: string, s: number, floor: number): number {
  const limit = Math.max(floor, s - MAX_WALK);
  let p = s;
  let divs: ReturnType<typeof findDivisions> | undefined;
  while (p > limit) {
    const c = text.charCodeAt(p - 1);
    if (isHan(c)) {
      const cue = CUE_CHARS.has(text[p - 1]) || (p - 2 >= limit && CUE_PAIRS.has(text.slice(p - 2, p)));
      if (cue) {
        // A cue character inside a division name (`无为市`, `和平区`) is part of the name, not a cue.
        divs ??= findDivisions(text, limit, s);
        const d = divs.find((x) => x.index < p && x.index + x.length >= p && x.index + x.length <= s);
        if (!d || d.index >= p) break;
        p = d.index;
        continue;
      }
    } else if (!(isMaskChar(c) || isAsciiLetter(c))) {
      // A single space between Han characters may separate division names: `浙江省 杭州市`.
      if ((c === 0x20 || c === 0x3000) && p - 2 >= limit && isHan(text.charCodeAt(p - 2)) && isHan(text.charCodeAt(p))) {
        p--;
        continue;
      }
      break;
    }
    p--;
  }
  return p;
}

const NUMERALS = '一二三四五六七八九十';

/** `中山一路`, `经十路`: a numeral before the suffix and a name character (not a numeral) before it. */
function isNumberedRoad(text: string, s: number, floor: number): boolean {
  const name = text[s - 2];
  return s - 2 >= floor && NUMERALS.includes(text[s - 1]) && isHan(text.charCodeAt(s - 2)) && !CUE_CHARS.has(name) && !NUMERALS.includes(name);
}

function isSpace(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 0x20 || c === 0x3000;
}

/** Group adjacent division matches (gap of at most one space) into chains. */
function chains(divs: DivisionMatch[], text: string): Array<{ start: number; end: number; items: DivisionMatch[] }> {
  const out: Array<{ start: number; end: number; items: DivisionMatch[] }> = [];
  for (const d of divs) {
    const last = out[out.length - 1];
    const dEnd = d.index + d.length;
    if (last && (d.index === last.end || (d.index === last.end + 1 && isSpace(text, last.end)))) {
      last.items.push(d);
      last.end = dEnd;
    } else out.push({ start: d.index, end: dEnd, items: [d] });
  }
  return out;
}

interface Left {
  start: number;
  hasDivision: boolean;
  /** Start of the road/estate/village name (after the division chain). */
  nameStart: number;
}

/**
 * Where the address starts, for a suffix at `s`. Returns undefined when there is no name at all.
 * A division name ending exactly at the suffix belongs to the name (`南京路`, `中山大道`).
 */
function leftPart(text: string, s: number, floor: number, kind: Kind): Left | undefined {
  const r = runStart(text, s, floor);
  if (r >= s) return undefined;
  const divs = findDivisions(text, r, s).filter((d) => d.index + d.length < s);
  for (const c of chains(divs, text)) {
    // The chain is the prefix; one space may separate it from the name.
    let nameStart = c.end;
    if (isSpace(text, nameStart)) nameStart++;
    const name = text.slice(nameStart, s);
    if (name.length >= 1 && name.length <= MAX_NAME_AFTER_DIVISION && !/[ \u3000]/.test(name)) {
      return { start: c.start, hasDivision: true, nameStart };
    }
  }
  // No division chain: the name is the end of the run, after its last space, capped.
  let nameStart = Math.max(r, s - MAX_NAME[kind]);
  for (let i = s - 1; i >= nameStart; i--) {
    if (isSpace(text, i)) {
      nameStart = i + 1;
      break;
    }
  }
  if (nameStart >= s) return undefined;
  return { start: nameStart, hasDivision: false, nameStart };
}

/** True when `text[from, to)` holds a mask run of 2+ characters (`**`, `xx`). */
function hasMaskRun(text: string, from: number, to: number): boolean {
  for (let i = from; i + 1 < to; i++) {
    const c = text.charCodeAt(i);
    const d = text.charCodeAt(i + 1);
    if (isMaskChar(c) && isMaskChar(d)) return true;
    if ((c | 0x20) === 0x78 && (d | 0x20) === 0x78) {
      // xx/XX counts only outside a word: not preceded or followed by another ASCII letter.
      let a = i;
      while (a > from && (text.charCodeAt(a - 1) | 0x20) === 0x78) a--;
      let b = i + 2;
      while (b < to && (text.charCodeAt(b) | 0x20) === 0x78) b++;
      if (!isAsciiLetter(text.charCodeAt(a - 1)) && !isAsciiLetter(text.charCodeAt(b))) return true;
      i = b - 1;
    }
  }
  return false;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/**
 * Addresses in one line of text that reach at least a building (reference §8.3), left to right and
 * non-overlapping. Bare divisions (`北京市海淀区`), townships and communities without a door number,
 * metro lines (`1号线`), dates (`3月5号`) and lone `3号楼` are not reported.
 */
export function findAddresses(text: string): AddressMatch[] {
  const out: AddressMatch[] = [];
  let floor = 0; // end of the previous match: names never reach back past it

  ANCHOR.lastIndex = 0;
  for (let m = ANCHOR.exec(text); m; m = ANCHOR.exec(text)) {
    const s = m.index;
    const suffix = m[0];
    const kind: Kind = m[1] ? 'road' : m[2] ? 'estate' : 'village';
    const next = () => {
      ANCHOR.lastIndex = s + 1;
    };
    if (s < floor) {
      next();
      continue;
    }
    // `一路` is a phrase (`一路顺风`) but `中山一路`, `解放二路` are numbered roads: a numeral with a
    // Han name character before it keeps the road.
    if (kind === 'road' && suffix.length === 1 && s > 0 && NOT_ROAD.has(text[s - 1] + suffix) && !isNumberedRoad(text, s, floor)) {
      next();
      continue;
    }
    const tail = parseTail(text, s + suffix.length, kind, suffix);
    if (!tail) {
      next();
      continue;
    }
    const left = leftPart(text, s, floor, kind);
    if (!left) {
      next();
      continue;
    }
    // `这里`/`知道` are covered by NOT_ROAD; a one-character name before 里/道 without a division is
    // too weak (`夜里3号`, `一道2号`).
    if (kind === 'road' && (suffix === '里' || suffix === '道') && !left.hasDivision && s - left.nameStart < 2) {
      next();
      continue;
    }
    // A one-character estate suffix with only a door number (`长城5号`, `乐园2号`) is a name or a
    // product more often than a villa: accepted only after a division (`杭州市西湖区翠苑12号`). piaudit-ignore cn-address -- invented example
    if (kind === 'estate' && suffix.length === 1 && !left.hasDivision && !tail.building && !tail.room && !tail.masked) {
      next();
      continue;
    }
    const masked = tail.masked || hasMaskRun(text, left.nameStart, s);
    const household = tail.room || (kind === 'village' || suffix === '新村' ? tail.group && tail.door : false);
    const visible = tail.door || tail.room || tail.building || (tail.group && tail.door);
    if (!visible && !masked) {
      next();
      continue;
    }
    out.push({
      index: left.start,
      length: tail.end - left.start,
      value: text.slice(left.start, tail.end),
      level: household ? 'household' : 'building',
      masked,
      hasDivision: left.hasDivision,
    });
    floor = tail.end;
    ANCHOR.lastIndex = tail.end;
  }

  findMaskedDivisions(text, out);
  return out;
}

/** Second pass: a division chain directly followed by a mask run, `北京市海淀区****`. */
function findMaskedDivisions(text: string, out: AddressMatch[]): void {
  MASK_RUN_G.lastIndex = 0;
  if (!MASK_RUN_G.test(text)) return;
  const found: AddressMatch[] = [];
  let k = 0; // first anchor match that ends after the current run start (out is sorted by index)
  MASK_RUN_G.lastIndex = 0;
  for (let m = MASK_RUN_G.exec(text); m; m = MASK_RUN_G.exec(text)) {
    const r = m.index;
    const runEnd = r + m[0].length;
    while (k < out.length && out[k].index + out[k].length <= r) k++;
    if (k < out.length && out[k].index < runEnd) continue; // inside an address already found
    const tail = at(MASK_TAIL, text, runEnd);
    if (!tail) continue;
    const end = runEnd + tail[0].length;
    if (k < out.length && out[k].index < end) continue;
    const lastFound = found[found.length - 1];
    const floor = Math.max(
      lastFound ? lastFound.index + lastFound.length : 0,
      k > 0 ? out[k - 1].index + out[k - 1].length : 0,
      r - MAX_WALK,
    );
    let p = r;
    while (p > floor && (isHan(text.charCodeAt(p - 1)) || (isSpace(text, p - 1) && p - 2 >= floor && isHan(text.charCodeAt(p - 2))))) p--;
    if (p >= r) continue;
    const list = chains(findDivisions(text, p, r), text);
    const last = list[list.length - 1];
    if (!last || last.end !== r) continue;
    if (last.items.every((d) => isDivisionShortForm(text.slice(d.index, d.index + d.length)))) continue;
    found.push({
      index: last.start,
      length: end - last.start,
      value: text.slice(last.start, end),
      level: 'building',
      masked: true,
      hasDivision: true,
    });
  }
  if (found.length) {
    out.push(...found);
    out.sort((a, b) => a.index - b.index);
  }
}
