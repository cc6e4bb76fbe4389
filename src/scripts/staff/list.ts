import type { OfferList as OfferListAnswer } from '../../lib/api-types';
import {
  $,
  announce,
  api,
  clearFieldErrors,
  countryName,
  filtersInAddress,
  formatDateTime,
  formatMoney,
  formatNumber,
  h,
  page,
  showFieldErrors,
  startPage,
  statusLabel,
  t,
} from './common';

type ListAnswer = OfferListAnswer;
type ListItem = ListAnswer['items'][number];

const FILTERS = ['q', 'status', 'country', 'item', 'from', 'to', 'sort'] as const;

const currentFilters = () => filtersInAddress(FILTERS);

function withParams(params: URLSearchParams, changes: Record<string, string | undefined>): string {
  const next = new URLSearchParams(params);
  for (const [name, value] of Object.entries(changes)) {
    if (value) next.set(name, value);
    else next.delete(name);
  }
  const query = next.toString();
  return query ? `?${query}` : './';
}

function offered(item: ListItem): string {
  const parts: string[] = [];
  if (item.goodsLines) parts.push(t('list.goodsLines', { count: item.goodsLines }));
  if (item.cashAmountMinor !== null && item.cashCurrency) parts.push(formatMoney(item.cashAmountMinor, item.cashCurrency));
  return parts.join(' · ');
}

function paginationLinks(params: URLSearchParams, answer: ListAnswer): HTMLElement {
  const list = h('ul');
  const link = (target: number, label: string, rel?: string) =>
    h('li', {}, h('a', { href: withParams(params, { page: target > 1 ? String(target) : undefined }), rel, text: label }));
  if (answer.page > 1) list.append(link(answer.page - 1, t('list.previous'), 'prev'));
  list.append(h('li', {}, h('span', { 'aria-current': 'page', text: t('list.pageOf', { page: answer.page, pages: answer.pages }) })));
  if (answer.page < answer.pages) list.append(link(answer.page + 1, t('list.next'), 'next'));
  return list;
}

/** The offers list: filters from the address, one page of results, counts per status. */
export async function startList() {
  const me = await startPage();
  if (!me) return;
  const params = currentFilters();
  const form = $<HTMLFormElement>('filters');
  for (const name of FILTERS) {
    const field = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    const value = params.get(name);
    if (field && value) field.value = value;
  }
  // Empty fields stay out of the address, so shared links are short.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = new URLSearchParams();
    for (const name of FILTERS) {
      const value = String(new FormData(form).get(name) ?? '').trim();
      if (value && !(name === 'sort' && value === 'newest')) chosen.set(name, value);
    }
    const query = chosen.toString();
    location.assign(query ? `?${query}` : './');
  });

  if (me.role === 'admin') {
    const exportParams = new URLSearchParams(params);
    exportParams.delete('page');
    exportParams.delete('sort');
    const query = (lang?: string) => {
      const p = new URLSearchParams(exportParams);
      if (lang) p.set('lang', lang);
      const s = p.toString();
      return s ? `?${s}` : '';
    };
    // One CSV link per workspace language (`export-csv-zh`…): its headings in that language.
    for (const link of document.querySelectorAll<HTMLAnchorElement>('a[id^="export-csv-"]')) {
      link.href = `/api/staff/export.csv${query(link.id.slice('export-csv-'.length))}`;
    }
    $<HTMLAnchorElement>('export-json').href = `/api/staff/export.json${query()}`;
    $('exports').hidden = false;
  }

  const summary = $('list-summary');
  const answer = await api<ListAnswer>(`/offers?${params}`);
  if (!answer.ok) {
    summary.textContent = '';
    if (answer.error.status === 422) showFieldErrors(form, $('filter-errors'), answer.error);
    else announce(answer.error.message, 'error');
    return;
  }
  clearFieldErrors(form, $('filter-errors'));
  const { items, total, counts } = answer.data;

  const active = params.get('status');
  for (const link of document.querySelectorAll<HTMLAnchorElement>('#status-counts a')) {
    const status = link.dataset.status ?? '';
    const count = counts[status] ?? 0;
    const number = link.querySelector('[data-count]');
    if (number) number.textContent = formatNumber(count);
    link.href = withParams(params, { status, page: undefined });
    if (status === active) link.setAttribute('aria-current', 'true');
    link.classList.toggle('empty', count === 0);
  }

  summary.textContent = total ? t('list.total', { count: total }) : t('list.none');
  const body = $('offers-body');
  body.replaceChildren(
    ...items.map((item) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, h('a', { href: `${page('/offer/')}?ref=${encodeURIComponent(item.reference)}`, text: item.reference })),
        h('td', { text: item.organizationName }),
        h('td', { text: countryName(item.organizationCountry) }),
        h('td', {}, h('span', { class: `badge status-${item.status}`, text: statusLabel(item.status) })),
        h('td', {}, h('time', { datetime: item.submittedAt, text: formatDateTime(item.submittedAt) })),
        h('td', { text: offered(item) }),
      ),
    ),
  );
  $('offers-table').hidden = items.length === 0;
  const nav = $('pagination');
  if (answer.data.pages > 1) {
    nav.replaceChildren(paginationLinks(params, answer.data));
    nav.hidden = false;
  }
}
