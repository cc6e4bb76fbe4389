import type * as z from 'zod';
import type { OutboxKind } from '../db/schema';
import { type MessageParams, messageParams } from './message-params';
import { donorStatusMail, type MailText, staffNewOfferMail, staffSignInAlertMail } from './messages';
import { redactAddresses } from './transport';

/** The words of a message, or why its params cannot give them (for `last_error`: it names fields, never their values). */
export type Rendered = { ok: true; mail: MailText } | { ok: false; problem: string };

const schemas: { [K in OutboxKind]: z.ZodType<MessageParams[K]> } = messageParams;

const writers: { [K in OutboxKind]: (params: MessageParams[K]) => MailText } = {
  staff_new_offer: ({ siteUrl, ...offer }) => staffNewOfferMail(offer, siteUrl),
  donor_status: ({ siteUrl, ...change }) => donorStatusMail(change, siteUrl),
  staff_alert: ({ siteUrl, ...alert }) => staffSignInAlertMail(alert, siteUrl),
};

/** `goods.0.quantity: Invalid input: expected number, received string`. zod's messages name types and rules, not the input. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'params'}: ${issue.message}`)
    .join('; ');
}

/**
 * A message's subject and text, written from its kind and params (message-params.ts) in
 * the languages they call for. Pure, and it never throws: params that do not parse, or
 * that the writer cannot use, give a `problem`. The deliverer fails that message with it;
 * the outbox page shows it.
 */
export function renderMessage<K extends OutboxKind>(kind: K, params: unknown): Rendered {
  const schema: z.ZodType<MessageParams[K]> | undefined = schemas[kind];
  const write: ((params: MessageParams[K]) => MailText) | undefined = writers[kind];
  // The column's check allows only known kinds; a kind from a newer version is a problem here, not a crash.
  if (!schema || !write) return { ok: false, problem: `Cannot write a message of the unknown kind ${String(kind).slice(0, 40)}` };
  const parsed = schema.safeParse(params);
  if (!parsed.success) return { ok: false, problem: failure(kind, describeIssues(parsed.error.issues)) };
  try {
    return { ok: true, mail: write(parsed.data) };
  } catch (err) {
    // Parsed params should always give words; if they do not, this one message fails, not the deliverer or the outbox page.
    return { ok: false, problem: failure(kind, err instanceof Error ? `${err.name}: ${err.message}` : String(err)) };
  }
}

const failure = (kind: OutboxKind, why: string) => redactAddresses(`Cannot write the ${kind} message from its params: ${why}`);
