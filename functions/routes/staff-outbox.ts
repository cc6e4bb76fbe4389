import { Hono } from 'hono';
import { z } from 'zod';
import { outboxAnswer as outboxSchema } from '../contract/answers';
import { answer, describe, type Operation } from '../contract/operation';
import { refusalsOf, staffRefused } from '../contract/refusals';
import { appendAudit } from '../db/audit';
import { listOutbox } from '../db/outbox';
import type { AppDeps, AppEnv } from '../env';
import { renderMessage } from '../mail/render-message';
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

export function staffOutboxRoutes(deps: AppDeps) {
  const db = deps.db.db;
  return new Hono<AppEnv>().get('/outbox', describe(readOutbox), requireStaff(), async (c) => {
    const page = c.req.query('page');
    const parsed = querySchema.safeParse(page ? { page } : {});
    if (!parsed.success) validationFailed(c, [{ path: 'page', code: 'invalid' }]);
    const { items, total } = await listOutbox(db, { page: parsed.data.page, pageSize: PAGE_SIZE });
    // Donors' addresses and the text sent to them: who read which page, and when.
    await appendAudit(db, { actorId: c.get('staff')?.id, actorKind: 'staff', action: 'outbox.read', details: { page: parsed.data.page } });
    return answer(
      c,
      outboxSchema,
      outboxAnswer(deps.mail?.sending ? 'smtp' : 'held', pageOf(items.map(withWords), total, parsed.data.page, PAGE_SIZE)),
    );
  });
}

function outboxAnswer(delivery: 'smtp' | 'held', page: Page<ReturnType<typeof withWords>>) {
  return { delivery, ...page };
}

type OutboxRow = Awaited<ReturnType<typeof listOutbox>>['items'][number];

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
