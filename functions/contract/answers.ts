import * as z from 'zod';
import { locales } from '../../src/i18n/config';
import { deliveries, items, offerStatuses, organizationKinds, recipients, units } from '../../src/lib/catalog';
import { outboxKinds, outboxStatuses } from '../db/schema';
import { staffRoles } from '../db/staff-schema';
import { resendRefusals } from '../mail/resend-rule';
import { named } from './operation';

/**
 * What the API answers, as zod schemas: the description's response schemas, and what
 * `answer()` holds each route's body to at compile time. The API's tests check every
 * response they receive against the description built from these.
 */

const dateTime = z.iso.datetime({ offset: true }).meta({ examples: ['2026-03-01T08:30:00.000Z'] });
const day = z.iso.date().meta({ examples: ['2026-03-15'] });
const reference = z
  .string()
  .regex(/^TX-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/)
  .meta({ examples: ['TX-4K7M-Q9PD'] });
const status = z.enum(offerStatuses);
const country = z
  .string()
  .regex(/^[A-Z]{2}$/)
  .meta({ description: 'ISO 3166-1 alpha-2', examples: ['AR'] });
const currency = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .meta({ description: 'ISO 4217', examples: ['USD'] });
const minor = z.int().meta({ description: 'In minor units of the currency (cents, fen; yen have none).' });
const nullable = <T extends z.ZodType>(schema: T) => schema.nullable();

export const offerCreated = named(
  'OfferCreated',
  z.object({ reference, status: z.literal('submitted') }).meta({ description: 'What the donor keeps: the reference.' }),
);

const donorGoods = z.object({
  item: z.enum(items),
  name: nullable(z.string()).meta({ description: 'What the item is, for `other`.' }),
  quantity: z.int().min(1),
  unit: z.string(),
  standard: nullable(z.string()),
  expiresOn: nullable(day),
});

export const lookupAnswer = named(
  'DonorOffer',
  z
    .object({
      reference,
      status,
      locale: z.string().meta({ description: 'The language the donor used.' }),
      submittedAt: dateTime,
      organization: z.object({ name: z.string(), country, city: nullable(z.string()) }),
      contact: z.object({ name: z.string().meta({ description: 'The first contact’s name only.' }) }),
      goods: z.array(donorGoods),
      cash: nullable(z.object({ amount: z.string().meta({ examples: ['5000.00'] }), amountMinor: minor, currency })),
      recipient: z.enum(recipients),
      availableFrom: nullable(day),
      location: nullable(z.string()),
      delivery: z.enum(deliveries),
      notes: nullable(z.string()),
      history: z.array(
        z.object({
          status,
          note: nullable(z.string()).meta({ description: 'A note staff wrote for the donor, in their language.' }),
          at: dateTime,
        }),
      ),
    })
    .meta({ description: 'What the donor may see of their offer: no staff notes, no other contacts.' }),
);

const choiceName = z.object({ code: z.string(), name: z.string() });

export const catalogAnswer = named(
  'Catalog',
  z.object({
    locale: z.enum(locales),
    items: z.array(z.object({ item: z.enum(items), name: z.string(), unit: z.enum(units), unitName: z.string() })),
    standards: z.array(z.string()),
    organizationKinds: z.array(choiceName.extend({ code: z.enum(organizationKinds) })),
    recipients: z.array(choiceName.extend({ code: z.enum(recipients) })),
    deliveries: z.array(choiceName.extend({ code: z.enum(deliveries) })),
    currencies: z.array(z.object({ code: currency, name: z.string(), minorUnits: z.int().min(0), common: z.boolean() })),
  }),
);

export const totalsAnswer = named(
  'Totals',
  z
    .object({
      asOf: dateTime,
      goods: z.array(z.object({ item: z.enum(items), unit: z.string(), quantity: z.int() })),
      cash: z.array(z.object({ currency, amountMinor: minor })),
      estimatedValueCnyMinor: z.int().meta({ description: 'Goods as staff valued them plus cash at its rate, in fen.' }),
      countries: z.array(z.object({ country, offers: z.int(), organizations: z.int() })),
      organizations: z.int(),
      thanked: z.array(z.object({ name: z.string(), country })).meta({ description: 'Only organisations that agreed.' }),
    })
    .meta({ description: 'What has arrived: only received offers count.' }),
);

export const healthAnswer = named(
  'Health',
  z.object({
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    db: z.object({ kind: z.enum(['pglite', 'postgres']), status: z.enum(['ok', 'unavailable']) }),
  }),
);

export const cronAnswer = named(
  'CronRun',
  z.object({}).catchall(z.unknown()).meta({ description: 'What the run did (mail sent, failed, rows swept): for the scheduler’s log.' }),
);

