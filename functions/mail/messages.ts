import { defaultLocale, isLocale, type Locale, localeConfig } from '../../src/i18n/config';
import { useTranslations } from '../../src/i18n/i18n';
import { localizedPath } from '../../src/i18n/paths';
import { staffLocales } from '../../src/i18n/staff';
import { counterOf, type Item } from '../../src/lib/catalog';
import { formatNumber } from '../../src/lib/format';
import { displayNames } from '../../src/lib/intl-cache';
import { formatMoney } from '../../src/lib/money';
import type { NewOfferFacts, SignInAlertFacts, StatusChangeFacts } from './message-params';

/** What a message says; who gets it is the outbox's business. Plain text only: nothing in it is markup. */
export interface MailText {
  subject: string;
  text: string;
}

/** The languages staff mail is written in, one after the other. */
const STAFF_LANGUAGES: readonly Locale[] = staffLocales;

/** `https://example.org` + `/staff/zh/offer/?ref=…`, or undefined without a site address. */
function siteLink(siteUrl: string | undefined, path: string): string | undefined {
  return siteUrl ? new URL(path, siteUrl).href : undefined;
}

/**
 * To staff when an offer arrives: in Chinese and English, with what was offered and a
 * link to the offer in the staff workspace. The subject names nothing but the reference.
 */
export function staffNewOfferMail(offer: NewOfferFacts, siteUrl?: string): MailText {
  const link = siteLink(siteUrl, `/staff/zh/offer/?ref=${encodeURIComponent(offer.reference)}`);
  const sections = STAFF_LANGUAGES.map((lng) => {
    const t = useTranslations(lng, 'mail');
    const d = useTranslations(lng, 'donate');
    const intl = localeConfig[lng].intl;
    const country = displayNames(intl, 'region').of(offer.organization.country) ?? offer.organization.country;
    const language = displayNames(intl, 'language').of(offer.locale) ?? offer.locale;
    const lines = [
      t('staff.intro'),
      '',
      t('staff.reference', { reference: offer.reference }),
      t('staff.organization', { name: offer.organization.name, country }),
    ];
    if (offer.goods.length) {
      lines.push(t('staff.goods'));
      for (const line of offer.goods) {
        const what = line.item === 'other' && line.name ? line.name : d(`item.${line.item as Item}`);
        const amount = d(`quantity.${counterOf(line.item, line.unit)}`, { count: line.quantity, value: formatNumber(lng, line.quantity) });
        lines.push(`  - ${t('staff.goodsLine', { item: what, quantity: amount })}`);
      }
    }
    if (offer.cash) lines.push(t('staff.cash', { amount: formatMoney(offer.cash.amountMinor, offer.cash.currency, intl) }));
    lines.push(t('staff.language', { language }), '');
    lines.push(...(link ? [t('staff.link'), link] : [t('staff.noLink')]));
    return lines.join('\n');
  });
  const subject = `${STAFF_LANGUAGES.map((lng) => useTranslations(lng, 'mail')('staff.subject')).join(' / ')} · ${offer.reference}`;
  return { subject, text: `${sections.join('\n\n————————\n\n')}\n` };
}

/**
 * To the donor when staff make a change the donor may see: in the donor's language, with
 * the new status as the status page names it, staff's note, and a link to the status page.
 */
export function donorStatusMail(change: StatusChangeFacts, siteUrl?: string): MailText {
  const lng: Locale = isLocale(change.locale) ? change.locale : defaultLocale;
  const t = useTranslations(lng, 'mail');
  const d = useTranslations(lng, 'donate');
  const status = d(`state.${change.status}`);
  const link = siteLink(siteUrl, `${localizedPath(lng, '/donate/status/')}?ref=${encodeURIComponent(change.reference)}`);
  const lines = [
    t('donor.greeting', { name: change.contactName }),
    '',
    t('donor.update', { reference: change.reference }),
    '',
    t('donor.status', { status }),
    d(`stateHelp.${change.status}`),
  ];
  if (change.note) lines.push('', t('donor.noteTitle'), change.note);
  lines.push('', ...(link ? [t('donor.link'), link, t('donor.linkHelp')] : [t('donor.noLink')]));
  lines.push('', t('donor.thanks'), '', t('donor.signature'), '', '-- ', t('donor.why'));
  return { subject: t('donor.subject', { reference: change.reference, status }), text: `${lines.join('\n')}\n` };
}

/**
 * To admins when one staff account has had many failed sign-ins from anywhere: the
 * account is not locked (that would let anyone who knows an address lock its owner out),
 * so a person has to look. In Chinese and English, like all staff mail.
 */
export function staffSignInAlertMail(alert: SignInAlertFacts, siteUrl?: string): MailText {
  const link = siteLink(siteUrl, '/staff/zh/');
  const sections = STAFF_LANGUAGES.map((lng) => {
    const t = useTranslations(lng, 'mail');
    const lines = [
      t('alert.intro', { email: alert.email, count: alert.failures, minutes: alert.minutes }),
      '',
      t('alert.notLocked', { perAddress: alert.perAddress }),
      t('alert.whatToDo'),
    ];
    if (link) lines.push('', link);
    return lines.join('\n');
  });
  const subject = STAFF_LANGUAGES.map((lng) => useTranslations(lng, 'mail')('alert.subject')).join(' / ');
  return { subject, text: `${sections.join('\n\n————————\n\n')}\n` };
}
