import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createApp } from '../../functions/app';
import { countOfferRows, findOfferForDonor } from '../../functions/db/offers';
import { bumpTotalsVersion } from '../../functions/db/totals-version';
import pkg from '../../package.json' with { type: 'json' };
import { type Locale, locales } from '../../src/i18n/config';
import { isReference } from '../../src/lib/reference';
import { checkAgainstContract, checkedApp } from '../helpers/contract';
import { createPostgresDatabase, type TestDatabase } from '../helpers/database';
import { type EdgeApi, startEdgeApi } from '../helpers/edge-api';
import { expectConsoleError } from '../helpers/fail-on-console-error';
import { type ErrorBody, goodsOffer, mixedOffer, postForm, postJson, yenCashOffer } from '../helpers/offers';
import { startWsBridge, type WsBridge } from '../helpers/ws-bridge';

/**
 * The public API as the edge function serves it: the bundle Vercel would run, inside
 * Vercel's edge-runtime, on the `neon` driver through a WebSocket-to-TCP bridge to the
 * real PostgreSQL. Nothing is mocked. Where Node and the edge must agree, the same request
 * goes to both, on the same database, and the answers are compared.
 */

const SITE = 'https://tongxin.example';
const adminUrl = process.env.TEST_DATABASE_URL as string;

let database: TestDatabase & { url: string };
let bridge: WsBridge;
let edge: EdgeApi;
/** The Node app on the same database, as the self-hosted server and the Node function build it. */
let node: ReturnType<typeof createApp>;

const envFor = (overrides: Record<string, string> = {}) => ({
  DATABASE_URL: database.url,
  DATABASE_DRIVER: 'neon',
  DATABASE_WS_PROXY: bridge.url,
  SITE_URL: SITE,
  RATE_LIMIT_OFFERS_PER_HOUR: '10000',
  RATE_LIMIT_LOOKUPS_PER_HOUR: '10000',
  ...overrides,
});

/** The edge API, with every answer checked against the API's description, as the Node tests check theirs. */
async function checkedEdge(env: Record<string, string>): Promise<EdgeApi> {
  const api = await startEdgeApi(env);
  return {
    coldStartMs: api.coldStartMs,
    async request(input, init = {}, bindings = {}) {
      const response = await api.request(input, init, bindings);
      await checkAgainstContract(init.method ?? 'GET', new URL(input, 'http://localhost'), response);
      return response;
    },
  };
}

beforeAll(async () => {
  database = await createPostgresDatabase(adminUrl, 'tx_edge');
  bridge = await startWsBridge(database.url);
  edge = await checkedEdge(envFor());
  node = checkedApp(
    createApp({
      db: database,
      version: pkg.version,
      origins: [SITE],
      limits: { offersPerHour: 10_000, lookupsPerHour: 10_000 },
    }),
  );
});
afterAll(async () => {
  await bridge?.close();
  await database?.destroy();
});

const rows = () => countOfferRows(database.db);
const errorsIn = (lng: string) => JSON.parse(readFileSync(path.resolve('locales', lng, 'errors.json'), 'utf8')) as Record<string, string>;
const languageOf: Record<Locale, string> = { zh: 'zh-CN', 'zh-Hant': 'zh-TW', en: 'en-GB', es: 'es-AR', ja: 'ja-JP' };

async function submitted(res: Response): Promise<string> {
  expect(res.status, await res.clone().text()).toBe(201);
  const body = (await res.json()) as { reference: string; status: string };
  expect(isReference(body.reference)).toBe(true);
  return body.reference;
}

/** What a client can rely on in an answer: status, body (less the request id) and the headers that carry meaning. */
async function comparable(res: Response) {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
    const error = (body as { error?: { requestId?: string } }).error;
    if (error?.requestId) error.requestId = '(id)';
  } catch {}
  const headers = Object.fromEntries(
    ['content-type', 'content-language', 'cache-control', 'retry-after', 'etag', 'location', 'x-content-type-options'].map((h) => [
      h,
      res.headers.get(h),
    ]),
  );
  return { status: res.status, headers, body };
}

