import { type Context, Hono } from 'hono';
import { isLocale, localeConfig } from '../../src/i18n/config';
import { useTranslations } from '../../src/i18n/i18n';
import { fieldProblems } from '../../src/lib/field-problem';
import { fromMinorUnits, groupSeparatorFor } from '../../src/lib/money';
import { formToOfferInput, pathInForm } from '../../src/lib/offer-form';
import type { Offer } from '../../src/lib/offer-schema';
import { readPhone } from '../../src/lib/phone-rules';
import { newReference } from '../../src/lib/reference';
import { lookupAnswer, offerCreated } from '../contract/answers';
import { lookupExamples, lookupInput, offerExamples, offerInput } from '../contract/inputs';
import { answer, describe, type Operation } from '../contract/operation';
import { formRefused, refusalsOf } from '../contract/refusals';
import { type DonorView, findLookupContacts, findOfferForDonor, submitOffer } from '../db/offers';
import type { AppDeps, AppEnv } from '../env';
import { ApiError } from '../errors';
import { newOfferFactsOf } from '../mail/message-params';
import { formOrigin } from '../middleware/form-origin';
import { rateLimit } from '../middleware/rate-limit';
import { isFormBody, readBody, readFormEntries, validationFailed } from '../validation';

/** No person fills in this form in under three seconds; scripts do. */
export const MIN_FILL_MS = 3_000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
/** The form's schema with the full phone rules: what the page's script checks, and the phone numbers it cannot. */
const offerSchema = offerInput.schema;

/** The body as the API's JSON shape, whether it came as JSON or as a web form. */
async function readInput(c: Context<AppEnv>): Promise<{ input: unknown; rows?: number[] }> {
  if (isFormBody(c)) {
    const entries = await readFormEntries(c);
    const locale = entries.find(([name]) => name === 'locale')?.[1];
    const intl = localeConfig[isLocale(locale) ? locale : c.get('locale')].intl;
    const { input, rows } = formToOfferInput(entries, groupSeparatorFor(intl));
    return { input, rows };
  }
  return { input: await readBody(c) };
}

/** Answers from here on in the body's `locale`, when it names one of ours. */
function useBodyLocale(c: Context<AppEnv>, input: unknown) {
  const locale = (input as { locale?: unknown } | null)?.locale;
  if (isLocale(locale)) {
    c.set('locale', locale);
    c.set('t', useTranslations(locale, 'errors'));
  }
}

/** Why the HTML form's anti-bot checks would discard this submission, if they would. */
function botSignal(form: Offer['form'], now: number): 'honeypot' | 'too_fast' | undefined {
  if (form.website?.trim()) return 'honeypot';
  if (form.startedAt !== undefined && (now - form.startedAt < MIN_FILL_MS || form.startedAt > now + 60_000)) return 'too_fast';
  return undefined;
}

const idempotencyHeader = {
  'Idempotency-Key': {
    description:
      'Any 1–255 visible ASCII characters, new for each offer. Sending the same offer again with the same key stores nothing ' +
      'new and answers with the first reference (and `Idempotent-Replayed: true`), for 24 hours.',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
  },
};

const offerSubmission: Operation = {
  operationId: 'submitOffer',
  summary: 'Offer goods or cash',
  description:
    'Stores the offer and queues a message to staff, in one transaction. The body may also be the HTML form’s fields ' +
    '(urlencoded or multipart). Messages come in the body’s `locale`, else the request’s language.',
  tags: ['offers'],
  access: 'public',
  request: {
    body: { ...offerInput, form: true, examples: offerExamples },
    headers: idempotencyHeader,
  },
  responses: {
    201: {
      description: 'Stored (or, with a key already used for this offer, stored before). Keep the reference.',
      body: offerCreated,
      headers: {
        'Idempotent-Replayed': { description: '`true` when this answers a repeat of an earlier request.', schema: { type: 'string' } },
      },
      examples: { created: { summary: 'A new offer', value: { reference: 'TX-4K7M-Q9PD', status: 'submitted' } } },
    },
    ...refusalsOf(...formRefused, 'idempotencyKey', 'idempotencyConflict', 'rateLimited', 'unavailable'),
  },
};

const offerLookup: Operation = {
  operationId: 'lookUpOffer',
  summary: 'Follow an offer',
  description: 'The donor’s view of their offer, given its reference and one of its contact details (email or phone).',
  tags: ['offers'],
  access: 'public',
  request: { body: { ...lookupInput, form: true, examples: lookupExamples } },
  responses: {
    200: { description: 'The offer as the donor may see it.', body: lookupAnswer },
    ...refusalsOf(...formRefused, 'lookupNotFound', 'rateLimited', 'unavailable'),
  },
};

