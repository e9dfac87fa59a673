/**
 * Synthetic scans of Chinese resident ID cards (front and back) and decoy images, for the OCR
 * accuracy test and the OCR benchmark. NO REAL DATA: people come from synth.ts (seeded PRNG, valid
 * MOD 11-2 check characters), names from its small lists, addresses from division names plus made-up
 * streets. The layout imitates the second-generation card (85.6 x 54 mm) loosely: what matters is
 * the text a scanner has to read (labels, 18-digit number, 签发机关, 有效期限) and the handwritten
 * purpose annotation ("仅供…使用，他用无效") people put across copies (reference 6.3).
 *
 * Deterministic: the same seed writes the same bytes. Fonts: Noto Sans/Serif CJK from the Debian
 * package fonts-noto-cjk (/usr/share/fonts/opentype/noto/*.ttc).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Canvas, SKRSContext2D } from '@napi-rs/canvas';
import { DIVISION_COUNTIES, DIVISION_PREFECTURES, DIVISION_PROVINCES } from '../../src/detectors/data/divisions.generated.js';
import { makePerson, makeRng, type Person, type Rng } from './synth.js';
import { encodeBmp, encodeGif, encodeTiff, rgbaToGrey } from './id-scans-formats.js';

export type ScanKind = 'front' | 'back' | 'both' | 'decoy';

/** Ground truth of one generated image (written to manifest.json next to the images). */
export interface IdScanTruth {
  file: string;
  kind: ScanKind;
  /** The ID number printed on the front (front and both). */
  id?: string;
  /** The stamped purpose annotation, when there is one. */
  annotation?: { text: string; purpose: string; date: string };
  /** Validity printed on the back (back and both). */
  validity?: { from: string; to: string };
  /** Quarter turn applied to the whole image, degrees clockwise (OCR must undo it). */
  rotation: 0 | 90 | 180 | 270;
  /** Small skew in degrees. */
  skew: number;
  width: number;
  height: number;
  format: 'jpg' | 'png' | 'webp' | 'bmp' | 'tif' | 'gif';
}

export interface GenerateOptions {
  seed?: number;
  /** Card images (front, back or both sides on a page); default 60. */
  cards?: number;
  /** Decoy images (receipts, notices, photo-like noise); default 10. */
  decoys?: number;
}

const FONT_FILES: Record<string, string> = {
  IdSans: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  IdSansBold: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
  IdSerif: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
};

let fontsReady = false;

async function canvasModule(): Promise<typeof import('@napi-rs/canvas')> {
  const mod = await import('@napi-rs/canvas');
  if (!fontsReady) {
    for (const [alias, file] of Object.entries(FONT_FILES)) {
      if (!existsSync(file)) throw new Error(`missing font ${file}: install the Debian package fonts-noto-cjk`);
      mod.GlobalFonts.registerFromPath(file, alias);
    }
    fontsReady = true;
  }
  return mod;
}

// ---------------------------------------------------------------------------------------------
// Synthetic card contents

const ETHNIC = ['汉', '汉', '汉', '汉', '汉', '回', '满', '壮', '苗', '土家', '蒙古', '维吾尔', '彝', '藏'];
const STREETS = ['建设', '人民', '解放', '中山', '和平', '文化', '胜利', '新华', '朝阳', '光明', '幸福', '长江', '黄河', '青年', '工农', '复兴'];
const STREET_KINDS = ['路', '街', '大道', '巷'];
const VILLAGES = ['李家', '王庄', '东湖', '南关', '西坡', '北岗', '石桥', '柳林'];
const PURPOSES = ['办理入住登记', '房屋租赁', '开立银行账户', '办理宽带业务', '物业登记', '办理入职手续', '车辆过户', '签订购房合同', '办理社保', '快递实名登记'];

function divisionNames(packed: string): string[] {
  return packed.split('|').filter((n) => n.length >= 2 && n.length <= 6);
}

