import { describe, expect, test } from 'vitest';
import { readConfig } from '../../functions/config';
import { staffCommandSchema } from '../../functions/staff-commands';
import { isEmail, readEmail } from '../../src/lib/email';
import { loginSchema } from '../../src/lib/staff-schemas';

/** The WHATWG HTML pattern for `<input type=email>`, as the specification writes it. */
const whatwg =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

describe('readEmail: the browser’s rule for <input type=email>, with a dot in the domain', () => {
  test.each([
    'lin@example.org',
    'Hong@Example.PH',
    'first.last+donations@mail.example.co.uk',
    "o'brien@example.ie",
    'x!#$%&*/=?^_`{|}~-@example.org',
    'lin@sub-domain.example.org',
    'lin@123.example',
    `${'a'.repeat(64)}@${'b'.repeat(63)}.org`,
  ])('keeps %s as typed', (email) => {
    expect(whatwg.test(email)).toBe(true);
    expect(readEmail(email)).toBe(email);
    expect(isEmail(email)).toBe(true);
  });

  test('an address with a query is refused: it would become a mailto: link with a BCC', () => {
    expect(readEmail('lin@ex.org?bcc=x%40evil.example')).toBeUndefined();
    expect(readEmail('lin@ex.org&bcc=x@evil.example')).toBeUndefined();
    expect(readEmail('lin@ex.org,x@evil.example')).toBeUndefined();
    expect(readEmail('lin@ex.org%0d%0abcc:x@evil.example')).toBeUndefined();
    expect(isEmail('lin@ex.org?bcc=x%40evil.example')).toBe(false);
  });

  test.each([
    ['no @', 'lin.example.org'],
    ['nothing before @', '@example.org'],
    ['two @', 'lin@home@example.org'],
    ['a space', 'lin haining@example.org'],
    ['a line break', 'lin@example.org\nBcc: x@evil.example'],
    ['angle brackets', 'Lin <lin@example.org>'],
    ['a quoted local part', '"lin haining"@example.org'],
    ['a label starting with a hyphen', 'lin@-example.org'],
    ['a label ending with a hyphen', 'lin@example-.org'],
    ['an empty label', 'lin@example..org'],
    ['a trailing dot', 'lin@example.org.'],
    ['a label of 64 characters', `lin@${'b'.repeat(64)}.org`],
    ['an underscore in the domain', 'lin@ex_ample.org'],
    ['an IP literal', 'lin@[192.0.2.1]'],
    ['a full-width @', 'lin＠example.org'],
    ['more than 254 characters', `${'a'.repeat(200)}@${'b'.repeat(60)}.org`],
  ])('refuses %s, as the browser does', (_, email) => {
    expect(readEmail(email)).toBeUndefined();
  });

  test('a local part outside ASCII is refused, as the browser refuses it', () => {
    for (const email of ['张伟@example.cn', 'josé@example.es', 'dāvis@example.lv']) {
      expect(whatwg.test(email)).toBe(false);
      expect(readEmail(email)).toBeUndefined();
    }
  });

  test('a domain in another script is kept in its ASCII form, which is what the browser submits', () => {
    expect(readEmail('lin@例え.jp')).toBe('lin@xn--r8jz45g.jp');
    expect(readEmail('lin@中文网.中国')).toBe('lin@xn--fiq228c5hs.xn--fiqs8s');
    expect(readEmail('lin@bücher.example')).toBe('lin@xn--bcher-kva.example');
    expect(isEmail('lin@例え.jp')).toBe(false);
    expect(isEmail('lin@xn--r8jz45g.jp')).toBe(true);
    // …but nothing that a URL parser would read as more than a host.
    expect(readEmail('lin@例え.jp?bcc=x')).toBeUndefined();
    expect(readEmail('lin@例え.jp/x')).toBeUndefined();
    expect(readEmail('lin@例え.jp:25')).toBeUndefined();
  });

  test('a domain without a dot is refused: the browser would take it, but no mail reaches lin@localhost or lin@gmailcom', () => {
    for (const email of ['lin@localhost', 'lin@gmailcom']) {
      expect(whatwg.test(email)).toBe(true);
      expect(readEmail(email)).toBeUndefined();
    }
  });

  test('surrounding spaces are dropped, as the browser drops them', () => {
    expect(readEmail('  lin@example.org ')).toBe('lin@example.org');
  });
});

describe('staff emails follow the same rule', () => {
  test('at sign-in', () => {
    expect(loginSchema.safeParse({ email: 'admin@example.org', password: 'x' }).success).toBe(true);
    const refused = loginSchema.safeParse({ email: 'admin@example.org?bcc=x%40evil.example', password: 'x' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ['email'], code: 'invalid_format' });
  });

  test('on the command line', () => {
    expect(staffCommandSchema.safeParse({ command: 'add', email: 'desk@example.org', role: 'admin' }).success).toBe(true);
    expect(staffCommandSchema.safeParse({ command: 'add', email: 'desk@example.org?cc=x@y.org', role: 'admin' }).success).toBe(false);
    expect(staffCommandSchema.safeParse({ command: 'disable', email: 'desk@localhost' }).success).toBe(false);
  });

  test('in STAFF_NOTIFY_EMAILS and MAIL_FROM', () => {
    expect(() => readConfig({ STAFF_NOTIFY_EMAILS: 'desk@example.org, lin@ex.org?bcc=x%40evil.example' })).toThrow(/STAFF_NOTIFY_EMAILS/);
    expect(() => readConfig({ MAIL_FROM: 'noreply@example.org?bcc=x@evil.example' })).toThrow(/MAIL_FROM/);
    expect(() => readConfig({ MAIL_FROM: 'Tongxin <noreply@example.org?bcc=x@evil.example>' })).toThrow(/MAIL_FROM/);
    expect(() => readConfig({ MAIL_FROM: 'Tongxin\r\nBcc: x@evil.example <noreply@example.org>' })).toThrow(/MAIL_FROM/);
    expect(() => readConfig({ MAIL_FROM: 'Tongxin, x@evil.example <noreply@example.org>' })).toThrow(/MAIL_FROM/);
    expect(() => readConfig({ MAIL_FROM: 'Tong\u202exin <noreply@example.org>' })).toThrow(/MAIL_FROM/);
    expect(readConfig({ MAIL_FROM: '"Tongxin, Madrid" <noreply@example.org>' }).MAIL_FROM).toBe('"Tongxin, Madrid" <noreply@example.org>');
    expect(readConfig({ MAIL_FROM: '同心 <noreply@例え.jp>' }).MAIL_FROM).toBe('同心 <noreply@xn--r8jz45g.jp>');
  });
});
