import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { z } from 'zod';
import { offerStatuses } from '../../src/lib/catalog';
import { isEmail } from '../../src/lib/email';
import { fieldProblems } from '../../src/lib/field-problem';
import { toMinorUnits } from '../../src/lib/money';
import { cleanText } from '../../src/lib/plain-text';
import { normalizeReference } from '../../src/lib/reference';
import { allowedTransitions, finalStatuses, reasonRequired } from '../../src/lib/workflow';
import { noteAdded, offerErased, staffOfferAnswer } from '../contract/answers';
import { answer, describe, named, type Operation } from '../contract/operation';
import { bodyRefused, refusalsOf, staffRefused, staffWriteRefused } from '../contract/refusals';
import { appendAudit } from '../db/audit';
import { eraseOfferPersonalData } from '../db/erasure';
import { retentionEndsAt } from '../db/housekeeping';
import { findOfferForStaff, type StaffOfferView } from '../db/offer-view';
import { addOfferNote, transitionOffer } from '../db/offer-workflow';
import type { AppDeps, AppEnv } from '../env';
import { ApiError } from '../errors';
import { statusChangeFactsOf } from '../mail/message-params';
import { requireStaff } from '../middleware/staff-session';
import { readJson, validationFailed } from '../validation';

/** Staff free text, by the portal's one text rule for multi-line text; then `max` characters. */
const freeText = (limits: { min?: number; max: number }) =>
  z
    .string()
    .transform((text, ctx) => {
      const { value, problem } = cleanText(text, { multiline: true });
      if (value !== undefined) return value;
      ctx.issues.push({ code: 'custom', message: problem, input: text });
      return z.NEVER;
    })
    .pipe(
      z
        .string()
        .min(limits.min ?? 0)
        .max(limits.max),
    );

const amount = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,2})?$/);
const transitionSchema = z.object({
  to: z.enum(offerStatuses),
  reason: freeText({ max: 2000 }).optional(),
  visibleToDonor: z.boolean().default(false),
  received: z
    .array(z.object({ position: z.number().int().min(0).max(1000), quantity: z.number().int().min(0).max(100_000_000) }))
    .max(100)
    .optional(),
  /** Accepted goods: estimated worth in yuan, like "12345.67". */
  estimatedValueCny: amount.optional(),
  /** Received cash: the amount that arrived, in the pledge's currency. */
  cashReceived: z.string().trim().max(20).optional(),
  /** CNY per one unit of the pledge's currency, like "7.123456". */
  exchangeRate: z
    .string()
    .trim()
    .regex(/^\d{1,6}(\.\d{1,6})?$/)
    .optional(),
  duplicateOf: z.string().trim().max(20).optional(),
});
const noteSchema = z.object({ body: freeText({ min: 1, max: 10_000 }) });
const transitionInput = named('TransitionInput', transitionSchema);
const noteInput = named('NoteInput', noteSchema);

const problemKey: Record<string, string> = {
  reason_required: 'validation.reasonRequired',
  received_required: 'validation.receivedRequired',
  received_lines: 'validation.receivedLines',
  received_reason: 'validation.receivedReason',
  cash_received_required: 'validation.cashReceivedRequired',
  duplicate_of_required: 'validation.duplicateOfRequired',
  duplicate_of_unknown: 'validation.duplicateOfUnknown',
};

/**
 * An offer as the staff API answers it: with the steps the workflow allows next (and
 * which of them need a reason, so the page asks before sending), and,
 * for a final offer not yet erased, when the sweep will erase its personal data.
 */
function staffView(offer: StaffOfferView, retentionDays: number | undefined) {
  const finalAt =
    retentionDays && !offer.erasedAt && finalStatuses.includes(offer.status)
      ? offer.history.findLast((e) => e.status === offer.status)?.createdAt
      : undefined;
  return {
    ...offer,
    allowedTransitions: allowedTransitions(offer.status),
    reasonRequiredFor: allowedTransitions(offer.status).filter((to) => reasonRequired.includes(to)),
    retentionEndsAt: finalAt && retentionDays ? retentionEndsAt(finalAt, retentionDays) : null,
  };
}

const offerPath = { reference: { description: 'The offer’s reference, `TX-4K7M-Q9PD`.', schema: { type: 'string', maxLength: 20 } } };

