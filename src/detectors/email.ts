import { defineTextDetector, type LineMatch } from './define.js';

/**
 * E-mail addresses (Civil Code Art. 1034 names 电子邮箱). Local part + `@` + a domain with a
 * letter TLD, so `lodash@4.17.21`, `@types/node` and `icon@2x.png` are not addresses. Role and
 * service mailboxes (`git@`, `noreply@`, `postmaster@`…) identify no person and are skipped.
 * Masked forms keep `*` runs in the local part (`d**@126.com`, reference §6.2).
 */

const EMAIL = /(?<![A-Za-z0-9._%+*-])([A-Za-z0-9*][A-Za-z0-9._%+*-]{0,63})@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24})(?![A-Za-z0-9-])/g;
const ROLE = /^(?:git|noreply|no-reply|donotreply|do-not-reply|postmaster|mailer-daemon|root|www-data|nobody|abuse|hostmaster|webmaster)$/i;
/** File names that look like domains: `icon@2x.png`, `logo@3x.webp`. */
const ASSET = /\.(?:png|jpe?g|gif|webp|svg|ico|bmp|js|css|map)$/i;

export const email = defineTextDetector({
  id: 'email',
  entity: 'EMAIL_ADDRESS',
  title: { zh: '电子邮箱', en: 'e-mail address' },
  keywords: ['邮箱', '电子邮件', '邮件', 'email', 'e-mail', 'mail', 'youxiang'],
  triggers: ['@'],
  findInLine(line) {
    const out: LineMatch[] = [];
    for (const m of line.matchAll(EMAIL)) {
      const [whole, local, domain] = m;
      if (ROLE.test(local) || ASSET.test(domain) || /^\*+$/.test(local)) continue;
      const masked = local.includes('*');
      // A local part that is only punctuation and masks says nothing.
      if (!/[A-Za-z0-9]/.test(local)) continue;
      out.push({ index: m.index!, length: whole.length, value: `${local.toLowerCase()}@${domain.toLowerCase()}`, masked, confidence: masked ? 0.7 : 0.9, facts: {} });
    }
    return out;
  },
  examples: {
    valid: [
      { text: '联系邮箱：zhang.san@example.cn', value: 'zhang.san@example.cn' },
      { text: '"email":"Li.Si+shop@mail.example.com"', value: 'li.si+shop@mail.example.com' },
    ],
    invalid: [
      { text: 'npm i lodash@4.17.21', reason: 'a package version, not a domain' },
      { text: 'import x from "@types/node"', reason: 'no local part' },
      { text: 'background: url(icon@2x.png)', reason: 'an image asset name' },
      { text: 'git clone git@github.com:org/repo.git', reason: 'a service account' },
    ],
    masked: [{ text: '邮箱 d**@126.com', value: 'd**@126.com' }],
  },
});
