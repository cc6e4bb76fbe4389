import pkg from '../../package.json' with { type: 'json' };
import { type Config, ConfigError, readConfig } from '../config';
import type { Database } from '../db/client';
import { openNeon } from '../db/neon';
import { parseIpAddress } from '../net/ip-address';
import { createPublicApp } from '../public-app';
import { createTotalsMemory } from '../totals-cache';

/**
 * The public API as an edge function (`API_RUNTIME=edge`, docs/decisions/150): a Web
 * `Request` in, a `Response` out, Web-standard APIs only. Staff, cron and mail delivery
 * stay on the Node function; the build's routes send only the public paths here.
 *
 * A WebSocket may not outlive the request that opened it in an edge runtime, so each
 * request opens its own connection and closes it after the answer (`waitUntil`). What
 * lasts between requests is memory only: the configuration and the public totals.
 */

/** What Vercel hands an edge function with the request. */
export interface EdgeContext {
  waitUntil?(promise: Promise<unknown>): void;
}

const totals = createTotalsMemory();
let config: Config | undefined;
let warnedNoKick = false;

/** Vercel writes the client's address as the first entry of X-Forwarded-For, over anything the client sent. */
function clientAddressOf(request: Request): string | undefined {
  const first = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return first ? parseIpAddress(first)?.text : undefined;
}

/**
 * Asks the Node function to deliver the mail this request queued, as a Node request's
 * own `kick` does: through `/api/cron`, which needs CRON_SECRET and the site's address.
 * Without them the mail waits in the outbox for the next run of Vercel Cron.
 */
function kickFor(config: Config, context: EdgeContext | undefined): (() => void) | undefined {
  if (!config.CRON_SECRET || !config.SITE_URL) {
    if (!warnedNoKick) console.warn('[edge] mail is queued but waits for Vercel Cron: set CRON_SECRET and SITE_URL to send it at once');
    warnedNoKick = true;
    return undefined;
  }
  const cron = new URL('/api/cron', config.SITE_URL);
  const secret = config.CRON_SECRET;
  return () => {
    const asked = fetch(cron, { headers: { Authorization: `Bearer ${secret}` } })
      .then((answer) => {
        if (!answer.ok) console.warn(`[edge] asking for mail delivery: ${answer.status}`);
        return answer.body?.cancel();
      })
      .catch((err: unknown) => console.warn('[edge] asking for mail delivery failed:', err instanceof Error ? err.message : err));
    context?.waitUntil?.(asked);
  };
}

function failedStart(err: unknown): Response {
  // The operator's mistake, not the reader's: the log says what; the answer says nothing more.
  console.error('[edge] cannot start:', err instanceof ConfigError ? err.message : err);
  return Response.json(
    { error: { code: 'internal', message: 'Internal error' } },
    { status: 500, headers: { 'Cache-Control': 'no-store' } },
  );
}

export default async function handleEdgeRequest(request: Request, context?: EdgeContext): Promise<Response> {
  let db: Database;
  let current: Config;
  try {
    current = config ??= readConfig();
    if (!current.DATABASE_URL) throw new ConfigError('DATABASE_URL is not set: the edge function reaches PostgreSQL only.');
    db = openNeon(current.DATABASE_URL, {
      // One request's queries, one after another: a second connection would only wait.
      max: 1,
      statementTimeoutMs: current.DB_STATEMENT_TIMEOUT_MS,
      wsProxy: current.DATABASE_WS_PROXY,
    });
  } catch (err) {
    return failedStart(err);
  }
  const sending = Boolean(current.SMTP_URL && current.MAIL_FROM);
  const app = createPublicApp({
    db,
    version: pkg.version,
    origins: current.SITE_URL ? [new URL(current.SITE_URL).origin] : [],
    limits: { offersPerHour: current.RATE_LIMIT_OFFERS_PER_HOUR, lookupsPerHour: current.RATE_LIMIT_LOOKUPS_PER_HOUR },
    totals: totals.over(db.db),
    retentionDays: current.RETENTION_DAYS,
    mail: {
      sending,
      staffRecipients: current.STAFF_NOTIFY_EMAILS,
      siteUrl: current.SITE_URL,
      kick: sending ? kickFor(current, context) : undefined,
    },
  });
  try {
    return await app.fetch(request, { clientAddress: clientAddressOf(request) });
  } finally {
    const closed = closeWithin(db, CLOSE_WITHIN_MS);
    if (context?.waitUntil) context.waitUntil(closed);
    else await closed;
  }
}

/** How long closing a request's connection may keep the invocation alive after its answer. */
const CLOSE_WITHIN_MS = 2_000;

/**
 * Ends the request's connection, or gives up after `ms`: a connection the database went
 * away from in the middle of its start can leave the pool's end waiting for good, and the
 * platform would keep the invocation alive for it. Whatever is left goes with the isolate.
 */
async function closeWithin(db: Database, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<'gave up'>((resolve) => {
    timer = setTimeout(() => resolve('gave up'), ms);
  });
  try {
    const ended = await Promise.race([db.close().then(() => 'closed' as const), gaveUp]);
    if (ended === 'gave up') console.warn(`[edge] the connection did not close within ${ms} ms; left to the runtime`);
  } catch (err) {
    console.warn('[edge] closing the connection:', err instanceof Error ? err.message : err);
  } finally {
    clearTimeout(timer);
  }
}