describe('the edge function answers as Node does', () => {
  const bad: [string, string, RequestInit][] = [];
  for (const lng of locales) {
    const headers = { 'Accept-Language': languageOf[lng] };
    bad.push(
      [`catalog in ${lng}`, `/api/catalog?locale=${lng}`, {}],
      [`an unknown path, in ${lng}`, '/api/offers/nothing/here', { headers }],
      [
        `malformed JSON, in ${lng}`,
        '/api/offers',
        { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: '{"organization": {"name": "x"' },
      ],
      [
        `every problem of an empty offer at once, in ${lng}`,
        '/api/offers',
        { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: '{}' },
      ],
      [
        `a body over the limit, in ${lng}`,
        '/api/offers',
        {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify({ ...mixedOffer(), notes: 'x'.repeat(200 * 1024) }),
        },
      ],
      [
        `a form from another site, in ${lng}`,
        '/api/offers',
        {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' },
          body: 'organization.name=x',
        },
      ],
      [
        `a malformed reference to look up, in ${lng}`,
        '/api/offers/lookup',
        {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify({ reference: 'TX-OOII-LL11', email: 'a@b.cd' }),
        },
      ],
      [
        `an unknown reference to look up, in ${lng}`,
        '/api/offers/lookup',
        {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify({ reference: 'TX-2345-6789', phone: '+81 90 1234 5678' }),
        },
      ],
    );
  }
  bad.push(
    ['a body neither JSON nor a form', '/api/offers', { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body: '<offer/>' }],
    [
      'a malformed Idempotency-Key',
      '/api/offers',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'x'.repeat(256) },
        body: JSON.stringify(goodsOffer()),
      },
    ],
    ['switching the language', '/api/locale/ja?next=/zh/guides/masks/', {}],
    ['switching to a language the portal does not have', '/api/locale/fr?next=/zh/', {}],
  );

  test.each(bad)('%s', async (_name, url, init) => {
    const before = await rows();
    const [fromEdge, fromNode] = await Promise.all([edge.request(url, init), node.request(url, init)]);
    const e = await comparable(fromEdge);
    expect(e).toEqual(await comparable(fromNode));
    expect(e.status).not.toBe(500);
    expect(await rows()).toEqual(before);
  });

  test('a refusal is worded in each language from that language’s own file', async () => {
    for (const lng of locales) {
      const res = await postJson(edge, '/offers', '{"a":', { headers: { 'Accept-Language': languageOf[lng] } });
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorBody).error).toMatchObject({
        code: 'malformed_json',
        message: errorsIn(lng)['error.malformedJson'],
      });
    }
  });
});

