import type { Outbox as OutboxAnswer } from '../../lib/api-types';
import { $, announce, api, formatDateTime, h, page, startPage, t } from './common';

type OutboxItem = OutboxAnswer['items'][number];

function state(item: OutboxItem): string {
  if (item.status === 'sent') return t('outbox.status.sent', { date: formatDateTime(item.sentAt) });
  if (item.status === 'pending' && item.attempts > 0)
    return t('outbox.status.retrying', { count: item.attempts, date: formatDateTime(item.nextAttemptAt) });
  return t(`outbox.status.${item.status}`, { count: item.attempts });
}

/** The mail the portal queued: what was sent, what waits, and (without SMTP) the text to pass on. */
export async function startOutbox() {
  const me = await startPage();
  if (!me) return;
  const requested = Number(new URLSearchParams(location.search).get('page') ?? '1');
  const pageNumber = Number.isInteger(requested) && requested > 0 ? requested : 1;
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
  $('outbox-list').replaceChildren(
    ...items.map((item) =>
      h(
        'li',
        { class: `outbox-item status-${item.status}` },
        h('h2', { text: item.subject }),
        h(
          'dl',
          { class: 'facts' },
          h('div', {}, h('dt', { text: t('outbox.kind') }), h('dd', { text: t(`outbox.kind.${item.kind}`) })),
          h('div', {}, h('dt', { text: t('outbox.to') }), h('dd', { text: item.to })),
          h('div', {}, h('dt', { text: t('outbox.created') }), h('dd', { text: formatDateTime(item.createdAt) })),
          h('div', {}, h('dt', { text: t('outbox.state') }), h('dd', { text: state(item) })),
          item.lastError ? h('div', {}, h('dt', { text: t('outbox.lastError') }), h('dd', { text: item.lastError })) : null,
        ),
        h('details', {}, h('summary', { text: t('outbox.showText') }), h('pre', { class: 'mail-text', text: item.text })),
      ),
    ),
  );
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