let divisions: { provinces: string[]; prefectures: string[]; counties: string[] } | undefined;

function pickDivisions(rng: Rng): { province: string; prefecture: string; county: string } {
  divisions ??= {
    provinces: divisionNames(DIVISION_PROVINCES).filter((n) => !/特别行政区|台湾/.test(n)),
    prefectures: divisionNames(DIVISION_PREFECTURES).filter((n) => n.endsWith('市')),
    counties: divisionNames(DIVISION_COUNTIES).filter((n) => /[区县]$/.test(n) && n.length <= 4),
  };
  return { province: rng.pick(divisions.provinces), prefecture: rng.pick(divisions.prefectures), county: rng.pick(divisions.counties) };
}

/** A made-up street address: province, prefecture, county, then street, number and unit. */
function makeAddress(rng: Rng): string {
  const d = pickDivisions(rng);
  const head = (d.province.endsWith('市') ? d.province : d.province + d.prefecture) + d.county;
  if (rng.chance(0.25)) return `${head}${rng.pick(VILLAGES)}村${rng.int(1, 12)}组${rng.int(1, 99)}号`;
  const street = `${rng.pick(STREETS)}${rng.pick(STREET_KINDS)}${rng.int(1, 399)}号`;
  return rng.chance(0.6) ? `${head}${street}${rng.int(1, 30)}栋${rng.int(1, 6)}单元${rng.int(1, 32)}0${rng.int(1, 4)}室` : head + street;
}

function makeAuthority(rng: Rng): string {
  const d = pickDivisions(rng);
  return rng.chance(0.5) ? `${d.county.replace(/[区县]$/, '')}县公安局` : `${d.prefecture}公安局${d.county}分局`;
}

function dotted(ymd: string): string {
  return `${ymd.slice(0, 4)}.${ymd.slice(4, 6)}.${ymd.slice(6, 8)}`;
}

