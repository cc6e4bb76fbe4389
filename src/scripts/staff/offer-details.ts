// The offer page's read-only sections: every field the donor gave, the history and the
// internal notes, built from the API's answer. Everything is inserted as text.
import type { StaffOffer as StaffOfferAnswer } from '../../lib/api-types';
import {
  countryName,
  dataTable,
  formatDateTime,
  formatDay,
  formatMoney,
  h,
  languageName,
  messages,
  quantityText,
  statusLabel,
  t,
} from './common';

type Offer = StaffOfferAnswer;
type Goods = Offer['goods'][number];

/** A definition list of label → value, skipping empty values. */
function facts(rows: [string, Node | string | null | undefined][]): HTMLDListElement {
  const dl = h('dl', { class: 'facts' });
  for (const [label, value] of rows) {
    if (value === null || value === undefined || value === '') continue;
    dl.append(h('div', {}, h('dt', { text: label }), h('dd', {}, value)));
  }
  return dl;
}

function contactLink(kind: 'email' | 'phone', value: string | null): Node | undefined {
  if (!value) return undefined;
  return h('a', { href: `${kind === 'email' ? 'mailto:' : 'tel:'}${value}`, text: value });
}

/**
 * A goods line's name as staff read it. Erasure blanks the name of an `other` line
 * (it is free text); the item, quantity and unit stay, and the line says what went.
 */
export function goodsLabel(offer: Offer, g: Goods): string {
  const item = t(`donate:item.${g.item}`);
  if (g.name) return `${item}: ${g.name}`;
  return offer.erasedAt && g.item === 'other' ? t('offer.goodsNameErased', { item }) : item;
}

function rateText(micro: number, currency: string): string {
  return t('offer.rate', { currency, rate: (micro / 1_000_000).toLocaleString(messages().intl, { maximumFractionDigits: 6 }) });
}

function organizationSection(offer: Offer, blank: string, none: string): Node[] {
  // A person's name becomes "—" (erasing an organisation keeps its name).
  const personErased = Boolean(offer.erasedAt) && offer.organizationName === '—';
  return [
    h('h3', { text: t('details.organization') }),
    facts([
      [t('field.organization'), personErased ? t('offer.nameErased') : offer.organizationName],
      [t('field.country'), countryName(offer.organizationCountry)],
      [t('field.city'), offer.organizationCity ?? (personErased ? blank : none)],
      [t('field.kind'), offer.organizationKind ? t(`donate:kind.${offer.organizationKind}`) : none],
      [t('field.language'), languageName(offer.locale)],
      [t('field.thankPublicly'), offer.consentThankPublicly ? t('offer.yes') : t('offer.no')],
    ]),
  ];
}

function contactsSection(offer: Offer, blank: string): Node[] {
  if (offer.contacts.length === 0) return [h('h3', { text: t('details.contacts') }), h('p', { text: blank })];
  return [
    h('h3', { text: t('details.contacts') }),
    ...offer.contacts.map((c) =>
      facts([
        [t('field.contactName'), c.name],
        [t('field.role'), c.role],
        // Only an address that passed the email rule becomes a link: `lin@ex.org?bcc=…` (stored before the rule) would add a hidden copy.
        [t('field.email'), c.emailValid ? contactLink('email', c.email) : c.email],
        [t('field.phone'), contactLink('phone', c.phone)],
        [t('field.wechat'), c.wechat],
        [t('field.whatsapp'), c.whatsapp],
        [t('field.line'), c.line],
      ]),
    ),
  ];
}

function goodsSection(offer: Offer): Node[] {
  if (!offer.goods.length) return [];
  const headings = [t('field.item'), t('field.quantity'), t('field.received'), t('field.standard'), t('field.expiresOn')];
  const rows = offer.goods.map((g) => [
    h('th', { scope: 'row', text: goodsLabel(offer, g) }),
    h('td', { class: 'num', text: quantityText(g.quantity, g) }),
    h('td', { class: 'num', text: g.receivedQuantity === null ? '—' : quantityText(g.receivedQuantity, g) }),
    h('td', { text: g.standard ?? '' }),
    h('td', { text: formatDay(g.expiresOn) }),
  ]);
  return [h('h3', { text: t('details.goods') }), dataTable(t('details.goodsTable'), headings, rows)];
}

