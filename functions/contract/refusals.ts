import * as z from 'zod';
import { type Locale, locales } from '../../src/i18n/config';
import { useTranslations } from '../../src/i18n/i18n';
import { offerStatuses } from '../../src/lib/catalog';
import { outboxStatuses } from '../db/schema';
import { type Example, type ExampleRef, named, type Reply } from './operation';

/**
 * The one shape every refusal has (functions/app.ts answers them all), and the refusals
 * an operation lists, each with examples whose messages are the real ones from
 * `locales/<lng>/errors.json`, in every language the API answers in.
 */

const fieldMessage = z.object({
  path: z.string().meta({ examples: ['organization.name', 'goods[0].quantity', 'cash.amount'] }),
  code: z.string().meta({ description: 'Stable: what is wrong (`required`, `email`, `tooLong`…).' }),
  message: z.string().meta({ description: 'In the requester’s language.' }),
});

export const errorBody = named(
  'Error',
  z.object({
    error: z.object({
      code: z.string().meta({ description: 'Stable and machine-readable: `validation`, `rate_limited`, `not_found`…' }),
      message: z.string().meta({
        description: 'In the language of the body’s `locale`, `?locale=`, the language cookie or Accept-Language.',
      }),
      requestId: z.string().meta({ description: 'Quote it when asking for help; the server logged the request under it.' }),
      fields: z.array(fieldMessage).optional().meta({ description: 'With `validation`: one entry per field with a problem.' }),
      retryAfter: z.int().optional().meta({ description: 'With `rate_limited`: seconds until the limit resets.' }),
      minutes: z.int().optional().meta({ description: 'With `rate_limited`: the same, in whole minutes, as the message says it.' }),
      limit: z.int().optional().meta({ description: 'With `payload_too_large`: the largest body this route takes, in bytes.' }),
      kib: z.int().optional().meta({ description: 'With `payload_too_large`: the same in KiB.' }),
      from: z.enum(offerStatuses).optional().meta({ description: 'With `transition_not_allowed`: where the offer is now.' }),
      to: z.enum(offerStatuses).optional().meta({ description: 'With `transition_not_allowed`: the step that was asked for.' }),
      allowed: z
        .array(z.enum(offerStatuses))
        .optional()
        .meta({ description: 'With `transition_not_allowed`: the steps allowed from where the offer is now.' }),
      status: z.enum(outboxStatuses).optional().meta({ description: 'With `message_not_resendable`: where the message is now.' }),
    }),
  }),
);

interface Refusal {
  status: number;
  code: string;
  key: string;
  description: string;
  params?: Record<string, string | number>;
  details?: Record<string, unknown>;
  headers?: Reply['headers'];
}

const retryAfter = { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } } };

/** Every refusal the API makes, by name; an operation lists those it can answer with. */
export const refusals = {
  malformedJson: { status: 400, code: 'malformed_json', key: 'error.malformedJson', description: 'The body is not valid JSON.' },
  idempotencyKey: {
    status: 400,
    code: 'invalid_idempotency_key',
    key: 'error.idempotencyKey',
    description: 'The `Idempotency-Key` header is not 1 to 255 visible ASCII characters.',
  },
  badRequest: { status: 400, code: 'bad_request', key: 'error.badRequest', description: 'The request could not be read.' },
  unauthenticated: { status: 401, code: 'unauthenticated', key: 'error.unauthenticated', description: 'No live staff session.' },
  cronUnauthenticated: {
    status: 401,
    code: 'unauthenticated',
    key: 'error.unauthenticated',
    description: 'The bearer token is not `CRON_SECRET`.',
  },
  loginFailed: { status: 401, code: 'login_failed', key: 'error.loginFailed', description: 'Wrong email or password.' },
  forbiddenOrigin: {
    status: 403,
    code: 'forbidden_origin',
    key: 'error.forbiddenOrigin',
    description: 'A browser sent it from another site (`Origin` is not the portal’s).',
  },
  forbidden: { status: 403, code: 'forbidden', key: 'error.forbidden', description: 'The account’s role may not do this.' },
  passwordChangeRequired: {
    status: 403,
    code: 'password_change_required',
    key: 'error.passwordChangeRequired',
    description: 'The account must choose its own password first (`POST /staff/password`).',
  },
  notFound: { status: 404, code: 'not_found', key: 'error.notFound', description: 'Nothing is at this address.' },
  offerNotFound: { status: 404, code: 'offer_not_found', key: 'error.notFound', description: 'No offer has this reference.' },
  lookupNotFound: {
    status: 404,
    code: 'offer_not_found',
    key: 'error.lookupNotFound',
    description: 'No offer has this reference and contact detail (one answer for both, so it does not help guessing).',
  },
  transitionNotAllowed: {
    status: 409,
    code: 'transition_not_allowed',
    key: 'error.transitionNotAllowed',
    description: 'The workflow does not allow this step from where the offer is now (someone may have moved it meanwhile).',
    details: { from: 'closed', to: 'accepted', allowed: [] },
  },
  accountNotFound: {
    status: 404,
    code: 'account_not_found',
    key: 'error.accountNotFound',
    description: 'No staff account has this id.',
  },
  accountExists: {
    status: 409,
    code: 'account_exists',
    key: 'error.accountExists',
    description: 'A staff account with this email already exists.',
  },
  lastAdmin: {
    status: 409,
    code: 'last_admin',
    key: 'error.lastAdmin',
    description: 'The change would leave no active admin: make another account admin first.',
  },
  messageNotFound: {
    status: 404,
    code: 'message_not_found',
    key: 'error.messageNotFound',
    description: 'No message has this id (erasing an offer’s personal data deletes its mail; finished mail goes after 30 days).',
  },
  messageNotResendable: {
    status: 409,
    code: 'message_not_resendable',
    key: 'error.messageNotResendable',
    description:
      'Only a held or failed message is sent again; this one is waiting, being sent or sent (someone may have sent it again meanwhile).',
    details: { status: 'pending' },
  },
  messageOfferErased: {
    status: 409,
    code: 'message_offer_erased',
    key: 'error.messageOfferErased',
    description: 'The offer the message is about had its personal data erased: no mail goes out about it.',
  },
  smtpNotConfigured: {
    status: 409,
    code: 'smtp_not_configured',
    key: 'error.smtpNotConfigured',
    description: 'No SMTP server is configured (`SMTP_URL`): there is nothing to send the message with.',
  },
  payloadTooLarge: {
    status: 413,
    code: 'payload_too_large',
    key: 'error.payloadTooLarge',
    description: 'The body is larger than this route takes; nothing was read or stored.',
    params: { kib: 64 },
    details: { limit: 65536, kib: 64 },
  },
  unsupportedMediaType: {
    status: 415,
    code: 'unsupported_media_type',
    key: 'error.unsupportedMediaType',
    description: 'The body is neither JSON nor a web form.',
  },
  validation: {
    status: 422,
    code: 'validation',
    key: 'error.validation',
    description: 'Some fields are missing or wrong: `fields` names each one, with its message.',
  },
  idempotencyConflict: {
    status: 422,
    code: 'idempotency_conflict',
    key: 'error.idempotencyConflict',
    description: 'This `Idempotency-Key` was used before for a different offer.',
  },
  rateLimited: {
    status: 429,
    code: 'rate_limited',
    key: 'error.rateLimited',
    description: 'Too many requests from this address this hour.',
    params: { minutes: 12 },
    details: { retryAfter: 700, minutes: 12 },
    headers: retryAfter,
  },
  cronOff: {
    status: 404,
    code: 'not_found',
    key: 'error.notFound',
    description: 'This deployment has no `CRON_SECRET`: its server runs the background work itself.',
  },
  internal: {
    status: 500,
    code: 'internal',
    key: 'error.internal',
    description: 'A fault on the server, logged under the request id; nothing was half-written.',
  },
  unavailable: {
    status: 503,
    code: 'unavailable',
    key: 'error.unavailable',
    description: 'The database is away for a moment; nothing was half-written. Try again after `Retry-After`.',
    headers: retryAfter,
  },
} satisfies Record<string, Refusal>;