function makeValidity(rng: Rng, person: Person): { from: string; to: string } {
  const birthYear = Number(person.birth.slice(0, 4));
  const fromYear = Math.max(birthYear + 16, rng.int(2006, 2024));
  const from = `${fromYear}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
  const age = fromYear - birthYear;
  const years = age >= 46 ? 0 : age >= 26 ? 20 : rng.pick([10, 20]);
  const to = years === 0 ? '长期' : dotted(String(fromYear + years) + from.slice(4));
  return { from: dotted(from), to };
}

function makeAnnotation(rng: Rng): { text: string; purpose: string; date: string } {
  const purpose = rng.pick(PURPOSES);
  const y = rng.int(2019, 2024);
  const m = rng.int(1, 12);
  const d = rng.int(1, 28);
  const date = rng.chance(0.5) ? `${y}年${m}月${d}日` : `${y}.${String(m).padStart(2, '0')}.${String(d).padStart(2, '0')}`;
  const first = rng.pick([`仅供${purpose}使用`, `仅限${purpose}用`, `此复印件仅供${purpose}使用`, `只供${purpose}使用`]);
  const second = rng.pick(['他用无效', '再复印无效', '他用无效 再复印无效']);
  return { text: `${first}\n${second}\n${date}`, purpose, date };
}

// ---------------------------------------------------------------------------------------------
// Drawing

/** Card size in pixels at the base resolution (10 px per mm). */
const CARD_W = 856;
const CARD_H = 540;

type Ctx = SKRSContext2D;

function cardBackground(g: Ctx, rng: Rng, tint: [number, number, number]): void {
  const grad = g.createLinearGradient(0, 0, CARD_W, CARD_H);
  grad.addColorStop(0, `rgb(${tint[0]},${tint[1]},${tint[2]})`);
  grad.addColorStop(1, `rgb(${tint[0] - 14},${tint[1] - 8},${tint[2] - 4})`);
  g.fillStyle = grad;
  roundRect(g, 0, 0, CARD_W, CARD_H, 30);
  g.fill();
  // Guilloche-like fine waves: real cards have a security print under the text.
  g.save();
  roundRect(g, 0, 0, CARD_W, CARD_H, 30);
  g.clip();
  g.strokeStyle = 'rgba(120,150,170,0.22)';
  g.lineWidth = 1;
  const phase = rng.next() * 6;
  for (let k = 0; k < 16; k++) {
    g.beginPath();
    for (let x = 0; x <= CARD_W; x += 12) {
      const y = 20 + k * 34 + Math.sin(x / 40 + phase + k) * 9;
      if (x === 0) g.moveTo(x, y);
      else g.lineTo(x, y);
    }
    g.stroke();
  }
  g.restore();
  g.strokeStyle = 'rgba(90,110,120,0.5)';
  g.lineWidth = 2;
  roundRect(g, 1, 1, CARD_W - 2, CARD_H - 2, 30);
  g.stroke();
}

function roundRect(g: Ctx, x: number, y: number, w: number, h: number, r: number): void {
  g.beginPath();
  g.moveTo(x + r, y);
  g.arcTo(x + w, y, x + w, y + h, r);
  g.arcTo(x + w, y + h, x, y + h, r);
  g.arcTo(x, y + h, x, y, r);
  g.arcTo(x, y, x + w, y, r);
  g.closePath();
}

function text(g: Ctx, s: string, x: number, y: number, font: string, color: string, spacing = 0): void {
  g.font = font;
  g.fillStyle = color;
  g.letterSpacing = `${spacing}px`;
  g.fillText(s, x, y);
  g.letterSpacing = '0px';
}

const LABEL = '#2d6ca8';
const VALUE = '#161616';

function drawFront(g: Ctx, rng: Rng, p: Person, address: string): void {
  cardBackground(g, rng, [236, 242, 244]);
  const label = '24px IdSans';
  const value = '29px IdSans';
  text(g, '姓  名', 60, 92, label, LABEL);
  text(g, p.name, 160, 92, value, VALUE, 4);
  text(g, '性  别', 60, 154, label, LABEL);
  text(g, p.sex === 'M' ? '男' : '女', 160, 154, value, VALUE);
  text(g, '民  族', 280, 154, label, LABEL);
  text(g, rng.pick(ETHNIC), 372, 154, value, VALUE);
  text(g, '出  生', 60, 216, label, LABEL);
  const [y, m, d] = [p.birth.slice(0, 4), String(Number(p.birth.slice(4, 6))), String(Number(p.birth.slice(6, 8)))];
  text(g, y, 160, 216, value, VALUE);
  text(g, '年', 240, 216, label, LABEL);
  text(g, m, 290, 216, value, VALUE);
  text(g, '月', 330, 216, label, LABEL);
  text(g, d, 380, 216, value, VALUE);
  text(g, '日', 420, 216, label, LABEL);
  text(g, '住  址', 60, 278, label, LABEL);
  for (let i = 0, line = 0; i < address.length && line < 3; i += 12, line++) text(g, address.slice(i, i + 12), 160, 278 + line * 40, value, VALUE);
  text(g, '公民身份号码', 60, 470, label, LABEL);
  text(g, p.id, 260, 472, '33px IdSans', VALUE, 3);
  // Photo: a grey head-and-shoulders silhouette.
  g.fillStyle = 'rgb(214,220,224)';
  g.fillRect(600, 70, 200, 250);
  g.fillStyle = 'rgb(120,124,130)';
  g.beginPath();
  g.ellipse(700, 160, 52, 64, 0, 0, Math.PI * 2);
  g.fill();
  g.beginPath();
  g.ellipse(700, 320, 92, 80, 0, Math.PI, Math.PI * 2);
  g.fill();
}

function drawBack(g: Ctx, rng: Rng, authority: string, validity: { from: string; to: string }): void {
  cardBackground(g, rng, [240, 240, 232]);
  // Emblem: a red disc with a yellow star, enough to look like the national emblem to a layout pass.
  g.fillStyle = '#c8251d';
  g.beginPath();
  g.arc(130, 125, 78, 0, Math.PI * 2);
  g.fill();
  g.fillStyle = '#f2c531';
  star(g, 130, 112, 34);
  text(g, '中华人民共和国', 250, 130, '44px IdSerif', VALUE, 10);
  text(g, '居民身份证', 220, 250, '68px IdSansBold', VALUE, 22);
  text(g, '签发机关', 150, 410, '25px IdSans', VALUE);
  text(g, authority, 300, 410, '28px IdSans', VALUE);
  text(g, '有效期限', 150, 476, '25px IdSans', VALUE);
  text(g, `${validity.from}-${validity.to}`, 300, 476, '28px IdSans', VALUE);
}

function star(g: Ctx, cx: number, cy: number, r: number): void {
  g.beginPath();
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? r : r * 0.4;
    g.lineTo(cx + Math.cos(a) * rr, cy + Math.sin(a) * rr);
  }
  g.closePath();
  g.fill();
}

/** The handwritten-looking purpose annotation across the card (2–3 lines, slight tilt, ink colour). */
function drawAnnotation(g: Ctx, rng: Rng, lines: string[], side: 'front' | 'back'): void {
  g.save();
  const ink = rng.pick(['rgba(20,40,170,0.9)', 'rgba(170,20,30,0.88)', 'rgba(25,25,25,0.9)']);
  const size = side === 'front' ? rng.int(30, 38) : rng.int(28, 34);
  // Across the card but clear of the name and the number, as the guidance asks (reference 6.3):
  // on the front between the address and the number, reaching over the photo; on the back between
  // 居民身份证 and 签发机关.
  const cx = side === 'front' ? rng.int(470, 520) : rng.int(420, 480);
  const cy = side === 'front' ? rng.int(360, 372) : rng.int(330, 342);
  g.translate(cx, cy);
  g.rotate(((rng.next() * 10 - 5) * Math.PI) / 180);
  g.font = `${size}px ${rng.pick(['IdSerif', 'IdSans'])}`;
  g.fillStyle = ink;
  g.textAlign = 'center';
  const lead = size * 1.35;
  lines.forEach((line, i) => g.fillText(line, 0, (i - (lines.length - 1) / 2) * lead));
  g.restore();
}

// ---------------------------------------------------------------------------------------------
// Scan simulation

interface Composed {
  canvas: Canvas;
  rotation: IdScanTruth['rotation'];
  skew: number;
}

/** Places card canvases on a scanner page (or alone), scales, skews, turns and adds noise. */
async function scanOf(rng: Rng, cards: Canvas[], scale: number, rotation: IdScanTruth['rotation'], skewDeg: number, noise: number): Promise<Composed> {
  const { createCanvas } = await canvasModule();
  const onPage = cards.length > 1;
  const pageW = onPage ? Math.round(CARD_W * 1.7) : CARD_W + 2 * rng.int(10, 80);
  const pageH = onPage ? Math.round(pageW * 1.414) : CARD_H + 2 * rng.int(10, 80);
  const w0 = Math.round(pageW * scale);
  const h0 = Math.round(pageH * scale);
  const quarter = rotation === 90 || rotation === 270;
  const out = createCanvas(quarter ? h0 : w0, quarter ? w0 : h0);
  const g = out.getContext('2d');
  const paper = rng.int(228, 252);
  g.fillStyle = `rgb(${paper},${paper},${paper - rng.int(0, 6)})`;
  g.fillRect(0, 0, out.width, out.height);
  g.translate(out.width / 2, out.height / 2);
  g.rotate(((rotation + skewDeg) * Math.PI) / 180);
  g.scale(scale, scale);
  g.translate(-pageW / 2, -pageH / 2);
  if (onPage) {
    const x = (pageW - CARD_W) / 2 + rng.int(-40, 40);
    g.drawImage(cards[0], x, pageH * 0.12);
    g.drawImage(cards[1], x, pageH * 0.12 + CARD_H + rng.int(80, 160));
  } else {
    g.drawImage(cards[0], (pageW - CARD_W) / 2, (pageH - CARD_H) / 2);
  }
  if (noise > 0) addNoise(out, rng, noise);
  return { canvas: out, rotation, skew: skewDeg };
}

function addNoise(c: Canvas, rng: Rng, amount: number): void {
  const g = c.getContext('2d');
  // putImageData of @napi-rs/canvas honours the current transform (browsers ignore it): reset it.
  g.setTransform(1, 0, 0, 1, 0, 0);
  const img = g.getImageData(0, 0, c.width, c.height);
  const px = img.data;
  // Per-pixel noise from an inline xorshift32 seeded by the set's PRNG: deterministic, and ten
  // times faster than a call per pixel (this loop dominated the generation time).
  let x = rng.int(1, 0x7fffffff);
  const spread = (2 * amount) / 4294967296;
  for (let i = 0; i < px.length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const n = (x >>> 0) * spread - amount;
    // ImageData is a Uint8ClampedArray: stores clamp and round by themselves.
    px[i] += n;
    px[i + 1] += n;
    px[i + 2] += n;
  }
  // Dust specks, as on a scanner glass.
  const specks = Math.round((c.width * c.height) / 20000);
  for (let k = 0; k < specks; k++) {
    const x = rng.int(0, c.width - 3);
    const y = rng.int(0, c.height - 3);
    for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++) px.fill(40, ((y + dy) * c.width + x + dx) * 4, ((y + dy) * c.width + x + dx) * 4 + 3);
  }
  g.putImageData(img, 0, 0);
}

/** Encodes a canvas in one of the set's formats (BMP, TIFF and GIF through id-scans-formats.ts). */
export async function encode(c: Canvas, format: IdScanTruth['format'], quality = 85): Promise<Buffer> {
  switch (format) {
    case 'jpg':
      return c.encode('jpeg', quality);
    case 'webp':
      return c.encode('webp', quality);
    case 'png':
      return c.encode('png');
    default: {
      const grey = rgbaToGrey(c.getContext('2d').getImageData(0, 0, c.width, c.height).data, c.width, c.height);
      if (format === 'bmp') return encodeBmp(grey, c.width, c.height);
      if (format === 'tif') return encodeTiff(grey, c.width, c.height);
      return encodeGif(grey, c.width, c.height, 1);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Decoys

async function drawDecoy(rng: Rng, index: number): Promise<Canvas> {
  const { createCanvas } = await canvasModule();
  const kind = index % 4;
  if (kind === 0) {
    // A shop receipt: items, prices, a long serial number, a date.
    const c = createCanvas(520, 900);
    const g = c.getContext('2d');
    g.fillStyle = '#fbfbf8';
    g.fillRect(0, 0, 520, 900);
    text(g, '惠民超市 购物小票', 120, 60, '30px IdSans', VALUE);
    text(g, `流水号 ${rng.digits(16)}`, 30, 110, '22px IdSans', VALUE);
    const items = ['矿泉水', '大米 5kg', '酱油', '鸡蛋 一盒', '纸巾', '苹果', '牛奶 1L', '面包'];
    let y = 160;
    for (const item of rng.shuffle(items).slice(0, 6)) {
      text(g, item, 30, y, '24px IdSans', VALUE);
      text(g, `${rng.int(1, 89)}.${rng.digits(2)}`, 380, y, '24px IdSans', VALUE);
      y += 50;
    }
    text(g, `合计 ${rng.int(100, 400)}.${rng.digits(2)}`, 30, y + 30, '26px IdSans', VALUE);
    text(g, `2024-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')} 收银员 03`, 30, y + 90, '22px IdSans', VALUE);
    text(g, '谢谢惠顾 欢迎再次光临', 100, y + 150, '24px IdSans', VALUE);
    return c;
  }
  if (kind === 1) {
    // A notice that mentions the ID card without being one: the classifier must not call it a card.
    const c = createCanvas(1000, 700);
    const g = c.getContext('2d');
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, 1000, 700);
    text(g, '物业服务中心通知', 330, 80, '36px IdSansBold', VALUE);
    const body = ['各位业主：', '办理门禁卡请携带居民身份证原件，', '复印件请注明用途。办理时间为每周一至周五，', '上午九点至下午五点。如有疑问请致电服务中心。', '感谢您的配合。'];
    body.forEach((line, i) => text(g, line, 60, 170 + i * 70, '30px IdSans', VALUE));
    return c;
  }
  if (kind === 2) {
    // Plain prose.
    const c = createCanvas(900, 600);
    const g = c.getContext('2d');
    g.fillStyle = '#f7f7f7';
    g.fillRect(0, 0, 900, 600);
    const body = ['会议纪要', '一、本季度销售额同比增长百分之十二。', '二、下月起实行新的考勤制度。', '三、年终总结会定于十二月举行。'];
    body.forEach((line, i) => text(g, line, 60, 90 + i * 80, i === 0 ? '38px IdSansBold' : '30px IdSans', VALUE));
    return c;
  }
  // A photo-like picture: soft coloured blobs, no text at all.
  const c = createCanvas(800, 600);
  const g = c.getContext('2d');
  const sky = g.createLinearGradient(0, 0, 0, 600);
  sky.addColorStop(0, `rgb(${rng.int(90, 150)},${rng.int(140, 190)},${rng.int(200, 240)})`);
  sky.addColorStop(1, `rgb(${rng.int(60, 120)},${rng.int(110, 160)},${rng.int(60, 100)})`);
  g.fillStyle = sky;
  g.fillRect(0, 0, 800, 600);
  for (let k = 0; k < 25; k++) {
    g.fillStyle = `rgba(${rng.int(0, 255)},${rng.int(0, 255)},${rng.int(0, 255)},0.35)`;
    g.beginPath();
    g.ellipse(rng.int(0, 800), rng.int(0, 600), rng.int(20, 160), rng.int(20, 120), rng.next() * 3, 0, Math.PI * 2);
    g.fill();
  }
  addNoise(c, rng, 12);
  return c;
}

