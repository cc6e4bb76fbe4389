import type { Outbox as OutboxAnswer, OutboxMessage } from '../../lib/api-types';
import { $, announce, api, formatDateTime, h, page, startPage, t } from './common';

type OutboxItem = OutboxAnswer['items'][number];

function state(item: OutboxItem): string {
  if (item.status === 'sent') return t('outbox.status.sent', { date: formatDateTime(item.sentAt) });
  if (item.status === 'pending' && item.attempts > 0)
    return t('outbox.status.retrying', { count: item.attempts, date: formatDateTime(item.nextAttemptAt) });
  return t(`outbox.status.${item.status}`, { count: item.attempts });
}

/**
 * One message. A held or failed one gets a button to send it again when the server says
 * it may (`canResend`), or the server's reason why not (`resendRefusal`): the page does
 * not apply the rule itself.
 */
function messageItem(item: OutboxItem): HTMLLIElement {
  const heading = `message-${item.id}`;
  // Only the erased offer is said on the item: `no_smtp` is the page's mode line, said once, and `status` needs no words.
  const why = item.resendRefusal === 'erased' ? t('outbox.cannotResend.erased') : '';
  return h(
    'li',
    { class: `outbox-item status-${item.status}`, id: `item-${item.id}` },
    h('h2', { id: heading, tabindex: '-1', text: item.subject }),
    h(
      'dl',
      { class: 'facts' },
      h('div', {}, h('dt', { text: t('outbox.kind') }), h('dd', { text: t(`outbox.kind.${item.kind}`) })),
      h('div', {}, h('dt', { text: t('outbox.to') }), h('dd', { text: item.to })),
      h('div', {}, h('dt', { text: t('outbox.created') }), h('dd', { text: formatDateTime(item.createdAt) })),
      h('div', {}, h('dt', { text: t('outbox.state') }), h('dd', { text: state(item) })),
      item.lastError ? h('div', {}, h('dt', { text: t('outbox.lastError') }), h('dd', { text: item.lastError })) : null,
    ),
    item.canResend ? h('p', { class: 'actions' }, resendButton(item, heading)) : why ? h('p', { class: 'hint', text: why }) : null,
    h('details', {}, h('summary', { text: t('outbox.showText') }), h('pre', { class: 'mail-text', text: item.text })),
  );
}

function resendButton(item: OutboxItem, heading: string): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'button', 'aria-describedby': heading, text: t('outbox.resend') });
  button.addEventListener('click', () => resend(item, button));
  return button;
}

/** Sends one message again; the item then shows the state the server answered, or the page's list is read again after a refusal. */
async function resend(item: OutboxItem, button: HTMLButtonElement) {
  button.disabled = true;
  button.textContent = t('outbox.resending');
  const result = await api<OutboxMessage>(`/outbox/${item.id}/resend`, { method: 'POST' });
  if (!result.ok) {
    announce(result.error.message, 'error');
    // Someone else may have sent it meanwhile, or its offer was erased: show where it is now.
    if (result.error.status === 404 || result.error.status === 409) await showPage();
    else {
      button.disabled = false;
      button.textContent = t('outbox.resend');
    }
    return;
  }
  const fresh = messageItem(result.data);
  document.getElementById(`item-${item.id}`)?.replaceWith(fresh);
  fresh.querySelector<HTMLElement>('h2')?.focus();
  announce(t('outbox.resent', { state: state(result.data) }));
}

let pageNumber = 1;

/** The mail the portal queued: what was sent, what waits, and (without SMTP) the text to pass on. */
export async function startOutbox() {
  const me = await startPage();
  if (!me) return;
  const requested = Number(new URLSearchParams(location.search).get('page') ?? '1');
  pageNumber = Number.isInteger(requested) && requested > 0 ? requested : 1;
  await showPage();
}

async function showPage() {
  const answer = await api<OutboxAnswer>(`/outbox?page=${pageNumber}`);
  const summary = $('outbox-summary');
  if (!answer.ok) {
    summary.textContent = '';
    announce(answer.error.message, 'error');
    return;
  }
  const { delivery, items, total, pages } = answer.data;
  $('outbox-mode').textContent = delivery === 'smtp' ? t('outbox.modeSmtp') : t('outbox.modeHeld');
  summary.textContent = total ? t('outbox.total', { count: total }) : t('outbox.none');
  $('outbox-list').replaceChildren(...items.map(messageItem));
  if (pages > 1) {
    const list = h('ul');
    if (pageNumber > 1)
      list.append(h('li', {}, h('a', { href: `${page('/outbox/')}?page=${pageNumber - 1}`, rel: 'prev', text: t('list.previous') })));
    list.append(h('li', {}, h('span', { 'aria-current': 'page', text: t('list.pageOf', { page: pageNumber, pages }) })));
    if (pageNumber < pages)
      list.append(h('li', {}, h('a', { href: `${page('/outbox/')}?page=${pageNumber + 1}`, rel: 'next', text: t('list.next') })));
    $('outbox-pages').replaceChildren(list);
    $('outbox-pages').hidden = false;
  }
}
