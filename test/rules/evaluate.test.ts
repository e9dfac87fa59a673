import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/analyzers/index.js';
import { evaluate } from '../../src/rules/evaluate.js';
import { gb11643Check } from '../../src/util/checksums/gb11643.js';
import { detectText } from '../helpers/detect.js';

const asOf = new Date(Date.UTC(2025, 0, 1));
const key = Buffer.from('k');

function judge(text: string, lang: 'en' | 'zh' = 'en') {
  return evaluate(analyze(detectText(text), { key, threshold: 10_000, asOf }), { lang, threshold: 10_000 });
}

/** A synthetic ID (not a listed example) with the given birth date. */
function id(birth: string): string {
  const body = `330106${birth}123`;
  return body + gb11643Check(body);
}

describe('severity and articles (decisions.md defaults)', () => {
  test.each([
    { name: 'clear ID', text: `身份证 ${id('19800101')}`, rule: 'pi-unmasked', severity: 'high' },
    { name: 'clear ID of a holder under 14', text: `身份证 ${id('20150601')}`, rule: 'pi-unmasked', severity: 'critical' },
    { name: 'weak ID mask', text: '身份证 330106********1234', rule: 'pi-weak-mask', severity: 'medium' },
    { name: 'good ID mask', text: '身份证 330***********1234', rule: 'pi-masked', severity: 'info' },
    { name: 'clear mobile', text: '手机 13912345678', rule: 'pi-unmasked', severity: 'medium' },
    { name: 'weak mobile mask', text: '手机 1391234567*', rule: 'pi-weak-mask', severity: 'low' },
    { name: 'good mobile mask', text: '手机 139****5678', rule: 'pi-masked', severity: 'info' },
    { name: 'clear card', text: '卡号 6222021234567890128', rule: 'pi-unmasked', severity: 'high' },
  ])('$name → $rule / $severity', ({ text, rule, severity }) => {
    const [v] = judge(text);
    expect([v.rule, v.severity]).toEqual([rule, severity]);
    expect(v.articles).toContain('CC-1034');
  });

  test('sensitive personal information cites PIPL Art. 28', () => {
    expect(judge(`身份证 ${id('20150601')}`)[0].articles).toContain('PIPL-28');
    expect(judge('卡号 6222021234567890128')[0].articles).toContain('PIPL-28');
    expect(judge(`身份证 ${id('19800101')}`)[0].articles).not.toContain('PIPL-28');
  });

  test('documented examples, clear or masked, are info with a message saying so', () => {
    for (const text of ['11010519491231002X', '110105********002X', '13800138000']) {
      const [v] = judge(text);
      expect(v.severity, text).toBe('info');
      expect(v.message, text).toMatch(/^well-known example value/);
    }
  });

  test('messages come in Chinese too, with the candidate count', () => {
    const [v] = judge('身份证 330106********1234', 'zh');
    expect(v.message).toMatch(/[\u4e00-\u9fff]/);
    expect(v.message).toContain(v.candidates!.toLocaleString('en-US'));
  });
});
