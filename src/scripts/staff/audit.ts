import type { AuditLog } from '../../lib/api-types';
import {
  $,
  announce,
  api,
  clearFieldErrors,
  countryName,
  filtersInAddress,
  formatDateTime,
  formatDay,
  formatNumber,
  h,
  messages,
  page,
  showFieldErrors,
  startPage,
  statusLabel,
  t,
} from './common';

type Entry = AuditLog['items'][number];
type Choices = AuditLog['choices'];

const FILTERS = ['actor', 'action', 'reference', 'from', 'to'] as const;

const currentFilters = () => filtersInAddress(FILTERS);

function withPage(params: URLSearchParams, target: number): string {
  const next = new URLSearchParams(params);
  if (target > 1) next.set('page', String(target));
  else next.delete('page');
  const query = next.toString();
  return query ? `?${query}` : './';
}

/** A text of this page's, or `fallback` when there is none (an action newer than its label). */
function label(key: string, fallback: string): string {
  return key in messages().strings ? t(key) : fallback;
}

const actionLabel = (action: string) => label(`audit.action.${action}`, action);

function actorLabel(entry: Pick<Entry, 'actorKind' | 'actorEmail'>): string {
  return entry.actorEmail ?? t(`audit.actor.${entry.actorKind}`);
}

/** One shown detail's value in words: statuses, roles, actions and choices by their labels. */
function detailValue(key: string, value: Entry['details'][string], choices: Choices): string {
  if (Array.isArray(value)) return value.map((v) => detailValue(key, v, choices)).join(', ');
  if (key === 'filters.q') return t('audit.value.given');
  if (typeof value === 'boolean') return t(value ? 'audit.yes' : 'audit.no');
  if (typeof value === 'number') return formatNumber(value);
  if (key === 'from' || key === 'to' || key === 'filters.status') return statusLabel(value);
  if (key === 'format') return value.toUpperCase();
  if (key === 'role') return t(`role.${value}`);
  if (key === 'kind') return label(`outbox.kind.${value}`, value);
  if (key === 'filters.from' || key === 'filters.to') return formatDay(value);
  if (key === 'filters.country') return countryName(value);
  if (key === 'filters.item') return label(`donate:item.${value}`, value);
  if (key === 'filters.action') return actionLabel(value);
  if (key === 'filters.actor')
    return value === 'cli' || value === 'system' ? t(`audit.actor.${value}`) : (choices.actors.find((a) => a.id === value)?.email ?? value);
  return label(`audit.value.${value}`, value);
}

function entryItem(entry: Entry, choices: Choices): HTMLLIElement {
  const details = Object.entries(entry.details);
  const about = entry.reference
    ? h('a', { href: `${page('/offer/')}?ref=${encodeURIComponent(entry.reference)}`, text: entry.reference })
    : entry.accountEmail;
  return h(
    'li',
    { class: 'audit-entry' },
    h('p', { class: 'audit-head' }, h('strong', { class: 'audit-action', text: actionLabel(entry.action) }), about ? ' · ' : null, about),
    h(
      'p',
      { class: 'meta' },
      h('time', { datetime: entry.at, text: formatDateTime(entry.at) }),
      ' · ',
      h('span', { class: 'audit-actor', text: actorLabel(entry) }),
    ),
    details.length
      ? h(
          'dl',
          { class: 'facts audit-details' },
          ...details.map(([key, value]) =>
            h('div', {}, h('dt', { text: label(`audit.detail.${key}`, key) }), h('dd', { text: detailValue(key, value, choices) })),
          ),
        )
      : null,
  );
}

/** Fills the actor and action choices from what the log holds, keeping a chosen value that it no longer does. */
function fillChoices(form: HTMLFormElement, choices: Choices, params: URLSearchParams) {
  const actor = form.elements.namedItem('actor') as HTMLSelectElement;
  const chosenActor = params.get('actor');
  const accounts = [...choices.actors];
  if (chosenActor && !['cli', 'system'].includes(chosenActor) && !accounts.some((a) => a.id === chosenActor))
    accounts.push({ id: chosenActor, email: chosenActor });
  actor.append(...accounts.map((a) => h('option', { value: a.id, text: a.email })));
  const action = form.elements.namedItem('action') as HTMLSelectElement;
  const actions = [...choices.actions];
  const chosenAction = params.get('action');
  if (chosenAction && !actions.includes(chosenAction)) actions.push(chosenAction);
  actions.sort((a, b) => actionLabel(a).localeCompare(actionLabel(b), messages().intl));
  action.append(...actions.map((a) => h('option', { value: a, text: actionLabel(a) })));
  for (const name of FILTERS) {
    const field = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    const value = params.get(name);
    if (field && value) field.value = value;
  }
}

/** The audit log, for admins: filters in the address, one page of entries, the CSV of all that match. */
export async function startAudit() {
  const me = await startPage();
  if (!me) return;
  if (me.role !== 'admin') {
    $('audit-admins-only').hidden = false;
    return;
  }
  $('audit-workspace').hidden = false;
  const params = currentFilters();
  const form = $<HTMLFormElement>('audit-filters');
  // Empty fields stay out of the address, so shared links are short.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = new URLSearchParams();
    for (const name of FILTERS) {
      const value = String(new FormData(form).get(name) ?? '').trim();
      if (value) chosen.set(name, value);
    }
    const query = chosen.toString();
    location.assign(query ? `?${query}` : './');
  });
  const csv = new URLSearchParams(params);
  csv.delete('page');
  csv.set('lang', messages().locale);
  $<HTMLAnchorElement>('audit-csv').href = `/api/staff/audit.csv?${csv}`;

  const summary = $('audit-summary');
  const answer = await api<AuditLog>(`/audit?${params}`);
  if (!answer.ok) {
    summary.textContent = '';
    if (answer.error.status === 422) {
      // The form keeps what was asked for, so the refused value can be corrected.
      fillChoices(form, { actions: [], actors: [] }, params);
      showFieldErrors(form, $('audit-filter-errors'), answer.error);
    } else announce(answer.error.message, 'error');
    return;
  }
  clearFieldErrors(form, $('audit-filter-errors'));
  const { items, total, pages, choices } = answer.data;
  fillChoices(form, choices, params);
  summary.textContent = total ? t('audit.total', { count: total }) : t('audit.none');
  $('audit-list').replaceChildren(...items.map((entry) => entryItem(entry, choices)));
  if (pages > 1) {
    const current = answer.data.page;
    const list = h('ul');
    if (current > 1) list.append(h('li', {}, h('a', { href: withPage(params, current - 1), rel: 'prev', text: t('list.previous') })));
    list.append(h('li', {}, h('span', { 'aria-current': 'page', text: t('list.pageOf', { page: current, pages }) })));
    if (current < pages) list.append(h('li', {}, h('a', { href: withPage(params, current + 1), rel: 'next', text: t('list.next') })));
    $('audit-pages').replaceChildren(list);
    $('audit-pages').hidden = false;
  }
}
