/**
 * Kangxi radicals (U+2F00–U+2FDF) and CJK radicals supplement (U+2E80–U+2EFF) → the ideographs
 * they stand for. PDFs printed by Chromium with Noto CJK fonts put radical code points in their
 * ToUnicode maps where a glyph is shared (⼾ U+2F3E for 户, ⺠ U+2EA0 for 民), so keyword and
 * address matching would miss 户籍 or 居民 without this.
 *
 * The table was derived from the glyphs of Noto Sans CJK (Debian fonts-noto-cjk): a radical maps
 * to the ideograph drawn by the same glyph, Simplified Chinese face first (so ⼾ → 户, not NFKC's
 * traditional 戶), then TC/HK/JP/KR; Kangxi radicals with no such glyph fall back to NFKC.
 * test/helpers/pdf-radicals.ts re-derives it and test/sources/pdf.test.ts checks it still matches.
 * Radicals not listed (⺀, ⺁ …) are pure radical shapes that no word uses, and stay as they are.
 */

/** Pairs of code points: radical, ideograph. */
const PAIRS =
  '⺂乛⺃乚⺅亻⺇𠘨⺉刂⺋㔾⺍𭕄⺎兀⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺟母⺠民⺡氵⺣灬⺤爫' +
  '⺦丬⺨犭⺩𤣩⺫罒⺭礻⺮𥫗⺯糹⺰纟⺱罓⺲罒⺳㓁⺹耂⺺肀⺽𦥑⺾艹⺿艹⻀艹⻂衤⻃覀⻄西⻅见⻆角⻇𧢲⻈讠' +
  '⻉贝⻊𧾷⻋车⻌辶⻍辶⻎辶⻐钅⻑長⻒镸⻓长⻔门⻕𨸏⻖阝⻘青⻙韦⻚页⻛风⻜飞⻝食⻞𩙿⻟飠⻠饣⻡𩠐⻢马' +
  '⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟⼀一⼁丨⼂丶⼃丿⼄乙⼅亅⼆二' +
  '⼇亠⼈人⼉儿⼊入⼋八⼌冂⼍冖⼎冫⼏几⼐凵⼑刀⼒力⼓勹⼔匕⼕匚⼖匸⼗十⼘卜⼙卩⼚厂⼛厶⼜又⼝口⼞囗' +
  '⼟土⼠士⼡夂⼢夊⼣夕⼤大⼥女⼦子⼧宀⼨寸⼩小⼪尢⼫尸⼬屮⼭山⼮巛⼯工⼰己⼱巾⼲干⼳幺⼴广⼵廴⼶廾' +
  '⼷弋⼸弓⼹彐⼺彡⼻彳⼼心⼽戈⼾户⼿手⽀支⽁攴⽂文⽃斗⽄斤⽅方⽆无⽇日⽈曰⽉月⽊木⽋欠⽌止⽍歹⽎殳' +
  '⽏毋⽐比⽑毛⽒氏⽓气⽔水⽕火⽖爪⽗父⽘爻⽙爿⽚片⽛牙⽜牛⽝犬⽞玄⽟玉⽠瓜⽡瓦⽢甘⽣生⽤用⽥田⽦疋' +
  '⽧疒⽨癶⽩白⽪皮⽫皿⽬目⽭矛⽮矢⽯石⽰示⽱禸⽲禾⽳穴⽴立⽵竹⽶米⽷糸⽸缶⽹网⽺羊⽻羽⽼老⽽而⽾耒' +
  '⽿耳⾀聿⾁肉⾂臣⾃自⾄至⾅臼⾆舌⾇舛⾈舟⾉艮⾊色⾋艸⾌虍⾍虫⾎血⾏行⾐衣⾑襾⾒見⾓角⾔言⾕谷⾖豆' +
  '⾗豕⾘豸⾙貝⾚赤⾛走⾜足⾝身⾞車⾟辛⾠辰⾡辵⾢邑⾣酉⾤釆⾥里⾦金⾧長⾨門⾩阜⾪隶⾫隹⾬雨⾭靑⾮非' +
  '⾯面⾰革⾱韋⾲韭⾳音⾴頁⾵風⾶飛⾷食⾸首⾹香⾺馬⾻骨⾼高⾽髟⾾鬥⾿鬯⿀鬲⿁鬼⿂魚⿃鳥⿄鹵⿅鹿⿆麥' +
  '⿇麻⿈黃⿉黍⿊黑⿋黹⿌黽⿍鼎⿎鼓⿏鼠⿐鼻⿑齊⿒齒⿓龍⿔龜⿕龠';

let table: Map<number, string> | undefined;

function radicalTable(): Map<number, string> {
  if (table) return table;
  table = new Map();
  const cps = [...PAIRS];
  for (let i = 0; i + 1 < cps.length; i += 2) table.set(cps[i].codePointAt(0)!, cps[i + 1]);
  return table;
}

const RADICAL = /[\u2e80-\u2fdf]/u;
const RADICALS = /[\u2e80-\u2fdf]/gu;

/** `text` with every mapped radical replaced by its ideograph; the same string when none occurs. */
export function mapRadicals(text: string): string {
  if (!RADICAL.test(text)) return text;
  const t = radicalTable();
  return text.replace(RADICALS, (r) => t.get(r.codePointAt(0)!) ?? r);
}

/** The table as entries, for the test that re-derives it from the fonts. */
export function radicalEntries(): [number, number][] {
  return [...radicalTable()].map(([k, v]) => [k, v.codePointAt(0)!]);
}
