/**
 * The donation form's state as plain data, shared by the page (which renders it on the
 * server, with or without JavaScript in the browser) and the form's script.
 */

/** The fields of one goods line, as typed. */
export interface GoodsRow {
  item: string;
  name: string;
  quantity: string;
  standard: string;
  expiresOn: string;
}

export const goodsFields = ['item', 'name', 'quantity', 'standard', 'expiresOn'] as const;

export const emptyRow = (): GoodsRow => ({ item: '', name: '', quantity: '', standard: '', expiresOn: '' });

/** The id of a field's control: `goods[2].quantity` → `f-goods-2-quantity`. */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^a-zA-Z0-9]+/g, '-').replace(/-+$/, '')}`;
}

/** The goods rows of a posted form, in row order, blank rows included. */
export function readGoodsRows(entries: Iterable<[string, unknown]>): GoodsRow[] {
  const rows = new Map<number, GoodsRow>();
  for (const [name, value] of entries) {
    const m = /^goods\[(\d{1,3})\]\.(\w+)$/.exec(name);
    if (!m || typeof value !== 'string') continue;
    const field = m[2] as keyof GoodsRow;
    if (!(goodsFields as readonly string[]).includes(field)) continue;
    const index = Number(m[1]);
    const row = rows.get(index) ?? emptyRow();
    row[field] = value;
    rows.set(index, row);
  }
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}

/** The form's own buttons besides "send": add a goods line, or remove one. */
export function applyLineAction(rows: GoodsRow[], action: string, maxRows: number): { rows: GoodsRow[]; focusRow?: number } {
  if (action === 'add-line') {
    if (rows.length >= maxRows) return { rows };
    return { rows: [...rows, emptyRow()], focusRow: rows.length };
  }
  const remove = /^remove-line:(\d{1,3})$/.exec(action);
  if (remove) {
    const index = Number(remove[1]);
    const kept = rows.filter((_, i) => i !== index);
    return { rows: kept.length ? kept : [emptyRow()], focusRow: Math.min(index, Math.max(kept.length - 1, 0)) };
  }
  return { rows };
}

/** A problem as the page shows it: under its field, and linked from the summary. */
export interface ShownProblem {
  path: string;
  message: string;
}

/** The name of the control a problem belongs to (`goods` problems sit on the first line's item). */
export function controlFor(path: string): string {
  if (path === 'goods') return 'goods[0].item';
  if (path === 'cash') return 'cash.amount';
  return path;
}

const FORM_ORDER = [
  'locale',
  'organization.name',
  'organization.country',
  'organization.city',
  'organization.kind',
  'contact.name',
  'contact.role',
  'contact.email',
  'contact.phone',
  'contact.wechat',
  'contact.whatsapp',
  'contact.line',
  'goods',
  'cash.amount',
  'cash.currency',
  'recipient',
  'availableFrom',
  'location',
  'delivery',
  'notes',
  'consent.dataProcessing',
  'consent.thankPublicly',
];

/** Problems in the order their fields appear on the page, so the summary reads top to bottom. */
export function inFormOrder<T extends { path: string }>(problems: readonly T[]): T[] {
  const rank = (path: string) => {
    const line = /^goods\[(\d+)\]\.(\w+)$/.exec(path);
    if (line)
      return FORM_ORDER.indexOf('goods') * 10_000 + 1 + Number(line[1]) * 10 + goodsFields.indexOf(line[2] as (typeof goodsFields)[number]);
    const at = FORM_ORDER.indexOf(path);
    return (at < 0 ? FORM_ORDER.length : at) * 10_000;
  };
  return [...problems].sort((a, b) => rank(a.path) - rank(b.path));
}
