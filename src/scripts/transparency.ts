import type { Totals } from '../lib/api-types';
import { type CountForms, countText } from '../lib/count-text';

// The transparency page's script: fetches /api/totals and shows it as text, tables and
// an SVG chart. Everything from the API is inserted as text, never as markup.

export interface TransparencyMessages {
  intl: string;
  asOf: string;
  loading: string;
  failed: string;
  empty: string;
  organizations: CountForms;
  estimatedValue: string;
  items: Record<string, string>;
  /** Items with a counting word of their own (`countersByItem`); other lines by their unit. */
  counters: Record<string, string>;
  quantities: Record<string, CountForms>;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Twins: `formatMoney` in src/lib/money.ts and the staff client (docs/decisions/105-one-script-per-donor-page.md). */
function money(minor: number, currency: string, intl: string): string {
  const format = new Intl.NumberFormat(intl, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

function row(...cells: (string | [string, string])[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  cells.forEach((cell, i) => {
    const el = document.createElement(i === 0 ? 'th' : 'td');
    if (i === 0) el.setAttribute('scope', 'row');
    else el.className = 'num';
    el.textContent = Array.isArray(cell) ? cell[0] : cell;
    tr.append(el);
  });
  return tr;
}

function chart(svg: SVGSVGElement, data: { label: string; value: number }[]) {
  const ns = 'http://www.w3.org/2000/svg';
  const barHeight = 28;
  const gap = 10;
  const labelWidth = 150;
  const width = 600;
  const max = Math.max(1, ...data.map((d) => d.value));
  const height = data.length * (barHeight + gap);
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  for (const el of [...svg.children]) if (el.tagName !== 'title' && el.tagName !== 'desc') el.remove();
  data.forEach((d, i) => {
    const y = i * (barHeight + gap);
    const label = document.createElementNS(ns, 'text');
    label.setAttribute('x', '0');
    label.setAttribute('y', String(y + barHeight * 0.7));
    label.textContent = d.label;
    const bar = document.createElementNS(ns, 'rect');
    const w = Math.max(2, ((width - labelWidth - 60) * d.value) / max);
    bar.setAttribute('x', String(labelWidth));
    bar.setAttribute('y', String(y));
    bar.setAttribute('width', String(w));
    bar.setAttribute('height', String(barHeight));
    bar.setAttribute('fill', '#8c1c13');
    const value = document.createElementNS(ns, 'text');
    value.setAttribute('x', String(labelWidth + w + 6));
    value.setAttribute('y', String(y + barHeight * 0.7));
    value.textContent = String(d.value);
    svg.append(label, bar, value);
  });
}

export async function showTotals() {
  const m = JSON.parse($('totals-messages').textContent ?? '{}') as TransparencyMessages;
  const status = $('totals-status');
  status.textContent = m.loading;
  let totals: Totals;
  try {
    const res = await fetch('/api/totals', { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(String(res.status));
    totals = (await res.json()) as Totals;
  } catch {
    status.textContent = m.failed;
    status.classList.add('notice');
    $('totals-retry').hidden = false;
    return;
  }
  const countryName = new Intl.DisplayNames([m.intl], { type: 'region' });
  $('totals-as-of').textContent = m.asOf.replace(
    '{date}',
    new Intl.DateTimeFormat(m.intl, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(totals.asOf)),
  );
  if (!totals.goods.length && !totals.cash.length) {
    status.textContent = m.empty;
    return;
  }
  status.textContent = '';
  $('totals-summary').textContent =
    `${countText(m.organizations, totals.organizations, m.intl)} · ${m.estimatedValue.replace('{value}', money(totals.estimatedValueCnyMinor, 'CNY', m.intl))}`;
  $('totals-goods').replaceChildren(
    ...totals.goods.map((g) =>
      row(m.items[g.item] ?? g.item, countText(m.quantities[m.counters[g.item] ?? g.unit] ?? m.quantities.units, g.quantity, m.intl)),
    ),
  );
  $('totals-cash').replaceChildren(
    ...(totals.cash.length ? totals.cash.map((c) => row(c.currency, money(c.amountMinor, c.currency, m.intl))) : [row('—', '—')]),
  );
  if (!totals.goods.length) $('totals-goods').replaceChildren(row('—', '—'));
  const countries = totals.countries.map((c) => ({ ...c, label: countryName.of(c.country) ?? c.country }));
  $('totals-countries').replaceChildren(
    ...countries.map((c) => row(c.label, c.organizations.toLocaleString(m.intl), c.offers.toLocaleString(m.intl))),
  );
  chart(
    $('totals-chart') as unknown as SVGSVGElement,
    countries.map((c) => ({ label: c.label, value: c.offers })),
  );
  const list = $('totals-thanked');
  list.replaceChildren(
    ...totals.thanked.map((o) => {
      const li = document.createElement('li');
      li.textContent = `${o.name} (${countryName.of(o.country) ?? o.country})`;
      return li;
    }),
  );
  $('thanked-none').hidden = totals.thanked.length > 0;
  $('thanked-intro').hidden = totals.thanked.length === 0;
  $('totals').hidden = false;
}
