import type { StaffOfferAnswer } from '../../../functions/routes/staff-offers';
import {
  $,
  type ApiFailure,
  announce,
  api,
  clearFieldErrors,
  countryName,
  currencyDigits,
  formatDateTime,
  formatDay,
  formatMoney,
  h,
  languageName,
  type Me,
  messages,
  quantityText,
  showFieldErrors,
  startPage,
  statusLabel,
  t,
} from './common';

type Offer = StaffOfferAnswer;

/**
 * What staff type is kept in this tab until it is sent, so a session that ends midway
 * (the sign-in page, then back here) or a reload loses nothing.
 */
const drafts = {
  key: (field: string) => `tx-staff-draft:${reference}:${field}`,
  get(field: string): string {
    try {
      return sessionStorage.getItem(drafts.key(field)) ?? '';
    } catch {
      return '';
    }
  },
  set(field: string, value: string) {
    try {
      if (value) sessionStorage.setItem(drafts.key(field), value);
      else sessionStorage.removeItem(drafts.key(field));
    } catch {
      // Storage full or refused: the draft just is not kept.
    }
  },
};

let offer: Offer;
let me: Me;
let reference = '';
/** The transition the form is open for. */
let chosen: string | undefined;

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
function goodsLabel(g: Offer['goods'][number]): string {
  const item = t(`donate:item.${g.item}`);
  if (g.name) return `${item}: ${g.name}`;
  return offer.erasedAt && g.item === 'other' ? t('offer.goodsNameErased', { item }) : item;
}

function renderDetails() {
  const none = t('offer.notGiven');
  // Erasure blanks these fields whatever they held: on an erased offer, say so rather than "not given".
  const blank = offer.erasedAt ? t('offer.erasedValue') : none;
  // A person's name becomes "—" (erasing an organisation keeps its name).
  const personErased = Boolean(offer.erasedAt) && offer.organizationName === '—';
  const sections: Node[] = [];
  sections.push(
    h('h3', { text: t('details.organization') }),
    facts([
      [t('field.organization'), personErased ? t('offer.nameErased') : offer.organizationName],
      [t('field.country'), countryName(offer.organizationCountry)],
      [t('field.city'), offer.organizationCity ?? (personErased ? blank : none)],
      [t('field.kind'), offer.organizationKind ? t(`donate:kind.${offer.organizationKind}`) : none],
      [t('field.language'), languageName(offer.locale)],
      [t('field.thankPublicly'), offer.consentThankPublicly ? t('offer.yes') : t('offer.no')],
    ]),
  );
  sections.push(h('h3', { text: t('details.contacts') }));
  if (offer.contacts.length === 0) sections.push(h('p', { text: blank }));
  for (const c of offer.contacts) {
    sections.push(
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
    );
  }
  if (offer.goods.length) {
    sections.push(
      h('h3', { text: t('details.goods') }),
      h(
        'div',
        { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('details.goodsTable') },
        h(
          'table',
          { class: 'data' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...[t('field.item'), t('field.quantity'), t('field.received'), t('field.standard'), t('field.expiresOn')].map((label) =>
                h('th', { scope: 'col', text: label }),
              ),
            ),
          ),
          h(
            'tbody',
            {},
            ...offer.goods.map((g) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row', text: goodsLabel(g) }),
                h('td', { class: 'num', text: quantityText(g.quantity, g) }),
                h('td', { class: 'num', text: g.receivedQuantity === null ? '—' : quantityText(g.receivedQuantity, g) }),
                h('td', { text: g.standard ?? '' }),
                h('td', { text: formatDay(g.expiresOn) }),
              ),
            ),
          ),
        ),
      ),
    );
  }
  if (offer.cashCurrency) {
    sections.push(
      h('h3', { text: t('details.cash') }),
      facts([
        [t('field.cashPledged'), formatMoney(offer.cashAmountMinor, offer.cashCurrency)],
        [t('field.cashReceived'), formatMoney(offer.cashReceivedMinor, offer.cashCurrency) || '—'],
        [t('field.exchangeRate'), offer.exchangeRateMicro === null ? '—' : rateText(offer.exchangeRateMicro, offer.cashCurrency)],
      ]),
    );
  }
  sections.push(
    h('h3', { text: t('details.delivery') }),
    facts([
      [t('field.recipient'), t(`donate:recipient.${offer.recipient}`)],
      [t('field.delivery'), t(`donate:delivery.${offer.delivery}`)],
      [t('field.availableFrom'), formatDay(offer.availableFrom) || none],
      [t('field.location'), offer.location ?? blank],
      [t('field.estimatedValue'), offer.estimatedValueCnyMinor === null ? '—' : formatMoney(offer.estimatedValueCnyMinor, 'CNY')],
      [
        t('field.duplicateOf'),
        offer.duplicateOfReference
          ? h('a', { href: `?ref=${encodeURIComponent(offer.duplicateOfReference)}`, text: offer.duplicateOfReference })
          : undefined,
      ],
    ]),
  );
  sections.push(h('h3', { text: t('details.donorNotes') }), h('p', { class: 'donor-text', text: offer.donorNotes ?? blank }));
  $('offer-details').replaceChildren(...sections);
}

