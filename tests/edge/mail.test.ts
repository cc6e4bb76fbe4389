import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createApp } from '../../functions/app';
import { createBackground } from '../../functions/background';
import { offers, outbox } from '../../functions/db/schema';
import { createDeliverer } from '../../functions/mail/deliverer';
import { smtpTransport } from '../../functions/mail/transport';
import pkg from '../../package.json' with { type: 'json' };
import { createPostgresDatabase, type TestDatabase } from '../helpers/database';
import { type EdgeApi, startEdgeApi } from '../helpers/edge-api';
import { goodsOffer, postJson } from '../helpers/offers';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { startWsBridge, type WsBridge } from '../helpers/ws-bridge';

/**
 * An offer taken at the edge gets its mail from Node (docs/decisions/150): the edge
 * function cannot speak SMTP (no TCP), so it queues the messages in the offer's
 * transaction and asks the Node function's `/api/cron` to deliver them, after its answer.
 * Here the Node side is the real app with its deliverer behind a real HTTP server, and the
 * mail goes to a real SMTP server.
 */

const CRON_SECRET = 'edge-mail-cron-secret-0123456789';
let database: TestDatabase & { url: string };
let bridge: WsBridge;
let smtp: TestSmtpServer;
let nodeServer: ReturnType<typeof serve>;
let siteUrl: string;

beforeAll(async () => {
  database = await createPostgresDatabase(process.env.TEST_DATABASE_URL as string, 'tx_edge_mail');
  [bridge, smtp] = await Promise.all([startWsBridge(database.url), startSmtpServer()]);
  const deliverer = createDeliverer({
    db: database.db,
    transport: await smtpTransport(smtp.url),
    from: 'Tongxin <noreply@tongxin.example>',
  });
  const background = createBackground({ db: database.db, deliverer });
  const app = createApp({
    db: database,
    version: pkg.version,
    mail: { sending: true, kick: background.kick },
    cron: { secret: CRON_SECRET, run: () => background.run({ sweep: true }) },
  });
  nodeServer = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => nodeServer.once('listening', () => resolve()));
  siteUrl = `http://127.0.0.1:${(nodeServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => nodeServer?.close(() => resolve()));
  await smtp?.close();
  await bridge?.close();
  await database?.destroy();
});

const edgeWith = (env: Record<string, string>): Promise<EdgeApi> =>
  startEdgeApi({
    DATABASE_URL: database.url,
    DATABASE_WS_PROXY: bridge.url,
    DATABASE_DRIVER: 'neon',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Tongxin <noreply@tongxin.example>',
    STAFF_NOTIFY_EMAILS: 'desk@tongxin.example',
    ...env,
  });

const statusesOf = async (reference: string) =>
  (
    await database.db
      .select({ status: outbox.status })
      .from(outbox)
      .innerJoin(offers, eq(offers.id, outbox.offerId))
      .where(eq(offers.reference, reference))
  ).map((m) => m.status);

describe('mail for an offer taken at the edge', () => {
  test('is queued with the offer and delivered by Node right after the answer: the staff desk gets it', async () => {
    const edge = await edgeWith({ CRON_SECRET, SITE_URL: siteUrl });
    const res = await postJson(edge, '/offers', goodsOffer(), { clientAddress: '198.51.100.20' });
    expect(res.status).toBe(201);
    const { reference } = (await res.json()) as { reference: string };
    // The answer did not wait for SMTP; the platform's waitUntil (awaited by the harness) did.
    await vi.waitFor(() => expect(smtp.received.flatMap((m) => m.to)).toContain('desk@tongxin.example'));
    const deskMail = smtp.received.find((m) => m.to.includes('desk@tongxin.example'));
    expect(deskMail?.parsed.text).toContain(reference);
    expect(new Set(await statusesOf(reference))).toEqual(new Set(['sent']));
  });

  test('without CRON_SECRET it is queued and waits for the scheduler, with a warning in the log, and the offer is taken', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const edge = await edgeWith({ SITE_URL: siteUrl });
      const res = await postJson(edge, '/offers', goodsOffer(), { clientAddress: '198.51.100.21' });
      expect(res.status).toBe(201);
      const { reference } = (await res.json()) as { reference: string };
      expect(new Set(await statusesOf(reference))).toEqual(new Set(['pending']));
      expect(warn.mock.calls.flat().join(' ')).toMatch(/waits for Vercel Cron: set CRON_SECRET and SITE_URL/);
    } finally {
      warn.mockRestore();
    }
  });
});
