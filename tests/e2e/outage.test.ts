import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { removeDataDir, type SelfHost, startSelfHost, waitForHealth } from '../helpers/self-host';
import { createThrowawayPostgres, type ThrowawayPostgres } from '../helpers/throwaway-postgres';

// The self-hosted server on a PostgreSQL of the test's own, which the test stops and
// starts under it: while the database is away every answer is a 503 the reader can act
// on, nothing is half-written, and the server serves again by itself when it is back.

let cluster: ThrowawayPostgres;
let server: SelfHost;

beforeAll(async () => {
  cluster = await createThrowawayPostgres();
  server = await startSelfHost({ env: { DATABASE_URL: cluster.url, RATE_LIMIT_OFFERS_PER_HOUR: '1000' } });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await cluster?.destroy();
  if (server) removeDataDir(server.dataDir);
});

const strings = (lng: string, ns: string) =>
  JSON.parse(readFileSync(path.resolve('locales', lng, `${ns}.json`), 'utf8')) as Record<string, string>;

function offer(name: string) {
  return {
    locale: 'es',
    organization: { name, country: 'AR' },
    contact: { name: 'Lin Haining', email: 'lin@example.org' },
    goods: [
      { item: 'surgical_mask', quantity: 1000 },
      { item: 'medical_gloves', quantity: 200 },
    ],
    consent: { dataProcessing: true },
  };
}

function postOffer(body: unknown, key: string, lng = 'es') {
  return fetch(`${server.baseURL}/api/offers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': lng, 'idempotency-key': key },
    body: JSON.stringify(body),
  });
}

async function expectUnavailable(res: Response, lng: string) {
  expect(res.status).toBe(503);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  const { error } = (await res.json()) as { error: { code: string; message: string } };
  expect(error).toMatchObject({ code: 'unavailable', message: strings(lng, 'errors')['error.unavailable'] });
}

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The donation form as a browser without JavaScript posts it. */
function formFields(name: string, key: string): [string, string][] {
  return [
    ['locale', 'es'],
    ['startedAt', String(Date.now() - 60_000)],
    ['idempotencyKey', key],
    ['organization.name', name],
    ['organization.country', 'AR'],
    ['contact.name', 'Lin Haining'],
    ['contact.email', 'lin@example.org'],
    ['goods[0].item', 'surgical_mask'],
    ['goods[0].quantity', '150.000'],
    ['notes', 'Entrega en Buenos Aires'],
    ['consent.dataProcessing', 'on'],
    ['_action', 'send'],
  ];
}

function postForm(fields: [string, string][]) {
  return fetch(`${server.baseURL}/es/donate/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseURL, 'accept-language': 'es' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

describe('the self-hosted server when PostgreSQL goes away', () => {
  test('every API route answers 503 with Retry-After in the reader’s language, and serves again once the database is back', async () => {
    expect((await postOffer(offer('Antes del corte'), 'before-1')).status).toBe(201);
    await cluster.stop('fast');

    await expectUnavailable(await postOffer(offer('Durante el corte'), 'during-1'), 'es');
    await expectUnavailable(
      await fetch(`${server.baseURL}/api/offers/lookup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': 'ja' },
        body: JSON.stringify({ reference: 'TX-AAAA-AAAA', email: 'lin@example.org' }),
      }),
      'ja',
    );
    await expectUnavailable(await fetch(`${server.baseURL}/api/totals`, { headers: { 'accept-language': 'en' } }), 'en');
    await expectUnavailable(
      await fetch(`${server.baseURL}/api/staff/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': 'zh-CN', origin: server.baseURL },
        body: JSON.stringify({ email: 'admin@example.org', password: 'a long enough password' }),
      }),
      'zh',
    );
    const health = await fetch(`${server.baseURL}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'degraded', db: { kind: 'postgres', status: 'unavailable' } });

    await cluster.start();
    await waitForHealth(server);
    const after = await postOffer(offer('Durante el corte'), 'during-1');
    expect(after.status).toBe(201);
    expect(after.headers.get('idempotent-replayed')).toBeNull();
    expect(server.child.exitCode).toBeNull();
  });

  test('the form without JavaScript keeps everything typed and says to send it again in a minute', async () => {
    await cluster.stop('fast');
    const fields = formFields('Asociación Fujian de Rosario', 'form-key-1');
    const down = await postForm(fields);
    expect(down.status).toBe(503);
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);
    const html = await down.text();
    expect(html).toContain(strings('es', 'donate')['form.unavailable']);
    expect(html).toContain('value="Asociación Fujian de Rosario"');
    expect(html).toContain('value="lin@example.org"');
    expect(html).toContain('value="150.000"');
    expect(html).toContain('Entrega en Buenos Aires');
    expect(html).toContain('value="form-key-1"');

    await cluster.start();
    await waitForHealth(server);
    const up = await postForm(fields);
    expect(up.status).toBe(303);
    expect(up.headers.get('location')).toMatch(/^\/es\/donate\/thanks\/\?ref=TX-/);
    const [row] = await query<{ n: number }>(`select count(*)::int as n from offers where organization_name = $1`, [
      'Asociación Fujian de Rosario',
    ]);
    expect(row?.n).toBe(1);
  });

  test('offers in flight when the database crashes are stored whole or not at all, and a retry stores each once', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `Crash test ${i}`);
    // A request cut off with its connection gets no answer at all (null): the client
    // cannot know whether it was stored, so it sends it again with the same key.
    const sending = names.map((name, i) => postOffer(offer(name), `crash-${i}`).catch(() => null));
    setTimeout(() => void cluster.stop('immediate'), 30);
    const first = await Promise.all(sending);
    for (const res of first) if (res) expect([201, 503]).toContain(res.status);
    const created = new Set<string>();
    for (const res of first)
      if (res?.status === 201) created.add(((await res.json()) as { reference: string }).reference);
      else await res?.body?.cancel();

    await cluster.start();
    await waitForHealth(server);
    // The client sends again what did not get a 201, with the same key.
    for (const [i, res] of first.entries()) {
      if (res?.status === 201) continue;
      let again: Response | null = null;
      for (let attempt = 0; attempt < 3 && !again; attempt++)
        again = await postOffer(offer(names[i] as string), `crash-${i}`).catch(() => null);
      expect(again?.status).toBe(201);
    }
    const stored = await query<{ reference: string; contacts: number; goods: number; events: number }>(
      `select o.reference,
         (select count(*)::int from offer_contacts c where c.offer_id = o.id) as contacts,
         (select count(*)::int from offer_goods g where g.offer_id = o.id) as goods,
         (select count(*)::int from offer_events e where e.offer_id = o.id) as events
       from offers o where o.organization_name like 'Crash test %'`,
    );
    expect(stored).toHaveLength(names.length);
    for (const row of stored) expect(row).toMatchObject({ contacts: 1, goods: 2, events: 1 });
    const references = new Set(stored.map((r) => r.reference));
    for (const reference of created) expect(references.has(reference)).toBe(true);
  });
});
