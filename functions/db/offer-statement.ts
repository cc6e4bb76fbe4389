import { lte, type Placeholder, type Query, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Drizzle } from './client';
import type { NewOffer } from './offers';
import { type OutboxDraft, outboxInsert, type QueueOptions } from './outbox';
import { idempotencyKeys, offerContacts, offerEvents, offerGoods, offers } from './schema';

/**
 * The statement that stores a new offer, built once per shape and kept.
 *
 * Building it with Drizzle's builders took about a fifth of the API's time per offer
 * (issue 13: `node --cpu-prof`, then docs/performance.md). An offer's statement differs
 * from another's only in its values and its shape: how many goods lines, and to whom its
 * mail goes. So it is built once per shape with a placeholder for every value, turned into
 * SQL text once, and run as a named prepared statement: PostgreSQL parses and plans it
 * once per connection. Each offer then costs its values (`offerValues`) and one round
 * trip. docs/decisions/120-serving-files-as-files.md tells the rest of issue 13.
 */

/**
 * What changes the statement's text: goods lines, each message's recipients ('staff', or
 * how many addresses), and whether it also takes an idempotency key.
 */
export interface OfferShape {
  goods: number;
  mail: readonly ('staff' | number)[];
  keyed: boolean;
}

export function shapeOf(offer: NewOffer, drafts: readonly OutboxDraft[], keyed = false): OfferShape {
  return { goods: offer.goods.length, mail: drafts.map((d) => (d.to === 'staff' ? 'staff' : d.to.length)), keyed };
}

const keyOf = (shape: OfferShape) =>
  `g${shape.goods}_m${shape.mail.map((m) => (m === 'staff' ? 's' : m)).join('_')}${shape.keyed ? '_k' : ''}`;

/**
 * What a repeat is compared by: the SHA-256 (hex) of the offer as it was sent, worked out
 * by the database from the text. Hashed in the statement rather than with WebCrypto's
 * asynchronous digest, which cost a tenth of the server's time per keyed offer (issue 13).
 */
export const requestHashOf = (request: SQL | Placeholder | string): SQL => sql`encode(sha256(convert_to(${request}::text, 'UTF8')), 'hex')`;

/** An idempotency key to write with the offer: taken now, unless a row younger than `cutoff` holds it. */
export interface KeyValues {
  key: string;
  /** The offer as sent, as text (its hash is stored: requestHashOf). */
  request: string;
  now: Date;
  /** A row of the key created at or before this is past its lifetime, and is taken over. */
  cutoff: Date;
}

const p = (name: string): Placeholder => sql.placeholder(name);

/**
 * Every value of one offer, named as the statement's placeholders. Absent optional
 * fields are null: the statement names every column, so a missing value must be NULL,
 * which is what the column's lack of a default gave before.
 */
export function offerValues(
  id: string,
  reference: string,
  offer: NewOffer,
  drafts: readonly OutboxDraft[],
  queue: QueueOptions,
  idempotency?: KeyValues,
): Record<string, unknown> {
  const values: Record<string, unknown> = {
    id,
    reference,
    locale: offer.locale,
    organizationName: offer.organization.name,
    organizationCountry: offer.organization.country,
    organizationCity: offer.organization.city ?? null,
    organizationKind: offer.organization.kind ?? null,
    recipient: offer.recipient,
    availableFrom: offer.availableFrom ?? null,
    location: offer.location ?? null,
    delivery: offer.delivery,
    notes: offer.notes ?? null,
    cashAmountMinor: offer.cash?.amountMinor ?? null,
    cashCurrency: offer.cash?.currency ?? null,
    consentDataProcessing: offer.consent.dataProcessing,
    consentThankPublicly: offer.consent.thankPublicly,
    contactName: offer.contact.name,
    contactRole: offer.contact.role ?? null,
    contactEmail: offer.contact.email ?? null,
    contactPhone: offer.contact.phone ?? null,
    contactWechat: offer.contact.wechat ?? null,
    contactWhatsapp: offer.contact.whatsapp ?? null,
    contactLine: offer.contact.line ?? null,
  };
  if (idempotency) {
    values.key = idempotency.key;
    values.request = idempotency.request;
    values.keyCreatedAt = idempotency.now;
    values.keyCutoff = idempotency.cutoff;
  }
  if (drafts.length > 0) {
    values.status = queue.status;
    values.at = queue.now.toISOString();
  }
  offer.goods.forEach((line, i) => {
    values[`g${i}Item`] = line.item;
    values[`g${i}Name`] = line.name ?? null;
    values[`g${i}Quantity`] = line.quantity;
    values[`g${i}Unit`] = line.unit;
    values[`g${i}Standard`] = line.standard ?? null;
    values[`g${i}ExpiresOn`] = line.expiresOn ?? null;
  });
  drafts.forEach((draft, i) => {
    values[`m${i}Kind`] = draft.kind;
    values[`m${i}Params`] = JSON.stringify(draft.params);
    if (draft.to !== 'staff') {
      draft.to.forEach((address, j) => {
        values[`m${i}To${j}`] = address;
      });
    }
  });
  return values;
}

