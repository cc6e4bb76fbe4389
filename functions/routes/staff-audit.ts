import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { getI18n, useTranslations } from '../../src/i18n/i18n';
import { toCsv } from '../../src/lib/csv';
import { isReference, normalizeReference } from '../../src/lib/reference';
import { staffLang } from '../../src/lib/staff-schemas';
import { shownDetails } from '../audit-details';
import { auditAnswer, auditCsv } from '../contract/answers';
import { answer, describe, type Operation } from '../contract/operation';
import { refusalsOf, staffRefused } from '../contract/refusals';
import { type AuditFilters, type AuditRow, appendAudit, auditChoices, exportAudit, searchAudit } from '../db/audit';
import type { AppDeps, AppEnv } from '../env';
import { requireStaff } from '../middleware/staff-session';
import { pageOf } from '../paging';
import { validationFailed } from '../validation';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)))
  .meta({ description: 'A whole day, in UTC, inclusive.', examples: ['2026-03-15'] });

const filterSchema = z
  .object({
    actor: z
      .union([z.uuid(), z.enum(['cli', 'system'])])
      .optional()
      .meta({ description: 'A staff account’s id, or `cli` (the command line) or `system` (the portal itself).' }),
    action: z
      .string()
      .regex(/^[a-z]+(\.[a-z-]+)+$/)
      .max(64)
      .optional()
      .meta({ description: 'One action, exactly.', examples: ['offer.transition'] }),
    reference: z
      .string()
      .max(40)
      .transform((text, ctx) => {
        const reference = normalizeReference(text);
        if (reference) return reference;
        ctx.issues.push({ code: 'custom', message: 'Not an offer reference', input: text });
        return z.NEVER;
      })
      .optional()
      .meta({ description: 'An offer reference, written as staff type it (`tx 4k7m q9pd`).', examples: ['TX-4K7M-Q9PD'] }),
    from: day.optional(),
    to: day.optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    lang: staffLang,
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'Ends before it starts' });

/** The filters from the query (empty ones left out), or a localized 422 naming each bad one. */
function parseFilters(c: Context<AppEnv>) {
  const parsed = filterSchema.safeParse(Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const paths = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? 'query')))];
    validationFailed(
      c,
      paths.map((path) => ({ path, code: 'invalid' })),
    );
  }
  const { page, lang, ...filters } = parsed.data;
  return { page, lang, filters: filters as AuditFilters };
}

/**
 * The filters as the log keeps them. Every value is one the schema above accepted: an
 * account id, an action code, a normalized reference, days. Nothing anyone typed freely.
 */
function auditedFilters(filters: AuditFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * One entry as staff see it. The subject is shown only as what it can be: an offer
 * reference, or the staff account an account action was about (its email: staff data).
 * Details pass through `shownDetails` (functions/audit-details.ts): never the raw column.
 */
function entryOf(row: AuditRow) {
  return {
    id: row.id,
    at: row.at,
    actorKind: actorKinds.find((kind) => kind === row.actorKind) ?? 'system',
    actorEmail: row.actorEmail,
    action: row.action,
    reference: row.subject && isReference(row.subject) ? row.subject : null,
    accountEmail: row.subjectEmail,
    details: shownDetails(row.action, row.details),
  };
}

const actorKinds = ['staff', 'cli', 'system'] as const;

const PAGE_SIZE = 50;

/** The CSV's columns: each heading's key (`audit.csv.<id>` in staff.json) beside its cell. */
const csvColumns = [
  ['at', (e) => e.at],
  ['actor', (e, w) => e.actorEmail ?? w.t(`audit.actor.${e.actorKind}`)],
  ['action', (e) => e.action],
  // An action newer than its label (functions/audit-details.ts) shows its code.
  ['actionLabel', (e, w) => (w.has(`audit.action.${e.action}`) ? w.t(`audit.action.${e.action}`) : e.action)],
  ['reference', (e) => e.reference],
  ['account', (e) => e.accountEmail],
  ['details', (e) => detailsText(e.details)],
] as const satisfies readonly (readonly [string, (e: AuditEntry, words: Words) => unknown])[];

type AuditEntry = ReturnType<typeof entryOf>;
/** The CSV's language: its texts, and whether it has one. */
interface Words {
  t: (key: string) => string;
  has: (key: string) => boolean;
}

/** `from=under_review; to=accepted; visibleToDonor=true`: the shown details, for a spreadsheet cell. */
function detailsText(details: AuditEntry['details']): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`)
    .join('; ');
}

const filterRefusals = refusalsOf(...staffRefused, 'forbidden', 'validation');

const readAudit: Operation = {
  operationId: 'readAuditLog',
  summary: 'The audit log, filtered',
  description:
    `Admins only; reading it is audited. Newest first, ${PAGE_SIZE} per page, with the actions and staff accounts the ` +
    'log holds (for the filters). Each entry’s details are only those its action’s rule lets through: enumerations, ' +
    'numbers, booleans, days and fixed patterns, never free text.',
  tags: ['staff'],
  access: 'admin',
  request: { query: filterSchema },
  responses: { 200: { description: 'One page of entries.', body: auditAnswer }, ...filterRefusals },
};

const exportAuditCsv: Operation = {
  operationId: 'exportAuditCsv',
  summary: 'Export the audit log as CSV',
  description: 'Admins only; audited. Every entry the filters match (`page` is ignored), with the same details as the list.',
  tags: ['staff'],
  access: 'admin',
  request: { query: filterSchema },
  responses: {
    200: { description: 'The file.', body: auditCsv, contentType: 'text/csv' },
    ...filterRefusals,
  },
};

/** `GET /staff/audit` and `GET /staff/audit.csv`. */
export function staffAuditRoutes(deps: AppDeps) {
  const db = deps.db.db;
  return new Hono<AppEnv>()
    .get('/audit', describe(readAudit), requireStaff('admin'), async (c) => {
      const { page, filters } = parseFilters(c);
      const [{ items, total }, choices] = await Promise.all([searchAudit(db, filters, { page, pageSize: PAGE_SIZE }), auditChoices(db)]);
      // Recorded after the search, so a read does not list itself.
      await appendAudit(db, {
        actorId: c.get('staff')?.id,
        actorKind: 'staff',
        action: 'audit.read',
        details: { filters: auditedFilters(filters), page },
      });
      return answer(c, auditAnswer, { ...pageOf(items.map(entryOf), total, page, PAGE_SIZE), choices });
    })
    .get('/audit.csv', describe(exportAuditCsv), requireStaff('admin'), async (c) => {
      const { lang, filters } = parseFilters(c);
      const entries = (await exportAudit(db, filters)).map(entryOf);
      await appendAudit(db, {
        actorId: c.get('staff')?.id,
        actorKind: 'staff',
        action: 'audit.export',
        details: { format: 'csv', filters: auditedFilters(filters), rows: entries.length },
      });
      const words: Words = {
        t: useTranslations(lang, 'staff') as unknown as Words['t'],
        has: (key) => getI18n(lang).exists(key, { ns: 'staff' }),
      };
      const csv = toCsv(
        csvColumns.map(([id]) => words.t(`audit.csv.${id}`)),
        entries.map((e) => csvColumns.map(([, cell]) => cell(e, words))),
      );
      const stamp = new Date().toISOString().slice(0, 10);
      c.header('Cache-Control', 'no-store');
      c.header('Content-Disposition', `attachment; filename="tongxin-audit-${stamp}.csv"`);
      return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8' });
    });
}