export type RefusalName = keyof typeof refusals;

/** A body the route reads: not JSON, larger than the route takes, or with fields to correct. */
export const bodyRefused = ['malformedJson', 'payloadTooLarge', 'validation'] as const satisfies readonly RefusalName[];
/** A JSON body or a web form, which a browser may only send from the portal's own pages. */
export const formRefused = [...bodyRefused, 'unsupportedMediaType', 'forbiddenOrigin'] as const satisfies readonly RefusalName[];
/** A signed-in staff route: no session, a one-time password still to replace, the database away. */
export const staffRefused = ['unauthenticated', 'passwordChangeRequired', 'unavailable'] as const satisfies readonly RefusalName[];
/** A staff write, also refused from another site's page. */
export const staffWriteRefused = [...staffRefused, 'forbiddenOrigin'] as const satisfies readonly RefusalName[];

/** The languages the examples are given in: the API answers in all of them. */
const exampleLocales: readonly Locale[] = locales;

/** Every refusal's example in every language, kept once: `#/components/examples/<code>-<lng>`. */
export const refusalExamples = new Map<string, Example>();

function examplesOf(refusal: Refusal): Record<string, ExampleRef> {
  return Object.fromEntries(
    exampleLocales.map((locale) => {
      const t = useTranslations(locale, 'errors');
      const message = String(t(refusal.key as never, (refusal.params ?? {}) as never));
      const error: Record<string, unknown> = { code: refusal.code, message, requestId: 'c0a8f1e2-5b7d-4e1a-9d3c-2f6b8a4e7d10' };
      if (refusal.code === 'validation') {
        error.fields = [{ path: 'organization.name', code: 'required', message: String(t('validation.required' as never)) }];
      }
      const name = `${refusal.code}-${locale}`;
      refusalExamples.set(name, { summary: `${refusal.code} (${locale})`, value: { error: { ...error, ...refusal.details } } });
      return [name, { $ref: `#/components/examples/${name}` }];
    }),
  );
}

/** The responses for the refusals an operation can answer with, grouped by status. */
export function refusalsOf(...names: RefusalName[]): Record<number, Reply> {
  const out: Record<number, Reply> = {};
  for (const name of names) {
    const refusal: Refusal = refusals[name];
    const reply = out[refusal.status];
    if (reply) {
      reply.description = `${reply.description} Or: ${refusal.description}`;
      Object.assign(reply.examples ?? {}, examplesOf(refusal));
      reply.headers = { ...reply.headers, ...refusal.headers };
    } else {
      out[refusal.status] = {
        description: refusal.description,
        body: errorBody,
        examples: examplesOf(refusal),
        ...(refusal.headers ? { headers: refusal.headers } : {}),
      };
    }
  }
  return out;
}
