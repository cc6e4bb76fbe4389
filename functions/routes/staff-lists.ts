import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { useTranslations } from '../../src/i18n/i18n';
import { offerStatuses } from '../../src/lib/catalog';
import { toCsv } from '../../src/lib/csv';
import { currencyMinorUnits } from '../../src/lib/currencies';
import { offerSorts, staffLang } from '../../src/lib/staff-schemas';
import { offerExport, offerListAnswer, offersCsv } from '../contract/answers';
import { answer, describe, type Operation } from '../contract/operation';
import { refusalsOf, staffRefused } from '../contract/refusals';
import { appendAudit } from '../db/audit';
import { countByStatus, type ExportRow, exportRows, listOffers, type OfferFilters } from '../db/offer-search';
import type { AppDeps, AppEnv } from '../env';
import { requireStaff } from '../middleware/staff-session';
import { type Page, pageOf } from '../paging';
import { validationFailed } from '../validation';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)));
const filterSchema = z.object({
  status: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').filter(Boolean) : undefined))
    .pipe(z.array(z.enum(offerStatuses)).optional()),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  item: z
    .string()
    .regex(/^[a-z_]{1,40}$/)
    .optional(),
  q: z.string().trim().max(200).optional(),
  from: day.optional(),
  to: day.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  sort: z.enum(offerSorts).default('newest'),
  lang: staffLang,
});

function parseFilters(c: Context<AppEnv>) {
  const parsed = filterSchema.safeParse(Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const paths = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? 'query')))];
    validationFailed(
      c,
      paths.map((path) => ({ path, code: 'invalid' })),
    );
  }
  const { page, sort, lang, ...filters } = parsed.data;
  return { page, sort, lang, filters: filters as OfferFilters };
}

const PAGE_SIZE = 25;

/**
 * The filters of an export as the audit log keeps them: which were used, with the values
 * of fixed choices (status, country, item, dates), but only `true` for the search text,
 * which is often a donor's email or name and would outlive any erasure there.
 */
function auditedFilters({ q, ...fixed }: OfferFilters): Record<string, unknown> {
  return { ...fixed, ...(q ? { q: true } : {}) };
}

/**
 * The CSV's columns in order: each heading's key (`csv.<id>` in `locales/<lng>/staff.json`)
 * beside its cell, so the two cannot drift apart.
 */
const csvColumns = [
  ['reference', (r) => r.reference],
  ['status', (r) => r.status],
  ['submittedAt', (r) => r.submittedAt],
  ['locale', (r) => r.locale],
  ['organization', (r) => r.organizationName],
  ['country', (r) => r.organizationCountry],
  ['city', (r) => r.organizationCity],
  ['kind', (r) => r.organizationKind],
  ['contact', (r) => r.contactName],
  ['email', (r) => r.contactEmail],
  ['phone', (r) => r.contactPhone],
  ['item', (r) => r.item],
  ['itemName', (r) => r.itemName],
  ['quantity', (r) => r.quantity],
  ['unit', (r) => r.unit],
  ['standard', (r) => r.standard],
  ['expiresOn', (r) => r.expiresOn],
  ['receivedQuantity', (r) => r.receivedQuantity],
  ['pledgedAmount', (r) => (r.cashCurrency ? minorToText(r.cashAmountMinor, currencyMinorUnits(r.cashCurrency)) : '')],
  ['currency', (r) => r.cashCurrency],
  ['amountReceived', (r) => (r.cashCurrency ? minorToText(r.cashReceivedMinor, currencyMinorUnits(r.cashCurrency)) : '')],
  ['exchangeRate', (r) => (r.exchangeRateMicro === null ? '' : (r.exchangeRateMicro / 1_000_000).toFixed(6))],
  ['estimatedValueCny', (r) => minorToText(r.estimatedValueCnyMinor, 2)],
  ['recipient', (r) => r.recipient],
  ['delivery', (r) => r.delivery],
  ['thankPublicly', (r) => (r.thankPublicly ? 'yes' : 'no')],
] as const satisfies readonly (readonly [string, (r: ExportRow) => unknown])[];