// ---------------------------------------------------------------------------------------------
// The set

function pickFormat(rng: Rng, i: number): IdScanTruth['format'] {
  // One image in each of the rarer formats, the rest mostly JPEG as phones and scanners write them.
  const rare: Record<number, IdScanTruth['format']> = { 7: 'bmp', 17: 'tif', 27: 'gif', 37: 'webp', 47: 'webp' };
  if (rare[i]) return rare[i];
  return rng.chance(0.8) ? 'jpg' : 'png';
}

/**
 * Writes `cards` card images and `decoys` decoy images into `dir` (created if needed) plus
 * `manifest.json` with the ground truth, and returns the truth. Roughly 50 % fronts, 30 % backs,
 * 20 % A4 pages with both sides; about 70 % carry a purpose annotation; a few are turned 90/180/270.
 */
export async function generateIdScans(dir: string, opts: GenerateOptions = {}): Promise<IdScanTruth[]> {
  const { createCanvas } = await canvasModule();
  const rng = makeRng(opts.seed ?? 20250101);
  const cardCount = opts.cards ?? 60;
  const decoyCount = opts.decoys ?? 10;
  mkdirSync(dir, { recursive: true });
  const truths: IdScanTruth[] = [];
  let writing: Promise<void> = Promise.resolve();
  for (let i = 0; i < cardCount; i++) {
    const roll = rng.next();
    const kind: ScanKind = roll < 0.5 ? 'front' : roll < 0.8 ? 'back' : 'both';
    const person = makePerson(rng);
    const annotation = rng.chance(0.7) ? makeAnnotation(rng) : undefined;
    const validity = makeValidity(rng, person);
    const address = makeAddress(rng);
    const authority = makeAuthority(rng);
    const sides: Canvas[] = [];
    for (const side of kind === 'both' ? (['front', 'back'] as const) : [kind as 'front' | 'back']) {
      const card = createCanvas(CARD_W, CARD_H);
      const g = card.getContext('2d');
      if (side === 'front') drawFront(g, rng, person, address);
      else drawBack(g, rng, authority, validity);
      // On a page with both sides the annotation is written over the front (one per page).
      if (annotation && (kind !== 'both' || side === 'front')) drawAnnotation(g, rng, annotation.text.split('\n'), side);
      sides.push(card);
    }
    const rotation: IdScanTruth['rotation'] = i % 9 === 4 ? rng.pick([90, 180, 270] as const) : 0;
    const skew = Math.round((rng.next() * 4 - 2) * 10) / 10;
    // Card width on the image between ~480 and ~1500 px: phone photos, 150–300 dpi scans.
    const scale = kind === 'both' ? 0.55 + rng.next() * 0.6 : 0.6 + rng.next() * 1.1;
    const noise = rng.pick([0, 6, 12, 20]);
    const scan = await scanOf(rng, sides, scale, rotation, skew, noise);
    const format = pickFormat(rng, i);
    const quality = rng.int(45, 92);
    const file = `scan-${String(i + 1).padStart(3, '0')}-${kind}.${format}`;
    // Encoding runs in @napi-rs/canvas's thread pool while the next card is drawn.
    await writing;
    writing = encode(scan.canvas, format, quality).then((bytes) => writeFileSync(path.join(dir, file), bytes));
    truths.push({
      file,
      kind,
      id: kind === 'back' ? undefined : person.id,
      annotation,
      validity: kind === 'front' ? undefined : validity,
      rotation,
      skew,
      width: scan.canvas.width,
      height: scan.canvas.height,
      format,
    });
  }
  await writing;
  for (let i = 0; i < decoyCount; i++) {
    const c = await drawDecoy(rng, i);
    const file = `decoy-${String(i + 1).padStart(3, '0')}.jpg`;
    writeFileSync(path.join(dir, file), await encode(c, 'jpg', rng.int(60, 90)));
    truths.push({ file, kind: 'decoy', rotation: 0, skew: 0, width: c.width, height: c.height, format: 'jpg' });
  }
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(truths, null, 1));
  return truths;
}