/** `/offers`: submit a donation offer, and let its donor look it up. */
export function offerRoutes(deps: AppDeps) {
  const db = deps.db.db;
  const now = deps.now ?? Date.now;
  const reference = deps.newReference ?? newReference;
  const origins = formOrigin(deps.origins);
  const mail = deps.mail;

  return new Hono<AppEnv>()
    .post(
      '/',
      describe(offerSubmission),
      origins,
      rateLimit({ db, name: 'offers', limit: deps.limits?.offersPerHour ?? 20, now }),
      async (c) => {
        c.header('Cache-Control', 'no-store');
        const key = c.req.header('idempotency-key');
        if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) throw new ApiError(400, 'invalid_idempotency_key', 'error.idempotencyKey');
        const { input, rows } = await readInput(c);
        useBodyLocale(c, input);
        const parsed = offerSchema.safeParse(input);
        if (!parsed.success) {
          const problems = fieldProblems(parsed.error.issues);
          // Form posts name goods lines by their row in the form, not by their place among the filled ones.
          validationFailed(c, rows ? problems.map((p) => ({ ...p, path: pathInForm(p.path, rows) })) : problems);
        }
        const { form, ...offer } = parsed.data;
        const bot = botSignal(form, now());
        if (bot) {
          // A plausible answer teaches a script nothing; nothing is stored.
          console.warn(`[offers] ${c.get('requestId')} discarded (${bot})`);
          return answer(c, offerCreated, { reference: reference(), status: 'submitted' as const }, 201);
        }
        const submission = { ...offer, locale: offer.locale ?? c.get('locale') };
        const result = await submitOffer(db, submission, {
          newReference: reference,
          now: new Date(now()),
          messages: {
            status: mail?.sending ? 'pending' : 'held',
            drafts: (ref) => [
              {
                kind: 'staff_new_offer',
                to: mail?.staffRecipients?.length ? mail.staffRecipients : 'staff',
                // The facts only: the words are written when the message is delivered, not in this request.
                params: { ...newOfferFactsOf({ ...submission, reference: ref }), siteUrl: mail?.siteUrl },
              },
            ],
          },
          ...(key ? { idempotency: { key, request: JSON.stringify(submission) } } : {}),
        });
        if (result.outcome === 'key_conflict') throw new ApiError(422, 'idempotency_conflict', 'error.idempotencyConflict');
        if (result.outcome === 'replayed') c.header('Idempotent-Replayed', 'true');
        // The offer and its mail are committed; sending happens after this answer, off the request path.
        if (result.outcome === 'created' && mail?.sending) mail.kick?.();
        return answer(c, offerCreated, { reference: result.reference, status: 'submitted' as const }, 201);
      },
    )
    .post(
      '/lookup',
      describe(offerLookup),
      origins,
      rateLimit({ db, name: 'lookups', limit: deps.limits?.lookupsPerHour ?? 30, now }),
      async (c) => {
        c.header('Cache-Control', 'no-store');
        const { input } = await readInput(c);
        useBodyLocale(c, input);
        const parsed = lookupInput.schema.safeParse(input);
        if (!parsed.success) validationFailed(c, fieldProblems(parsed.error.issues));
        const { reference: ref, email, phone } = parsed.data;
        const known = await findLookupContacts(db, ref);
        const matches =
          known?.contacts.some((contact) => {
            if (email) return contact.email?.toLowerCase() === email.toLowerCase();
            if (!phone || !contact.phone) return false;
            return readPhone(phone, known.country) === contact.phone;
          }) ?? false;
        // One answer for "no such reference" and "wrong contact": the reply must not help guessing.
        const offer = matches ? await findOfferForDonor(db, ref) : undefined;
        if (!offer) throw new ApiError(404, 'offer_not_found', 'error.lookupNotFound');
        return answer(c, lookupAnswer, donorView(offer));
      },
    );
}

/** What the donor sees of their offer: the first contact's name only, the cash amount also as a decimal. */
function donorView(offer: DonorView) {
  const { contacts, ...visible } = offer;
  return {
    ...visible,
    contact: { name: contacts[0]?.name ?? '' },
    cash: offer.cash ? { amount: fromMinorUnits(offer.cash.amountMinor, offer.cash.currency), ...offer.cash } : null,
    submittedAt: offer.submittedAt.toISOString(),
    history: offer.history.map((event) => ({ status: event.status, note: event.note, at: event.at.toISOString() })),
  };
}