describe('offers through the edge function', () => {
  test('a goods offer is stored whole, and Node reads it back as it was sent', async () => {
    const before = await rows();
    const reference = await submitted(await postJson(edge, '/offers', goodsOffer()));
    const after = await rows();
    expect(after.offers - before.offers).toBe(1);
    expect(after.goods - before.goods).toBe(3);
    expect(after.contacts - before.contacts).toBe(1);
    const stored = await findOfferForDonor(database.db, reference);
    expect(stored).toMatchObject({ reference, status: 'submitted', locale: 'es', organization: { country: 'AR' } });
  });

  test('a web form with amounts written the Spanish way is stored, from the site’s own origin', async () => {
    const res = await postForm(
      edge,
      '/offers',
      [
        ['locale', 'es'],
        ['organization.name', 'Asociación China de Madrid'],
        ['organization.country', 'ES'],
        ['organization.city', 'Madrid'],
        ['contact.name', 'Lin Wei'],
        ['contact.email', 'lin@example.es'],
        ['recipient', 'fujian_hospitals'],
        ['delivery', 'donor_ships'],
        ['availableFrom', '2020-02-10'],
        ['cash.amount', '1.234,50'],
        ['cash.currency', 'EUR'],
        ['consent.dataProcessing', 'yes'],
        ['startedAt', String(Date.now() - 60_000)],
      ],
      { headers: { Origin: SITE, Accept: 'application/json' } },
    );
    const reference = await submitted(res);
    const stored = await findOfferForDonor(database.db, reference);
    expect(stored?.cash).toMatchObject({ currency: 'EUR', amountMinor: 123_450 });
  });

  test('50 different offers at once: 50 answers 201, 50 offers stored, none twice', async () => {
    const before = await rows();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => postJson(edge, '/offers', goodsOffer(), { clientAddress: `198.51.100.${i + 1}` })),
    );
    const references = await Promise.all(answers.map(submitted));
    expect(new Set(references).size).toBe(50);
    expect((await rows()).offers - before.offers).toBe(50);
    // Every request closed its connection after its answer.
    await vi.waitFor(() => expect(bridge.open()).toBe(0));
  });

  test('20 identical submissions with one Idempotency-Key at once store one offer, and all get its reference', async () => {
    const key = crypto.randomUUID();
    const before = await rows();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => postJson(edge, '/offers', yenCashOffer(), { headers: { 'Idempotency-Key': key } })),
    );
    const references = await Promise.all(answers.map(submitted));
    expect(new Set(references).size).toBe(1);
    const after = await rows();
    expect(after.offers - before.offers).toBe(1);
    expect(after.keys - before.keys).toBe(1);
  });

  test('one Idempotency-Key, sent to Node and to the edge at once, stores one offer', async () => {
    const key = crypto.randomUUID();
    const before = await rows();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => postJson(i % 2 ? node : edge, '/offers', mixedOffer(), { headers: { 'Idempotency-Key': key } })),
    );
    expect(new Set(await Promise.all(answers.map(submitted))).size).toBe(1);
    expect((await rows()).offers - before.offers).toBe(1);
  });

  test('the same key with another offer is refused in the body’s language', async () => {
    const key = crypto.randomUUID();
    await submitted(await postJson(edge, '/offers', goodsOffer(), { headers: { 'Idempotency-Key': key } }));
    const res = await postJson(edge, '/offers', { ...mixedOffer(), locale: 'en' }, { headers: { 'Idempotency-Key': key } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({
      code: 'idempotency_conflict',
      message: errorsIn('en')['error.idempotencyConflict'],
    });
  });

  test('a donor looks up an offer with the phone number as typed at home', async () => {
    const reference = await submitted(await postJson(edge, '/offers', yenCashOffer()));
    const res = await postJson(edge, '/offers/lookup', {
      reference: reference.toLowerCase().replaceAll('-', ' '),
      phone: '090 1234 5678',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { reference: string; status: string; history: unknown[] };
    expect(body).toMatchObject({ reference, status: 'submitted' });
    expect(body.history).toHaveLength(1);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(JSON.stringify(body)).not.toContain('+819012345678');
  });
});

describe('limits through the edge function', () => {
  test('the fourth offer in an hour from one address is refused with Retry-After, counted with Node’s in the database', async () => {
    const limited = await checkedEdge(envFor({ RATE_LIMIT_OFFERS_PER_HOUR: '3' }));
    const nodeLimited = checkedApp(createApp({ db: database, version: pkg.version, origins: [SITE], limits: { offersPerHour: 3 } }));
    const clientAddress = '203.0.113.77';
    await submitted(await postJson(limited, '/offers', goodsOffer(), { clientAddress }));
    await submitted(await postJson(nodeLimited, '/offers', goodsOffer(), { clientAddress }));
    await submitted(await postJson(limited, '/offers', goodsOffer(), { clientAddress }));
    const refused = await postJson(limited, '/offers', { ...goodsOffer(), locale: 'ja' }, { clientAddress });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as ErrorBody).error).toMatchObject({ code: 'rate_limited' });
    // Another address is not held back.
    await submitted(await postJson(limited, '/offers', goodsOffer(), { clientAddress: '203.0.113.78' }));
  });
});

describe('totals through the edge function', () => {
  test('are those Node computes, with the same ETag, and If-None-Match answers 304', async () => {
    const reference = await submitted(await postJson(edge, '/offers', goodsOffer()));
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`update offers set status = 'received' where reference = ${reference}`);
      await tx.execute(
        sql`insert into offer_events (offer_id, status, from_status, visible_to_donor) select id, 'received', 'in_transit', false from offers where reference = ${reference}`,
      );
      await tx.execute(
        sql`update offer_goods set received_quantity = quantity where offer_id = (select id from offers where reference = ${reference})`,
      );
      await bumpTotalsVersion(tx);
    });
    // A fresh isolate, as a new region or a new instance would start: nothing in memory yet.
    const fresh = await checkedEdge(envFor());
    const [fromEdge, fromNode] = await Promise.all([fresh.request('/api/totals'), node.request('/api/totals')]);
    expect(fromEdge.status).toBe(200);
    const body = (await fromEdge.json()) as { goods: { item: string; quantity: number }[] };
    expect(body).toEqual(await fromNode.json());
    expect(body.goods.find((g) => g.item === 'surgical_mask')?.quantity).toBeGreaterThanOrEqual(150_000);
    const etag = fromEdge.headers.get('etag') ?? '';
    expect(etag).toBe(fromNode.headers.get('etag'));
    const again = await fresh.request('/api/totals', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });
});