export const openApiAnswer = named(
  'OpenApiDocument',
  z.object({ openapi: z.string() }).catchall(z.unknown()).meta({ description: 'This description.' }),
);

// Staff

export const meAnswer = named('StaffMember', z.object({ email: z.string(), role: z.enum(staffRoles), mustChangePassword: z.boolean() }));

const listItem = z.object({
  reference,
  status,
  organizationName: z.string(),
  organizationCountry: country,
  submittedAt: dateTime,
  cashAmountMinor: nullable(minor),
  cashCurrency: nullable(currency),
  goodsLines: z.int(),
});

const paging = {
  total: z.int(),
  page: z.int().min(1),
  pageSize: z.int(),
  pages: z.int().min(1),
};

export const offerListAnswer = named(
  'OfferList',
  z.object({
    items: z.array(listItem),
    ...paging,
    counts: z.record(z.string(), z.int()).meta({ description: 'Offers per status, over all offers.' }),
  }),
);

export const staffOfferAnswer = named(
  'StaffOffer',
  z.object({
    reference,
    status,
    locale: z.string().meta({ description: 'The language the donor used.' }),
    organizationName: z.string(),
    organizationCountry: country,
    organizationCity: nullable(z.string()),
    organizationKind: nullable(z.enum(organizationKinds)),
    recipient: z.enum(recipients),
    availableFrom: nullable(day),
    location: nullable(z.string()),
    delivery: z.enum(deliveries),
    donorNotes: nullable(z.string()),
    cashAmountMinor: nullable(minor),
    cashCurrency: nullable(currency),
    consentDataProcessing: z.boolean(),
    consentThankPublicly: z.boolean(),
    estimatedValueCnyMinor: nullable(z.int()),
    cashReceivedMinor: nullable(minor),
    exchangeRateMicro: nullable(z.int()).meta({ description: 'CNY per unit of the currency, times 1,000,000.' }),
    erasedAt: nullable(dateTime),
    submittedAt: dateTime,
    updatedAt: dateTime,
    duplicateOfReference: nullable(reference),
    contacts: z.array(
      z.object({
        name: z.string(),
        role: nullable(z.string()),
        email: nullable(z.string()),
        emailValid: z.boolean().meta({ description: 'The address passes the portal’s email rule, so a page may link it.' }),
        phone: nullable(z.string()),
        wechat: nullable(z.string()),
        whatsapp: nullable(z.string()),
        line: nullable(z.string()),
      }),
    ),
    goods: z.array(donorGoods.extend({ position: z.int().min(0), receivedQuantity: nullable(z.int()) })),
    history: z.array(
      z.object({
        id: z.int(),
        status,
        fromStatus: nullable(status),
        note: nullable(z.string()),
        reason: nullable(z.string()),
        actorId: nullable(z.string()),
        actorEmail: nullable(z.string()),
        visibleToDonor: z.boolean(),
        createdAt: dateTime,
      }),
    ),
    notes: z.array(
      z.object({ id: z.int(), body: z.string(), authorId: z.string(), authorEmail: nullable(z.string()), createdAt: dateTime }),
    ),
    allowedTransitions: z.array(status),
    reasonRequiredFor: z.array(status).meta({ description: 'Those of `allowedTransitions` that need a reason.' }),
    retentionEndsAt: nullable(dateTime).meta({ description: 'When the retention sweep will erase the donor’s personal data.' }),
  }),
);

/** One message of the outbox, as staff see it. */
const outboxItem = z.object({
  id: z.int(),
  createdAt: dateTime,
  kind: z.enum(outboxKinds),
  to: z.string(),
  subject: z.string(),
  status: z.enum(outboxStatuses),
  attempts: z.int(),
  lastError: nullable(z.string()),
  nextAttemptAt: nullable(dateTime),
  sentAt: nullable(dateTime),
  text: z.string(),
  canResend: z.boolean().meta({ description: 'Whether `POST /staff/outbox/{id}/resend` would queue it again now.' }),
  resendRefusal: nullable(z.enum(resendRefusals)).meta({
    description:
      'Why it cannot be sent again (null when it can): `status`, not held or failed; `erased`, its offer’s personal data ' +
      'was erased; `no_smtp`, no SMTP server is configured.',
  }),
});

export const outboxMessage = named('OutboxMessage', outboxItem);

export const outboxAnswer = named(
  'Outbox',
  z.object({
    delivery: z.enum(['smtp', 'held']).meta({ description: '`held`: no SMTP server is configured; staff pass the text on.' }),
    items: z.array(outboxItem),
    ...paging,
  }),
);

