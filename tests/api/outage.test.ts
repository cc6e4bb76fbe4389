import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { mixedOffer, postJson } from '../helpers/offers';

// A database that stops answering, in-process: the JSON answers. The real server on a
// PostgreSQL that is stopped and started is tests/e2e/outage.test.ts.

let database: TestDatabase;
let app: ReturnType<typeof testApp>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = testApp(database);
  await database.close();
});
afterAll(() => database.destroy().catch(() => {}));

const errorsIn = (lng: string) => JSON.parse(readFileSync(path.resolve('locales', lng, 'errors.json'), 'utf8')) as Record<string, string>;

describe('when the database does not answer', () => {
  test('an offer is a 503 with Retry-After in the donor’s language, not a 500 (its rate limit asks the database first)', async () => {
    const res = await postJson(app, '/offers', mixedOffer(), { headers: { 'Accept-Language': 'es-AR' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    const { error } = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(error).toMatchObject({ code: 'unavailable', message: errorsIn('es')['error.unavailable'], requestId: expect.any(String) });
  });

  test('a lookup and the totals are 503 too', async () => {
    const lookup = await postJson(app, '/offers/lookup', { reference: 'TX-AAAA-AAAA', email: 'a@example.org' });
    expect(lookup.status).toBe(503);
    expect((await app.request('/api/totals')).status).toBe(503);
  });

  test('health says degraded', async () => {
    const res = await app.request('/api/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'degraded', db: { status: 'unavailable' } });
  });
});
