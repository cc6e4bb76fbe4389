import { normalizeAmount } from './money';

type FormValue = string | { toString(): string };

/**
 * The HTML form's fields (`organization.name`, `goods[2].quantity`, `consent.dataProcessing`)
 * as the API's JSON shape. Goods lines left entirely empty are dropped; `rows` maps each
 * remaining line to its row in the form, so a problem can be shown on the right row.
 * Amounts are read with the separators of the form's language.
 */
export function formToOfferInput(entries: Iterable<[string, FormValue]>, groupSeparator: ',' | '.' = ',') {
  const flat = new Map<string, string>();
  for (const [name, value] of entries) if (typeof value === 'string') flat.set(name, value);
  const get = (name: string) => flat.get(name) ?? '';
  const rowIndexes = new Set<number>();
  for (const name of flat.keys()) {
    const m = /^goods\[(\d{1,3})\]\./.exec(name);
    if (m) rowIndexes.add(Number(m[1]));
  }
  const rows: number[] = [];
  const goodsLines: Record<string, string>[] = [];
  for (const row of [...rowIndexes].sort((a, b) => a - b)) {
    const line = Object.fromEntries(
      ['item', 'name', 'quantity', 'standard', 'expiresOn'].map((key) => [key, get(`goods[${row}].${key}`)] as const),
    );
    if (Object.values(line).every((v) => !v.trim())) continue;
    rows.push(row);
    goodsLines.push(line);
  }
  const amount = get('cash.amount');
  const input = {
    locale: get('locale') || undefined,
    organization: {
      name: get('organization.name'),
      country: get('organization.country'),
      city: get('organization.city'),
      kind: get('organization.kind'),
    },
    contact: {
      name: get('contact.name'),
      role: get('contact.role'),
      email: get('contact.email'),
      phone: get('contact.phone'),
      wechat: get('contact.wechat'),
      whatsapp: get('contact.whatsapp'),
      line: get('contact.line'),
    },
    goods: goodsLines,
    cash: amount.trim() ? { amount: normalizeAmount(amount, groupSeparator) ?? amount, currency: get('cash.currency') } : undefined,
    recipient: get('recipient'),
    availableFrom: get('availableFrom'),
    location: get('location'),
    delivery: get('delivery'),
    notes: get('notes'),
    consent: { dataProcessing: flat.has('consent.dataProcessing'), thankPublicly: flat.has('consent.thankPublicly') },
    form: { startedAt: get('startedAt'), website: get('website') },
  };
  return { input, rows };
}

/**
 * A problem's path as the form names it. The API numbers goods lines among the filled ones
 * (`goods[0]` is the first line with anything in it), the form by the row each was typed in;
 * `rows` is what `formToOfferInput` returned beside the input. Other paths, and line numbers
 * `rows` does not know, stay as they are: with rows `[1, 3]`, `goods[1].quantity` → `goods[3].quantity`.
 */
export function pathInForm(path: string, rows: readonly number[]): string {
  return path.replace(/^goods\[(\d+)\]/, (_, line: string) => `goods[${rows[Number(line)] ?? line}]`);
}