function cashSection(offer: Offer): Node[] {
  const currency = offer.cashCurrency;
  if (!currency) return [];
  return [
    h('h3', { text: t('details.cash') }),
    facts([
      [t('field.cashPledged'), formatMoney(offer.cashAmountMinor, currency)],
      [t('field.cashReceived'), formatMoney(offer.cashReceivedMinor, currency) || '—'],
      [t('field.exchangeRate'), offer.exchangeRateMicro === null ? '—' : rateText(offer.exchangeRateMicro, currency)],
    ]),
  ];
}

function deliverySection(offer: Offer, blank: string, none: string): Node[] {
  const duplicate = offer.duplicateOfReference;
  return [
    h('h3', { text: t('details.delivery') }),
    facts([
      [t('field.recipient'), t(`donate:recipient.${offer.recipient}`)],
      [t('field.delivery'), t(`donate:delivery.${offer.delivery}`)],
      [t('field.availableFrom'), formatDay(offer.availableFrom) || none],
      [t('field.location'), offer.location ?? blank],
      [t('field.estimatedValue'), offer.estimatedValueCnyMinor === null ? '—' : formatMoney(offer.estimatedValueCnyMinor, 'CNY')],
      [t('field.duplicateOf'), duplicate ? h('a', { href: `?ref=${encodeURIComponent(duplicate)}`, text: duplicate }) : undefined],
    ]),
  ];
}

/** Every field of the offer, section by section. */
export function renderDetails(target: HTMLElement, offer: Offer) {
  const none = t('offer.notGiven');
  // Erasure blanks these fields whatever they held: on an erased offer, say so rather than "not given".
  const blank = offer.erasedAt ? t('offer.erasedValue') : none;
  target.replaceChildren(
    ...organizationSection(offer, blank, none),
    ...contactsSection(offer, blank),
    ...goodsSection(offer),
    ...cashSection(offer),
    ...deliverySection(offer, blank, none),
    h('h3', { text: t('details.donorNotes') }),
    h('p', { class: 'donor-text', text: offer.donorNotes ?? blank }),
  );
}

/** One row per step the offer took: when, from what to what, who, why, and whether the donor was told. */
export function renderHistory(target: HTMLElement, offer: Offer) {
  target.replaceChildren(
    ...offer.history.map((e) =>
      h(
        'tr',
        {},
        h('td', {}, h('time', { datetime: e.createdAt, text: formatDateTime(e.createdAt) })),
        h('td', {
          text: e.fromStatus ? t('history.fromTo', { from: statusLabel(e.fromStatus), to: statusLabel(e.status) }) : statusLabel(e.status),
        }),
        h('td', { text: e.actorEmail ?? t('history.donor') }),
        h('td', { class: 'donor-text', text: e.reason ?? '' }),
        h('td', { text: e.visibleToDonor ? t('offer.yes') : t('offer.no') }),
      ),
    ),
  );
}

/** The staff's internal notes, oldest first; an erased note says so. */
export function renderNotes(list: HTMLElement, offer: Offer) {
  list.replaceChildren(
    ...offer.notes.map((n) =>
      h(
        'li',
        {},
        h('p', { class: 'meta' }, h('time', { datetime: n.createdAt, text: formatDateTime(n.createdAt) }), ` · ${n.authorEmail ?? ''}`),
        // An empty body is an erased note (the API refuses empty notes).
        n.body ? h('p', { class: 'donor-text', text: n.body }) : h('p', { class: 'meta', text: t('notes.erased') }),
      ),
    ),
  );
}