/** One card scan in memory, for unit tests: the canvas, the person on it and the annotation. */
export interface SingleScan {
  canvas: Canvas;
  person: Person;
  annotation?: { text: string; purpose: string; date: string };
  validity: { from: string; to: string };
}

/** Renders one card side as scanned (no noise unless asked), deterministic for a seed. */
export async function renderCardScan(opts: { seed: number; side: 'front' | 'back'; rotation?: IdScanTruth['rotation']; scale?: number; annotated?: boolean; noise?: number }): Promise<SingleScan> {
  const { createCanvas } = await canvasModule();
  const rng = makeRng(opts.seed);
  const person = makePerson(rng);
  const annotation = opts.annotated ? makeAnnotation(rng) : undefined;
  const validity = makeValidity(rng, person);
  const card = createCanvas(CARD_W, CARD_H);
  const g = card.getContext('2d');
  if (opts.side === 'front') drawFront(g, rng, person, makeAddress(rng));
  else drawBack(g, rng, makeAuthority(rng), validity);
  if (annotation) drawAnnotation(g, rng, annotation.text.split('\n'), opts.side);
  const scan = await scanOf(rng, [card], opts.scale ?? 1, opts.rotation ?? 0, 0, opts.noise ?? 0);
  return { canvas: scan.canvas, person, annotation, validity };
}
