import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bumpTotalsVersion } from '../../functions/db/totals-version';
import { createTotalsCache, createTotalsMemory, TOTALS_RECHECK_MS, type TotalsCache } from '../../functions/totals-cache';
import { testApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { goodsOffer, postJson } from '../helpers/offers';

// The public totals are kept in memory (functions/totals-cache.ts): computed again only
// when their version moves, and a change made by another instance shows within the
// recheck window. Two apps on one database stand for two instances; their clocks are
// injected, so the window is crossed without waiting.

let database: TestDatabase;
let clock = Date.now();
const now = () => clock;
let totalsA: TotalsCache;
let a: ReturnType<typeof testApp>;
let b: ReturnType<typeof testApp>;

beforeAll(async () => {
  database = await createTestDatabase();
  totalsA = createTotalsCache(database.db, { now });
  a = testApp(database, { limits: { offersPerHour: 10_000 }, totals: totalsA });
  b = testApp(database, { limits: { offersPerHour: 10_000 }, totals: createTotalsCache(database.db, { now }) });
});
afterAll(() => database.destroy());

async function masksOf(app: ReturnType<typeof testApp>): Promise<number> {
  const res = await app.request('/api/totals');
  expect(res.status).toBe(200);
  const body = (await res.json()) as { goods: { item: string; quantity: number }[] };
  return body.goods.find((g) => g.item === 'surgical_mask')?.quantity ?? 0;
}

/** An offer that arrived, written straight into the database as another instance would. */
async function arrivedOffer(): Promise<string> {
  const res = await postJson(a, '/offers', goodsOffer());
  const { reference } = (await res.json()) as { reference: string };
  await database.db.execute(sql`update offers set status = 'received' where reference = ${reference}`);
  await database.db.execute(
    sql`insert into offer_events (offer_id, status, from_status, visible_to_donor) select id, 'received', 'in_transit', false from offers where reference = ${reference}`,
  );
  await database.db.execute(
    sql`update offer_goods set received_quantity = quantity where offer_id = (select id from offers where reference = ${reference})`,
  );
  return reference;
}

describe('the public totals in memory', () => {
  test('are answered from memory: a change that does not raise the version is not seen, even after the window', async () => {
    expect(await masksOf(a)).toBe(0);
    expect(await masksOf(b)).toBe(0);
    await arrivedOffer();
    clock += TOTALS_RECHECK_MS + 1;
    expect(await masksOf(a)).toBe(0);
    expect(await masksOf(b)).toBe(0);
  });

  test('another instance’s change is seen within the recheck window, not before it is over', async () => {
    await bumpTotalsVersion(database.db);
    clock += TOTALS_RECHECK_MS - 1;
    expect(await masksOf(a)).toBe(0);
    expect(await masksOf(b)).toBe(0);
    clock += 2;
    expect(await masksOf(a)).toBe(150_000);
    expect(await masksOf(b)).toBe(150_000);
  });

  test('this instance’s own change is seen at once', async () => {
    await arrivedOffer();
    await bumpTotalsVersion(database.db);
    expect(await masksOf(a)).toBe(150_000);
    totalsA.changed();
    expect(await masksOf(a)).toBe(300_000);
  });

  test('If-None-Match gets 304 while nothing changed, and both instances give equal bodies the same ETag', async () => {
    clock += TOTALS_RECHECK_MS + 1;
    const first = await a.request('/api/totals');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{24}"$/);
    expect((await b.request('/api/totals')).headers.get('etag')).toBe(etag);
    const again = await a.request('/api/totals', { headers: { 'If-None-Match': `W/${etag}, "other"` } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await a.request('/api/totals', { headers: { 'If-None-Match': '"other"' } })).status).toBe(200);
  });

  test('a burst of reads after the window all get the new totals (one check serves them)', async () => {
    await arrivedOffer();
    await bumpTotalsVersion(database.db);
    clock += TOTALS_RECHECK_MS + 1;
    const answers = await Promise.all(Array.from({ length: 20 }, () => masksOf(a)));
    expect(new Set(answers)).toEqual(new Set([450_000]));
  });
});

describe('one memory over each request’s database handle (the edge function’s way)', () => {
  test('a later request is answered from what an earlier one computed, and a change through either is seen by both', async () => {
    const memory = createTotalsMemory({ now });
    // Two handles, as two requests in one edge isolate each open their own connection.
    const first = testApp(database, { limits: { offersPerHour: 10_000 }, totals: memory.over(database.db) });
    const second = testApp(database, { limits: { offersPerHour: 10_000 }, totals: memory.over(database.db) });
    const before = await masksOf(first);
    await arrivedOffer();
    await bumpTotalsVersion(database.db);
    // Within the window the second request gets the first one's totals: one memory.
    expect(await masksOf(second)).toBe(before);
    memory.over(database.db).changed();
    expect(await masksOf(second)).toBe(before + 150_000);
    expect(await masksOf(first)).toBe(before + 150_000);
  });
});
