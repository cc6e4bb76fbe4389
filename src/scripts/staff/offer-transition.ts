// The offer page's workflow steps: one button per step the workflow allows, and the form
// that asks what that step needs (a reason, the value, what arrived) before sending it.
import type { StaffOffer as StaffOfferAnswer } from '../../lib/api-types';
import {
  $,
  announce,
  api,
  clearFieldErrors,
  currencyDigits,
  h,
  localFailure,
  quantityText,
  showFieldErrors,
  statusLabel,
  t,
} from './common';
import type { Drafts } from './drafts';
import { goodsLabel } from './offer-details';

type Offer = StaffOfferAnswer;

/** What the steps need of the page around them. */
export interface OfferPage {
  offer(): Offer;
  reference: string;
  drafts: Drafts;
  /** Shows an offer the API just answered with. */
  show(offer: Offer): void;
  /** Fetches the offer again (someone else may have moved it). */
  reload(): Promise<boolean>;
}

/** The transition the form is open for. */
let chosen: string | undefined;

/** Whether the workflow asks for a reason for this step (the API says which: `reasonRequiredFor`). */
function needsReason(offer: Offer, to: string): boolean {
  return offer.reasonRequiredFor.some((status) => status === to);
}

/** The step buttons for where the offer is now; the form closes. */
export function renderActions(page: OfferPage) {
  const buttons = page.offer().allowedTransitions.map((to) =>
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
  for (const button of buttons) button.addEventListener('click', () => openTransition(page, button.dataset.to ?? ''));
  closeTransition(false);
}

/** One number input per goods line, prefilled with what was offered, for saying what arrived. */
function receivedInputs(offer: Offer): HTMLElement[] {
  return offer.goods.map((g) => {
    const id = `tr-received-${g.position}`;
    const label = `${goodsLabel(offer, g)} (${t('transition.offered', { quantity: quantityText(g.quantity, g) })})`;
    return h(
      'div',
      { class: 'field inline' },
      h('label', { for: id, text: label }),
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
  });
}

/** Sets a field's visible label and the name its errors are listed under. */
function label(field: string, text: string) {
  $(`${field}-label`).textContent = text;
  $(field).dataset.label = text;
}

function openTransition(page: OfferPage, to: string) {
  const offer = page.offer();
  chosen = to;
  const form = $<HTMLFormElement>('transition-form');
  form.reset();
  clearFieldErrors(form, $('transition-errors'));
  $<HTMLTextAreaElement>('tr-reason').value = page.drafts.get(`reason:${to}`);
  for (const b of document.querySelectorAll<HTMLButtonElement>('#transition-buttons button')) {
    b.setAttribute('aria-expanded', String(b.dataset.to === to));
  }
  $('transition-title').textContent = t(`action.${to}`);
  $('transition-help').textContent = t(`transitionHelp.${to}`);
  $('transition-submit').textContent = t('transition.confirm', { action: t(`action.${to}`) });

  const required = needsReason(offer, to);
  label('tr-reason', to === 'needs_info' ? t('transition.question') : t('transition.reason'));
  $('tr-reason-required').hidden = !required;
  $<HTMLTextAreaElement>('tr-reason').required = required;
  $('tr-reason-help').textContent =
    to === 'received' ? t('transition.reasonReceived') : required ? t('transition.reasonRequired') : t('transition.reasonOptional');

  const goodsValue = to === 'accepted' && offer.goods.length > 0;
  $('tr-value-field').hidden = !goodsValue;
  if (goodsValue && offer.estimatedValueCnyMinor !== null)
    $<HTMLInputElement>('tr-value').value = (offer.estimatedValueCnyMinor / 100).toFixed(2);

  const receiving = to === 'received';
  $('tr-received').hidden = !(receiving && offer.goods.length);
  $('tr-received-lines').replaceChildren(...(receiving ? receivedInputs(offer) : []));
  const currency = receiving ? offer.cashCurrency : null;
  $('tr-cash').hidden = !currency;
  if (currency) {
    label('tr-cash-received', t('transition.cashReceived', { currency }));
    label('tr-rate', t('transition.rate', { currency }));
    const digits = currencyDigits(currency);
    $<HTMLInputElement>('tr-cash-received').value =
      offer.cashAmountMinor === null ? '' : (offer.cashAmountMinor / 10 ** digits).toFixed(digits);
    $<HTMLInputElement>('tr-rate').value = currency === 'CNY' ? '1' : '';
  }
  $('tr-duplicate-field').hidden = to !== 'duplicate';

  form.hidden = false;
  $('transition-title').focus();
}

function closeTransition(focusButtons = true) {
  chosen = undefined;
  $('transition-form').hidden = true;
  for (const b of document.querySelectorAll<HTMLButtonElement>('#transition-buttons button')) b.setAttribute('aria-expanded', 'false');
  if (focusButtons) document.querySelector<HTMLButtonElement>('#transition-buttons button')?.focus();
}

/** The request body for step `to`, or the problem to show before sending anything. */
function transitionBody(
  offer: Offer,
  to: string,
): { body: Record<string, unknown> } | { problem: Parameters<typeof localFailure>[0][number] } {
  const text = (id: string) => $<HTMLInputElement>(id).value.trim();
  const amount = (id: string) => text(id).replace(/[,\s]/g, '');
  const body: Record<string, unknown> = { to, visibleToDonor: $<HTMLInputElement>('tr-visible').checked };
  if (text('tr-reason')) body.reason = text('tr-reason');
  if (needsReason(offer, to) && !body.reason)
    return { problem: { path: 'reason', code: 'required', message: t('transition.reasonMissing') } };
  if (to === 'accepted' && text('tr-value')) body.estimatedValueCny = amount('tr-value');
  if (to === 'received' && offer.goods.length) {
    const received = [...document.querySelectorAll<HTMLInputElement>('#tr-received-lines input')].map((input) => ({
      position: Number(input.dataset.position),
      quantity: input.value.trim() === '' ? -1 : Number(input.value),
    }));
    if (received.some((r) => !Number.isInteger(r.quantity) || r.quantity < 0))
      return { problem: { path: 'received', code: 'invalid', message: t('transition.receivedInvalid') } };
    body.received = received;
  }
  if (to === 'received' && offer.cashCurrency) {
    body.cashReceived = amount('tr-cash-received');
    body.exchangeRate = amount('tr-rate');
  }
  if (to === 'duplicate') body.duplicateOf = text('tr-duplicate');
  return { body };
}

async function submitTransition(page: OfferPage, event: SubmitEvent) {
  event.preventDefault();
  if (!chosen) return;
  const form = $<HTMLFormElement>('transition-form');
  const summary = $('transition-errors');
  clearFieldErrors(form, summary);
  const to = chosen;
  const built = transitionBody(page.offer(), to);
  if ('problem' in built) {
    showFieldErrors(form, summary, localFailure([built.problem]));
    return;
  }
  const submit = $<HTMLButtonElement>('transition-submit');
  submit.disabled = true;
  const result = await api<Offer>(`/offers/${encodeURIComponent(page.reference)}/transitions`, { method: 'POST', body: built.body });
  submit.disabled = false;
  if (!result.ok) {
    if (result.error.status === 409) {
      // Someone else moved it meanwhile: show where it is now.
      announce(result.error.message, 'error');
      await page.reload();
      return;
    }
    showFieldErrors(form, summary, result.error);
    return;
  }
  page.drafts.set(`reason:${to}`, '');
  page.show(result.data);
  announce(t('transition.done', { status: statusLabel(result.data.status) }));
  $('actions-title').focus();
}

/** Wires the form once; `renderActions` fills the buttons each time the offer is shown. */
export function startTransitions(page: OfferPage) {
  $<HTMLFormElement>('transition-form').addEventListener('submit', (event) => submitTransition(page, event));
  $('transition-cancel').addEventListener('click', () => closeTransition());
  $('tr-reason').addEventListener('input', (event) => {
    if (chosen) page.drafts.set(`reason:${chosen}`, (event.target as HTMLTextAreaElement).value);
  });
}