export const signedIn = named(
  'SignedIn',
  z.object({
    email: z.string(),
    role: z.enum(staffRoles),
    mustChangePassword: z.boolean(),
    expiresAt: dateTime.meta({ description: 'When the session ends unless used (30 minutes idle).' }),
  }),
);

// Staff accounts (admins only)

const account = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(staffRoles),
  status: z.enum(['active', 'disabled']).meta({ description: '`disabled`: the account cannot sign in.' }),
  mustChangePassword: z.boolean().meta({ description: 'A one-time password is still to be replaced at the next sign-in.' }),
  createdAt: dateTime,
  lastSignInAt: nullable(dateTime),
  disabledAt: nullable(dateTime),
});

export const staffAccount = named('StaffAccount', account);

export const staffAccountsAnswer = named(
  'StaffAccounts',
  z.object({ items: z.array(account).meta({ description: 'Every account, by email.' }) }),
);

export const staffAccountChanged = named('StaffAccountChanged', z.object({ account }));

export const oneTimePasswordGiven = named(
  'OneTimePasswordGiven',
  z.object({
    account,
    oneTimePassword: z.string().meta({
      description:
        'Shown once, never stored in the clear nor logged: give it to the person by a safe channel. It must be changed at the first sign-in.',
    }),
  }),
);

export const staffSessionsEnded = named('StaffSessionsEnded', z.object({ account, sessionsEnded: z.int().min(0) }));

export const noteAdded = named('NoteAdded', z.object({ id: z.int() }));

export const offerErased = named('OfferErased', z.object({ reference, erased: z.literal(true) }));

export const offerExport = named(
  'OfferExport',
  z.object({
    exportedAt: dateTime,
    filters: z.object({}).catchall(z.unknown()).meta({ description: 'The filters the rows match, as given.' }),
    rows: z
      .array(
        z.object({
          reference,
          status,
          submittedAt: dateTime,
          locale: z.string(),
          organizationName: z.string(),
          organizationCountry: country,
          organizationCity: nullable(z.string()),
          organizationKind: nullable(z.enum(organizationKinds)),
          contactName: nullable(z.string()),
          contactEmail: nullable(z.string()),
          contactPhone: nullable(z.string()),
          item: nullable(z.enum(items)),
          itemName: nullable(z.string()),
          quantity: nullable(z.int()),
          unit: nullable(z.string()),
          standard: nullable(z.string()),
          expiresOn: nullable(day),
          receivedQuantity: nullable(z.int()),
          cashAmountMinor: nullable(minor),
          cashCurrency: nullable(currency),
          cashReceivedMinor: nullable(minor),
          exchangeRateMicro: nullable(z.int()),
          estimatedValueCnyMinor: nullable(z.int()),
          recipient: z.enum(recipients),
          delivery: z.enum(deliveries),
          thankPublicly: z.boolean(),
        }),
      )
      .meta({ description: 'One row per goods line and contact (one row for a cash-only offer).' }),
  }),
);

export const offersCsv = named(
  'OffersCsv',
  z.string().meta({ description: 'The same rows as CSV, headings in the language asked for (`lang`), cells safe for spreadsheets.' }),
);

const shownDetail = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

export const auditAnswer = named(
  'AuditLog',
  z.object({
    items: z.array(
      z.object({
        id: z.int(),
        at: dateTime,
        actorKind: z.enum(['staff', 'cli', 'system']).meta({ description: '`cli`: the command line; `system`: the portal itself.' }),
        actorEmail: nullable(z.string()).meta({ description: 'The staff account that acted; `null` for `cli` and `system`.' }),
        action: z.string().meta({ examples: ['offer.transition'] }),
        reference: nullable(reference).meta({ description: 'The offer it was about, for an offer action.' }),
        accountEmail: nullable(z.string()).meta({ description: 'The staff account it was about, for an account action.' }),
        details: z.record(z.string(), shownDetail).meta({
          description:
            'Only what the action’s rule lets through (functions/audit-details.ts): enumerations, numbers, booleans, days ' +
            'and fixed patterns, under known keys (`from`, `to`, `rows`, `filters.status`…). Never free text.',
          examples: [{ from: 'under_review', to: 'accepted', visibleToDonor: false }],
        }),
      }),
    ),
    ...paging,
    choices: z
      .object({
        actions: z.array(z.string()).meta({ description: 'Every action the log holds.' }),
        actors: z.array(z.object({ id: z.uuid(), email: z.string() })).meta({ description: 'Every staff account that acted.' }),
      })
      .meta({ description: 'What the filters can offer, over the whole log.' }),
  }),
);

export const auditCsv = named(
  'AuditLogCsv',
  z
    .string()
    .meta({ description: 'The matching entries as CSV, headings in the language asked for (`lang`), cells safe for spreadsheets.' }),
);