const getStaffOffer: Operation = {
  operationId: 'getStaffOffer',
  summary: 'One offer, in full',
  description: 'Every field, the history, the notes, and the steps the workflow allows next. Reading it is audited.',
  tags: ['staff-offers'],
  access: 'staff',
  request: { path: offerPath },
  responses: {
    200: { description: 'The offer.', body: staffOfferAnswer },
    ...refusalsOf(...staffRefused, 'offerNotFound'),
  },
};

const moveOffer: Operation = {
  operationId: 'moveOffer',
  summary: 'Move an offer to its next status',
  description:
    'One step of the workflow (docs/api.md): `reasonRequiredFor` in the offer says which steps need a reason. A step the donor ' +
    'may see queues a message to them in their language, in the same transaction.',
  tags: ['staff-offers'],
  access: 'staff',
  request: {
    path: offerPath,
    body: {
      ...transitionInput,
      examples: {
        accept: {
          summary: 'Accept goods, with their estimated worth',
          value: { to: 'accepted', estimatedValueCny: '120000.00', visibleToDonor: true },
        },
        ask: { summary: 'Ask the donor something', value: { to: 'needs_info', reason: '请提供口罩的执行标准。', visibleToDonor: true } },
      },
    },
  },
  responses: {
    200: { description: 'The offer after the step.', body: staffOfferAnswer },
    ...refusalsOf(...staffWriteRefused, ...bodyRefused, 'offerNotFound', 'transitionNotAllowed'),
  },
};

const addNote: Operation = {
  operationId: 'addOfferNote',
  summary: 'Add an internal note',
  description: 'Staff only; the donor never sees notes.',
  tags: ['staff-offers'],
  access: 'staff',
  request: {
    path: offerPath,
    body: { ...noteInput, examples: { note: { summary: 'A note', value: { body: 'Called Mr Lin: shipping next week.' } } } },
  },
  responses: {
    201: { description: 'Added.', body: noteAdded },
    ...refusalsOf(...staffWriteRefused, ...bodyRefused, 'offerNotFound'),
  },
};

const eraseOffer: Operation = {
  operationId: 'eraseOffer',
  summary: 'Erase the donor’s personal data',
  description:
    'Admins only. Blanks every personal free text of the offer and deletes its mail; the offer stays, for the totals ' +
    '(docs/decisions/080-erasure-and-retention.md).',
  tags: ['staff-offers'],
  access: 'admin',
  request: { path: offerPath },
  responses: {
    200: { description: 'Erased (erasing again changes nothing).', body: offerErased },
    ...refusalsOf(...staffWriteRefused, 'forbidden', 'offerNotFound'),
  },
};