const minorToText = (minor: number | null, digits: number) =>
  minor === null ? '' : digits ? (minor / 10 ** digits).toFixed(digits) : String(minor);

function listAnswer(page: Page<OfferListItem>, counts: Record<string, number>) {
  return { ...page, counts };
}

type OfferListItem = Awaited<ReturnType<typeof listOffers>>['items'][number];

const filterRefusals = refusalsOf(...staffRefused, 'validation');

const listStaffOffers: Operation = {
  operationId: 'listStaffOffers',
  summary: 'The offers, filtered',
  description: `${PAGE_SIZE} per page, with the number of offers in each status.`,
  tags: ['staff'],
  access: 'staff',
  request: { query: filterSchema },
  responses: { 200: { description: 'One page of offers.', body: offerListAnswer }, ...filterRefusals },
};

const exportCsv: Operation = {
  operationId: 'exportOffersCsv',
  summary: 'Export the offers as CSV',
  description:
    'Admins only; audited. Every goods line and contact of the matching offers; cells that a spreadsheet would run as a formula are defused.',
  tags: ['staff'],
  access: 'admin',
  request: { query: filterSchema },
  responses: {
    200: { description: 'The file.', body: offersCsv, contentType: 'text/csv' },
    ...refusalsOf(...staffRefused, 'forbidden', 'validation'),
  },
};

const exportJson: Operation = {
  operationId: 'exportOffersJson',
  summary: 'Export the offers as JSON',
  description: 'Admins only; audited. The same rows as the CSV.',
  tags: ['staff'],
  access: 'admin',
  request: { query: filterSchema },
  responses: {
    200: { description: 'The file.', body: offerExport },
    ...refusalsOf(...staffRefused, 'forbidden', 'validation'),
  },
};

/** `GET /staff/offers` (list), `GET /staff/export.csv`, `GET /staff/export.json`. */
export function staffListRoutes(deps: AppDeps) {
  const db = deps.db.db;
  const routes = new Hono<AppEnv>()
    .get('/offers', describe(listStaffOffers), requireStaff(), async (c) => {
      const { page, sort, filters } = parseFilters(c);
      const [{ items, total }, counts] = await Promise.all([
        listOffers(db, filters, { page, pageSize: PAGE_SIZE, sort }),
        countByStatus(db),
      ]);
      return answer(c, offerListAnswer, listAnswer(pageOf(items, total, page, PAGE_SIZE), counts));
    })
    .get('/export.csv', describe(exportCsv), requireStaff('admin'), (c) => exportOffers(c, 'csv'))
    .get('/export.json', describe(exportJson), requireStaff('admin'), (c) => exportOffers(c, 'json'));
  return routes;

  async function exportOffers(c: Context<AppEnv>, format: 'csv' | 'json') {
    const { lang, filters } = parseFilters(c);
    const rows = await exportRows(db, filters);
    const staff = c.get('staff');
    await appendAudit(db, {
      actorId: staff?.id,
      actorKind: 'staff',
      action: 'offers.export',
      details: { format, filters: auditedFilters(filters), rows: rows.length },
    });
    const stamp = new Date().toISOString().slice(0, 10);
    c.header('Cache-Control', 'no-store');
    c.header('Content-Disposition', `attachment; filename="tongxin-offers-${stamp}.${format}"`);
    if (format === 'json') return answer(c, offerExport, { exportedAt: new Date().toISOString(), filters, rows });
    const t = useTranslations(lang, 'staff');
    const csv = toCsv(
      csvColumns.map(([id]) => t(`csv.${id}`)),
      rows.map((r) => csvColumns.map(([, cell]) => cell(r))),
    );
    return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  }
}
