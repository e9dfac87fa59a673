import { describe, expect, test } from 'vitest';
import { classifyIdCopy, fuzzyIncludes } from '../../src/analyzers/id-copy/classify.js';
import { makeCnId, makeName, makeRng } from '../helpers/synth.js';

const rng = makeRng(2024);
const id = makeCnId(rng, { birth: '19850312' });
const name = makeName(rng);
const address = '浙江省杭州市西湖区文化路123号4栋2单元501室';

const front = `姓名 ${name}\n性别 男 民族 汉\n出生 1985年3月12日\n住址 ${address}\n公民身份号码 ${id}`;
const back = '中华人民共和国\n居民身份证\n签发机关 杭州市公安局西湖分局\n有效期限 2015.03.01-2035.03.01';

describe('classifyIdCopy: side', () => {
  const cases: Array<[string, string, 'front' | 'back' | 'both' | undefined]> = [
    ['a clean front', front, 'front'],
    ['a clean back', back, 'back'],
    ['both sides on one page', `${front}\n${back}`, 'both'],
    ['OCR spaces between every character', front.replace(/(.)/g, '$1 '), 'front'],
    ['身份号码 split over two words and a dropped character', `姓 名 ${name}\n住 址 ${address}\n公民身份 号 ${id}`, 'front'],
    ['the number unreadable, labels there', `姓名 ${name}\n性别 女 民族 汉\n出生 1990年1月1日\n住址 ${address}\n公民身份号码 13O1?1?`, 'front'],
    ['only a valid number and its label', `公民身份号码 ${id}`, 'front'],
    ['labels read with one character wrong', '中华人民共和国\n居民身份正\n签发机头 某某县公安局\n有效期很 2010.01.01-2020.01.01', 'back'],
    ['a back whose validity is 长期', '签发机关 某某县公安局\n有效期限 2006.05.01-长期', 'back'],
    ['a notice mentioning 居民身份证', '物业服务中心通知\n办理门禁卡请携带居民身份证原件，复印件请注明用途。', undefined],
    ['a receipt', '惠民超市 购物小票\n流水号 1234567890123456\n合计 128.50', undefined],
    ['a form asking for a name and an ID number', `申请表\n姓名：\n身份证号：`, undefined],
    ['empty', '', undefined],
  ];
  test.each(cases)('%s', (_why, text, side) => {
    expect(classifyIdCopy(text).side).toBe(side);
  });

  test('the score grows with the evidence and stays within 0–1', () => {
    const weak = classifyIdCopy(`公民身份号码 ${id}`).score;
    const strong = classifyIdCopy(front).score;
    expect(weak).toBeGreaterThan(0);
    expect(strong).toBeGreaterThan(weak);
    expect(strong).toBeLessThanOrEqual(1);
    expect(classifyIdCopy('').score).toBe(0);
  });
});

describe('classifyIdCopy: purpose annotation', () => {
  const cases: Array<[string, string, { purpose?: string; date?: string } | undefined]> = [
    ['仅供…使用 with a date', '仅供办理入住登记使用\n他用无效\n2024年3月5日', { purpose: '办理入住登记', date: '2024.03.05' }],
    ['仅限…用 and a dotted date', '仅限房屋租赁用\n再复印无效\n2023.11.02', { purpose: '房屋租赁', date: '2023.11.02' }],
    ['此复印件仅供…使用 on one line with 他用无效', '此复印件仅供开立银行账户使用，他用无效', { purpose: '开立银行账户' }],
    ['只供 … 使用 with spaces from OCR', '只 供 物 业 登 记 使 用\n他 用 无 效', { purpose: '物业登记' }],
    ['仅用于 … 他用无效 on one line', '仅用于办理宽带业务他用无效', { purpose: '办理宽带业务' }],
    ['only 他用无效', '他用无效', {}],
    ['only 再复印无效, read with one wrong character', '再复印无敬', {}],
    ['仅 read as 仪', '仪供车辆过户使用', { purpose: '车辆过户' }],
    ['a closing 使用 of which only 使 was read', '仅供签订购房合同使', { purpose: '签订购房合同' }],
    ['none', back, undefined],
  ];
  test.each(cases)('%s', (_why, text, annotation) => {
    expect(classifyIdCopy(`${back}\n${text}`).annotation).toEqual(annotation);
  });

  test('the date is never the birth date, the validity or a date far from the annotation', () => {
    const text = `姓名 ${name}\n出生 1985年3月12日\n住址 ${address}\n仅供办理社保使用\n公民身份号码 ${id}`;
    expect(classifyIdCopy(text).annotation).toEqual({ purpose: '办理社保' });
    // A birth date written in the annotation's neighbourhood is still refused (it matches the ID).
    const near = `仅供办理社保使用\n1985.03.12\n公民身份号码 ${id}`;
    expect(classifyIdCopy(near).annotation).toEqual({ purpose: '办理社保' });
    const validity = '仅供办理社保使用\n有效期限 2015.03.01-2035.03.01';
    expect(classifyIdCopy(validity).annotation).toEqual({ purpose: '办理社保' });
  });

  test('never returns the number, the name or the address', () => {
    const texts = [
      `${front}\n仅供办理入住登记使用 他用无效 2024年1月2日`,
      `仅供${name}${id}使用`,
      `仅供 ${address} 使用`,
      `仅供使用 ${name} ${id}`,
    ];
    for (const t of texts) {
      const out = JSON.stringify(classifyIdCopy(t));
      expect(out).not.toContain(id);
      expect(out).not.toContain(id.slice(0, 6));
      expect(out).not.toContain(address.slice(0, 8));
      expect(out).not.toMatch(/1985/);
      expect(out).not.toContain(name);
    }
  });
});

describe('classifyIdCopy: validity', () => {
  const cases: Array<[string, string, { from?: string; to?: string } | undefined]> = [
    ['dotted', '有效期限 2015.03.01-2035.03.01', { from: '2015.03.01', to: '2035.03.01' }],
    ['长期', '有效期限 2006.05.01-长期', { from: '2006.05.01', to: '长期' }],
    ['长期 read as 长其', '有效期限 2006.05.01-长其', { from: '2006.05.01', to: '长期' }],
    ['no dots, a long dash and spaces', '有效期限 2010 0817 — 2020 0817', { from: '2010.08.17', to: '2020.08.17' }],
    ['an impossible date', '有效期限 2015.13.01-2035.13.01', undefined],
    ['end before start', '有效期限 2035.03.01-2015.03.01', undefined],
  ];
  test.each(cases)('%s', (_why, text, validity) => {
    expect(classifyIdCopy(`中华人民共和国\n居民身份证\n签发机关 某某县公安局\n${text}`).validity).toEqual(validity);
  });

  test('a front page has no validity', () => {
    expect(classifyIdCopy(`${front}\n2015.03.01-2035.03.01`).validity).toBeUndefined();
  });
});

describe('fuzzyIncludes', () => {
  test.each([
    ['公民身份号码', '公民身份号码', true],
    ['公民身份号', '公民身份号码', true],
    ['公民身分号码', '公民身份号码', true],
    ['公民身份证号码', '公民身份号码', true],
    ['公民号码', '公民身份号码', false],
    ['姓', '姓名', false],
  ])('%s ~ %s: %s', (text, word, expected) => {
    expect(fuzzyIncludes(text, word)).toBe(expected);
  });
});