function rateText(micro: number, currency: string): string {
  return t('offer.rate', { currency, rate: (micro / 1_000_000).toLocaleString(messages().intl, { maximumFractionDigits: 6 }) });
}

function renderHistory() {
  $('history-body').replaceChildren(
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

function renderNotes() {
  $('notes-none').hidden = offer.notes.length > 0;
  $('notes-list').replaceChildren(
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

function renderActions() {
  const buttons = offer.allowedTransitions.map((to) =>
    h('button', {
      type: 'button',
      class: `button ${['declined', 'withdrawn', 'duplicate'].includes(to) ? 'secondary' : ''}`,
      'data-to': to,
      'aria-controls': 'transition-form',
      'aria-expanded': 'false',
      text: t(`action.${to}`),
    }),
  );
  $('transition-buttons').replaceChildren(...buttons);
  $('actions-none').hidden = buttons.length > 0;
  for (const button of buttons) button.addEventListener('click', () => openTransition(button.dataset.to ?? ''));
  closeTransition(false);
}

function render() {
  document.title = `${offer.reference} · ${document.title.split(' · ').slice(1).join(' · ')}`;
  $('offer-title').textContent = t('offer.heading', { reference: offer.reference });
  const badge = $('offer-status');
  badge.className = `badge status-${offer.status}`;
  badge.textContent = statusLabel(offer.status);
  $('offer-submitted').textContent = t('offer.submittedOn', { date: formatDateTime(offer.submittedAt) });
  $('offer-erased').hidden = !offer.erasedAt;
  const retention = $('offer-retention');
  retention.hidden = !offer.retentionEndsAt;
  retention.textContent = offer.retentionEndsAt ? t('offer.retention', { date: formatDay(offer.retentionEndsAt) }) : '';
  $('erase').hidden = me.role !== 'admin' || Boolean(offer.erasedAt);
  renderActions();
  renderDetails();
  renderHistory();
  renderNotes();
  $('offer-loading').hidden = true;
  $('offer').hidden = false;
}

function openTransition(to: string) {
  chosen = to;
  const form = $<HTMLFormElement>('transition-form');
  form.reset();
  clearFieldErrors(form, $('transition-errors'));
  $<HTMLTextAreaElement>('tr-reason').value = drafts.get(`reason:${to}`);
  for (const b of document.querySelectorAll<HTMLButtonElement>('#transition-buttons button')) {
    b.setAttribute('aria-expanded', String(b.dataset.to === to));
  }
  $('transition-title').textContent = t(`action.${to}`);
  $('transition-help').textContent = t(`transitionHelp.${to}`);
  $('transition-submit').textContent = t('transition.confirm', { action: t(`action.${to}`) });

  const required = needsReason(to);
  $('tr-reason-label').textContent = to === 'needs_info' ? t('transition.question') : t('transition.reason');
  $('tr-reason').dataset.label = $('tr-reason-label').textContent ?? '';
  $('tr-reason-required').hidden = !required;
  ($('tr-reason') as HTMLTextAreaElement).required = required;
  $('tr-reason-help').textContent =
    to === 'received' ? t('transition.reasonReceived') : required ? t('transition.reasonRequired') : t('transition.reasonOptional');

  const goodsValue = to === 'accepted' && offer.goods.length > 0;
  $('tr-value-field').hidden = !goodsValue;
  if (goodsValue && offer.estimatedValueCnyMinor !== null)
    $<HTMLInputElement>('tr-value').value = (offer.estimatedValueCnyMinor / 100).toFixed(2);

  const receiving = to === 'received';
  $('tr-received').hidden = !(receiving && offer.goods.length);
  $('tr-received-lines').replaceChildren(
    ...(receiving
      ? offer.goods.map((g) => {
          const id = `tr-received-${g.position}`;
          const label = goodsLabel(g);
          return h(
            'div',
            { class: 'field inline' },
            h('label', { for: id, text: `${label} (${t('transition.offered', { quantity: quantityText(g.quantity, g) })})` }),
            h('input', {
              id,
              type: 'number',
              min: '0',
              max: '100000000',
              step: '1',
              inputmode: 'numeric',
              required: true,
              'data-position': String(g.position),
              value: String(g.quantity),
            }),
          );
        })
      : []),
  );
  const cash = receiving && offer.cashCurrency;
  $('tr-cash').hidden = !cash;
  if (cash && offer.cashCurrency) {
    $('tr-cash-received-label').textContent = t('transition.cashReceived', { currency: offer.cashCurrency });
    $('tr-cash-received').dataset.label = $('tr-cash-received-label').textContent ?? '';
    $('tr-rate-label').textContent = t('transition.rate', { currency: offer.cashCurrency });
    $('tr-rate').dataset.label = $('tr-rate-label').textContent ?? '';
    const digits = currencyDigits(offer.cashCurrency);
    $<HTMLInputElement>('tr-cash-received').value =
      offer.cashAmountMinor === null ? '' : (offer.cashAmountMinor / 10 ** digits).toFixed(digits);
    $<HTMLInputElement>('tr-rate').value = offer.cashCurrency === 'CNY' ? '1' : '';
  }
  $('tr-duplicate-field').hidden = to !== 'duplicate';

  form.hidden = false;
  $('transition-title').focus();
}

/** Whether the workflow asks for a reason for this step (the API says which: `reasonRequiredFor`). */
function needsReason(to: string): boolean {
  return offer.reasonRequiredFor.some((status) => status === to);
}

function closeTransition(focusButtons = true) {
  chosen = undefined;
  $('transition-form').hidden = true;
  for (const b of document.querySelectorAll<HTMLButtonElement>('#transition-buttons button')) b.setAttribute('aria-expanded', 'false');
  if (focusButtons) document.querySelector<HTMLButtonElement>('#transition-buttons button')?.focus();
}

async function submitTransition(event: SubmitEvent) {
  event.preventDefault();
  if (!chosen) return;
  const form = $<HTMLFormElement>('transition-form');
  const summary = $('transition-errors');
  clearFieldErrors(form, summary);
  const to = chosen;
  const text = (id: string) => $<HTMLInputElement>(id).value.trim();
  const body: Record<string, unknown> = { to, visibleToDonor: $<HTMLInputElement>('tr-visible').checked };
  if (text('tr-reason')) body.reason = text('tr-reason');
  if (needsReason(to) && !body.reason) {
    showFieldErrors(form, summary, local([{ path: 'reason', code: 'required', message: t('transition.reasonMissing') }]));
    return;
  }
  if (to === 'accepted' && text('tr-value')) body.estimatedValueCny = text('tr-value').replace(/[,\s]/g, '');
  if (to === 'received') {
    if (offer.goods.length) {
      body.received = [...document.querySelectorAll<HTMLInputElement>('#tr-received-lines input')].map((input) => ({
        position: Number(input.dataset.position),
        quantity: input.value.trim() === '' ? -1 : Number(input.value),
      }));
      const bad = (body.received as { quantity: number }[]).some((r) => !Number.isInteger(r.quantity) || r.quantity < 0);
      if (bad) {
        showFieldErrors(form, summary, local([{ path: 'received', code: 'invalid', message: t('transition.receivedInvalid') }]));
        return;
      }
    }
    if (offer.cashCurrency) {
      body.cashReceived = text('tr-cash-received').replace(/[,\s]/g, '');
      body.exchangeRate = text('tr-rate').replace(/[,\s]/g, '');
    }
  }
  if (to === 'duplicate') body.duplicateOf = text('tr-duplicate');
  const submit = $<HTMLButtonElement>('transition-submit');
  submit.disabled = true;
  const result = await api<Offer>(`/offers/${encodeURIComponent(reference)}/transitions`, { method: 'POST', body });
  submit.disabled = false;
  if (!result.ok) {
    if (result.error.status === 409) {
      // Someone else moved it meanwhile: show where it is now.
      announce(result.error.message, 'error');
      await load();
      return;
    }
    showFieldErrors(form, summary, result.error);
    return;
  }
  drafts.set(`reason:${to}`, '');
  offer = result.data;
  render();
  announce(t('transition.done', { status: statusLabel(offer.status) }));
  $('actions-title').focus();
}

function local(fields: { path: string; code: string; message: string }[]): ApiFailure {
  return { status: 422, code: 'validation', message: t('error.fix'), fields };
}

async function submitNote(event: SubmitEvent) {
  event.preventDefault();
  const form = $<HTMLFormElement>('note-form');
  const summary = $('note-errors');
  clearFieldErrors(form, summary);
  const body = $<HTMLTextAreaElement>('note-body').value.trim();
  if (!body) {
    showFieldErrors(form, summary, local([{ path: 'body', code: 'required', message: t('notes.empty') }]));
    return;
  }
  const result = await api(`/offers/${encodeURIComponent(reference)}/notes`, { method: 'POST', body: { body } });
  if (!result.ok) {
    showFieldErrors(form, summary, result.error);
    return;
  }
  form.reset();
  drafts.set('note', '');
  await load();
  announce(t('notes.added'));
}

async function submitErase(event: SubmitEvent) {
  event.preventDefault();
  const form = $<HTMLFormElement>('erase-form');
  const summary = $('erase-errors');
  clearFieldErrors(form, summary);
  if (!$<HTMLInputElement>('erase-confirm').checked) {
    showFieldErrors(form, summary, local([{ path: 'confirm', code: 'required', message: t('erase.confirmMissing') }]));
    return;
  }
  const result = await api(`/offers/${encodeURIComponent(reference)}/erase`, { method: 'POST', body: {} });
  if (!result.ok) {
    showFieldErrors(form, summary, result.error);
    return;
  }
  await load();
  announce(t('erase.done'));
}

async function load(): Promise<boolean> {
  const result = await api<Offer>(`/offers/${encodeURIComponent(reference)}`);
  if (!result.ok) {
    $('offer-loading').textContent = result.error.status === 404 ? t('offer.notFound', { reference }) : result.error.message;
    $('offer').hidden = true;
    return false;
  }
  offer = result.data;
  render();
  return true;
}

/** One offer: every field, what can be done next, the history, notes and erasure. */
export async function startOffer() {
  const signedIn = await startPage();
  if (!signedIn) return;
  me = signedIn;
  reference = (new URLSearchParams(location.search).get('ref') ?? '').trim().slice(0, 20);
  if (!reference) {
    $('offer-loading').textContent = t('offer.noReference');
    return;
  }
  $<HTMLFormElement>('transition-form').addEventListener('submit', submitTransition);
  $('transition-cancel').addEventListener('click', () => closeTransition());
  $<HTMLFormElement>('note-form').addEventListener('submit', submitNote);
  const note = $<HTMLTextAreaElement>('note-body');
  note.value = drafts.get('note');
  note.addEventListener('input', () => drafts.set('note', note.value));
  $('tr-reason').addEventListener('input', (event) => {
    if (chosen) drafts.set(`reason:${chosen}`, (event.target as HTMLTextAreaElement).value);
  });
  $<HTMLFormElement>('erase-form').addEventListener('submit', submitErase);
  await load();
}