/**
 * The offer, its contact, its goods lines, its first history event and its mail as a
 * single statement (one round trip: PGlite has one connection, and every statement
 * costs). Foreign keys are checked at the end of the statement, when all its rows exist.
 *
 * Keyed, the statement writes the idempotency key too, and answers with the key's row
 * when it took the key (a new key, or one past its lifetime), with no row when a live
 * row holds it: the caller, in a transaction, then rolls the offer back. A second
 * statement with the same key waits on the key's primary key until the first one's
 * transaction ends, and then sees its row.
 */
function offerStatement(db: Drizzle, shape: OfferShape): SQL {
  const parts: SQL[] = [
    sql`o as (${db
      .insert(offers)
      .values({
        id: p('id'),
        reference: p('reference'),
        locale: p('locale'),
        organizationName: p('organizationName'),
        organizationCountry: p('organizationCountry'),
        organizationCity: p('organizationCity'),
        organizationKind: p('organizationKind'),
        recipient: p('recipient'),
        availableFrom: p('availableFrom'),
        location: p('location'),
        delivery: p('delivery'),
        notes: p('notes'),
        cashAmountMinor: p('cashAmountMinor'),
        cashCurrency: p('cashCurrency'),
        consentDataProcessing: p('consentDataProcessing'),
        consentThankPublicly: p('consentThankPublicly'),
      })
      .getSQL()})`,
    sql`c as (${db
      .insert(offerContacts)
      .values({
        offerId: p('id'),
        name: p('contactName'),
        role: p('contactRole'),
        email: p('contactEmail'),
        phone: p('contactPhone'),
        wechat: p('contactWechat'),
        whatsapp: p('contactWhatsapp'),
        line: p('contactLine'),
      })
      .getSQL()})`,
    sql`e as (${db
      .insert(offerEvents)
      .values({ offerId: p('id'), status: 'submitted' })
      .getSQL()})`,
  ];
  if (shape.goods > 0) {
    const lines = Array.from({ length: shape.goods }, (_, i) => ({
      offerId: p('id'),
      position: i,
      item: p(`g${i}Item`),
      name: p(`g${i}Name`),
      quantity: p(`g${i}Quantity`),
      unit: p(`g${i}Unit`),
      standard: p(`g${i}Standard`),
      expiresOn: p(`g${i}ExpiresOn`),
    }));
    parts.push(sql`g as (${db.insert(offerGoods).values(lines).getSQL()})`);
  }
  shape.mail.forEach((to, i) => {
    const insert = outboxInsert({
      kind: p(`m${i}Kind`),
      offerId: p('id'),
      recipients: to === 'staff' ? 'staff' : Array.from({ length: to }, (_, j) => p(`m${i}To${j}`)),
      params: p(`m${i}Params`),
      status: p('status'),
      at: p('at'),
    });
    if (insert) parts.push(sql`${sql.raw(`m${i}`)} as (${insert})`);
  });
  if (!shape.keyed) return sql`with ${sql.join(parts, sql`, `)} select 1`;
  parts.push(
    sql`k as (${db
      .insert(idempotencyKeys)
      .values({ key: p('key'), requestHash: requestHashOf(p('request')), offerId: p('id'), createdAt: p('keyCreatedAt') })
      .onConflictDoUpdate({
        target: idempotencyKeys.key,
        set: { requestHash: sql`excluded.request_hash`, offerId: sql`excluded.offer_id`, createdAt: sql`excluded.created_at` },
        setWhere: lte(idempotencyKeys.createdAt, p('keyCutoff')),
      })
      .returning({ key: idempotencyKeys.key })
      .getSQL()})`,
  );
  return sql`with ${sql.join(parts, sql`, `)} select key from k`;
}

const dialect = new PgDialect();
const built = new Map<string, Query>();

/** The names of the placeholders a query's parameters hold. */
function placeholderNames(query: Query): Set<string> {
  const names = new Set<string>();
  for (const param of query.params) {
    const value = (param as { value?: unknown }).value ?? param;
    if (value && typeof value === 'object' && 'name' in value && typeof value.name === 'string') names.add(value.name);
  }
  return names;
}

/**
 * Stores one offer on `db` (or a transaction's handle): the kept statement for its shape,
 * filled with its values. The first offer of a shape builds it, and checks that its
 * placeholders and the values name exactly the same things: a value without a
 * placeholder would be silently dropped, a placeholder without a value stored as NULL.
 *
 * Answers whether the statement took its idempotency key (always true without one).
 * When it did not, the offer was written all the same: only a transaction's rollback undoes it.
 */
export async function writeOffer(db: Drizzle, shape: OfferShape, values: Record<string, unknown>): Promise<boolean> {
  const key = keyOf(shape);
  let query = built.get(key);
  if (!query) {
    query = dialect.sqlToQuery(offerStatement(db, shape));
    const names = placeholderNames(query);
    const given = new Set(Object.keys(values));
    const unnamed = [...given].filter((n) => !names.has(n));
    const unfilled = [...names].filter((n) => !given.has(n));
    if (unnamed.length || unfilled.length) {
      throw new Error(`offer statement ${key}: values without a placeholder [${unnamed}], placeholders without a value [${unfilled}]`);
    }
    built.set(key, query);
  }
  const result = (await db._.session.prepareQuery(query, undefined, `tongxin_offer_${key}`, false).execute(values)) as {
    rows?: unknown[];
  };
  return !shape.keyed || (result.rows?.length ?? 0) > 0;
}
