import type { StaffLocale } from '../../i18n/staff';
import type { ApiErrorBody, FieldMessage, StaffMember } from '../../lib/api-types';

// What every staff page's script shares: its words, the API, and building the page from
// data. Everything that came from a donor or the API is inserted as text, never as markup.

export interface StaffMessages {
  locale: StaffLocale;
  intl: string;
  /** `/staff/zh`: where this language's pages live. */
  base: string;
  /** The `staff` namespace, plus the donation form's labels as `donate:<key>`. */
  strings: Record<string, string>;
  /** Items with a counting word of their own (`countersByItem`); other lines by their unit. */
  counters: Record<string, string>;
}

export type Me = StaffMember;

export interface ApiFailure {
  status: number;
  code: string;
  message: string;
  fields: FieldMessage[];
  /** For a 409 transition: what is allowed instead. */
  allowed?: string[];
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; error: ApiFailure };

let cached: StaffMessages | undefined;

export function messages(): StaffMessages {
  cached ??= JSON.parse(document.getElementById('staff-messages')?.textContent ?? '{}') as StaffMessages;
  return cached;
}

/**
 * This page's text for `key`, with `{{name}}` filled and the plural form (`_one`,
 * `_other`, as i18next names them) chosen by `count`. Deliberately not shared with the
 * donation form's `translate()`: a module both bundles import becomes a chunk of its own,
 * an extra request on the donors' page, which must stay one script
 * (docs/decisions/105-one-script-per-donor-page.md).
 */
export function t(key: string, params: Record<string, string | number> = {}): string {
  const { strings, intl } = messages();
  const plural = typeof params.count === 'number' ? strings[`${key}_${new Intl.PluralRules(intl).select(params.count)}`] : undefined;
  const template = plural ?? strings[key] ?? strings[`${key}_other`] ?? key;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A page of this workspace in the current language: `page('/offer/')`. */
export function page(rest: string): string {
  return `${messages().base}${rest}`;
}

/** The path of this page with its query, for coming back after signing in. */
function here(): string {
  return `${location.pathname}${location.search}`;
}

/** A `next` parameter that can only lead to a page of the workspace. */
export function safeNext(candidate: string | null): string | undefined {
  if (!candidate || candidate.length > 512 || !candidate.startsWith('/staff/') || /[\\\s]/.test(candidate)) return undefined;
  try {
    const url = new URL(candidate, location.origin);
    return url.origin === location.origin ? `${url.pathname}${url.search}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Calls the staff API in this page's language. A lost session goes to the sign-in page
 * (and back here after); a password that must be changed goes to that page.
 */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<ApiResult<T>> {
  const url = new URL(`/api/staff${path}`, location.origin);
  url.searchParams.set('locale', messages().locale);
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      headers:
        init.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: init.body === undefined ? null : JSON.stringify(init.body),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, error: { status: 0, code: 'network', message: t('error.network'), fields: [] } };
  }
  if (response.ok) {
    const data = response.status === 204 ? (undefined as T) : ((await response.json()) as T);
    return { ok: true, status: response.status, data };
  }
  const body = (await response.json().catch(() => ({}))) as ApiErrorBody;
  const error: ApiFailure = {
    status: response.status,
    code: body.error?.code ?? 'unknown',
    message: body.error?.message ?? t('error.server'),
    fields: body.error?.fields ?? [],
    ...(body.error?.allowed ? { allowed: body.error.allowed } : {}),
  };
  if (response.status === 401 && !path.startsWith('/login') && !location.pathname.endsWith('/login/')) {
    location.assign(`${page('/login/')}?next=${encodeURIComponent(here())}`);
  } else if (error.code === 'password_change_required' && !location.pathname.endsWith('/password/')) {
    location.assign(`${page('/password/')}?next=${encodeURIComponent(here())}`);
  }
  return { ok: false, error };
}

/** The filters named `names` and the page in this page's address, without empty ones: a list's query, kept across pages and languages. */
export function filtersInAddress(names: readonly string[]): URLSearchParams {
  const from = new URLSearchParams(location.search);
  const out = new URLSearchParams();
  for (const name of [...names, 'page']) {
    const value = from.get(name)?.trim();
    if (value) out.set(name, value);
  }
  return out;
}

/** A problem found before sending, shown like the API's own 422: `localFailure([{ path, code, message }])`. */
export function localFailure(fields: FieldMessage[]): ApiFailure {
  return { status: 422, code: 'validation', message: t('error.fix'), fields };
}

type Child = Node | string | null | undefined | false;

/** An element with attributes and children; strings become text nodes, never markup. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'text') el.textContent = String(value);
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

/**
 * A table in a region that scrolls sideways on a phone (focusable, so a keyboard can
 * scroll it): column headings, then rows of cells the caller built.
 */
export function dataTable(label: string, headings: string[], rows: Node[][]): HTMLDivElement {
  const head = h('tr', {}, ...headings.map((heading) => h('th', { scope: 'col', text: heading })));
  const body = rows.map((cells) => h('tr', {}, ...cells));
  return h(
    'div',
    { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': label },
    h('table', { class: 'data' }, h('thead', {}, head), h('tbody', {}, ...body)),
  );
}

export const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

export function formatDateTime(iso: string | Date | null | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(messages().intl, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatDay(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(messages().intl, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${iso.slice(0, 10)}T00:00:00Z`),
  );
}