describe('when the database is away', () => {
  test('health says degraded and offers get a 503 in the reader’s language; nothing is stored; it recovers', async () => {
    const before = await rows();
    bridge.pause();
    try {
      const health = await edge.request('/api/health');
      expect(health.status).toBe(503);
      expect(health.headers.get('retry-after')).toBeTruthy();
      expect(await health.json()).toMatchObject({ status: 'degraded', db: { kind: 'postgres', status: 'unavailable' } });
      const offer = await postJson(edge, '/offers', goodsOffer(), { headers: { 'Accept-Language': 'es' } });
      expect(offer.status).toBe(503);
      expect(offer.headers.get('retry-after')).toBeTruthy();
      expect(((await offer.json()) as ErrorBody).error).toMatchObject({
        code: 'unavailable',
        message: errorsIn('es')['error.unavailable'],
      });
    } finally {
      bridge.resume();
    }
    expect(await rows()).toEqual(before);
    expect((await edge.request('/api/health')).status).toBe(200);
  });

  test('cut in the middle of 40 offers: none answered 201 is lost, none is half-stored, and retries with their keys store each once', async () => {
    const logged: string[] = [];
    const error = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => logged.push(args.map(String).join(' ')));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const before = await rows();
      const keys = Array.from({ length: 40 }, () => crypto.randomUUID());
      const send = (i: number) =>
        Promise.resolve(
          postJson(edge, '/offers', goodsOffer(), {
            clientAddress: `192.0.2.${i + 1}`,
            headers: { 'Idempotency-Key': keys[i] as string },
          }),
        );
      const sent = keys.map((_, i) => send(i));
      // Cut as soon as the first offers are answered, while the rest are under way.
      let answered = 0;
      await new Promise<void>((resolve) => {
        for (const s of sent) void s.then(() => ++answered === 3 && resolve());
      });
      bridge.pause();
      let statuses: number[];
      try {
        statuses = (await Promise.all(sent)).map((a) => a.status);
      } finally {
        bridge.resume();
      }
      expect(
        statuses.every((s) => s === 201 || s === 503),
        statuses.join(' '),
      ).toBe(true);
      expect(statuses).toContain(201);
      expect(statuses).toContain(503);
      // A 503 may come for an offer whose commit reached the database but whose answer did
      // not come back: stored, not answered. Never the other way, and never half of one.
      const created = statuses.filter((s) => s === 201).length;
      const cut = await rows();
      expect(cut.offers - before.offers).toBeGreaterThanOrEqual(created);
      expect(cut.offers - before.offers).toBeLessThanOrEqual(40);
      expect(cut.contacts - before.contacts).toBe(cut.offers - before.offers);
      expect(cut.goods - before.goods).toBe((cut.offers - before.offers) * 3);
      // The donor's page sends again with the same key: each offer ends up stored exactly once.
      const retried = await Promise.all(statuses.map((s, i) => (s === 503 ? send(i).then((r) => r.status) : s)));
      expect(retried.every((s) => s === 201)).toBe(true);
      expect((await rows()).offers - before.offers).toBe(40);
    } finally {
      error.mockRestore();
      warn.mockRestore();
    }
    // What reached the log is the lost connections, never a bug (500) or an offer's contents.
    for (const line of logged) expect(line).toMatch(/^\[db\] connection lost/);
    expect(logged.join('\n')).not.toMatch(/Lin Haining|lin@example\.org/);
  });

  test('a deployment without DATABASE_URL answers 500 and says why in its log only', async () => {
    expectConsoleError(2);
    const unconfigured = await startEdgeApi({}).catch((err: unknown) => err);
    // The first request (the start-up's own) already met the missing configuration.
    expect(unconfigured).toMatchObject({ coldStartMs: expect.any(Number) });
    const res = await (unconfigured as EdgeApi).request('/api/health');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'internal', message: 'Internal error' } });
  });
});
