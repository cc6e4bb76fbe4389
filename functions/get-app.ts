import pkg from '../package.json' with { type: 'json' };
import { type App, createApp } from './app';
import { createBackground } from './background';
import { readConfig } from './config';
import { openDatabase } from './db/client';
import { localSecret } from './local-secrets';
import { createDeliverer } from './mail/deliverer';
import { createTotalsCache } from './totals-cache';

/** How often the self-hosted server looks for due mail (retries) and expired rows. */
const BACKGROUND_INTERVAL_MS = 60_000;

let starting: Promise<App> | undefined;

/**
 * The app built from the environment, once per process. A failed start is forgotten,
 * so the next request tries again instead of failing forever.
 */
export function getApp(): Promise<App> {
  starting ??= (async () => {
    const config = readConfig();
    const db = await openDatabase(config);
    const sessionSecret = config.SESSION_SECRET ?? localSecret(config.DATA_DIR, 'session-secret');

    // Mail goes out only with an SMTP server; otherwise it is held in the outbox for staff to read.
    let deliverer: ReturnType<typeof createDeliverer> | undefined;
    if (config.SMTP_URL && config.MAIL_FROM) {
      const { smtpTransport } = await import('./mail/transport');
      deliverer = createDeliverer({ db: db.db, transport: await smtpTransport(config.SMTP_URL), from: config.MAIL_FROM });
    }
    // On Vercel a function is frozen after its answer: `waitUntil` keeps it alive for a run a
    // request started, and Vercel Cron calls /api/cron for retries and sweeps. A server of
    // our own runs the same work on a timer.
    const waitUntil = config.VERCEL ? (await import('@vercel/functions')).waitUntil : undefined;
    // One copy of the public totals for the API and the sweep that may change them.
    const totals = createTotalsCache(db.db);
    const background = createBackground({
      db: db.db,
      deliverer,
      waitUntil,
      retentionDays: config.RETENTION_DAYS,
      onTotalsChanged: totals.changed,
    });
    if (!config.VERCEL) background.start(BACKGROUND_INTERVAL_MS);

    return createApp({
      db,
      version: pkg.version,
      origins: config.SITE_URL ? [new URL(config.SITE_URL).origin] : [],
      limits: { offersPerHour: config.RATE_LIMIT_OFFERS_PER_HOUR, lookupsPerHour: config.RATE_LIMIT_LOOKUPS_PER_HOUR },
      sessionSecret,
      totals,
      retentionDays: config.RETENTION_DAYS,
      mail: {
        sending: Boolean(deliverer),
        staffRecipients: config.STAFF_NOTIFY_EMAILS,
        siteUrl: config.SITE_URL,
        kick: background.kick,
      },
      cron: config.CRON_SECRET ? { secret: config.CRON_SECRET, run: () => background.run({ sweep: true }) } : undefined,
    });
  })().catch((err) => {
    starting = undefined;
    throw err;
  });
  return starting;
}
