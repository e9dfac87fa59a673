import { findDivisions } from './address/matcher.js';
import { surnameLength } from './data/surnames.js';
import { defineTextDetector, type LineMatch } from './define.js';

/**
 * Personal names (Civil Code Art. 1034 names 姓名 first). A name has no structure of its own, so it
 * is read only right after a label (姓名, 联系人, 收件人, 户主, `name=`, `"name":`…), and only when
 * it starts with a known surname: never guessed from free text. Masked forms: `张*`, `张**`, `张某`,
 * `张某某`, `*三`.
 */

/** Labels in Chinese; the value follows after optional `：:= "'` and spaces. */
const ZH_LABELS = ['真实姓名', '客户姓名', '姓名', '联系人', '收件人', '收货人', '户主', '持卡人', '申请人', '患者', '业主', '租户', '监护人', '法定代表人'];
/** JSON keys and query parameters whose value is a person's name. */
const KEYS = /(?<![A-Za-z0-9_])(?:real_?name|full_?name|true_?name|contact_?name|receiver_?name|consignee|customer_?name|holder_?name|cardholder|name|xm|xingming)["']?\s*[:=]\s*["']?/gi;
/** Words that may follow a name directly in unpunctuated Chinese (`张三性别男`): the name ends there. */
const AFTER = [
  '性别', '年龄', '电话', '手机', '身份', '证件', '地址', '住址', '联系', '民族', '出生', '职业', '单位', '先生', '女士', '同志',
  // verbs of service notes: `联系人陈某某要求退款`, `收件人王某已签收`, `联系人李某来电催单`
  '要求', '表示', '来电', '签收', '反馈', '投诉', '申请', '办理', '预约', '确认', '核实', '致电', '称', '说', '已', '于', '在',
  '男', '女', '您', '的',
];
const CJK = /[\u4e00-\u9fff]/;
/**
 * Last characters of place and organisation names (东城区, 北京市, 李家村, 王府井店): a `"name":`
 * key in data files names places as often as people. A two-character given name ending in one of
 * these is rare enough to give up.
 */
const NOT_A_NAME_END = new Set([...'省市区县镇乡村屯路街巷州盟旗局厅部院校司店馆站所队组社会委办处科行厂场园港湾湖山河江岛机器卡费单版型款类件码账盘杯环']);
/**
 * Everyday words that start with a surname character and follow a label in forms and legal text
 * (`监护人同意`, `姓名：姓名`, `联系人：本人`): the value is a word, not a person.
 */
const NOT_A_NAME = new Set([
  '姓名', '名字', '同意', '同上', '本人', '自己', '签字', '签名', '盖章', '填写', '信息', '电话', '手机', '地址',
  '不详', '保密', '无名', '暂无', '匿名', '用户', '客户', '管理员', '测试', '默认', '全部', '相关', '其他', '单位',
  '家属', '父亲', '母亲', '配偶', '子女', '本单位', '公司', '申请', '确认', '通知', '查询', '代理', '法人', '经办',
]);
const MASK = /[*＊×xX]/;

function readName(line: string, at: number): { length: number; masked: boolean } | undefined {
  let end = at;
  while (end < line.length && end - at < 12 && (CJK.test(line[end]) || MASK.test(line[end]))) end++;
  let raw = line.slice(at, end);
  let cut = false;
  for (const w of AFTER) {
    const k = raw.indexOf(w, 1);
    if (k > 0 && k <= 4) {
      raw = raw.slice(0, k);
      cut = true;
    }
  }
  // More than four characters with no known word after the name (`皇城根北街社区居委会`): a
  // place or an organisation, not a person.
  if (raw.length > 4 && !cut) return undefined;
  // `华为Mate 60`, `小米14`: a name is never glued to Latin letters or digits.
  if (!cut && /[A-Za-z0-9]/.test(line[at + raw.length] ?? '')) return undefined;
  if (raw.length < 2) return undefined;
  const maskedChars = [...raw].filter((ch) => MASK.test(ch) || ch === '某').length;
  const masked = maskedChars > 0;
  if (masked) {
    // 张* / 张某某 / *三: at most one real character visible besides the masks, and a real surname when it leads.
    const lead = raw[0];
    if (MASK.test(lead)) return CJK.test(raw[raw.length - 1]) ? { length: raw.length, masked } : undefined;
    return surnameLength(raw) ? { length: raw.length, masked } : undefined;
  }
  const s = surnameLength(raw);
  if (NOT_A_NAME.has(raw) || NOT_A_NAME.has(raw.slice(0, 2))) return undefined;
  if (!s || raw.length - s < 1 || raw.length > 4 || NOT_A_NAME_END.has(raw[raw.length - 1])) return undefined;
  // `天津警官…`, `常营…`: a name that starts with a division name is a place or an institution.
  if (findDivisions(raw).some((d) => d.index === 0 && d.length >= 2)) return undefined;
  return { length: raw.length, masked };
}

export const personName = defineTextDetector({
  id: 'person-name',
  entity: 'PERSON_NAME',
  title: { zh: '姓名', en: 'personal name' },
  keywords: ['姓名', '联系人', '收件人', '收货人', '户主', '持卡人', 'name'],
  // `xm` alone is inside every `xml`: only as a key (`xm=`, `"xm":`).
  triggers: [...ZH_LABELS, 'name', 'Name', 'NAME', 'xm=', 'xm"', 'xm:', 'xingming'],
  columnLabels: ['姓名', '联系人', '收件人', '收货人', '户主', '持卡人', '申请人', '业主', '租户', '监护人', 'name', 'real_name', 'full_name', 'true_name', 'contact_name', 'receiver_name', 'customer_name', 'holder_name', 'cardholder', 'consignee', 'xm', 'xingming'],
  readCell(cell) {
    const n = readName(cell, 0);
    if (!n || n.length !== cell.length) return undefined;
    return { value: cell.replace(/[*＊×xX]/g, '*'), masked: n.masked, confidence: n.masked ? 0.7 : 0.85, facts: {} };
  },
  findInLine(line) {
    const out: LineMatch[] = [];
    const starts: number[] = [];
    for (const label of ZH_LABELS) {
      for (let p = line.indexOf(label); p !== -1; p = line.indexOf(label, p + label.length)) {
        let q = p + label.length;
        while (q < line.length && /[\s:：="'“”]/.test(line[q]) && q - (p + label.length) < 4) q++;
        starts.push(q);
      }
    }
    for (const m of line.matchAll(KEYS)) starts.push(m.index! + m[0].length);
    const seen = new Set<number>();
    for (const at of starts.sort((a, b) => a - b)) {
      if (seen.has(at)) continue;
      seen.add(at);
      const n = readName(line, at);
      if (!n) continue;
      const value = line.slice(at, at + n.length).replace(/[*＊×xX]/g, '*');
      out.push({ index: at, length: n.length, value, masked: n.masked, confidence: n.masked ? 0.7 : 0.85, facts: {} });
    }
    return out;
  },
  examples: {
    valid: [
      { text: '姓名：张三丰，性别：男', value: '张三丰' },
      { text: '{"name":"欧阳明月","age":30}', value: '欧阳明月' },
      { text: '收件人 李四 138****5678', value: '李四' },
      { text: '姓名张三性别男', value: '张三' },
    ],
    invalid: [
      { text: '张三丰是一个武侠人物', reason: 'no label: names are never guessed from free text' },
      { text: '姓名：未填写', reason: '未 is not a surname' },
      { text: '"name":"Default Config"', reason: 'not a Chinese name' },
      { text: 'username=admin', reason: 'a login, not a person name' },
      { text: '{"code":"110101","name":"东城区"}', reason: 'a district in division data (东 is also a surname)' },
      { text: '"name":"皇城根北街社区居委会"', reason: 'a long organisation name, not cut by a known word' },
      { text: '征得该自然人或者其监护人同意', reason: 'a word after a label (同意), not a name' },
      { text: "zh: { name: '姓名', id: '证件号码' }", reason: 'the label itself as a value' },
    ],
    masked: [
      { text: '姓名：张*', value: '张*' },
      { text: '联系人：王某某', value: '王某某' },
    ],
  },
});
