import { describe, expect, test } from 'vitest';
import { ConfigError, readConfig } from '../../functions/config';
import { donorStatusMail, staffNewOfferMail } from '../../functions/mail/messages';
import { redactAddresses } from '../../functions/mail/transport';

describe('mail configuration', () => {
  test('SMTP_URL needs MAIL_FROM', () => {
    expect(() => readConfig({ SMTP_URL: 'smtp://mail.example.org:587' })).toThrow(ConfigError);
    expect(() => readConfig({ SMTP_URL: 'smtp://mail.example.org:587' })).toThrow(/MAIL_FROM/);
    expect(readConfig({ SMTP_URL: 'smtps://u:p@mail.example.org', MAIL_FROM: 'Tongxin <noreply@example.org>' }).MAIL_FROM).toBe(
      'Tongxin <noreply@example.org>',
    );
    expect(readConfig({ SMTP_URL: 'smtp://mail.example.org', MAIL_FROM: 'noreply@example.org' }).MAIL_FROM).toBe('noreply@example.org');
  });

  test('a wrong SMTP_URL is refused without repeating its password', () => {
    const attempt = () => readConfig({ SMTP_URL: 'http://user:hunter2secret@mail.example.org', MAIL_FROM: 'noreply@example.org' });
    expect(attempt).toThrow(/SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(attempt).not.toThrow(/hunter2secret/);
  });

  test('MAIL_FROM must be an address', () => {
    expect(() => readConfig({ MAIL_FROM: 'Tongxin' })).toThrow(/MAIL_FROM/);
  });

  test('STAFF_NOTIFY_EMAILS is a comma-separated list, trimmed and lower-cased', () => {
    expect(readConfig({ STAFF_NOTIFY_EMAILS: ' Desk@Tongxin.example, lin@example.org ,' }).STAFF_NOTIFY_EMAILS).toEqual([
      'desk@tongxin.example',
      'lin@example.org',
    ]);
    expect(readConfig({}).STAFF_NOTIFY_EMAILS).toBeUndefined();
    expect(() => readConfig({ STAFF_NOTIFY_EMAILS: 'desk@tongxin.example, not-an-address' })).toThrow(/STAFF_NOTIFY_EMAILS/);
  });

  test('CRON_SECRET is long enough to guess at nothing', () => {
    expect(() => readConfig({ CRON_SECRET: 'short' })).toThrow(/CRON_SECRET/);
  });
});

describe('donor mail', () => {
  const change = { reference: 'TX-4K7M-Q9PD', status: 'accepted' as const, note: null, contactName: 'Lin' };

  test.each([
    ['zh', '您的捐赠 TX-4K7M-Q9PD：已确认接收', '当前状态：已确认接收'],
    ['en', 'Your offer TX-4K7M-Q9PD: Accepted', 'Current status: Accepted'],
    ['es', 'Su oferta TX-4K7M-Q9PD: Aceptada', 'Estado actual: Aceptada'],
    ['ja', 'お申し出 TX-4K7M-Q9PD の状況：受け入れ決定', '現在の状況：受け入れ決定'],
    ['zh-Hant', '您的捐贈 TX-4K7M-Q9PD：已確認接收', '目前狀態：已確認接收'],
  ])('in %s it names the status as the status page does', (locale, subject, line) => {
    const mail = donorStatusMail({ ...change, locale }, 'https://tongxin.example');
    expect(mail.subject).toBe(subject);
    expect(mail.text).toContain(line);
    expect(mail.text).toContain(`https://tongxin.example/${locale}/donate/status/?ref=TX-4K7M-Q9PD`);
  });

  test('without a site address it tells the donor where to look', () => {
    const mail = donorStatusMail({ ...change, locale: 'en' });
    expect(mail.text).toContain('“Follow your offer” page');
    expect(mail.text).not.toContain('http');
  });

  test('an offer in a language the portal no longer has is answered in Chinese', () => {
    expect(donorStatusMail({ ...change, locale: 'fr' }).subject).toBe('您的捐赠 TX-4K7M-Q9PD：已确认接收');
  });

  test('the note is quoted as written, markup and all: the mail is plain text', () => {
    const mail = donorStatusMail({ ...change, locale: 'en', note: '<b>Bring the invoice</b> & the list' });
    expect(mail.text).toContain('A note from our team:\n<b>Bring the invoice</b> & the list\n');
  });
});

describe('staff mail', () => {
  test('lists what was offered in Chinese and in English, without personal data in the subject', () => {
    const mail = staffNewOfferMail({
      reference: 'TX-4K7M-Q9PD',
      locale: 'ja',
      organization: { name: '日本福建同郷会', country: 'JP' },
      goods: [
        { item: 'surgical_mask', quantity: 150_000, unit: 'pieces' },
        { item: 'other', name: '呼吸机配件', quantity: 40, unit: 'units' },
      ],
      cash: { amountMinor: 1_000_000, currency: 'JPY' },
    });
    expect(mail.subject).toBe('新的捐赠意向 / New donation offer · TX-4K7M-Q9PD');
    expect(mail.text).toContain('团体：日本福建同郷会（日本）');
    expect(mail.text).toContain('Organisation: 日本福建同郷会 (Japan)');
    expect(mail.text).toContain('捐赠方使用的语言：日语');
    expect(mail.text).toContain('Donor’s language: Japanese');
    expect(mail.text).toContain('  - 呼吸机配件：40 台');
    expect(mail.text).toContain('  - 医用外科口罩：150,000 个');
    expect(mail.text).toContain('  - Surgical masks: 150,000 pieces');
    expect(mail.text).toMatch(/Funds: JP¥1,000,000|Funds: ¥1,000,000/);
  });

  test('names a Traditional Chinese donor’s language for staff, who read Simplified Chinese and English', () => {
    const mail = staffNewOfferMail({
      reference: 'TX-4K7M-Q9PD',
      locale: 'zh-Hant',
      organization: { name: '菲華商聯總會', country: 'PH' },
      goods: [],
    });
    expect(mail.text).toContain('捐赠方使用的语言：繁体中文');
    expect(mail.text).toContain('Donor’s language: Traditional Chinese');
  });
});

describe('redactAddresses', () => {
  test('blanks every address a server quotes', () => {
    expect(redactAddresses('550 5.1.1 <lin@example.org>: Recipient address rejected; also Hong@Example.PH')).toBe(
      '550 5.1.1 <[address]>: Recipient address rejected; also [address]',
    );
  });
});