/** `GET /staff/offers/{reference}`, `POST …/transitions`, `POST …/notes`. */
export function staffOfferRoutes(deps: AppDeps) {
  const db = deps.db.db;
  const mail = deps.mail;
  const now = deps.now ?? Date.now;
  return new Hono<AppEnv>()
    .use(csrf())
    .get('/:reference', describe(getStaffOffer), requireStaff(), async (c) => {
      const reference = normalizeReference(c.req.param('reference'));
      const offer = reference && (await findOfferForStaff(db, reference));
      if (!offer) throw new ApiError(404, 'offer_not_found', 'error.notFound');
      // Who read a donor's whole record, and when (the list and its search show far less).
      await appendAudit(db, { actorId: c.get('staff')?.id, actorKind: 'staff', action: 'offer.read', subject: offer.reference });
      return answer(c, staffOfferAnswer, staffView(offer, deps.retentionDays));
    })
    .post('/:reference/transitions', describe(moveOffer), requireStaff(), async (c) => {
      const staff = c.get('staff');
      const reference = normalizeReference(c.req.param('reference'));
      const body = await readJson(c);
      const parsed = transitionSchema.safeParse(body);
      if (!parsed.success)
        validationFailed(
          c,
          fieldProblems(parsed.error.issues, () => 'invalid'),
        );
      const input = parsed.data;
      const current = reference ? await findOfferForStaff(db, reference) : undefined;
      if (!reference || !current || !staff) throw new ApiError(404, 'offer_not_found', 'error.notFound');

      const money: { estimatedValueCnyMinor?: number; cashReceivedMinor?: number; exchangeRateMicro?: number } = {};
      if (input.estimatedValueCny) {
        const v = toMinorUnits(input.estimatedValueCny, 'CNY', 999_999_999_999);
        if ('problem' in v) validationFailed(c, [{ path: 'estimatedValueCny', code: 'amount' }]);
        else money.estimatedValueCnyMinor = v.minor;
      }
      if (input.cashReceived && current.cashCurrency) {
        const v = toMinorUnits(input.cashReceived, current.cashCurrency, 999_999_999_999);
        if ('problem' in v) validationFailed(c, [{ path: 'cashReceived', code: 'amount' }]);
        else money.cashReceivedMinor = v.minor;
      }
      if (input.exchangeRate) {
        const [whole = '0', frac = ''] = input.exchangeRate.split('.');
        money.exchangeRateMicro = Number(whole) * 1_000_000 + Number(frac.padEnd(6, '0'));
      }
      const result = await transitionOffer(db, {
        reference,
        to: input.to,
        actorId: staff.id,
        reason: input.reason,
        visibleToDonor: input.visibleToDonor,
        received: input.received,
        duplicateOf: input.duplicateOf ? normalizeReference(input.duplicateOf) : undefined,
        ...money,
        donorMessages: {
          status: mail?.sending ? 'pending' : 'held',
          now: new Date(now()),
          // An address stored before the email rule (docs/decisions/070-input-hygiene.md) gets no mail.
          drafts: (notice) =>
            isEmail(notice.email)
              ? [{ kind: 'donor_status', to: [notice.email], params: { ...statusChangeFactsOf(notice), siteUrl: mail?.siteUrl } }]
              : [],
        },
      });
      if (result.outcome === 'not_found') throw new ApiError(404, 'offer_not_found', 'error.notFound');
      if (result.outcome === 'not_allowed') {
        throw new ApiError(409, 'transition_not_allowed', 'error.transitionNotAllowed', {
          from: result.from,
          to: input.to,
          allowed: allowedTransitions(result.from),
        });
      }
      if (result.outcome === 'invalid') validationFailed(c, result.problems, (p) => problemKey[p.code] ?? 'validation.invalid');
      // The totals in this process look again at their version on the next read.
      deps.totals?.changed();
      // Committed with the change; sent after this answer.
      if (result.queued > 0 && mail?.sending) mail.kick?.();
      await appendAudit(db, {
        actorId: staff.id,
        actorKind: 'staff',
        action: 'offer.transition',
        subject: reference,
        details: { from: result.from, to: result.to, visibleToDonor: input.visibleToDonor },
      });
      const offer = await findOfferForStaff(db, reference);
      if (!offer) throw new ApiError(404, 'offer_not_found', 'error.notFound');
      return answer(c, staffOfferAnswer, staffView(offer, deps.retentionDays));
    })
    .post('/:reference/notes', describe(addNote), requireStaff(), async (c) => {
      const staff = c.get('staff');
      const reference = normalizeReference(c.req.param('reference'));
      const body = await readJson(c);
      const parsed = noteSchema.safeParse(body);
      if (!parsed.success)
        validationFailed(
          c,
          fieldProblems(parsed.error.issues, () => 'required'),
        );
      const note = reference && staff ? await addOfferNote(db, reference, staff.id, parsed.data.body) : undefined;
      if (!note || !staff) throw new ApiError(404, 'offer_not_found', 'error.notFound');
      await appendAudit(db, {
        actorId: staff.id,
        actorKind: 'staff',
        action: 'offer.note',
        subject: reference,
        details: { noteId: note.id },
      });
      return answer(c, noteAdded, note, 201);
    })
    .post('/:reference/erase', describe(eraseOffer), requireStaff('admin'), async (c) => {
      const staff = c.get('staff');
      const reference = normalizeReference(c.req.param('reference'));
      const result =
        reference && staff
          ? await eraseOfferPersonalData(
              db,
              reference,
              { actorId: staff.id, actorKind: 'staff', details: { reason: 'request' } },
              new Date(now()),
            )
          : undefined;
      if (!result || !reference) throw new ApiError(404, 'offer_not_found', 'error.notFound');
      deps.totals?.changed();
      return answer(c, offerErased, { reference, erased: true as const });
    });
}
