import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { z } from 'zod';
import { outboxMessage, outboxAnswer as outboxSchema } from '../contract/answers';
import { answer, describe, type Operation } from '../contract/operation';
import { refusalsOf, staffRefused, staffWriteRefused } from '../contract/refusals';
import { appendAudit } from '../db/audit';
import { listOutbox, type OutboxMessage, queueAgain } from '../db/outbox';
import type { AppDeps, AppEnv } from '../env';
import { ApiError } from '../errors';
import { renderMessage } from '../mail/render-message';
import { type ResendRefusal, whyNotResend } from '../mail/resend-rule';
import { requireStaff } from '../middleware/staff-session';
import { type Page, pageOf } from '../paging';
import { validationFailed } from '../validation';

const querySchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1) });
const PAGE_SIZE = 25;

/**
 * `GET /staff/outbox?page=`: the mail the portal queued, newest first, with its text. Where
 * no SMTP server is configured this is where staff read it. Recipients are donors'
 * addresses: staff only.
 */
const readOutbox: Operation = {
  operationId: 'readOutbox',
  summary: 'The mail the portal queued',
  description:
    'Newest first, with each message’s text (without SMTP, staff pass it on themselves): as sent, or written from the ' +
    'message’s stored facts for one not sent yet. A message whose facts cannot be written has an empty subject and text, ' +
    'and says why in `lastError`. Reading it is audited.',
  tags: ['staff'],
  access: 'staff',
  request: { query: querySchema },
  responses: {
    200: { description: 'One page of messages.', body: outboxSchema },
    ...refusalsOf(...staffRefused, 'validation'),
  },
};

/** A message's id as the outbox gives it: digits only, so `1e3`, ` 7` or `-1` are refused rather than read. */
const messageId = z.string().regex(/^[1-9][0-9]{0,14}$/);

/**
 * `POST /staff/outbox/{id}/resend`. Reviewers too (`requireStaff()`, any role): they handle
 * the offers this mail is about, and sending it again changes nothing but the message's state.
 */
const resendMessage: Operation = {
  operationId: 'resendMessage',
  summary: 'Send a held or failed message again',
  description:
    'Queues the message again (`pending`, due now, its attempts and last error cleared) and starts a delivery run. Only a ' +
    '`held` or `failed` message, only with an SMTP server configured, and never one about an offer whose personal data was ' +
    'erased: each message in `GET /staff/outbox` says whether it can (`canResend`, `resendRefusal`). Reviewers and admins. ' +
    'Audited, with the message’s kind and previous status (never its address or text).',
  tags: ['staff'],
  access: 'staff',
  request: {
    path: { id: { description: 'The message’s `id` in the outbox.', schema: { type: 'string', pattern: '^[1-9][0-9]{0,14}$' } } },
  },
  responses: {
    200: { description: 'Queued: the message as it is now.', body: outboxMessage },
    ...refusalsOf(...staffWriteRefused, 'messageNotFound', 'messageNotResendable', 'messageOfferErased', 'smtpNotConfigured', 'validation'),
  },
};

/** Each refusal of the rule (functions/mail/resend-rule.ts) as the API says it. */
const refusedResend: Record<ResendRefusal, (status: string) => ApiError> = {
  status: (status) => new ApiError(409, 'message_not_resendable', 'error.messageNotResendable', { status }),
  erased: () => new ApiError(409, 'message_offer_erased', 'error.messageOfferErased'),
  no_smtp: () => new ApiError(409, 'smtp_not_configured', 'error.smtpNotConfigured'),
};

export function staffOutboxRoutes(deps: AppDeps) {
  const db = deps.db.db;
  const now = deps.now ?? Date.now;
  const smtp = () => Boolean(deps.mail?.sending);
  return new Hono<AppEnv>()
    .get('/outbox', describe(readOutbox), requireStaff(), async (c) => {
      const page = c.req.query('page');
      const parsed = querySchema.safeParse(page ? { page } : {});
      if (!parsed.success) validationFailed(c, [{ path: 'page', code: 'invalid' }]);
      const { items, total } = await listOutbox(db, { page: parsed.data.page, pageSize: PAGE_SIZE });
      // Donors' addresses and the text sent to them: who read which page, and when.
      await appendAudit(db, {
        actorId: c.get('staff')?.id,
        actorKind: 'staff',
        action: 'outbox.read',
        details: { page: parsed.data.page },
      });
      const view = staffMessage(smtp());
      return answer(c, outboxSchema, outboxAnswer(smtp() ? 'smtp' : 'held', pageOf(items.map(view), total, parsed.data.page, PAGE_SIZE)));
    })
    .post('/outbox/:id/resend', describe(resendMessage), csrf(), requireStaff(), async (c) => {
      const staff = c.get('staff');
      const id = messageId.safeParse(c.req.param('id'));
      if (!id.success) validationFailed(c, [{ path: 'id', code: 'invalid' }]);
      const result = await queueAgain(db, Number(id.data), { smtp: smtp(), now: new Date(now()) });
      if (result.outcome === 'not_found') throw new ApiError(404, 'message_not_found', 'error.messageNotFound');
      if (result.outcome === 'refused') throw refusedResend[result.why](result.status);
      // Committed: the deliverer sends it now rather than at its next timed run.
      deps.mail?.kick?.();
      // The offer's reference as the subject, as for every action on an offer; of the message, nothing a donor wrote.
      await appendAudit(db, {
        actorId: staff?.id,
        actorKind: 'staff',
        action: 'outbox.resend',
        subject: result.reference,
        details: { messageId: result.message.id, kind: result.message.kind, previousStatus: result.previousStatus },
      });
      return answer(c, outboxMessage, staffMessage(smtp())(result.message));
    });
}

function outboxAnswer(delivery: 'smtp' | 'held', page: Page<ReturnType<ReturnType<typeof staffMessage>>>) {
  return { delivery, ...page };
}

/** A message as staff see it: with its words, and whether (or why not) it can be sent again, by the server's one rule. */
function staffMessage(smtp: boolean) {
  return ({ offerErased, ...row }: OutboxMessage) => {
    const why = whyNotResend({ status: row.status, offerErased }, smtp);
    return { ...withWords(row), canResend: why === undefined, resendRefusal: why ?? null };
  };
}

type OutboxRow = Omit<OutboxMessage, 'offerErased'>;

/**
 * A message with its subject and text: as sent, or written now from its params for one
 * not sent yet (held mail, above all, which staff pass on themselves). Params that cannot
 * give words leave both empty and say why in `lastError`, unless a failure is already there.
 */
function withWords({ params, subject, text, ...row }: OutboxRow) {
  if (subject !== null && text !== null) return { ...row, subject, text };
  const rendered = renderMessage(row.kind, params);
  if (rendered.ok) return { ...row, ...rendered.mail };
  return { ...row, subject: '', text: '', lastError: row.lastError ?? rendered.problem };
}
