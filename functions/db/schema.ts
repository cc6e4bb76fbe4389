import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { deliveries, type Item, items, offerStatuses, organizationKinds, recipients } from '../../src/lib/catalog';

/**
 * Fixed-window counters for rate limits. They live in the database so that a limit
 * holds across every function instance, not per process.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    bucket: text('bucket').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    hits: integer('hits').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] })],
);

/**
 * A donation offer from an overseas association or person. Cash is kept as integer
 * minor units of its currency (fen, cents; yen have none), never as a float.
 */
export const offers = pgTable(
  'offers',
  {
    id: uuid('id').primaryKey(),
    /** What the donor holds on to: `TX-4K7M-Q9PD`. */
    reference: text('reference').notNull().unique('offers_reference_unique'),
    status: text('status', { enum: offerStatuses }).notNull().default('submitted'),
    /** The language the donor used, so staff answer in it. */
    locale: text('locale').notNull(),
    organizationName: text('organization_name').notNull(),
    organizationCountry: text('organization_country').notNull(),
    organizationCity: text('organization_city'),
    organizationKind: text('organization_kind', { enum: organizationKinds }),
    recipient: text('recipient', { enum: recipients }).notNull(),
    availableFrom: date('available_from', { mode: 'string' }),
    location: text('location'),
    delivery: text('delivery', { enum: deliveries }).notNull(),
    notes: text('notes'),
    cashAmountMinor: bigint('cash_amount_minor', { mode: 'number' }),
    cashCurrency: text('cash_currency'),
    consentDataProcessing: boolean('consent_data_processing').notNull(),
    consentThankPublicly: boolean('consent_thank_publicly').notNull().default(false),
    /** Staff's estimate of accepted goods' worth, in fen (CNY minor units). */
    estimatedValueCnyMinor: bigint('estimated_value_cny_minor', { mode: 'number' }),
    /** Cash that actually arrived, in minor units of `cash_currency`. */
    cashReceivedMinor: bigint('cash_received_minor', { mode: 'number' }),
    /** CNY per unit of `cash_currency`, times 1,000,000 (an integer, like every amount here). */
    exchangeRateMicro: bigint('exchange_rate_micro', { mode: 'number' }),
    /** For a duplicate: the offer it repeats. */
    duplicateOf: uuid('duplicate_of'),
    /** When an admin erased the donor's personal data (the offer stays, for the totals). */
    erasedAt: timestamp('erased_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('offers_status_submitted_at_idx').on(t.status, t.submittedAt),
    check('offers_status_check', sql`${t.status} in (${sql.raw(offerStatuses.map((s) => `'${s}'`).join(', '))})`),
    check(
      'offers_cash_check',
      sql`(${t.cashAmountMinor} is null) = (${t.cashCurrency} is null) and (${t.cashAmountMinor} is null or ${t.cashAmountMinor} > 0)`,
    ),
    check('offers_consent_check', sql`${t.consentDataProcessing}`),
  ],
);

/** Who to talk to about an offer. At least an email or a phone number (E.164). */
export const offerContacts = pgTable(
  'offer_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    role: text('role'),
    email: text('email'),
    phone: text('phone'),
    wechat: text('wechat'),
    whatsapp: text('whatsapp'),
    line: text('line'),
  },
  (t) => [
    index('offer_contacts_offer_id_idx').on(t.offerId),
    check('offer_contacts_reachable_check', sql`${t.email} is not null or ${t.phone} is not null`),
  ],
);

/** The supplies offered, one row per line of the form, in the donor's order. */
export const offerGoods = pgTable(
  'offer_goods',
  {
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    position: smallint('position').notNull(),
    item: text('item', { enum: items as [Item, ...Item[]] }).notNull(),
    /** What the item is, when `item` is `other`. */
    name: text('name'),
    quantity: integer('quantity').notNull(),
    /** Kept with the line, so a later change to the catalog does not rewrite history. */
    unit: text('unit').notNull(),
    /** What arrived, recorded when the offer is received. */
    receivedQuantity: integer('received_quantity'),
    standard: text('standard'),
    expiresOn: date('expires_on', { mode: 'string' }),
  },
  (t) => [primaryKey({ columns: [t.offerId, t.position] }), check('offer_goods_quantity_check', sql`${t.quantity} > 0`)],
);