export function formatNumber(n: number): string {
  return n.toLocaleString(messages().intl);
}

/**
 * Minor units of a currency as money: `35000000` CNY → `¥350,000.00`. Twins, one per
 * bundle (docs/decisions/105-one-script-per-donor-page.md): `formatMoney` in
 * src/lib/money.ts and `money` in src/scripts/transparency.ts.
 */
export function formatMoney(minor: number | null | undefined, currency: string | null | undefined): string {
  if (minor === null || minor === undefined || !currency) return '';
  const format = new Intl.NumberFormat(messages().intl, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/** The fraction digits a currency's amounts have (0 for yen). */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** A country (`AR`) or language (`es`) code by its name in the page's language; the code when unknown. */
function displayName(type: 'region' | 'language', code: string | null | undefined): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames(messages().intl, { type }).of(code) ?? code;
  } catch {
    return code;
  }
}

export const countryName = (code: string | null | undefined) => displayName('region', code);
export const languageName = (code: string | null | undefined) => displayName('language', code);

export function statusLabel(status: string): string {
  return t(`status.${status}`);
}

/** A goods line's quantity with its counting word: `300,000 pieces`, `30万 枚`. */
export function quantityText(quantity: number | null | undefined, line: { item: string; unit: string }): string {
  if (quantity === null || quantity === undefined) return '';
  return t(`donate:quantity.${messages().counters[line.item] ?? line.unit}`, { count: quantity, value: formatNumber(quantity) });
}

/** Says something to screen readers and shows it, in the page's live region. */
export function announce(text: string, kind: 'status' | 'error' = 'status') {
  const region = $('staff-announce');
  if (!region) return;
  region.className = `announce ${kind === 'error' ? 'error' : 'success'}`;
  region.textContent = text;
}

/** Shows field errors next to their inputs (by `data-path`) and lists them in a summary. */
export function showFieldErrors(form: HTMLFormElement, summary: HTMLElement, error: ApiFailure) {
  clearFieldErrors(form, summary);
  const items: HTMLElement[] = [];
  for (const field of error.fields) {
    const input = form.querySelector<HTMLElement>(`[data-path="${CSS.escape(field.path)}"]`);
    const slot = input ? form.querySelector<HTMLElement>(`#${CSS.escape(input.id)}-error`) : null;
    if (input && slot) {
      input.setAttribute('aria-invalid', 'true');
      slot.textContent = field.message;
      slot.hidden = false;
      items.push(h('li', {}, h('a', { href: `#${input.id}`, text: `${input.dataset.label ?? field.path}: ${field.message}` })));
    } else {
      items.push(h('li', { text: field.message }));
    }
  }
  summary.replaceChildren(h('p', { class: 'notice-title', text: error.message }));
  if (items.length) summary.append(h('ul', {}, ...items));
  summary.hidden = false;
  summary.focus();
}

export function clearFieldErrors(form: HTMLFormElement, summary: HTMLElement) {
  for (const input of form.querySelectorAll('[aria-invalid="true"]')) input.removeAttribute('aria-invalid');
  for (const slot of form.querySelectorAll<HTMLElement>('.field-error')) {
    slot.textContent = '';
    slot.hidden = true;
  }
  summary.hidden = true;
  summary.replaceChildren();
}

/**
 * What every signed-in page does first: who is signed in (or off to the sign-in page),
 * the header's name and sign-out button, and the language links keeping the query.
 */
export async function startPage(): Promise<Me | undefined> {
  rememberLanguage();
  const me = await api<Me>('/me');
  if (!me.ok) {
    if (me.error.status !== 401) announce(me.error.message, 'error');
    return undefined;
  }
  if (me.data.mustChangePassword && !location.pathname.endsWith('/password/')) {
    location.assign(`${page('/password/')}?next=${encodeURIComponent(here())}`);
    return undefined;
  }
  $('staff-user-email').textContent = me.data.email;
  $('staff-user-role').textContent = t(`role.${me.data.role}`);
  $('staff-user').hidden = false;
  // Navigation to admins' pages: shown to admins only (the API refuses everyone else anyway).
  for (const item of document.querySelectorAll<HTMLElement>('[data-admin-only]')) item.hidden = me.data.role !== 'admin';
  $('staff-signout').addEventListener('click', async () => {
    await api('/logout', { method: 'POST' });
    location.assign(page('/login/'));
  });
  return me.data;
}

/**
 * Remembers this language for `/staff/`, and makes the language links carry the query
 * (which offer, which filters) to the other language.
 */
export function rememberLanguage() {
  // biome-ignore lint/suspicious/noDocumentCookie: one plain preference cookie; the Cookie Store API is not in every browser staff use
  document.cookie = `tx_staff_lang=${messages().locale}; path=/staff; max-age=31536000; samesite=strict${location.protocol === 'https:' ? '; secure' : ''}`;
  for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-keep-query]')) {
    link.search = location.search;
  }
}