/** What happened to an offer, oldest first. Events the donor may see are marked so. */
export const offerEvents = pgTable(
  'offer_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    status: text('status', { enum: offerStatuses }).notNull(),
    /** The status before this change (null for the first event). */
    fromStatus: text('from_status', { enum: offerStatuses }),
    /** A note for the donor, in their language, written by staff. */
    note: text('note'),
    /** Why staff made the change (internal unless `visibleToDonor`, then shown as `note`). */
    reason: text('reason'),
    /** The staff member who made the change; null when the donor or the system did. */
    actorId: uuid('actor_id'),
    visibleToDonor: boolean('visible_to_donor').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('offer_events_offer_id_idx').on(t.offerId, t.id)],
);

/**
 * `Idempotency-Key`s already answered: a repeat of the request gets the first offer's
 * reference. The primary key is what makes two identical requests at the same moment
 * store one offer.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    key: text('key').primaryKey(),
    /** SHA-256 of the validated offer: the same key with a different offer is refused. */
    requestHash: text('request_hash').notNull(),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    /** A key counts for 24 hours from here (see IDEMPOTENCY_KEY_HOURS); the sweep deletes it later. */
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('idempotency_keys_created_at_idx').on(t.createdAt)],
);

/** Internal notes on an offer: staff only, never shown to the donor. */
export const offerNotes = pgTable(
  'offer_notes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('offer_notes_offer_id_idx').on(t.offerId, t.id)],
);

export const outboxKinds = ['staff_new_offer', 'donor_status', 'staff_alert'] as const;
export type OutboxKind = (typeof outboxKinds)[number];

/**
 * `pending`: to send at `next_attempt_at` · `sending`: claimed by a deliverer until
 * `next_attempt_at` (its lease; past that, another may take it) · `sent` · `failed`:
 * gave up · `held`: queued while no SMTP server was configured; staff read it in the
 * outbox, it is never sent.
 */
export const outboxStatuses = ['pending', 'sending', 'sent', 'failed', 'held'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/**
 * Mail waiting to go out, one row per recipient. A request only inserts here, in the
 * transaction of the change it reports; a deliverer sends the rows off the request path
 * (see docs/decisions/030-mail-outbox.md).
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind', { enum: outboxKinds }).notNull(),
    /** The offer the message is about: erasing the offer's personal data deletes its messages. */
    offerId: uuid('offer_id').references(() => offers.id, { onDelete: 'cascade' }),
    recipient: text('recipient').notNull(),
    /**
     * What the message is about, as facts (functions/mail/message-params.ts): written
     * into words when it is delivered or read, not in the request that queues it. Holds
     * personal data (names, goods, staff's note) like the text did; null once the text
     * is written back, and in rows queued before migration 0007.
     */
    params: jsonb('params'),
    /** Never personal data beyond the offer's reference. Null until the message is sent. */
    subject: text('subject'),
    /** What was sent, written back when it was; rows queued before migration 0007 carry it from the start. */
    bodyText: text('body_text'),
    status: text('status', { enum: outboxStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** The last failure, with any email address blanked out. */
    lastError: text('last_error'),
    /** When a pending message is due, or when a claimed one's lease ends. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    // What a deliverer looks for; finished rows stay out of the index.
    index('outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('pending', 'sending')`),
    index('outbox_created_at_idx').on(t.createdAt),
    index('outbox_offer_id_idx').on(t.offerId),
    check('outbox_status_check', sql`${t.status} in (${sql.raw(outboxStatuses.map((s) => `'${s}'`).join(', '))})`),
    check('outbox_kind_check', sql`${t.kind} in (${sql.raw(outboxKinds.map((s) => `'${s}'`).join(', '))})`),
    // Every message can be shown and sent: its text, or the facts to write it from.
    check('outbox_content_check', sql`(${t.subject} is not null and ${t.bodyText} is not null) or ${t.params} is not null`),
  ],
);

/**
 * One row: a number raised in the transaction of every change that can alter the public
 * totals (a step into or out of an arrived status, an erasure). Each process keeps the
 * totals in memory and asks only this number, every few seconds, whether to compute them
 * again (functions/totals-cache.ts).
 */
export const totalsVersion = pgTable(
  'totals_version',
  {
    id: smallint('id').primaryKey().default(1),
    version: bigint('version', { mode: 'number' }).notNull().default(0),
  },
  (t) => [check('totals_version_one_row_check', sql`${t.id} = 1`)],
);
